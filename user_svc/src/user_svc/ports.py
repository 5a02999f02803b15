"""The stores the use cases need, as protocols (ports): repo.py implements them, app.py plugs them in, and no
use case imports the database layer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from svc_kit.outbox import Write
from svc_kit.outbox_rules import Check, Expect
from user_svc.domain import Account, RefreshRecord
from user_svc.domain.throttle import Counter, Entry
from user_svc.tokens import SigningKey


class UserStore(Protocol):
    # ``write``: a prepared outbox write whose mark goes into the same single-document write (svc_kit.outbox)
    async def add(self, account: Account, *, write: Write | None = None) -> bool: ...  # False: a clash
    def outbox_check(self, user_id: str, *, expect: Expect = "written") -> Check: ...
    async def get(self, user_id: str) -> Account | None: ...
    async def by_email(self, email: str) -> Account | None: ...
    async def by_username_key(self, key: str) -> Account | None: ...
    async def update(
        self, user_id: str, values: dict[str, object], *, write: Write | None = None
    ) -> Account | None: ...
    async def delete(self, user_id: str) -> None: ...
    async def search(self, q: str, *, limit: int, offset: int) -> tuple[list[Account], int]: ...


class RefreshStore(Protocol):
    async def add(
        self,
        token_hash: str,
        *,
        family_id: str,
        user_id: str,
        now: datetime,
        expires_at: datetime,
        family_started_at: datetime,
    ) -> None: ...
    async def get(self, token_hash: str) -> RefreshRecord | None: ...
    # False: another refresh with this token claimed its one rotation first
    async def claim_rotation(self, token_hash: str, record: RefreshRecord, now: datetime) -> bool: ...
    async def family_revoked(self, family_id: str) -> bool: ...
    # ``until``: when every token the family can have issued has expired (the revocation mark may go then)
    async def revoke_family(self, family_id: str, *, now: datetime, until: datetime) -> None: ...
    async def revoke_user(self, user_id: str, *, now: datetime, until: datetime) -> None: ...
    async def purge(self, now: datetime) -> int: ...


class ThrottleStore(Protocol):
    async def get(self, keys: Sequence[str]) -> dict[str, Counter]: ...  # the stored ones, by key
    async def put(self, entries: Sequence[Entry]) -> None: ...  # each one document by key, replaced whole
    async def forget(self, key: str) -> None: ...
    async def purge(self, now: datetime) -> int: ...  # those expired by ``now``


class KeyStore(Protocol):
    async def current_kid(self) -> str | None: ...
    async def get(self, kid: str) -> SigningKey | None: ...
    async def add(self, key: SigningKey) -> None: ...  # the private half only sealed
    async def set_private(self, kid: str, sealed: str) -> None: ...  # no-op for a retired key
    async def make_current(self, kid: str, *, replacing: str | None) -> bool: ...
    async def store_retired(self, key: SigningKey) -> None: ...
    async def remove(self, kid: str) -> None: ...
    async def all(self) -> list[SigningKey]: ...
    async def purge(self, now: datetime) -> int: ...


class Signer(Protocol):
    async def signer(self) -> tuple[str, Ed25519PrivateKey]: ...  # the current key's id and private key
