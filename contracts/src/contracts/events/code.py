"""Running code against a question's tests. Keyed by session id so both partners see results in order."""

from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from contracts.common import Language, SessionId, Slug, UserId
from contracts.envelope import Payload


class RunMode(StrEnum):
    RUN = "run"  # sample tests only
    SUBMIT = "submit"  # every test, recorded in history


class RunStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    COMPILE_ERROR = "compile_error"
    RUNTIME_ERROR = "runtime_error"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    INTERNAL_ERROR = "internal_error"


class CodeRun(Payload):
    EVENT_TYPE: ClassVar[str] = "code.run"

    run_id: str = Field(min_length=1, max_length=64)
    session_id: SessionId
    user_id: UserId
    slug: Slug
    language: Language
    mode: RunMode = RunMode.RUN
    code: str = Field(max_length=100_000)

    def key(self) -> str:
        return self.session_id


class CaseResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    index: int = Field(ge=0)
    passed: bool
    hidden: bool = False
    duration_ms: float = Field(ge=0)
    actual: str | None = None
    message: str | None = None


class CodeResult(Payload):
    EVENT_TYPE: ClassVar[str] = "code.result"

    run_id: str = Field(min_length=1, max_length=64)
    session_id: SessionId
    user_id: UserId
    slug: Slug
    mode: RunMode
    status: RunStatus
    passed: int = Field(ge=0)
    total: int = Field(ge=0)
    cases: tuple[CaseResult, ...] = ()
    stdout: str = ""
    stderr: str = ""

    def key(self) -> str:
        return self.session_id
