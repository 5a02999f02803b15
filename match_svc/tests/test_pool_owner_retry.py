"""PoolOwner's live loop after a failure: the rebuild is tried again until it succeeds, before any live record
(Kafka and the pools are stand-ins here; tests/test_matching_outage.py is the same with a real Kafka stopped)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from aiokafka import TopicPartition

from contracts import headers as h
from match_svc import pools
from match_svc.pools import PoolOwner
from match_svc.settings import MatchSettings


class FakeService:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.ticks = 0

    async def tick(self, *, read_up_to: float | None = None) -> None:
        self.ticks += 1

    async def flush(self) -> None: ...


class FakeConsumer:
    """getmany fails once (Kafka away), then returns one record each time."""

    def __init__(self) -> None:
        self.calls = 0

    async def getmany(self, **_: Any) -> dict[Any, list[Any]]:
        self.calls += 1
        await asyncio.sleep(0)
        if self.calls == 1:
            raise ConnectionError("Kafka away")
        return {TopicPartition("t.match.requested", 0): [SimpleNamespace(offset=0, timestamp=0)]}

    def assignment(self) -> set[TopicPartition]:
        return set()


class Trace:
    def __init__(self, rebuild_failures: int) -> None:
        self.events: list[str] = []
        self._left = rebuild_failures
        self.done = asyncio.Event()

    async def rebuild(self, partitions: set[int]) -> None:
        await asyncio.sleep(0)
        if self._left > 0:
            self._left -= 1
            self.events.append("rebuild failed")
            raise ConnectionError("NodeNotReadyError")
        self.events.append("rebuilt")

    async def dispatch(self, record: Any) -> None:
        self.events.append("live")
        self.done.set()


def owner_with(trace: Trace, monkeypatch: pytest.MonkeyPatch) -> PoolOwner:
    monkeypatch.setattr(pools, "_RETRY_S", (0.01, 0.02))
    owner = PoolOwner(MatchSettings(), FakeService(), bus=None)  # type: ignore[arg-type]
    owner._consumer = FakeConsumer()
    owner._owned = {0, 1}
    owner._rebuild = trace.rebuild  # type: ignore[method-assign]
    owner._dispatch = trace.dispatch  # type: ignore[method-assign]
    return owner


async def _run_until_live(owner: PoolOwner, trace: Trace) -> None:
    task = asyncio.create_task(owner._run())
    try:
        await asyncio.wait_for(trace.done.wait(), 5)
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_a_rebuild_that_fails_after_an_outage_is_tried_again_until_it_succeeds_before_any_live_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trace = Trace(rebuild_failures=3)
    owner = owner_with(trace, monkeypatch)
    await _run_until_live(owner, trace)
    assert trace.events[:5] == ["rebuild failed"] * 3 + ["rebuilt", "live"]
    assert owner.failures == 4  # the live failure and three failed rebuilds, each logged once


async def test_a_rebuild_that_fails_on_assignment_is_tried_again_before_any_live_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trace = Trace(rebuild_failures=1)
    owner = owner_with(trace, monkeypatch)
    await owner.assigned({1})  # Kafka answers the group but not the rebuild's reads
    owner._consumer.calls = 1  # type: ignore[union-attr]  # no outage in the live loop itself
    await _run_until_live(owner, trace)
    assert trace.events[:3] == ["rebuild failed", "rebuilt", "live"]


class FlakyBroker:
    """The dead-letter publish fails the first time (Kafka away), then succeeds."""

    def __init__(self) -> None:
        self.attempts = 0
        self.published: list[dict[str, Any]] = []
        self.delivered = asyncio.Event()

    async def publish(self, value: bytes, **sent: Any) -> None:
        self.attempts += 1
        if self.attempts == 1:
            raise ConnectionError("Kafka away")
        self.published.append({"value": value, **sent})
        self.delivered.set()


class Bus:
    def __init__(self) -> None:
        self.broker = FlakyBroker()

    def topic(self, name: str) -> str:
        return name


class OneUnreadableRecord:
    """getmany gives one record that is not JSON, then nothing more."""

    def __init__(self) -> None:
        self.calls = 0

    async def getmany(self, **_: Any) -> dict[Any, list[Any]]:
        self.calls += 1
        await asyncio.sleep(0)
        if self.calls > 1:
            return {}
        record = SimpleNamespace(
            topic="match.requested", partition=0, offset=7, key=b"easy", value=b"{", headers=[], timestamp=0
        )
        return {TopicPartition("match.requested", 0): [record]}


async def test_a_dead_letter_whose_publish_fails_is_sent_once_kafka_answers_not_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pools, "_RETRY_S", (0.01, 0.02))
    bus = Bus()
    owner = PoolOwner(MatchSettings(), FakeService(), bus=bus)  # type: ignore[arg-type]
    owner._consumer = OneUnreadableRecord()
    owner._owned = {0}

    async def rebuild(partitions: set[int]) -> None:  # reads the record again, and skips it as a rebuild does
        await asyncio.sleep(0)

    owner._rebuild = rebuild  # type: ignore[method-assign]
    task = asyncio.create_task(owner._run())
    try:
        await asyncio.wait_for(bus.broker.delivered.wait(), 5)
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    [sent] = bus.broker.published
    assert sent["value"] == b"{"
    assert sent["headers"][h.DEAD_LETTER_SOURCE] == "match.requested/0/7"
    assert bus.broker.attempts == 2


class Positions:
    """A consumer's view of two partitions: where it has read to, and where they end."""

    def __init__(self, read: dict[int, int], ends: dict[int, int]) -> None:
        self._read, self._ends = read, ends

    def assignment(self) -> set[TopicPartition]:
        return {TopicPartition("t.match.requested", p) for p in self._read}

    def highwater(self, tp: TopicPartition) -> int:
        return self._ends[tp.partition]

    async def position(self, tp: TopicPartition) -> int:
        return self._read[tp.partition]


async def test_behind_on_a_partition_the_loop_judges_deadlines_at_the_last_input_it_read_there() -> None:
    owner = PoolOwner(MatchSettings(), FakeService(), bus=None)  # type: ignore[arg-type]
    owner._owned = {0, 1}
    owner._read_at = {TopicPartition("t.match.requested", p): at for p, at in ((0, 100.0), (1, 200.0))}
    owner._consumer = Positions(read={0: 5, 1: 9}, ends={0: 5, 1: 9})  # type: ignore[assignment]
    assert await owner._read_up_to() is None  # caught up: the clock decides
    owner._consumer = Positions(read={0: 5, 1: 9}, ends={0: 5, 1: 40})  # type: ignore[assignment]
    assert await owner._read_up_to() == 200.0
    owner._consumer = Positions(read={0: 3, 1: 9}, ends={0: 5, 1: 40})  # type: ignore[assignment]
    assert await owner._read_up_to() == 100.0  # the one furthest behind
