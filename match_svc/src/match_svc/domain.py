"""The waiting pool and its rules, pure: no I/O, no clock of its own (every call is given ``now``, in seconds).

One ``Pool`` holds the requests of one difficulty. Every call returns the decisions it made, in order; the
service turns them into events and notifications. The rules (docs/api-matching.md):

- Two requests are compatible when they are of different users and their topics overlap (no topics = any).
- A request entering the pool is paired at once with its best compatible waiting request: the same language
  first, then the closest proficiency, then the one waiting longest (FIFO). Pairing opens a ready-check.
- A ready-check lasts ``ready_check_s``. Both accept: ``Ready`` (the service confirms the pair, then ``Found``).
  One declines (cancels): it is withdrawn, the other goes back. Time runs out: whoever did not accept times out
  (missed the ready-check) and whoever accepted goes back. Going back keeps the place (the original request time)
  and adds the ready-check's length to the deadline. The one going back is told so (``Queued`` with the reason)
  even when a waiting request pairs with it at once: only then is it proposed again.
- A request past its deadline is nobody's partner: it times out (a late tick, or a pool rebuilt after a stop).
- A new request of a user replaces the user's older one (withdrawn as replaced), in this pool or, when another
  pool's owner says so (``replaced_elsewhere``), in another.
- Each request ends exactly once: found, timed out or withdrawn. Anything about an ended request is ignored.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from contracts.common import Difficulty, Language
from contracts.events.match import TimeoutReason, WithdrawReason
from contracts.notices import RequeueReason

UNKNOWN_PROFICIENCY_GAP = 2  # an unknown proficiency counts as this far from anyone's
REMEMBER_ENDED_S = 3600.0  # how long an ended request is remembered, to ignore its redeliveries
_MATCH_NAMESPACE = uuid.UUID("6f1d0c52-5d2b-4f57-9a53-6b0c1d3a9e21")


@dataclass(frozen=True)
class Request:
    request_id: str
    user_id: str
    difficulty: Difficulty
    topics: frozenset[str]  # empty: any topic
    language: Language
    proficiency: int | None
    requested_at: float  # the place in the queue; kept when a ready-check fails
    timeout_s: float
    seq: int = 0  # arrival order among requests of the same instant
    extended_s: float = 0.0  # ready-checks that failed, given back

    @property
    def deadline(self) -> float:
        return self.requested_at + self.timeout_s + self.extended_s

    def compatible(self, other: Request) -> bool:
        if self.user_id == other.user_id or self.difficulty != other.difficulty:
            return False
        return not self.topics or not other.topics or bool(self.topics & other.topics)


def preference(new: Request, candidate: Request) -> tuple[bool, int, float, int]:
    """How good ``candidate`` is for ``new``; smaller is better: same language, closest proficiency, oldest."""
    if new.proficiency is None or candidate.proficiency is None:
        gap = UNKNOWN_PROFICIENCY_GAP
    else:
        gap = abs(new.proficiency - candidate.proficiency)
    return (candidate.language != new.language, gap, candidate.requested_at, candidate.seq)


def match_id_for(first: str, second: str) -> str:
    """The same pair of requests always gets the same match id (a rebuilt pool re-proposes it unchanged)."""
    return str(uuid.uuid5(_MATCH_NAMESPACE, "|".join(sorted((first, second)))))


@dataclass
class Proposal:
    match_id: str
    requests: tuple[Request, Request]  # the one waiting longer first
    deadline: float
    accepted: set[str] = field(default_factory=set)

    @property
    def ready(self) -> bool:
        return len(self.accepted) == 2

    def other(self, request_id: str) -> Request:
        first, second = self.requests
        return second if first.request_id == request_id else first

    def topics(self) -> tuple[str, ...]:
        """What both asked for: the common topics, or one side's when the other takes any."""
        first, second = (r.topics for r in self.requests)
        common = first & second if first and second else first | second
        return tuple(sorted(common))

    @property
    def language(self) -> Language:
        return self.requests[0].language  # the one waiting longer chose it


# Decisions: what a call concluded, in order.


@dataclass(frozen=True)
class Queued:
    request: Request
    requeued: RequeueReason | None = None


@dataclass(frozen=True)
class Proposed:
    proposal: Proposal


@dataclass(frozen=True)
class PartnerAccepted:
    proposal: Proposal
    accepted_by: str  # request id; its partner is told


@dataclass(frozen=True)
class Ready:
    """Both accepted: the service confirms the pair (``conclude``) or reports who is unavailable (``fail``)."""

    proposal: Proposal


@dataclass(frozen=True)
class Found:
    proposal: Proposal


@dataclass(frozen=True)
class TimedOut:
    request: Request
    reason: TimeoutReason


@dataclass(frozen=True)
class Withdrawn:
    request: Request
    reason: WithdrawReason
    session_id: str | None = None


@dataclass(frozen=True)
class Standing:
    """Where one user stands in a pool, read without changing it (the answer to a state request)."""

    request: Request | None  # the user's live request here (waiting, or in ``proposal``)
    proposal: Proposal | None  # the ready-check it is in
    following_ended: bool  # the request the asker follows has ended here

    @property
    def accepted(self) -> bool:
        return (
            self.proposal is not None and self.request is not None and self.request.request_id in self.proposal.accepted
        )

    @property
    def partner_accepted(self) -> bool:
        if self.proposal is None or self.request is None:
            return False
        return self.proposal.other(self.request.request_id).request_id in self.proposal.accepted


