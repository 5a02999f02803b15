"""Access tokens: signing with the private key, verifying with public keys only (svc_kit.auth), rotation."""

import asyncio
import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from pydantic import ValidationError

from contracts.events.auth import AuthKeyPublished
from svc_kit.auth import KeySet, Principal, authenticate, token_kid, verify_access_token
from svc_kit.errors import Unauthenticated
from user_svc.tokens import (
    AccessClaims,
    SigningKey,
    load_private_key,
    new_signing_key,
    retire,
    sign_access_token,
    thumbprint,
)

CLAIMS = AccessClaims(user_id="01USER", name="Ada Lovelace", roles=("user",))


def now() -> datetime:
    return datetime.now(UTC)


def token_for(key: SigningKey, *, at: datetime | None = None, ttl_s: int = 900, **overrides: str) -> str:
    assert key.private_pem is not None
    options = {"issuer": "peerprep-user-svc", "audience": "peerprep"} | overrides
    return sign_access_token(
        CLAIMS,
        kid=key.kid,
        private_key=load_private_key(key.private_pem),
        now=at or now(),
        ttl_s=ttl_s,
        issuer=options["issuer"],
        audience=options["audience"],
    )


def keyset_with(*keys: SigningKey) -> KeySet:
    keyset = KeySet(key_wait_s=0.05)
    for key in keys:
        keyset.add(key.published())
    return keyset


def reason(token: str, keyset: KeySet) -> str:
    with pytest.raises(Unauthenticated) as caught:
        verify_access_token(token, keyset)
    return str(caught.value.details["reason"])


def test_a_token_verifies_with_the_public_key_only() -> None:
    key = new_signing_key(now())
    token = token_for(key)
    assert verify_access_token(token, keyset_with(key)) == Principal("01USER", "Ada Lovelace", frozenset({"user"}))
    header = jwt.get_unverified_header(token)
    assert header == {"alg": "EdDSA", "kid": key.kid, "typ": "JWT"}
    claims = jwt.decode(token, options={"verify_signature": False})
    assert set(claims) == {"sub", "name", "roles", "iat", "exp", "iss", "aud"}
    assert claims["exp"] - int(claims["iat"]) == 900
    assert (claims["iss"], claims["aud"]) == ("peerprep-user-svc", "peerprep")


def test_the_public_jwk_has_no_private_part_and_its_kid_is_the_thumbprint() -> None:
    key = new_signing_key(now())
    assert set(key.public_jwk) == {"kty", "crv", "x", "kid", "alg", "use"}
    assert key.public_jwk["kty"] == "OKP"
    assert key.public_jwk["crv"] == "Ed25519"
    assert key.kid == thumbprint(key.public_jwk["x"]) == key.public_jwk["kid"]
    assert "BEGIN PRIVATE KEY" in (key.private_pem or "")
    published = key.published()
    assert "d" not in published.public_jwk
    assert not published.retired


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_tampered_payload_fails_the_signature() -> None:
    key = new_signing_key(now())
    token = token_for(key)
    header, _, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    forged = ".".join([header, _b64({**claims, "roles": ["user", "admin"]}), signature])
    assert reason(forged, keyset_with(key)) == "bad_signature"


def test_a_token_re_pointed_at_another_known_key_fails_the_signature() -> None:
    key, other = new_signing_key(now()), new_signing_key(now())
    _, payload, signature = token_for(key).split(".")
    forged = ".".join([_b64({"alg": "EdDSA", "kid": other.kid, "typ": "JWT"}), payload, signature])
    assert reason(forged, keyset_with(key, other)) == "bad_signature"


def test_an_expired_token_is_refused_as_expired() -> None:
    key = new_signing_key(now())
    token = token_for(key, at=now() - timedelta(minutes=20))
    assert reason(token, keyset_with(key)) == "expired"
    with pytest.raises(Unauthenticated, match="expired"):
        verify_access_token(token, keyset_with(key))


