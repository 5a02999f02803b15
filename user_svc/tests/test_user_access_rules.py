"""Refresh-token families, log-in throttle windows and the client's address (pure, no I/O)."""

import ipaddress
from datetime import UTC, datetime, timedelta

import pytest

from user_svc.domain import (
    RefreshRecord,
    RefreshVerdict,
    client_ip,
    hash_refresh_token,
    judge_refresh,
    retry_after_s,
    window_at,
)

NOW = datetime(2026, 11, 28, 12, 7, 30, tzinfo=UTC)


def record(*, expires_in_s: float = 60, rotated: bool = False) -> RefreshRecord:
    return RefreshRecord(
        family_id="f1",
        user_id="u1",
        expires_at=NOW + timedelta(seconds=expires_in_s),
        rotated_at=NOW - timedelta(seconds=5) if rotated else None,
    )


def test_a_current_unexpired_token_is_valid() -> None:
    assert judge_refresh(record(), NOW) is RefreshVerdict.VALID


def test_an_unknown_or_revoked_token_is_unknown() -> None:
    assert judge_refresh(None, NOW) is RefreshVerdict.UNKNOWN


def test_an_expired_token_is_expired_at_its_expiry() -> None:
    assert judge_refresh(record(expires_in_s=0), NOW) is RefreshVerdict.EXPIRED
    assert judge_refresh(record(expires_in_s=-1), NOW) is RefreshVerdict.EXPIRED


def test_a_rotated_token_presented_again_is_reuse_even_after_expiry() -> None:
    assert judge_refresh(record(rotated=True), NOW) is RefreshVerdict.REUSED
    assert judge_refresh(record(rotated=True, expires_in_s=-10), NOW) is RefreshVerdict.REUSED


def test_refresh_tokens_are_stored_as_a_sha256_hash() -> None:
    digest = hash_refresh_token("opaque-token")
    assert len(digest) == 64
    assert digest == hash_refresh_token("opaque-token") != hash_refresh_token("opaque-token2")
    assert "opaque" not in digest


def test_windows_are_fixed_and_aligned_to_the_epoch() -> None:
    window = window_at(NOW, 900)
    assert window.start == datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert window.end == datetime(2026, 11, 28, 12, 15, tzinfo=UTC)
    assert window_at(window.end - timedelta(microseconds=1), 900) == window
    assert window_at(window.end, 900).start == window.end


def test_attempts_are_allowed_until_the_limit_then_until_the_window_ends() -> None:
    window = window_at(NOW, 900)
    assert retry_after_s(0, 5, window, NOW) is None
    assert retry_after_s(4, 5, window, NOW) is None
    assert retry_after_s(5, 5, window, NOW) == 450  # 12:07:30 -> 12:15:00
    assert retry_after_s(9, 5, window, NOW) == 450


def test_retry_after_is_rounded_up_and_never_zero() -> None:
    window = window_at(NOW, 900)
    almost = window.end - timedelta(milliseconds=200)
    assert retry_after_s(5, 5, window, almost) == 1
    assert retry_after_s(5, 5, window, window.end - timedelta(seconds=1.5)) == 2


LOCAL = (ipaddress.ip_network("127.0.0.1"),)
PROXIES = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("::1"))


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("127.0.0.1", "203.0.113.7", LOCAL, "203.0.113.7"),  # trusted proxy: the address it saw
        ("127.0.0.1", "1.2.3.4, 198.51.100.4", LOCAL, "198.51.100.4"),  # a client-sent hop is not believed
        ("10.1.2.3", "198.51.100.4, 10.0.0.2", PROXIES, "198.51.100.4"),  # through two trusted proxies
        ("127.0.0.1", None, LOCAL, "127.0.0.1"),
        ("198.51.100.4", "203.0.113.7", LOCAL, "198.51.100.4"),  # untrusted peer: header ignored
        ("10.1.2.3", " 2001:db8::1 ", PROXIES, "2001:db8::1"),  # CIDR of proxies, IPv6 client
        ("::1", "203.0.113.9", PROXIES, "203.0.113.9"),
        ("127.0.0.1", "not-an-ip", LOCAL, "127.0.0.1"),  # a forged junk header falls back to the peer
        ("127.0.0.1", "", LOCAL, "127.0.0.1"),
        (None, "203.0.113.7", LOCAL, "unknown"),
    ],
)
def test_the_client_address_is_the_nearest_hop_no_client_can_forge(
    peer: str | None, forwarded: str | None, trusted: tuple[ipaddress.IPv4Network, ...], expected: str
) -> None:
    assert client_ip(peer, forwarded, trusted) == expected
