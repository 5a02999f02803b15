"""Deleting an account, and the admin role: bootstrap by the operator, then managed in the API."""

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from accounts_helpers import COOKIE, PASSWORD, bearer, error_of, post_with_cookie, refreshed, signup, user_settings

from contracts.events.auth import AccessRevoked
from contracts.events.user import UserDeleted
from peerprep_testing import EventLog, Servers, running
from user_svc.app import create_app
from user_svc.ops import OpsError, grant_admin, revoke_admin
from user_svc.repo import RefreshRotationDoc, RefreshTokenDoc, UserDoc


async def test_deleting_an_account_removes_its_data_and_publishes_user_deleted(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    async with (
        EventLog(servers, prefix, UserDeleted) as deleted,
        EventLog(servers, prefix, AccessRevoked) as revoked,
        running(create_app(user_settings(settings_for))) as client,
    ):
        session = await signup(client, "ada")
        other = await client.post("/api/users/auth/login", json={"login": "ada", "password": PASSWORD})
        user_id = session["user"]["id"]
        rotated = session["refresh"]
        session = await refreshed(client, rotated)  # a rotation is stored too
        assert await RefreshRotationDoc.find_all().count() == 1

        wrong = await client.post("/api/users/me/delete", json={"password": "not my password"}, headers=bearer(session))
        assert wrong.status_code == 401
        gone = await client.post(
            "/api/users/me/delete",
            json={"password": PASSWORD},
            headers=bearer(session) | {"X-Correlation-ID": "delete-trace"},
        )
        assert gone.status_code == 204, gone.text
        assert "max-age=0" in gone.headers["set-cookie"].lower()
        [event] = await deleted.wait_for(1)
        assert event.payload == UserDeleted(user_id=user_id)
        [void] = await revoked.wait_for(1)  # every service refuses the account's unexpired tokens at once
        assert (void.payload.user_id, void.payload.reason) == (user_id, "account_deleted")
        assert event.correlation_id == "delete-trace"
        assert event.producer == "user_svc"

        login = await client.post("/api/users/auth/login", json={"login": "ada", "password": PASSWORD})
        assert (login.status_code, error_of(login)["message"]) == (401, "Email/username or password is incorrect.")
        for refresh in (rotated, session["refresh"], other.cookies[COOKIE]):
            assert (await post_with_cookie(client, "/api/users/auth/refresh", refresh)).status_code == 401
        me = await client.get("/api/users/me", headers=bearer(session))  # the access token is still unexpired
        assert me.status_code == 401  # gone from the store, and (once auth.revoked is back) the token is void
        assert error_of(me)["details"]["reason"] in {"account_gone", "revoked"}
        assert await UserDoc.find_all().count() == 0
        assert await RefreshTokenDoc.find_all().count() == 0
        assert await RefreshRotationDoc.find_all().count() == 0
        again = await signup(client, "ada")  # the email and username are free again
        assert again["user"]["id"] != user_id


def operator(servers: Servers, prefix: str, *args: str, env: dict[str, str] | None = None) -> str:
    """`peerprep admin ARGS` in its own process, configured by the environment as an operator's shell is."""
    env = env if env is not None else os.environ | servers.env(prefix)
    command = [sys.executable, "-m", "peerprep.cli", "admin", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("peerprep: ")
    return last.removeprefix("peerprep: ")


async def test_admins_are_bootstrapped_by_the_operator_then_managed_in_the_api(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    settings = user_settings(settings_for)
    async with running(create_app(settings)) as client:
        ada, bob = await signup(client, "ada"), await signup(client, "bob")
        assert (await client.get("/api/users/admin/users")).status_code == 401
        denied = await client.get("/api/users/admin/users", headers=bearer(bob))
        assert (denied.status_code, error_of(denied)["code"]) == (403, "forbidden")

        said = operator(servers, prefix, "grant", " ADA@example.com ")
        assert said == "ada@example.com (ada) is now an admin; roles: user, admin"
        assert (await client.get("/api/users/admin/users", headers=bearer(ada))).status_code == 403  # old token
        ada = await refreshed(client, ada["refresh"])
        assert ada["user"]["roles"] == ["user", "admin"]

        listed = (await client.get("/api/users/admin/users", headers=bearer(ada))).json()
        assert (listed["total"], [u["username"] for u in listed["items"]]) == (2, ["ada", "bob"])
        found = (await client.get("/api/users/admin/users?q=BO", headers=bearer(ada))).json()
        assert [u["username"] for u in found["items"]] == ["bob"]
        page = (await client.get("/api/users/admin/users?limit=1&offset=1", headers=bearer(ada))).json()
        assert (page["total"], [u["username"] for u in page["items"]]) == (2, ["bob"])
        too_many = await client.get("/api/users/admin/users?limit=1000", headers=bearer(ada))
        assert set(error_of(too_many)["details"]["fields"]) == {"limit"}
        far = await client.get(f"/api/users/admin/users?offset={2**63}", headers=bearer(ada))  # MongoDB's int64
        assert (far.status_code, set(error_of(far)["details"]["fields"])) == (422, {"offset"})
        last = await client.get(f"/api/users/admin/users?offset={10**9}", headers=bearer(ada))
        assert (last.status_code, last.json()["items"]) == (200, [])

        bob_id, ada_id = bob["user"]["id"], ada["user"]["id"]
        granted = await client.put(f"/api/users/admin/users/{bob_id}/roles/admin", headers=bearer(ada))
        assert granted.json()["roles"] == ["user", "admin"]
        again = await client.put(f"/api/users/admin/users/{bob_id}/roles/admin", headers=bearer(ada))
        assert again.json()["roles"] == ["user", "admin"]  # idempotent
        own = await client.delete(f"/api/users/admin/users/{ada_id}/roles/admin", headers=bearer(ada))
        assert (own.status_code, error_of(own)["message"]) == (409, "You cannot remove your own admin role.")
        missing = await client.put("/api/users/admin/users/01NOSUCHUSER/roles/admin", headers=bearer(ada))
        assert (missing.status_code, error_of(missing)["code"]) == (404, "not_found")

        bob = await refreshed(client, bob["refresh"])
        revoked = await client.delete(f"/api/users/admin/users/{ada_id}/roles/admin", headers=bearer(bob))
        assert revoked.json()["roles"] == ["user"]
        # Ada's token still says admin, but it was issued before the change: refused (auth.revoked) once the event
        # is back from Kafka; until then the stored roles decide (403).
        async with asyncio.timeout(15):
            while (stale := await client.get("/api/users/admin/users", headers=bearer(ada))).status_code == 403:
                await asyncio.sleep(0.05)
        assert (stale.status_code, error_of(stale)["details"]["reason"]) == (401, "revoked")

    # In this process too, once the service is stopped (Beanie binds its documents to one client per process).
    said = await revoke_admin("bob@example.com", settings=settings)
    assert said == "bob@example.com (bob) is no longer an admin; roles: user"
    with pytest.raises(OpsError, match="sign up first"):
        await grant_admin("nobody@example.com", settings=settings)
    async with running(create_app(settings)) as client:
        bob = await refreshed(client, bob["refresh"])
        assert bob["user"]["roles"] == ["user"]


async def test_grant_reaches_the_database_on_peerprep_mongo_port(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    """Only ``PEERPREP_MONGO_PORT`` set, as for ``./peerprep up``: not whatever answers on 27017."""
    local = re.fullmatch(r"mongodb://127\.0\.0\.1:(\d+)/", servers.mongodb_url)
    if local is None:
        pytest.skip("the test servers are not a native FerretDB on a loopback port")
    settings = user_settings(settings_for)
    async with running(create_app(settings)) as client:
        await signup(client, "ada")
    urls = ("PEERPREP_MONGODB_URL", "MONGODB_URL", "USER_MONGODB_URL")
    env = {k: v for k, v in os.environ.items() if k not in urls} | servers.env(prefix)
    del env["PEERPREP_MONGODB_URL"]
    env["PEERPREP_MONGO_PORT"] = local.group(1)
    said = operator(servers, prefix, "grant", "ada@example.com", env=env)
    assert said == "ada@example.com (ada) is now an admin; roles: user, admin"
