"""Kafka as another producer or consumer sees it: a topic read from the start, records put on a topic."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
from collections.abc import AsyncIterator
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from contracts import CATALOG, DEAD_LETTER, REGISTRY, Envelope, Payload, topic_for
from peerprep_testing.servers import REPO_ROOT, Servers
from svc_kit.bus import event_headers
from svc_kit.kafka_topics import ensure_topics


class DeadLetters:
    """The test's dead-letter topic, read from the start."""

    def __init__(self, servers: Servers, prefix: str) -> None:
        self._consumer = AIOKafkaConsumer(
            f"{prefix}{DEAD_LETTER.name}", bootstrap_servers=servers.kafka_bootstrap, auto_offset_reset="earliest"
        )
        self.seen: list[Any] = []

    async def __aenter__(self) -> DeadLetters:
        await self._consumer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._consumer.stop()

    async def wait_for(self, count: int, timeout_s: float = 30) -> list[Any]:
        async with asyncio.timeout(timeout_s):
            while len(self.seen) < count:
                self.seen.append(await self._consumer.getone())
        return self.seen

    async def drain(self, quiet_s: float = 2.0) -> list[Any]:
        while batch := await self._consumer.getmany(timeout_ms=int(quiet_s * 1000)):
            self.seen.extend(r for rs in batch.values() for r in rs)
        return self.seen


class EventLog:
    """Reads one topic of the test's namespace from the start, as a separate consumer would."""

    def __init__(self, servers: Servers, prefix: str, payload: type[Payload]) -> None:
        self._servers, self._prefix = servers, prefix
        self._topic = f"{prefix}{topic_for(payload).name}"
        self._consumer = AIOKafkaConsumer(
            self._topic, bootstrap_servers=servers.kafka_bootstrap, auto_offset_reset="earliest", group_id=None
        )
        self.seen: list[Envelope[Payload]] = []

    async def __aenter__(self) -> EventLog:
        await ensure_topics(self._servers.kafka_bootstrap, CATALOG, prefix=self._prefix)
        await self._consumer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._consumer.stop()

    async def wait_for(self, count: int, *, timeout_s: float = 30) -> list[Envelope[Payload]]:
        """Block until at least ``count`` events have arrived; return them all."""
        async with asyncio.timeout(timeout_s):
            while len(self.seen) < count:
                record = await self._consumer.getone()
                self.seen.append(REGISTRY.decode(record.value))
        return self.seen

    async def drain(self, *, quiet_s: float = 1.0) -> list[Envelope[Payload]]:
        """Everything that arrives until the topic has been quiet for ``quiet_s``: proves nothing more came."""
        while True:
            batch = await self._consumer.getmany(timeout_ms=int(quiet_s * 1000))
            records = [r for rs in batch.values() for r in rs]
            if not records:
                return self.seen
            self.seen.extend(REGISTRY.decode(r.value) for r in records)


@contextlib.asynccontextmanager
async def raw_producer(servers: Servers) -> AsyncIterator[AIOKafkaProducer]:
    producer = AIOKafkaProducer(bootstrap_servers=servers.kafka_bootstrap)
    await producer.start()
    try:
        yield producer
    finally:
        await producer.stop()


async def publish(servers: Servers, prefix: str, envelope: Envelope[Any] | bytes, *, topic: str = "") -> None:
    """Put a record on a topic as some other producer would (bytes for a malformed one: then name the topic)."""
    await ensure_topics(servers.kafka_bootstrap, CATALOG, prefix=prefix)
    async with raw_producer(servers) as producer:
        if isinstance(envelope, bytes):
            await producer.send_and_wait(f"{prefix}{topic}", envelope)
        else:
            name = topic_for(envelope.payload).name
            headers = [(k, v.encode()) for k, v in event_headers(envelope).items()]
            await producer.send_and_wait(
                f"{prefix}{name}", envelope.to_bytes(), key=envelope.payload.key().encode(), headers=headers
            )


def kafka_cli(tool: str, *args: str) -> str:
    """Run one of the repo's Kafka CLI wrappers (infra/bin) and return its output."""
    result = subprocess.run(
        [str(REPO_ROOT / "infra" / "bin" / tool), *args], capture_output=True, text=True, timeout=120, check=False
    )
    if result.returncode != 0:
        raise AssertionError(f"{tool} {' '.join(args)} failed ({result.returncode}): {result.stderr[-2000:]}")
    return result.stdout
