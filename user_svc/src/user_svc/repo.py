"""The only module of user_svc that touches MongoDB.

Nothing here relies on TTL indexes or transactions (FerretDB has neither): what expires is purged by the service,
and each change that must be atomic is one single-document update or, where it must also be a compare-and-set
(a refresh token's rotation), one insert under a unique index.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from beanie import Document
from pymongo import IndexModel
from pymongo.errors import DuplicateKeyError

from contracts.common import Language
from svc_kit.outbox import Outbox, Write
from svc_kit.outbox_rules import Check, Expect
from user_svc.domain import Account, RefreshRecord
from user_svc.domain.throttle import Counter, Entry
from user_svc.tokens import SigningKey


class UserDoc(Document):
    user_id: str
    email: str
    username: str
    username_key: str
    password_hash: str
    display_name: str
    avatar_color: str
    avatar_url: str | None = None
    language: Language = Language.PYTHON
    proficiency: int | None = None
    timezone: str = "UTC"
    roles: list[str] = ["user"]
    created_at: datetime
    updated_at: datetime
    outbox: dict[str, datetime] = {}  # marks of the writes whose events are in the outbox (svc_kit.outbox)

    class Settings:
        name = "users"
        indexes = [
            IndexModel("user_id", unique=True, name="user_id_unique"),
            IndexModel("email", unique=True, name="email_unique"),
            IndexModel("username_key", unique=True, name="username_key_unique"),
        ]

    def to_domain(self) -> Account:
        return Account(
            user_id=self.user_id,
            email=self.email,
            username=self.username,
            password_hash=self.password_hash,
            display_name=self.display_name,
            avatar_color=self.avatar_color,
            avatar_url=self.avatar_url,
            language=self.language,
            proficiency=self.proficiency,
            timezone=self.timezone,
            roles=tuple(self.roles),
            created_at=self.created_at,
        )


class UserRepo:
    def __init__(self, outbox: Outbox | None = None) -> None:
        """``outbox``: needed by updates that record a write's events (``write=``)."""
        self._outbox = outbox

    @staticmethod
    def outbox_check(user_id: str, *, expect: Expect = "written") -> Check:
        return Check(UserDoc.Settings.name, {"user_id": user_id}, expect)

    async def add(self, account: Account, *, write: Write | None = None) -> bool:
        """Insert a new user (with ``write``'s mark); False when the email or username was taken meanwhile."""
        doc = UserDoc(
            **{k: v for k, v in vars(account).items() if k != "roles"},
            roles=list(account.roles),
            username_key=account.username_key,
            updated_at=account.created_at,
            outbox=write.mark() if write else {},
        )
        try:
            await doc.insert()
        except DuplicateKeyError:
            return False
        return True

    @staticmethod
    async def _one(query: dict[str, Any]) -> Account | None:
        doc = await UserDoc.find_one(query)
        return doc.to_domain() if doc else None

    async def get(self, user_id: str) -> Account | None:
        return await self._one({"user_id": user_id})

    async def by_email(self, email: str) -> Account | None:
        return await self._one({"email": email})

    async def by_username_key(self, key: str) -> Account | None:
        return await self._one({"username_key": key})

    async def update(self, user_id: str, values: dict[str, object], *, write: Write | None = None) -> Account | None:
        """Set some fields (one atomic update, so concurrent changes of other fields are kept), and ``write``'s
        mark in the same update when the change must produce events."""
        update: dict[str, dict[str, Any]] = {"$set": {**values, "updated_at": datetime.now(UTC)}}
        if write is not None:
            if self._outbox is None:
                raise RuntimeError("UserRepo needs the outbox to record a write's events")
            marks = await UserDoc.get_pymongo_collection().find_one({"user_id": user_id}, {"outbox": 1})
            extra = await self._outbox.mark_update(write, (marks or {}).get("outbox", {}))
            update["$set"] |= extra["$set"]
            if "$unset" in extra:
                update["$unset"] = extra["$unset"]
        await UserDoc.find_one({"user_id": user_id}).update(update)
        return await self.get(user_id)

    async def delete(self, user_id: str) -> None:
        await UserDoc.find({"user_id": user_id}).delete()

    async def search(self, q: str, *, limit: int, offset: int) -> tuple[list[Account], int]:
        """Users whose email, username or display name contains ``q`` (any case), by username."""
        query: dict[str, Any] = {}
        if q:
            pattern = {"$regex": re.escape(q), "$options": "i"}
            query = {"$or": [{"email": pattern}, {"username_key": pattern}, {"display_name": pattern}]}
        total = await UserDoc.find(query).count()
        docs = await UserDoc.find(query).sort("username_key").skip(offset).limit(limit).to_list()
        return [doc.to_domain() for doc in docs], total


