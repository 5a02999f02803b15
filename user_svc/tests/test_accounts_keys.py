"""Signing keys: another service verifies user_svc's tokens with only the public keys it reads from `auth.keys`,
and follows a key rotation without a restart."""

from collections.abc import Callable
from typing import Annotated, Any, ClassVar

import jwt
from accounts_helpers import PASSWORD, bearer, signup, user_settings
from fastapi import APIRouter, Depends, FastAPI
from pydantic_settings import SettingsConfigDict

from contracts import CATALOG
from contracts import headers as h
from contracts.events.auth import AuthKeyPublished
from peerprep_testing import DeadLetters, EventLog, Servers, TokenMint, raw_producer, running
from svc_kit import ServiceContext, build_app
from svc_kit.auth import KeySet, Principal, current_principal, register_key_consumer, require_role
from svc_kit.kafka_topics import ensure_topics
from svc_kit.settings import ServiceSettings
from user_svc.app import create_app
from user_svc.ops import rotate_keys


class VerifierSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VERIFIER_", extra="ignore", frozen=True)
    SERVICE: ClassVar[str] = "verifier_svc"


def verifier_app(settings: VerifierSettings) -> FastAPI:
    """A service that knows nothing of user_svc but the `auth.keys` topic, as the gateway or any service will."""
    ctx = ServiceContext.build(settings)
    keyset = KeySet(key_wait_s=10)
    register_key_consumer(ctx, keyset)
    current = current_principal(keyset)
    router = APIRouter()

    @router.get("/whoami")
    async def whoami(who: Annotated[Principal, Depends(current)]) -> dict[str, Any]:
        return {"user_id": who.user_id, "name": who.name, "roles": sorted(who.roles)}

    @router.get("/admin-only")
    async def admin_only(who: Annotated[Principal, Depends(require_role("admin", current))]) -> dict[str, str]:
        return {"user_id": who.user_id}

    app = build_app(ctx, title="verifier", description="verifies access tokens", routers=[router], uses_mongo=False)
    app.state.keyset = keyset
    return app


def kid_of(session: dict[str, Any]) -> str:
    return str(jwt.get_unverified_header(session["access_token"])["kid"])


async def test_a_second_service_verifies_tokens_from_the_topic_and_follows_a_rotation(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    settings = user_settings(settings_for)
    users_app, verifier = create_app(settings), verifier_app(settings_for(VerifierSettings))
    async with (
        EventLog(servers, prefix, AuthKeyPublished) as published,
        running(users_app) as users,
        running(verifier) as other,
    ):
        ada = await signup(users, "ada", display_name="Ada Lovelace")
        first_kid = kid_of(ada)
        who = await other.get("/whoami", headers=bearer(ada))
        assert who.status_code == 200, who.text
        assert who.json() == {"user_id": ada["user"]["id"], "name": "Ada Lovelace", "roles": ["user"]}
        assert (await other.get("/admin-only", headers=bearer(ada))).status_code == 403
        assert (await other.get("/whoami")).status_code == 401

        [record] = await published.wait_for(1)
        assert record.payload.key() == first_kid
        assert "d" not in record.payload.public_jwk  # only public keys travel
        jwks = (await users.get("/api/users/.well-known/jwks.json")).json()
        assert [k["kid"] for k in jwks["keys"]] == [first_kid]
        assert set(jwks["keys"][0]) == {"kty", "crv", "x", "kid", "alg", "use"}

        new_kid = await users_app.state.keys.rotate()  # the verifier is not restarted
        assert new_kid != first_kid
        fresh = (await users.post("/api/users/auth/login", json={"login": "ada", "password": PASSWORD})).json()
        assert kid_of(fresh) == new_kid
        assert (await other.get("/whoami", headers=bearer(fresh))).status_code == 200
        assert (await other.get("/whoami", headers=bearer(ada))).status_code == 200  # old tokens live on
        assert (await users.get("/api/users/me", headers=bearer(ada))).status_code == 200
        retired = verifier.state.keyset.get(first_kid)
        assert retired is not None
        assert retired.retired
        assert retired.expires_at is not None
        jwks = (await users.get("/api/users/.well-known/jwks.json")).json()
        assert {k["kid"] for k in jwks["keys"]} == {first_kid, new_kid}


async def test_the_signing_key_survives_a_restart_and_the_operator_can_rotate_it(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    settings = user_settings(settings_for)
    async with running(create_app(settings)) as users:
        ada = await signup(users, "ada")
    async with running(create_app(settings)) as users:
        assert (await users.get("/api/users/me", headers=bearer(ada))).status_code == 200
        again = (await users.post("/api/users/auth/login", json={"login": "ada", "password": PASSWORD})).json()
        assert kid_of(again) == kid_of(ada)

    said = await rotate_keys(settings=settings)  # as `peerprep admin rotate-keys` does, from another process
    assert said.startswith("access tokens are now signed with key ")
    new_kid = said.removeprefix("access tokens are now signed with key ").split(";")[0]
    verifier = verifier_app(settings_for(VerifierSettings))
    async with running(create_app(settings)) as users, running(verifier) as other:
        fresh = (await users.post("/api/users/auth/login", json={"login": "ada", "password": PASSWORD})).json()
        assert kid_of(fresh) == new_kid
        for session in (ada, fresh):
            assert (await other.get("/whoami", headers=bearer(session))).status_code == 200
            assert (await users.get("/api/users/me", headers=bearer(session))).status_code == 200


async def test_an_unreadable_key_record_is_dead_lettered_once_not_at_every_start(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    """`auth.keys` is read from the start at every start: once, each start dead-lettered its bad records again."""
    settings = settings_for(VerifierSettings)
    mint = TokenMint()
    await ensure_topics(servers.kafka_bootstrap, CATALOG, prefix=prefix)
    async with DeadLetters(servers, prefix) as dead:
        async with running(verifier_app(settings)):
            async with raw_producer(servers) as producer:  # a compacted topic takes keyed records only
                await producer.send_and_wait(f"{prefix}auth.keys", None, key=b"gone")  # a tombstone: not a fault
                await producer.send_and_wait(f"{prefix}auth.keys", b'{"kid": ' + b"9" * 5000 + b"}", key=b"bad")
            [letter] = await dead.wait_for(1)
        headers = {k: v.decode() for k, v in letter.headers}
        assert headers[h.DEAD_LETTER_CONSUMER] == f"{prefix}verifier_svc.keyset:broadcast"
        assert headers[h.DEAD_LETTER_REASON].startswith("malformed: not JSON")

        await mint.publish_key(servers, prefix)  # after the bad record: read means the bad one was read again
        restarted = verifier_app(settings)
        async with running(restarted) as other:
            assert await restarted.state.keyset.wait_for(mint.kid, 30)
            assert (await other.get("/whoami", headers=bearer_token(mint.token("ada")))).status_code == 200
        assert len(await dead.drain()) == 1


def bearer_token(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
