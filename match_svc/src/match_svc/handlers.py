"""match_svc's Kafka subscribers besides the pools (see ``pools``): the read models the pools consult."""

from contracts.events.session import SessionEnded, SessionStarted
from contracts.events.user import UserDeleted, UserRegistered, UserUpdated
from match_svc.service import ReadModels
from svc_kit import EventBus


def register(bus: EventBus, models: ReadModels) -> None:
    bus.subscribe(UserRegistered, models.save_profile, name="profile_registered")
    bus.subscribe(UserUpdated, models.save_profile, name="profile_updated")
    bus.subscribe(UserDeleted, models.forget_user, name="profile_deleted")
    bus.subscribe(SessionStarted, models.session_started, name="session_started")
    bus.subscribe(SessionEnded, models.session_ended, name="session_ended")
