"""The mail adapter: a plain SMTP client (the standard library's, in a thread), configured by the settings."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from user_svc.domain.reset import Mail
from user_svc.reset_ports import MailUnavailable, SmtpConfig


class SmtpMailer:
    def __init__(self, config: SmtpConfig) -> None:
        self._config = config

    async def send(self, mail: Mail) -> None:
        if self._config.host is None:
            raise MailUnavailable("no mail server is configured (USER_SMTP_HOST)")
        message = self.message(mail)
        try:
            await asyncio.to_thread(self._send, message)
        except (OSError, smtplib.SMTPException) as exc:  # refused, unreachable, timed out, TLS failed
            raise MailUnavailable(f"{type(exc).__name__}: {exc}") from exc

    def message(self, mail: Mail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self._config.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain="peerprep")
        message.set_content(mail.text)
        return message

    def _send(self, message: EmailMessage) -> None:
        c = self._config
        assert c.host is not None
        with smtplib.SMTP(c.host, c.port, timeout=c.timeout_s) as client:
            if c.starttls:
                client.starttls(context=ssl.create_default_context())
            if c.user:
                client.login(c.user, c.password or "")
            client.send_message(message)
