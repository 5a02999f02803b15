"""Accounts under attack: forged and expired tokens, stolen refresh tokens, password guessing."""

import asyncio
import base64
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
from accounts_helpers import PASSWORD, bearer, error_of, post_with_cookie, signup, user_settings

from peerprep_testing import running, serving
from user_svc.app import create_app
from user_svc.repo import RefreshTokenDoc
from user_svc.tokens import AccessClaims, load_private_key, new_signing_key, sign_access_token

DAY_S = 86_400  # a long throttle window, so a test never straddles two windows


async def reason_for(client: Any, token: str) -> str:
    response = await client.get("/api/users/me", headers=bearer(token))
    assert response.status_code == 401, response.text
    return str(error_of(response)["details"]["reason"])


async def test_forged_expired_and_foreign_tokens_are_refused(settings_for: Callable[..., Any]) -> None:
    app = create_app(user_settings(settings_for))
    async with running(app) as client:
        session = await signup(client, "mallory")
        header, payload, signature = session["access_token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        raised = base64.urlsafe_b64encode(json.dumps({**claims, "roles": ["user", "admin"]}).encode()).rstrip(b"=")
        assert await reason_for(client, f"{header}.{raised.decode()}.{signature}") == "bad_signature"

        kid, private_key = await app.state.keys.signer()
        who = AccessClaims(user_id=session["user"]["id"], name="mallory", roles=("user",))
        options = {"issuer": "peerprep-user-svc", "audience": "peerprep", "ttl_s": 900}
        stale = sign_access_token(
            who, kid=kid, private_key=private_key, now=datetime.now(UTC) - timedelta(minutes=16), **options
        )
        assert await reason_for(client, stale) == "expired"

        stranger = new_signing_key(datetime.now(UTC))
        assert stranger.private_pem is not None
        foreign = sign_access_token(
            who, kid=stranger.kid, private_key=load_private_key(stranger.private_pem), now=datetime.now(UTC), **options
        )
        assert await reason_for(client, foreign) == "unknown_key"
        assert await reason_for(client, jwt.encode({"sub": "x"}, "k" * 32, algorithm="HS256")) == "malformed"
        assert await reason_for(client, "garbage") == "malformed"
        missing = await client.get("/api/users/me")
        assert error_of(missing)["details"]["reason"] == "missing_token"
        assert (await client.get("/api/users/me", headers=bearer(session))).status_code == 200


async def test_refresh_rotates_and_a_reused_token_revokes_its_whole_family(settings_for: Callable[..., Any]) -> None:
    async with running(create_app(user_settings(settings_for))) as client:
        session = await signup(client, "bob")
        other = await client.post("/api/users/auth/login", json={"login": "bob", "password": PASSWORD})
        other_refresh = other.cookies["pp_refresh"]
        r0 = session["refresh"]

        first = await post_with_cookie(client, "/api/users/auth/refresh", r0)
        assert first.status_code == 200, first.text
        r1 = first.cookies["pp_refresh"]
        assert r1 != r0
        assert first.json()["user"]["id"] == session["user"]["id"]
        assert (await client.get("/api/users/me", headers=bearer(first.json()))).status_code == 200
        r2 = (await post_with_cookie(client, "/api/users/auth/refresh", r1)).cookies["pp_refresh"]

        stolen = await post_with_cookie(client, "/api/users/auth/refresh", r0)  # a copy of an old token comes back
        assert stolen.status_code == 401
        assert error_of(stolen)["details"]["reason"] == "reused"
        assert "max-age=0" in stolen.headers["set-cookie"].lower()  # the browser's cookie is cleared too
        revoked = await post_with_cookie(client, "/api/users/auth/refresh", r2)
        assert (revoked.status_code, error_of(revoked)["details"]["reason"]) == (401, "unknown")

        # Another sign-in of the same user is another family: untouched.
        assert (await post_with_cookie(client, "/api/users/auth/refresh", other_refresh)).status_code == 200

        none = await post_with_cookie(client, "/api/users/auth/refresh", None)
        assert (none.status_code, error_of(none)["details"]["reason"]) == (401, "missing_refresh")
        forged = await post_with_cookie(client, "/api/users/auth/refresh", "made-up-token")
        assert (forged.status_code, error_of(forged)["details"]["reason"]) == (401, "unknown")


async def test_an_expired_refresh_token_is_refused_and_purged(settings_for: Callable[..., Any]) -> None:
    app = create_app(user_settings(settings_for))
    async with running(app) as client:
        session = await signup(client, "carol")
        past = datetime.now(UTC) - timedelta(seconds=1)
        await RefreshTokenDoc.get_pymongo_collection().update_many({}, {"$set": {"expires_at": past}})
        expired = await post_with_cookie(client, "/api/users/auth/refresh", session["refresh"])
        assert (expired.status_code, error_of(expired)["details"]["reason"]) == (401, "expired")
        purged = await app.state.accounts.purge_expired(datetime.now(UTC))
        assert purged["refresh_tokens"] == 1
        assert await RefreshTokenDoc.find_all().count() == 0


async def login(client: Any, name: str, password: str, ip: str | None = None) -> Any:
    headers = {"X-Forwarded-For": f"{ip}, 127.0.0.1"} if ip else {}
    return await client.post("/api/users/auth/login", json={"login": name, "password": password}, headers=headers)


def assert_throttled(response: Any) -> int:
    assert response.status_code == 429, response.text
    error = error_of(response)
    assert error["code"] == "rate_limited"
    assert error["message"].startswith("Too many failed attempts. Try again in")
    retry = int(response.headers["Retry-After"])
    assert retry == error["details"]["retry_after_s"]
    assert 0 < retry <= DAY_S
    return retry


async def test_log_in_is_throttled_per_account(settings_for: Callable[..., Any]) -> None:
    settings = user_settings(settings_for, login_backoff_base_s=DAY_S, login_backoff_max_s=DAY_S)
    async with running(create_app(settings)) as client:
        await signup(client, "dave")
        erin = await signup(client, "erin")
        for _ in range(2):
            assert (await login(client, "dave", "wrong password")).status_code == 401
        assert (await login(client, "dave@example.com", PASSWORD)).status_code == 200  # success clears the count
        for _ in range(3):
            assert (await login(client, "dave", "wrong password")).status_code == 401
        assert_throttled(await login(client, "dave", PASSWORD))  # even the right password waits
        assert_throttled(await login(client, "DAVE@example.com", PASSWORD))  # however the account is named
        assert (await login(client, "erin", PASSWORD)).status_code == 200  # other accounts are not affected
        for _ in range(3):
            assert (await login(client, "ghost", "wrong password")).status_code == 401
        assert_throttled(await login(client, "ghost", "wrong password"))  # unknown accounts behave the same

        # Password-confirmed actions count against the same account: a stolen access token cannot guess on.
        for _ in range(3):
            attempt = await client.post(
                "/api/users/me/delete", json={"password": "wrong password"}, headers=bearer(erin)
            )
            assert attempt.status_code == 401
        assert_throttled(await client.post("/api/users/me/delete", json={"password": PASSWORD}, headers=bearer(erin)))
        assert_throttled(await login(client, "erin", PASSWORD))


async def test_log_in_is_throttled_per_client_address(settings_for: Callable[..., Any]) -> None:
    settings = user_settings(settings_for, login_failures_per_client=3, login_client_drain_s=DAY_S)
    async with running(create_app(settings)) as client:
        await signup(client, "frank")
        for name in ("a1", "a2", "a3"):
            assert (await login(client, name, "wrong password", ip="203.0.113.5")).status_code == 401
        assert_throttled(await login(client, "frank", PASSWORD, ip="203.0.113.5"))
        assert (await login(client, "frank", PASSWORD, ip="203.0.113.6")).status_code == 200


async def test_forwarded_for_from_an_untrusted_peer_is_ignored(settings_for: Callable[..., Any]) -> None:
    settings = user_settings(
        settings_for,
        login_failures_per_client=3,
        login_client_drain_s=DAY_S,
        trusted_proxies="10.9.9.9",
    )
    async with running(create_app(settings)) as client:  # the test client's peer is 127.0.0.1, not trusted now
        await signup(client, "grace")
        for n in range(3):
            assert (await login(client, f"b{n}", "wrong password", ip=f"198.51.100.{n}")).status_code == 401
        assert_throttled(await login(client, "grace", PASSWORD, ip="198.51.100.99"))


async def test_racing_refreshes_with_one_cookie_never_fork_a_family(settings_for: Callable[..., Any]) -> None:
    """Two refreshes with the same cookie at once: at most one wins, and afterwards no cookie of the family works.

    Through a real HTTP server against the real FerretDB, where a filtered update is not an atomic compare-and-set.
    """
    pairs, at_once = 100, 5
    async with serving(create_app(user_settings(settings_for))) as url, httpx.AsyncClient(base_url=url) as client:

        async def refresh(cookie: str) -> httpx.Response:
            return await client.post("/api/users/auth/refresh", headers={"Cookie": f"pp_refresh={cookie}"})

        async def race(n: int) -> None:
            response = await client.post(
                "/api/users/auth/signup",
                json={"email": f"racer{n}@example.com", "username": f"racer{n}", "password": PASSWORD},
            )
            assert response.status_code == 201, response.text
            cookie = response.cookies["pp_refresh"]
            answers = await asyncio.gather(refresh(cookie), refresh(cookie))
            won = [a for a in answers if a.status_code == 200]
            assert len(won) <= 1, f"pair {n}: both refreshes succeeded"
            assert all(a.status_code in (200, 401) for a in answers), [a.text for a in answers]
            for held in [cookie, *(a.cookies["pp_refresh"] for a in won)]:
                after = await refresh(held)
                assert after.status_code == 401, f"pair {n}: a cookie of the family still works: {after.text}"

        async with asyncio.timeout(240):
            for start in range(0, pairs, at_once):
                await asyncio.gather(*(race(n) for n in range(start, start + at_once)))
