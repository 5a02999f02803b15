"""Where a user stands in a pool (the answer to a state request): read without changing the pool, pure."""

from __future__ import annotations

from datetime import UTC, datetime

from contracts.common import Difficulty, Language
from contracts.events.match import MatchStateRequested
from contracts.notices import MatchStateKind
from match_svc.domain import Pool, Proposed, Request, Standing
from match_svc.standing import state_notice

RC = 10.0


def req(request_id: str, user_id: str, *, at: float = 0.0, topics: tuple[str, ...] = ()) -> Request:
    return Request(
        request_id=request_id,
        user_id=user_id,
        difficulty=Difficulty.MEDIUM,
        topics=frozenset(topics),
        language=Language.PYTHON,
        proficiency=3,
        requested_at=at,
        timeout_s=60.0,
    )


def new_pool() -> Pool:
    return Pool(Difficulty.MEDIUM, ready_check_s=RC)


def ask(user_id: str, following: str | None = None) -> MatchStateRequested:
    return MatchStateRequested(ask_id="ask-1", user_id=user_id, difficulty=Difficulty.MEDIUM, following=following)


def answer(pool: Pool, user_id: str, following: str | None = None) -> dict[str, object]:
    standing = pool.standing(user_id, following)
    notice = state_notice(pool, standing, ask(user_id, following), estimate_s=7, name_of=lambda u: u.title())
    return notice.model_dump(mode="json")


def test_standing_of_a_user_with_nothing_here_is_none_and_no_request_they_follow_is_known_to_have_ended() -> None:
    pool = new_pool()
    pool.request(req("b", "bob"), 0)
    assert pool.standing("ann", following="a") == Standing(None, None, following_ended=False)
    data = answer(pool, "ann", following="a")
    assert (data["state"], data["queued"], data["proposed"], data["following_ended"]) == ("none", None, None, False)
    assert data["ask_id"] == "ask-1"


def test_standing_of_a_waiting_user_is_their_request_with_the_figures_match_queued_gives() -> None:
    pool = new_pool()
    pool.request(req("a", "ann", topics=("graphs",)), 0)
    pool.request(req("b", "bob", at=1, topics=("dp",)), 1)
    standing = pool.standing("ann", following="a")
    assert standing.request == req("a", "ann", topics=("graphs",))
    assert (standing.proposal, standing.following_ended, standing.accepted) == (None, False, False)
    data = answer(pool, "ann", following="a")
    assert data["state"] == MatchStateKind.WAITING
    assert data["queued"] == {
        "request_id": "a",
        "difficulty": "medium",
        "topics": ["graphs"],
        "language": "python",
        "deadline": datetime.fromtimestamp(60, UTC).isoformat().replace("+00:00", "Z"),
        "waiting": 1,
        "same_topics": 0,
        "estimate_s": 7,
        "requeued": None,
    }


def test_standing_in_a_ready_check_says_who_accepted_and_when_it_ends() -> None:
    pool = new_pool()
    pool.request(req("a", "ann"), 0)
    [decision] = pool.request(req("b", "bob", at=1), 1)
    assert isinstance(decision, Proposed)
    pool.accept(decision.proposal.match_id, "b", "bob")
    ann, bob = pool.standing("ann"), pool.standing("bob")
    assert ann.proposal is decision.proposal
    assert (ann.accepted, ann.partner_accepted) == (False, True)
    assert (bob.accepted, bob.partner_accepted) == (True, False)
    data = answer(pool, "ann")
    assert data["state"] == MatchStateKind.READY_CHECK
    assert data["proposed"] == {
        "request_id": "a",
        "match_id": decision.proposal.match_id,
        "difficulty": "medium",
        "deadline": datetime.fromtimestamp(1 + RC, UTC).isoformat().replace("+00:00", "Z"),
        "partner_name": "Bob",
        "language": "python",
    }
    assert data["queued"] is not None  # where the request goes back to, should the ready-check fail
    assert (data["accepted"], data["partner_accepted"]) == (False, True)


def test_standing_says_the_request_followed_ended_and_names_the_users_newer_one() -> None:
    pool = new_pool()
    pool.request(req("a", "ann"), 0)
    pool.request(req("a2", "ann", at=1), 1)  # replaces a (another tab)
    standing = pool.standing("ann", following="a")
    assert standing.following_ended
    assert standing.request is not None
    assert standing.request.request_id == "a2"
    pool.cancel("a2", "ann", 2)
    assert pool.standing("ann", following="a2") == Standing(None, None, following_ended=True)


def test_asking_changes_nothing_in_the_pool() -> None:
    pool = new_pool()
    pool.request(req("a", "ann"), 0)
    before = (pool.waiting, pool.proposals, pool.request_of("ann"), pool.live_count())
    for user in ("ann", "bob"):
        answer(pool, user, following="a")
    assert (pool.waiting, pool.proposals, pool.request_of("ann"), pool.live_count()) == before
    assert pool.tick(1) == []
