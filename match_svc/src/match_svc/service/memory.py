"""In-memory adapters of the ports (``ports``), for unit tests of the use cases: no Kafka, no MongoDB.

``MemoryClaims`` keeps the claims as ``repo.ClaimRepo`` does (one per user, all or nothing, stale ones replaced)
and can be taken down (MongoDB away); ``MemoryPublisher`` records what is published and answers at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TypeVar

from contracts import Payload
from match_svc.domain import Busy

P = TypeVar("P", bound=Payload)


class StoreDown(ConnectionError):
    """The in-memory store is down (as MongoDB away)."""


@dataclass(frozen=True)
class _Claim:
    match_id: str
    request_id: str
    claimed_at: datetime
    session_id: str | None = None


class MemoryClaims:
    def __init__(self, *, claim_stale_s: float = 120.0, session_hold_s: float = 4 * 3600.0) -> None:
        self._stale = timedelta(seconds=claim_stale_s)
        self._session_hold = timedelta(seconds=session_hold_s)
        self._claims: dict[str, _Claim] = {}  # by user id
        self.down = False  # every call raises ``StoreDown`` while set

    def _up(self) -> None:
        if self.down:
            raise StoreDown("the claims store is down")

    def _busy(self, claim: _Claim | None, now: datetime) -> Busy | None:
        if claim is None:
            return None
        if claim.session_id is None and claim.claimed_at < now - self._stale:
            return None
        if claim.claimed_at < now - self._session_hold:
            return None
        return Busy(match_id=claim.match_id, session_id=claim.session_id)

    async def holder(self, user_id: str, now: datetime) -> Busy | None:
        self._up()
        return self._busy(self._claims.get(user_id), now)

    async def claim(self, requests: list[tuple[str, str]], match_id: str, now: datetime) -> dict[str, Busy]:
        self._up()
        held = {}
        for user_id, _ in requests:
            current = self._claims.get(user_id)
            busy = None if current is None or current.match_id == match_id else self._busy(current, now)
            if busy is not None:
                held[user_id] = busy
        if not held:
            for user_id, request_id in requests:
                self._claims[user_id] = _Claim(match_id, request_id, now)
        return held

    async def release(self, user_ids: list[str], match_id: str) -> None:
        self._up()
        for user_id in user_ids:
            if user_id in self._claims and self._claims[user_id].match_id == match_id:
                del self._claims[user_id]

    async def session_started(self, match_id: str, session_id: str, user_ids: Sequence[str]) -> None:
        self._up()
        for user_id in user_ids:
            current = self._claims.get(user_id)
            if current is not None and current.match_id == match_id:
                self._claims[user_id] = replace(current, session_id=session_id)

    async def session_ended(self, session_id: str, user_ids: Sequence[str]) -> None:
        self._up()
        for user_id in user_ids:
            current = self._claims.get(user_id)
            if current is not None and current.session_id == session_id:
                del self._claims[user_id]

    async def forget(self, user_id: str) -> None:
        self._up()
        self._claims.pop(user_id, None)

    def held(self) -> dict[str, str]:
        """Who is held, by which match (user id -> match id)."""
        return {user_id: claim.match_id for user_id, claim in self._claims.items()}


class MemoryPublisher:
    def __init__(self) -> None:
        self.published: list[tuple[Payload, str | None]] = []  # with the correlation id each was sent with

    async def publish_unconfirmed(self, payload: Payload, *, correlation_id: str | None = None) -> Awaitable[object]:
        self.published.append((payload, correlation_id))
        answer: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        answer.set_result(None)  # Kafka's answer: at once
        return answer

    def of(self, kind: type[P]) -> list[P]:
        """What was published of ``kind``, in order."""
        return [p for p, _ in self.published if isinstance(p, kind)]

    def take(self) -> list[Payload]:
        """Everything published since the last ``take``."""
        taken, self.published = self.published, []
        return [p for p, _ in taken]
