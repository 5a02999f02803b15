"""Bad input on /ws gets its documented answer (docs/api-realtime.md), and the gateway keeps serving the others.

One gateway under real uvicorn, real Kafka; a bystander tab stays connected throughout and must still get a push
after each case. Tokens are signed with a test key published on `auth.keys`, as user_svc publishes its own.
"""

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import websockets

from gateway.app import create_app
from gateway.settings import GatewaySettings
from peerprep_testing import Servers, TokenMint, serving
from peerprep_testing.ws import Tab, numbered, push, tab, ws_url


@dataclass
class Edge:
    url: str
    mint: TokenMint
    bystander: Tab
    servers: Servers
    prefix: str
    pushes: int = 0

    async def still_serving(self) -> None:
        """The bystander still gets pushes: the gateway did not crash or stall on what just happened."""
        self.pushes += 1
        await push(self.servers, self.prefix, "bystander", numbered(self.pushes))
        message = await self.bystander.expect("notify")
        assert message["data"] == numbered(self.pushes).model_dump(mode="json")


@pytest.fixture
async def edge(servers: Servers, prefix: str, settings_for: Callable[..., Any]) -> AsyncIterator[Edge]:
    mint = TokenMint()
    await mint.publish_key(servers, prefix)
    settings = settings_for(
        GatewaySettings, ws_auth_timeout_s=1.0, ws_expiry_grace_s=1.0, allowed_origins="https://app.example"
    )
    async with serving(create_app(settings)) as url, tab(url, mint.token("bystander")) as bystander:
        yield Edge(url, mint, bystander, servers, prefix)


async def test_authentication_failures_close_with_4401(edge: Edge) -> None:
    async with tab(edge.url) as silent:  # no auth within the (shortened) deadline
        assert await silent.closed_with() == 4401
    await edge.still_serving()

    async with tab(edge.url) as forged:
        await forged.send({"v": 1, "type": "auth", "token": "not-a-token"})
        await forged.expect("error", code="unauthenticated")
        assert await forged.closed_with() == 4401

    long_ago = datetime.now(UTC) - timedelta(hours=1)
    async with tab(edge.url) as late:
        await late.send({"v": 1, "type": "auth", "token": edge.mint.token("ada", ttl_s=60, issued_at=long_ago)})
        refused = await late.expect("error", code="unauthenticated")
        assert "expired" in refused["message"]
        assert await late.closed_with() == 4401

    other_key = TokenMint()  # never published: a token from an issuer the gateway does not trust
    async with tab(edge.url) as stranger:
        await stranger.send({"v": 1, "type": "auth", "token": other_key.token("ada")})
        await stranger.expect("error", code="unauthenticated")
        assert await stranger.closed_with() == 4401
    await edge.still_serving()


async def test_a_token_is_renewed_on_the_open_socket_and_an_unrenewed_one_ends_it(edge: Edge) -> None:
    async with tab(edge.url) as renewed, tab(edge.url) as lapsed:
        first = await renewed.auth(edge.mint.token("ada", ttl_s=2))
        again = await renewed.auth(edge.mint.token("ada", ttl_s=900))
        assert again["connection_id"] == first["connection_id"]  # the same socket
        assert again["expires_at"] > first["expires_at"]
        assert first["heartbeat_s"] == 15

        await renewed.send({"v": 1, "type": "auth", "token": edge.mint.token("alan")})
        await renewed.expect("error", code="forbidden")  # another user's token: refused, the socket stays as it was
        await renewed.send({"v": 1, "type": "auth", "token": "garbage"})
        await renewed.expect("error", code="unauthenticated")  # after a ready, a bad token does not close

        ready = await lapsed.auth(edge.mint.token("grace", ttl_s=2))
        expired = await lapsed.expect("error", code="token_expired")  # at expires_at ...
        assert datetime.now(UTC) >= datetime.fromisoformat(ready["expires_at"])
        assert await lapsed.closed_with() == 4401  # ... and closed after the grace period

        await renewed.round_trip(1)  # well past the first token's expiry and grace: renewal kept it open
        assert expired["details"] == {"close_in_s": 1.0}
    await edge.still_serving()


async def test_malformed_messages_get_an_error_and_the_socket_stays_open(edge: Edge) -> None:
    async with tab(edge.url, edge.mint.token("ada")) as ada:
        cases = [
            ("not json", "invalid_message"),
            ("[1]", "invalid_message"),
            ('{"v": 1, "type": "subscribe"}', "invalid_message"),
            ('{"v": 1, "type": "ping", "id": "one"}', "invalid_message"),
            ('{"v": 2, "type": "ping", "id": 1}', "unsupported_version"),
        ]
        for raw, code in cases:
            await ada.send(raw)
            await ada.expect("error", code=code)
        await ada.socket.send(b'{"v": 1, "type": "ping", "id": 5}')  # a binary frame of the same JSON is read too
        await ada.expect("pong", id=5)
        await ada.round_trip(6)
    async with tab(edge.url) as anonymous:
        await anonymous.send({"v": 1, "type": "ping", "id": 1})
        await anonymous.expect("error", code="unauthenticated")  # authenticate first; the deadline still runs
    await edge.still_serving()


async def test_an_oversized_frame_closes_with_1009(edge: Edge) -> None:
    async with tab(edge.url, edge.mint.token("ada")) as ada:
        await ada.send("x" * 70_000)  # over GATEWAY_WS_MAX_BYTES (64 KiB)
        assert await ada.closed_with() == 1009
    await edge.still_serving()


async def test_a_flood_is_refused_then_closed_with_4429(edge: Edge) -> None:
    async with tab(edge.url, edge.mint.token("ada")) as ada:
        for i in range(200):
            await ada.send({"v": 1, "type": "ping", "id": i})
        answers, code = await ada.until_closed()
        assert code == 4429
        pongs = [a for a in answers if a["type"] == "pong"]
        limited = [a for a in answers if a["type"] == "error" and a["code"] == "rate_limited"]
        assert 39 <= len(pongs) <= 45  # the burst less the auth message (and what refilled meanwhile)
        assert len(limited) == 100  # the 100th refusal in a row closes; its error says so first
        assert all(a["details"]["retry_after_s"] > 0 for a in limited)
    await edge.still_serving()


async def test_only_allowed_origins_may_open_a_socket(edge: Edge) -> None:
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with tab(edge.url, origin="https://evil.example"):
            pass
    assert refused.value.response.status_code == 403
    with pytest.raises(websockets.InvalidStatus):
        async with tab(edge.url, origin="null"):
            pass
    async with tab(edge.url, edge.mint.token("ada"), origin=edge.url) as same_origin:
        await same_origin.round_trip(1)
    async with tab(edge.url, edge.mint.token("ada"), origin="https://app.example") as listed:
        await listed.round_trip(2)
    assert ws_url(edge.url).startswith("ws://127.0.0.1:")
    await edge.still_serving()
