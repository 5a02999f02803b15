"""user_svc's SMTP adapter against a real SMTP server (the launcher's mail catcher), and when there is none."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerprep.mailcatcher import catching
from peerprep_testing import free_ports
from user_svc.domain.reset import Mail
from user_svc.reset_ports import MailUnavailable, SmtpConfig
from user_svc.settings import UserSettings
from user_svc.smtp import SmtpMailer

PRODUCTION = {
    "environment": "production",
    "kafka_bootstrap": "kafka:9092",
    "mongodb_url": "mongodb://mongo:27017/",
    "cookie_secure": True,
    "key_encryption_keys": "k1:" + "A" * 43,
}
MAIL = Mail(to="ada@example.com", subject="Reset your PeerPrep password", text="Open https://x.example/r?token=t\n")


def config(host: str | None, port: int) -> SmtpConfig:
    return SmtpConfig(host, port, "PeerPrep <no-reply@peerprep.local>", False, None, None, timeout_s=5)


async def test_a_mail_reaches_the_smtp_server(tmp_path: Path) -> None:
    with catching(tmp_path, port=free_ports(1)[0]) as catcher:
        await SmtpMailer(config(catcher.host, catcher.port)).send(MAIL)
        [caught] = catcher.wait_for(1, timeout_s=10)
    assert (caught.to, caught.subject, caught.links) == (
        ("ada@example.com",),
        MAIL.subject,
        ["https://x.example/r?token=t"],
    )
    assert b"From: PeerPrep <no-reply@peerprep.local>" in caught.path.read_bytes()


async def test_no_server_or_an_unreachable_one_is_mail_unavailable() -> None:
    with pytest.raises(MailUnavailable, match="USER_SMTP_HOST"):
        await SmtpMailer(config(None, 25)).send(MAIL)
    with pytest.raises(MailUnavailable, match="ConnectionRefusedError"):
        await SmtpMailer(config("127.0.0.1", free_ports(1)[0])).send(MAIL)


def test_mail_settings_refuse_a_password_in_clear_and_a_plain_http_link_in_production() -> None:
    with pytest.raises(ValueError, match="USER_SMTP_STARTTLS"):
        UserSettings(smtp_user="peerprep", smtp_password="secret")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="USER_PUBLIC_WEB_URL"):
        UserSettings(**PRODUCTION, public_web_url="http://peerprep.example")  # type: ignore[arg-type]
    assert UserSettings(**PRODUCTION, public_web_url="https://peerprep.example")  # type: ignore[arg-type]
    smtp = UserSettings(smtp_host="mail.example", smtp_starttls=True, smtp_user="u", smtp_password="p").smtp  # type: ignore[arg-type]
    assert (smtp.host, smtp.port, smtp.user, smtp.password, smtp.starttls) == ("mail.example", 25, "u", "p", True)
