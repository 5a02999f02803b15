"""Matching: requests into the waiting pools, the ready-check, and each request's one outcome.

Every topic here is keyed by difficulty and has the same number of partitions, so one match_svc instance owns
all of a difficulty's events (its inputs and its own decisions) and can rebuild the pool from them alone.

Inputs (the gateway publishes what a user asks): ``match.requested``, ``match.cancelled``, ``match.accepted``.
Decisions (only match_svc publishes): ``match.proposed`` (the ready-check), then exactly one outcome per request:
``match.found``, ``match.timed_out`` or ``match.withdrawn``. Besides them, ``match.figures``: one record per pool
and status round with what those waiting are shown (the gateway works out each waiting tab's own figures).
A query (the gateway publishes, the pool's owner answers, nothing changes): ``match.state_requested``. It is no fact
about a pool, so a rebuild never reads it.
"""

from collections.abc import Iterable
from enum import StrEnum
from typing import ClassVar, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from contracts.common import Difficulty, Language, Topic, UserId
from contracts.envelope import Payload

RequestId = str
MAX_TOPICS = 12


class MatchRequested(Payload):
    """A user joins the pool of one difficulty. A newer request of the same user replaces the older one."""

    EVENT_TYPE: ClassVar[str] = "match.requested"

    request_id: RequestId = Field(min_length=1, max_length=64)
    user_id: UserId
    difficulty: Difficulty
    topics: tuple[Topic, ...] = Field(default=(), max_length=MAX_TOPICS, description="empty means any topic")
    language: Language
    proficiency: int | None = Field(default=None, ge=1, le=5, description="unset: match_svc reads the profile")
    timeout_s: int | None = Field(default=None, ge=5, le=600, description="unset: match_svc's default (60 s)")

    def key(self) -> str:
        return self.difficulty.value


class MatchCancelled(Payload):
    """A user leaves the pool, or declines the ready-check they are in. Ignored once the request has ended.

    match_svc sends one too, with ``replaced``, to the pool of each difficulty another instance owns when a user's
    request arrives (a user has one live request in all the pools): ``request_id`` is then that new request, and
    the pool withdraws, as replaced, the user's request there if it was made before ``replaced_at``.
    """

    EVENT_TYPE: ClassVar[str] = "match.cancelled"

    request_id: RequestId = Field(min_length=1, max_length=64)
    user_id: UserId
    difficulty: Difficulty
    replaced: bool = Field(
        default=False,
        description="sent by match_svc: the user's newer request request_id (another pool) replaces theirs here",
    )
    replaced_at: AwareDatetime | None = Field(
        default=None, description="with replaced: when the newer request was made; only older requests are replaced"
    )

    @model_validator(mode="after")
    def _replaced_has_its_time(self) -> Self:
        if self.replaced != (self.replaced_at is not None):
            raise ValueError("replaced and replaced_at come together")
        return self

    def key(self) -> str:
        return self.difficulty.value


class MatchAccepted(Payload):
    """A user accepts the partner proposed to them (the ready-check)."""

    EVENT_TYPE: ClassVar[str] = "match.accepted"

    match_id: str = Field(min_length=1, max_length=64)
    request_id: RequestId = Field(min_length=1, max_length=64)
    user_id: UserId
    difficulty: Difficulty

    def key(self) -> str:
        return self.difficulty.value


class MatchProposed(Payload):
    """Two compatible requests paired: both users have until ``deadline`` to accept."""

    EVENT_TYPE: ClassVar[str] = "match.proposed"

    match_id: str = Field(min_length=1, max_length=64)
    difficulty: Difficulty
    user_ids: tuple[UserId, UserId]
    request_ids: tuple[RequestId, RequestId]
    deadline: AwareDatetime

    def key(self) -> str:
        return self.difficulty.value


