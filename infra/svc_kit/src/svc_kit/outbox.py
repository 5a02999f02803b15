"""The outbox: an event that a write must produce is published after the write, however long Kafka is away, even
when the process dies in between, and never for a write that did not happen. MongoDB-wire subset only: no
multi-document transactions, and the relay never writes the services' own documents.

A write that must produce events goes in three steps:
1. ``prepare``: its events are stored in this service's ``outbox`` collection (one document each, ``_id`` the
   event id) with a ``Check`` saying how to tell, later, whether the write happened.
2. The write itself, which also stores the write's mark (``outbox.<write_id>``) in the changed document, in the
   same single-document update (``mark_update`` / ``marks``); a delete needs no mark (``expect="gone"``).
3. ``commit`` (the write happened: the relay publishes at once) or ``abandon`` (it did not: the events go).

A crash or an error between the steps leaves the events in the outbox; the relay's sweep decides them once they
are older than ``grace_s``: the mark is there (or the document gone) -> publish; not -> the write never happened,
drop. The relay publishes in event-id order (UUIDv7: the order of the writes), holds back every later event of a
key whose earlier one is undecided, and forgets an event only after Kafka acknowledged it, so a crash in between
publishes it again under the same event id (consumers deduplicate on it). A failed publish is retried with a
growing backoff; each write wakes the relay, and a sweep every ``sweep_s`` (one query on ``_id``) finds the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from contracts import Payload, uuid7
from svc_kit.bus import EventBus, OutgoingRecord
from svc_kit.logging import get_logger
from svc_kit.outbox_rules import MARKS_FIELD, Check, Verdict, backoff, stale_marks, verdict


@dataclass(frozen=True)
class Write:
    """A prepared write: its id, when it was prepared, and the event ids it will publish."""

    write_id: str
    at: datetime
    event_ids: tuple[str, ...]

    def mark(self) -> dict[str, datetime]:
        """The value of the ``outbox`` field of a document this write inserts or replaces."""
        return {self.write_id: self.at}


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


class Outbox:
    COLLECTION = "outbox"

    def __init__(
        self,
        db: AsyncDatabase[dict[str, Any]],
        bus: EventBus,
        *,
        grace_s: float = 60.0,
        sweep_s: float = 30.0,
        publish_timeout_s: float = 10.0,
        batch: int = 200,
    ) -> None:
        self._db = db
        self._col = db[self.COLLECTION]
        self._bus = bus
        self._grace_s = grace_s
        self._sweep_s = sweep_s
        self._publish_timeout_s = publish_timeout_s
        self._batch = batch
        self._own: dict[str, int] = {}  # write id -> its events not yet published, for writes committed here
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._indexed = False
        self._stopping = False
        self._log = get_logger("svc_kit.outbox", service=bus.producer)
        self.published = 0  # events published by this relay since start
        self.dropped = 0  # events of writes that never happened

    # --- the writer's side -------------------------------------------------------------------------------------

    async def prepare(self, payloads: Sequence[Payload], check: Check, *, correlation_id: str | None = None) -> Write:
        """Store ``payloads``' events as pending before the write that produces them (step 1)."""
        await self._ensure_index()
        write_id, at = uuid7().hex, datetime.now(UTC)
        records = [self._bus.record(p, correlation_id=correlation_id) for p in payloads]
        await self._col.insert_many(
            [
                {
                    "_id": r.event_id,
                    "write_id": write_id,
                    "topic": r.topic,
                    "key": r.key,
                    "value": r.value,
                    "headers": r.headers,
                    "created_at": at,
                    "check": asdict(check),
                }
                for r in records
            ],
            ordered=True,
        )
        return Write(write_id, at, tuple(r.event_id for r in records))

    async def marks(self, write: Write, existing: Mapping[str, datetime]) -> dict[str, datetime]:
        """The ``outbox`` field of a document ``write`` replaces whole: the existing marks still needed, and its own."""
        stale = set(stale_marks(existing, await self._pending_writes(existing)))
        return {k: v for k, v in existing.items() if k not in stale} | write.mark()

    async def mark_update(self, write: Write, existing: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The ``$set``/``$unset`` that add ``write``'s mark to a document and remove its marks no longer needed
        (merged by the caller into the update of the write itself: one single-document update)."""
        existing = list(existing)
        stale = stale_marks(existing, await self._pending_writes(existing))
        update: dict[str, dict[str, Any]] = {"$set": {f"{MARKS_FIELD}.{write.write_id}": write.at}}
        if stale:
            update["$unset"] = {f"{MARKS_FIELD}.{mark}": "" for mark in stale}
        return update

    def commit(self, write: Write) -> None:
        """The write happened (step 3): its events may go now; wake the relay."""
        self._own[write.write_id] = len(write.event_ids)
        self._wake.set()

    async def abandon(self, write: Write) -> None:
        """The write did not happen (e.g. a unique index refused it): its events must never be published."""
        await self._col.delete_many({"_id": {"$in": list(write.event_ids)}})

    async def backlog(self) -> int:
        """Events waiting to be published (an operator's figure: /readyz shows it)."""
        return await self._col.count_documents({})

    async def _pending_writes(self, marks: Iterable[str]) -> set[str]:
        marks = list(marks)
        if not marks:
            return set()
        found = self._col.find({"write_id": {"$in": marks}}, {"write_id": 1})
        return {doc["write_id"] async for doc in found}

    async def _ensure_index(self) -> None:
        if not self._indexed:
            await self._col.create_index("write_id", name="write_id")
            self._indexed = True

    # --- the relay ---------------------------------------------------------------------------------------------

    async def start(self, *, timeout_s: float = 0) -> None:
        """Start relaying (a ``Worker`` of the service: after the broker, before the app answers)."""
        self._stopping = False
        self._wake.set()  # the first round at once: events a crash or an outage left behind
        self._task = asyncio.create_task(self._loop(), name=f"{self._bus.producer}.outbox")

    async def stop(self) -> None:
        """Publish what is pending (a last round, as long as one publish may take), then stop: what is left then
        (Kafka away) waits in the outbox for the next start."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), self._publish_timeout_s)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _loop(self) -> None:
        failures = 0
        while True:
            last = self._stopping  # a round begun after stop() was called is the last one
            try:
                await self.run_once()
                failures = 0
                if last:
                    return
            except Exception as exc:  # Kafka or MongoDB away: keep everything, try again later
                failures += 1
                delay = backoff(failures)
                self._log.warning(
                    "outbox.relay_failed", reason=repr(exc)[:300], retry_in_s=delay, backlog=await self._safe_backlog()
                )
                await asyncio.sleep(delay)  # not cut short by new writes: an outage is not hammered at write rate
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._sweep_s)

    async def _safe_backlog(self) -> int | None:
        try:
            return await asyncio.wait_for(self.backlog(), 2.0)
        except Exception:
            return None

    async def run_once(self) -> int:
        """Publish every pending event that may go, in order; return how many were published."""
        self._wake.clear()
        published = 0
        while True:
            docs = await self._col.find({}).sort("_id", 1).limit(self._batch).to_list()
            held: set[tuple[str, str]] = set()
            settled = 0
            for doc in docs:
                key = (doc["topic"], doc["key"])
                if key in held:
                    continue
                decided = await self._judge(doc)
                if decided is Verdict.WAIT:
                    held.add(key)
                    continue
                if decided is Verdict.PUBLISH:
                    await self._publish(doc)
                    published += 1
                else:
                    self.dropped += 1
                    self._log.info("outbox.dropped", event_id=doc["_id"], write_id=doc["write_id"], topic=doc["topic"])
                await self._col.delete_one({"_id": doc["_id"]})
                self._settled_own(doc["write_id"])
                settled += 1
            if len(docs) < self._batch or settled == 0:
                if held:
                    self._log.info("outbox.held", keys=len(held))
                return published

    async def _judge(self, doc: dict[str, Any]) -> Verdict:
        own = doc["write_id"] in self._own
        age_s = (datetime.now(UTC) - _aware(doc["created_at"])).total_seconds()
        if own or age_s < self._grace_s:
            return verdict(own=own, age_s=age_s, grace_s=self._grace_s, landed=None)
        return verdict(own=False, age_s=age_s, grace_s=self._grace_s, landed=await self._landed(doc))

    async def _landed(self, doc: dict[str, Any]) -> bool:
        check = Check(**doc["check"])
        if check.expect == "gone":
            return await self._db[check.collection].find_one(check.filter, {"_id": 1}) is None
        marked = {**check.filter, f"{MARKS_FIELD}.{doc['write_id']}": {"$exists": True}}
        return await self._db[check.collection].find_one(marked, {"_id": 1}) is not None

    async def _publish(self, doc: dict[str, Any]) -> None:
        record = OutgoingRecord(topic=doc["topic"], key=doc["key"], value=doc["value"], headers=doc["headers"])
        async with asyncio.timeout(self._publish_timeout_s):
            await self._bus.send(record)
        self.published += 1

    def _settled_own(self, write_id: str) -> None:
        left = self._own.get(write_id)
        if left is None:
            return
        if left <= 1:
            del self._own[write_id]
        else:
            self._own[write_id] = left - 1
