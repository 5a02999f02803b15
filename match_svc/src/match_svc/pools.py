"""The pools' Kafka side: which instance owns which difficulty, the rebuild on assignment, and the live loop.

Every match topic has the same partitions and the difficulty as key, so partition ``n`` of all of them holds the
same difficulties. The instances of match_svc share one consumer group on the three input topics with the range
assignor, which gives partition ``n`` of every input topic to the same instance: that instance alone owns those
pools. On assignment it reads partition ``n`` of the input topics and of its own decision topics from
``rebuild_window_s`` ago to their end, rebuilds the pools (``domain.rebuild``), does what the previous owner left
undone, and then reads the inputs live from where the rebuild stopped. Nothing is committed: the log is the state.
A failure while handling a record (MongoDB or Kafka away), or a rebuild that fails, leaves the pools to rebuild:
that rebuild is tried again (growing backoff) before any live record is handled, until it succeeds.

State requests (``match.state_requested``, same partitions and key) are read live by the same consumer and
answered from the pools, after the other inputs of the same batch; they are queries, not facts: a rebuild never
reads them. Each rebuild seeks them back ``state_catch_up_s``, so asks made while the pools had no owner (a killed
instance, an outage) are answered once the pools are back. Ownership follows the fact topics' partitions only.

A record that is not its topic's event (unreadable, or a valid envelope of another type) is skipped by both the
rebuild and the live loop, and dead-lettered by the live loop only: a rebuild reads the same records again at
every assignment, and the live loop never reads what a rebuild read, so each is dead-lettered once.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from contextlib import suppress
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.coordinator.assignors.range import RangePartitionAssignor
from aiokafka.partitioner import DefaultPartitioner

from contracts import DEAD_LETTER, ContractError, Envelope, Payload
from contracts.common import Difficulty
from contracts.events.match import (
    MatchAccepted,
    MatchCancelled,
    MatchFound,
    MatchProposed,
    MatchRequested,
    MatchStateRequested,
    MatchTimedOut,
    MatchWithdrawn,
)
from contracts.topics import MATCH_PARTITIONS
from match_svc.service import Facts, MatchService, collect
from match_svc.settings import MatchSettings
from svc_kit.bus import EventBus, dead_letter, decode_as
from svc_kit.kafka_topics import KafkaUnavailable
from svc_kit.logging import get_logger

INPUTS = (MatchRequested, MatchCancelled, MatchAccepted)  # facts: what users asked, replayed by a rebuild
QUERIES = (MatchStateRequested,)  # read-only: answered live, never replayed
DECISIONS = (MatchProposed, MatchFound, MatchTimedOut, MatchWithdrawn)
_RETRY_S = (0.5, 1.0, 2.0, 4.0)


def partition_of(difficulty: Difficulty, partitions: int = MATCH_PARTITIONS) -> int:
    """Where Kafka's default partitioner puts a difficulty's events (murmur2 of the key, as the Java client)."""
    everything = list(range(partitions))
    return int(DefaultPartitioner()(difficulty.value.encode(), everything, everything))


class PoolOwner:
    def __init__(self, settings: MatchSettings, service: MatchService, bus: EventBus) -> None:
        self._settings = settings
        self._service = service
        self._bus = bus
        self._prefix = settings.topic_prefix
        self._group = f"{self._prefix}match_svc.pools"
        self._types = {self._topic(t): t for t in INPUTS + QUERIES + DECISIONS}  # what each topic may hold
        self._queries = {self._topic(t) for t in QUERIES}
        self._replayed: dict[tuple[str, int], int] = {}  # query partition -> where its last catch-up began live
        self._owned: set[int] = set()
        self._consumer: AIOKafkaConsumer | None = None
        self._reader: AIOKafkaConsumer | None = None
        self._task: asyncio.Task[None] | None = None
        self._log = get_logger("match_svc.owner")
        self.rebuilds = 0  # how many times partitions were rebuilt (tests and logs)
        self.failures = 0  # how many times handling or a rebuild failed (tests and logs)
        self._stale = False  # the pools may be wrong (a failure): rebuild every owned partition before going on
        self._undelivered: deque[tuple[Any, str]] = deque()  # dead letters not yet on Kafka, with why, in order
        self._read_at: dict[TopicPartition, float] = {}  # the time of the last input read live, by partition

    def _topic(self, payload: type[Payload]) -> str:
        return f"{self._prefix}{payload.EVENT_TYPE}"

    async def start(self, *, timeout_s: float) -> None:
        common: dict[str, Any] = {
            "bootstrap_servers": self._settings.kafka_bootstrap,
            "enable_auto_commit": False,
            "request_timeout_ms": int(self._settings.kafka_timeout_s * 1000),
        }
        self._reader = AIOKafkaConsumer(client_id="match_svc-rebuild", group_id=None, **common)
        self._consumer = AIOKafkaConsumer(
            client_id="match_svc-pools",
            group_id=self._group,
            auto_offset_reset="latest",
            partition_assignment_strategy=(RangePartitionAssignor,),
            session_timeout_ms=6000,  # a killed owner's pools move within about this long
            heartbeat_interval_ms=1000,
            fetch_max_wait_ms=50,
            **common,
        )
        self._consumer.subscribe([self._topic(t) for t in INPUTS + QUERIES], listener=_Rebalance(self))
        try:
            async with asyncio.timeout(timeout_s):
                await self._reader.start()
                await self._consumer.start()
        except Exception as exc:
            await self.stop()
            raise KafkaUnavailable(f"match_svc could not join its consumer group: {exc!r}") from exc
        self._task = asyncio.create_task(self._run(), name="match_svc.pools")

    async def stop(self) -> None:
        await self._service.close()
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
        for consumer in (self._consumer, self._reader):
            if consumer is not None:
                await consumer.stop()  # leaves the group: the pools move to another instance at once

    # The group's decisions (called by aiokafka during a rebalance)

    async def assigned(self, partitions: set[int]) -> None:
        async with self._service.lock:
            self._owned |= partitions
            try:
                await self._rebuild(partitions)
                await self._service.flush()
            except Exception as exc:  # Kafka away: the live loop rebuilds once it answers, before any record
                self._stale = True
                self.failures += 1
                self._log.warning("pools.rebuild_failed", reason=repr(exc), partitions=sorted(partitions))

    async def revoked(self, partitions: set[int]) -> None:
        async with self._service.lock:  # the batch in hand is finished and published first
            self._owned -= partitions
            self._service.forget(d for d in Difficulty if partition_of(d) in partitions)

    # Live

    async def _run(self) -> None:
        assert self._consumer is not None
        failures = 0
        while True:
            try:
                if self._stale:
                    async with self._service.lock:
                        await self._rebuild(set(self._owned))
                        await self._service.flush()
                        self._stale = False
                        self._log.info("pools.recovered", attempts=failures)
                await self._send_dead_letters()
                batches = await self._consumer.getmany(timeout_ms=int(self._settings.tick_s * 1000), max_records=500)
                async with self._service.lock:
                    if self._stale:  # a rebuild on assignment failed meanwhile: those records are read by it
                        continue
                    for tp, records in sorted(batches.items(), key=lambda batch: batch[0].topic in self._queries):
                        if tp.partition not in self._owned:  # queries last: they see the batch's facts
                            continue
                        for record in records:
                            await self._dispatch(record)
                        if records:
                            self._read_at[tp] = records[-1].timestamp / 1000
                    await self._service.tick(read_up_to=await self._read_up_to())
                    await self._service.flush()  # the batch's decisions, acknowledged together
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # an outage mid-record or mid-rebuild: the log has everything, rebuild from it
                self._stale = True
                delay = _RETRY_S[min(failures, len(_RETRY_S) - 1)]
                failures += 1
                self.failures += 1
                self._log.warning("pools.failed", reason=repr(exc), attempt=failures, retry_in_s=delay)
                await asyncio.sleep(delay)

    async def _read_up_to(self) -> float | None:
        """When the live loop is behind (records written but not read yet), how far it has read: the time of the
        last input read on the partition furthest behind. A deadline after that is not judged yet: an accept or a
        request sent before it may be among the records still to read. None when every partition is caught up."""
        assert self._consumer is not None
        behind = []
        for tp in self._consumer.assignment():
            end = self._consumer.highwater(tp)
            if tp.partition in self._owned and end is not None and await self._consumer.position(tp) < end:
                behind.append(self._read_at.get(tp, 0.0))
        return min(behind, default=None)

    async def _dispatch(self, record: Any) -> None:
        envelope, problem = _read(record, self._types[record.topic])
        if problem is not None:
            if record.offset < self._replayed.get((record.topic, record.partition), -1):
                return  # read again by a catch-up: dead-lettered when read live first (a rebuild skips it too)
            self._log.warning("pools.unreadable", topic=record.topic, offset=record.offset, reason=problem)
            self._undelivered.append((record, f"malformed: {problem}"))
            await self._send_dead_letters()
            return
        if envelope is None:
            return
        with structlog.contextvars.bound_contextvars(correlation_id=envelope.correlation_id):
            await self._service.take(envelope, record.offset)

    async def _send_dead_letters(self) -> None:
        """Publish the dead letters in hand. One that fails (Kafka away) stays first in line and the failure goes
        on as any other: the rebuild that follows does not read the record live again, so it is sent from here
        (before any other record) once Kafka answers, never skipped."""
        while self._undelivered:
            record, reason = self._undelivered[0]
            await dead_letter(self._bus.broker, self._bus.topic(DEAD_LETTER.name), record, self._group, reason)
            self._undelivered.popleft()

    # Rebuild

    async def _rebuild(self, partitions: set[int]) -> None:
        if not partitions:
            return
        assert self._reader is not None
        assert self._consumer is not None
        started = time.monotonic()
        started_wall = time.time()
        inputs = [TopicPartition(self._topic(t), p) for t in INPUTS for p in sorted(partitions)]
        everything = inputs + [TopicPartition(self._topic(t), p) for t in DECISIONS for p in sorted(partitions)]
        self._reader.assign(everything)
        since_ms = int((time.time() - self._settings.rebuild_window_s) * 1000)
        starts = await self._reader.offsets_for_times(dict.fromkeys(everything, since_ms))
        ends = await self._reader.end_offsets(everything)
        for tp in everything:
            found = starts.get(tp)
            self._reader.seek(tp, found.offset if found is not None else ends[tp])
        facts: dict[Difficulty, Facts] = {d: Facts() for d in Difficulty if partition_of(d) in partitions}
        remaining = {tp for tp in everything if await self._reader.position(tp) < ends[tp]}
        records = 0
        while remaining:
            batches = await self._reader.getmany(*remaining, timeout_ms=1000, max_records=2000)
            for tp, batch in batches.items():
                for record in batch:
                    if record.offset < ends[tp]:
                        records += 1
                        collect(facts, _read(record, self._types[tp.topic])[0], record.offset)
            remaining = {tp for tp in remaining if await self._reader.position(tp) < ends[tp]}
        self._service.forget(facts)
        for difficulty, known in facts.items():
            await self._service.restore(difficulty, known)
        for tp in inputs:  # live from exactly where the rebuild stopped
            if tp in self._consumer.assignment():
                self._consumer.seek(tp, ends[tp])
        await self._catch_up_queries(partitions, since_ms=int((started_wall - self._settings.state_catch_up_s) * 1000))
        self.rebuilds += 1
        self._log.info(
            "pools.owned",
            partitions=sorted(partitions),
            difficulties=sorted(facts),
            records=records,
            took_ms=round((time.monotonic() - started) * 1000, 1),
        )

    async def _catch_up_queries(self, partitions: set[int], *, since_ms: int) -> None:
        """Queries are answered live from ``since_ms``: those made while nobody owned these pools get answers."""
        assert self._reader is not None
        assert self._consumer is not None
        queries = [TopicPartition(t, p) for t in sorted(self._queries) for p in sorted(partitions)]
        queries = [tp for tp in queries if tp in self._consumer.assignment()]
        if not queries:
            return
        starts = await self._reader.offsets_for_times(dict.fromkeys(queries, since_ms))
        ends = await self._reader.end_offsets(queries)
        for tp in queries:
            found = starts.get(tp)
            self._consumer.seek(tp, found.offset if found is not None else ends[tp])
            self._replayed[(tp.topic, tp.partition)] = ends[tp]

    def pools_of(self, partitions: Any) -> set[int]:
        """The pools' partitions among ``partitions`` (TopicPartitions): those of the fact topics. A query topic's
        partition alone owns nothing (a rolling upgrade may give it to an instance that owns no pool there)."""
        facts = {self._topic(t) for t in INPUTS}
        return {tp.partition for tp in partitions if tp.topic in facts}


def _read(record: Any, expected: type[Payload]) -> tuple[Envelope[Payload] | None, str | None]:
    """The record's envelope if it is ``expected`` (its topic's event), else None with what is wrong with it (no
    problem for another version of the same event: during a migration each version is published)."""
    try:
        return decode_as(record.value, expected), None
    except ContractError as exc:
        return None, str(exc)


class _Rebalance:
    """The owner's side of a rebalance. aiokafka takes an instance of its ``ConsumerRebalanceListener`` (an ABC of
    an untyped package): registered as one below rather than subclassed."""

    def __init__(self, owner: PoolOwner) -> None:
        self._owner = owner

    async def on_partitions_revoked(self, revoked: Any) -> None:
        await self._owner.revoked(self._owner.pools_of(revoked))

    async def on_partitions_assigned(self, assigned: Any) -> None:
        await self._owner.assigned(self._owner.pools_of(assigned))


ConsumerRebalanceListener.register(_Rebalance)
