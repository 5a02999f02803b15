"""Log-in throttling, pure (OWASP's authentication guidance): nobody can lock an account's owner out by guessing.

Three counters, each one stored document (``ThrottleKeys``):

- per client and account (``pair``): the first ``free_failures`` failures cost nothing, then every further attempt
  from that client on that account waits an exponentially growing delay (capped), answered as 429 + Retry-After;
  a success from that client wipes it. The owner on another client has a pair of their own and is never refused.
- per client (``client``): a leaky bucket of failures on any account, so one client cannot spray many accounts; full,
  it refuses that client only.
- per account (``account``): a leaky bucket of failures from every client. It never refuses: over its (high)
  threshold every attempt on the account is slowed by a short delay before the password is checked, which costs a
  distributed guesser time without keeping the owner out.

Every function takes ``now`` and returns a decision or a new counter; the caller stores counters by key.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

IPV6_CLIENT_PREFIX = 64  # one IPv6 client (a home, a phone) gets a whole /64: it is counted as one


@dataclass(frozen=True)
class ThrottlePolicy:
    free_failures: int = 3  # failures per client and account before any delay
    backoff_base_s: float = 1.0  # the delay after ``free_failures``; it doubles with every further failure
    backoff_max_s: float = 300.0  # ... up to this
    pair_memory_s: float = 86_400.0  # a client's failures on an account are forgotten this long after the last
    client_capacity: int = 100  # failures one client may make on all accounts before it is refused...
    client_drain_s: float = 3_600.0  # ... the bucket emptying fully in this time (so 100 an hour, in the long run)
    account_slow_after: int = 200  # failures on one account from every client before its attempts are slowed...
    account_drain_s: float = 3_600.0
    account_slowdown_s: float = 2.0  # ... by this much each


@dataclass(frozen=True)
class Counter:
    """A stored count: failures (pair) or a bucket's level (client, account), as of ``at``."""

    count: float
    at: datetime


@dataclass(frozen=True)
class ThrottleKeys:
    pair: str
    client: str
    account: str


@dataclass(frozen=True)
class Verdict:
    retry_after_s: int | None  # refused: wait this long (never a wrong-password answer)
    slow_s: float  # admitted after this delay (the account is under attack from many clients)
    reason: str  # "ok", "backoff", "client_ceiling" or "account_slowed": for the log


def client_key(address: str) -> str:
    """What one client is: its IPv4 address, or the /64 its IPv6 address is in (anything else as given)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(ip)


def keys_for(client: str, account: str) -> ThrottleKeys:
    """``account``: a user id, or ``unknown:<login>`` for a name nobody has (counted the same way)."""
    return ThrottleKeys(pair=f"pair:{client}|{account}", client=f"client:{client}", account=f"account:{account}")


def backoff_s(failures: float, policy: ThrottlePolicy) -> float:
    """The wait after ``failures`` failures in a row from one client on one account."""
    if failures < policy.free_failures:
        return 0.0
    exponent = min(failures - policy.free_failures, 64)  # 2**64 s is past any cap
    return min(policy.backoff_max_s, policy.backoff_base_s * 2**exponent)


def _forgotten(pair: Counter | None, now: datetime, policy: ThrottlePolicy) -> Counter | None:
    if pair is None or now - pair.at >= timedelta(seconds=policy.pair_memory_s):
        return None
    return pair


def level(bucket: Counter | None, now: datetime, *, capacity: float, drain_s: float) -> float:
    """A leaky bucket's level now: it loses ``capacity`` every ``drain_s``, never below zero."""
    if bucket is None:
        return 0.0
    elapsed = max(0.0, (now - bucket.at).total_seconds())
    return max(0.0, bucket.count - elapsed * capacity / drain_s)


def _seconds(wait: float) -> int:
    return max(1, math.ceil(wait))


Counters = Mapping[str, Counter]  # by key, as stored (a key not there: nothing counted)


def judge(now: datetime, keys: ThrottleKeys, counters: Counters, policy: ThrottlePolicy) -> Verdict:
    """May this client try a password on this account now, and how soon?"""
    waits = []
    pair = _forgotten(counters.get(keys.pair), now, policy)
    if pair is not None:
        remaining = (pair.at - now).total_seconds() + backoff_s(pair.count, policy)
        if remaining > 0:
            waits.append((remaining, "backoff"))
    cap, drain = policy.client_capacity, policy.client_drain_s
    overflow = level(counters.get(keys.client), now, capacity=cap, drain_s=drain) + 1 - cap
    if overflow > 0:  # no room for another failure: wait until one has drained away
        waits.append((overflow * drain / cap, "client_ceiling"))
    if waits:
        wait, reason = max(waits)
        return Verdict(retry_after_s=_seconds(wait), slow_s=0.0, reason=reason)
    cap, drain = policy.account_slow_after, policy.account_drain_s
    if level(counters.get(keys.account), now, capacity=cap, drain_s=drain) >= cap:
        return Verdict(retry_after_s=None, slow_s=policy.account_slowdown_s, reason="account_slowed")
    return Verdict(retry_after_s=None, slow_s=0.0, reason="ok")


@dataclass(frozen=True)
class Entry:
    """A counter to store under ``key``, and when it may be forgotten (no TTL index: the service purges)."""

    key: str
    counter: Counter
    expires_at: datetime


def _bucket(key: str, bucket: Counter | None, now: datetime, delta: float, *, capacity: float, drain_s: float) -> Entry:
    after = Counter(max(0.0, level(bucket, now, capacity=capacity, drain_s=drain_s) + delta), now)
    return Entry(key, after, now + timedelta(seconds=after.count * drain_s / capacity))


def _buckets(
    now: datetime, keys: ThrottleKeys, counters: Counters, policy: ThrottlePolicy, delta: float
) -> list[Entry]:
    return [
        _bucket(
            keys.client,
            counters.get(keys.client),
            now,
            delta,
            capacity=policy.client_capacity,
            drain_s=policy.client_drain_s,
        ),
        _bucket(
            keys.account,
            counters.get(keys.account),
            now,
            delta,
            capacity=policy.account_slow_after,
            drain_s=policy.account_drain_s,
        ),
    ]


def charge(now: datetime, keys: ThrottleKeys, counters: Counters, policy: ThrottlePolicy) -> list[Entry]:
    """One more failure on every counter. Recorded before the password is checked (and refunded on success), so
    requests sent at once cannot all slip through while the first of them is being checked."""
    previous = _forgotten(counters.get(keys.pair), now, policy)
    pair = Counter((previous.count if previous else 0) + 1, now)
    return [
        Entry(keys.pair, pair, now + timedelta(seconds=policy.pair_memory_s)),
        *_buckets(now, keys, counters, policy, 1),
    ]


def refund(now: datetime, keys: ThrottleKeys, counters: Counters, policy: ThrottlePolicy) -> list[Entry]:
    """After a success: the buckets less the failure charged for it. (The pair is forgotten: that client knew the
    password.)"""
    return _buckets(now, keys, counters, policy, -1)
