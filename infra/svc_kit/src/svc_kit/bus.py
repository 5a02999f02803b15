"""Publishing and consuming PeerPrep events over Kafka, the same way in every service.

A consumer handler receives a typed envelope. Around it the bus: decodes the record (a malformed one is logged
and dead-lettered, never stops the consumer), binds the correlation id to the logs, skips events this consumer
already handled (dedupe on the producer's ``event_id``), retries a failing handler with backoff and dead-letters
it when retries run out, and marks the event handled. Only then is the offset committed.

An outage is not the record's fault: when MongoDB or Kafka does not answer (in the handler, the dedupe store or
the dead-letter publish), nothing is committed or dead-lettered; the bus waits (growing backoff, capped) and
FastStream rewinds the partition to the same record (AckPolicy.NACK_ON_ERROR), so order is kept and nothing is lost.

A broadcast subscription (``subscribe_broadcast``) is the other kind: every instance reads every record of the
topic, with no consumer group, from the latest offset, for state that lives only in this process (the gateway's
sockets). It dedupes in memory (a bounded set of recent event ids), never retries, and never waits out an outage.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import structlog
from aiokafka.errors import KafkaConnectionError, KafkaError
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, Topic
from pymongo.errors import ConnectionFailure

from contracts import DEAD_LETTER, REGISTRY, ContractError, Envelope, Payload, PayloadRegistry, topic_for
from contracts import headers as h
from svc_kit.broadcast import BroadcastConsumer
from svc_kit.correlation import current_correlation_id
from svc_kit.idempotency import ProcessedEvents
from svc_kit.logging import get_logger
from svc_kit.recent import RecentIds

P = TypeVar("P", bound=Payload)
Handler = Callable[[Envelope[P]], Awaitable[None]]

_BACKOFF_S = (0.2, 0.5, 1.0, 2.0, 4.0, 8.0)
_RECENT_BROADCASTS = 10_000


async def raw_record(message: Any) -> Any:
    """The decoder of every subscriber here: the message itself becomes the handler's one argument.

    So no dependency injection runs per record: FastStream resolves a ``Context("message")`` parameter (what
    ``KafkaMessage`` annotates) in a worker thread, a thread hop per record that costs more than the work.
    """
    return message


def is_outage(exc: BaseException) -> bool:
    """A dependency that does not answer now and may later, as opposed to a record that can never succeed."""
    if isinstance(exc, KafkaError):
        return bool(exc.retriable) or isinstance(exc, KafkaConnectionError)
    return isinstance(exc, ConnectionFailure | ConnectionError | TimeoutError)


def _backoff(attempt: int) -> float:
    return _BACKOFF_S[min(attempt, len(_BACKOFF_S) - 1)]


class EventBus:
    def __init__(
        self,
        broker: KafkaBroker,
        *,
        producer: str,
        topic_prefix: str,
        processed: ProcessedEvents,
        retries: int = 4,
        registry: PayloadRegistry = REGISTRY,
        bootstrap: str | None = None,
    ) -> None:
        self.broker = broker
        self.producer = producer
        self.prefix = topic_prefix
        self._processed = processed
        self._retries = retries
        self._registry = registry
        self._log = get_logger("svc_kit.bus", service=producer)
        self.handled = 0  # records taken off Kafka and finished with (handled, skipped or dead-lettered)
        self._handled_on: dict[str, int] = {}  # the same, by topic (its logical name)
        self._outages = 0  # consecutive records put back because a dependency did not answer
        self._progress: asyncio.Condition | None = None
        self._bootstrap = bootstrap
        self._broadcasts: list[BroadcastConsumer] = []
        self.broadcast_subscriptions: list[BroadcastSubscription] = []  # what they read, for the AsyncAPI document

    def topic(self, name: str) -> str:
        return f"{self.prefix}{name}"

    async def publish(self, payload: Payload, *, correlation_id: str | None = None) -> Envelope[Payload]:
        """Wrap ``payload`` in an envelope and publish it to its topic, keyed as the catalog says."""
        record = self.record(payload, correlation_id=correlation_id)
        await self.send(record)
        assert record.envelope is not None
        return record.envelope

    async def publish_unconfirmed(self, payload: Payload, *, correlation_id: str | None = None) -> Awaitable[object]:
        """As ``publish``, but returns once the record is queued in the producer, with Kafka's answer still to
        come (await it: it raises when Kafka refused the record). Records queued one after another reach their
        partition in that order, so a loop can queue many decisions and wait for the broker once."""
        answer: Awaitable[object] = await self.send(self.record(payload, correlation_id=correlation_id), confirm=False)
        return answer

    def record(self, payload: Payload, *, correlation_id: str | None = None) -> OutgoingRecord:
        """``payload`` as the Kafka record that publishes it (a new envelope: event id, time, correlation id)."""
        envelope = Envelope.wrap(
            payload,
            producer=self.producer,
            correlation_id=correlation_id or current_correlation_id(),
        )
        return OutgoingRecord(
            topic=self.topic(topic_for(payload).name),
            key=payload.key(),
            value=envelope.to_bytes().decode(),
            headers=event_headers(envelope),
            envelope=envelope,
        )

    async def send(self, record: OutgoingRecord, *, confirm: bool = True) -> Any:
        """Publish a record made by ``record`` (now or again later: the outbox keeps records to relay them); with
        ``confirm=False``, returns Kafka's answer still to come instead of waiting for it."""
        answer = await self.broker.publish(
            record.value.encode(),
            topic=record.topic,
            key=record.key.encode(),
            headers=record.headers,
            correlation_id=record.headers[h.CORRELATION_ID],
            no_confirm=not confirm,
        )
        self._log.debug("event.published", event_type=record.headers[h.EVENT_TYPE], event_id=record.event_id)
        return answer

    def subscribe(self, payload_type: type[P], handler: Handler[P], *, name: str | None = None) -> str:
        """Consume ``payload_type``'s topic with ``handler`` in a consumer group of its own; returns the group."""
        spec = topic_for(payload_type)
        group = f"{self.prefix}{self.producer}.{name or handler.__name__}"
        subscriber = self.broker.subscriber(
            Topic(self.topic(spec.name), declare=False),  # the catalog's topic (ensure_topics): never made here
            group_id=group,
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.NACK_ON_ERROR,
            decoder=raw_record,
            title=f"{group}:{spec.name}",
            description=f"{self.producer} handles {spec.name} ({spec.description})",
        )

        async def on_record(msg: Any) -> None:  # the KafkaMessage (see raw_record)
            try:
                await self._on_record(msg, payload_type, handler, group)
            except Exception as exc:
                delay = _backoff(self._outages)
                self._outages += 1
                self._log.warning("event.put_back", reason=repr(exc), retry_in_s=delay, group=group)
                await asyncio.sleep(delay)
                raise  # not committed: FastStream rewinds the partition to this record
            self._outages = 0
            await self._count_handled(spec.name)

        subscriber(on_record)
        return group

    def subscribe_broadcast(
        self,
        payload_type: type[P],
        handler: Handler[P],
        *,
        name: str | None = None,
        remember: int = _RECENT_BROADCASTS,
        from_beginning: bool = False,
    ) -> str:
        """Read ``payload_type``'s whole topic in this instance (no consumer group), from the latest offset (or from
        the first: an in-memory table rebuilt from a compacted topic at every start).

        For in-process state only: nothing is stored, so a record is handled at most once per instance (the last
        ``remember`` event ids are kept to drop a redelivery), a failing handler is logged and not retried, and a
        malformed record is logged and dead-lettered. Started by ``start_broadcasts``. Returns the consumer's name.
        """
        if self._bootstrap is None:
            raise ValueError("a broadcast subscription needs the bus to know the Kafka bootstrap servers")
        spec = topic_for(payload_type)
        name = f"{self.prefix}{self.producer}.{name or handler.__name__}:broadcast"
        recent: RecentIds[int] = RecentIds(remember)  # ints: untracked by the collector, unlike UUID objects
        # Read from the first record at every start, a table re-reads what an earlier start (or another instance)
        # already read: only records written since this subscription began are dead-lettered, so once each.
        since_ms = time.time() * 1000 if from_beginning else 0.0

        async def on_record(record: Any) -> None:
            if record.value is None:  # a tombstone on a compacted topic: the key is gone, nothing to handle
                return
            fresh = (record.timestamp or 0) >= since_ms
            try:
                await self._on_broadcast(_Received(record), payload_type, handler, name, recent, dead_letter=fresh)
            except Exception as exc:  # never stop the consumer (a dead letter or a handler in trouble is logged)
                self._log.warning("event.broadcast_dropped", reason=repr(exc), consumer=name)
            await self._count_handled(spec.name)

        what = f"{self.producer} reads every {spec.name} ({'a table from the start' if from_beginning else 'live'})"
        self.broadcast_subscriptions.append(BroadcastSubscription(name, spec.name, payload_type, what))
        self._broadcasts.append(
            BroadcastConsumer(
                bootstrap=self._bootstrap,
                topic=self.topic(spec.name),
                name=name,
                on_record=on_record,
                from_beginning=from_beginning,
            )
        )
        return name

    async def start_broadcasts(self, *, timeout_s: float) -> None:
        """Start every broadcast consumer; each has its positions when this returns."""
        await asyncio.gather(*(consumer.start(timeout_s=timeout_s) for consumer in self._broadcasts))

    async def stop_broadcasts(self) -> None:
        await asyncio.gather(*(consumer.stop() for consumer in self._broadcasts))

    async def _on_broadcast(
        self,
        msg: _Received,
        payload_type: type[P],
        handler: Handler[P],
        consumer: str,
        recent: RecentIds[int],
        *,
        dead_letter: bool = True,
    ) -> None:
        record = msg.raw_message
        where = {"topic": record.topic, "partition": record.partition, "offset": record.offset, "consumer": consumer}
        envelope = await self._read(msg, payload_type, consumer, where, dead_letter=dead_letter)
        if envelope is None or not recent.add(envelope.event_id.int):
            return
        with structlog.contextvars.bound_contextvars(
            correlation_id=envelope.correlation_id, event_id=str(envelope.event_id), event_type=envelope.type
        ):
            try:
                await handler(envelope)
            except Exception:
                self._log.exception("event.handler_failed", **where)

    async def _read(
        self, msg: Any, payload_type: type[P], consumer: str, where: dict[str, Any], *, dead_letter: bool = True
    ) -> Envelope[P] | None:
        """The record's envelope, or None when there is nothing to handle: another version of the payload, or a
        malformed record (logged and, unless told it was already, dead-lettered, so the consumer goes on)."""
        try:
            return self._decode(msg, payload_type)
        except Exception as exc:  # decoding does no I/O: whatever it raises is the record's fault, never an outage
            self._log.warning(
                "event.malformed", reason=str(exc) if isinstance(exc, ContractError) else repr(exc)[:300], **where
            )
            if dead_letter:
                await self._dead_letter(msg, consumer, f"malformed: {exc}", correlation_id=None)
            return None

    def _decode(self, msg: Any, payload_type: type[P]) -> Envelope[P] | None:
        """The record's envelope; None for another version of the payload; ContractError when unreadable."""
        envelope = decode_as(msg.body, payload_type, self._registry)
        if envelope is None:
            self._log.debug("event.other_version_skipped")
        return envelope

    async def _count_handled(self, topic: str) -> None:
        self.handled += 1
        self._handled_on[topic] = self._handled_on.get(topic, 0) + 1
        async with self._condition():
            self._condition().notify_all()

    def _condition(self) -> asyncio.Condition:
        if self._progress is None:
            self._progress = asyncio.Condition()
        return self._progress

    async def wait_handled(self, count: int, *, of: type[Payload] | None = None, timeout_s: float = 30) -> None:
        """Wait until at least ``count`` records (of ``of``'s topic, or of any) have been finished with since start."""

        def done() -> bool:
            return (self.handled if of is None else self._handled_on.get(topic_for(of).name, 0)) >= count

        async with asyncio.timeout(timeout_s), self._condition():
            await self._condition().wait_for(done)

    async def _on_record(self, msg: Any, payload_type: type[P], handler: Handler[P], group: str) -> None:
        record = msg.raw_message
        where = {"topic": record.topic, "partition": record.partition, "offset": record.offset, "group": group}
        envelope = await self._read(msg, payload_type, group, where)
        if envelope is None:
            return
        with structlog.contextvars.bound_contextvars(
            correlation_id=envelope.correlation_id, event_id=str(envelope.event_id), event_type=envelope.type
        ):
            if await self._processed.seen(group, envelope.event_id):
                self._log.info("event.duplicate_skipped", **where)
                return
            if not await self._run(handler, envelope, where):
                await self._dead_letter(msg, group, "handler failed after retries", envelope.correlation_id)
                return
            await self._processed.mark(group, envelope.event_id, envelope.type)

    async def _run(self, handler: Handler[P], envelope: Envelope[P], where: dict[str, Any]) -> bool:
        for attempt in range(self._retries + 1):
            try:
                await handler(envelope)
                return True
            except Exception as exc:
                if is_outage(exc):
                    raise
                if attempt == self._retries:
                    self._log.exception("event.handler_failed", attempts=attempt + 1, **where)
                    return False
                delay = _backoff(attempt)
                self._log.warning("event.handler_retry", attempt=attempt + 1, delay_s=delay, exc_info=True, **where)
                await asyncio.sleep(delay)
        return False

    async def _dead_letter(self, msg: Any, group: str, reason: str, correlation_id: str | None) -> None:
        await dead_letter(self.broker, self.topic(DEAD_LETTER.name), msg.raw_message, group, reason, correlation_id)


