"""Builders shared by the accounts tests: cheap password hashing, sign-up, bearer headers, cookies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from peerprep_testing import STRONG_PASSWORD
from user_svc.settings import UserSettings

PASSWORD = STRONG_PASSWORD
COOKIE = "pp_refresh"


def user_settings(settings_for: Callable[..., Any], **overrides: Any) -> UserSettings:
    """user_svc wired to the test servers, with argon2 made cheap (the production cost is tested on its own)."""
    cheap = {"password_time_cost": 1, "password_memory_kib": 1024, "password_parallelism": 1}
    settings: UserSettings = settings_for(UserSettings, **(cheap | overrides))
    return settings


async def signup(
    client: httpx.AsyncClient, name: str = "ada", *, password: str = PASSWORD, **extra: Any
) -> dict[str, Any]:
    body = {"email": f"{name}@example.com", "username": name, "password": password, **extra}
    response = await client.post("/api/users/auth/signup", json=body)
    assert response.status_code == 201, response.text
    session: dict[str, Any] = response.json()
    session["refresh"] = response.cookies[COOKIE]
    return session


def bearer(session_or_token: dict[str, Any] | str) -> dict[str, str]:
    token = session_or_token if isinstance(session_or_token, str) else session_or_token["access_token"]
    return {"Authorization": f"Bearer {token}"}


async def post_with_cookie(client: httpx.AsyncClient, path: str, refresh: str | None) -> httpx.Response:
    """POST as a browser holding exactly this refresh cookie (or none)."""
    client.cookies.clear()
    headers = {"Cookie": f"{COOKIE}={refresh}"} if refresh else {}
    response = await client.post(path, headers=headers)
    client.cookies.clear()
    return response


def error_of(response: httpx.Response) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    return error


async def refreshed(client: httpx.AsyncClient, refresh: str) -> dict[str, Any]:
    """A new session for a refresh token (as after a page load), with the rotated token under ``refresh``."""
    response = await post_with_cookie(client, "/api/users/auth/refresh", refresh)
    assert response.status_code == 200, response.text
    session: dict[str, Any] = response.json()
    session["refresh"] = response.cookies[COOKIE]
    return session
