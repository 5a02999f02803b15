"""question_svc's Kafka subscribers: each hands a typed event to a use case, nothing more."""

from contracts.events.match import MatchFound
from contracts.events.session import SessionEnded
from question_svc.service import AssignmentService, AttemptService
from svc_kit import EventBus


def register(bus: EventBus, assignment: AssignmentService, attempts: AttemptService) -> None:
    bus.subscribe(MatchFound, assignment.assign_for_match, name="assign_question")
    bus.subscribe(SessionEnded, attempts.record, name="record_attempts")
