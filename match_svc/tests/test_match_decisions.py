"""The rules the service consults the domain for, one example each: the proficiency a request is matched by, a
session check's answer (the own-ready-check hold), the claims' answer for a ready pair, and when a confirmation is
tried again."""

from __future__ import annotations

from dataclasses import replace

from test_match_pool_rules import RC, new_pool, proposed, req

from contracts.events.match import WithdrawReason
from contracts.notices import RequeueReason
from match_svc.domain import (
    CONFIRM_RETRY_S,
    Busy,
    Confirmations,
    Found,
    Pool,
    Profile,
    ProfileTable,
    Proposal,
    Queued,
    Ready,
    Withdrawn,
    unavailable_of,
)

# The proficiency fallback


def test_a_request_is_matched_by_the_proficiency_it_asks_with_even_when_the_profile_says_otherwise() -> None:
    table = ProfileTable()
    table.save("ann", Profile("Ann", proficiency=5), at=1.0)
    assert table.proficiency("ann", asked=2) == 2


def test_a_request_without_a_proficiency_is_matched_by_its_users_profile() -> None:
    table = ProfileTable()
    table.save("ann", Profile("Ann", proficiency=5), at=1.0)
    assert table.proficiency("ann", asked=None) == 5


def test_a_request_without_a_proficiency_and_without_a_profile_has_none() -> None:
    table = ProfileTable()
    table.save("ann", Profile("Ann", proficiency=5), at=1.0)
    table.forget("ann")
    assert table.proficiency("ann", asked=None) is None
    assert table.proficiency("bob", asked=None) is None
    assert table.display_name("ann") is None


def test_a_partner_is_shown_the_display_name_of_the_newest_profile() -> None:
    table = ProfileTable()
    table.save("ann", Profile("Ann B.", proficiency=None), at=2.0)
    table.save("ann", Profile("Ann", proficiency=None), at=1.0)  # read later, older
    assert table.display_name("ann") == "Ann B."


# A session check's answer: the own-ready-check hold


def in_ready_check() -> tuple[Pool, Proposal]:
    pool = new_pool()
    pool.request(req("a", "ann", at=0.0), now=0.0)
    return pool, proposed(pool.request(req("b", "bob", at=1.0), now=1.0))


def test_a_waiting_request_whose_user_is_held_by_a_session_is_withdrawn_in_session() -> None:
    pool = new_pool()
    pool.request(req("a", "ann"), now=0.0)
    [withdrawn] = pool.held("a", Busy(match_id="m-old", session_id="s-1"), now=1.0)
    assert withdrawn == Withdrawn(req("a", "ann"), WithdrawReason.IN_SESSION, "s-1")
    assert pool.live("a") is None


def test_a_request_held_by_its_own_ready_check_being_confirmed_stays() -> None:
    """The session check read the claim its own ready-check made (the check came back after the claim)."""
    pool, proposal = in_ready_check()
    assert pool.held("a", Busy(match_id=proposal.match_id, session_id=None), now=2.0) == []
    assert pool.live("a") is not None


def test_a_request_in_a_ready_check_held_by_another_match_leaves_it_and_the_partner_goes_back() -> None:
    pool, _ = in_ready_check()
    decisions = pool.held("a", Busy(match_id="m-other", session_id="s-1"), now=2.0)
    assert [type(d) for d in decisions] == [Withdrawn, Queued]
    assert decisions[0] == Withdrawn(req("a", "ann", at=0.0), WithdrawReason.IN_SESSION, "s-1")
    assert isinstance(decisions[1], Queued)
    assert decisions[1].requeued is RequeueReason.PARTNER_UNAVAILABLE


def test_a_session_check_of_a_request_that_ended_meanwhile_changes_nothing() -> None:
    pool = new_pool()
    pool.request(req("a", "ann"), now=0.0)
    pool.cancel("a", "ann", now=0.5)
    assert pool.held("a", Busy(match_id="m-old", session_id="s-1"), now=1.0) == []


