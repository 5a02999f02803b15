"""The waiting pool's invariants under random sequences of requests, cancels, accepts, ticks and the service's
answers, and a pool rebuilt from the log at any point equal to the live one."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.common import Difficulty, Language
from contracts.events.match import TimeoutReason, WithdrawReason
from match_svc.domain import (
    Decision,
    Found,
    PartnerAccepted,
    Pool,
    ProposalRecord,
    Proposed,
    Queued,
    Ready,
    Request,
    TimedOut,
    Unavailable,
    Withdrawn,
    rebuild,
)

RC = 10.0
USERS = ("ann", "bob", "cat", "dan", "eve")
TOPICS = ("arrays", "graphs", "dp")
LANGUAGES = (Language.PYTHON, Language.JAVA)

rarely = st.sampled_from((False, False, False, False, True))


# Operations, as drawn; indices are taken modulo what exists when the operation runs.


@dataclass(frozen=True)
class Ask:
    user_id: str
    topics: frozenset[str]
    language: Language
    proficiency: int | None
    timeout_s: float


@dataclass(frozen=True)
class Redeliver:
    index: int


@dataclass(frozen=True)
class Cancel:
    index: int
    wrong_user: bool
    replaced: bool


@dataclass(frozen=True)
class Accept:
    index: int
    sides: tuple[int, ...]
    wrong_user: bool


@dataclass(frozen=True)
class Tick:
    seconds: float


@dataclass(frozen=True)
class Answer:
    """The service's answer to a ``Ready``: conclude, or fail with these sides unavailable."""

    index: int
    unavailable: tuple[int, ...]  # empty: conclude


Operation = Ask | Redeliver | Cancel | Accept | Tick | Answer

asks = st.builds(
    Ask,
    st.sampled_from(USERS),
    st.frozensets(st.sampled_from(TOPICS), max_size=2),
    st.sampled_from(LANGUAGES),
    st.one_of(st.none(), st.integers(1, 5)),
    st.sampled_from((5.0, 20.0, 60.0)),
)
sides = st.sampled_from(((0,), (1,), (0, 1)))
operations = st.lists(
    st.one_of(
        *(asks,) * 3,
        st.builds(Redeliver, st.integers(0, 50)),
        st.builds(Cancel, st.integers(0, 50), rarely, rarely),
        *(st.builds(Accept, st.integers(0, 10), sides, rarely),) * 4,
        *(st.builds(Tick, st.sampled_from((0.0, 1.0, 3.0, 5.0, 10.0, 25.0))),) * 2,
        *(st.builds(Answer, st.integers(0, 10), st.one_of(st.just(()), sides)),) * 3,
    ),
    min_size=15,
    max_size=40,
)


def request_ids(decision: Decision) -> list[str]:
    if isinstance(decision, Queued | TimedOut | Withdrawn):
        return [decision.request.request_id]
    return [r.request_id for r in decision.proposal.requests]


def ending_ids(decision: Decision) -> list[str]:
    if isinstance(decision, Found):
        return [r.request_id for r in decision.proposal.requests]
    if isinstance(decision, TimedOut | Withdrawn):
        return [decision.request.request_id]
    return []


def compatible(a: Request, b: Request) -> bool:
    """The rule, written again: different users, overlapping topics, no topics meaning any."""
    return a.user_id != b.user_id and (not a.topics or not b.topics or bool(a.topics & b.topics))


def rank(new: Request, candidate: Request) -> tuple[bool, int, float, int]:
    """The preference, written again: the same language, the closest proficiency (unknown: 2), the oldest."""
    gap = 2
    if new.proficiency is not None and candidate.proficiency is not None:
        gap = abs(new.proficiency - candidate.proficiency)
    return (new.language != candidate.language, gap, candidate.requested_at, candidate.seq)


