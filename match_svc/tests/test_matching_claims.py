"""Claims on users, in the real MongoDB-wire server: one insert holds both users of a match, a user held by one
match cannot be held by another, sessions mark and release them, and stale holds expire."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from match_svc.app import create_app
from match_svc.domain import Busy
from match_svc.repo import ClaimRepo
from match_svc.settings import MatchSettings
from peerprep_testing import running

STALE_S, HOLD_S = 120.0, 3600.0


async def test_claims_hold_users_once_follow_their_session_and_expire(settings_for: Callable[..., Any]) -> None:
    async with running(create_app(settings_for(MatchSettings))):  # creates the collection
        claims = ClaimRepo(claim_stale_s=STALE_S, session_hold_s=HOLD_S)
        now = datetime.now(UTC)
        assert await claims.claim([("ada", "r1"), ("alan", "r2")], "m1", now) == {}
        assert await claims.claim([("ada", "r1"), ("alan", "r2")], "m1", now) == {}  # a retry of the same match

        held = await claims.claim([("grace", "r3"), ("alan", "r4")], "m2", now)  # alan's other tab
        assert held == {"alan": Busy(match_id="m1", session_id=None)}
        assert await claims.holder("grace", now) is None  # all or nothing: grace was let go

        await claims.session_started("m1", "s1", ["ada", "alan"])
        assert await claims.holder("ada", now) == Busy(match_id="m1", session_id="s1")
        later = now + timedelta(seconds=HOLD_S + 1)
        assert await claims.holder("ada", later) is None  # a session nobody ended holds no one for ever

        await claims.session_ended("s1", ["ada", "alan"])
        assert await claims.holder("ada", now) is None
        assert await claims.claim([("ada", "r5"), ("grace", "r3")], "m3", now) == {}

        stale = now + timedelta(seconds=STALE_S + 1)  # m3 never got a session: a new match may take its users
        assert await claims.holder("ada", stale) is None
        assert await claims.claim([("ada", "r6"), ("linus", "r7")], "m4", stale) == {}
        assert await claims.holder("ada", stale) == Busy(match_id="m4", session_id=None)


class CountedInserts:
    """The claims collection, counting the writes that reach it."""

    def __init__(self, collection: Any) -> None:
        self._collection = collection
        self.insert_many_calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._collection, name)

    async def insert_many(self, *args: Any, **kwargs: Any) -> Any:
        self.insert_many_calls += 1
        return await self._collection.insert_many(*args, **kwargs)


async def test_claims_queued_behind_a_write_go_together_and_a_user_in_two_of_them_is_held_once(
    settings_for: Callable[..., Any],
) -> None:
    async with running(create_app(settings_for(MatchSettings))):
        claims = ClaimRepo(claim_stale_s=STALE_S, session_hold_s=HOLD_S)
        counted = CountedInserts(claims._collection())
        claims._collection = lambda: counted  # type: ignore[method-assign]
        now = datetime.now(UTC)
        pairs = [[(f"u{i}a", f"r{i}a"), (f"u{i}b", f"r{i}b")] for i in range(20)]
        pairs.append([("u3a", "r-other-tab"), ("zed", "r-zed")])  # u3a's other tab, in another match at once
        results = await asyncio.gather(*(claims.claim(p, f"m{i}", now) for i, p in enumerate(pairs)))
        assert counted.insert_many_calls < len(pairs) // 2  # one write per turn of the lane, not one per match
        assert results[:20] == [{}] * 20
        assert results[20] == {"u3a": Busy(match_id="m3", session_id=None)}
        assert await claims.holder("zed", now) is None  # all or nothing: zed was let go
        assert await claims.holder("u19b", now) == Busy(match_id="m19", session_id=None)


class CountedReads(CountedInserts):
    def __init__(self, collection: Any) -> None:
        super().__init__(collection)
        self.reads = 0

    def find(self, *args: Any, **kwargs: Any) -> Any:
        self.reads += 1
        return self._collection.find(*args, **kwargs)

    async def find_one(self, *args: Any, **kwargs: Any) -> Any:
        self.reads += 1
        return await self._collection.find_one(*args, **kwargs)


async def test_session_checks_queued_behind_a_read_go_together_and_each_gets_its_own_answer(
    settings_for: Callable[..., Any],
) -> None:
    """A few queued checks are reads by _id side by side; more than 64 go as one $in (one round trip)."""
    async with running(create_app(settings_for(MatchSettings))):
        claims = ClaimRepo(claim_stale_s=STALE_S, session_hold_s=HOLD_S)
        now = datetime.now(UTC)
        assert await claims.claim([("ada", "r1"), ("alan", "r2")], "m1", now) == {}
        await claims.session_started("m1", "s1", ["ada", "alan"])
        counted = CountedReads(claims._collection())
        claims._collection = lambda: counted  # type: ignore[method-assign]
        users = ["ada", *(f"free{i}" for i in range(98)), "alan"]
        answers = await asyncio.gather(*(claims.holder(u, now) for u in users))
        assert counted.reads < len(users) // 2  # one read per turn, not one per request
        assert answers[0] == answers[-1] == Busy(match_id="m1", session_id="s1")
        assert answers[1:-1] == [None] * 98