def decode_as(raw: bytes | str, payload_type: type[P], registry: PayloadRegistry = REGISTRY) -> Envelope[P] | None:
    """A record of ``payload_type``'s topic as its envelope; None for another version of that event (during a
    migration the producer publishes each version it supports, a consumer reads one); ContractError when it is
    unreadable or another event altogether."""
    envelope = registry.decode(raw)
    if envelope.type == payload_type.EVENT_TYPE and envelope.version != payload_type.VERSION:
        return None
    if not isinstance(envelope.payload, payload_type):
        raise ContractError(f"{envelope.type} v{envelope.version} on a {payload_type.EVENT_TYPE} topic")
    return envelope  # type: ignore[return-value]


async def dead_letter(
    broker: KafkaBroker, topic: str, record: Any, consumer: str, reason: str, correlation_id: str | None = None
) -> None:
    """Publish Kafka ``record`` (an aiokafka ``ConsumerRecord``) to the dead-letter ``topic`` as it came, with its
    headers and why ``consumer`` gave up on it and where it came from (``contracts.headers.DEAD_LETTER_*``)."""
    headers = {k: v.decode("utf-8", "replace") for k, v in record.headers or () if isinstance(v, bytes)}
    headers |= {
        h.DEAD_LETTER_REASON: reason[:500],
        h.DEAD_LETTER_SOURCE: f"{record.topic}/{record.partition}/{record.offset}",
        h.DEAD_LETTER_CONSUMER: consumer,
    }
    await broker.publish(
        record.value or b"",
        topic=topic,
        key=record.key,
        headers=headers,
        correlation_id=correlation_id or headers.get(h.CORRELATION_ID),
    )


@dataclass(frozen=True)
class BroadcastSubscription:
    name: str
    topic: str  # its logical name (without the deployment's prefix)
    payload_type: type[Payload]
    description: str


@dataclass(frozen=True)
class OutgoingRecord:
    topic: str
    key: str
    value: str  # the envelope's JSON
    headers: dict[str, str]
    envelope: Envelope[Payload] | None = None  # None when read back from the outbox

    @property
    def event_id(self) -> str:
        return self.headers[h.EVENT_ID]


class _Received:
    """A broadcast record in the shape the bus reads a FastStream message in (body, headers, raw_message)."""

    def __init__(self, record: Any) -> None:
        self.raw_message = record
        self.body: bytes = record.value or b""
        self.headers = {k: v.decode("utf-8", "replace") for k, v in record.headers or ()}


def event_headers(envelope: Envelope[Payload]) -> dict[str, str]:
    """The Kafka headers every event carries, so tools can route and trace without parsing the value."""
    return {
        h.EVENT_ID: str(envelope.event_id),
        h.EVENT_TYPE: envelope.type,
        h.EVENT_VERSION: str(envelope.version),
        h.CORRELATION_ID: envelope.correlation_id,
        h.PRODUCER: envelope.producer,
        "content-type": "application/json",
    }