@dataclass
class Run:
    """A live pool driven by operations, checking every decision as it comes and keeping the service's log."""

    pool: Pool = field(default_factory=lambda: Pool(Difficulty.MEDIUM, ready_check_s=RC))
    now: float = 0.0
    requests: list[Request] = field(default_factory=list)
    cancels: list[tuple[str, str, float | None]] = field(default_factory=list)
    accepts: list[tuple[str, str, str]] = field(default_factory=list)
    proposals: list[ProposalRecord] = field(default_factory=list)
    ended: dict[str, float] = field(default_factory=dict)
    decisions: list[tuple[float, Decision]] = field(default_factory=list)
    shadow_waiting: dict[str, Request] = field(default_factory=dict)  # as the decisions tell it
    proposed_count: dict[str, int] = field(default_factory=dict)

    def apply(self, op: Operation) -> None:
        if isinstance(op, Ask):
            n = len(self.requests)
            request = Request(
                f"r{n}",
                op.user_id,
                Difficulty.MEDIUM,
                op.topics,
                op.language,
                op.proficiency,
                self.now,
                op.timeout_s,
                n,
            )
            self.requests.append(request)
            self.check(self.pool.request(request, self.now))
        elif isinstance(op, Redeliver) and self.requests:
            request = self.requests[op.index % len(self.requests)]
            self.requests.append(request)
            assert self.pool.request(request, self.now) == []
        elif isinstance(op, Cancel) and self.requests:
            request = self.requests[op.index % len(self.requests)]
            user = "mallory" if op.wrong_user else request.user_id
            if op.replaced:  # the user's newer request in another pool, made now
                self.cancels.append((f"{request.request_id}-elsewhere", user, self.now))
                self.check(self.pool.replaced_elsewhere(user, self.now, self.now))
            else:
                self.cancels.append((request.request_id, user, None))
                self.check(self.pool.cancel(request.request_id, user, self.now))
        elif isinstance(op, Accept) and self.pool.proposals:
            proposal = self.pool.proposals[op.index % len(self.pool.proposals)]
            for side in op.sides:
                request = proposal.requests[side]
                user = "mallory" if op.wrong_user else request.user_id
                self.accepts.append((proposal.match_id, request.request_id, user))
                self.check(self.pool.accept(proposal.match_id, request.request_id, user))
        elif isinstance(op, Tick):
            self.now += op.seconds
            self.check(self.pool.tick(self.now))
        elif isinstance(op, Answer) and self.pool.ready_proposals():
            ready = self.pool.ready_proposals()
            proposal = ready[op.index % len(ready)]
            if not op.unavailable:
                self.check(self.pool.conclude(proposal.match_id, self.now))
                return
            gone: dict[str, Unavailable] = {}
            for side in op.unavailable:
                request = proposal.requests[side]
                gone[request.request_id] = (WithdrawReason.IN_SESSION, f"s-{request.user_id}")
            self.check(self.pool.fail(proposal.match_id, gone, self.now))

    def drain(self) -> None:
        """Time runs out for everyone and the service concludes every ready pair."""
        for _ in range(50):
            if self.pool.live_count() == 0:
                return
            for proposal in self.pool.ready_proposals():
                self.check(self.pool.conclude(proposal.match_id, self.now))
            self.now += 1000.0
            self.check(self.pool.tick(self.now))
        raise AssertionError(f"the pool never drained: {self.pool.waiting} {self.pool.proposals}")

    def check(self, decisions: list[Decision]) -> None:
        for decision in decisions:
            self.check_one(decision)
        assert sorted(self.shadow_waiting) == sorted(r.request_id for r in self.pool.waiting)
        waiting = self.pool.waiting
        for i, a in enumerate(waiting):  # settled: nothing left to pair
            assert not any(compatible(a, b) for b in waiting[i + 1 :]), (a, waiting)

    def check_one(self, decision: Decision) -> None:
        for request_id in request_ids(decision):
            assert request_id not in self.ended, f"{decision} after {request_id} ended"
        back = self.decisions[-1][1] if self.decisions else None  # told it went back, then paired at once?
        self.decisions.append((self.now, decision))
        if isinstance(decision, Queued):
            self.shadow_waiting[decision.request.request_id] = decision.request
        elif isinstance(decision, Proposed):
            both_waiting = all(r.request_id in self.shadow_waiting for r in decision.proposal.requests)
            if isinstance(back, Queued) and back.requeued is not None and both_waiting:
                del self.shadow_waiting[back.request.request_id]  # back and paired at once: the newcomer here
            self.check_proposed(decision)
        elif isinstance(decision, Found):
            first, second = decision.proposal.requests
            assert compatible(first, second)
            assert decision.proposal.accepted == {first.request_id, second.request_id}
        elif isinstance(decision, TimedOut):
            self.shadow_waiting.pop(decision.request.request_id, None)
            if decision.reason is TimeoutReason.NO_PARTNER:
                request = decision.request
                assert self.now >= request.deadline
                # every ready-check it went back from gave its length back
                expected = (
                    request.requested_at + request.timeout_s + RC * self.proposed_count.get(request.request_id, 0)
                )
                assert request.deadline == expected
        elif isinstance(decision, Withdrawn):
            self.shadow_waiting.pop(decision.request.request_id, None)
        for request_id in ending_ids(decision):
            self.ended[request_id] = self.now

    def check_proposed(self, decision: Proposed) -> None:
        proposal = decision.proposal
        first, second = proposal.requests
        assert compatible(first, second)
        assert (first.requested_at, first.seq) <= (second.requested_at, second.seq)
        assert proposal.deadline == self.now + RC
        assert all(r.deadline > self.now for r in proposal.requests), "a request past its deadline has timed out"
        self.proposals.append(
            ProposalRecord(proposal.match_id, (first.request_id, second.request_id), proposal.deadline)
        )
        for r in proposal.requests:
            self.proposed_count[r.request_id] = self.proposed_count.get(r.request_id, 0) + 1
        was_waiting = [r for r in proposal.requests if r.request_id in self.shadow_waiting]
        assert len(was_waiting) == 1, "a pair is one newcomer and one who was waiting"
        [chosen] = was_waiting
        [newcomer] = [r for r in proposal.requests if r is not chosen]
        # one whose time is up is no one's partner: it times out at this same tick, after the pairing
        candidates = [c for c in self.shadow_waiting.values() if compatible(newcomer, c) and c.deadline > self.now]
        best = min(rank(newcomer, c) for c in candidates)
        assert rank(newcomer, chosen) == best, (newcomer, chosen, candidates)
        del self.shadow_waiting[chosen.request_id]

    def rebuilt(self) -> tuple[Pool, list[Decision]]:
        return rebuild(
            Difficulty.MEDIUM,
            ready_check_s=RC,
            requests=list(self.requests),
            cancels=list(self.cancels),
            accepts=list(self.accepts),
            proposals=list(self.proposals),
            ended=dict(self.ended),
            now=self.now,
        )


