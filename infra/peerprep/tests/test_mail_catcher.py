"""The local run's mail catcher: ``peerprep up`` starts a real SMTP server, says where mail lands, and each
message user_svc sends (a password reset) is written to .peerprep/mail/ with its link printed."""

from __future__ import annotations

import signal
import smtplib
from email.message import EmailMessage
from pathlib import Path

import httpx

from peerprep.mailcatcher import catching, wants_catcher
from peerprep_testing import Servers, free_ports, launch_peerprep, read_until


def test_the_catcher_is_a_real_smtp_server_that_writes_each_message(tmp_path: Path) -> None:
    with catching(tmp_path / "mail", port=free_ports(1)[0]) as catcher:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "Hello"
        message.set_content("Open https://example.com/x?token=abc please.\n")
        with smtplib.SMTP(catcher.host, catcher.port, timeout=10) as client:
            client.send_message(message)
        [mail] = catcher.wait_for(1, timeout_s=10)
    assert (mail.to, mail.subject, mail.links) == (("b@example.com",), "Hello", ["https://example.com/x?token=abc"])
    assert mail.path.parent == tmp_path / "mail"
    assert b"Subject: Hello" in mail.path.read_bytes()
    assert mail.readable.read_text().startswith("To: b@example.com\nSubject: Hello\n\nOpen https://example.com/x")
    assert sorted(p.name for p in (tmp_path / "mail").iterdir()) == sorted([mail.path.name, mail.readable.name])


def test_a_configured_mail_server_or_production_starts_no_catcher() -> None:
    assert wants_catcher({})
    assert not wants_catcher({"USER_SMTP_HOST": "smtp.example.com"})
    assert not wants_catcher({"PEERPREP_SMTP_HOST": "smtp.example.com"})
    assert not wants_catcher({"PEERPREP_ENVIRONMENT": "production"})


def test_peerprep_up_prints_where_mail_lands_and_the_reset_link(servers: Servers, prefix: str, tmp_path: Path) -> None:
    user_port, mail_port = free_ports(2)
    env = servers.env(prefix) | {
        "PEERPREP_ROOT": str(tmp_path),
        "PEERPREP_MAIL_PORT": str(mail_port),
        "USER_HTTP_PORT": str(user_port),
        "USER_PASSWORD_MEMORY_KIB": "1024",
        "USER_PASSWORD_TIME_COST": "1",
    }
    with launch_peerprep("up", "--no-infra", "--no-web-build", "--services", "user_svc", env=env) as proc:
        [said] = [line for line in read_until(proc, "Mail:") if "Mail:" in line]
        assert said.strip() == f"peerprep: Mail: messages land in .peerprep/mail (SMTP 127.0.0.1:{mail_port})"
        read_until(proc, "service(s) ready")
        base = f"http://127.0.0.1:{user_port}/api/users/auth"
        body = {"email": "ada@example.com", "username": "ada", "password": "correct horse battery"}
        assert httpx.post(f"{base}/signup", json=body).status_code == 201
        assert httpx.post(f"{base}/password-reset", json={"email": "ada@example.com"}).status_code == 202
        lines = read_until(proc, "link:")
        [link] = [line.split("link: ", 1)[1].strip() for line in lines if "link: " in line]
        assert link.startswith("http://127.0.0.1:8080/reset-password?token=")
        [readable] = list((tmp_path / ".peerprep" / "mail").glob("*.txt"))  # beside the .eml as received
        assert link in readable.read_text()
        assert any(f"-> {readable}" in line for line in lines)
        proc.send_signal(signal.SIGTERM)
        read_until(proc, "stopping")
        assert proc.wait(30) == 0