def test_a_token_signed_by_an_unpublished_key_is_refused() -> None:
    key, stranger = new_signing_key(now()), new_signing_key(now())
    assert reason(token_for(stranger), keyset_with(key)) == "unknown_key"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-jwt",
        "a.b.c",
        jwt.encode({"sub": "01USER"}, "", algorithm="none"),
        jwt.encode({"sub": "01USER"}, "s" * 32, algorithm="HS256", headers={"kid": "k"}),
    ],
)
def test_malformed_tokens_are_refused_as_malformed(token: str) -> None:
    assert reason(token, keyset_with(new_signing_key(now()))) == "malformed"


def test_a_token_for_another_audience_or_issuer_is_refused() -> None:
    key = new_signing_key(now())
    assert reason(token_for(key, audience="elsewhere"), keyset_with(key)) == "wrong_issuer"
    assert reason(token_for(key, issuer="someone-else"), keyset_with(key)) == "wrong_issuer"


def test_a_token_without_required_claims_is_malformed() -> None:
    key = new_signing_key(now())
    assert key.private_pem is not None
    token = jwt.encode(
        {"sub": "01USER", "iss": "peerprep-user-svc", "aud": "peerprep"},
        load_private_key(key.private_pem),
        algorithm="EdDSA",
        headers={"kid": key.kid},
    )
    assert reason(token, keyset_with(key)) == "malformed"


def test_after_rotation_both_keys_verify_until_the_retired_one_expires() -> None:
    old = new_signing_key(now() - timedelta(days=1))
    old_token = token_for(old)
    new = new_signing_key(now())
    retired = retire(old, now=now(), access_ttl_s=900, leeway_s=65)
    assert retired.private_pem is None
    assert retired.expires_at is not None
    assert retired.expires_at - retired.created_at > timedelta(days=1)
    keyset = keyset_with(new, retired)
    assert verify_access_token(old_token, keyset).user_id == "01USER"
    assert verify_access_token(token_for(new), keyset).user_id == "01USER"
    assert retired.published().retired
    assert keyset.get(old.kid, now=retired.expires_at) is None  # forgotten once its last token has expired
    assert keyset.get(new.kid, now=retired.expires_at + timedelta(days=365)) is not None
    assert set(keyset.kids) == {old.kid, new.kid}
    assert {k["kid"] for k in keyset.jwks()["keys"]} == {old.kid, new.kid}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"d": "secret"}, "not a public Ed25519 JWK"),  # a private key is never published
        ({"kty": "RSA", "n": "x", "e": "AQAB"}, "not a public Ed25519 JWK"),
        ({"crv": "X25519"}, "not a public Ed25519 JWK"),
        ({"x": "short"}, "x is not a base64url Ed25519 public key"),
        ({"x": 5}, "x is not a base64url Ed25519 public key"),
    ],
)
def test_a_published_key_is_only_ever_a_public_ed25519_jwk(change: dict[str, object], problem: str) -> None:
    """Refused when read, so a bad key record is the record's fault (dead-lettered), never a verifier's failure."""
    key = new_signing_key(now())
    with pytest.raises(ValidationError, match=problem):
        AuthKeyPublished(kid="k", public_jwk={**key.public_jwk, **change}, created_at=now())


async def test_a_verifier_waits_briefly_for_a_key_that_is_on_its_way() -> None:
    key = new_signing_key(now())
    keyset = KeySet(key_wait_s=5)
    token = token_for(key)
    waiting = asyncio.create_task(authenticate(token, keyset))
    await asyncio.sleep(0)  # let it start waiting
    assert not waiting.done()
    keyset.add(key.published())
    assert (await waiting).user_id == "01USER"
    assert token_kid(token) == key.kid


async def test_a_key_that_never_arrives_ends_the_wait_with_unknown_key() -> None:
    keyset = KeySet(key_wait_s=0.05)
    assert not await keyset.wait_for("nope", 0.05)
    with pytest.raises(Unauthenticated, match="unknown key"):
        await authenticate(token_for(new_signing_key(now())), keyset)
