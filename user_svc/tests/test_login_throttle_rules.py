"""The log-in throttle's rules (domain/throttle.py) with a set clock: progressive delays per client and account,
a ceiling per client, and an account that is slowed but never closed to its owner."""

from datetime import UTC, datetime, timedelta

import pytest

from user_svc.api import wait_message
from user_svc.domain.throttle import (
    Counter,
    Entry,
    ThrottleKeys,
    ThrottlePolicy,
    Verdict,
    backoff_s,
    charge,
    client_key,
    judge,
    keys_for,
    level,
    refund,
)

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
POLICY = ThrottlePolicy()
ATTACKER, OWNER = keys_for("203.0.113.5", "U1"), keys_for("198.51.100.7", "U1")


class Store:
    """What the repository keeps: one counter per key."""

    def __init__(self) -> None:
        self.counters: dict[str, Counter] = {}

    def keep(self, entries: list[Entry]) -> None:
        self.counters |= {entry.key: entry.counter for entry in entries}

    def fail(self, keys: ThrottleKeys, now: datetime, policy: ThrottlePolicy = POLICY) -> Verdict:
        """One attempt with a wrong password, as the service makes it: judged, then charged if admitted."""
        verdict = judge(now, keys, self.counters, policy)
        if verdict.retry_after_s is None:
            self.keep(charge(now, keys, self.counters, policy))
        return verdict

    def succeed(self, keys: ThrottleKeys, now: datetime, policy: ThrottlePolicy = POLICY) -> Verdict:
        verdict = judge(now, keys, self.counters, policy)
        if verdict.retry_after_s is None:
            self.keep(charge(now, keys, self.counters, policy))
            self.counters.pop(keys.pair)
            self.keep(refund(now, keys, self.counters, policy))
        return verdict


def test_three_failures_are_free_then_the_delay_doubles_up_to_its_cap() -> None:
    assert [backoff_s(n, POLICY) for n in range(3)] == [0, 0, 0]
    assert [backoff_s(n, POLICY) for n in range(3, 13)] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert backoff_s(10_000, POLICY) == 300  # no overflow, however many


def test_a_client_that_keeps_guessing_waits_longer_each_time_and_is_answered_429_never_401() -> None:
    store, now, waits = Store(), T0, []
    for _ in range(20):
        verdict = store.fail(ATTACKER, now)
        while verdict.retry_after_s is not None:  # waits as told, then guesses again
            waits.append(verdict.retry_after_s)
            assert verdict.reason == "backoff"
            now += timedelta(seconds=verdict.retry_after_s)
            verdict = store.fail(ATTACKER, now)
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300, 300, 300, 300, 300]
    assert judge(now, ATTACKER, store.counters, POLICY).retry_after_s == 300  # and still waiting
    assert judge(now, OWNER, store.counters, POLICY) == Verdict(None, 0.0, "ok")  # the owner elsewhere: never


def test_retry_after_is_what_is_left_of_the_delay_in_whole_seconds() -> None:
    store = Store()
    store.counters[ATTACKER.pair] = Counter(4, T0)  # four failures, the last at T0: 2 s
    assert judge(T0 + timedelta(seconds=0.5), ATTACKER, store.counters, POLICY).retry_after_s == 2
    assert judge(T0 + timedelta(seconds=1.2), ATTACKER, store.counters, POLICY).retry_after_s == 1
    assert judge(T0 + timedelta(seconds=2), ATTACKER, store.counters, POLICY).retry_after_s is None


def test_a_success_from_the_client_forgets_its_failures_on_that_account() -> None:
    store = Store()
    for _ in range(3):
        store.fail(OWNER, T0)
    later = T0 + timedelta(seconds=1)
    assert store.succeed(OWNER, later).retry_after_s is None
    assert OWNER.pair not in store.counters
    assert store.fail(OWNER, later).retry_after_s is None  # three free ones again


def test_a_clients_failures_are_forgotten_a_day_after_the_last() -> None:
    store = Store()
    store.counters[ATTACKER.pair] = Counter(8, T0)
    assert judge(T0 + timedelta(hours=23), ATTACKER, store.counters, POLICY).retry_after_s is None  # 128 s passed
    assert charge(T0 + timedelta(hours=23), ATTACKER, store.counters, POLICY)[0].counter.count == 9
    assert charge(T0 + timedelta(hours=24), ATTACKER, store.counters, POLICY)[0].counter.count == 1


def test_one_client_spraying_many_accounts_meets_its_ceiling_on_every_account() -> None:
    policy = ThrottlePolicy(client_capacity=10, client_drain_s=600)  # 10 failures, one drains a minute
    store = Store()
    for n in range(10):
        assert store.fail(keys_for("203.0.113.5", f"U{n}"), T0, policy).retry_after_s is None
    refused = store.fail(keys_for("203.0.113.5", "U99"), T0, policy)
    assert (refused.retry_after_s, refused.reason) == (60, "client_ceiling")
    assert judge(T0, keys_for("198.51.100.7", "U99"), store.counters, policy).retry_after_s is None  # others: no
    assert store.fail(keys_for("203.0.113.5", "U99"), T0 + timedelta(seconds=60), policy).retry_after_s is None


def test_an_account_under_attack_from_many_clients_is_slowed_for_everyone_but_never_refused() -> None:
    policy = ThrottlePolicy(account_slow_after=50, account_slowdown_s=2)
    store = Store()
    for n in range(50):  # a botnet: one guess from each of 50 addresses
        assert store.fail(keys_for(f"203.0.113.{n}", "U1"), T0, policy).slow_s == 0
    fresh = judge(T0, OWNER, store.counters, policy)
    assert fresh == Verdict(retry_after_s=None, slow_s=2, reason="account_slowed")  # admitted, only slowed
    assert store.succeed(OWNER, T0, policy).retry_after_s is None
    assert judge(T0 + timedelta(hours=1), OWNER, store.counters, policy).slow_s == 0  # drained away


def test_buckets_drain_with_time_and_never_go_below_empty() -> None:
    bucket = Counter(10, T0)
    assert level(bucket, T0 + timedelta(minutes=30), capacity=10, drain_s=3600) == pytest.approx(5)
    assert level(bucket, T0 + timedelta(hours=2), capacity=10, drain_s=3600) == 0
    [_, client, _] = charge(T0, ATTACKER, {}, POLICY)
    assert client.expires_at == T0 + timedelta(seconds=36)  # one failure of 100 an hour: empty in 36 s
    [client, _] = refund(T0, ATTACKER, {}, POLICY)
    assert client.counter.count == 0


def test_a_client_is_an_ipv4_address_or_an_ipv6_64() -> None:
    assert client_key("203.0.113.5") == "203.0.113.5"
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert client_key("::ffff:203.0.113.5") == "203.0.113.5"
    assert client_key("unknown") == "unknown"


def test_the_429_message_says_seconds_under_a_minute_then_minutes() -> None:
    assert [wait_message(s) for s in (1, 2, 59, 60, 61, 300)] == [
        f"Too many failed attempts. Try again in {wait}."
        for wait in ("1 second", "2 seconds", "59 seconds", "1 minute", "2 minutes", "5 minutes")
    ]
