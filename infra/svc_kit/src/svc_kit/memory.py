"""In-memory adapters of the kit's ports (svc_kit.ports), for unit tests of use cases: no Kafka, no MongoDB.

They keep the contract the real adapters keep: an outbox publishes a write's events only once the write is
committed and never after it is abandoned; a publisher wraps each payload in a new envelope (event id, time,
correlation id) and can be told to refuse, as Kafka can.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from contracts import Envelope, Payload, uuid7
from svc_kit.correlation import current_correlation_id
from svc_kit.outbox import Write
from svc_kit.outbox_rules import Check
from svc_kit.ports import Clock, utc_now

P = TypeVar("P", bound=Payload)


class ManualClock:
    """A ``Clock`` that stands still until told to move."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def payloads_of(envelopes: Iterable[Envelope[Payload]], kind: type[P]) -> list[P]:
    """The payloads of ``kind`` among ``envelopes``, in order."""
    return [e.payload for e in envelopes if isinstance(e.payload, kind)]


def _wrap(payload: Payload, producer: str, correlation_id: str | None, now: datetime) -> Envelope[Payload]:
    return Envelope.wrap(
        payload, producer=producer, correlation_id=correlation_id or current_correlation_id(), occurred_at=now
    )


class MemoryPublisher:
    """A ``Publisher`` that keeps what it published, in order (``published``)."""

    def __init__(self, producer: str = "test", *, clock: Clock = utc_now) -> None:
        self.producer = producer
        self.published: list[Envelope[Payload]] = []
        self.refuse_with: Exception | None = None  # set: every publish raises it, as Kafka away would
        self._clock = clock

    def payloads(self, kind: type[P]) -> list[P]:
        return payloads_of(self.published, kind)

    async def publish(self, payload: Payload, *, correlation_id: str | None = None) -> Envelope[Payload]:
        if self.refuse_with is not None:
            raise self.refuse_with
        envelope = _wrap(payload, self.producer, correlation_id, self._clock())
        self.published.append(envelope)
        return envelope

    async def publish_unconfirmed(self, payload: Payload, *, correlation_id: str | None = None) -> Awaitable[object]:
        answer: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        try:
            answer.set_result(await self.publish(payload, correlation_id=correlation_id))
        except Exception as exc:  # Kafka's refusal comes with the answer, not with the queueing
            answer.set_exception(exc)
        return answer


@dataclass(frozen=True)
class Pending:
    events: tuple[Envelope[Payload], ...]
    check: Check


class MemoryOutbox:
    """An ``EventOutbox`` whose relay is instant: a committed write's events are ``published`` at once, an
    abandoned write's are dropped, and a write neither committed nor abandoned (a crash between the steps) stays
    ``pending`` with its check, for the real relay's sweep to decide."""

    def __init__(self, producer: str = "test", *, clock: Clock = utc_now) -> None:
        self.producer = producer
        self.pending: dict[str, Pending] = {}
        self.published: list[Envelope[Payload]] = []
        self.abandoned: list[Envelope[Payload]] = []
        self._clock = clock

    def payloads(self, kind: type[P]) -> list[P]:
        return payloads_of(self.published, kind)

    async def prepare(self, payloads: Sequence[Payload], check: Check, *, correlation_id: str | None = None) -> Write:
        now = self._clock()
        events = tuple(_wrap(p, self.producer, correlation_id, now) for p in payloads)
        write = Write(uuid7().hex, now, tuple(str(e.event_id) for e in events))
        self.pending[write.write_id] = Pending(events, check)
        return write

    def commit(self, write: Write) -> None:
        self.published += self.pending.pop(write.write_id).events

    async def abandon(self, write: Write) -> None:
        self.abandoned += self.pending.pop(write.write_id).events
