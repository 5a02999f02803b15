"""Rate limits as token buckets: one per connection, one per user (all of that user's tabs on this instance).

Pure: time is passed in, nothing here does I/O. A message takes one token from each bucket that applies, or from
none when any is empty. Refusals have a bucket of their own: ``refused_before_close`` of them within
``FLOOD_WINDOW_S`` mean a flood, and the socket is closed, whether they come in a row or paced between admitted
messages (a sender at 100x the rate is admitted now and then, and must not be kept open by that).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

FLOOD_WINDOW_S = 10.0  # refused_before_close refusals within this long are a flood
_EPSILON = 1e-9  # float sums of elapsed time must not refuse a sender exactly at the rate


@dataclass
class TokenBucket:
    """``rate`` tokens per second, at most ``burst`` saved up. Starts full."""

    rate: float
    burst: float
    tokens: float = field(init=False)
    updated: float | None = field(init=False, default=None)  # the clock starts at the first look

    def __post_init__(self) -> None:
        self.tokens = self.burst

    def _refill(self, now: float) -> None:
        if self.updated is not None and now > self.updated:
            self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        if self.updated is None or now > self.updated:
            self.updated = now

    def wait_s(self, now: float) -> float:
        """Seconds until a token is available (0 when one is)."""
        self._refill(now)
        missing = 1 - self.tokens
        return 0.0 if missing <= _EPSILON else missing / self.rate

    def take(self) -> None:
        self.tokens -= 1


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after_s: float = 0.0  # when refused: how long until a message would pass
    flooding: bool = False  # refused too many times in a row: close the socket


class MessageLimiter:
    """One connection's limits: its own bucket, and its user's once the socket is authenticated."""

    def __init__(self, own: TokenBucket, *, refused_before_close: int) -> None:
        self.own = own
        self.user: TokenBucket | None = None
        self._refusals = TokenBucket(rate=refused_before_close / FLOOD_WINDOW_S, burst=refused_before_close)

    def check(self, now: float) -> Verdict:
        buckets: Sequence[TokenBucket] = (self.own,) if self.user is None else (self.own, self.user)
        wait = max(bucket.wait_s(now) for bucket in buckets)
        if wait == 0:
            for bucket in buckets:
                bucket.take()
            return Verdict(allowed=True)
        self._refusals.wait_s(now)  # refill the refusal budget up to now
        self._refusals.take()
        retry = math.ceil(wait * 100) / 100  # to the next hundredth: never says "now" when it is not
        return Verdict(allowed=False, retry_after_s=retry, flooding=self._refusals.tokens < 1 - _EPSILON)
