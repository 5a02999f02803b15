"""Decisions -> events on the pool's own topics and pushes to the users' tabs (``user.notify``), and the figures
shown to those waiting. Everything is queued without waiting for Kafka and acknowledged together (``flush``)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import assert_never

from contracts import Payload
from contracts.common import Difficulty
from contracts.events.match import (
    MatchCancelled,
    MatchFigures,
    MatchFound,
    MatchProposed,
    MatchStateRequested,
    MatchTimedOut,
    MatchWithdrawn,
    TopicSetCount,
)
from contracts.events.notify import UserNotification
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
    Found,
    PartnerAccepted,
    Pool,
    ProfileTable,
    Proposal,
    Proposed,
    Queued,
    Request,
    TimedOut,
    Withdrawn,
    sharing_topics,
)
from match_svc.service.facts import Requested
from match_svc.service.ports import Publisher
from match_svc.standing import state_notice
from svc_kit.logging import get_logger

Announced = Queued | Proposed | PartnerAccepted | Found | TimedOut | Withdrawn  # every decision but ``Ready``
_EWMA_WEIGHT = 0.2  # how much the latest match's wait moves the estimate


class Announcer:
    def __init__(self, bus: Publisher, profiles: ProfileTable, clock: Callable[[], float]) -> None:
        self._bus = bus
        self._profiles = profiles
        self._clock = clock
        self._correlation: dict[str, str] = {}  # request id -> the correlation id of its request
        self._last_figures: dict[Difficulty, MatchFigures] = {}  # the last figures published, by pool
        self._wait_ewma: dict[Difficulty, float] = {}
        self._unconfirmed: list[Awaitable[object]] = []  # published, Kafka's answer not awaited yet (``flush``)
        self._log = get_logger("match_svc.pools")

    def follow(self, request_id: str, correlation_id: str, *, first: bool = False) -> None:
        """What is told of ``request_id`` carries the correlation id of its request (``first``: unless known)."""
        if first:
            self._correlation.setdefault(request_id, correlation_id)
        else:
            self._correlation[request_id] = correlation_id

    def forget_pool(self, difficulty: Difficulty) -> None:
        self._last_figures.pop(difficulty, None)

    async def announce(self, pool: Pool, decision: Announced) -> None:
        match decision:
            case Queued(request, requeued):
                await self.queued(pool, request, requeued)
            case Proposed(proposal):
                await self._proposed(proposal)
            case PartnerAccepted(proposal, accepted_by):
                partner = proposal.other(accepted_by)
                told = MatchPartnerAcceptedNotice(request_id=partner.request_id, match_id=proposal.match_id)
                await self._notify(partner, told.to(partner.user_id))
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
            case _:
                assert_never(decision)

    async def replaced_elsewhere(self, asked: Requested, difficulties: Iterable[Difficulty]) -> None:
        """The pools other instances own (``difficulties``) hear of the request through their own topic, and
        replace the user's older request there (one record per pool)."""
        p = asked.payload
        cancels = [
            MatchCancelled(
                request_id=p.request_id,
                user_id=p.user_id,
                difficulty=difficulty,
                replaced=True,
                replaced_at=asked.occurred_at,
            )
            for difficulty in difficulties
        ]
        for cancel in cancels:
            await self._publish(cancel, correlation_id=asked.correlation_id)

    async def figures(self, pool: Pool) -> None:
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

    async def state(self, pool: Pool, ask: MatchStateRequested, correlation_id: str) -> None:
        """Where the asking user stands in ``pool`` (read only), told by a notice."""
        standing = pool.standing(ask.user_id, ask.following)
        name_of = self._profiles.display_name
        notice = state_notice(pool, standing, ask, estimate_s=self._estimate(ask.difficulty), name_of=name_of)
        await self._publish(notice.to(ask.user_id), correlation_id=correlation_id)
        self._log.debug("state.answered", user_id=ask.user_id, difficulty=ask.difficulty, state=notice.state)

    async def queued(
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
                partner_name=self._profiles.display_name(proposal.other(request.request_id).user_id),
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
                partner_name=self._profiles.display_name(proposal.other(request.request_id).user_id),
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


def _utc(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)
