"""Log-in throttling (domain/throttle.py decides): per client and account, per client, and per account, each one
MongoDB document by key, forgotten by the service's housekeeping once it has expired."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from svc_kit.logging import get_logger
from user_svc.domain import Throttled
from user_svc.domain.throttle import Counter, ThrottleKeys, ThrottlePolicy, charge, client_key, judge, keys_for, refund
from user_svc.ports import ThrottleStore


@dataclass(frozen=True)
class Attempt:
    """An admitted attempt, counted as a failure until ``LoginThrottle.succeeded`` says otherwise."""

    keys: ThrottleKeys
    charged: dict[str, Counter]
    now: datetime


class LoginThrottle:
    def __init__(
        self,
        store: ThrottleStore,
        policy: ThrottlePolicy,
        *,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._store = store
        self._policy = policy
        self._sleep = sleep
        self._log = get_logger("user_svc.throttle")

    async def attempt(self, *, account: str, ip: str, now: datetime) -> Attempt:
        """Admit one password attempt, or raise ``Throttled`` (never a wrong-password answer). Admitted, it is
        counted as a failure at once; ``succeeded`` takes that back."""
        keys = keys_for(client_key(ip), account)
        counters = await self._store.get([keys.pair, keys.client, keys.account])
        verdict = judge(now, keys, counters, self._policy)
        if verdict.retry_after_s is not None:
            self._log.info("login.throttled", reason=verdict.reason, retry_after_s=verdict.retry_after_s)
            raise Throttled(verdict.retry_after_s)
        entries = charge(now, keys, counters, self._policy)
        await self._store.put(entries)
        if verdict.slow_s:
            self._log.warning("login.account_slowed", account=account, slow_s=verdict.slow_s)
            await self._sleep(verdict.slow_s)
        return Attempt(keys=keys, charged={e.key: e.counter for e in entries}, now=now)

    async def succeeded(self, attempt: Attempt) -> None:
        """The password was right: this client's failures on the account go, the buckets get their charge back."""
        charged = {key: counter for key, counter in attempt.charged.items() if key != attempt.keys.pair}
        await self._store.forget(attempt.keys.pair)
        await self._store.put(refund(attempt.now, attempt.keys, charged, self._policy))

    async def forget_account(self, account: str) -> None:
        """A deleted account: its own bucket goes (each client's count on it expires on its own)."""
        await self._store.forget(keys_for("", account).account)

    async def purge(self, now: datetime) -> int:
        return await self._store.purge(now)