class RefreshTokenDoc(Document):
    token_hash: str
    family_id: str
    user_id: str
    issued_at: datetime
    expires_at: datetime
    rotated_at: datetime | None = None  # informational: the rotation document below is what decides
    family_started_at: datetime | None = None  # the sign-in's start (None: stored before sign-ins had a lifetime)

    class Settings:
        name = "refresh_tokens"
        indexes = [
            IndexModel("token_hash", unique=True, name="token_hash_unique"),
            IndexModel("family_id", name="family_id"),
            IndexModel("user_id", name="user_id"),
            IndexModel("expires_at", name="expires_at"),
        ]


class RefreshRotationDoc(Document):
    """A refresh token's one successor: inserted under a unique index, so only one refresh with a token can win.

    (A filtered update is no compare-and-set on FerretDB's SQLite backend; a unique-index insert is.)
    """

    parent: str  # the rotated token's hash
    family_id: str
    rotated_at: datetime
    expires_at: datetime  # the parent's: after it, the parent is refused as expired anyway

    class Settings:
        name = "refresh_rotations"
        indexes = [
            IndexModel("parent", unique=True, name="parent_unique"),
            IndexModel("expires_at", name="expires_at"),
        ]


class RevokedFamilyDoc(Document):
    """A revoked family, kept until every token it can have issued has expired; every refresh looks for it."""

    family_id: str
    revoked_at: datetime
    expires_at: datetime

    class Settings:
        name = "refresh_revoked_families"
        indexes = [
            IndexModel("family_id", unique=True, name="family_id_unique"),
            IndexModel("expires_at", name="expires_at"),
        ]


class RefreshRepo:
    async def add(
        self,
        token_hash: str,
        *,
        family_id: str,
        user_id: str,
        now: datetime,
        expires_at: datetime,
        family_started_at: datetime,
    ) -> None:
        await RefreshTokenDoc(
            token_hash=token_hash,
            family_id=family_id,
            user_id=user_id,
            issued_at=now,
            expires_at=expires_at,
            family_started_at=family_started_at,
        ).insert()

    async def get(self, token_hash: str) -> RefreshRecord | None:
        doc = await RefreshTokenDoc.find_one({"token_hash": token_hash})
        if doc is None:
            return None
        return RefreshRecord(
            family_id=doc.family_id,
            user_id=doc.user_id,
            expires_at=doc.expires_at,
            rotated_at=doc.rotated_at,
            family_started_at=doc.family_started_at or doc.issued_at,
        )

    async def claim_rotation(self, token_hash: str, record: RefreshRecord, now: datetime) -> bool:
        """Claim a token's one rotation (one insert); False when another refresh with it claimed it first."""
        try:
            await RefreshRotationDoc(
                parent=token_hash, family_id=record.family_id, rotated_at=now, expires_at=record.expires_at
            ).insert()
        except DuplicateKeyError:
            return False
        await RefreshTokenDoc.find_one({"token_hash": token_hash}).update({"$set": {"rotated_at": now}})
        return True

    async def family_revoked(self, family_id: str) -> bool:
        return await RevokedFamilyDoc.find_one({"family_id": family_id}) is not None

    async def revoke_family(self, family_id: str, *, now: datetime, until: datetime) -> None:
        """Mark the family revoked first (a token issued meanwhile is refused by the mark), then delete its tokens."""
        with contextlib.suppress(DuplicateKeyError):  # revoked already
            await RevokedFamilyDoc(family_id=family_id, revoked_at=now, expires_at=until).insert()
        await RefreshTokenDoc.find({"family_id": family_id}).delete()
        # Safe to forget: a refresh that now wins a token's claim again still finds the mark after its write.
        await RefreshRotationDoc.find({"family_id": family_id}).delete()

    async def revoke_user(self, user_id: str, *, now: datetime, until: datetime) -> None:
        families = await RefreshTokenDoc.get_pymongo_collection().distinct("family_id", {"user_id": user_id})
        for family_id in families:
            await self.revoke_family(str(family_id), now=now, until=until)
        await RefreshTokenDoc.find({"user_id": user_id}).delete()

    async def purge(self, now: datetime) -> int:
        expired = {"expires_at": {"$lt": now}}
        result = await RefreshTokenDoc.find(expired).delete()
        await RefreshRotationDoc.find(expired).delete()
        await RevokedFamilyDoc.find(expired).delete()
        return result.deleted_count if result else 0


