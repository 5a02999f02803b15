"""The waiting tabs' figures: match_svc publishes one ``match.figures`` record per pool and status round, and each
gateway instance turns it into the ``match.queued`` its waiting users would otherwise each get from match_svc.

An instance remembers the last ``match.queued`` it passed on to each of its connected users (per request), until
that request is proposed a partner or ends; a pool's figures then update each remembered request at that
difficulty, and only those whose ``waiting``, ``same_topics`` or ``estimate_s`` changed are pushed again. So the
cost per round in match_svc and Kafka is one record per pool, whatever the number waiting, and here one check
per waiting request of this instance's users.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from contracts.events.match import MatchFigures
from contracts.events.notify import UserNotification
from contracts.notices import (
    MatchFoundNotice,
    MatchProposedNotice,
    MatchQueuedNotice,
    MatchStateKind,
    MatchStateNotice,
    MatchTimedOutNotice,
    MatchWithdrawnNotice,
)

_NO_LONGER_WAITING = frozenset(
    k.KIND for k in (MatchProposedNotice, MatchFoundNotice, MatchTimedOutNotice, MatchWithdrawnNotice)
)
_FIGURES = ("waiting", "same_topics", "estimate_s")


class WaitingTabs:
    def __init__(self) -> None:
        # difficulty -> (user id, request id) -> (deadline, the data of the last match.queued passed on)
        self._by_pool: dict[str, dict[tuple[str, str], tuple[float, dict[str, Any]]]] = {}
        self._pool_of: dict[tuple[str, str], str] = {}

    def __len__(self) -> int:
        return len(self._pool_of)

    def observe(self, note: UserNotification) -> None:
        """A notification passed on to one of this instance's users: a request starts or stops waiting (a state
        answer saying it waits counts as its ``match.queued``: a tab reconnected to this instance is refreshed)."""
        if note.kind == MatchStateNotice.KIND:
            if note.data.get("state") == MatchStateKind.WAITING and isinstance(note.data.get("queued"), dict):
                self._waits(note.user_id, note.data["queued"])
            return
        request_id = note.data.get("request_id")
        if not isinstance(request_id, str):
            return
        if note.kind == MatchQueuedNotice.KIND:
            self._waits(note.user_id, note.data)
        elif note.kind in _NO_LONGER_WAITING:
            self._forget((note.user_id, request_id))

    def _waits(self, user_id: str, data: dict[str, Any]) -> None:
        try:
            queued = MatchQueuedNotice.model_validate(data)
        except ValueError:
            return  # not ours to judge: it was passed on as it came
        key = (user_id, queued.request_id)
        self._forget(key)
        difficulty = queued.difficulty.value
        self._pool_of[key] = difficulty
        self._by_pool.setdefault(difficulty, {})[key] = (queued.deadline.timestamp(), data)

    def refresh(
        self, figures: MatchFigures, *, connected: Callable[[str], bool], now: datetime
    ) -> list[UserNotification]:
        """The ``match.queued`` to push for ``figures``: one per remembered request of the pool whose figures
        changed. Requests past their deadline and users no longer connected here are forgotten."""
        waiting = self._by_pool.get(figures.difficulty.value, {})
        pushes = []
        for key, (deadline, data) in list(waiting.items()):
            user_id, _ = key
            if deadline <= now.timestamp() or not connected(user_id):
                self._forget(key)
                continue
            others, same_topics = figures.figures_for(data.get("topics", ()))
            fresh = {"waiting": others, "same_topics": same_topics, "estimate_s": figures.estimate_s}
            if all(data.get(name) == fresh[name] for name in _FIGURES):
                continue
            data = data | fresh | {"requeued": None}  # the note about a failed ready-check was told once
            waiting[key] = (deadline, data)
            pushes.append(MatchQueuedNotice.model_validate(data).to(user_id))
        return pushes

    def _forget(self, key: tuple[str, str]) -> None:
        difficulty = self._pool_of.pop(key, None)
        if difficulty is not None:
            self._by_pool[difficulty].pop(key, None)
