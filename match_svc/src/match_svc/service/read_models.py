"""The read models the pools consult, kept from other services' events: profiles and claims."""

from __future__ import annotations

from contracts import Envelope
from contracts.events.session import SessionEnded, SessionStarted
from contracts.events.user import UserDeleted, UserRegistered, UserUpdated
from match_svc.domain import Profile, ProfileTable
from match_svc.service.ports import Claims


class ReadModels:
    """Profiles (in memory, every instance reads all of them), and who is in a session (MongoDB, shared by the
    instances)."""

    def __init__(self, profiles: ProfileTable, claims: Claims) -> None:
        self._profiles = profiles
        self._claims = claims

    async def save_profile(self, event: Envelope[UserRegistered] | Envelope[UserUpdated]) -> None:
        p = event.payload
        self._profiles.save(p.user_id, Profile(p.display_name, p.proficiency), event.occurred_at.timestamp())

    async def forget_profile(self, event: Envelope[UserDeleted]) -> None:
        self._profiles.forget(event.payload.user_id)

    async def forget_claim(self, event: Envelope[UserDeleted]) -> None:
        await self._claims.forget(event.payload.user_id)

    async def session_started(self, event: Envelope[SessionStarted]) -> None:
        p = event.payload
        await self._claims.session_started(p.match_id, p.session_id, p.user_ids)

    async def session_ended(self, event: Envelope[SessionEnded]) -> None:
        await self._claims.session_ended(event.payload.session_id, event.payload.user_ids)
