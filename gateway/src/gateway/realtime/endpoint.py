"""The ``/ws`` route: the Origin check before the upgrade, then one reader and one writer per socket.

Every way a socket ends goes through one place: an ``AppError`` (or any other exception) raised while reading is
told to the client as an ``error`` when it has a protocol code, then closes the socket with
``svc_kit.errors.ws_close_code(exc)``. Bad input is answered, never crashed on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, get_args

import structlog
from fastapi import APIRouter, WebSocket

from contracts import uuid7
from contracts.ws import (
    Ack,
    Auth,
    CloseCode,
    Error,
    ErrorCode,
    MessageError,
    Pong,
    Ready,
    encode,
    parse_client_message,
)
from gateway.realtime.auth import SocketAuth
from gateway.realtime.connection import Connection
from gateway.realtime.handlers import Caller, dispatch
from gateway.realtime.limits import MessageLimiter, TokenBucket
from gateway.realtime.origins import origin_allowed
from gateway.realtime.registry import Registry
from gateway.settings import GatewaySettings
from svc_kit import EventBus
from svc_kit.auth import KeySet
from svc_kit.errors import AppError, Forbidden, RateLimited, ws_close_code
from svc_kit.logging import get_logger

POLICY_VIOLATION = 1008  # closing before the upgrade: the server answers HTTP 403 instead
_ERROR_CODES: frozenset[str] = frozenset(get_args(ErrorCode))
_log = get_logger("gateway.ws")


def realtime_router(settings: GatewaySettings, keyset: KeySet, registry: Registry, bus: EventBus) -> APIRouter:
    router = APIRouter()

    @router.websocket("/ws")
    async def realtime(websocket: WebSocket) -> None:
        connection_id = str(uuid7())
        with structlog.contextvars.bound_contextvars(connection_id=connection_id):
            await _serve(websocket, connection_id, settings, keyset, registry, bus)

    return router


async def _serve(
    websocket: WebSocket,
    connection_id: str,
    settings: GatewaySettings,
    keyset: KeySet,
    registry: Registry,
    bus: EventBus,
) -> None:
    origin = websocket.headers.get("origin")
    scheme = "https" if websocket.url.scheme in ("wss", "https") else "http"
    if not origin_allowed(origin, websocket.headers.get("host"), settings.allowed_origins, scheme=scheme):
        _log.info("ws.origin_refused", origin=origin)
        await websocket.close(POLICY_VIOLATION)
        return
    await websocket.accept()
    connection = Connection(websocket, connection_id, max_pending=settings.ws_max_pending)
    registry.open(connection)
    _log.info("ws.opened", origin=origin, connections=len(registry))
    if registry.draining:
        connection.close(CloseCode.GOING_AWAY, "server shutting down")
    session = _Session(websocket, connection, settings, keyset, registry, bus)
    writer = asyncio.create_task(connection.run_writer())
    reader = asyncio.create_task(session.read())
    try:
        await asyncio.wait([reader, writer], return_when=asyncio.FIRST_COMPLETED)
        if connection.close_code is not None and not writer.done():
            await asyncio.wait([writer], timeout=5)  # the last words and the close frame go out
    finally:
        for task in (reader, writer):
            task.cancel()
        registry.forget(connection)
        connection.finished.set()
        _log.info("ws.closed", user_id=connection.user_id, code=connection.close_code or session.peer_close_code)


class _Session:
    """What one socket reads, and the answers: auth here, every other message through ``handlers.HANDLERS`` once
    authenticated, and refusals."""

    def __init__(
        self,
        websocket: WebSocket,
        connection: Connection,
        settings: GatewaySettings,
        keyset: KeySet,
        registry: Registry,
        bus: EventBus,
    ) -> None:
        self._websocket = websocket
        self._bus = bus
        self._connection = connection
        self._registry = registry
        self._auth = SocketAuth(
            keyset,
            connection_id=connection.id,
            heartbeat_s=round(settings.ws_ping_interval_s),
            auth_timeout_s=settings.ws_auth_timeout_s,
            grace_s=settings.ws_expiry_grace_s,
        )
        own = TokenBucket(rate=settings.ws_rate_per_s, burst=settings.ws_burst)
        self._limiter = MessageLimiter(own, refused_before_close=settings.ws_refused_before_close)
        self.peer_close_code: int | None = None

    async def read(self) -> None:
        try:
            await self._read_until_closed()
        except Exception as exc:
            self._end(exc)

    def _end(self, exc: Exception) -> None:
        """The one way a socket is ended from here: told why (when the protocol has a code for it), then closed."""
        if isinstance(exc, AppError):
            _log.info("ws.ending", code=exc.code, reason=exc.message)
            if exc.code in _ERROR_CODES:
                self._connection.push(encode(Error(code=exc.code, message=exc.message, details=exc.details)))
        else:
            _log.exception("ws.failed")
        self._connection.close(ws_close_code(exc), getattr(exc, "code", "internal error"))

    async def _read_until_closed(self) -> None:
        loop = asyncio.get_running_loop()
        while self._connection.close_code is None:
            wait_s = (self._auth.next_deadline() - datetime.now(UTC)).total_seconds()
            try:
                async with asyncio.timeout(max(wait_s, 0.0)):
                    message = await self._websocket.receive()
            except TimeoutError:
                warning = self._auth.on_deadline(datetime.now(UTC))  # raises when the socket must close
                if warning is not None:
                    self._connection.push(encode(warning))
                continue
            if message["type"] == "websocket.disconnect":
                self.peer_close_code = message.get("code")
                return
            reply = await self._answer(_frame(message), loop.time())
            if reply is not None:
                self._connection.push(encode(reply))

    async def _answer(self, raw: str | bytes, now: float) -> Ready | Pong | Ack | Error | None:
        verdict = self._limiter.check(now)
        if not verdict.allowed:
            if verdict.flooding:
                retry = max(1, round(verdict.retry_after_s))
                raise RateLimited("Too many messages: reconnect after a pause.", retry_after_s=retry)
            message = "Too many messages: slow down."
            return Error(code="rate_limited", message=message, details={"retry_after_s": verdict.retry_after_s})
        try:
            parsed = parse_client_message(raw)
        except MessageError as exc:
            _log.debug("ws.invalid_message", code=exc.code, reason=exc.message)
            return Error(code=exc.code, message=exc.message, details=exc.details)
        if not isinstance(parsed, Auth):
            if not self._auth.authenticated or self._connection.user_id is None:
                return Error(code="unauthenticated", message="Send an auth message first.", details={})
            return await dispatch(parsed, Caller(user_id=self._connection.user_id, bus=self._bus))
        first = not self._auth.authenticated
        answer = await self._auth.on_auth(parsed.token)
        if isinstance(answer, Ready) and self._registry.forbidden(answer.user_id):  # checked after the await
            raise Forbidden("This account was deleted.")
        if isinstance(answer, Ready) and first:
            self._limiter.user = self._registry.bind(self._connection, answer.user_id)
            _log.info("ws.authenticated", user_id=answer.user_id)
        return answer


def _frame(message: Mapping[str, Any]) -> str | bytes:
    text = message.get("text")
    return text if text is not None else message.get("bytes") or b""