class MatchFound(Payload):
    """Both accepted: the pair is final, the question service picks their question."""

    EVENT_TYPE: ClassVar[str] = "match.found"

    match_id: str = Field(min_length=1, max_length=64)
    difficulty: Difficulty
    topics: tuple[Topic, ...] = Field(default=(), description="topics both asked for; empty means any")
    language: Language
    user_ids: tuple[UserId, UserId]
    request_ids: tuple[str, str]

    def key(self) -> str:
        return self.difficulty.value


class TimeoutReason(StrEnum):
    NO_PARTNER = "no_partner"  # nobody compatible before the request's deadline
    MISSED_READY_CHECK = "missed_ready_check"  # a partner was found and this user did not accept in time


class MatchTimedOut(Payload):
    EVENT_TYPE: ClassVar[str] = "match.timed_out"

    request_id: str = Field(min_length=1, max_length=64)
    user_id: UserId
    difficulty: Difficulty
    reason: TimeoutReason = TimeoutReason.NO_PARTNER

    def key(self) -> str:
        return self.difficulty.value


class WithdrawReason(StrEnum):
    CANCELLED = "cancelled"  # the user cancelled while waiting
    DECLINED = "declined"  # the user cancelled during the ready-check
    REPLACED = "replaced"  # a newer request of the same user took its place
    IN_SESSION = "in_session"  # the user is already in a session: rejoin it instead


class MatchWithdrawn(Payload):
    """A request left the pool without a match (the "cancelled" outcome, with why)."""

    EVENT_TYPE: ClassVar[str] = "match.withdrawn"

    request_id: str = Field(min_length=1, max_length=64)
    user_id: UserId
    difficulty: Difficulty
    reason: WithdrawReason
    session_id: str | None = Field(default=None, description="for in_session: the session to rejoin")

    def key(self) -> str:
        return self.difficulty.value


class MatchStateRequested(Payload):
    """A tab asks where its user stands in the pool of one difficulty (after it connects or reconnects; the gateway
    publishes one per difficulty, as it does not know the user's pool). The pool's owner answers the user with a
    ``match.state`` notice (contracts.notices.MatchStateNotice) and changes nothing."""

    EVENT_TYPE: ClassVar[str] = "match.state_requested"

    ask_id: str = Field(min_length=1, max_length=64, description="the tab's id for this ask, echoed in the answer")
    user_id: UserId
    difficulty: Difficulty
    following: RequestId | None = Field(
        default=None, min_length=1, max_length=64, description="the request the tab follows, if any"
    )

    def key(self) -> str:
        return self.difficulty.value


class TopicSetCount(BaseModel):
    model_config = ConfigDict(frozen=True)

    topics: tuple[Topic, ...] = Field(description="a set of topics asked for; empty means any")
    count: int = Field(ge=1, description="live requests asking for exactly this set")


class MatchFigures(Payload):
    """A pool's figures at one status round, for everyone waiting in it: published once per pool (when they
    changed), whatever the number waiting; each gateway turns them into the ``waiting``/``same_topics`` of the
    ``match.queued`` it last passed to each of its waiting tabs, and pushes those that changed."""

    EVENT_TYPE: ClassVar[str] = "match.figures"

    difficulty: Difficulty
    live: int = Field(ge=0, description="requests live at this difficulty (waiting or in a ready-check)")
    topic_sets: tuple[TopicSetCount, ...] = Field(default=(), description="the live requests by topic set")
    estimate_s: int | None = Field(description="expected wait from recent matches here; null when unknown")

    def key(self) -> str:
        return self.difficulty.value

    def figures_for(self, topics: Iterable[str]) -> tuple[int, int]:
        """(``waiting``, ``same_topics``) as a live request asking for ``topics`` is shown them: the others live
        here, and those of them whose topics overlap its own (no topics overlaps every set)."""
        mine = frozenset(topics)
        overlapping = sum(s.count for s in self.topic_sets if not s.topics or not mine or mine.intersection(s.topics))
        return max(self.live - 1, 0), max(overlapping - 1, 0)
