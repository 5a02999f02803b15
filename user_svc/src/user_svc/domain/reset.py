"""Password reset by mail, pure: the link's token, how long it lives, when it is refused, and the mail's words.

A reset token is random (``tokens.new_reset_token``), stored only as its hash, lives ``ttl_s`` (30 minutes by
default), is used once, and an account has one at a time: asking again replaces it. Requests are limited per email
address in fixed windows, counted whether or not an account uses the address, so the limit tells nothing either.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from urllib.parse import quote

from user_svc.domain.errors import AccountError

RESET_PATH = "/reset-password"


@dataclass(frozen=True)
class ResetRecord:
    """The one outstanding reset link of an account."""

    user_id: str
    expires_at: datetime
    used_at: datetime | None


class ResetVerdict(StrEnum):
    VALID = "valid"
    UNKNOWN = "reset_unknown"  # never issued, replaced by a newer link, or the account is gone
    EXPIRED = "reset_expired"
    USED = "reset_used"


class ResetLinkRefused(AccountError):
    """A reset token that cannot set a password; ``reason`` is a ``ResetVerdict`` value."""

    def __init__(self, verdict: ResetVerdict) -> None:
        super().__init__(verdict.value)
        self.reason = verdict.value


def hash_reset_token(token: str) -> str:
    """Tokens are stored only as this hash: a database leak gives no usable link."""
    return hashlib.sha256(b"password-reset:" + token.encode()).hexdigest()


def reset_expiry(now: datetime, ttl_s: int) -> datetime:
    return now + timedelta(seconds=ttl_s)


def judge_reset(record: ResetRecord | None, now: datetime) -> ResetVerdict:
    if record is None:
        return ResetVerdict.UNKNOWN
    if record.used_at is not None:
        return ResetVerdict.USED
    if now >= record.expires_at:
        return ResetVerdict.EXPIRED
    return ResetVerdict.VALID


def request_key(email: str, now: datetime, window_s: int) -> tuple[str, datetime]:
    """The counter of reset requests for ``email`` (normalised) in the fixed window ``now`` falls in, and when that
    window ends. The address is hashed: the counter of an address no account uses keeps no address."""
    start_s = math.floor(now.timestamp() / window_s) * window_s
    digest = hashlib.sha256(email.encode()).hexdigest()
    return f"{digest}@{start_s}", datetime.fromtimestamp(start_s + window_s, UTC)


def reset_link(public_web_url: str, token: str) -> str:
    return f"{public_web_url.rstrip('/')}{RESET_PATH}?token={quote(token, safe='')}"


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str


def reset_mail(*, to: str, display_name: str, link: str, ttl_s: int) -> Mail:
    minutes = max(1, ttl_s // 60)
    text = (
        f"Hello {display_name},\n\n"
        "Someone (we hope you) asked to reset the password of your PeerPrep account. To choose a new one, open\n\n"
        f"{link}\n\n"
        f"The link works once, for {minutes} minute{'s' if minutes != 1 else ''}. Setting a new password signs "
        "you out everywhere.\n\n"
        "If you did not ask for this, ignore this mail: your password stays as it is.\n\n"
        "PeerPrep\n"
    )
    return Mail(to=to, subject="Reset your PeerPrep password", text=text)
