"""The waiting pool's rules, one example each: pairing, the ready-check, timeouts, replacement and rebuilding."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pytest

from contracts.common import Difficulty, Language
from contracts.events.match import TimeoutReason, WithdrawReason
from contracts.notices import RequeueReason
from match_svc.domain import (
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
    match_id_for,
    rebuild,
    sharing_topics,
)

RC = 10.0  # the ready-check's length


def req(
    request_id: str,
    user_id: str,
    *,
    at: float = 0.0,
    topics: tuple[str, ...] = (),
    language: Language = Language.PYTHON,
    proficiency: int | None = 3,
    timeout_s: float = 60.0,
    seq: int = 0,
) -> Request:
    return Request(
        request_id=request_id,
        user_id=user_id,
        difficulty=Difficulty.MEDIUM,
        topics=frozenset(topics),
        language=language,
        proficiency=proficiency,
        requested_at=at,
        timeout_s=timeout_s,
        seq=seq,
    )


def new_pool() -> Pool:
    return Pool(Difficulty.MEDIUM, ready_check_s=RC)


def proposed(decisions: list[Decision]) -> Proposal:
    [decision] = [d for d in decisions if isinstance(d, Proposed)]
    return decision.proposal


def pair_ids(proposal: Proposal) -> tuple[str, str]:
    first, second = proposal.requests
    return first.request_id, second.request_id


def request_ids(decision: Decision) -> list[str]:
    if isinstance(decision, Queued | TimedOut | Withdrawn):
        return [decision.request.request_id]
    return list(pair_ids(decision.proposal))


def waiting_ids(pool: Pool) -> list[str]:
    return [r.request_id for r in pool.waiting]


# Compatible topics


def test_pool_requests_with_overlapping_topics_are_paired() -> None:
    pool = new_pool()
    assert pool.request(req("a", "ann", topics=("arrays", "graphs")), 0) == [
        Queued(req("a", "ann", topics=("arrays", "graphs")))
    ]
    proposal = proposed(pool.request(req("b", "bob", at=1, topics=("graphs", "dp")), 1))
    assert pair_ids(proposal) == ("a", "b")
    assert proposal.topics() == ("graphs",)
    assert proposal.deadline == 1 + RC


@pytest.mark.parametrize(("first", "second"), [((), ("dp",)), (("dp",), ()), ((), ())])
def test_pool_a_request_without_topics_pairs_with_any_topics_on_either_side(
    first: tuple[str, ...], second: tuple[str, ...]
) -> None:
    pool = new_pool()
    pool.request(req("a", "ann", topics=first), 0)
    proposal = proposed(pool.request(req("b", "bob", at=1, topics=second), 1))
    assert pair_ids(proposal) == ("a", "b")
    assert proposal.topics() == tuple(sorted(set(first) | set(second)))


def test_pool_requests_with_disjoint_topics_are_never_paired() -> None:
    pool = new_pool()
    pool.request(req("a", "ann", topics=("arrays",)), 0)
    decisions = pool.request(req("b", "bob", at=1, topics=("graphs",)), 1)
    assert [type(d) for d in decisions] == [Queued]
    assert waiting_ids(pool) == ["a", "b"]
    assert pool.proposals == []


def test_pool_a_user_is_never_paired_with_themselves() -> None:
    assert not req("a", "ann").compatible(req("b", "ann"))
    pool = new_pool()
    pool.request(req("a", "ann"), 0)
    decisions = pool.request(req("b", "ann", at=1), 1)
    assert [type(d) for d in decisions] == [Withdrawn, Queued]
    assert waiting_ids(pool) == ["b"]


# Preference order: the same language, then the closest proficiency, then the longest waiting, then arrival


def test_pool_the_same_language_beats_a_closer_proficiency() -> None:
    pool = new_pool()
    pool.request(req("far", "ann", at=0, topics=("x",), language=Language.PYTHON, proficiency=1), 0)
    pool.request(req("close", "bob", at=1, topics=("y",), language=Language.JAVA, proficiency=5), 1)
    newcomer = req("n", "cat", at=2, language=Language.PYTHON, proficiency=5)
    assert pair_ids(proposed(pool.request(newcomer, 2))) == ("far", "n")


def test_pool_the_closest_proficiency_beats_the_longest_wait() -> None:
    pool = new_pool()
    pool.request(req("old", "ann", at=0, topics=("x",), proficiency=1), 0)
    pool.request(req("near", "bob", at=1, topics=("y",), proficiency=4), 1)
    assert pair_ids(proposed(pool.request(req("n", "cat", at=2, proficiency=5), 2))) == ("near", "n")


def test_pool_an_unknown_proficiency_counts_as_two_levels_away() -> None:
    pool = new_pool()
    pool.request(req("unknown", "ann", at=0, topics=("x",), proficiency=None), 0)
    pool.request(req("one-away", "bob", at=1, topics=("y",), proficiency=4), 1)
    assert pair_ids(proposed(pool.request(req("n", "cat", at=2, proficiency=5), 2))) == ("one-away", "n")
    pool = new_pool()
    pool.request(req("unknown", "ann", at=0, topics=("x",), proficiency=None), 0)
    pool.request(req("three-away", "bob", at=1, topics=("y",), proficiency=2), 1)
    assert pair_ids(proposed(pool.request(req("n", "cat", at=2, proficiency=5), 2))) == ("unknown", "n")


def test_pool_the_longest_waiting_wins_among_equals() -> None:
    pool = new_pool()
    pool.request(req("second", "ann", at=3, topics=("x",)), 3)
    pool.request(req("first", "bob", at=1, topics=("y",)), 3)
    pool.request(req("third", "dan", at=5, topics=("z",)), 5)
    assert pair_ids(proposed(pool.request(req("n", "cat", at=6), 6))) == ("first", "n")


def test_pool_arrival_order_breaks_a_tie_of_the_same_instant() -> None:
    pool = new_pool()
    pool.request(req("later", "ann", at=1, topics=("x",), seq=8), 1)
    pool.request(req("earlier", "bob", at=1, topics=("y",), seq=7), 1)
    proposal = proposed(pool.request(req("n", "cat", at=1, seq=9), 1))
    assert pair_ids(proposal) == ("earlier", "n")


# The ready-check


def ready_check(pool: Pool) -> Proposal:
    pool.request(req("a", "ann", at=0, topics=("arrays",)), 0)
    return proposed(pool.request(req("b", "bob", at=5, topics=("arrays",)), 5))


def test_pool_both_accepting_makes_the_pair_ready_and_concluding_finds_it() -> None:
    pool = new_pool()
    proposal = ready_check(pool)
    assert pool.accept(proposal.match_id, "a", "ann") == [PartnerAccepted(proposal, accepted_by="a")]
    assert pool.accept(proposal.match_id, "a", "ann") == []  # accepting twice changes nothing
    assert pool.accept(proposal.match_id, "b", "bob") == [Ready(proposal)]
    assert pool.ready_proposals() == [proposal]
    assert pool.conclude(proposal.match_id, 8) == [Found(proposal)]
    assert pool.has_ended("a")
    assert pool.has_ended("b")
    assert pool.live_count() == 0
    assert pool.conclude(proposal.match_id, 9) == []
    assert pool.cancel("a", "ann", 9) == []


def test_pool_an_accept_by_someone_outside_the_pair_is_ignored() -> None:
    pool = new_pool()
    proposal = ready_check(pool)
    assert pool.accept(proposal.match_id, "a", "bob") == []
    assert pool.accept("another-match", "a", "ann") == []
    assert proposal.accepted == set()


def test_pool_a_ready_pair_waits_for_the_service_not_the_clock() -> None:
    pool = new_pool()
    proposal = ready_check(pool)
    pool.accept(proposal.match_id, "a", "ann")
    pool.accept(proposal.match_id, "b", "bob")
    assert pool.tick(proposal.deadline + 100) == []
    assert pool.conclude(proposal.match_id, proposal.deadline + 100) == [Found(proposal)]


def test_pool_declining_withdraws_the_decliner_and_requeues_the_partner_in_its_place() -> None:
    pool = new_pool()
    pool.request(req("x", "xia", at=3, topics=("graphs",)), 3)
    proposal = ready_check(pool)
    decisions = pool.cancel("b", "bob", 8)
    a_back = req("a", "ann", at=0, topics=("arrays",))
    assert decisions == [
        Withdrawn(proposal.requests[1], WithdrawReason.DECLINED),
        Queued(replace(a_back, extended_s=RC), RequeueReason.PARTNER_DECLINED),
    ]
    back = pool.live("a")
    assert back is not None
    assert back.deadline == 0 + 60 + RC
    # its place is kept: a newcomer compatible with both takes "a" (since 0), not "x" (since 3)
    assert pair_ids(proposed(pool.request(req("n", "nia", at=9), 9))) == ("a", "n")


def test_pool_when_the_ready_check_runs_out_the_non_accepter_times_out_and_the_accepter_goes_back() -> None:
    pool = new_pool()
    proposal = ready_check(pool)
    pool.accept(proposal.match_id, "b", "bob")
    assert pool.tick(proposal.deadline - 0.001) == []
    decisions = pool.tick(proposal.deadline)
    assert decisions[0] == TimedOut(proposal.requests[0], TimeoutReason.MISSED_READY_CHECK)
    [back] = decisions[1:]
    assert isinstance(back, Queued)
    assert back.requeued is RequeueReason.PARTNER_MISSED
    assert back.request.request_id == "b"
    assert back.request.requested_at == 5
    assert back.request.deadline == 5 + 60 + RC
    assert pool.has_ended("a")
    assert waiting_ids(pool) == ["b"]


def test_pool_when_neither_accepts_both_time_out() -> None:
    pool = new_pool()
    proposal = ready_check(pool)
    assert pool.tick(proposal.deadline) == [
        TimedOut(proposal.requests[0], TimeoutReason.MISSED_READY_CHECK),
        TimedOut(proposal.requests[1], TimeoutReason.MISSED_READY_CHECK),
    ]
    assert pool.live_count() == 0


# Timeouts


def test_pool_a_request_without_partner_times_out_exactly_at_its_deadline() -> None:
    pool = new_pool()
    request = req("a", "ann", at=2, timeout_s=30)
    pool.request(request, 2)
    assert pool.tick(31.999) == []
    assert pool.tick(32) == [TimedOut(request, TimeoutReason.NO_PARTNER)]
    assert pool.has_ended("a")
    assert pool.tick(40) == []


def test_pool_a_request_past_its_deadline_is_nobodys_partner_even_when_the_tick_is_late() -> None:
    pool = new_pool()
    pool.request(req("a", "ann", timeout_s=5), 0)
    proposal = proposed(pool.request(req("c", "cat", at=1, timeout_s=5), 1))
    pool.accept(proposal.match_id, "a", "ann")
    bob = req("b", "bob", at=1, timeout_s=5)
    pool.request(bob, 1)
    decisions = pool.tick(11)  # bob's deadline (6) went by unticked; ann's is 15 with the ready-check given back
    assert decisions == [
        TimedOut(proposal.requests[1], TimeoutReason.MISSED_READY_CHECK),
        Queued(replace(proposal.requests[0], extended_s=RC), RequeueReason.PARTNER_MISSED),
        TimedOut(bob, TimeoutReason.NO_PARTNER),
    ]


def test_pool_a_partner_going_back_without_time_left_times_out() -> None:
    pool = new_pool()
    pool.request(req("a", "ann", timeout_s=5), 0)
    proposal = proposed(pool.request(req("c", "cat", at=1, timeout_s=5), 1))
    assert pool.cancel("c", "cat", 16) == [  # a decline read late: ann's deadline, 5 + 10, has gone by
        Withdrawn(proposal.requests[1], WithdrawReason.DECLINED),
        TimedOut(replace(proposal.requests[0], extended_s=RC), TimeoutReason.NO_PARTNER),
    ]
    assert pool.live_count() == 0


# Replacement


def test_pool_a_second_request_of_a_user_replaces_the_waiting_one() -> None:
    pool = new_pool()
    first = req("a1", "ann", topics=("x",))
    pool.request(first, 0)
    second = req("a2", "ann", at=1, topics=("y",))
    assert pool.request(second, 1) == [Withdrawn(first, WithdrawReason.REPLACED), Queued(second)]
    assert waiting_ids(pool) == ["a2"]


def test_pool_a_second_request_replaces_one_in_a_ready_check_and_requeues_the_partner() -> None:
    pool = new_pool()
    proposal = ready_check(pool)
    newer = req("a2", "ann", at=7, topics=("graphs",))
    decisions = pool.request(newer, 7)
    assert decisions[0] == Withdrawn(proposal.requests[0], WithdrawReason.REPLACED)
    assert isinstance(decisions[1], Queued)
    assert decisions[1].request.request_id == "b"
    assert decisions[1].requeued is RequeueReason.PARTNER_UNAVAILABLE
    assert decisions[1].request.extended_s == RC
    assert decisions[2] == Queued(newer)
    assert pool.proposals == []
    assert waiting_ids(pool) == ["b", "a2"]


# Cancels and redeliveries


def test_pool_cancelling_a_waiting_request_withdraws_it_as_cancelled() -> None:
    pool = new_pool()
    request = req("a", "ann")
    pool.request(request, 0)
    assert pool.cancel("a", "ann", 1) == [Withdrawn(request, WithdrawReason.CANCELLED)]
    assert pool.cancel("a", "ann", 2) == []


def test_pool_a_newer_request_in_another_pool_replaces_the_users_request_here() -> None:
    pool = new_pool()
    request = req("a", "ann", at=1)
    pool.request(request, 1)
    assert pool.replaced_elsewhere("ann", 1, 2) == []  # not newer: another pool's owner was told of an older one
    assert pool.replaced_elsewhere("ann", 2, 2) == [Withdrawn(request, WithdrawReason.REPLACED)]
    assert pool.replaced_elsewhere("bob", 3, 3) == []  # nobody's request here


def test_pool_a_replacement_in_a_ready_check_requeues_the_partner() -> None:
    pool = new_pool()
    proposal = ready_check(pool)
    first, partner = proposal.requests
    decisions = pool.replaced_elsewhere(first.user_id, first.requested_at + 5, 6)
    assert decisions[0] == Withdrawn(first, WithdrawReason.REPLACED)
    assert waiting_ids(pool) == [partner.request_id]


def test_pool_a_request_read_after_word_of_a_newer_one_elsewhere_ends_at_once_as_replaced() -> None:
    pool = new_pool()
    assert pool.replaced_elsewhere("ann", 5, 5) == []  # the newer request's word came first (no order between pools)
    older = req("a", "ann", at=4)
    assert pool.request(older, 6) == [Withdrawn(older, WithdrawReason.REPLACED)]
    assert pool.request_of("ann") is None
    newer = req("a2", "ann", at=7)
    assert pool.request(newer, 7) == [Queued(newer)]  # a later request of the user joins as usual


def test_pool_rebuild_applies_a_logged_replacement_from_another_pool() -> None:
    log = Logged()
    log.request("a", "ann", 0, topics=("x",))
    log.request("b", "bob", 1, topics=("y",))
    log.cancels.append(("a-elsewhere", "ann", 2.0))  # read, not yet answered
    pool, decisions = log.rebuilt(now=3)
    assert decisions == [Withdrawn(req("a", "ann", topics=("x",)), WithdrawReason.REPLACED)]
    assert waiting_ids(pool) == ["b"]


def test_pool_a_cancel_of_an_unknown_ended_or_foreign_request_is_ignored() -> None:
    pool = new_pool()
    proposal = ready_check(pool)
    pool.request(req("c", "cat", topics=("graphs",)), 1)
    assert pool.cancel("nope", "ann", 2) == []
    assert pool.cancel("c", "ann", 2) == []  # not ann's
    assert pool.cancel("a", "bob", 2) == []  # not bob's
    pool.accept(proposal.match_id, "a", "ann")
    pool.accept(proposal.match_id, "b", "bob")
    pool.conclude(proposal.match_id, 3)
    assert pool.cancel("a", "ann", 4) == []  # ended
    assert waiting_ids(pool) == ["c"]


def test_pool_a_redelivered_request_is_ignored() -> None:
    pool = new_pool()
    pool.request(req("a", "ann"), 0)
    assert pool.request(req("a", "ann"), 1) == []
    pool.cancel("a", "ann", 2)
    assert pool.request(req("a", "ann"), 3) == []
    assert pool.live_count() == 0


def test_pool_a_request_redelivered_after_the_pool_forgot_it_is_still_ignored() -> None:
    pool = new_pool()
    request = req("a", "ann", timeout_s=30)
    pool.request(request, 0)
    pool.tick(30)
    pool.tick(30 + 2 * 3600)  # long enough for the pool to forget that "a" ended
    assert not pool.has_ended("a")
    assert pool.request(request, 30 + 2 * 3600) == []
    assert pool.refuse(request, WithdrawReason.IN_SESSION, "s-1", 30 + 2 * 3600) == []
    assert pool.live_count() == 0


# The service's answers


def test_pool_fail_withdraws_the_unavailable_user_and_requeues_the_partner() -> None:
    pool = new_pool()
    proposal = ready_check(pool)
    pool.accept(proposal.match_id, "a", "ann")
    pool.accept(proposal.match_id, "b", "bob")
    decisions = pool.fail(proposal.match_id, {"b": (WithdrawReason.IN_SESSION, "s-1")}, 8)
    assert decisions[0] == Withdrawn(proposal.requests[1], WithdrawReason.IN_SESSION, "s-1")
    [back] = decisions[1:]
    assert isinstance(back, Queued)
    assert (back.request.request_id, back.requeued) == ("a", RequeueReason.PARTNER_UNAVAILABLE)
    assert back.request.deadline == 0 + 60 + RC
    assert pool.has_ended("b")
    assert pool.fail(proposal.match_id, {"a": (WithdrawReason.IN_SESSION, None)}, 9) == []


def test_pool_refuse_ends_a_request_at_once_and_only_once() -> None:
    pool = new_pool()
    request = req("a", "ann")
    assert pool.refuse(request, WithdrawReason.IN_SESSION, "s-1", 0) == [
        Withdrawn(request, WithdrawReason.IN_SESSION, "s-1")
    ]
    assert pool.has_ended("a")
    assert pool.refuse(request, WithdrawReason.IN_SESSION, "s-1", 1) == []
    assert pool.request(request, 1) == []
    assert pool.live_count() == 0


def test_pool_match_ids_are_deterministic_and_order_independent() -> None:
    assert match_id_for("a", "b") == match_id_for("b", "a") == match_id_for("a", "b")
    assert match_id_for("a", "b") != match_id_for("a", "c")
    assert match_id_for("a", "b") == str(uuid.UUID(match_id_for("a", "b")))  # a uuid, fits the contract


# Rebuilding from the log


@dataclass
class Logged:
    """A live pool with the log the service would have written: inputs as they came, outputs as decided."""

    pool: Pool = field(default_factory=new_pool)
    now: float = 0.0
    requests: list[Request] = field(default_factory=list)
    cancels: list[tuple[str, str, float | None]] = field(default_factory=list)
    accepts: list[tuple[str, str, str]] = field(default_factory=list)
    proposals: list[ProposalRecord] = field(default_factory=list)
    ended: dict[str, float] = field(default_factory=dict)

    def publish(self, decisions: list[Decision]) -> list[Decision]:
        for decision in decisions:
            if isinstance(decision, Proposed):
                p = decision.proposal
                self.proposals.append(ProposalRecord(p.match_id, pair_ids(p), p.deadline))
            elif isinstance(decision, Found):
                for r in decision.proposal.requests:
                    self.ended[r.request_id] = self.now
            elif isinstance(decision, TimedOut | Withdrawn):
                self.ended[decision.request.request_id] = self.now
        return decisions

    def request(
        self,
        request_id: str,
        user_id: str,
        at: float,
        *,
        topics: tuple[str, ...] = (),
        language: Language = Language.PYTHON,
        timeout_s: float = 60.0,
    ) -> list[Decision]:
        self.now = at
        seq = len(self.requests)
        request = req(request_id, user_id, at=at, topics=topics, language=language, timeout_s=timeout_s, seq=seq)
        self.requests.append(request)
        return self.publish(self.pool.request(request, at))

    def cancel(self, request_id: str, user_id: str, at: float) -> list[Decision]:
        self.now = at
        self.cancels.append((request_id, user_id, None))
        return self.publish(self.pool.cancel(request_id, user_id, at))

    def accept(self, match_id: str, request_id: str, user_id: str) -> list[Decision]:
        self.accepts.append((match_id, request_id, user_id))
        return self.publish(self.pool.accept(match_id, request_id, user_id))

    def tick(self, at: float) -> list[Decision]:
        self.now = at
        return self.publish(self.pool.tick(at))

    def rebuilt(self, now: float | None = None) -> tuple[Pool, list[Decision]]:
        return rebuild(
            Difficulty.MEDIUM,
            ready_check_s=RC,
            requests=self.requests,
            cancels=self.cancels,
            accepts=self.accepts,
            proposals=self.proposals,
            ended=dict(self.ended),
            now=self.now if now is None else now,
        )


def same_state(rebuilt: Pool, live: Pool) -> None:
    assert rebuilt.waiting == live.waiting
    by_id = {p.match_id: p for p in live.proposals}
    assert {p.match_id for p in rebuilt.proposals} == set(by_id)
    for p in rebuilt.proposals:
        assert (p.requests, p.deadline, p.accepted) == (
            by_id[p.match_id].requests,
            by_id[p.match_id].deadline,
            by_id[p.match_id].accepted,
        )


def history_waiting_and_checking(log: Logged) -> None:
    log.request("a", "ann", 0, topics=("x",))
    log.request("b", "bob", 1, topics=("y",))
    log.request("c", "cat", 2, topics=("x",))


def history_declined_twice(log: Logged) -> None:
    log.request("a", "ann", 0, topics=("x",))
    log.request("b", "bob", 1, topics=("x",))
    [p] = log.pool.proposals
    log.cancel("b", "bob", 2)
    log.request("c", "cat", 3, topics=("x",))
    [p] = log.pool.proposals
    log.accept(p.match_id, "a", "ann")
    log.tick(p.deadline)
    log.request("d", "dan", 20, topics=("y",))


def history_replaced_found_and_timed_out(log: Logged) -> None:
    log.request("a", "ann", 0, topics=("x",), timeout_s=30)
    log.request("a2", "ann", 1, topics=("y",))
    log.request("b", "bob", 2, topics=("y",))
    [p] = log.pool.proposals
    log.accept(p.match_id, "b", "bob")
    log.accept(p.match_id, "a2", "ann")
    log.publish(log.pool.conclude(p.match_id, 3))
    log.request("c", "cat", 4, topics=("z",), timeout_s=10)
    log.tick(14)
    log.request("d", "dan", 15)
    log.request("e", "eve", 16)
    [p] = log.pool.proposals
    log.accept(p.match_id, "e", "eve")


@pytest.mark.parametrize(
    "history", [history_waiting_and_checking, history_declined_twice, history_replaced_found_and_timed_out]
)
def test_pool_rebuild_from_the_log_gives_the_live_pool_and_decides_nothing_already_published(
    history: Callable[[Logged], None],
) -> None:
    log = Logged()
    history(log)
    pool, decisions = log.rebuilt()
    same_state(pool, log.pool)
    assert decisions == []


def test_pool_rebuild_announces_a_ready_pair_again_for_the_service_to_conclude() -> None:
    log = Logged()
    log.request("a", "ann", 0)
    log.request("b", "bob", 1)
    [p] = log.pool.proposals
    log.accept(p.match_id, "a", "ann")
    log.accept(p.match_id, "b", "bob")
    pool, decisions = log.rebuilt()
    same_state(pool, log.pool)
    assert decisions == [Ready(pool.proposals[0])]


def test_pool_rebuild_withdraws_a_logged_cancel_that_was_not_published() -> None:
    log = Logged()
    log.request("a", "ann", 0)
    log.cancels.append(("a", "ann", None))  # the previous owner stopped before deciding
    pool, decisions = log.rebuilt(now=5)
    assert decisions == [Withdrawn(req("a", "ann"), WithdrawReason.CANCELLED)]
    assert pool.live_count() == 0


def test_pool_rebuild_withdraws_a_decline_that_was_not_published_and_requeues_the_partner() -> None:
    log = Logged()
    log.request("a", "ann", 0)
    log.request("b", "bob", 1)
    log.cancels.append(("b", "bob", None))
    pool, decisions = log.rebuilt(now=3)
    assert [type(d) for d in decisions] == [Withdrawn, Queued]
    assert decisions[0] == Withdrawn(req("b", "bob", at=1, seq=1), WithdrawReason.DECLINED)
    assert waiting_ids(pool) == ["a"]
    assert pool.waiting[0].deadline == 60 + RC


def test_pool_rebuild_times_out_an_expired_ready_check() -> None:
    log = Logged()
    log.request("a", "ann", 0)
    log.request("b", "bob", 1)
    [p] = log.pool.proposals
    log.accept(p.match_id, "a", "ann")
    pool, decisions = log.rebuilt(now=p.deadline + 1)
    assert decisions[0] == TimedOut(req("b", "bob", at=1, seq=1), TimeoutReason.MISSED_READY_CHECK)
    assert isinstance(decisions[1], Queued)
    assert decisions[1].requeued is RequeueReason.PARTNER_MISSED
    assert waiting_ids(pool) == ["a"]


def test_pool_rebuild_times_out_a_request_past_its_deadline() -> None:
    log = Logged()
    log.request("a", "ann", 0, timeout_s=30)
    pool, decisions = log.rebuilt(now=30)
    assert decisions == [TimedOut(req("a", "ann", timeout_s=30), TimeoutReason.NO_PARTNER)]
    assert pool.live_count() == 0


def test_pool_rebuild_after_a_long_stop_times_out_everyone_and_proposes_nobody() -> None:
    log = Logged()
    log.request("a", "ann", 0, timeout_s=5)
    log.request("c", "cat", 1, timeout_s=5)
    [p] = log.pool.proposals
    log.accept(p.match_id, "a", "ann")
    log.request("b", "bob", 1, timeout_s=5)
    pool, decisions = log.rebuilt(now=1000)
    assert [(type(d), request_ids(d)) for d in decisions] == [
        (TimedOut, ["c"]),
        (TimedOut, ["a"]),
        (TimedOut, ["b"]),
    ]
    assert [d.reason for d in decisions if isinstance(d, TimedOut)] == [
        TimeoutReason.MISSED_READY_CHECK,
        TimeoutReason.NO_PARTNER,
        TimeoutReason.NO_PARTNER,
    ]
    assert pool.live_count() == 0


def test_pool_rebuild_pairs_two_compatible_requests_left_waiting() -> None:
    log = Logged()
    log.request("a", "ann", 0, topics=("x",))
    log.request("b", "bob", 1, topics=("y",))
    log.requests.append(req("c", "cat", at=2, topics=("x", "y"), seq=2))  # read, not yet placed
    log.requests.append(req("d", "dan", at=3, topics=("y",), seq=3))
    pool, decisions = log.rebuilt(now=4)
    assert [pair_ids(d.proposal) for d in decisions if isinstance(d, Proposed)] == [("a", "c"), ("b", "d")]
    assert len(decisions) == 2
    assert waiting_ids(pool) == []
    assert all(p.deadline == 4 + RC for p in pool.proposals)


def test_pool_rebuild_pairs_a_request_left_unplaced_with_its_own_best_partner() -> None:
    log = Logged()
    log.request("a", "ann", 0, topics=("x",))
    log.request("b", "bob", 1, topics=("y",), language=Language.JAVA)
    log.requests.append(req("n", "nia", at=2, language=Language.JAVA, seq=2))  # read, not yet placed
    pool, decisions = log.rebuilt(now=2)
    # "a" waited longer, but "n" prefers "b", who speaks its language: as it would have been placed live
    assert [pair_ids(d.proposal) for d in decisions if isinstance(d, Proposed)] == [("b", "n")]
    assert waiting_ids(pool) == ["a"]


def test_pool_rebuild_withdraws_a_superseded_request_as_replaced() -> None:
    log = Logged()
    log.request("a1", "ann", 0, topics=("x",))
    log.requests.append(req("a2", "ann", at=1, topics=("y",), seq=1))
    pool, decisions = log.rebuilt(now=2)
    assert decisions == [  # a2 was read but not answered: it replaces a1, then joins
        Withdrawn(req("a1", "ann", topics=("x",)), WithdrawReason.REPLACED),
        Queued(req("a2", "ann", at=1, topics=("y",), seq=1)),
    ]
    assert waiting_ids(pool) == ["a2"]


def test_pool_rebuild_replaces_a_request_in_a_ready_check_before_placing_its_replacement() -> None:
    log = Logged()
    log.request("b", "bob", 0, topics=("graphs",))
    log.request("a1", "ann", 1, topics=("arrays",))
    log.request("c", "cat", 2, topics=("arrays",))
    [p] = log.pool.proposals
    log.requests.append(req("a2", "ann", at=3, seq=3))  # read, not yet answered
    pool, decisions = log.rebuilt(now=3)
    # as live: a1 leaves, cat goes back (nobody for "arrays"), then a2 pairs with bob, who waited longest
    assert [type(d) for d in decisions] == [Withdrawn, Queued, Proposed]
    assert [pair_ids(d.proposal) for d in decisions if isinstance(d, Proposed)] == [("b", "a2")]
    assert waiting_ids(pool) == ["c"]
    assert p.match_id not in {q.match_id for q in pool.proposals}


def test_pool_figures_count_the_live_requests_sharing_a_topic_including_those_in_ready_checks() -> None:
    pool = new_pool()
    pool.request(req("a", "ann", topics=("arrays",)), 0)
    pool.request(req("b", "bob", topics=("graphs",)), 1)
    pool.request(req("c", "cat", topics=("arrays", "trees")), 2)  # pairs with a: a ready-check
    pool.request(req("d", "dan", topics=("heap",)), 3)
    mine = req("e", "eve", topics=("trees", "graphs"), at=4)
    pool.request(mine, 4)  # pairs with b
    sets = pool.topic_sets()
    assert sum(sets.values()) == pool.live_count() == 5
    assert sharing_topics(mine, sets) == 2  # bob (graphs) and cat (trees); not ann, not dan, not itself
    anyone = req("f", "fay", at=5)
    pool.request(anyone, 5)  # any topic: pairs with dan
    assert sharing_topics(anyone, pool.topic_sets()) == 5


def test_profile_table_keeps_the_newest_profile_whatever_the_order_and_forgets_deleted_users() -> None:
    table = ProfileTable()
    table.save("ann", Profile("Ann v2", 4), at=20)
    table.save("ann", Profile("Ann v1", 2), at=10)  # read later (another topic), but older
    assert table.get("ann") == Profile("Ann v2", 4)
    table.forget("ann")
    table.save("ann", Profile("Ann again", 1), at=30)  # a deleted account does not come back
    assert table.get("ann") is None
    assert len(table) == 0


def test_pool_an_accepter_paired_again_at_once_is_told_it_went_back_before_the_new_ready_check() -> None:
    pool = new_pool()
    proposal = ready_check(pool)
    pool.request(req("c", "cat", at=6, topics=("arrays",)), 6)  # waits: "a" and "b" are in the ready-check
    pool.accept(proposal.match_id, "b", "bob")
    decisions = pool.tick(proposal.deadline)
    assert decisions[:2] == [
        TimedOut(proposal.requests[0], TimeoutReason.MISSED_READY_CHECK),
        Queued(replace(proposal.requests[1], extended_s=RC), RequeueReason.PARTNER_MISSED),
    ]
    [again] = decisions[2:]
    assert isinstance(again, Proposed)
    assert pair_ids(again.proposal) == ("b", "c")
