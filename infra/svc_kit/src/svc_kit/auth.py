"""Verifying PeerPrep access tokens with public keys only, in any service.

user_svc signs access tokens (EdDSA JWTs, header ``kid``) and publishes every public key on the compacted topic
``auth.keys``. A verifier keeps a ``KeySet`` fed by a consumer of that topic with no consumer group, reading from
the start, so every instance sees every key and picks up a rotation without a restart. Revocations come the same
way, on ``auth.revoked`` (a user's roles changed, the account was deleted): a token issued before its user's
revocation is refused at once by every service, not when it expires. Verification itself never does I/O; only a
token whose key has not arrived yet waits (briefly) for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import jwt
from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from contracts import Envelope
from contracts.events.auth import AccessRevoked, AuthKeyPublished
from svc_kit.errors import Forbidden, Unauthenticated
from svc_kit.logging import get_logger
from svc_kit.runtime import ServiceContext

ISSUER = "peerprep-user-svc"
AUDIENCE = "peerprep"
ALGORITHM = "EdDSA"
_REQUIRED_CLAIMS = ["sub", "iat", "exp", "iss", "aud"]
# What PyJWT (and the JSON it parses) may raise for a token nobody signed: the whole family, since e.g. a header's
# `"kid": 5` is an InvalidTokenError, not a DecodeError, and once answered 500 on every route.
_MALFORMED = (jwt.PyJWTError, ValueError, TypeError, RecursionError)
_REVOCATION_MEMORY_S = 24 * 3600  # longer than any access token lives: an older revocation voids nothing


@dataclass(frozen=True)
class Principal:
    """Who a valid access token speaks for."""

    user_id: str
    name: str
    roles: frozenset[str]
    expires_at: datetime | None = field(default=None, compare=False)  # the token's ``exp``: when, not who

    def has_role(self, role: str) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class PublicKey:
    kid: str
    key: jwt.PyJWK
    jwk: dict[str, Any]
    retired: bool
    expires_at: datetime | None

    def usable_at(self, now: datetime) -> bool:
        return self.expires_at is None or now < self.expires_at


class KeySet:
    """The public keys that may sign a valid token, by ``kid``. Fed by ``auth.keys`` (or directly by user_svc)."""

    def __init__(
        self, *, issuer: str = ISSUER, audience: str = AUDIENCE, leeway_s: float = 5.0, key_wait_s: float = 2.0
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.leeway_s = leeway_s
        self.key_wait_s = key_wait_s
        self._keys: dict[str, PublicKey] = {}
        self._changed = asyncio.Event()
        self._revoked: dict[str, float] = {}  # user id -> tokens issued before this (epoch seconds) are void

    def revoke(self, revoked: AccessRevoked) -> None:
        """Void the user's tokens issued before ``not_before`` (a later revocation only moves it forward)."""
        horizon = datetime.now(UTC).timestamp() - _REVOCATION_MEMORY_S
        self._revoked = {user: t for user, t in self._revoked.items() if t >= horizon}
        not_before = revoked.not_before.timestamp()
        if not_before >= horizon:
            self._revoked[revoked.user_id] = max(not_before, self._revoked.get(revoked.user_id, 0))

    def revoked_before(self, user_id: str) -> float | None:
        return self._revoked.get(user_id)

    def add(self, published: AuthKeyPublished) -> None:
        """Learn a key, or its newer state (retired, expiring); the payload holds only a public Ed25519 JWK."""
        jwk = dict(published.public_jwk)
        key = jwt.PyJWK({**jwk, "kid": published.kid}, algorithm=ALGORITHM)
        now = datetime.now(UTC)
        self._keys = {kid: known for kid, known in self._keys.items() if known.usable_at(now)}  # forget expired
        self._keys[published.kid] = PublicKey(
            kid=published.kid, key=key, jwk=jwk, retired=published.retired, expires_at=published.expires_at
        )
        self._changed.set()
        self._changed = asyncio.Event()

    def get(self, kid: str, *, now: datetime | None = None) -> PublicKey | None:
        found = self._keys.get(kid)
        return found if found is not None and found.usable_at(now or datetime.now(UTC)) else None

    @property
    def kids(self) -> list[str]:
        now = datetime.now(UTC)
        return [kid for kid, key in self._keys.items() if key.usable_at(now)]

    def jwks(self) -> dict[str, list[dict[str, Any]]]:
        """The usable keys as an RFC 7517 JWK Set."""
        now = datetime.now(UTC)
        return {"keys": [k.jwk for k in self._keys.values() if k.usable_at(now)]}

    async def wait_for(self, kid: str, timeout_s: float) -> bool:
        """Wait until ``kid`` is known (a token can reach a verifier just before its new key does)."""
        try:
            async with asyncio.timeout(timeout_s):
                while self.get(kid) is None:
                    await self._changed.wait()
        except TimeoutError:
            return False
        return True


