"""Rate limits, pure: token buckets per connection and per user, refusals, and the flood that closes a socket."""

import pytest

from gateway.realtime.limits import MessageLimiter, TokenBucket


def limiter(rate: float = 20, burst: int = 40, refused_before_close: int = 100) -> MessageLimiter:
    return MessageLimiter(TokenBucket(rate=rate, burst=burst), refused_before_close=refused_before_close)


def test_a_full_bucket_lets_the_burst_through_then_refuses() -> None:
    limits = limiter()
    assert all(limits.check(now=10.0).allowed for _ in range(40))
    refused = limits.check(now=10.0)
    assert not refused.allowed
    assert refused.retry_after_s == pytest.approx(0.05)  # one token at 20/s
    assert not refused.flooding


def test_tokens_come_back_at_the_rate_and_never_beyond_the_burst() -> None:
    bucket = TokenBucket(rate=20, burst=40)
    for _ in range(40):
        bucket.take()
    assert bucket.wait_s(now=0.0) == pytest.approx(0.05)
    assert bucket.wait_s(now=0.5) == 0  # 10 tokens back
    assert bucket.tokens == pytest.approx(10)
    assert bucket.wait_s(now=1000.0) == 0
    assert bucket.tokens == 40


def test_a_steady_sender_at_the_rate_is_never_refused() -> None:
    limits = limiter(rate=20, burst=1)
    assert all(limits.check(now=i / 20).allowed for i in range(1000))


def test_the_users_bucket_is_shared_by_their_tabs_and_a_refusal_takes_nothing() -> None:
    user = TokenBucket(rate=50, burst=3)
    tab_one, tab_two = limiter(), limiter()
    tab_one.user = tab_two.user = user
    assert tab_one.check(0.0).allowed
    assert tab_two.check(0.0).allowed
    assert tab_one.check(0.0).allowed
    refused = tab_two.check(0.0)  # the user is out of tokens though this tab has plenty
    assert not refused.allowed
    assert refused.retry_after_s == pytest.approx(0.02)
    assert tab_two.own.tokens == 39  # one taken for its one admitted message, none for the refusal


def test_a_hundred_refusals_within_the_window_are_a_flood() -> None:
    limits = limiter(rate=1, burst=1, refused_before_close=100)
    assert limits.check(0.0).allowed
    verdicts = [limits.check(0.0) for _ in range(100)]
    assert [v.flooding for v in verdicts] == [False] * 99 + [True]


def test_a_paced_flood_is_closed_though_a_message_is_admitted_now_and_then() -> None:
    """Once, a sender below ~2,000 messages/s was refused but never closed: each admitted message reset a count."""
    limits = limiter(rate=20, burst=40, refused_before_close=100)
    verdicts = [limits.check(n / 1000) for n in range(20_000)]  # 1,000 messages/s for 20 s
    first_flood = next(n for n, v in enumerate(verdicts) if v.flooding)
    assert any(v.allowed for v in verdicts[:first_flood])
    assert first_flood < 1000  # within the first second: 100 refusals come in ~0.14 s at this pace


def test_a_sender_a_little_over_the_rate_is_slowed_but_never_closed() -> None:
    limits = limiter(rate=20, burst=40, refused_before_close=100)
    verdicts = [limits.check(n / 25) for n in range(25 * 600)]  # 25/s for ten minutes: 5 refusals/s, 10/s allowed
    assert not any(v.flooding for v in verdicts)
    assert sum(not v.allowed for v in verdicts) > 0
