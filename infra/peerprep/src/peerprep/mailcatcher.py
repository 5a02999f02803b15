"""The local run's mail catcher: a real SMTP server (aiosmtpd) on loopback that delivers nothing, and writes each
message it receives to a folder (``.peerprep/mail/`` for ``peerprep up``): as received (``.eml``, for a mail
program) and decoded (``.txt``, its headers and text as a person reads them, links unbroken), so a student can open
the password reset mail locally. ``peerprep up`` prints where each one landed and the links in it.

It runs in its own thread (aiosmtpd's ``Controller``), so it works beside any event loop; the tests use it too.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

DEFAULT_PORT = 1025
_LINK = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class CaughtMail:
    path: Path  # as received (.eml)
    to: tuple[str, ...]
    subject: str
    text: str

    @property
    def readable(self) -> Path:
        """The decoded copy (.txt) beside it."""
        return self.path.with_suffix(".txt")

    def as_text(self) -> str:
        return f"To: {', '.join(self.to)}\nSubject: {self.subject}\n\n{self.text}"

    @property
    def links(self) -> list[str]:
        return _LINK.findall(self.text)


def parse(path: Path, raw: bytes, to: tuple[str, ...]) -> CaughtMail:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    return CaughtMail(path=path, to=to, subject=str(message.get("Subject", "")), text=text)


class _Handler:
    def __init__(self, catcher: MailCatcher) -> None:
        self._catcher = catcher

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self._catcher.deliver(bytes(envelope.original_content or envelope.content), tuple(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


class MailCatcher:
    def __init__(
        self,
        folder: Path,
        *,
        host: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        on_mail: Callable[[CaughtMail], None] | None = None,
    ) -> None:
        self.folder = folder
        self.host, self.port = host, port
        self._on_mail = on_mail
        self._controller = Controller(_Handler(self), hostname=host, port=port)
        self._caught: list[CaughtMail] = []
        self._arrived = threading.Condition()
        self._seq = 0

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def deliver(self, raw: bytes, to: tuple[str, ...]) -> CaughtMail:
        """Write one received message (whole, or not at all) and tell whoever waits for it."""
        with self._arrived:
            self._seq += 1
            name = f"{datetime.now(UTC):%Y%m%dT%H%M%S.%fZ}-{os.getpid()}-{self._seq}.eml"
        path = self.folder / name
        mail = parse(path, raw, to)
        _write(mail.readable, mail.as_text().encode())
        _write(path, raw)
        with self._arrived:
            self._caught.append(mail)
            self._arrived.notify_all()
        if self._on_mail is not None:
            self._on_mail(mail)
        return mail

    def wait_for(self, count: int, *, timeout_s: float = 30) -> list[CaughtMail]:
        """The first ``count`` messages, waiting for them to arrive (blocking: from async code, in a thread)."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self._caught) >= count, timeout=timeout_s):
                raise TimeoutError(f"{len(self._caught)} of {count} messages arrived in {timeout_s} s")
            return self._caught[:count]

    @property
    def caught(self) -> list[CaughtMail]:
        with self._arrived:
            return list(self._caught)


def _write(path: Path, data: bytes) -> None:
    """Whole, or not at all."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


@contextmanager
def catching(folder: Path, **kwargs: Any) -> Iterator[MailCatcher]:
    catcher = MailCatcher(folder, **kwargs)
    catcher.start()
    try:
        yield catcher
    finally:
        catcher.stop()


SMTP_SETTINGS = ("USER_SMTP_HOST", "PEERPREP_SMTP_HOST")


def wants_catcher(env: MutableMapping[str, str]) -> bool:
    """The local run catches mail unless a mail server is configured, or this is production."""
    environment = env.get("USER_ENVIRONMENT") or env.get("PEERPREP_ENVIRONMENT") or "development"
    return environment != "production" and not any(env.get(name) for name in SMTP_SETTINGS)


def point_user_svc_at(catcher: MailCatcher, env: MutableMapping[str, str]) -> None:
    env["USER_SMTP_HOST"], env["USER_SMTP_PORT"] = catcher.host, str(catcher.port)
    env.setdefault("USER_SMTP_STARTTLS", "false")
