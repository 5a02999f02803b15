"""The log-in throttle through a real user_svc server (uvicorn, as the launcher runs it) on the real MongoDB-wire
server: a stranger's guessing from one client never keeps the owner out on another.

The client is the address the gateway forwards in X-Forwarded-For: this test's peer is 127.0.0.1, which user_svc
trusts as its gateway (USER_TRUSTED_PROXIES), so the header says which client each request comes from.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from peerprep_testing import STRONG_PASSWORD as PASSWORD
from peerprep_testing import serving
from user_svc.app import create_app
from user_svc.repo import LoginThrottleDoc
from user_svc.settings import UserSettings

pytestmark = pytest.mark.integration

ATTACKER, OWNER, SPRAYER = "203.0.113.5", "198.51.100.7", "192.0.2.44"
CHEAP_ARGON2 = {"password_time_cost": 1, "password_memory_kib": 1024, "password_parallelism": 1}


def settings(settings_for: Callable[..., Any], **overrides: Any) -> UserSettings:
    made: UserSettings = settings_for(UserSettings, **(CHEAP_ARGON2 | overrides))
    return made


async def login(http: httpx.AsyncClient, name: str, password: str, *, client: str) -> httpx.Response:
    """A log-in as the gateway forwards it: the browser's address last in X-Forwarded-For."""
    return await http.post(
        "/api/users/auth/login", json={"login": name, "password": password}, headers={"X-Forwarded-For": client}
    )


async def signup(http: httpx.AsyncClient, name: str) -> None:
    body = {"email": f"{name}@example.com", "username": name, "password": PASSWORD}
    response = await http.post("/api/users/auth/signup", json=body)
    assert response.status_code == 201, response.text


def assert_waits(response: httpx.Response) -> int:
    """Throttled: 429 with Retry-After, never the wrong-password answer."""
    assert response.status_code == 429, response.text
    error = response.json()["error"]
    assert error["code"] == "rate_limited"
    assert error["message"].startswith("Too many failed attempts. Try again in")
    retry = int(response.headers["Retry-After"])
    assert retry == error["details"]["retry_after_s"]
    return retry


async def test_twenty_wrong_guesses_from_one_client_never_stop_the_owner_on_another(
    settings_for: Callable[..., Any],
) -> None:
    app = create_app(settings(settings_for))  # the default throttle
    async with serving(app) as url, httpx.AsyncClient(base_url=url) as http:
        await signup(http, "ada")
        answers = [(await login(http, "ada", f"guess number {n}", client=ATTACKER)) for n in range(20)]
        assert [r.status_code for r in answers[:3]] == [401, 401, 401]  # three free failures, then delays
        waits = [assert_waits(r) for r in answers[3:]]
        assert waits[0] == 1  # the first delay: the guesses came faster than it passed
        assert_waits(await login(http, "ada", PASSWORD, client=ATTACKER))  # that client waits, even if it is right

        owner = await login(http, "ada@example.com", PASSWORD, client=OWNER)
        assert owner.status_code == 200, owner.text
        assert owner.json()["user"]["username"] == "ada"

        # One document per key, by _id: the attacker's pair, each client, the account (which stays counted).
        keys = {doc.id for doc in await LoginThrottleDoc.find_all().to_list()}
        user_id = owner.json()["user"]["id"]
        assert keys == {f"pair:{ATTACKER}|{user_id}", f"client:{ATTACKER}", f"client:{OWNER}", f"account:{user_id}"}
        purged = await app.state.accounts.purge_expired(datetime.now(UTC) + timedelta(days=2))
        assert purged["login_throttle"] == 4  # expired by their timestamps, as no TTL index would
        assert await LoginThrottleDoc.find_all().count() == 0


async def test_one_client_guessing_across_accounts_meets_its_ceiling_and_nobody_else_does(
    settings_for: Callable[..., Any],
) -> None:
    app = create_app(settings(settings_for, login_failures_per_client=5))
    async with serving(app) as url, httpx.AsyncClient(base_url=url) as http:
        await signup(http, "bob")
        for n in range(5):
            assert (await login(http, f"user{n}", "wrong password", client=SPRAYER)).status_code == 401
        assert_waits(await login(http, "someone-new", "wrong password", client=SPRAYER))  # any account now
        assert_waits(await login(http, "bob", PASSWORD, client=SPRAYER))
        assert (await login(http, "bob", PASSWORD, client=OWNER)).status_code == 200


async def test_the_owner_who_mistypes_is_forgiven_by_a_success(settings_for: Callable[..., Any]) -> None:
    async with serving(create_app(settings(settings_for))) as url, httpx.AsyncClient(base_url=url) as http:
        await signup(http, "cyrus")
        for _ in range(2):
            assert (await login(http, "cyrus", "not my password", client=OWNER)).status_code == 401
        assert (await login(http, "cyrus", PASSWORD, client=OWNER)).status_code == 200
        for _ in range(3):  # three free failures again: the success wiped the count
            assert (await login(http, "cyrus", "not my password", client=OWNER)).status_code == 401
        assert_waits(await login(http, "cyrus", "not my password", client=OWNER))
