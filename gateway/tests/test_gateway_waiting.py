"""WaitingTabs: a pool's figures become the ``match.queued`` of each waiting request of this instance's users,
pushed only when its own figures changed, and never after the request was proposed a partner or ended."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from contracts.common import Difficulty, Language
from contracts.events.match import MatchFigures, TopicSetCount
from contracts.notices import MatchProposedNotice, MatchQueuedNotice, MatchStateKind, MatchStateNotice, RequeueReason
from gateway.realtime.waiting import WaitingTabs

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def queued(request_id: str, topics: tuple[str, ...], *, waiting: int = 0, **extra: object) -> MatchQueuedNotice:
    return MatchQueuedNotice(
        request_id=request_id,
        difficulty=Difficulty.EASY,
        topics=topics,
        language=Language.PYTHON,
        deadline=NOW + timedelta(seconds=60),
        waiting=waiting,
        same_topics=0,
        estimate_s=None,
        **extra,  # type: ignore[arg-type]
    )


def figures(live: int, *sets: tuple[tuple[str, ...], int], estimate_s: int | None = None) -> MatchFigures:
    counts = tuple(TopicSetCount(topics=t, count=n) for t, n in sets)
    return MatchFigures(difficulty=Difficulty.EASY, live=live, topic_sets=counts, estimate_s=estimate_s)


def everyone(_: str) -> bool:
    return True


def test_a_waiting_request_gets_its_own_figures_once_they_change() -> None:
    tabs = WaitingTabs()
    tabs.observe(queued("r1", ("arrays",), requeued=RequeueReason.PARTNER_MISSED).to("ada"))
    tabs.observe(queued("r2", ()).to("alan"))
    pool = figures(3, (("arrays",), 1), (("graphs",), 1), ((), 1))

    pushes = {n.user_id: n for n in tabs.refresh(pool, connected=everyone, now=NOW)}
    assert set(pushes) == {"ada", "alan"}
    ada = pushes["ada"]
    assert ada.kind == "match.queued"
    assert (ada.data["request_id"], ada.data["waiting"], ada.data["same_topics"]) == ("r1", 2, 1)
    assert ada.data["requeued"] is None  # told once, with the requeue
    assert ada.data["deadline"] == queued("r1", ()).model_dump(mode="json")["deadline"]
    assert (pushes["alan"].data["waiting"], pushes["alan"].data["same_topics"]) == (2, 2)

    assert tabs.refresh(pool, connected=everyone, now=NOW) == []  # the same figures: nothing new to tell
    alan_left = figures(2, (("arrays",), 1), (("graphs",), 1), estimate_s=7)  # ada's figures change, alan's too
    pushes = {n.user_id: n for n in tabs.refresh(alan_left, connected=everyone, now=NOW)}
    assert (pushes["ada"].data["waiting"], pushes["ada"].data["estimate_s"]) == (1, 7)
    assert (pushes["alan"].data["waiting"], pushes["alan"].data["same_topics"]) == (1, 1)
    same_for_ada = figures(2, (("arrays",), 1), ((), 1), estimate_s=7)  # only ada's same_topics changes
    [later] = tabs.refresh(same_for_ada, connected=everyone, now=NOW)
    assert (later.user_id, later.data["same_topics"]) == ("ada", 1)
    assert len(tabs) == 2


def test_a_request_proposed_ended_past_its_deadline_or_disconnected_is_no_longer_refreshed() -> None:
    tabs = WaitingTabs()
    for user in ("ada", "alan", "grace"):
        tabs.observe(queued(f"r-{user}", ()).to(user))
    proposal = MatchProposedNotice(
        request_id="r-ada",
        match_id="m1",
        difficulty=Difficulty.EASY,
        deadline=NOW,
        partner_name=None,
        language=Language.PYTHON,
    )
    tabs.observe(proposal.to("ada"))
    pushes = tabs.refresh(figures(5, ((), 5)), connected=lambda user: user != "alan", now=NOW)
    assert [n.user_id for n in pushes] == ["grace"]
    assert tabs.refresh(figures(6, ((), 6)), connected=everyone, now=NOW + timedelta(seconds=61)) == []
    assert len(tabs) == 0


def test_figures_of_another_pool_change_nothing() -> None:
    tabs = WaitingTabs()
    tabs.observe(queued("r1", ()).to("ada"))
    hard = MatchFigures(difficulty=Difficulty.HARD, live=9, topic_sets=(), estimate_s=None)
    assert tabs.refresh(hard, connected=everyone, now=NOW) == []
    assert len(tabs) == 1


def test_a_state_answer_saying_a_request_waits_makes_a_reconnected_tab_refreshed_here() -> None:
    """A tab reconnected to this instance never had its match.queued pass here; its state answer stands in."""
    tabs = WaitingTabs()
    ready_check = MatchStateNotice(
        ask_id="ask-2", difficulty=Difficulty.EASY, state=MatchStateKind.READY_CHECK, queued=queued("r9", ()),
        proposed=None, accepted=False, partner_accepted=False, following="r9", following_ended=False,
    )  # fmt: skip
    tabs.observe(ready_check.to("bob"))  # in a ready-check: not waiting, nothing to refresh
    answer = MatchStateNotice(
        ask_id="ask-1", difficulty=Difficulty.EASY, state=MatchStateKind.WAITING, queued=queued("r1", ("arrays",)),
        proposed=None, accepted=False, partner_accepted=False, following="r1", following_ended=False,
    )  # fmt: skip
    tabs.observe(answer.to("ada"))
    [push] = tabs.refresh(figures(2, (("arrays",), 2)), connected=everyone, now=NOW)
    assert (push.user_id, push.kind) == ("ada", "match.queued")
    assert (push.data["request_id"], push.data["waiting"], push.data["same_topics"]) == ("r1", 1, 1)
