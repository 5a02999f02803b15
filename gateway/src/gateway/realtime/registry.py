"""This instance's open sockets, by user: a push reaches every tab of its user that is connected here.

Nothing here outlives the process: the gateway stays stateless, and any instance can serve any user.
"""

from __future__ import annotations

import asyncio

from contracts.ws import CloseCode
from gateway.realtime.connection import Connection
from gateway.realtime.limits import TokenBucket
from svc_kit.recent import RecentIds


class Registry:
    def __init__(self, *, user_rate_per_s: float, user_burst: int) -> None:
        self._open: dict[str, Connection] = {}
        self._by_user: dict[str, dict[str, Connection]] = {}
        self._user_buckets: dict[str, TokenBucket] = {}
        self._user_rate = user_rate_per_s
        self._user_burst = user_burst
        self.draining = False
        # Deleted accounts: their access tokens stay valid until they expire, so a reconnect must be refused here.
        self._deleted: RecentIds[str] = RecentIds(100_000)

    def __len__(self) -> int:
        return len(self._open)

    @property
    def users(self) -> int:
        return len(self._by_user)

    def open(self, connection: Connection) -> None:
        self._open[connection.id] = connection

    def forbid(self, user_id: str) -> None:
        """The account is gone: no socket may speak for it again on this instance."""
        self._deleted.add(user_id)

    def forbidden(self, user_id: str) -> bool:
        return user_id in self._deleted

    def bind(self, connection: Connection, user_id: str) -> TokenBucket:
        """``connection`` now speaks for ``user_id``; returns the rate bucket all of this user's tabs here share."""
        connection.user_id = user_id
        self._by_user.setdefault(user_id, {})[connection.id] = connection
        bucket = self._user_buckets.get(user_id)
        if bucket is None:
            bucket = self._user_buckets[user_id] = TokenBucket(rate=self._user_rate, burst=self._user_burst)
        return bucket

    def forget(self, connection: Connection) -> None:
        self._open.pop(connection.id, None)
        user_id = connection.user_id
        tabs = self._by_user.get(user_id) if user_id is not None else None
        if tabs is not None and user_id is not None:
            tabs.pop(connection.id, None)
            if not tabs:
                del self._by_user[user_id]
                self._user_buckets.pop(user_id, None)

    def connected(self, user_id: str) -> bool:
        return user_id in self._by_user

    def deliver(self, user_id: str, text: str) -> int:
        """Queue ``text`` on every socket of ``user_id`` here; how many."""
        tabs = self._by_user.get(user_id)
        if not tabs:
            return 0
        for connection in tabs.values():
            connection.push(text)
        return len(tabs)

    def close_user(self, user_id: str, code: int, *, last_words: str | None = None, reason: str = "") -> int:
        """Close every socket of ``user_id`` here, each told ``last_words`` first (a frame) when given."""
        tabs = list(self._by_user.get(user_id, {}).values())
        for connection in tabs:
            if last_words is not None:
                connection.push(last_words)
            connection.close(code, reason)
        return len(tabs)

    async def drain(self, timeout_s: float = 3.0) -> None:
        """Shutting down: refuse new sockets, close every open one with 1001 (reconnect elsewhere), briefly wait."""
        self.draining = True
        connections = list(self._open.values())
        for connection in connections:
            connection.close(CloseCode.GOING_AWAY, "server shutting down")
        if connections:
            await asyncio.wait([asyncio.create_task(c.finished.wait()) for c in connections], timeout=timeout_s)
