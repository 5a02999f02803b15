"""match_svc use cases: an input or the clock -> the pool's rules (domain) -> events and notifications.

``MatchService`` holds the pools this instance owns. It is driven by one task at a time (``pools.PoolOwner``
holds the lock): live inputs, ticks, and the rebuild when partitions are assigned. Every decision becomes an
event on a match topic (the pool's own log, read back by the next owner) and/or a push to the user's tabs.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from contracts import Envelope, Payload
from contracts.common import Difficulty
from contracts.events.match import (
    MatchAccepted,
    MatchCancelled,
    MatchFigures,
    MatchFound,
    MatchProposed,
    MatchRequested,
    MatchStateRequested,
    MatchTimedOut,
    MatchWithdrawn,
    TopicSetCount,
)
from contracts.events.notify import UserNotification
from contracts.events.session import SessionEnded, SessionStarted
from contracts.events.user import UserDeleted, UserRegistered, UserUpdated
from contracts.notices import (
    MatchFoundNotice,
    MatchPartnerAcceptedNotice,
    MatchProposedNotice,
    MatchQueuedNotice,
    MatchTimedOutNotice,
    MatchWithdrawnNotice,
    Notice,
    RequeueReason,
)
from match_svc.domain import (
    Busy,
    Confirmations,
    Decision,
    Found,
    PartnerAccepted,
    Pool,
    Profile,
    ProfileTable,
    Proposal,
    ProposalRecord,
    Proposed,
    Queued,
    Ready,
    Request,
    TimedOut,
    Withdrawn,
    rebuild,
    sharing_topics,
    unavailable_of,
)
from match_svc.settings import MatchSettings
from match_svc.standing import state_notice
from svc_kit.logging import get_logger

_EWMA_WEIGHT = 0.2  # how much the latest match's wait moves the estimate


class Publisher(Protocol):
    async def publish_unconfirmed(
        self, payload: Payload, *, correlation_id: str | None = None
    ) -> Awaitable[object]: ...


class Claims(Protocol):
    async def holder(self, user_id: str, now: datetime) -> Busy | None: ...
    async def claim(self, requests: list[tuple[str, str]], match_id: str, now: datetime) -> dict[str, Busy]: ...
    async def release(self, user_ids: list[str], match_id: str) -> None: ...
    async def session_started(self, match_id: str, session_id: str, user_ids: Sequence[str]) -> None: ...
    async def session_ended(self, session_id: str, user_ids: Sequence[str]) -> None: ...
    async def forget(self, user_id: str) -> None: ...


class ReadModels:
    """What the pools consult, kept from other services' events: profiles (in memory, every instance reads all
    of them), and who is in a session (MongoDB, shared by the instances)."""

    def __init__(self, profiles: ProfileTable, claims: Claims) -> None:
        self._profiles = profiles
        self._claims = claims

    async def save_profile(self, event: Envelope[UserRegistered] | Envelope[UserUpdated]) -> None:
        p = event.payload
        self._profiles.save(p.user_id, Profile(p.display_name, p.proficiency), event.occurred_at.timestamp())

    async def forget_profile(self, event: Envelope[UserDeleted]) -> None:
        self._profiles.forget(event.payload.user_id)

    async def forget_claim(self, event: Envelope[UserDeleted]) -> None:
        await self._claims.forget(event.payload.user_id)

    async def session_started(self, event: Envelope[SessionStarted]) -> None:
        p = event.payload
        await self._claims.session_started(p.match_id, p.session_id, p.user_ids)

    async def session_ended(self, event: Envelope[SessionEnded]) -> None:
        await self._claims.session_ended(event.payload.session_id, event.payload.user_ids)


@dataclass
class Facts:
    """What a partition's topics say about one pool, read back by a new owner (see ``domain.rebuild``)."""

    requests: list[tuple[Envelope[MatchRequested], int]] = field(default_factory=list)  # with their offsets
    cancels: list[MatchCancelled] = field(default_factory=list)
    accepts: list[MatchAccepted] = field(default_factory=list)
    proposals: list[MatchProposed] = field(default_factory=list)
    ended: dict[str, float] = field(default_factory=dict)


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
        self._bus = bus
        self._profiles = profiles
        self._claims = claims
        self._clock = clock
        self._pools: dict[Difficulty, Pool] = {}
        self._correlation: dict[str, str] = {}  # request id -> the correlation id of its request
        self._last_figures: dict[Difficulty, MatchFigures] = {}  # the last figures published, by pool
        self._wait_ewma: dict[Difficulty, float] = {}
        self._last_status = 0.0
        self._log = get_logger("match_svc.pools")
        self.lock = asyncio.Lock()  # one change to the pools at a time: records, ticks, rebuilds, confirmations
        self._tasks: set[asyncio.Task[None]] = set()  # session checks and confirmations under way
        self._unconfirmed: list[Awaitable[object]] = []  # published, Kafka's answer not awaited yet (``flush``)
        self._confirmations = Confirmations()  # ready pairs being confirmed, and those that failed (retried)

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
            self._last_figures.pop(difficulty, None)
            if pool is not None:
                self._log.info("pool.released", difficulty=difficulty, live=pool.live_count())

    # Live inputs

    async def requested(self, event: Envelope[MatchRequested], seq: int) -> None:
        """Into the pool at once, replacing the user's request in any other pool this instance owns; whether the
        user is in a session is read from MongoDB beside it, off the pool's path, and withdraws it if so."""
        p = event.payload
        pool = self.pool(p.difficulty)
        if pool.has_ended(p.request_id) or pool.live(p.request_id) is not None:
            return  # a redelivery
        self._correlation[p.request_id] = event.correlation_id
        request = self._request(event, seq)
        now = self._clock()
        for other in list(self._pools.values()):
            if other is not pool:  # the same pool replaces on its own (domain); another pool of this instance here
                await self._apply(other, other.replaced_elsewhere(p.user_id, request.requested_at, now))
        await self._replace_elsewhere(event)
        await self._apply(pool, pool.request(request, now))
        self._spawn(self._check_session(request))

    async def _replace_elsewhere(self, event: Envelope[MatchRequested]) -> None:
        """The pools other instances own hear of the request through their own topic, and replace the user's older
        request there (one record per pool this instance does not own; none when it owns them all)."""
        p = event.payload
        cancels = [
            MatchCancelled(
                request_id=p.request_id,
                user_id=p.user_id,
                difficulty=difficulty,
                replaced=True,
                replaced_at=event.occurred_at,
            )
            for difficulty in Difficulty
            if difficulty not in self._pools
        ]
        for cancel in cancels:
            await self._publish(cancel, correlation_id=event.correlation_id)

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

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._log.warning("pools.background_failed", reason=repr(task.exception()))

    async def close(self) -> None:
        """Stop the checks and confirmations under way (shutting down; the next owner redoes what is undone)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def cancelled(self, event: Envelope[MatchCancelled]) -> None:
        p = event.payload
        pool = self.pool(p.difficulty)
        if p.replaced_at is not None:  # another pool's owner: the user's newer request is there
            decisions = pool.replaced_elsewhere(p.user_id, p.replaced_at.timestamp(), self._clock())
        else:
            decisions = pool.cancel(p.request_id, p.user_id, self._clock())
        await self._apply(pool, decisions)

    async def accepted(self, event: Envelope[MatchAccepted]) -> None:
        p = event.payload
        pool = self.pool(p.difficulty)
        await self._apply(pool, pool.accept(p.match_id, p.request_id, p.user_id))

    async def tick(self, *, read_up_to: float | None = None) -> None:
        """Deadlines, ready-checks left unconcluded (MongoDB was away), and every ``status_every_s`` the pools'
        figures for those waiting (``match.figures``: one record per pool, not a push per waiting user).

        ``read_up_to``: the inputs are read only up to this time (a backlog), so deadlines are judged at it, not
        at the clock: a ready-check whose accepts were sent in time is not missed because they wait to be read."""
        now = self._clock()
        deadlines_at = now if read_up_to is None else min(now, read_up_to)
        self._confirmations.keep(p.match_id for pool in self._pools.values() for p in pool.ready_proposals())
        for pool in list(self._pools.values()):
            retries: list[Decision] = [*self._confirmations.retries(pool.ready_proposals(), now)]
            await self._apply(pool, retries + pool.tick(deadlines_at))
        if now - self._last_status >= self._settings.status_every_s:
            self._last_status = now
            for pool in list(self._pools.values()):
                await self._figures(pool)

    async def _figures(self, pool: Pool) -> None:
        """The pool's figures for those waiting in it: one record per pool and round, whatever the number waiting
        (each gateway works out its waiting tabs' own), and none when they have not changed."""
        sets = sorted(pool.topic_sets().items(), key=lambda item: (len(item[0]), sorted(item[0])))
        figures = MatchFigures(
            difficulty=pool.difficulty,
            live=pool.live_count(),
            topic_sets=tuple(TopicSetCount(topics=tuple(sorted(topics)), count=n) for topics, n in sets),
            estimate_s=self._estimate(pool.difficulty),
        )
        if self._last_figures.get(pool.difficulty) == figures:
            return
        self._last_figures[pool.difficulty] = figures
        await self._publish(figures)

    # Queries (read-only: nothing here changes a pool)

    async def state_asked(self, event: Envelope[MatchStateRequested]) -> None:
        """A tab asks where its user stands in this pool (after a reconnect or a reload): told by a notice."""
        p = event.payload
        pool = self.pool(p.difficulty)
        standing = pool.standing(p.user_id, p.following)
        notice = state_notice(pool, standing, p, estimate_s=self._estimate(p.difficulty), name_of=self._name)
        await self._publish(notice.to(p.user_id), correlation_id=event.correlation_id)
        self._log.debug("state.answered", user_id=p.user_id, difficulty=p.difficulty, state=notice.state)

    # A new owner

    async def restore(self, difficulty: Difficulty, facts: Facts) -> None:
        for event, _ in facts.requests:
            self._correlation.setdefault(event.payload.request_id, event.correlation_id)
        requests = [self._request(event, offset) for event, offset in facts.requests]
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
            await self._queued(pool, request, None, topic_sets=sets)

    # Decisions -> events and pushes

    async def _apply(self, pool: Pool, decisions: list[Decision]) -> None:
        for decision in decisions:
            await self._carry_out(pool, decision)

    async def _carry_out(self, pool: Pool, decision: Decision) -> None:
        """Publish what ``decision`` means (``Ready`` starts the pair's confirmation beside the pool)."""
        match decision:
            case Queued(request, requeued):
                await self._queued(pool, request, requeued)
            case Proposed(proposal):
                await self._proposed(proposal)
            case PartnerAccepted(proposal, accepted_by):
                partner = proposal.other(accepted_by)
                told = MatchPartnerAcceptedNotice(request_id=partner.request_id, match_id=proposal.match_id)
                await self._notify(partner, told.to(partner.user_id))
            case Ready(proposal):
                if self._confirmations.begin(proposal.match_id):
                    self._spawn(self._confirm(pool.difficulty, proposal))
            case Found(proposal):
                await self._found(proposal)
            case TimedOut(request, reason):
                out = MatchTimedOut(
                    request_id=request.request_id, user_id=request.user_id, difficulty=request.difficulty, reason=reason
                )
                await self._ended(request, out, MatchTimedOutNotice(request_id=request.request_id, reason=reason))
            case Withdrawn(request, reason, session_id):
                withdrawn = MatchWithdrawn(
                    request_id=request.request_id,
                    user_id=request.user_id,
                    difficulty=request.difficulty,
                    reason=reason,
                    session_id=session_id,
                )
                notice = MatchWithdrawnNotice(request_id=request.request_id, reason=reason, session_id=session_id)
                await self._ended(request, withdrawn, notice)

    async def _confirm(self, difficulty: Difficulty, proposal: Proposal) -> None:
        """Both accepted: hold both users (one insert, off the pool's path), then conclude; or say who is held by
        another match (a session, or another tab's match), and the other goes back to the queue."""
        try:
            now = self._clock()
            pairs = [(r.user_id, r.request_id) for r in proposal.requests]
            held = await self._claims.claim(pairs, proposal.match_id, _utc(now))
            unavailable = unavailable_of(proposal, held)
            release = [r.user_id for r in proposal.requests if r.user_id not in held]  # claimed by this attempt
            async with self.lock:  # no MongoDB under the lock: the pools must not wait for it
                pool = self._pools.get(difficulty)
                if pool is not None:  # else the pool moved (its new owner confirms again)
                    decisions = pool.confirmed(proposal.match_id, unavailable, self._clock())  # []: cancelled
                    if any(isinstance(d, Found) for d in decisions):
                        release = []
                    elif decisions:
                        self._log.info("match.unavailable", match_id=proposal.match_id, requests=sorted(unavailable))
                    await self._apply(pool, decisions)
                # What this published is acknowledged with the pool loop's next batch (``flush``), a refusal
                # rebuilds the pools there: the lock is not held here for a round trip to Kafka per match.
            await self._claims.release(release, proposal.match_id)
            self._confirmations.succeeded(proposal.match_id)
        except Exception:
            self._confirmations.failed(proposal.match_id, self._clock())  # the tick tries again a second later
            raise
        finally:
            self._confirmations.finished(proposal.match_id)

    async def _queued(
        self,
        pool: Pool,
        request: Request,
        requeued: RequeueReason | None,
        *,
        topic_sets: dict[frozenset[str], int] | None = None,
    ) -> None:
        waiting = max(pool.live_count() - 1, 0)
        same_topics = sharing_topics(request, pool.topic_sets() if topic_sets is None else topic_sets)
        estimate = self._estimate(request.difficulty)
        notice = MatchQueuedNotice(
            request_id=request.request_id,
            difficulty=request.difficulty,
            topics=tuple(sorted(request.topics)),
            language=request.language,
            deadline=_utc(request.deadline),
            waiting=waiting,
            same_topics=same_topics,
            estimate_s=estimate,
            requeued=requeued,
        )
        await self._notify(request, notice.to(request.user_id))

    async def _proposed(self, proposal: Proposal) -> None:
        """The ready-check, to the log and to both users at once (Kafka acknowledges them together)."""
        first, second = proposal.requests
        deadline = _utc(proposal.deadline)
        event = MatchProposed(
            match_id=proposal.match_id,
            difficulty=first.difficulty,
            user_ids=(first.user_id, second.user_id),
            request_ids=(first.request_id, second.request_id),
            deadline=deadline,
        )
        pushes = [
            MatchProposedNotice(
                request_id=request.request_id,
                match_id=proposal.match_id,
                difficulty=request.difficulty,
                deadline=deadline,
                partner_name=self._name(proposal.other(request.request_id).user_id),
                language=proposal.language,
            )
            for request in proposal.requests
        ]
        await self._publish_with_pushes(proposal, event, pushes)

    async def _found(self, proposal: Proposal) -> None:
        first, second = proposal.requests
        event = MatchFound(
            match_id=proposal.match_id,
            difficulty=first.difficulty,
            topics=proposal.topics(),
            language=proposal.language,
            user_ids=(first.user_id, second.user_id),
            request_ids=(first.request_id, second.request_id),
        )
        pushes = [
            MatchFoundNotice(
                request_id=request.request_id,
                match_id=proposal.match_id,
                partner_name=self._name(proposal.other(request.request_id).user_id),
            )
            for request in proposal.requests
        ]
        await self._publish_with_pushes(proposal, event, pushes)
        waited = self._clock() - first.requested_at
        previous = self._wait_ewma.get(first.difficulty)
        estimate = waited if previous is None else previous + _EWMA_WEIGHT * (waited - previous)
        self._wait_ewma[first.difficulty] = estimate
        for request in proposal.requests:
            self._forget_request(request.request_id)
        self._log.info("match.found", match_id=proposal.match_id, waited_s=round(waited, 3))

    async def _ended(
        self,
        request: Request,
        event: MatchTimedOut | MatchWithdrawn,
        notice: MatchTimedOutNotice | MatchWithdrawnNotice,
    ) -> None:
        await self._publish(event, correlation_id=self._correlation.get(request.request_id))
        await self._notify(request, notice.to(request.user_id))
        self._forget_request(request.request_id)
        self._log.info(f"request.{event.EVENT_TYPE.split('.')[1]}", request_id=request.request_id, reason=event.reason)

    async def _publish_with_pushes(
        self, proposal: Proposal, event: MatchProposed | MatchFound, pushes: Sequence[Notice]
    ) -> None:
        """A pair's event and its two pushes, sent together (one in the same order on their topics)."""
        correlation_id = self._correlation.get(proposal.requests[1].request_id)
        sends = [self._publish(event, correlation_id=correlation_id)]
        sends += [
            self._notify(request, push.to(request.user_id))
            for request, push in zip(proposal.requests, pushes, strict=True)
        ]
        await asyncio.gather(*sends)

    async def _notify(self, request: Request, notification: UserNotification) -> None:
        await self._publish(notification, correlation_id=self._correlation.get(request.request_id))

    async def _publish(self, payload: Payload, *, correlation_id: str | None = None) -> None:
        self._unconfirmed.append(await self._bus.publish_unconfirmed(payload, correlation_id=correlation_id))

    async def flush(self) -> None:
        """Kafka's answers to everything published since the last flush (by the pool loop, confirmations and
        session checks alike), awaited together at the end of each batch of the pool loop: a batch waits for the
        broker once, not once per decision. A refusal raises here (the owner rebuilds the pools from the log)."""
        pending, self._unconfirmed = self._unconfirmed, []
        if pending:
            await asyncio.gather(*pending)

    def _forget_request(self, request_id: str) -> None:
        self._correlation.pop(request_id, None)

    def _estimate(self, difficulty: Difficulty) -> int | None:
        ewma = self._wait_ewma.get(difficulty)
        return None if ewma is None else max(1, round(ewma))

    def _request(self, event: Envelope[MatchRequested], seq: int) -> Request:
        """A request as the pool sees it: the user's proficiency from their profile when the request has none."""
        p = event.payload
        return Request(
            request_id=p.request_id,
            user_id=p.user_id,
            difficulty=p.difficulty,
            topics=frozenset(p.topics),
            language=p.language,
            proficiency=self._profiles.proficiency(p.user_id, p.proficiency),
            requested_at=event.occurred_at.timestamp(),
            timeout_s=float(p.timeout_s or self._settings.timeout_s),
            seq=seq,
        )

    def _name(self, user_id: str) -> str | None:
        return self._profiles.display_name(user_id)


def _utc(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)
