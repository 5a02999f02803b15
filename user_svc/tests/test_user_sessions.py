"""Sign-ins (SessionIssuer) against the in-memory refresh store and a set clock: the absolute lifetime, rotation
and reuse detection."""

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contracts.common import Language
from svc_kit.memory import ManualClock as Clock
from user_svc.domain import Account, SignInRequired, hash_refresh_token
from user_svc.memory import MemoryRefreshStore
from user_svc.sessions import SessionIssuer

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DAY = 86_400
ADA = Account(
    user_id="01ADA",
    email="ada@example.com",
    username="ada",
    password_hash="x",
    display_name="Ada",
    avatar_color="#6d28d9",
    avatar_url=None,
    language=Language.PYTHON,
    proficiency=None,
    timezone="UTC",
    roles=("user",),
    created_at=T0,
)


class StaticSigner:
    def __init__(self) -> None:
        self._key = Ed25519PrivateKey.generate()

    async def signer(self) -> tuple[str, Ed25519PrivateKey]:
        return "test-kid", self._key


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def store() -> MemoryRefreshStore:
    return MemoryRefreshStore()


@pytest.fixture
def sessions(store: MemoryRefreshStore, clock: Clock) -> SessionIssuer:
    return SessionIssuer(
        store,
        StaticSigner(),
        access_ttl_s=900,
        refresh_ttl_s=14 * DAY,
        lifetime_s=30 * DAY,
        issuer="peerprep-user-svc",
        audience="peerprep",
        clock=clock,
    )


async def refresh(sessions: SessionIssuer, token: str, clock: Clock) -> tuple[str, int]:
    """Redeem ``token`` now and continue its family, as the refresh endpoint does: the new token and its max age."""
    record = await sessions.redeem(token, clock())
    opened = await sessions.open(ADA, clock(), family=record)
    return opened.refresh_token, opened.refresh_max_age_s


async def test_refreshing_within_the_lifetime_succeeds_and_keeps_the_sign_ins_start(
    sessions: SessionIssuer, store: MemoryRefreshStore, clock: Clock
) -> None:
    token = (await sessions.open(ADA, clock())).refresh_token
    for _ in range(4):  # every week, for four weeks
        clock.advance(days=7)
        token, max_age = await refresh(sessions, token, clock)
        assert max_age == min(14 * DAY, int((T0 + timedelta(days=30) - clock()).total_seconds()))
    record = store.tokens[hash_refresh_token(token)]
    assert record.family_started_at == T0  # rotation passed the start on
    assert record.expires_at == T0 + timedelta(days=30)  # capped at the sign-in's end, not 14 days from now
    clock.advance(days=2, seconds=-1)  # 29 days, 23:59:59 after signing in
    await refresh(sessions, token, clock)


async def test_a_refresh_past_the_lifetime_is_refused_and_revokes_the_family(
    sessions: SessionIssuer, store: MemoryRefreshStore, clock: Clock
) -> None:
    token = (await sessions.open(ADA, clock())).refresh_token
    clock.advance(days=13)
    token, _ = await refresh(sessions, token, clock)
    clock.advance(days=13)
    token, _ = await refresh(sessions, token, clock)
    family = store.tokens[hash_refresh_token(token)].family_id
    clock.advance(days=4)  # exactly 30 days after signing in; the token itself was issued 4 days ago
    with pytest.raises(SignInRequired) as refused:
        await sessions.redeem(token, clock())
    assert refused.value.reason == "lifetime_exceeded"
    assert {f: r.at for f, r in store.revoked.items()} == {family: clock()}
    assert not any(r.family_id == family for r in store.tokens.values())


async def test_a_new_sign_in_starts_a_new_lifetime(
    sessions: SessionIssuer, store: MemoryRefreshStore, clock: Clock
) -> None:
    await sessions.open(ADA, clock())
    clock.advance(days=29)
    token = (await sessions.open(ADA, clock())).refresh_token  # signed in again
    clock.advance(days=13)
    token, _ = await refresh(sessions, token, clock)
    assert store.tokens[hash_refresh_token(token)].family_started_at == T0 + timedelta(days=29)


async def test_a_token_used_twice_revokes_its_family(
    sessions: SessionIssuer, store: MemoryRefreshStore, clock: Clock
) -> None:
    first = (await sessions.open(ADA, clock())).refresh_token
    second, _ = await refresh(sessions, first, clock)
    family = store.tokens[hash_refresh_token(second)].family_id
    clock.advance(minutes=1)
    with pytest.raises(SignInRequired) as reused:
        await sessions.redeem(first, clock())
    assert reused.value.reason == "reused"
    assert {f: r.at for f, r in store.revoked.items()} == {family: clock()}
    assert store.tokens == {}  # the successor too: whoever holds either copy must sign in again


async def test_of_two_refreshes_racing_with_one_token_neither_keeps_a_sign_in(
    sessions: SessionIssuer, store: MemoryRefreshStore, clock: Clock
) -> None:
    token = (await sessions.open(ADA, clock())).refresh_token
    winner = await sessions.redeem(token, clock())  # claims the one rotation...
    with pytest.raises(SignInRequired):
        await sessions.redeem(token, clock())  # ...the loser takes it for reuse and revokes the family
    with pytest.raises(SignInRequired) as late:
        await sessions.open(ADA, clock(), family=winner)  # the winner finishes after the revocation
    assert late.value.reason == "reused"
    assert store.tokens == {}  # its successor, written after the revocation's delete, went too


async def test_logging_out_revokes_the_presented_tokens_family_only(
    sessions: SessionIssuer, store: MemoryRefreshStore, clock: Clock
) -> None:
    here = (await sessions.open(ADA, clock())).refresh_token
    elsewhere = (await sessions.open(ADA, clock())).refresh_token
    await sessions.close(here)
    with pytest.raises(SignInRequired):
        await sessions.redeem(here, clock())
    await sessions.redeem(elsewhere, clock())
