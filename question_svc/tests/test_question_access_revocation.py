"""Revoked rights end at once in every service: a token issued before its user's `auth.revoked` is refused by
question_svc as soon as the event arrives (once, a revoked admin kept editing questions for up to 15 minutes, and
a deleted user's token still read their history)."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from contracts import Envelope
from contracts.events.auth import AccessRevoked
from peerprep_testing import Servers, TokenMint, publish, running
from question_svc.app import create_app
from question_svc.settings import QuestionSettings


def admin_token(mint: TokenMint, user_id: str, *, now: datetime) -> dict[str, str]:
    token = mint.token(user_id, name="Root", roles=("user", "admin"), issued_at=now)
    return {"Authorization": f"Bearer {token}"}


async def refused_within(http: httpx.AsyncClient, url: str, headers: dict[str, str], timeout_s: float = 30) -> str:
    """The 401's reason once the revocation has reached the service (an event, so it takes a moment)."""
    async with asyncio.timeout(timeout_s):
        while (response := await http.get(url, headers=headers)).status_code != 401:
            assert response.status_code == 200, response.text
            await asyncio.sleep(0.05)
    return str(response.json()["error"]["details"]["reason"])


async def test_a_revocation_voids_earlier_tokens_in_another_service_at_once(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], tmp_path: Path
) -> None:
    mint = TokenMint()
    await mint.publish_key(servers, prefix)
    issued = datetime.now(UTC) - timedelta(seconds=5)
    old_admin, old_user = admin_token(mint, "root", now=issued), {"Authorization": f"Bearer {mint.token('ada')}"}
    async with running(create_app(settings_for(QuestionSettings, bank_dir=tmp_path))) as http:
        assert (await http.get("/api/questions/export", headers=old_admin)).status_code == 200
        assert (await http.get("/api/questions/history", headers=old_user)).status_code == 200

        revoked_at = datetime.now(UTC)
        for user_id, reason in (("root", "roles_changed"), ("ada", "account_deleted")):
            revoked = AccessRevoked(user_id=user_id, not_before=revoked_at, reason=reason)
            await publish(servers, prefix, Envelope.wrap(revoked, producer="user_svc"))
        assert await refused_within(http, "/api/questions/export", old_admin) == "revoked"
        assert await refused_within(http, "/api/questions/history", old_user) == "revoked"

        # a token issued after the revocation (a refresh with the new roles) is believed again
        fresh = admin_token(mint, "root", now=revoked_at + timedelta(seconds=1))
        assert (await http.get("/api/questions/export", headers=fresh)).status_code == 200
