"""Password hashing with argon2id, off the event loop (each hash takes tens of milliseconds of CPU by design)."""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Passwords:
    def __init__(self, *, time_cost: int, memory_kib: int, parallelism: int) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)
        self._dummy: str | None = None

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, stored_hash: str | None, password: str) -> bool:
        """True when ``password`` matches. Without a stored hash (unknown user) a dummy one is checked instead,
        so an unknown user takes as long to refuse as a wrong password."""
        if stored_hash is None:
            await self.warm_up()
            stored_hash = self._dummy
        try:
            return await asyncio.to_thread(self._hasher.verify, stored_hash or "", password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        """A hash made with weaker parameters than today's is replaced at the next successful log-in."""
        return self._hasher.check_needs_rehash(stored_hash)

    async def warm_up(self) -> None:
        """Make the dummy hash at start-up, so the first unknown-user log-in is not faster than the rest."""
        if self._dummy is None:
            self._dummy = await self.hash("peerprep-dummy-password")
