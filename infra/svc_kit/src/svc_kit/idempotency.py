"""Which events a consumer has already handled, so a redelivered or replayed event has one effect.

Plain PyMongo (not Beanie): every service keeps this collection in its own database, and Beanie binds a document
class to one database per process, which would not hold when several services share a process.
"""

from __future__ import annotations

from datetime import UTC, datetime
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

    async def mark(self, consumer: str, event_id: UUID, event_type: str) -> None:
        await self._col.update_one(
            {"_id": self._id(consumer, event_id)},
            {"$setOnInsert": {"consumer": consumer, "type": event_type, "at": datetime.now(UTC)}},
            upsert=True,
        )
