"""Signing keys and tokens: Ed25519 key pairs, their public JWKs, access tokens (EdDSA JWTs), refresh tokens.

No I/O: the key store lives in repo.py; verification is svc_kit.auth's, with the public keys only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contracts.events.auth import AuthKeyPublished
from svc_kit.auth import ALGORITHM


@dataclass(frozen=True)
class SigningKey:
    """A key pair. The store keeps the private half only encrypted (``private_sealed``, see sealing.py);
    ``private_pem`` is the private half in the clear, in memory only: a new key before it is sealed, or a key
    stored before encryption at rest (sealed in place at the next start). Both are dropped once it is retired."""

    kid: str
    public_jwk: dict[str, Any]
    created_at: datetime
    private_pem: str | None = None
    private_sealed: str | None = None
    retired_at: datetime | None = None
    expires_at: datetime | None = None  # when retired: after this no token it signed can still be valid

    def published(self) -> AuthKeyPublished:
        return AuthKeyPublished(
            kid=self.kid,
            public_jwk=self.public_jwk,
            created_at=self.created_at,
            retired=self.retired_at is not None,
            expires_at=self.expires_at,
        )

    def usable_at(self, now: datetime) -> bool:
        return self.expires_at is None or now < self.expires_at


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def thumbprint(x: str) -> str:
    """RFC 7638 JWK thumbprint of an Ed25519 public key: the key's ``kid``, the same wherever it is computed."""
    canonical = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"), sort_keys=True)
    return _b64url(hashlib.sha256(canonical.encode()).digest())


def new_signing_key(now: datetime) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    x = _b64url(raw)
    kid = thumbprint(x)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": ALGORITHM, "use": "sig"}
    return SigningKey(kid=kid, public_jwk=jwk, created_at=now, private_pem=pem)


def retire(key: SigningKey, *, now: datetime, access_ttl_s: int, leeway_s: float) -> SigningKey:
    """The key no longer signs; verifiers keep it until the last token it may have signed has expired."""
    expires = now + timedelta(seconds=access_ttl_s + leeway_s)
    return SigningKey(
        kid=key.kid, public_jwk=key.public_jwk, created_at=key.created_at, retired_at=now, expires_at=expires
    )


def load_private_key(pem: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the stored signing key is not an Ed25519 key")
    return key


@dataclass(frozen=True)
class AccessClaims:
    user_id: str
    name: str
    roles: tuple[str, ...]


def sign_access_token(
    claims: AccessClaims,
    *,
    kid: str,
    private_key: Ed25519PrivateKey,
    now: datetime,
    ttl_s: int,
    issuer: str,
    audience: str,
) -> str:
    issued = int(now.timestamp())
    payload = {
        "sub": claims.user_id,
        "name": claims.name,
        "roles": list(claims.roles),
        # to the millisecond (a NumericDate may be fractional): a revocation voids the tokens issued before it,
        # and a token refreshed in the same second as a role change must be told from one issued just before it
        "iat": round(now.timestamp(), 3),
        "exp": issued + ttl_s,
        "iss": issuer,
        "aud": audience,
    }
    return jwt.encode(payload, private_key, algorithm=ALGORITHM, headers={"kid": kid})


def new_refresh_token() -> str:
    """Opaque and unguessable (256 bits); only its hash is stored."""
    return secrets.token_urlsafe(32)
