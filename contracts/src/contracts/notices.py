"""What services push to a user's tabs (``user.notify`` -> the gateway's ``notify`` message): each ``kind`` and the
shape of its ``data``. They are in the realtime JSON Schema too, so the web client's types are generated."""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import ClassVar, Final

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from contracts.common import Difficulty, Language, Topic, UserId
from contracts.events.match import TimeoutReason, WithdrawReason
from contracts.events.notify import UserNotification


class Notice(BaseModel):
    model_config = ConfigDict(frozen=True, json_schema_serialization_defaults_required=True)

    KIND: ClassVar[str]

    def to(self, user_id: UserId, *, notification_id: str | None = None) -> UserNotification:
        """The ``user.notify`` payload that brings this to ``user_id``'s tabs. The default id is a hash of the
        content, so publishing the same notice twice (a replay, a retried handler) is delivered once."""
        data = self.model_dump(mode="json")
        if notification_id is None:
            digest = hashlib.sha256(f"{self.KIND}|{user_id}|{self.model_dump_json()}".encode()).hexdigest()
            notification_id = digest[:32]
        return UserNotification(notification_id=notification_id, user_id=user_id, kind=self.KIND, data=data)


class RequeueReason(StrEnum):
    PARTNER_MISSED = "partner_missed"  # the proposed partner did not accept in time
    PARTNER_DECLINED = "partner_declined"  # ... cancelled during the ready-check
    PARTNER_UNAVAILABLE = "partner_unavailable"  # ... turned out to be in a session or asking elsewhere


class MatchQueuedNotice(Notice):
    """Waiting in the pool (sent on joining, on going back after a ready-check, and when the figures change)."""

    KIND: ClassVar[str] = "match.queued"

    request_id: str
    difficulty: Difficulty
    topics: tuple[Topic, ...] = Field(description="empty: any topic")
    language: Language
    deadline: AwareDatetime = Field(description="when the request times out if nobody is found")
    waiting: int = Field(ge=0, description="others waiting at this difficulty")
    same_topics: int = Field(ge=0, description="... of whom this many share a topic with this request")
    estimate_s: int | None = Field(description="expected wait from recent matches here; null when unknown")
    requeued: RequeueReason | None = Field(default=None, description="set when back from a failed ready-check")


class MatchProposedNotice(Notice):
    """A partner was found: accept before ``deadline`` (the ready-check)."""

    KIND: ClassVar[str] = "match.proposed"

    request_id: str
    match_id: str
    difficulty: Difficulty
    deadline: AwareDatetime
    partner_name: str | None = Field(description="the partner's display name, when known")
    language: Language = Field(description="the language the session will start in")


class MatchPartnerAcceptedNotice(Notice):
    KIND: ClassVar[str] = "match.partner_accepted"

    request_id: str
    match_id: str


class MatchFoundNotice(Notice):
    """Both accepted: the question is being chosen and the room opened (``session.started`` follows)."""

    KIND: ClassVar[str] = "match.found"

    request_id: str
    match_id: str
    partner_name: str | None


class MatchTimedOutNotice(Notice):
    KIND: ClassVar[str] = "match.timed_out"

    request_id: str
    reason: TimeoutReason


class MatchWithdrawnNotice(Notice):
    KIND: ClassVar[str] = "match.withdrawn"

    request_id: str
    reason: WithdrawReason
    session_id: str | None = Field(default=None, description="for in_session: the session to rejoin")


class MatchStateKind(StrEnum):
    NONE = "none"  # no live request of the user in this pool
    WAITING = "waiting"  # waiting for a partner
    READY_CHECK = "ready_check"  # paired, the ready-check is open


class MatchStateNotice(Notice):
    """The answer to a tab's ``match_state``, one per difficulty (each from that pool's owner): where the user
    stands in this pool now. ``queued`` is what ``match.queued`` would say of the user's live request (for a
    ready-check too: its queue deadline if the ready-check fails), ``proposed`` what ``match.proposed`` said."""

    KIND: ClassVar[str] = "match.state"

    ask_id: str = Field(description="the `request_id` of the tab's `match_state`")
    difficulty: Difficulty
    state: MatchStateKind
    queued: MatchQueuedNotice | None = Field(description="waiting or ready_check: the request and its figures")
    proposed: MatchProposedNotice | None = Field(description="ready_check: the ready-check")
    accepted: bool = Field(description="ready_check: this user has accepted it")
    partner_accepted: bool = Field(description="ready_check: the partner has accepted it")
    following: str | None = Field(description="the request the tab said it follows")
    following_ended: bool = Field(
        description="that request has ended in this pool (found, timed out or withdrawn; its outcome was pushed "
        "when it happened). False when it is live, or not known here: not yet read, or another pool's"
    )


class SessionStartedNotice(Notice):
    """The room is open: the tab goes to it."""

    KIND: ClassVar[str] = "session.started"

    session_id: str
    match_id: str
    slug: str
    language: Language


NOTICES: Final[tuple[type[Notice], ...]] = (
    MatchQueuedNotice,
    MatchProposedNotice,
    MatchPartnerAcceptedNotice,
    MatchFoundNotice,
    MatchTimedOutNotice,
    MatchWithdrawnNotice,
    MatchStateNotice,
    SessionStartedNotice,
)