@settings(max_examples=200, deadline=None)
@given(operations)
def test_pool_invariants_hold_for_any_sequence_of_operations(ops: list[Operation]) -> None:
    run = Run()
    for op in ops:
        run.apply(op)
    run.drain()
    run.now += 7200.0  # long after: the pool may forget ended requests, a redelivery must still change nothing
    run.check(run.pool.tick(run.now))
    for request in run.requests:
        assert run.pool.request(request, run.now) == []
    entered = {r.request_id for r in run.requests}
    endings = [rid for _, d in run.decisions for rid in ending_ids(d)]
    assert sorted(endings) == sorted(entered), "every request ends exactly once"
    found_users = [
        (r.user_id, r.request_id) for _, d in run.decisions if isinstance(d, Found) for r in d.proposal.requests
    ]
    assert len({rid for _, rid in found_users}) == len(found_users)
    for _, decision in run.decisions:
        if isinstance(decision, Found):
            first, second = decision.proposal.requests
            assert first.user_id != second.user_id


@settings(max_examples=200, deadline=None)
@given(operations, st.data())
def test_pool_rebuild_at_any_cut_matches_the_live_pool(ops: list[Operation], data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(ops)), label="cut")
    run = Run()
    for op in ops[:cut]:
        run.apply(op)
    ended_before = set(run.ended)
    rebuilt, decisions = run.rebuilt()
    live = copy.deepcopy(run.pool)
    live.tick(run.now)  # the rebuilt pool has ticked at the cut; the live one may not have yet
    assert rebuilt.waiting == live.waiting
    live_proposals = {p.match_id: (p.requests, p.deadline, p.accepted) for p in live.proposals}
    assert {p.match_id: (p.requests, p.deadline, p.accepted) for p in rebuilt.proposals} == live_proposals
    for decision in decisions:
        assert not ended_before & set(request_ids(decision)), f"rebuild decided {decision} about an ended request"
        assert not isinstance(decision, PartnerAccepted)
    ready = {p.match_id for p in live.ready_proposals()}
    assert {d.proposal.match_id for d in decisions if isinstance(d, Ready)} == ready


@settings(max_examples=200, deadline=None)
@given(operations, st.data())
def test_pool_rebuild_decides_an_input_the_previous_owner_read_but_did_not_answer(
    ops: list[Operation], data: st.DataObject
) -> None:
    run = Run()
    for op in ops:
        run.apply(op)
    inputs = st.one_of(
        asks,
        st.builds(Cancel, st.integers(0, 50), rarely, rarely),
        st.builds(Accept, st.integers(0, 10), sides, rarely),
    )
    extra = data.draw(inputs, label="unanswered")
    ended_before = set(run.ended)
    answered = copy.deepcopy(run)
    answered.apply(extra)  # what the previous owner would have decided
    answered.pool.tick(run.now)
    unanswered = copy.deepcopy(answered)
    unanswered.proposals, unanswered.ended = run.proposals, run.ended  # its input logged, its outputs not
    rebuilt, decisions = unanswered.rebuilt()
    assert rebuilt.waiting == answered.pool.waiting
    live_proposals = {p.match_id: (p.requests, p.deadline) for p in answered.pool.proposals}
    assert {p.match_id: (p.requests, p.deadline) for p in rebuilt.proposals} == live_proposals
    for decision in decisions:
        assert not ended_before & set(request_ids(decision)), f"rebuild decided {decision} about an ended request"
