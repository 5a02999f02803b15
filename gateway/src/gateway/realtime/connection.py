"""One socket's outbound side: everything sent to it goes through one queue and one writer, in order.

Pushes never wait on a slow socket (a full TCP buffer would otherwise stall the Kafka consumer for every user): a
socket with more than ``max_pending`` unsent messages is closed with 1013 and its client reconnects.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from starlette.websockets import WebSocket

from svc_kit.errors import Unavailable, ws_close_code


@dataclass(frozen=True)
class _Close:
    code: int
    reason: str


class Connection:
    def __init__(self, websocket: WebSocket, connection_id: str, *, max_pending: int) -> None:
        self.id = connection_id
        self.user_id: str | None = None  # set once authenticated (it never changes afterwards)
        self.close_code: int | None = None  # set once closing
        self.finished = asyncio.Event()  # the socket is done with (closed by either side)
        self._websocket = websocket
        self._queue: asyncio.Queue[str | _Close] = asyncio.Queue()
        self._max_pending = max_pending

    def push(self, text: str) -> None:
        """Queue one text frame; never waits."""
        if self.close_code is not None:
            return
        if self._queue.qsize() >= self._max_pending:
            behind = Unavailable("The connection fell too far behind; reconnect.")
            self.close(ws_close_code(behind), "too far behind")
            return
        self._queue.put_nowait(text)

    def close(self, code: int, reason: str = "") -> None:
        """Close after what is already queued has been sent."""
        if self.close_code is not None:
            return
        self.close_code = code
        self._queue.put_nowait(_Close(code, reason[:120]))  # a close reason is at most 123 bytes

    async def run_writer(self) -> None:
        """Send queued frames until a close is queued (sent too) or the peer is gone (an exception ends it)."""
        send = self._websocket.send
        while True:
            item = await self._queue.get()
            if isinstance(item, _Close):
                await self._websocket.close(item.code, item.reason)
                return
            await send({"type": "websocket.send", "text": item})
