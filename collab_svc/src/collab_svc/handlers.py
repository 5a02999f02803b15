"""collab_svc's Kafka subscribers: each hands a typed event to a use case, nothing more."""

from collab_svc.service import SessionService
from contracts.events.question import QuestionAssigned
from svc_kit import EventBus


def register(bus: EventBus, sessions: SessionService) -> None:
    bus.subscribe(QuestionAssigned, sessions.open_for_assignment, name="open_session")
