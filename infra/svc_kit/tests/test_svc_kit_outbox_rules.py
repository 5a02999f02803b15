"""The outbox's pure decisions: when an event is published, held back or dropped; which marks go; backoff."""

from svc_kit.outbox_rules import Verdict, backoff, stale_marks, verdict


def test_a_write_committed_here_is_published_at_once() -> None:
    assert verdict(own=True, age_s=0.0, grace_s=60, landed=None) is Verdict.PUBLISH


def test_another_writers_fresh_event_waits_whatever_its_document_says() -> None:
    assert verdict(own=False, age_s=5.0, grace_s=60, landed=True) is Verdict.WAIT
    assert verdict(own=False, age_s=5.0, grace_s=60, landed=False) is Verdict.WAIT


def test_after_the_grace_the_document_decides() -> None:
    assert verdict(own=False, age_s=61.0, grace_s=60, landed=True) is Verdict.PUBLISH
    assert verdict(own=False, age_s=61.0, grace_s=60, landed=False) is Verdict.DROP
    assert verdict(own=False, age_s=61.0, grace_s=60, landed=None) is Verdict.WAIT  # not read yet


def test_marks_whose_events_are_gone_are_stale() -> None:
    assert stale_marks(["c", "a", "b"], pending_writes=["b"]) == ["a", "c"]
    assert stale_marks([], pending_writes=["b"]) == []


def test_backoff_grows_and_is_capped() -> None:
    delays = [backoff(n) for n in range(1, 10)]
    assert delays == sorted(delays)
    assert delays[0] == 0.5
    assert delays[-1] == 30.0