def _unauthenticated(message: str, reason: str) -> Unauthenticated:
    return Unauthenticated(message, reason=reason)


def token_kid(token: str) -> str:
    """The ``kid`` of a token's header, read without verifying anything."""
    try:
        header = jwt.get_unverified_header(token)
    except _MALFORMED:
        raise _unauthenticated("The access token is malformed.", "malformed") from None
    kid = header.get("kid")
    if header.get("alg") != ALGORITHM or not isinstance(kid, str) or not kid:
        raise _unauthenticated("The access token is malformed.", "malformed")
    return kid


def verify_access_token(token: str, keyset: KeySet) -> Principal:
    """The principal of a valid token; ``Unauthenticated`` saying why otherwise."""
    kid = token_kid(token)
    public = keyset.get(kid)
    if public is None:
        raise _unauthenticated("The access token was signed by an unknown key; sign in again.", "unknown_key")
    try:
        claims = jwt.decode(
            token,
            public.key,
            algorithms=[ALGORITHM],
            audience=keyset.audience,
            issuer=keyset.issuer,
            leeway=keyset.leeway_s,
            options={"require": _REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError:
        raise _unauthenticated("The access token has expired; refresh it.", "expired") from None
    except jwt.InvalidSignatureError:
        raise _unauthenticated("The access token's signature is not valid.", "bad_signature") from None
    except (jwt.InvalidAudienceError, jwt.InvalidIssuerError):
        raise _unauthenticated("The access token was not issued for PeerPrep.", "wrong_issuer") from None
    except _MALFORMED:
        raise _unauthenticated("The access token is malformed.", "malformed") from None
    principal = _principal(claims)
    void_before = keyset.revoked_before(principal.user_id)
    issued = claims.get("iat")
    if void_before is not None and (not isinstance(issued, int | float) or issued < void_before):
        raise _unauthenticated("The access token was revoked; refresh it or sign in again.", "revoked")
    return principal


def _principal(claims: dict[str, Any]) -> Principal:
    sub, name, roles = claims.get("sub"), claims.get("name", ""), claims.get("roles", [])
    if not isinstance(sub, str) or not sub or not isinstance(name, str):
        raise _unauthenticated("The access token is malformed.", "malformed")
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise _unauthenticated("The access token is malformed.", "malformed")
    exp = claims.get("exp")
    expires_at = datetime.fromtimestamp(exp, UTC) if isinstance(exp, int | float) else None
    return Principal(user_id=sub, name=name, roles=frozenset(roles), expires_at=expires_at)


async def authenticate(token: str, keyset: KeySet) -> Principal:
    """``verify_access_token``, first giving a key that is not known yet a moment to arrive."""
    kid = token_kid(token)
    if keyset.get(kid) is None:
        await keyset.wait_for(kid, keyset.key_wait_s)
    return verify_access_token(token, keyset)


PrincipalDependency = Callable[..., Awaitable[Principal]]

_bearer = HTTPBearer(
    auto_error=False, scheme_name="accessToken", description="`Authorization: Bearer <access_token>` from user_svc"
)


def current_principal(keyset: KeySet) -> PrincipalDependency:
    """A FastAPI dependency: the request's principal, from its ``Authorization: Bearer`` access token."""

    async def principal(credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> Principal:  # noqa: B008
        if credentials is None:
            raise _unauthenticated("Sign in to continue.", "missing_token")
        return await authenticate(credentials.credentials, keyset)

    return principal


def require_role(role: str, current: PrincipalDependency) -> PrincipalDependency:
    """A FastAPI dependency: the principal of ``current``, who must hold ``role`` (403 otherwise)."""

    async def principal_with_role(principal: Principal = Depends(current)) -> Principal:  # noqa: B008
        if not principal.has_role(role):
            raise Forbidden(f"This needs the {role} role.", required_role=role)
        return principal

    return principal_with_role


def register_key_consumer(ctx: ServiceContext, keyset: KeySet) -> None:
    """Feed ``keyset`` from ``auth.keys`` and ``auth.revoked``: tables in memory from compacted topics, read whole by
    every instance from the start at every start (``EventBus.subscribe_broadcast``), ready before /readyz is."""
    log = get_logger("svc_kit.auth", service=ctx.settings.SERVICE)

    async def learn_key(event: Envelope[AuthKeyPublished]) -> None:
        keyset.add(event.payload)
        log.info("auth.key_learned", kid=event.payload.kid, retired=event.payload.retired)

    async def learn_revocation(event: Envelope[AccessRevoked]) -> None:
        keyset.revoke(event.payload)
        log.info("auth.revocation_learned", user_id=event.payload.user_id, reason=event.payload.reason)

    ctx.bus.subscribe_broadcast(AuthKeyPublished, learn_key, name="keyset", from_beginning=True)
    ctx.bus.subscribe_broadcast(AccessRevoked, learn_revocation, name="revocations", from_beginning=True)
