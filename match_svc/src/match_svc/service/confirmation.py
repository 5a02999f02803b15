"""Confirming a ready pair, beside the pools: hold both users (one insert in MongoDB, off the pool's path), then hand
the answer back to the pool (``settle``, under the pools' lock); a failure is tried again by the tick."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime

from contracts.common import Difficulty
from match_svc.domain import Confirmations, Decision, Found, Proposal, Ready, Unavailable, unavailable_of
from match_svc.service.background import Background
from match_svc.service.ports import Claims

# The claims' answer back in the pool: what it decided ([]: the pair was cancelled meanwhile, or the pool moved)
Settle = Callable[[Difficulty, Proposal, dict[str, Unavailable]], Awaitable[list[Decision]]]


class Confirmer:
    def __init__(self, claims: Claims, background: Background, clock: Callable[[], float], settle: Settle) -> None:
        self._claims = claims
        self._background = background
        self._clock = clock
        self._settle = settle
        self._confirmations = Confirmations()  # ready pairs being confirmed, and those that failed (retried)

    def start(self, difficulty: Difficulty, proposal: Proposal) -> None:
        """Both accepted (``Ready``): confirm the pair, unless it is being confirmed already."""
        if self._confirmations.begin(proposal.match_id):
            self._background.spawn(self._confirm(difficulty, proposal))

    def retries(self, ready: Iterable[Proposal], now: float) -> list[Ready]:
        """Ready pairs of one pool left unconcluded (MongoDB was away, or a new owner): confirmed again now."""
        return self._confirmations.retries(ready, now)

    def keep(self, ready: Iterable[str]) -> None:
        """The match ids of every ready pair this instance owns: what failed for the others is forgotten."""
        self._confirmations.keep(ready)

    async def _confirm(self, difficulty: Difficulty, proposal: Proposal) -> None:
        """Both accepted: hold both users, then conclude; or say who is held by another match (a session, or
        another tab's match), and the other goes back to the queue."""
        try:
            now = self._clock()
            pairs = [(r.user_id, r.request_id) for r in proposal.requests]
            held = await self._claims.claim(pairs, proposal.match_id, _utc(now))
            release = [r.user_id for r in proposal.requests if r.user_id not in held]  # claimed by this attempt
            decisions = await self._settle(difficulty, proposal, unavailable_of(proposal, held))
            if any(isinstance(d, Found) for d in decisions):
                release = []
            await self._claims.release(release, proposal.match_id)
            self._confirmations.succeeded(proposal.match_id)
        except Exception:
            self._confirmations.failed(proposal.match_id, self._clock())  # the tick tries again a second later
            raise
        finally:
            self._confirmations.finished(proposal.match_id)


def _utc(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)
