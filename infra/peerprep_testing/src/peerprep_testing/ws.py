"""What the realtime tests drive: a websocket client that speaks the gateway's `/ws` protocol, and pushes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Final

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from contracts import Envelope, uuid7
from contracts.events.match import TimeoutReason
from contracts.events.notify import UserNotification
from contracts.notices import MatchPartnerAcceptedNotice, MatchTimedOutNotice, Notice
from peerprep_testing.kafka import publish
from peerprep_testing.servers import Servers

WAIT_S = 15  # the most any single expected message may take


class Tab:
    """One browser tab's socket, as a test drives it."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket

    async def send(self, message: dict[str, Any] | str) -> None:
        await self.socket.send(message if isinstance(message, str) else json.dumps(message))

    async def next(self) -> dict[str, Any]:
        async with asyncio.timeout(WAIT_S):
            message: dict[str, Any] = json.loads(await self.socket.recv())
        return message

    async def expect(self, kind: str, **fields: Any) -> dict[str, Any]:
        message = await self.next()
        assert message["type"] == kind, message
        for key, value in fields.items():
            assert message[key] == value, message
        return message

    async def auth(self, token: str) -> dict[str, Any]:
        await self.send({"v": 1, "type": "auth", "token": token})
        return await self.expect("ready")

    async def until_closed(self) -> tuple[list[dict[str, Any]], int | None]:
        """Every message until the gateway closes the socket, and its close code (None: no close frame)."""
        messages = []
        async with asyncio.timeout(WAIT_S):
            try:
                while True:
                    messages.append(json.loads(await self.socket.recv()))
            except ConnectionClosed as closed:
                return messages, None if closed.rcvd is None else closed.rcvd.code

    async def closed_with(self) -> int | None:
        """Read until the gateway closes the socket; its close code."""
        return (await self.until_closed())[1]

    async def round_trip(self, ping_id: int) -> None:
        """A ping answered proves the socket is open and nothing was queued before the pong."""
        await self.send({"v": 1, "type": "ping", "id": ping_id})
        await self.expect("pong", id=ping_id)


def ws_url(base_url: str) -> str:
    return base_url.replace("http://", "ws://", 1) + "/ws"


@asynccontextmanager
async def tab(base_url: str, token: str | None = None, *, origin: str | None = None) -> AsyncIterator[Tab]:
    """A socket on the gateway at ``base_url``, authenticated when ``token`` is given."""
    async with connect(ws_url(base_url), origin=Origin(origin) if origin else None, open_timeout=WAIT_S) as socket:
        opened = Tab(socket)
        if token is not None:
            await opened.auth(token)
        yield opened


def numbered(n: object) -> MatchPartnerAcceptedNotice:
    """A push that carries ``n`` (as its ``match_id``), for checks of order and of once-only delivery."""
    return MatchPartnerAcceptedNotice(request_id="numbered", match_id=str(n))


END: Final = MatchTimedOutNotice(request_id="end", reason=TimeoutReason.NO_PARTNER)
"""A push that marks the end of a run of ``numbered`` ones."""


async def push(
    servers: Servers, prefix: str, user_id: str, notice: Notice, *, notification_id: str | None = None
) -> Envelope[UserNotification]:
    """Publish ``user.notify`` as a service would; returns the envelope."""
    note = notice.to(user_id, notification_id=notification_id or str(uuid7()))
    envelope = Envelope.wrap(note, producer="test_svc")
    await publish(servers, prefix, envelope)
    return envelope
