"""The only module of match_svc that touches MongoDB: claims, what several pool owners must agree on.

The pools live in memory and are rebuilt from the match topics; the profiles are a table in memory. What is here
is, per user, the match that holds them until its session ends. Claiming the users of a match is one insert on
their unique ids, so two requests of one user (two tabs, two difficulties, two pool owners) never both end in a
match. Confirming a match writes once; a request only reads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from beanie import Document
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure

from match_svc.coalesce import Coalescing
from match_svc.domain import Busy
from svc_kit.logging import get_logger

T = TypeVar("T")
log = get_logger("match_svc.claims")
DUPLICATE_KEY = 11000


class ClaimDoc(Document):
    """A user held by a match, until its session ends; its ``_id`` is the user id, so a second claim of the same
    user fails on the unique ``_id``. The hot path only inserts and reads by ``_id`` (about 1 ms each on our
    FerretDB, whose ``_id`` index infra/ferretdb/patches.json makes usable; anything else filters a scan)."""

    id: str  # type: ignore[assignment]  # the user id, not an ObjectId
    match_id: str
    request_id: str
    claimed_at: datetime
    session_id: str | None = None

    class Settings:
        name = "claims"


_READS_SIDE_BY_SIDE = 64  # up to this many queued session checks are single reads; more, one $in (see holder)


class ClaimRepo:
    """Writes one at a time from this process: FerretDB's SQLite takes one writer at a time and answers
    SQLITE_BUSY to concurrent ones, so they queue here instead (and a busy answer is retried). Claims that queue
    up behind a write go together in the next one."""

    def __init__(self, *, claim_stale_s: float, session_hold_s: float) -> None:
        self._stale = timedelta(seconds=claim_stale_s)
        self._session_hold = timedelta(seconds=session_hold_s)
        self._lane = asyncio.Lock()
        self._inserts = Coalescing(self._insert_claims, self._lane)  # claims queued behind a write: one insert
        self._reads = Coalescing(self._read_many)  # session checks queued behind a read: read together

    def _collection(self) -> Any:
        return ClaimDoc.get_pymongo_collection()

    async def _write(self, operation: Callable[[], Awaitable[T]]) -> T:
        async with self._lane:
            return await _retried(operation)

    async def _insert_claims(self, claims: list[list[dict[str, Any]]]) -> list[set[str]]:
        """Insert the documents of every queued claim in one ``insert_many``; per claim, its ids already taken."""
        everything = [d for docs in claims for d in docs]
        taken = await _retried(lambda: self._insert_many(everything))
        return [{d["_id"] for d in docs if id(d) in taken} for docs in claims]

    async def _insert_many(self, docs: list[dict[str, Any]]) -> set[int]:
        """The ``id()`` of each document refused as a duplicate ``_id`` (another error raises)."""
        try:
            await self._collection().insert_many(docs, ordered=False)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(e.get("code") != DUPLICATE_KEY for e in errors):
                raise
            return {id(docs[e["index"]]) for e in errors}
        return set()

    def _busy(self, doc: dict[str, Any] | None, now: datetime) -> Busy | None:
        if doc is None:
            return None
        session_id = doc.get("session_id")
        claimed_at = _aware(doc["claimed_at"])
        if session_id is None and claimed_at < now - self._stale:
            return None  # the match never got a session: it no longer holds the user
        if claimed_at < now - self._session_hold:
            return None  # a session nobody ended (a closed browser): it no longer holds the user
        return Busy(match_id=str(doc["match_id"]), session_id=str(session_id) if session_id else None)

    async def holder(self, user_id: str, now: datetime) -> Busy | None:
        """The match (and session) holding the user, if any. Reads queued behind the one in progress go together:
        up to 64 as reads by ``_id`` side by side, more as one ``find`` by ``$in``. (Our FerretDB answers a read by
        ``_id`` from the index in about 1 ms, but any ``$in`` filters a scan: 50-140 ms at 1,000-5,000 claims.)"""
        return self._busy(await self._reads.submit(user_id), now)

    async def _read_many(self, user_ids: list[str]) -> list[dict[str, Any] | None]:
        ids = sorted(set(user_ids))
        if len(ids) <= _READS_SIDE_BY_SIDE:
            docs = await asyncio.gather(*(self._collection().find_one({"_id": i}) for i in ids))
        else:
            docs = [doc async for doc in self._collection().find({"_id": {"$in": ids}})]
        found = {doc["_id"]: doc for doc in docs if doc is not None}
        return [found.get(u) for u in user_ids]

    async def claim(self, requests: list[tuple[str, str]], match_id: str, now: datetime) -> dict[str, Busy]:
        """Hold each (user id, request id) for ``match_id`` (one insert for all, in the common case); returns the
        users held by something else. All or nothing: when one cannot be held, none stays held."""
        docs = [{"_id": u, "match_id": match_id, "request_id": r, "claimed_at": now} for u, r in requests]
        taken = [str(d["_id"]) for d in docs if d["_id"] in await self._inserts.submit(docs)]
        held: dict[str, Busy] = {}
        for user_id in taken:
            current = await self._collection().find_one({"_id": user_id})
            if current is not None and current.get("match_id") == match_id:
                continue  # this match holds the user already (a retry)
            busy = self._busy(current, now)
            if busy is None:  # a stale claim: replace it
                doc = next(d for d in docs if d["_id"] == user_id)
                await self._delete(user_id)
                try:
                    await self._write(partial(self._collection().insert_one, doc))
                    continue
                except DuplicateKeyError:
                    busy = self._busy(await self._collection().find_one({"_id": user_id}), now)
            held[user_id] = busy or Busy(match_id="", session_id=None)
        if held:
            await self.release([u for u, _ in requests if u not in held], match_id)
        return held

    async def release(self, user_ids: list[str], match_id: str) -> None:
        """Undo claims of a match that could not be completed."""
        for user_id in user_ids:
            current = await self._collection().find_one({"_id": user_id})
            if current is not None and current.get("match_id") == match_id:
                await self._delete(user_id)

    async def session_started(self, match_id: str, session_id: str, user_ids: Sequence[str]) -> None:
        for user_id in user_ids:
            current = await self._collection().find_one({"_id": user_id})
            if current is not None and current.get("match_id") == match_id:
                change = {"$set": {"session_id": session_id}}
                await self._write(partial(self._collection().update_one, {"_id": user_id}, change))

    async def session_ended(self, session_id: str, user_ids: Sequence[str]) -> None:
        for user_id in user_ids:
            current = await self._collection().find_one({"_id": user_id})
            if current is not None and current.get("session_id") == session_id:
                await self._delete(user_id)

    async def forget(self, user_id: str) -> None:
        await self._delete(user_id)

    async def _delete(self, user_id: str) -> None:
        await self._write(partial(self._collection().delete_one, {"_id": user_id}))


def _aware(value: datetime) -> datetime:
    """MongoDB gives naive UTC datetimes back."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def _retried(operation: Callable[[], Awaitable[T]]) -> T:
    """``operation``, again after a pause while SQLite answers that the database is locked (another writer)."""
    for attempt, pause_s in enumerate((0.01, 0.05, 0.2, None)):
        try:
            return await operation()
        except OperationFailure as exc:
            if pause_s is None or "database is locked" not in str(exc):
                raise
            log.debug("claims.busy_retry", attempt=attempt)
            await asyncio.sleep(pause_s)
    raise AssertionError("unreachable")
