"""The outbox's decisions, pure: what to do with a pending event, which write marks a document may drop, how long
to wait after a failed publish. No I/O; svc_kit.outbox does the reading and writing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Expect = Literal["written", "gone"]

MARKS_FIELD = "outbox"  # the map of write ids on the changed document: {write_id: when}
_BACKOFF_S = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)


class Verdict(StrEnum):
    PUBLISH = "publish"  # the change happened: publish (again, if a crash came between publish and forget)
    WAIT = "wait"  # a writer may still be making the change: decide later, and hold back later events of its key
    DROP = "drop"  # the change never happened (its writer failed or died first): forget the event


@dataclass(frozen=True)
class Check:
    """How the relay learns whether a write happened: ``collection``'s document matching ``filter`` carries the
    write's mark (``written``), or no document matches ``filter`` any more (``gone``, for a delete)."""

    collection: str
    filter: dict[str, object]
    expect: Expect = "written"


def verdict(*, own: bool, age_s: float, grace_s: float, landed: bool | None) -> Verdict:
    """``own``: this process committed the write. Otherwise the write's fate is read (``landed``) only once it is
    older than ``grace_s`` (longer than any write can take), so a live writer elsewhere is never judged early and
    another instance's relay, not this sweep, publishes its fresh events."""
    if own:
        return Verdict.PUBLISH
    if age_s < grace_s or landed is None:
        return Verdict.WAIT
    return Verdict.PUBLISH if landed else Verdict.DROP


def stale_marks(marks: Iterable[str], pending_writes: Iterable[str]) -> list[str]:
    """The write marks on a document that no pending event needs any more (their events were published or
    dropped), sorted: a writer removes them in the same update that adds its own mark."""
    pending = set(pending_writes)
    return sorted(m for m in marks if m not in pending)


def backoff(failures: int) -> float:
    """Seconds to wait after ``failures`` consecutive failed relay rounds (>= 1)."""
    return _BACKOFF_S[min(max(failures, 1), len(_BACKOFF_S)) - 1]
