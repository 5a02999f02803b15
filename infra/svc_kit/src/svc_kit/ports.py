"""What use cases need of the kit, as protocols (ports): publish an event, record a write's events in the outbox,
read the time. ``EventBus`` and ``Outbox`` implement them; svc_kit.memory has in-memory adapters for unit tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Protocol

from contracts import Envelope, Payload
from svc_kit.outbox import Write
from svc_kit.outbox_rules import Check

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The production clock (a use case takes a ``Clock``, so a test can set the time)."""
    return datetime.now(UTC)


class Publisher(Protocol):
    """Publish an event on its topic, keyed as the catalog says (``EventBus``)."""

    async def publish(self, payload: Payload, *, correlation_id: str | None = None) -> Envelope[Payload]: ...

    # Returns once the record is queued, with Kafka's answer still to come (await it: it raises on a refusal).
    async def publish_unconfirmed(
        self, payload: Payload, *, correlation_id: str | None = None
    ) -> Awaitable[object]: ...


class EventOutbox(Protocol):
    """The writer's side of the outbox (svc_kit.outbox): events that a write must produce, published after it."""

    async def prepare(
        self, payloads: Sequence[Payload], check: Check, *, correlation_id: str | None = None
    ) -> Write: ...
    def commit(self, write: Write) -> None: ...  # the write happened: its events may go
    async def abandon(self, write: Write) -> None: ...  # it did not: its events never go
