"""Correlation ids on HTTP: taken from X-Correlation-ID (or made), bound to the logs, echoed in the response."""

from __future__ import annotations

import re

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contracts import uuid7
from contracts.headers import HTTP_CORRELATION_ID

_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def current_correlation_id() -> str | None:
    value = structlog.contextvars.get_contextvars().get("correlation_id")
    return value if isinstance(value, str) else None


class CorrelationIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        wanted = HTTP_CORRELATION_ID.lower().encode()
        given = next((v.decode("latin-1") for k, v in scope["headers"] if k == wanted), "")
        correlation_id = given if _VALID.match(given) else str(uuid7())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != wanted]
                message["headers"] = [*headers, (wanted, correlation_id.encode())]
            await send(message)

        with structlog.contextvars.bound_contextvars(correlation_id=correlation_id):
            await self.app(scope, receive, send_with_id)
