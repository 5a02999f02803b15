"""The ports of password reset (resets.py): where reset links are stored, and how a mail leaves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from user_svc.domain.reset import Mail, ResetRecord


class ResetStore(Protocol):
    # The account's one link: a new one replaces the old (which is then unknown)
    async def replace(self, user_id: str, token_hash: str, *, now: datetime, expires_at: datetime) -> None: ...
    async def get(self, token_hash: str) -> ResetRecord | None: ...
    # False: the link was used already (a concurrent confirmation with it won)
    async def claim(self, token_hash: str, record: ResetRecord, now: datetime) -> bool: ...
    # The number of requests counted under ``key`` so far, this one included
    async def count_request(self, key: str, *, window_end: datetime) -> int: ...
    async def purge(self, now: datetime) -> int: ...


@dataclass(frozen=True)
class SmtpConfig:
    host: str | None  # None: no mail server; sending fails (and is logged)
    port: int
    sender: str
    starttls: bool
    user: str | None
    password: str | None
    timeout_s: float


class MailUnavailable(Exception):
    """The mail could not be handed to the mail server (none configured, refused, unreachable)."""


class Mailer(Protocol):
    async def send(self, mail: Mail) -> None: ...  # raises MailUnavailable
