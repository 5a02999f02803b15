"""Sign-ins (SessionIssuer) against an in-memory refresh store and an injected clock: the absolute lifetime."""

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contracts.common import Language
from user_svc.domain import Account, RefreshRecord, SignInRequired, hash_refresh_token
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


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class MemoryRefreshStore:
    tokens: dict[str, RefreshRecord] = field(default_factory=dict)
    rotated: set[str] = field(default_factory=set)
    revoked: dict[str, datetime] = field(default_factory=dict)

    async def add(
        self,
        token_hash: str,
        *,
        family_id: str,
        user_id: str,
        now: datetime,
        expires_at: datetime,
        family_started_at: datetime,
    ) -> None:
        self.tokens[token_hash] = RefreshRecord(family_id, user_id, expires_at, None, family_started_at)

    async def get(self, token_hash: str) -> RefreshRecord | None:
        return self.tokens.get(token_hash)

    async def claim_rotation(self, token_hash: str, record: RefreshRecord, now: datetime) -> bool:
        if token_hash in self.rotated:
            return False
        self.rotated.add(token_hash)
        self.tokens[token_hash] = replace(record, rotated_at=now)
        return True

    async def family_revoked(self, family_id: str) -> bool:
        return family_id in self.revoked

    async def revoke_family(self, family_id: str, *, now: datetime, until: datetime) -> None:
        self.revoked.setdefault(family_id, now)
        self.tokens = {h: r for h, r in self.tokens.items() if r.family_id != family_id}

    async def revoke_user(self, user_id: str, *, now: datetime, until: datetime) -> None:
        for record in list(self.tokens.values()):
            if record.user_id == user_id:
                await self.revoke_family(record.family_id, now=now, until=until)

    async def purge(self, now: datetime) -> int:
        return 0


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
    assert store.revoked == {family: clock()}
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
