"""Password reset rules, pure (user_svc.domain.reset): verdicts, expiry, the per-address counter, the mail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from user_svc.domain.reset import (
    ResetRecord,
    ResetVerdict,
    hash_reset_token,
    judge_reset,
    request_key,
    reset_expiry,
    reset_link,
    reset_mail,
)

NOW = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)


def test_a_link_is_valid_until_it_expires_or_is_used() -> None:
    record = ResetRecord(user_id="u1", expires_at=reset_expiry(NOW, 1800), used_at=None)
    assert judge_reset(record, NOW) is ResetVerdict.VALID
    assert judge_reset(record, NOW + timedelta(seconds=1799)) is ResetVerdict.VALID
    assert judge_reset(record, NOW + timedelta(seconds=1800)) is ResetVerdict.EXPIRED
    used = ResetRecord(user_id="u1", expires_at=record.expires_at, used_at=NOW)
    assert judge_reset(used, NOW) is ResetVerdict.USED
    assert judge_reset(None, NOW) is ResetVerdict.UNKNOWN


def test_tokens_are_stored_only_hashed_and_unlike_a_refresh_tokens_hash() -> None:
    digest = hash_reset_token("abc")
    assert len(digest) == 64
    assert "abc" not in digest
    assert digest != hash_reset_token("abd")


def test_the_request_counter_is_per_address_and_window_and_keeps_no_address() -> None:
    key, end = request_key("ada@example.com", NOW, 3600)
    assert "ada" not in key
    assert end == datetime(2026, 12, 7, 18, 0, tzinfo=UTC)
    assert request_key("ada@example.com", NOW + timedelta(minutes=59), 3600)[0] == key
    assert request_key("ada@example.com", NOW + timedelta(minutes=60), 3600)[0] != key
    assert request_key("bob@example.com", NOW, 3600)[0] != key


def test_the_link_and_the_mail() -> None:
    link = reset_link("https://peerprep.example/", "a+b/c")
    assert link == "https://peerprep.example/reset-password?token=a%2Bb%2Fc"
    mail = reset_mail(to="ada@example.com", display_name="Ada", link=link, ttl_s=1800)
    assert (mail.to, mail.subject) == ("ada@example.com", "Reset your PeerPrep password")
    assert link in mail.text
    assert "30 minutes" in mail.text
    assert "Hello Ada," in mail.text
