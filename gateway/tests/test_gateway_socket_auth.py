"""One socket's authentication timeline, without a server: the first token's deadline, renewal, expiry, grace."""

from datetime import UTC, datetime, timedelta

import pytest

from contracts.ws import Error, Ready
from gateway.realtime.auth import SocketAuth
from peerprep_testing import TokenMint
from svc_kit.auth import KeySet
from svc_kit.errors import Unauthenticated


@pytest.fixture
def opened() -> datetime:
    """When the socket opened: now, per test (tokens minted at this time must still be valid when verified)."""
    return datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def mint() -> TokenMint:
    return TokenMint()


def socket_auth(mint: TokenMint, opened: datetime) -> SocketAuth:
    keyset = KeySet(key_wait_s=0.01)
    keyset.add(mint.published())
    return SocketAuth(keyset, connection_id="c1", heartbeat_s=15, auth_timeout_s=5, grace_s=10, opened_at=opened)


async def test_no_token_by_the_deadline_closes(mint: TokenMint, opened: datetime) -> None:
    auth = socket_auth(mint, opened)
    assert auth.next_deadline() == opened + timedelta(seconds=5)
    assert auth.on_deadline(opened + timedelta(seconds=4)) is None  # woken early: nothing to do
    with pytest.raises(Unauthenticated):
        auth.on_deadline(opened + timedelta(seconds=5))


async def test_a_first_bad_token_closes_a_later_one_is_only_refused(mint: TokenMint, opened: datetime) -> None:
    auth = socket_auth(mint, opened)
    with pytest.raises(Unauthenticated):
        await auth.on_auth("nonsense")
    ready = await auth.on_auth(mint.token("ada"))
    assert isinstance(ready, Ready)
    assert (ready.user_id, ready.connection_id, ready.heartbeat_s) == ("ada", "c1", 15)
    refused = await auth.on_auth("nonsense")
    assert isinstance(refused, Error)
    assert refused.code == "unauthenticated"
    other = await auth.on_auth(mint.token("alan"))
    assert isinstance(other, Error)
    assert other.code == "forbidden"
    assert auth.principal is not None
    assert auth.principal.user_id == "ada"


async def test_expiry_warns_then_closes_after_the_grace_unless_renewed(mint: TokenMint, opened: datetime) -> None:
    auth = socket_auth(mint, opened)
    ready = await auth.on_auth(mint.token("ada", ttl_s=60, issued_at=opened))
    assert isinstance(ready, Ready)
    expires = opened + timedelta(seconds=60)
    assert ready.expires_at == expires == auth.next_deadline()
    warning = auth.on_deadline(expires)
    assert isinstance(warning, Error)
    assert warning.code == "token_expired"
    assert auth.next_deadline() == expires + timedelta(seconds=10)

    renewed = await auth.on_auth(mint.token("ada", ttl_s=900))  # within the grace: kept
    assert isinstance(renewed, Ready)
    assert renewed.expires_at > expires
    assert not auth.warned
    assert auth.on_deadline(expires + timedelta(seconds=10)) is None

    auth.on_deadline(renewed.expires_at)
    with pytest.raises(Unauthenticated):
        auth.on_deadline(renewed.expires_at + timedelta(seconds=10))
