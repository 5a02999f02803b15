"""What the gateway does with each client message once the socket is authenticated: one entry per message type.

``auth`` is not here: it is what makes a socket authenticated, and the session (``endpoint``) answers it itself.
Adding a message type is its model in ``contracts.ws`` and one entry in ``HANDLERS``; a test checks that every
client message but ``auth`` has one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from contracts.ws import Ack, Error, MatchAccept, MatchCancel, MatchRequest, MatchStateQuery, Ping, Pong
from gateway.realtime.matching import MatchMessage, forward
from svc_kit import EventBus

Reply = Pong | Ack | Error | None
"""What a handler answers on the socket (``None``: nothing)."""


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sent the message (the socket's user, never a field of the message) and what a handler may use."""

    user_id: str
    bus: EventBus


Handler = Callable[[Any, Caller], Awaitable[Reply]]


async def _ping(message: Ping, caller: Caller) -> Pong:
    return Pong(id=message.id)


async def _match(message: MatchMessage, caller: Caller) -> Ack | Error:
    return await forward(caller.bus, message, caller.user_id)


HANDLERS: Final[Mapping[type, Handler]] = {
    Ping: _ping,
    MatchRequest: _match,
    MatchCancel: _match,
    MatchAccept: _match,
    MatchStateQuery: _match,
}


async def dispatch(message: object, caller: Caller) -> Reply:
    """The answer of ``message``'s handler; ``KeyError`` for a type with none (a test keeps that from shipping)."""
    return await HANDLERS[type(message)](message, caller)
