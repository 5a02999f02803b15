"""Match messages from a tab become events for match_svc: the user is the socket's, never the message's."""

from __future__ import annotations

import asyncio

from contracts import Payload
from contracts.common import Difficulty
from contracts.events.match import MatchAccepted, MatchCancelled, MatchRequested, MatchStateRequested
from contracts.ws import Ack, Error, MatchAccept, MatchCancel, MatchRequest, MatchStateQuery
from svc_kit import EventBus
from svc_kit.logging import get_logger

_log = get_logger("gateway.matching")

MatchMessage = MatchRequest | MatchCancel | MatchAccept | MatchStateQuery


def to_events(message: MatchMessage, user_id: str) -> list[Payload]:
    match message:
        case MatchRequest():
            return [
                MatchRequested(
                    request_id=message.request_id,
                    user_id=user_id,
                    difficulty=message.difficulty,
                    topics=message.topics,
                    language=message.language,
                )
            ]
        case MatchCancel():
            return [MatchCancelled(request_id=message.request_id, user_id=user_id, difficulty=message.difficulty)]
        case MatchAccept():
            return [
                MatchAccepted(
                    match_id=message.match_id,
                    request_id=message.request_id,
                    user_id=user_id,
                    difficulty=message.difficulty,
                )
            ]
        case MatchStateQuery():  # the gateway does not know the user's pool: each pool's owner is asked
            return [
                MatchStateRequested(
                    ask_id=message.request_id, user_id=user_id, difficulty=difficulty, following=message.following
                )
                for difficulty in Difficulty
            ]


async def forward(bus: EventBus, message: MatchMessage, user_id: str) -> Ack | Error:
    """Publish the events and ``ack`` once Kafka has them; an ``unavailable`` error (the socket stays) when not."""
    try:
        await asyncio.gather(*(bus.publish(event) for event in to_events(message, user_id)))
    except Exception as exc:  # Kafka did not take it: the tab may try again, nothing was queued
        _log.warning("match.forward_failed", type=message.type, reason=repr(exc))
        message_text = "Matching is unavailable right now: try again in a moment."
        return Error(code="unavailable", message=message_text, details={"request_id": message.request_id})
    return Ack(request_id=message.request_id)
