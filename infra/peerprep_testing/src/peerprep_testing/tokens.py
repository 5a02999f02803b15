"""Access tokens for tests, signed the way user_svc signs them but with a key of the harness's own.

A verifier (``svc_kit.auth.KeySet``) trusts whatever key arrives on ``auth.keys``; ``publish_key`` puts this one
there, so tests of the gateway, the kit and the other services need no user_svc. What a token must look like is
the contract of ``svc_kit.auth``: an EdDSA JWT with ``kid`` in its header and ``sub``, ``iat``, ``exp``, ``iss``,
``aud`` (``iat`` to the millisecond, as revocations compare it), ``name`` and ``roles``.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contracts import Envelope, uuid7
from contracts.events.auth import AuthKeyPublished
from peerprep_testing.kafka import publish
from peerprep_testing.servers import Servers
from svc_kit.auth import ALGORITHM, AUDIENCE, ISSUER


class TokenMint:
    """Signs access tokens with a new Ed25519 key of its own; ``publish_key`` puts its public half on ``auth.keys``."""

    def __init__(self) -> None:
        self._private = Ed25519PrivateKey.generate()
        raw = self._private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.kid = f"test-{uuid7().hex}"
        self.public_jwk = {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode(),
            "kid": self.kid,
            "alg": ALGORITHM,
            "use": "sig",
        }
        self.created_at = datetime.now(UTC)

    def published(self) -> AuthKeyPublished:
        """The key as ``auth.keys`` carries it (for a ``KeySet`` fed directly)."""
        return AuthKeyPublished(kid=self.kid, public_jwk=self.public_jwk, created_at=self.created_at)

    async def publish_key(self, servers: Servers, prefix: str) -> None:
        await publish(servers, prefix, Envelope.wrap(self.published(), producer="user_svc"))

    def token(
        self,
        user_id: str,
        *,
        roles: tuple[str, ...] = ("user",),
        name: str | None = None,
        ttl_s: int = 900,
        issued_at: datetime | None = None,
    ) -> str:
        now = issued_at or datetime.now(UTC)
        claims = {
            "sub": user_id,
            "name": name or f"user {user_id}",
            "roles": list(roles),
            "iat": round(now.timestamp(), 3),
            "exp": int(now.timestamp()) + ttl_s,
            "iss": ISSUER,
            "aud": AUDIENCE,
        }
        return jwt.encode(claims, self._private, algorithm=ALGORITHM, headers={"kid": self.kid})
