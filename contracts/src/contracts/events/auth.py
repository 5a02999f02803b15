"""Access-token signing keys: user_svc publishes each public key so every verifier can check tokens offline.

Keyed by ``kid`` on a compacted topic: the latest record of each key is kept, so a verifier that reads the topic
from the start knows every key that may still sign a valid token.
"""

from typing import Any, ClassVar

from pydantic import AwareDatetime, Field

from contracts.envelope import Payload


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

    def key(self) -> str:
        return self.kid
