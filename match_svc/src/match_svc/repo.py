"""The only module of match_svc that touches MongoDB.

The pools themselves live in memory and are rebuilt from the match topics; what is here is what several pool
owners must agree on, and a read model:
- ``PresenceDoc``: per user, the request they are in now and the match that holds them (until its session
  ends). Claiming a user for a match is one conditional update, so two requests of one user (two tabs, two
  difficulties, two pool owners) never both end in a match.
- ``ProfileDoc``: display name and proficiency, from ``user.registered`` / ``user.updated``.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime, timedelta

from beanie import Document
from pymongo import IndexModel, ReturnDocument
from pymongo.errors import DuplicateKeyError

from contracts.common import Difficulty
from match_svc.domain import Busy, Profile, Registered


class ProfileDoc(Document):
    user_id: str
    display_name: str
    proficiency: int | None = None
    updated_at: datetime

    class Settings:
        name = "profiles"
        indexes = [IndexModel("user_id", unique=True, name="user_id_unique")]


class PresenceDoc(Document):
    user_id: str
    request_id: str | None = None
    difficulty: Difficulty | None = None
    match_id: str | None = None
    claimed_at: datetime | None = None
    session_id: str | None = None

    class Settings:
        name = "presence"
        indexes = [
            IndexModel("user_id", unique=True, name="user_id_unique"),
            IndexModel("match_id", name="match_id"),
            IndexModel("session_id", name="session_id"),
        ]


class ProfileRepo:
    async def save(self, user_id: str, display_name: str, proficiency: int | None, at: datetime) -> None:
        """Keeps the newest profile: an older event read later (a replay) changes nothing."""
        collection = ProfileDoc.get_pymongo_collection()
        fields = {"display_name": display_name, "proficiency": proficiency, "updated_at": at}
        result = await collection.update_one({"user_id": user_id, "updated_at": {"$lte": at}}, {"$set": fields})
        if result.matched_count == 0:
            with suppress(DuplicateKeyError):  # a newer profile is stored already
                await collection.insert_one({"user_id": user_id, **fields})

    async def forget(self, user_id: str) -> None:
        await ProfileDoc.find({"user_id": user_id}).delete()
        await PresenceDoc.find({"user_id": user_id}).delete()

    async def get_many(self, user_ids: list[str]) -> dict[str, Profile]:
        docs = await ProfileDoc.find({"user_id": {"$in": user_ids}}).to_list()
        return {d.user_id: Profile(d.display_name, d.proficiency) for d in docs}


class PresenceRepo:
    def __init__(self, *, claim_stale_s: float) -> None:
        self._stale = timedelta(seconds=claim_stale_s)

    def _busy(self, doc: dict[str, object] | None, now: datetime) -> Busy | None:
        if doc is None or doc.get("match_id") is None:
            return None
        session_id = doc.get("session_id")
        claimed_at = doc.get("claimed_at")
        if session_id is None and isinstance(claimed_at, datetime) and _aware(claimed_at) < now - self._stale:
            return None  # the match never got a session: it no longer holds the user
        return Busy(match_id=str(doc["match_id"]), session_id=str(session_id) if session_id else None)

    async def register(self, user_id: str, request_id: str, difficulty: Difficulty, now: datetime) -> Busy | Registered:
        """Make ``request_id`` the user's current request, unless a match holds the user."""
        collection = PresenceDoc.get_pymongo_collection()
        current = await collection.find_one({"user_id": user_id})
        busy = self._busy(current, now)
        if busy is not None:
            return busy
        before = await collection.find_one_and_update(
            {"user_id": user_id},
            {"$set": {"request_id": request_id, "difficulty": difficulty.value}},
            upsert=True,
            return_document=ReturnDocument.BEFORE,
        )
        if before is None or before.get("request_id") in (None, request_id):
            return Registered(previous=None)
        return Registered(previous=(str(before["request_id"]), Difficulty(before["difficulty"])))

    async def claim(self, user_id: str, request_id: str, match_id: str, now: datetime) -> Busy | str | None:
        """Hold the user for ``match_id``: None when done (or done already), else why not — the match or session
        holding them, or the id of the newer request that replaced this one."""
        collection = PresenceDoc.get_pymongo_collection()
        free = {"$or": [{"match_id": None}, {"match_id": match_id}, {"claimed_at": {"$lt": now - self._stale}}]}
        result = await collection.update_one(
            {"user_id": user_id, "request_id": {"$in": [request_id, None]}, "$and": [free]},
            {"$set": {"request_id": request_id, "match_id": match_id, "claimed_at": now, "session_id": None}},
        )
        if result.matched_count == 1:
            return None
        current = await collection.find_one({"user_id": user_id})
        if current is None:
            try:
                await collection.insert_one(
                    {"user_id": user_id, "request_id": request_id, "match_id": match_id, "claimed_at": now}
                )
                return None
            except DuplicateKeyError:
                current = await collection.find_one({"user_id": user_id})
        busy = self._busy(current, now)
        if busy is not None and busy.match_id != match_id:
            return busy
        if current is not None and current.get("request_id") not in (request_id, None):
            return str(current["request_id"])
        return None

    async def release(self, user_ids: list[str], match_id: str) -> None:
        """Undo claims of a match that could not be completed."""
        await PresenceDoc.get_pymongo_collection().update_many(
            {"user_id": {"$in": user_ids}, "match_id": match_id}, {"$set": {"match_id": None, "claimed_at": None}}
        )

    async def session_started(self, match_id: str, session_id: str) -> None:
        await PresenceDoc.get_pymongo_collection().update_many(
            {"match_id": match_id}, {"$set": {"session_id": session_id}}
        )

    async def session_ended(self, session_id: str) -> None:
        await PresenceDoc.get_pymongo_collection().update_many(
            {"session_id": session_id},
            {"$set": {"match_id": None, "claimed_at": None, "session_id": None, "request_id": None}},
        )


def _aware(value: datetime) -> datetime:
    """MongoDB gives naive UTC datetimes back."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