# The claims' answer for a ready pair


def both_accepted() -> tuple[Pool, Proposal]:
    pool, proposal = in_ready_check()
    pool.accept(proposal.match_id, "a", "ann")
    [ready] = pool.accept(proposal.match_id, "b", "bob")
    assert isinstance(ready, Ready)
    return pool, proposal


def test_the_users_of_a_pair_held_elsewhere_are_unavailable_in_session() -> None:
    _, proposal = both_accepted()
    held = {"bob": Busy(match_id="m-other", session_id="s-9")}
    assert unavailable_of(proposal, held) == {"b": (WithdrawReason.IN_SESSION, "s-9")}
    assert unavailable_of(proposal, {}) == {}


def test_a_ready_pair_nobody_of_which_is_held_elsewhere_is_found() -> None:
    pool, proposal = both_accepted()
    assert pool.confirmed(proposal.match_id, {}, now=3.0) == [Found(proposal)]
    assert pool.live("a") is None
    assert pool.live("b") is None


def test_a_ready_pair_one_of_which_is_held_elsewhere_withdraws_that_one_and_requeues_the_other() -> None:
    pool, proposal = both_accepted()
    decisions = pool.confirmed(proposal.match_id, {"b": (WithdrawReason.IN_SESSION, "s-9")}, now=3.0)
    assert [type(d) for d in decisions] == [Withdrawn, Queued]
    assert decisions[0] == Withdrawn(req("b", "bob", at=1.0), WithdrawReason.IN_SESSION, "s-9")
    assert pool.live("a") is not None
    assert pool.live("a") == replace(req("a", "ann", at=0.0), extended_s=RC)  # back, the ready-check given back


def test_the_claims_answer_for_a_pair_that_is_no_longer_ready_changes_nothing() -> None:
    pool, proposal = both_accepted()
    pool.cancel("a", "ann", now=2.5)  # declined after all, while the users were being claimed
    assert pool.confirmed(proposal.match_id, {}, now=3.0) == []
    not_both = in_ready_check()
    assert not_both[0].confirmed(not_both[1].match_id, {}, now=3.0) == []  # nobody accepted


# When a confirmation is tried again


def test_a_ready_pair_is_confirmed_once_at_a_time() -> None:
    _, proposal = both_accepted()
    confirmations = Confirmations()
    assert confirmations.retries([proposal], now=10.0) == [Ready(proposal)]  # not under way: (re)confirmed
    assert confirmations.begin(proposal.match_id)
    assert not confirmations.begin(proposal.match_id)
    assert confirmations.retries([proposal], now=10.0) == []
    confirmations.succeeded(proposal.match_id)
    confirmations.finished(proposal.match_id)
    assert confirmations.begin(proposal.match_id)


def test_a_failed_confirmation_is_tried_again_once_the_retry_delay_has_passed() -> None:
    _, proposal = both_accepted()
    confirmations = Confirmations()
    confirmations.begin(proposal.match_id)
    confirmations.failed(proposal.match_id, at=10.0)
    confirmations.finished(proposal.match_id)
    assert confirmations.retries([proposal], now=10.0 + CONFIRM_RETRY_S / 2) == []
    assert confirmations.retries([proposal], now=10.0 + CONFIRM_RETRY_S) == [Ready(proposal)]


def test_the_failure_of_a_pair_no_longer_ready_is_forgotten() -> None:
    _, proposal = both_accepted()
    confirmations = Confirmations()
    confirmations.failed(proposal.match_id, at=10.0)
    confirmations.keep([])  # the pair ended meanwhile
    assert confirmations.retries([proposal], now=10.0) == [Ready(proposal)]  # no failure remembered for it
    confirmations.failed(proposal.match_id, at=10.0)
    confirmations.keep([proposal.match_id])
    assert confirmations.retries([proposal], now=10.0) == []
