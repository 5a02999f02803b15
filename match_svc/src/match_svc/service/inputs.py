"""The use cases: an input or the clock -> the pool's rules (domain) -> what is announced (``announcements``).

``MatchService`` holds the pools this instance owns. It is driven by one task at a time (``pools.PoolOwner``
holds the lock): live inputs, ticks, and the rebuild when partitions are assigned. What waits for MongoDB (the
session check of a request, the confirmation of a pair) runs beside it and comes back under the lock.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from contracts import Envelope, Payload
from contracts.common import Difficulty
from contracts.events.match import MatchAccepted, MatchCancelled, MatchRequested, MatchStateRequested
from match_svc.domain import (
    Decision,
    Pool,
    ProfileTable,
    Proposal,
    ProposalRecord,
    Ready,
    Request,
    Unavailable,
    rebuild,
)
from match_svc.service.announcements import Announcer
from match_svc.service.background import Background
from match_svc.service.confirmation import Confirmer
from match_svc.service.facts import Facts, Requested
from match_svc.service.ports import Claims, Publisher
from match_svc.settings import MatchSettings
from svc_kit.logging import get_logger


class MatchService:
    def __init__(
        self,
        settings: MatchSettings,
        bus: Publisher,
        profiles: ProfileTable,
        claims: Claims,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._settings = settings
        self._profiles = profiles
        self._claims = claims
        self._clock = clock
        self._pools: dict[Difficulty, Pool] = {}
        self._last_status = 0.0
        self._log = get_logger("match_svc.pools")
        self.lock = asyncio.Lock()  # one change to the pools at a time: records, ticks, rebuilds, confirmations
        self._background = Background()  # session checks and confirmations under way
        self._announcer = Announcer(bus, profiles, clock)
        self._confirmer = Confirmer(claims, self._background, clock, self._settle)

    # What this instance owns

    def pool(self, difficulty: Difficulty) -> Pool:
        pool = self._pools.get(difficulty)
        if pool is None:
            pool = self._pools[difficulty] = Pool(difficulty, ready_check_s=self._settings.ready_check_s)
        return pool

    def forget(self, difficulties: Iterable[Difficulty]) -> None:
        """Partitions taken away (a rebalance): their pools now belong to another instance."""
        for difficulty in difficulties:
            pool = self._pools.pop(difficulty, None)
            self._announcer.forget_pool(difficulty)
            if pool is not None:
                self._log.info("pool.released", difficulty=difficulty, live=pool.live_count())

    # Live inputs

    async def take(self, envelope: Envelope[Payload], offset: int) -> None:
        """One record read live from an input topic (``pools``), by the type of its payload."""
        match envelope.payload:
            case MatchRequested() as asked:
                await self._requested(Requested(asked, envelope.occurred_at, envelope.correlation_id, offset))
            case MatchCancelled() as cancel:
                await self._cancelled(cancel)
            case MatchAccepted() as accept:
                await self._accepted(accept)
            case MatchStateRequested() as ask:
                await self._state_asked(ask, envelope.correlation_id)
            case _:
                return  # not an input: the pool loop reads none

    async def requested(self, event: Envelope[MatchRequested], seq: int) -> None:
        await self._requested(Requested.of(event, seq))

    async def cancelled(self, event: Envelope[MatchCancelled]) -> None:
        await self._cancelled(event.payload)

    async def accepted(self, event: Envelope[MatchAccepted]) -> None:
        await self._accepted(event.payload)

    async def state_asked(self, event: Envelope[MatchStateRequested]) -> None:
        await self._state_asked(event.payload, event.correlation_id)

    async def _requested(self, asked: Requested) -> None:
        """Into the pool at once, replacing the user's request in any other pool this instance owns; whether the
        user is in a session is read from MongoDB beside it, off the pool's path, and withdraws it if so."""
        p = asked.payload
        pool = self.pool(p.difficulty)
        if pool.has_ended(p.request_id) or pool.live(p.request_id) is not None:
            return  # a redelivery
        self._announcer.follow(p.request_id, asked.correlation_id)
        request = self._request(asked)
        now = self._clock()
        for other in list(self._pools.values()):
            if other is not pool:  # the same pool replaces on its own (domain); another pool of this instance here
                await self._apply(other, other.replaced_elsewhere(p.user_id, request.requested_at, now))
        await self._announcer.replaced_elsewhere(asked, [d for d in Difficulty if d not in self._pools])
        await self._apply(pool, pool.request(request, now))
        self._background.spawn(self._check_session(request))

    async def _check_session(self, request: Request) -> None:
        busy = await self._claims.holder(request.user_id, _utc(self._clock()))
        if busy is None:
            return
        async with self.lock:
            pool = self._pools.get(request.difficulty)
            if pool is None:
                return  # the pool moved to another instance (which checks again)
            decisions = pool.held(request.request_id, busy, self._clock())
            await self._apply(pool, decisions)  # acknowledged with the pool loop's next batch (``flush``)

    async def _cancelled(self, p: MatchCancelled) -> None:
        pool = self.pool(p.difficulty)
        if p.replaced_at is not None:  # another pool's owner: the user's newer request is there
            decisions = pool.replaced_elsewhere(p.user_id, p.replaced_at.timestamp(), self._clock())
        else:
            decisions = pool.cancel(p.request_id, p.user_id, self._clock())
        await self._apply(pool, decisions)

    async def _accepted(self, p: MatchAccepted) -> None:
        pool = self.pool(p.difficulty)
        await self._apply(pool, pool.accept(p.match_id, p.request_id, p.user_id))

    async def _state_asked(self, ask: MatchStateRequested, correlation_id: str) -> None:
        """A tab asks where its user stands in this pool (after a reconnect or a reload): read only."""
        await self._announcer.state(self.pool(ask.difficulty), ask, correlation_id)

    # The clock

    async def tick(self, *, read_up_to: float | None = None) -> None:
        """Deadlines, ready-checks left unconcluded (MongoDB was away), and every ``status_every_s`` the pools'
        figures for those waiting (``match.figures``: one record per pool, not a push per waiting user).

        ``read_up_to``: the inputs are read only up to this time (a backlog), so deadlines are judged at it, not
        at the clock: a ready-check whose accepts were sent in time is not missed because they wait to be read."""
        now = self._clock()
        deadlines_at = now if read_up_to is None else min(now, read_up_to)
        self._confirmer.keep(p.match_id for pool in self._pools.values() for p in pool.ready_proposals())
        for pool in list(self._pools.values()):
            retries: list[Decision] = [*self._confirmer.retries(pool.ready_proposals(), now)]
            await self._apply(pool, retries + pool.tick(deadlines_at))
        if now - self._last_status >= self._settings.status_every_s:
            self._last_status = now
            for pool in list(self._pools.values()):
                await self._announcer.figures(pool)

    # A new owner

    async def restore(self, difficulty: Difficulty, facts: Facts) -> None:
        for asked in facts.requests:
            self._announcer.follow(asked.payload.request_id, asked.correlation_id, first=True)
        requests = [self._request(asked) for asked in facts.requests]
        now = self._clock()
        pool, decisions = rebuild(
            difficulty,
            ready_check_s=self._settings.ready_check_s,
            requests=requests,
            cancels=[
                (c.request_id, c.user_id, None if c.replaced_at is None else c.replaced_at.timestamp())
                for c in facts.cancels
            ],
            accepts=[(a.match_id, a.request_id, a.user_id) for a in facts.accepts],
            proposals=[ProposalRecord(p.match_id, p.request_ids, p.deadline.timestamp()) for p in facts.proposals],
            ended=facts.ended,
            now=now,
        )
        self._pools[difficulty] = pool
        self._log.info(
            "pool.rebuilt",
            difficulty=difficulty,
            waiting=len(pool.waiting),
            ready_checks=len(pool.proposals),
            catching_up=len(decisions),
        )
        await self._apply(pool, decisions)
        sets = pool.topic_sets()
        for request in pool.waiting:  # tabs reconnecting to the new owner see where they stand
            await self._announcer.queued(pool, request, None, topic_sets=sets)

    # Decisions

    async def _apply(self, pool: Pool, decisions: list[Decision]) -> None:
        """Carry out ``decisions`` in order: ``Ready`` starts the pair's confirmation, the others are announced."""
        for decision in decisions:
            match decision:
                case Ready(proposal):
                    self._confirmer.start(pool.difficulty, proposal)
                case _:
                    await self._announcer.announce(pool, decision)

    async def _settle(
        self, difficulty: Difficulty, proposal: Proposal, unavailable: dict[str, Unavailable]
    ) -> list[Decision]:
        """A confirmation's answer back in the pool. No MongoDB under the lock: the pools must not wait for it.
        What this publishes is acknowledged with the pool loop's next batch (``flush``), a refusal rebuilds the
        pools there: the lock is not held here for a round trip to Kafka per match."""
        async with self.lock:
            pool = self._pools.get(difficulty)
            if pool is None:
                return []  # the pool moved (its new owner confirms again)
            decisions = pool.confirmed(proposal.match_id, unavailable, self._clock())  # []: cancelled meanwhile
            if decisions and unavailable:
                self._log.info("match.unavailable", match_id=proposal.match_id, requests=sorted(unavailable))
            await self._apply(pool, decisions)
            return decisions

    async def flush(self) -> None:
        """Kafka's answers to everything published since the last flush, awaited together (``Announcer.flush``)."""
        await self._announcer.flush()

    async def drain(self) -> None:
        """Wait for the checks and confirmations under way to come back (what they decide is carried out)."""
        await self._background.wait()

    async def close(self) -> None:
        """Stop the checks and confirmations under way (shutting down; the next owner redoes what is undone)."""
        await self._background.close()

    def _request(self, asked: Requested) -> Request:
        """A request as the pool sees it (its proficiency: see ``ProfileTable.proficiency``)."""
        p = asked.payload
        return Request(
            request_id=p.request_id,
            user_id=p.user_id,
            difficulty=p.difficulty,
            topics=frozenset(p.topics),
            language=p.language,
            proficiency=self._profiles.proficiency(p.user_id, p.proficiency),
            requested_at=asked.occurred_at.timestamp(),
            timeout_s=float(p.timeout_s or self._settings.timeout_s),
            seq=asked.seq,
        )


def _utc(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)
