"""The waiting pool of one difficulty: its inputs (requests, cancels, accepts, the clock) and the moves they make.

The rules are in the package's docstring (``match_svc.domain``); every call returns the decisions it made.
"""

from __future__ import annotations

import math
from dataclasses import replace

from contracts.common import Difficulty
from contracts.events.match import TimeoutReason, WithdrawReason
from contracts.notices import RequeueReason
from match_svc.domain.confirmation import Busy
from match_svc.domain.decisions import (
    Decision,
    Found,
    PartnerAccepted,
    Proposed,
    Queued,
    Ready,
    Standing,
    TimedOut,
    Unavailable,
    Withdrawn,
)
from match_svc.domain.requests import Proposal, Request, match_id_for, preference

REMEMBER_ENDED_S = 3600.0  # how long an ended request is remembered, to ignore its redeliveries


class Pool:
    """The requests of one difficulty that have not ended yet."""

    def __init__(self, difficulty: Difficulty, *, ready_check_s: float) -> None:
        self.difficulty = difficulty
        self.ready_check_s = ready_check_s
        self._waiting: dict[str, Request] = {}
        self._proposals: dict[str, Proposal] = {}
        self._proposal_of: dict[str, str] = {}  # request id -> match id
        self._live_of_user: dict[str, str] = {}  # user id -> request id (waiting or in a ready-check)
        self._ended: dict[str, float] = {}  # request id -> when it ended (forgotten after a while)
        self._newer_elsewhere: dict[str, float] = {}  # user id -> when their latest request in another pool was made

    # Reading

    @property
    def waiting(self) -> list[Request]:
        return sorted(self._waiting.values(), key=lambda r: (r.requested_at, r.seq))

    @property
    def proposals(self) -> list[Proposal]:
        return list(self._proposals.values())

    def live(self, request_id: str) -> Request | None:
        if request_id in self._waiting:
            return self._waiting[request_id]
        match_id = self._proposal_of.get(request_id)
        if match_id is None:
            return None
        first, second = self._proposals[match_id].requests
        return first if first.request_id == request_id else second

    def request_of(self, user_id: str) -> str | None:
        """The user's live request in this pool (waiting or in a ready-check)."""
        return self._live_of_user.get(user_id)

    def has_ended(self, request_id: str) -> bool:
        return request_id in self._ended

    def standing(self, user_id: str, following: str | None = None) -> Standing:
        """The user's live request here and its ready-check, if any; and whether ``following`` (the request a tab
        follows) has ended. A request never seen here is not ended: it may be on its way (another topic)."""
        request_id = self._live_of_user.get(user_id)
        request = None if request_id is None else self.live(request_id)
        match_id = None if request_id is None else self._proposal_of.get(request_id)
        proposal = None if match_id is None else self._proposals.get(match_id)
        ended = following is not None and following != request_id and following in self._ended
        return Standing(request, proposal, ended)

    def live_count(self) -> int:
        return len(self._waiting) + 2 * len(self._proposals)

    def topic_sets(self) -> dict[frozenset[str], int]:
        """How many live requests ask for each set of topics (for the figures shown to those waiting)."""
        counts: dict[frozenset[str], int] = {}
        for request in [*self._waiting.values(), *(r for p in self._proposals.values() for r in p.requests)]:
            counts[request.topics] = counts.get(request.topics, 0) + 1
        return counts

    # Inputs

    def request(self, request: Request, now: float) -> list[Decision]:
        if self._seen(request, now):
            return []  # a redelivery
        if request.requested_at < self._newer_elsewhere.get(request.user_id, -math.inf):
            return self.refuse(request, WithdrawReason.REPLACED, None, now)  # read after its replacement's word
        decisions: list[Decision] = []
        older = self._live_of_user.get(request.user_id)
        if older is not None:
            decisions += self.withdraw(older, WithdrawReason.REPLACED, now)
        self._live_of_user[request.user_id] = request.request_id
        decisions += self._place(request, now, requeued=None)
        return decisions

    def cancel(self, request_id: str, user_id: str, now: float) -> list[Decision]:
        request = self.live(request_id)
        if request is None or request.user_id != user_id:
            return []
        reason = WithdrawReason.CANCELLED if request_id in self._waiting else WithdrawReason.DECLINED
        return self.withdraw(request_id, reason, now)

    def replaced_elsewhere(self, user_id: str, requested_at: float, now: float) -> list[Decision]:
        """The user's request made at ``requested_at`` in another pool replaces theirs here, if it is older (and
        any older one read later: the topics of two pools keep no order between them)."""
        self._newer_elsewhere[user_id] = max(requested_at, self._newer_elsewhere.get(user_id, -math.inf))
        request_id = self._live_of_user.get(user_id)
        request = None if request_id is None else self.live(request_id)
        if request is None or request.requested_at >= requested_at:
            return []
        return self.withdraw(request.request_id, WithdrawReason.REPLACED, now)

    def accept(self, match_id: str, request_id: str, user_id: str) -> list[Decision]:
        proposal = self._proposals.get(match_id)
        if proposal is None or request_id in proposal.accepted:
            return []
        if request_id not in (r.request_id for r in proposal.requests if r.user_id == user_id):
            return []
        proposal.accepted.add(request_id)
        if proposal.ready:
            return [Ready(proposal)]
        return [PartnerAccepted(proposal, accepted_by=request_id)]

    def tick(self, now: float) -> list[Decision]:
        """Ready-checks and requests whose time is up; forgets long-ended requests."""
        decisions: list[Decision] = []
        for proposal in [p for p in self._proposals.values() if p.deadline <= now and not p.ready]:
            self._close(proposal)
            missed = [r for r in proposal.requests if r.request_id not in proposal.accepted]
            for request in missed:
                self._end(request, now)
                decisions.append(TimedOut(request, TimeoutReason.MISSED_READY_CHECK))
            for request in proposal.requests:
                if request.request_id in proposal.accepted:
                    decisions += self._back(request, now, RequeueReason.PARTNER_MISSED)
        expired = [r for r in self._waiting.values() if r.deadline <= now]  # not the whole pool sorted every tick
        for request in sorted(expired, key=lambda r: (r.requested_at, r.seq)):
            if request.request_id in self._waiting:  # not paired by a requeue above
                del self._waiting[request.request_id]
                self._end(request, now)
                decisions.append(TimedOut(request, TimeoutReason.NO_PARTNER))
        horizon = now - REMEMBER_ENDED_S
        for request_id in [rid for rid, at in self._ended.items() if at < horizon]:
            del self._ended[request_id]
        for user_id in [uid for uid, at in self._newer_elsewhere.items() if at < horizon]:
            del self._newer_elsewhere[user_id]  # anything older is refused by ``_seen`` anyway
        return decisions

    # The service's answer to ``Ready``

    def conclude(self, match_id: str, now: float) -> list[Decision]:
        proposal = self._proposals.get(match_id)
        if proposal is None or not proposal.ready:
            return []
        self._close(proposal)
        for request in proposal.requests:
            self._end(request, now)
        return [Found(proposal)]

    def fail(self, match_id: str, unavailable: dict[str, Unavailable], now: float) -> list[Decision]:
        """Some of the pair cannot be matched after all (in a session, or replaced elsewhere): they are withdrawn
        with the reason given; the others go back to the queue."""
        proposal = self._proposals.get(match_id)
        if proposal is None:
            return []
        self._close(proposal)
        decisions: list[Decision] = []
        for request in proposal.requests:
            if request.request_id in unavailable:
                reason, session_id = unavailable[request.request_id]
                self._end(request, now)
                decisions.append(Withdrawn(request, reason, session_id))
        for request in proposal.requests:
            if request.request_id not in unavailable:
                decisions += self._back(request, now, RequeueReason.PARTNER_UNAVAILABLE)
        return decisions

    def confirmed(self, match_id: str, unavailable: dict[str, Unavailable], now: float) -> list[Decision]:
        """The claims' answer for a ready pair: found when nobody of it is held by another match, else those who are
        withdrawn (``fail``); nothing when it is no longer ready (cancelled meanwhile)."""
        proposal = self._proposals.get(match_id)
        if proposal is None or not proposal.ready:
            return []
        if not unavailable:
            return self.conclude(match_id, now)
        return self.fail(match_id, unavailable, now)

    def held(self, request_id: str, busy: Busy, now: float) -> list[Decision]:
        """A session check's answer: the user of ``request_id`` is held by ``busy``. The request is withdrawn (in a
        session) unless it ended meanwhile, or ``busy`` is a ready-check of this pool being confirmed: the read
        came after that ready-check's claim, which is the request's own."""
        if self.live(request_id) is None or busy.match_id in self._proposals:
            return []
        return self.withdraw(request_id, WithdrawReason.IN_SESSION, now, session_id=busy.session_id)

    def refuse(self, request: Request, reason: WithdrawReason, session_id: str | None, now: float) -> list[Decision]:
        """A request that may not join at all (its user is in a session): it ends at once."""
        if self._seen(request, now):
            return []
        self._end(request, now)
        return [Withdrawn(request, reason, session_id)]

    def _seen(self, request: Request, now: float) -> bool:
        """Live, ended, or older than the ended requests remembered (so it may have ended and been forgotten)."""
        if request.request_id in self._ended or self.live(request.request_id) is not None:
            return True
        return request.requested_at < now - REMEMBER_ENDED_S

    # Rebuilding after a restart or a rebalance

    def restore_proposal(self, proposal: Proposal) -> None:
        """A ready-check that was open when the previous owner stopped (see ``rebuild``)."""
        for request in proposal.requests:
            self._waiting.pop(request.request_id, None)
            self._proposal_of[request.request_id] = proposal.match_id
            self._live_of_user[request.user_id] = request.request_id
        self._proposals[proposal.match_id] = proposal

    def restore_waiting(self, request: Request) -> None:
        self._waiting[request.request_id] = request
        self._live_of_user[request.user_id] = request.request_id

    def restore_user(self, user_id: str, request_id: str) -> None:
        """The request the user is in now (their newest), after restoring older ones."""
        self._live_of_user[user_id] = request_id

    def ready_proposals(self) -> list[Proposal]:
        """Ready-checks both accepted that are not concluded yet (the service retries them)."""
        return [p for p in self._proposals.values() if p.ready]

    def restore_ended(self, request_id: str, at: float) -> None:
        self._ended[request_id] = at

    def settle(self, now: float) -> list[Decision]:
        """Pairs what a restored pool left compatible: its waiting requests placed again in their order, each with
        its best among those before it, as they were placed when they came."""
        decisions: list[Decision] = []
        in_order = self.waiting
        self._waiting.clear()
        for request in in_order:
            placed = self._place(request, now, requeued=None)
            decisions += [d for d in placed if not isinstance(d, Queued)]
        return decisions

    # Moves

    def _place(self, request: Request, now: float, *, requeued: RequeueReason | None) -> list[Decision]:
        # a request past its deadline is no one's partner: it times out at this tick (a late or rebuilt pool)
        candidates = [c for c in self._waiting.values() if request.compatible(c) and c.deadline > now]
        if not candidates or request.deadline <= now:
            self._waiting[request.request_id] = request
            return [Queued(request, requeued)]
        partner = min(candidates, key=lambda c: preference(request, c))
        del self._waiting[partner.request_id]
        older, newer = sorted((request, partner), key=lambda r: (r.requested_at, r.seq))
        proposal = Proposal(
            match_id=match_id_for(older.request_id, newer.request_id),
            requests=(older, newer),
            deadline=now + self.ready_check_s,
        )
        self._proposals[proposal.match_id] = proposal
        self._proposal_of[older.request_id] = self._proposal_of[newer.request_id] = proposal.match_id
        return [Proposed(proposal)]

    def _back(self, request: Request, now: float, reason: RequeueReason) -> list[Decision]:
        """Back to the queue after a failed ready-check: same place, the ready-check's time given back."""
        again = replace(request, extended_s=request.extended_s + self.ready_check_s)
        if again.deadline <= now:  # no time left even with the ready-check given back
            self._end(again, now)
            return [TimedOut(again, TimeoutReason.NO_PARTNER)]
        self._live_of_user[again.user_id] = again.request_id
        placed = self._place(again, now, requeued=reason)
        if isinstance(placed[0], Proposed):  # told it is back first: a tab in a ready-check ignores another one
            return [Queued(again, reason), *placed]
        return placed

    def withdraw(
        self, request_id: str, reason: WithdrawReason, now: float, *, session_id: str | None = None
    ) -> list[Decision]:
        """The request leaves: from the queue, or from its ready-check (the partner goes back to the queue)."""
        if request_id in self._waiting:
            request = self._waiting.pop(request_id)
            self._end(request, now)
            return [Withdrawn(request, reason, session_id)]
        proposal = self._proposals[self._proposal_of[request_id]]
        self._close(proposal)
        partner = proposal.other(request_id)
        leaving = proposal.other(partner.request_id)
        self._end(leaving, now)
        declined = reason is WithdrawReason.DECLINED
        requeue = RequeueReason.PARTNER_DECLINED if declined else RequeueReason.PARTNER_UNAVAILABLE
        return [Withdrawn(leaving, reason, session_id), *self._back(partner, now, requeue)]

    def _close(self, proposal: Proposal) -> None:
        del self._proposals[proposal.match_id]
        for request in proposal.requests:
            self._proposal_of.pop(request.request_id, None)

    def _end(self, request: Request, now: float) -> None:
        self._ended[request.request_id] = now
        if self._live_of_user.get(request.user_id) == request.request_id:
            del self._live_of_user[request.user_id]


def sharing_topics(request: Request, topic_sets: dict[frozenset[str], int]) -> int:
    """Live requests besides ``request`` whose topics overlap its topics (``Pool.topic_sets`` counts them), in time
    proportional to the distinct topic sets rather than to the requests."""
    overlapping = sum(
        n for topics, n in topic_sets.items() if not topics or not request.topics or topics & request.topics
    )
    return max(overlapping - 1, 0)  # itself
