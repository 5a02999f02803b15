"""Password reset by mail end to end (docs/api-accounts.md, "Forgotten password"): user_svc in a real server with
real Kafka and MongoDB, mailing through real SMTP to the mail catcher ``peerprep up`` runs (aiosmtpd)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from accounts_helpers import COOKIE, PASSWORD, bearer, error_of, post_with_cookie, signup, user_settings

from contracts.events.auth import AccessRevoked
from peerprep.mailcatcher import CaughtMail, MailCatcher, catching
from peerprep_testing import EventLog, Servers, free_ports, serving
from svc_kit.ports import utc_now
from user_svc.app import create_app

NEW_PASSWORD = "a brand new passphrase"
RESET = "/api/users/auth/password-reset"
CONFIRM = "/api/users/auth/password-reset/confirm"
WEB = "http://web.example.test"


@pytest.fixture
def catcher(tmp_path: Path) -> Iterator[MailCatcher]:
    with catching(tmp_path / "mail", port=free_ports(1)[0]) as running:
        yield running


def mail_settings(settings_for: Callable[..., Any], catcher: MailCatcher, **overrides: Any) -> Any:
    smtp = {"smtp_host": catcher.host, "smtp_port": catcher.port, "public_web_url": WEB}
    return user_settings(settings_for, **(smtp | overrides))


async def mails(catcher: MailCatcher, count: int) -> list[CaughtMail]:
    return await asyncio.to_thread(catcher.wait_for, count, timeout_s=30)


def token_of(mail: CaughtMail) -> str:
    [link] = mail.links
    assert link.startswith(f"{WEB}/reset-password?token="), link
    [token] = parse_qs(urlsplit(link).query)["token"]
    return token


async def test_a_mailed_link_sets_a_new_password_once_and_ends_every_sign_in(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], catcher: MailCatcher
) -> None:
    async with (
        EventLog(servers, prefix, AccessRevoked) as revoked,
        serving(create_app(mail_settings(settings_for, catcher))) as base,
        httpx.AsyncClient(base_url=base) as client,
    ):
        ada = await signup(client, "ada")
        other = await client.post("/api/users/auth/login", json={"login": "ada", "password": PASSWORD})
        other_refresh = other.cookies[COOKIE]
        client.cookies.clear()

        nobody = await client.post(RESET, json={"email": "nobody@example.com"})
        asked = await client.post(RESET, json={"email": " ADA@example.com "})
        # The same answer whether or not an account uses the address
        assert (asked.status_code, asked.json()) == (nobody.status_code, nobody.json())
        assert asked.status_code == 202
        assert set(asked.json()) == {"message"}

        [mail] = await mails(catcher, 1)
        assert mail.to == ("ada@example.com",)
        assert mail.subject == "Reset your PeerPrep password"
        assert mail.path.is_file()
        token = token_of(mail)

        weak = await client.post(CONFIRM, json={"token": token, "new_password": "aaaaaaaaaaaa"})
        assert (weak.status_code, set(error_of(weak)["details"]["fields"])) == (422, {"new_password"})
        done = await client.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})
        assert done.status_code == 204, done.text  # the weak try left the link usable

        old = await client.post("/api/users/auth/login", json={"login": "ada", "password": PASSWORD})
        assert old.status_code == 401
        new = await client.post("/api/users/auth/login", json={"login": "ada", "password": NEW_PASSWORD})
        assert new.status_code == 200
        for refresh in (ada["refresh"], other_refresh):  # every earlier sign-in has ended
            refused = await post_with_cookie(client, "/api/users/auth/refresh", refresh)
            assert refused.status_code == 401
        [void] = await revoked.wait_for(1)
        assert (void.payload.user_id, void.payload.reason) == (ada["user"]["id"], "password_reset")
        # The access token issued before the reset is refused once auth.revoked is back from Kafka
        async with asyncio.timeout(15):
            while (me := await client.get("/api/users/me", headers=bearer(ada))).status_code == 200:
                await asyncio.sleep(0.05)
        assert (me.status_code, error_of(me)["details"]["reason"]) == (401, "revoked")

        again = await client.post(CONFIRM, json={"token": token, "new_password": "yet another passphrase"})
        assert (again.status_code, error_of(again)["details"]["reason"]) == (422, "reset_used")
        forged = await client.post(CONFIRM, json={"token": "not-a-token", "new_password": NEW_PASSWORD})
        assert (forged.status_code, error_of(forged)["details"]["reason"]) == (422, "reset_unknown")
        assert error_of(forged)["message"].startswith("This reset link is not valid")

    # The server has stopped, so every request's mail has been sent: none to the address without an account
    assert [m.to for m in catcher.caught] == [("ada@example.com",)]


async def test_a_link_expires_and_a_newer_one_replaces_it(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], catcher: MailCatcher
) -> None:
    ahead = timedelta()

    def clock() -> datetime:
        return utc_now() + ahead

    settings = mail_settings(settings_for, catcher, password_reset_ttl_s=600)
    async with serving(create_app(settings, reset_clock=clock)) as base, httpx.AsyncClient(base_url=base) as client:
        await signup(client, "ada")
        for _ in range(2):
            assert (await client.post(RESET, json={"email": "ada@example.com"})).status_code == 202
        first, second = [token_of(m) for m in await mails(catcher, 2)]
        assert "10 minutes" in catcher.caught[0].text

        replaced = await client.post(CONFIRM, json={"token": first, "new_password": NEW_PASSWORD})
        assert (replaced.status_code, error_of(replaced)["details"]["reason"]) == (422, "reset_unknown")

        ahead = timedelta(seconds=601)
        expired = await client.post(CONFIRM, json={"token": second, "new_password": NEW_PASSWORD})
        assert (expired.status_code, error_of(expired)["details"]["reason"]) == (422, "reset_expired")
        assert error_of(expired)["message"] == "This reset link has expired. Ask for a new one."
        still = await client.post("/api/users/auth/login", json={"login": "ada", "password": PASSWORD})
        assert still.status_code == 200


async def test_reset_mails_are_limited_per_address_and_a_bad_address_is_refused(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], catcher: MailCatcher
) -> None:
    settings = mail_settings(settings_for, catcher, password_resets_per_email=2)
    async with serving(create_app(settings)) as base, httpx.AsyncClient(base_url=base) as client:
        await signup(client, "ada")
        answers = [await client.post(RESET, json={"email": "ada@example.com"}) for _ in range(4)]
        assert {a.status_code for a in answers} == {202}  # over the limit too: the same answer
        assert len({a.text for a in answers}) == 1
        bad = await client.post(RESET, json={"email": "not an address"})
        assert (bad.status_code, set(error_of(bad)["details"]["fields"])) == (422, {"email"})
    assert len(catcher.caught) == 2
