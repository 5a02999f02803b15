"""Access-token signing keys: user_svc publishes each public key so every verifier can check tokens offline.

Keyed by ``kid`` on a compacted topic: the latest record of each key is kept, so a verifier that reads the topic
from the start knows every key that may still sign a valid token.
"""

import re
from typing import Any, ClassVar

from pydantic import AwareDatetime, Field, field_validator

from contracts.envelope import Payload

_ED25519_POINT = re.compile(r"[A-Za-z0-9_-]{43}")  # 32 bytes, base64url without padding (RFC 8037)


class AuthKeyPublished(Payload):
    """A public signing key (a JWK). ``retired``: no longer signs; tokens it signed stay valid until they expire."""

    EVENT_TYPE: ClassVar[str] = "auth.keys"

    kid: str = Field(min_length=1, max_length=64)
    public_jwk: dict[str, Any] = Field(description="RFC 7517 JWK of the public key (OKP/Ed25519), with kid and alg")
    created_at: AwareDatetime
    retired: bool = False
    expires_at: AwareDatetime | None = Field(
        default=None, description="after this, verifiers forget the key (set when retired: its last token's expiry)"
    )

    @field_validator("public_jwk")
    @classmethod
    def _public_ed25519(cls, jwk: dict[str, Any]) -> dict[str, Any]:
        """Only a public Ed25519 key: a private part, another curve or a malformed point is the record's fault."""
        x = jwk.get("x")
        if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or "d" in jwk:
            raise ValueError("not a public Ed25519 JWK")
        if not isinstance(x, str) or not _ED25519_POINT.fullmatch(x):
            raise ValueError("x is not a base64url Ed25519 public key")
        return jwk

    def key(self) -> str:
        return self.kid


class AccessRevoked(Payload):
    """Access tokens of ``user_id`` issued before ``not_before`` are no longer valid (roles changed, account deleted).

    Keyed by user id on a compacted topic that every verifier reads from the start, as it reads the keys: so a
    revoked admin's token is refused at once everywhere, not when it expires. (Access tokens carry ``iat`` to the
    millisecond, so a token refreshed right after the change is told from one issued just before it.)
    """

    EVENT_TYPE: ClassVar[str] = "auth.revoked"

    user_id: str = Field(min_length=1, max_length=64)
    not_before: AwareDatetime
    reason: str = Field(default="", max_length=64, description="roles_changed, account_deleted, ...")

    def key(self) -> str:
        return self.user_id
