"""The assistant: a request and its streamed answer. Keyed by session id."""

from typing import ClassVar

from pydantic import Field

from contracts.common import SessionId, UserId
from contracts.envelope import Payload


class AiRequested(Payload):
    EVENT_TYPE: ClassVar[str] = "ai.requested"

    request_id: str = Field(min_length=1, max_length=64)
    session_id: SessionId
    user_id: UserId
    prompt: str = Field(min_length=1, max_length=8000)
    code: str = Field(default="", max_length=100_000)

    def key(self) -> str:
        return self.session_id


class AiDelta(Payload):
    EVENT_TYPE: ClassVar[str] = "ai.delta"

    request_id: str
    session_id: SessionId
    user_id: UserId
    seq: int = Field(ge=0)
    text: str

    def key(self) -> str:
        return self.session_id


class AiDone(Payload):
    EVENT_TYPE: ClassVar[str] = "ai.done"

    request_id: str
    session_id: SessionId
    user_id: UserId
    error: str | None = None

    def key(self) -> str:
        return self.session_id
