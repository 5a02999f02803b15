"""Guessable passwords are refused over HTTP (user_svc on the real MongoDB-wire server): a 422 whose field message
is zxcvbn's feedback, at sign-up and at a password change."""

from collections.abc import Callable
from typing import Any

import pytest

from peerprep_testing import STRONG_PASSWORD as PASSWORD
from peerprep_testing import running
from user_svc.app import create_app
from user_svc.domain.strength import TOO_GUESSABLE
from user_svc.settings import UserSettings

pytestmark = pytest.mark.integration

CHEAP_ARGON2 = {"password_time_cost": 1, "password_memory_kib": 1024, "password_parallelism": 1}


async def test_password123_is_refused_at_sign_up_and_at_a_change_with_zxcvbns_advice(
    settings_for: Callable[..., Any],
) -> None:
    async with running(create_app(settings_for(UserSettings, **CHEAP_ARGON2))) as client:
        body = {"email": "ada@example.com", "username": "ada_l", "display_name": "Ada Lovelace"}
        refused = await client.post("/api/users/auth/signup", json=body | {"password": "password123"})
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert error["code"] == "invalid_input"
        assert error["details"]["fields"] == {
            "password": "This password is too easy to guess. This is a very common password. "
            "Add another word or two. Uncommon words are better."
        }
        personal = await client.post("/api/users/auth/signup", json=body | {"password": "adalovelace1815"})
        assert personal.json()["error"]["details"]["fields"]["password"].startswith(TOO_GUESSABLE)  # her own name

        signed_up = await client.post("/api/users/auth/signup", json=body | {"password": PASSWORD})
        assert signed_up.status_code == 201, signed_up.text
        bearer = {"Authorization": f"Bearer {signed_up.json()['access_token']}"}
        change = {"current_password": PASSWORD, "new_password": "qwertyuiop1"}
        weak = await client.post("/api/users/me/password", json=change, headers=bearer)
        assert weak.status_code == 422, weak.text
        assert weak.json()["error"]["details"]["fields"]["new_password"].startswith(TOO_GUESSABLE)
        change["new_password"] = "a brand new passphrase"
        assert (await client.post("/api/users/me/password", json=change, headers=bearer)).status_code == 200
