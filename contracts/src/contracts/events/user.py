"""Accounts: what other services may know of a user. Keyed by user id; ``user.updated`` is compacted."""

from typing import ClassVar

from pydantic import Field

from contracts.common import Language, UserId
from contracts.envelope import Payload


class UserProfile(Payload):
    """Fields shared by registered and updated: what other services keep in their read models."""

    user_id: UserId
    display_name: str = Field(min_length=1, max_length=64)
    language: Language = Language.PYTHON
    proficiency: int | None = Field(default=None, ge=1, le=5)

    def key(self) -> str:
        return self.user_id


class UserRegistered(UserProfile):
    EVENT_TYPE: ClassVar[str] = "user.registered"


class UserUpdated(UserProfile):
    EVENT_TYPE: ClassVar[str] = "user.updated"


class UserDeleted(Payload):
    """Services anonymise what they keep of the user; nothing else may break."""

    EVENT_TYPE: ClassVar[str] = "user.deleted"

    user_id: UserId

    def key(self) -> str:
        return self.user_id
