"""MongoDB storage of password reset links (the ``ResetStore`` of reset_ports.py).

A link's one use is one insert under a unique index (as a refresh token's rotation in repo.py): FerretDB has no
compare-and-set update, so only the first confirmation with a token can win.
"""

from __future__ import annotations

from datetime import datetime

from beanie import Document
from pymongo import IndexModel, ReturnDocument
from pymongo.errors import DuplicateKeyError

from user_svc.domain.reset import ResetRecord


class PasswordResetDoc(Document):
    """An account's one outstanding reset link (its token only hashed)."""

    user_id: str
    token_hash: str
    created_at: datetime
    expires_at: datetime

    class Settings:
        name = "password_resets"
        indexes = [
            IndexModel("user_id", unique=True, name="user_id_unique"),
            IndexModel("token_hash", unique=True, name="token_hash_unique"),
            IndexModel("expires_at", name="expires_at"),
        ]


class PasswordResetUseDoc(Document):
    """A link's use: inserted under a unique index, so a token sets a password once."""

    token_hash: str
    user_id: str
    used_at: datetime
    expires_at: datetime  # the link's: after it, the link is refused as expired anyway

    class Settings:
        name = "password_reset_uses"
        indexes = [
            IndexModel("token_hash", unique=True, name="token_hash_unique"),
            IndexModel("expires_at", name="expires_at"),
        ]


class PasswordResetRequestDoc(Document):
    """Reset requests for one (hashed) email address in one fixed window."""

    key: str
    requests: int = 0
    window_end: datetime

    class Settings:
        name = "password_reset_requests"
        indexes = [IndexModel("key", unique=True, name="key_unique"), IndexModel("window_end", name="window_end")]


RESET_DOCUMENTS = [PasswordResetDoc, PasswordResetUseDoc, PasswordResetRequestDoc]


class ResetRepo:
    async def replace(self, user_id: str, token_hash: str, *, now: datetime, expires_at: datetime) -> None:
        values = {"token_hash": token_hash, "created_at": now, "expires_at": expires_at}
        collection = PasswordResetDoc.get_pymongo_collection()
        try:
            await collection.update_one({"user_id": user_id}, {"$set": values}, upsert=True)
        except DuplicateKeyError:  # a concurrent request inserted the account's first link: replace that one
            await collection.update_one({"user_id": user_id}, {"$set": values})

    async def get(self, token_hash: str) -> ResetRecord | None:
        doc = await PasswordResetDoc.find_one({"token_hash": token_hash})
        if doc is None:
            return None
        use = await PasswordResetUseDoc.find_one({"token_hash": token_hash})
        return ResetRecord(user_id=doc.user_id, expires_at=doc.expires_at, used_at=use.used_at if use else None)

    async def claim(self, token_hash: str, record: ResetRecord, now: datetime) -> bool:
        try:
            await PasswordResetUseDoc(
                token_hash=token_hash, user_id=record.user_id, used_at=now, expires_at=record.expires_at
            ).insert()
        except DuplicateKeyError:
            return False
        return True

    async def count_request(self, key: str, *, window_end: datetime) -> int:
        doc = await PasswordResetRequestDoc.get_pymongo_collection().find_one_and_update(
            {"key": key},
            {"$inc": {"requests": 1}, "$setOnInsert": {"window_end": window_end}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        return int(doc["requests"]) if doc else 1

    async def purge(self, now: datetime) -> int:
        result = await PasswordResetDoc.find({"expires_at": {"$lt": now}}).delete()
        await PasswordResetUseDoc.find({"expires_at": {"$lt": now}}).delete()
        await PasswordResetRequestDoc.find({"window_end": {"$lte": now}}).delete()
        return result.deleted_count if result else 0
