"""Matching: requests into the waiting pools and their outcomes. Keyed by difficulty: one pool owner per key."""

from typing import ClassVar

from pydantic import Field

from contracts.common import Difficulty, Language, Topic, UserId
from contracts.envelope import Payload


class MatchRequested(Payload):
    EVENT_TYPE: ClassVar[str] = "match.requested"

    request_id: str = Field(min_length=1, max_length=64)
    user_id: UserId
    difficulty: Difficulty
    topics: tuple[Topic, ...] = Field(default=(), description="empty means any topic")
    language: Language
    proficiency: int | None = Field(default=None, ge=1, le=5)
    timeout_s: int = Field(default=60, ge=5, le=600)

    def key(self) -> str:
        return self.difficulty.value


class MatchCancelled(Payload):
    EVENT_TYPE: ClassVar[str] = "match.cancelled"

    request_id: str = Field(min_length=1, max_length=64)
    user_id: UserId
    difficulty: Difficulty

    def key(self) -> str:
        return self.difficulty.value


class MatchFound(Payload):
    EVENT_TYPE: ClassVar[str] = "match.found"

    match_id: str = Field(min_length=1, max_length=64)
    difficulty: Difficulty
    topics: tuple[Topic, ...] = Field(default=(), description="topics both asked for; empty means any")
    language: Language
    user_ids: tuple[UserId, UserId]
    request_ids: tuple[str, str]

    def key(self) -> str:
        return self.difficulty.value


class MatchTimedOut(Payload):
    EVENT_TYPE: ClassVar[str] = "match.timed_out"

    request_id: str = Field(min_length=1, max_length=64)
    user_id: UserId
    difficulty: Difficulty

    def key(self) -> str:
        return self.difficulty.value
