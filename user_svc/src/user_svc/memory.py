"""In-memory adapters of user_svc's stores (ports.py), for unit tests of the use cases: no MongoDB.

Each keeps what the use cases rely on in repo.py: unique emails and usernames (an insert that clashes is refused),
a refresh token's one rotation (a second claim loses), a family's revocation mark, the signing keys' compare-and-set
on "current", and updates that also store an outbox write's mark.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from svc_kit.outbox import Write
from svc_kit.outbox_rules import Check, Expect
from user_svc.domain import Account, RefreshRecord
from user_svc.domain.throttle import Counter, Entry
from user_svc.tokens import SigningKey

USERS = "users"  # the collection repo.UserDoc is stored in: what the outbox's relay would look in


class MemoryUserStore:
    def __init__(self) -> None:
        self.users: dict[str, Account] = {}
        self.marks: defaultdict[str, dict[str, datetime]] = defaultdict(dict)  # user id -> the writes' marks

    @staticmethod
    def outbox_check(user_id: str, *, expect: Expect = "written") -> Check:
        return Check(USERS, {"user_id": user_id}, expect)

    async def add(self, account: Account, *, write: Write | None = None) -> bool:
        if any(  # the unique indexes: user id, email, username key
            o.user_id == account.user_id or o.email == account.email or o.username_key == account.username_key
            for o in self.users.values()
        ):
            return False
        self.users[account.user_id] = account
        if write is not None:
            self.marks[account.user_id] |= write.mark()
        return True

    async def get(self, user_id: str) -> Account | None:
        return self.users.get(user_id)

    async def by_email(self, email: str) -> Account | None:
        return next((a for a in self.users.values() if a.email == email), None)

    async def by_username_key(self, key: str) -> Account | None:
        return next((a for a in self.users.values() if a.username_key == key), None)

    async def update(self, user_id: str, values: dict[str, object], *, write: Write | None = None) -> Account | None:
        user = self.users.get(user_id)
        if user is None:
            return None
        fields: dict[str, Any] = dict(values)
        if "roles" in fields:  # stored as a list, read back as the account's tuple
            fields["roles"] = tuple(fields["roles"])
        self.users[user_id] = dataclasses.replace(user, **fields)
        if write is not None:
            self.marks[user_id] |= write.mark()
        return self.users[user_id]

    async def delete(self, user_id: str) -> None:
        self.users.pop(user_id, None)
        self.marks.pop(user_id, None)

    async def search(self, q: str, *, limit: int, offset: int) -> tuple[list[Account], int]:
        needle = q.lower()
        found = sorted(
            (
                a
                for a in self.users.values()
                if needle in a.email.lower() or needle in a.username_key or needle in a.display_name.lower()
            ),
            key=lambda a: a.username_key,
        )
        return found[offset : offset + limit], len(found)


@dataclasses.dataclass
class _Revoked:
    at: datetime
    until: datetime


class MemoryRefreshStore:
    def __init__(self) -> None:
        self.tokens: dict[str, RefreshRecord] = {}  # by token hash
        self.rotations: dict[str, RefreshRecord] = {}  # a rotated token's hash -> the record it had then
        self.revoked: dict[str, _Revoked] = {}  # by family id

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
        if token_hash in self.tokens:
            raise ValueError("a refresh token hash is stored once (a unique index)")
        self.tokens[token_hash] = RefreshRecord(family_id, user_id, expires_at, None, family_started_at)

    async def get(self, token_hash: str) -> RefreshRecord | None:
        return self.tokens.get(token_hash)

    async def claim_rotation(self, token_hash: str, record: RefreshRecord, now: datetime) -> bool:
        if token_hash in self.rotations:  # the unique insert of the real store: one claim wins
            return False
        self.rotations[token_hash] = record
        if token_hash in self.tokens:
            self.tokens[token_hash] = dataclasses.replace(self.tokens[token_hash], rotated_at=now)
        return True

    async def family_revoked(self, family_id: str) -> bool:
        return family_id in self.revoked

    async def revoke_family(self, family_id: str, *, now: datetime, until: datetime) -> None:
        self.revoked.setdefault(family_id, _Revoked(now, until))  # the first mark stays
        self.tokens = {h: r for h, r in self.tokens.items() if r.family_id != family_id}
        self.rotations = {h: r for h, r in self.rotations.items() if r.family_id != family_id}

    async def revoke_user(self, user_id: str, *, now: datetime, until: datetime) -> None:
        for family_id in {r.family_id for r in self.tokens.values() if r.user_id == user_id}:
            await self.revoke_family(family_id, now=now, until=until)

    async def purge(self, now: datetime) -> int:
        expired = [h for h, r in self.tokens.items() if r.expires_at < now]
        for token_hash in expired:
            del self.tokens[token_hash]
        self.rotations = {h: r for h, r in self.rotations.items() if r.expires_at >= now}
        self.revoked = {f: r for f, r in self.revoked.items() if r.until >= now}
        return len(expired)


class MemoryThrottleStore:
    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}

    async def get(self, keys: Sequence[str]) -> dict[str, Counter]:
        return {key: self.entries[key].counter for key in keys if key in self.entries}

    async def put(self, entries: Sequence[Entry]) -> None:
        self.entries |= {entry.key: entry for entry in entries}

    async def forget(self, key: str) -> None:
        self.entries.pop(key, None)

    async def purge(self, now: datetime) -> int:
        expired = [key for key, entry in self.entries.items() if entry.expires_at <= now]
        for key in expired:
            del self.entries[key]
        return len(expired)


class MemoryKeyStore:
    def __init__(self) -> None:
        self.keys: dict[str, SigningKey] = {}
        self.current: str | None = None

    async def current_kid(self) -> str | None:
        return self.current

    async def get(self, kid: str) -> SigningKey | None:
        return self.keys.get(kid)

    async def add(self, key: SigningKey) -> None:
        if key.private_pem is not None:
            raise ValueError("a private key is stored only sealed")
        if key.kid in self.keys:
            raise ValueError(f"the key {key.kid} is stored already (a unique index)")
        self.keys[key.kid] = SigningKey(key.kid, key.public_jwk, key.created_at, private_sealed=key.private_sealed)

    async def set_private(self, kid: str, sealed: str) -> None:
        key = self.keys.get(kid)
        if key is not None and key.retired_at is None:
            self.keys[kid] = dataclasses.replace(key, private_sealed=sealed, private_pem=None)

    async def make_current(self, kid: str, *, replacing: str | None) -> bool:
        if self.current != replacing:  # the compare-and-set: someone else rotated (or made the first key)
            return False
        self.current = kid
        return True

    async def store_retired(self, key: SigningKey) -> None:
        stored = self.keys.get(key.kid)
        if stored is not None:
            self.keys[key.kid] = dataclasses.replace(
                stored, retired_at=key.retired_at, expires_at=key.expires_at, private_sealed=None, private_pem=None
            )

    async def remove(self, kid: str) -> None:
        self.keys.pop(kid, None)

    async def all(self) -> list[SigningKey]:
        return sorted(self.keys.values(), key=lambda k: k.created_at)

    async def purge(self, now: datetime) -> int:
        expired = [kid for kid, key in self.keys.items() if key.expires_at is not None and key.expires_at < now]
        for kid in expired:
            del self.keys[kid]
        return len(expired)