class LoginThrottleDoc(Document):
    """One counter of the log-in throttle (domain/throttle.py), by key: a client on an account, a client, an account."""

    id: str  # type: ignore[assignment]  # the key is the _id: every read and write is by it
    value: float  # failures, or a bucket's level
    at: datetime
    expires_at: datetime

    class Settings:
        name = "login_throttle"
        indexes = [IndexModel("expires_at", name="expires_at")]


class ThrottleRepo:
    @staticmethod
    def _collection() -> Any:
        return LoginThrottleDoc.get_pymongo_collection()

    async def get(self, keys: Sequence[str]) -> dict[str, Counter]:
        found = self._collection().find({"_id": {"$in": list(keys)}})
        return {doc["_id"]: Counter(doc["value"], doc["at"]) async for doc in found}

    async def put(self, entries: Sequence[Entry]) -> None:
        for entry in entries:
            counter = {"value": entry.counter.count, "at": entry.counter.at, "expires_at": entry.expires_at}
            await self._collection().replace_one({"_id": entry.key}, counter, upsert=True)

    async def forget(self, key: str) -> None:
        await self._collection().delete_one({"_id": key})

    async def purge(self, now: datetime) -> int:
        result = await self._collection().delete_many({"expires_at": {"$lte": now}})
        return int(result.deleted_count)


class SigningKeyDoc(Document):
    kid: str
    public_jwk: dict[str, Any]
    created_at: datetime
    private_sealed: str | None = None  # the private half, encrypted (sealing.py); dropped at retirement
    private_pem: str | None = None  # only in documents from before encryption at rest; sealed in place at start
    retired_at: datetime | None = None
    expires_at: datetime | None = None

    class Settings:
        name = "signing_keys"
        indexes = [IndexModel("kid", unique=True, name="kid_unique")]

    def to_key(self) -> SigningKey:
        return SigningKey(
            kid=self.kid,
            public_jwk=self.public_jwk,
            created_at=self.created_at,
            private_pem=self.private_pem,
            private_sealed=self.private_sealed,
            retired_at=self.retired_at,
            expires_at=self.expires_at,
        )


class KeyStateDoc(Document):
    """One document, ``name="current"``: which key signs now. A compare-and-set on it makes rotation race-free."""

    name: str
    kid: str

    class Settings:
        name = "signing_key_state"
        indexes = [IndexModel("name", unique=True, name="name_unique")]


class KeyRepo:
    async def current_kid(self) -> str | None:
        state = await KeyStateDoc.find_one({"name": "current"})
        return state.kid if state else None

    async def get(self, kid: str) -> SigningKey | None:
        doc = await SigningKeyDoc.find_one({"kid": kid})
        return doc.to_key() if doc else None

    async def add(self, key: SigningKey) -> None:
        if key.private_pem is not None:
            raise ValueError("a private key is stored only sealed")
        await SigningKeyDoc(
            kid=key.kid, public_jwk=key.public_jwk, created_at=key.created_at, private_sealed=key.private_sealed
        ).insert()

    async def set_private(self, kid: str, sealed: str) -> None:
        """Replace a key's private half with ``sealed`` (and drop any copy in the clear), unless it was retired."""
        await SigningKeyDoc.get_pymongo_collection().update_one(
            {"kid": kid, "retired_at": None}, {"$set": {"private_sealed": sealed, "private_pem": None}}
        )

    async def make_current(self, kid: str, *, replacing: str | None) -> bool:
        """Point "current" at ``kid`` if it still points at ``replacing`` (None: if there is no current key)."""
        if replacing is None:
            try:
                await KeyStateDoc(name="current", kid=kid).insert()
            except DuplicateKeyError:
                return False
            return True
        result = await KeyStateDoc.get_pymongo_collection().update_one(
            {"name": "current", "kid": replacing}, {"$set": {"kid": kid}}
        )
        return result.modified_count == 1

    async def store_retired(self, key: SigningKey) -> None:
        """Save a key's retirement; its private half is removed for good."""
        await SigningKeyDoc.find_one({"kid": key.kid}).update(
            {
                "$set": {
                    "retired_at": key.retired_at,
                    "expires_at": key.expires_at,
                    "private_sealed": None,
                    "private_pem": None,
                }
            }
        )

    async def remove(self, kid: str) -> None:
        await SigningKeyDoc.find({"kid": kid}).delete()

    async def all(self) -> list[SigningKey]:
        return [doc.to_key() for doc in await SigningKeyDoc.find_all().sort("created_at").to_list()]

    async def purge(self, now: datetime) -> int:
        result = await SigningKeyDoc.find({"expires_at": {"$lt": now}}).delete()
        return result.deleted_count if result else 0
