"""Collaboration sessions and what happens inside them. Keyed by session id: one session's events stay in order."""

from enum import StrEnum
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
    """A participant ends the session for both (``leave`` false) or leaves it to the partner (``leave`` true)."""

    EVENT_TYPE: ClassVar[str] = "session.end_requested"

    session_id: SessionId
    user_id: UserId
    leave: bool = False

    def key(self) -> str:
        return self.session_id


class EndReason(StrEnum):
    ENDED = "ended"  # a participant chose "End session": it ends for both
    LEFT = "left"  # the last participant still in it chose "Leave"
    ABANDONED = "abandoned"  # nobody was connected for the rejoin window


class SessionEnded(Payload):
    EVENT_TYPE: ClassVar[str] = "session.ended"

    session_id: SessionId
    user_ids: tuple[UserId, UserId]
    ended_by: UserId | None = Field(default=None, description="None when the session expired")
    reason: EndReason = EndReason.ENDED
    slug: Slug
    language: Language
    final_code: str = ""

    def key(self) -> str:
        return self.session_id


# The shared document (docs/architecture.md, "The room"): a Yjs document with the code in the text ``code`` and the
# room's shared settings in the map ``room`` (``language``). collab_svc seeds it with the starter code; no client does.
CODE_TEXT = "code"
ROOM_MAP = "room"
MAX_UPDATE_B64 = 1_400_000  # ~1 MiB of Yjs update; under the broker's 1 MiB record limit once the envelope is added


class CollabUpdate(Payload):
    """One Yjs document update, base64 encoded, as a participant's Y.Doc produced it and a gateway relayed it.

    collab_svc stores every one (the document's history); every gateway instance reads them all (no consumer group)
    and forwards them to its own sockets on the session, skipping those it relayed itself (``origin``)."""

    EVENT_TYPE: ClassVar[str] = "collab.update"

    session_id: SessionId
    user_id: UserId
    update_b64: str = Field(min_length=1, max_length=MAX_UPDATE_B64)
    origin: str = Field(default="", max_length=64, description="the gateway instance that relayed it")

    def key(self) -> str:
        return self.session_id


class CollabAwareness(Payload):
    """Presence and cursors (a y-protocols awareness update), across gateway instances. Ephemeral: short retention,
    never stored; every gateway instance reads it all."""

    EVENT_TYPE: ClassVar[str] = "collab.awareness"

    session_id: SessionId
    update_b64: str = Field(min_length=1, max_length=64_000)
    origin: str = Field(max_length=64, description="the gateway instance that relayed it")

    def key(self) -> str:
        return self.session_id


class CollabSyncRequested(Payload):
    """A gateway instance that has no copy of a session's document asks collab_svc for it (a participant is
    connecting there), and for who may join it."""

    EVENT_TYPE: ClassVar[str] = "collab.sync_requested"

    session_id: SessionId
    request_id: str = Field(min_length=1, max_length=64, description="echoed in the answer")
    origin: str = Field(max_length=64, description="the asking gateway instance")

    def key(self) -> str:
        return self.session_id


class SessionState(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"
    UNKNOWN = "unknown"  # no such session (yet): question.assigned may still be on its way


class CollabSync(Payload):
    """collab_svc's answer to ``collab.sync_requested``: the whole document as one Yjs update, and who may join.
    Every gateway instance reads it all; the one that asked (``origin`` and ``request_id``) uses it."""

    EVENT_TYPE: ClassVar[str] = "collab.sync"

    session_id: SessionId
    request_id: str = Field(min_length=1, max_length=64)
    origin: str = Field(max_length=64)
    state: SessionState
    user_ids: tuple[UserId, UserId] | None = None
    language: Language | None = None
    state_b64: str = Field(default="", max_length=MAX_UPDATE_B64, description="the document; empty unless active")

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
