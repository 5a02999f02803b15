"""Log-in throttling: failed attempts counted per account and per client IP in fixed windows (MongoDB counters,
purged by the service once their window has passed)."""

from __future__ import annotations

from datetime import datetime

from user_svc.domain import Throttled, retry_after_s, window_at
from user_svc.ports import ThrottleStore


class LoginThrottle:
    def __init__(self, store: ThrottleStore, *, window_s: int, per_account: int, per_ip: int) -> None:
        self._store = store
        self._window_s = window_s
        self._limits = {"account": per_account, "ip": per_ip}

    @staticmethod
    def _subjects(account: str, ip: str) -> dict[str, str]:
        return {"account": f"account:{account}", "ip": f"ip:{ip}"}

    async def check(self, *, account: str, ip: str, now: datetime) -> None:
        """Raise ``Throttled`` when the account or the address has used up this window's failures."""
        window = window_at(now, self._window_s)
        waits = []
        for scope, subject in self._subjects(account, ip).items():
            failures = await self._store.failures(subject, window)
            wait = retry_after_s(failures, self._limits[scope], window, now)
            if wait is not None:
                waits.append(wait)
        if waits:
            raise Throttled(max(waits))

    async def failed(self, *, account: str, ip: str, now: datetime) -> None:
        window = window_at(now, self._window_s)
        for subject in self._subjects(account, ip).values():
            await self._store.record_failure(subject, window)

    async def forget_account(self, account: str) -> None:
        """A successful log-in (or a deleted account) wipes the account's count; the address keeps its own."""
        await self._store.forget(f"account:{account}")

    async def purge(self, now: datetime) -> int:
        return await self._store.purge(now)
