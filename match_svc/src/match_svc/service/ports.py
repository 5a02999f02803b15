"""What the use cases need from outside, as protocols (ports): the repo and the bus implement them, and
``memory`` holds in-memory ones for the unit tests."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from datetime import datetime
from typing import Protocol

from contracts import Payload
from match_svc.domain import Busy


class Publisher(Protocol):
    async def publish_unconfirmed(
        self, payload: Payload, *, correlation_id: str | None = None
    ) -> Awaitable[object]: ...


class Claims(Protocol):
    async def holder(self, user_id: str, now: datetime) -> Busy | None: ...
    async def claim(self, requests: list[tuple[str, str]], match_id: str, now: datetime) -> dict[str, Busy]: ...
    async def release(self, user_ids: list[str], match_id: str) -> None: ...
    async def session_started(self, match_id: str, session_id: str, user_ids: Sequence[str]) -> None: ...
    async def session_ended(self, session_id: str, user_ids: Sequence[str]) -> None: ...
    async def forget(self, user_id: str) -> None: ...
