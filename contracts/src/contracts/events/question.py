"""Questions: the catalog (compacted, keyed by slug) and the question chosen for a match."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from contracts.common import Difficulty, Language, SessionId, Slug, Topic, UserId
from contracts.envelope import Payload


class TestCase(BaseModel):
    model_config = ConfigDict(frozen=True)
    __test__ = False  # not a pytest class

    input: str = Field(description="JSON array of the function's arguments")
    expected: str = Field(description="JSON of the expected return value")
    hidden: bool = False


class QuestionChanged(Payload):
    """The full question as it is now; ``deleted`` is a tombstone. Read models are rebuilt from this topic."""

    EVENT_TYPE: ClassVar[str] = "question.changed"

    slug: Slug
    title: str = Field(min_length=1, max_length=200)
    difficulty: Difficulty
    topics: tuple[Topic, ...] = ()
    revision: int = Field(ge=1, description="increases with every change; consumers keep the highest")
    deleted: bool = False
    test_cases: tuple[TestCase, ...] = ()

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

    def key(self) -> str:
        return self.session_id
