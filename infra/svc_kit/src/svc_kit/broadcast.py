"""A topic read whole by every instance of a service: no consumer group, from the latest offset (or the first, for
a table kept in memory from a compacted topic), in batches.

For state that lives only in one process (the gateway's sockets). Plain aiokafka rather than a FastStream subscriber:
a record here is cheap work on a hot path (a push to a browser), where FastStream's per-record pipeline would cost
more than the work itself, and its batch subscriber sleeps a whole batch timeout after an empty poll.
``EventBus.subscribe_broadcast`` wraps this with decoding, dedupe and dead-lettering.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaError

from svc_kit.kafka_topics import KafkaUnavailable
from svc_kit.logging import get_logger

RecordHandler = Callable[[Any], Awaitable[None]]  # takes an aiokafka ConsumerRecord
_MAX_RECORDS = 500
_RETRY_S = 1.0


class BroadcastConsumer:
    def __init__(
        self,
        *,
        bootstrap: str,
        topic: str,
        name: str,
        on_record: RecordHandler,
        request_timeout_s: float = 10,
        from_beginning: bool = False,
    ) -> None:
        self.topic = topic
        self.name = name
        self._on_record = on_record
        self._config: dict[str, Any] = {
            "bootstrap_servers": bootstrap,
            "group_id": None,
            "client_id": name,
            "auto_offset_reset": "earliest" if from_beginning else "latest",
            "enable_auto_commit": False,
            "request_timeout_ms": int(request_timeout_s * 1000),
        }
        self._consumer: AIOKafkaConsumer | None = None  # made in start(): aiokafka wants a running loop
        self._task: asyncio.Task[None] | None = None
        self._log = get_logger("svc_kit.broadcast", consumer=name, topic=topic)

    async def start(self, *, timeout_s: float) -> None:
        """Connect and learn where "latest" is on every partition: a record published after this returns is read."""
        self._consumer = consumer = AIOKafkaConsumer(**self._config)
        consumer.subscribe([self.topic])  # with no group, every partition of the topic is assigned
        try:
            async with asyncio.timeout(timeout_s):
                await consumer.start()
                partitions = consumer.assignment()
                if not partitions:
                    raise KafkaUnavailable(f"no partition of {self.topic} assigned to broadcast consumer {self.name}")
                for partition in partitions:
                    await consumer.position(partition)
        except (TimeoutError, KafkaError) as exc:
            await consumer.stop()
            raise KafkaUnavailable(f"broadcast consumer {self.name} could not start on {self.topic}: {exc!r}") from exc
        self._task = asyncio.create_task(self._run(consumer), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
        if self._consumer is not None:
            await self._consumer.stop()

    async def _run(self, consumer: AIOKafkaConsumer) -> None:
        while True:
            try:
                batches = await consumer.getmany(timeout_ms=1000, max_records=_MAX_RECORDS)
            except Exception as exc:  # the client reconnects by itself; say so and poll again
                self._log.warning("broadcast.poll_failed", reason=repr(exc))
                await asyncio.sleep(_RETRY_S)
                continue
            for records in batches.values():
                for record in records:
                    try:
                        await self._on_record(record)
                    except Exception:  # one bad record (or a failed dead-letter publish) must not end the consumer
                        self._log.exception("broadcast.record_failed", partition=record.partition, offset=record.offset)
                    # Let others run between records: a handler that only queues (a push to sockets) never yields,
                    # and a whole batch queued before any socket's writer runs looks like a tab that stopped reading.
                    await asyncio.sleep(0)
