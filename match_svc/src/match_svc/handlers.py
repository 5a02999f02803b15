"""match_svc's Kafka subscribers besides the pools (see ``pools``): the read models the pools consult."""

from contracts.events.session import SessionEnded, SessionStarted
from contracts.events.user import UserDeleted, UserRegistered, UserUpdated
from match_svc.service import ReadModels
from svc_kit import EventBus


def register(bus: EventBus, models: ReadModels) -> None:
    # The profile table is in memory: every instance reads every profile event, from the first (user.updated is
    # compacted: one record per user).
    bus.subscribe_broadcast(UserUpdated, models.save_profile, name="profiles_updated", from_beginning=True)
    bus.subscribe_broadcast(UserRegistered, models.save_profile, name="profiles_registered", from_beginning=True)
    bus.subscribe_broadcast(UserDeleted, models.forget_profile, name="profiles_deleted", from_beginning=True)
    bus.subscribe(UserDeleted, models.forget_claim, name="claims_deleted")
    bus.subscribe(SessionStarted, models.session_started, name="session_started")
    bus.subscribe(SessionEnded, models.session_ended, name="session_ended")
