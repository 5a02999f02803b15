"""Confirming a ready pair: who of it is held by another match, and when a confirmation is tried again.

Both accepted (``Ready``): the service claims both users (MongoDB, off the pool's path) and hands the answer back to
the pool (``Pool.confirmed``). A claim that fails (MongoDB away) is tried again by the tick, a second later.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from contracts.events.match import WithdrawReason
from match_svc.domain.decisions import Ready, Unavailable
from match_svc.domain.requests import Proposal

CONFIRM_RETRY_S = 1.0  # a confirmation that failed is tried again this long after


@dataclass(frozen=True)
class Busy:
    """The user is held by a match: its session (when it has started), or a match still being set up."""

    match_id: str
    session_id: str | None


def unavailable_of(proposal: Proposal, held: Mapping[str, Busy]) -> dict[str, Unavailable]:
    """The requests of the pair whose users another match holds (``held``, by user id: the claims' answer)."""
    return {
        r.request_id: (WithdrawReason.IN_SESSION, held[r.user_id].session_id)
        for r in proposal.requests
        if r.user_id in held
    }


class Confirmations:
    """Which ready pairs are being confirmed, and when confirming one failed. A ready pair is confirmed once at a
    time; one not under way is tried again (``retries``) unless it failed less than ``retry_after_s`` ago."""

    def __init__(self, retry_after_s: float = CONFIRM_RETRY_S) -> None:
        self._retry_after_s = retry_after_s
        self._under_way: set[str] = set()  # match ids whose users are being claimed
        self._failed: dict[str, float] = {}  # match id -> when claiming failed

    def begin(self, match_id: str) -> bool:
        """Start confirming ``match_id``; False when it is under way already."""
        if match_id in self._under_way:
            return False
        self._under_way.add(match_id)
        return True

    def succeeded(self, match_id: str) -> None:
        self._failed.pop(match_id, None)

    def failed(self, match_id: str, at: float) -> None:
        self._failed[match_id] = at

    def finished(self, match_id: str) -> None:
        """No longer under way (succeeded or failed)."""
        self._under_way.discard(match_id)

    def keep(self, ready: Iterable[str]) -> None:
        """Forget the failures of pairs no longer ready (they ended: found, cancelled, timed out, or moved)."""
        still = set(ready)
        self._failed = {m: at for m, at in self._failed.items() if m in still}

    def retries(self, ready: Iterable[Proposal], now: float) -> list[Ready]:
        """The ready pairs to confirm (again) now: not under way, and not failed within ``retry_after_s``."""
        return [
            Ready(p)
            for p in ready
            if p.match_id not in self._under_way and now - self._failed.get(p.match_id, 0) >= self._retry_after_s
        ]
