"""Questions: the catalog (compacted, keyed by slug) and the question chosen for a match."""

from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from contracts.common import Difficulty, Language, SessionId, Slug, Topic, UserId
from contracts.envelope import Payload

_IDENT = r"^[a-z][a-z0-9_]*$"


class Comparison(StrEnum):
    """How an answer is compared with the expected value."""

    EXACT = "exact"
    UNORDERED = "unordered"  # the top-level list's order does not matter
    FLOAT = "float"  # numbers within 1e-6 (relative or absolute)


class TestCase(BaseModel):
    model_config = ConfigDict(frozen=True)
    __test__ = False  # not a pytest class

    input: str = Field(description="JSON array of the function's arguments")
    expected: str = Field(description="JSON of the expected return value")
    hidden: bool = False


class SignatureParam(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str = Field(pattern=_IDENT)
    type: str = Field(description="int, float, bool, string or list[...] of them, nested")


class FunctionSignature(BaseModel):
    """The function a solution defines: what the execution service calls with each test's arguments."""

    model_config = ConfigDict(frozen=True)

    function: str = Field(pattern=_IDENT)
    params: tuple[SignatureParam, ...]
    returns: str


class QuestionChanged(Payload):
    """The full question as it is now; ``deleted`` is a tombstone. Read models are rebuilt from this topic."""

    EVENT_TYPE: ClassVar[str] = "question.changed"

    slug: Slug
    title: str = Field(min_length=1, max_length=200)
    difficulty: Difficulty
    topics: tuple[Topic, ...] = ()
    revision: int = Field(ge=1, description="increases with every change; consumers keep the highest")
    deleted: bool = False
    test_cases: tuple[TestCase, ...] = Field(default=(), description="every test, sample and hidden")
    signature: FunctionSignature | None = None
    comparison: Comparison | None = None

    def key(self) -> str:
        return self.slug


class QuestionAssigned(Payload):
    EVENT_TYPE: ClassVar[str] = "question.assigned"

    match_id: str = Field(min_length=1, max_length=64)
    session_id: SessionId
    user_ids: tuple[UserId, UserId]
    language: Language
    slug: Slug
    title: str
    difficulty: Difficulty
    starter_code: str = ""
    question_topics: tuple[Topic, ...] = Field(default=(), description="the assigned question's topics")
    requested_topics: tuple[Topic, ...] = Field(default=(), description="the topics the pair asked for")
    honoured_topics: tuple[Topic, ...] = Field(
        default=(),
        description="the requested topics the question carries; empty with requested topics when no question of "
        "this difficulty had any of them and another was assigned instead",
    )

    def key(self) -> str:
        return self.session_id
