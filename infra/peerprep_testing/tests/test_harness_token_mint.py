"""The harness's TokenMint signs with a key of its own, without user_svc: what it signs is what every verifier
(svc_kit.auth) accepts once the key has arrived, as the tokens user_svc signs are."""

from datetime import UTC, datetime, timedelta

import pytest

from peerprep_testing import TokenMint
from svc_kit.auth import KeySet, verify_access_token
from svc_kit.errors import Unauthenticated


def test_a_minted_token_speaks_for_its_user_and_roles_once_the_key_is_known() -> None:
    mint, keyset = TokenMint(), KeySet()
    keyset.add(mint.published())
    issued = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=10)
    principal = verify_access_token(mint.token("root", name="Root", roles=("user", "admin"), issued_at=issued), keyset)
    assert (principal.user_id, principal.name, principal.roles) == ("root", "Root", frozenset({"user", "admin"}))
    assert principal.expires_at == issued + timedelta(seconds=900)
    assert verify_access_token(mint.token("ada"), keyset).roles == frozenset({"user"})


def test_a_token_of_an_unknown_key_or_past_its_life_is_refused() -> None:
    mint, keyset = TokenMint(), KeySet()
    keyset.add(mint.published())
    with pytest.raises(Unauthenticated):
        verify_access_token(TokenMint().token("ada"), keyset)  # never published
    with pytest.raises(Unauthenticated):
        verify_access_token(mint.token("ada", ttl_s=60, issued_at=datetime.now(UTC) - timedelta(hours=1)), keyset)