Unavailable = tuple[WithdrawReason, str | None]  # why a user cannot be matched now, and their session if any
Decision = Queued | Proposed | PartnerAccepted | Ready | Found | TimedOut | Withdrawn


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


# What the pools consult beyond themselves (kept by the service's read models)


@dataclass(frozen=True)
class Profile:
    display_name: str
    proficiency: int | None


@dataclass(frozen=True)
class Busy:
    """The user is held by a match: its session (when it has started), or a match still being set up."""

    match_id: str
    session_id: str | None


class ProfileTable:
    """Display names and proficiencies by user, kept in memory from the profile events: the newest wins, whatever
    the order they are read in, and a deleted user stays deleted."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[float, Profile]] = {}
        self._deleted: set[str] = set()

    def save(self, user_id: str, profile: Profile, at: float) -> None:
        current = self._rows.get(user_id)
        if user_id not in self._deleted and (current is None or current[0] <= at):
            self._rows[user_id] = (at, profile)

    def forget(self, user_id: str) -> None:
        self._rows.pop(user_id, None)
        self._deleted.add(user_id)

    def get(self, user_id: str) -> Profile | None:
        row = self._rows.get(user_id)
        return None if row is None else row[1]

    def __len__(self) -> int:
        return len(self._rows)


# Rebuilding a pool from its topics


@dataclass(frozen=True)
class ProposalRecord:
    """A ``match.proposed`` read back: which requests, until when."""

    match_id: str
    request_ids: tuple[str, str]
    deadline: float


def rebuild(
    difficulty: Difficulty,
    *,
    ready_check_s: float,
    requests: Iterable[Request],
    cancels: Iterable[tuple[str, str, float | None]],
    accepts: Iterable[tuple[str, str, str]],
    proposals: Iterable[ProposalRecord],
    ended: dict[str, float],
    now: float,
) -> tuple[Pool, list[Decision]]:
    """The pool as its topics say it is, and what the previous owner had not done yet.

    ``requests`` in log order; ``cancels`` are (request id, user id, and for a replacement in another pool the
    time of the newer request, else None); ``accepts`` are (match id, request id, user id); ``proposals`` in log
    order; ``ended`` maps the request ids that have an outcome (found, timed out, withdrawn) to when. A ready-check
    is still open when none of its requests has ended and it is the latest one of both; each earlier failed
    ready-check of a request gives its time back, as it did live. A request that replaced a live one of its user
    was read but not answered: it replaces it and is placed now, as it was live.
    """
    pool = Pool(difficulty, ready_check_s=ready_check_s)
    for request_id, at in ended.items():
        pool.restore_ended(request_id, at)
    live: dict[str, Request] = {}
    latest_of_user: dict[str, Request] = {}
    superseded: list[Request] = []
    replacing: list[Request] = []  # each replaced a live request of its user: not answered yet
    for request in requests:
        if request.request_id in ended or request.request_id in live:
            continue
        live[request.request_id] = request
        older = latest_of_user.get(request.user_id)
        if older is not None:
            superseded.append(older)
            replacing.append(request)
        latest_of_user[request.user_id] = request
    latest_proposal: dict[str, ProposalRecord] = {}
    failed_checks: dict[str, int] = {}
    for record in proposals:
        for request_id in record.request_ids:
            if request_id in latest_proposal:
                failed_checks[request_id] = failed_checks.get(request_id, 0) + 1
            latest_proposal[request_id] = record
    for request_id, count in failed_checks.items():
        if request_id in live:
            request = live[request_id]
            live[request_id] = replace(request, extended_s=request.extended_s + count * ready_check_s)
    open_records = {
        r.match_id: r
        for r in latest_proposal.values()
        if all(rid in live and latest_proposal[rid] is r for rid in r.request_ids)
    }
    for request_id, record in latest_proposal.items():  # a ready-check that failed: its time was given back
        if record.match_id not in open_records and request_id in live:
            request = live[request_id]
            live[request_id] = replace(request, extended_s=request.extended_s + ready_check_s)
    in_open = {rid for r in open_records.values() for rid in r.request_ids}
    unanswered = [r.request_id for r in replacing if r.request_id not in in_open]  # placed below, as they came
    for request in live.values():
        if request.request_id not in in_open and request.request_id not in unanswered:
            pool.restore_waiting(request)
    for record in open_records.values():
        first, second = sorted((live[rid] for rid in record.request_ids), key=lambda r: (r.requested_at, r.seq))
        pool.restore_proposal(Proposal(record.match_id, (first, second), record.deadline))
    for request in live.values():  # the user is in their newest request that is in the pool
        if request.request_id not in unanswered:
            pool.restore_user(request.user_id, request.request_id)
    decisions: list[Decision] = []
    for request_id in unanswered:  # replaces the user's older request, then is placed
        decisions += pool.request(live[request_id], now)
    for request in superseded:
        if pool.live(request.request_id) is not None:
            decisions += pool.withdraw(request.request_id, WithdrawReason.REPLACED, now)
    for request_id, user_id, replaced_at in cancels:
        if replaced_at is None:
            decisions += pool.cancel(request_id, user_id, now)
        else:
            decisions += pool.replaced_elsewhere(user_id, replaced_at, now)
    for match_id, request_id, user_id in accepts:
        decisions += pool.accept(match_id, request_id, user_id)
    decisions = [d for d in decisions if not isinstance(d, PartnerAccepted)]  # told when it happened
    decisions += pool.tick(now)
    decisions += pool.settle(now)
    return pool, decisions
