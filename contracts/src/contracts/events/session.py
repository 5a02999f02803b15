"""Collaboration sessions and what happens inside them. Keyed by session id: one session's events stay in order."""

from typing import ClassVar

from pydantic import Field

from contracts.common import Language, SessionId, Slug, UserId
from contracts.envelope import Payload


class SessionStarted(Payload):
    EVENT_TYPE: ClassVar[str] = "session.started"

    session_id: SessionId
    match_id: str
    user_ids: tuple[UserId, UserId]
    slug: Slug
    language: Language

    def key(self) -> str:
        return self.session_id


class SessionEndRequested(Payload):
    EVENT_TYPE: ClassVar[str] = "session.end_requested"

    session_id: SessionId
    user_id: UserId

    def key(self) -> str:
        return self.session_id


class SessionEnded(Payload):
    EVENT_TYPE: ClassVar[str] = "session.ended"

    session_id: SessionId
    user_ids: tuple[UserId, UserId]
    ended_by: UserId | None = Field(default=None, description="None when the session expired")
    slug: Slug
    language: Language
    final_code: str = ""

    def key(self) -> str:
        return self.session_id


class CollabUpdate(Payload):
    """One Yjs document update, base64 encoded, as produced by a client's Y.Doc."""

    EVENT_TYPE: ClassVar[str] = "collab.update"

    session_id: SessionId
    user_id: UserId
    update_b64: str = Field(min_length=1, max_length=1_400_000)

    def key(self) -> str:
        return self.session_id


class ChatMessage(Payload):
    EVENT_TYPE: ClassVar[str] = "chat.message"

    session_id: SessionId
    message_id: str = Field(min_length=1, max_length=64)
    user_id: UserId
    text: str = Field(min_length=1, max_length=4000)

    def key(self) -> str:
        return self.session_id
