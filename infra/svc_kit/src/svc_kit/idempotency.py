"""Which events a consumer has already handled, so a redelivered or replayed event has one effect.

Plain PyMongo (not Beanie): every service keeps this collection in its own database, and Beanie binds a document
class to one database per process, which would not hold when several services share a process.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from pymongo.asynchronous.database import AsyncDatabase


class ProcessedEvents:
    COLLECTION = "processed_events"

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._col = db[self.COLLECTION]

    @staticmethod
    def _id(consumer: str, event_id: UUID) -> str:
        return f"{consumer}:{event_id}"

    async def seen(self, consumer: str, event_id: UUID) -> bool:
        return await self._col.find_one({"_id": self._id(consumer, event_id)}, {"_id": 1}) is not None

    async def prune(self, older_than: timedelta) -> int:
        """Forget marks older than any topic keeps records (no TTL indexes on FerretDB: the service expires them).

        A record older than that can only come back from a compacted topic, whose handlers are idempotent on
        their natural key (a revision), so forgetting its mark has no effect.
        """
        result = await self._col.delete_many({"at": {"$lt": datetime.now(UTC) - older_than}})
        return result.deleted_count

    async def mark(self, consumer: str, event_id: UUID, event_type: str) -> None:
        await self._col.update_one(
            {"_id": self._id(consumer, event_id)},
            {"$setOnInsert": {"consumer": consumer, "type": event_type, "at": datetime.now(UTC)}},
            upsert=True,
        )
