"""Pushes to a user's browser tabs: any service publishes one, every gateway instance delivers it to that user's
connected tabs (docs/api-realtime.md, "Push"). Keyed by user id, so one user's notifications keep their order."""

from typing import Any, ClassVar

from pydantic import Field

from contracts.common import UserId
from contracts.envelope import Payload


class UserNotification(Payload):
    """``kind`` says what happened (``match.found``, ``code.result`` ...); ``data`` is what the tab shows."""

    EVENT_TYPE: ClassVar[str] = "user.notify"

    notification_id: str = Field(min_length=1, max_length=64, description="the gateway drops a repeated one")
    user_id: UserId
    kind: str = Field(min_length=1, max_length=64)
    data: dict[str, Any] = Field(default_factory=dict)

    def key(self) -> str:
        return self.user_id
