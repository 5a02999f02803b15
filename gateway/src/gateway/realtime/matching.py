"""Match messages from a tab become events for match_svc: the user is the socket's, never the message's."""

from __future__ import annotations

from contracts import Payload
from contracts.events.match import MatchAccepted, MatchCancelled, MatchRequested
from contracts.ws import Ack, Error, MatchAccept, MatchCancel, MatchRequest
from svc_kit import EventBus
from svc_kit.logging import get_logger

_log = get_logger("gateway.matching")

MatchMessage = MatchRequest | MatchCancel | MatchAccept


def to_event(message: MatchMessage, user_id: str) -> Payload:
    match message:
        case MatchRequest():
            return MatchRequested(
                request_id=message.request_id,
                user_id=user_id,
                difficulty=message.difficulty,
                topics=message.topics,
                language=message.language,
            )
        case MatchCancel():
            return MatchCancelled(request_id=message.request_id, user_id=user_id, difficulty=message.difficulty)
        case MatchAccept():
            return MatchAccepted(
                match_id=message.match_id,
                request_id=message.request_id,
                user_id=user_id,
                difficulty=message.difficulty,
            )


async def forward(bus: EventBus, message: MatchMessage, user_id: str) -> Ack | Error:
    """Publish the event and ``ack`` once Kafka has it; an ``unavailable`` error (the socket stays) when not."""
    try:
        await bus.publish(to_event(message, user_id))
    except Exception as exc:  # Kafka did not take it: the tab may try again, nothing was queued
        _log.warning("match.forward_failed", type=message.type, reason=repr(exc))
        message_text = "Matching is unavailable right now: try again in a moment."
        return Error(code="unavailable", message=message_text, details={"request_id": message.request_id})
    return Ack(request_id=message.request_id)
