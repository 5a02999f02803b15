"""Refresh-token families and the client's address (pure, no I/O)."""

import ipaddress
from datetime import UTC, datetime, timedelta

import pytest

from user_svc.domain import (
    RefreshRecord,
    RefreshVerdict,
    client_ip,
    hash_refresh_token,
    judge_refresh,
    refresh_expiry,
)

NOW = datetime(2026, 11, 28, 12, 7, 30, tzinfo=UTC)
DAY = 86_400
LIFETIME_S = 30 * DAY


def record(*, expires_in_s: float = 60, rotated: bool = False, signed_in_s_ago: float = 3600) -> RefreshRecord:
    return RefreshRecord(
        family_id="f1",
        user_id="u1",
        expires_at=NOW + timedelta(seconds=expires_in_s),
        rotated_at=NOW - timedelta(seconds=5) if rotated else None,
        family_started_at=NOW - timedelta(seconds=signed_in_s_ago),
    )


def judge(rec: RefreshRecord | None) -> RefreshVerdict:
    return judge_refresh(rec, NOW, lifetime_s=LIFETIME_S)


def test_a_current_unexpired_token_is_valid() -> None:
    assert judge(record()) is RefreshVerdict.VALID


def test_an_unknown_or_revoked_token_is_unknown() -> None:
    assert judge(None) is RefreshVerdict.UNKNOWN


def test_an_expired_token_is_expired_at_its_expiry() -> None:
    assert judge(record(expires_in_s=0)) is RefreshVerdict.EXPIRED
    assert judge(record(expires_in_s=-1)) is RefreshVerdict.EXPIRED


def test_a_rotated_token_presented_again_is_reuse_even_after_expiry() -> None:
    assert judge(record(rotated=True)) is RefreshVerdict.REUSED
    assert judge(record(rotated=True, expires_in_s=-10)) is RefreshVerdict.REUSED
    assert judge(record(rotated=True, signed_in_s_ago=LIFETIME_S + 1)) is RefreshVerdict.REUSED


def test_a_sign_in_older_than_its_lifetime_is_refused_though_its_token_is_fresh() -> None:
    assert judge(record(signed_in_s_ago=LIFETIME_S - 1)) is RefreshVerdict.VALID
    assert judge(record(signed_in_s_ago=LIFETIME_S)) is RefreshVerdict.LIFETIME_EXCEEDED
    assert judge(record(signed_in_s_ago=LIFETIME_S + 1, expires_in_s=-1)) is RefreshVerdict.LIFETIME_EXCEEDED


def test_a_new_token_never_outlives_its_sign_in() -> None:
    fresh = refresh_expiry(NOW, family_started_at=NOW - timedelta(days=1), ttl_s=14 * DAY, lifetime_s=LIFETIME_S)
    assert fresh == NOW + timedelta(days=14)
    late = refresh_expiry(NOW, family_started_at=NOW - timedelta(days=25), ttl_s=14 * DAY, lifetime_s=LIFETIME_S)
    assert late == NOW + timedelta(days=5)


def test_refresh_tokens_are_stored_as_a_sha256_hash() -> None:
    digest = hash_refresh_token("opaque-token")
    assert len(digest) == 64
    assert digest == hash_refresh_token("opaque-token") != hash_refresh_token("opaque-token2")
    assert "opaque" not in digest


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
