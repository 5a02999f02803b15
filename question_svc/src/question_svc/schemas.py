"""The HTTP API's request and response shapes: the public view of a question never holds hidden tests or
solutions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from contracts.common import Difficulty, Language
from question_svc.bank import BankQuestion, Comparison, Editorial, Example, Signature
from question_svc.domain import QuestionSummary
from question_svc.service import AttemptEntry
from svc_kit.errors import error_responses


class Summary(BaseModel):
    slug: str
    title: str
    difficulty: Difficulty
    topics: list[str]

    @classmethod
    def of(cls, q: QuestionSummary) -> Summary:
        return cls(slug=q.slug, title=q.title, difficulty=q.difficulty, topics=list(q.topics))


class QuestionPage(BaseModel):
    items: list[Summary]
    total: int = Field(description="how many questions match, over all pages")
    page: int
    size: int


class SampleTest(BaseModel):
    args: list[Any] = Field(description="the function's arguments, in order")
    expected: Any
    explanation: str | None = None


class QuestionView(BaseModel):
    """A question as people see it: sample tests only, no reference solutions."""

    slug: str
    title: str
    difficulty: Difficulty
    topics: list[str]
    statement: str = Field(description="Markdown")
    examples: list[Example]
    constraints: list[str]
    hints: list[str] = Field(description="ordered from gentle to strong")
    signature: Signature
    comparison: Comparison
    sample_tests: list[SampleTest]
    editorial: Editorial

    @classmethod
    def of(cls, q: BankQuestion) -> QuestionView:
        return cls(
            slug=q.slug,
            title=q.title,
            difficulty=q.difficulty,
            topics=list(q.topics),
            statement=q.statement,
            examples=list(q.examples),
            constraints=list(q.constraints),
            hints=list(q.hints),
            signature=q.signature,
            comparison=q.comparison,
            sample_tests=[
                SampleTest(args=list(t.args), expected=t.expected, explanation=t.explanation)
                for t in q.tests
                if t.sample
            ],
            editorial=q.editorial,
        )


class AdminQuestion(BankQuestion):
    """Everything about a question, hidden tests and reference solutions included, with its revision (admins)."""

    revision: int = Field(ge=1, description="increases with every change")

    @classmethod
    def of(cls, q: BankQuestion, revision: int) -> AdminQuestion:
        return cls.model_validate(q.model_dump() | {"revision": revision})


class ImportCounts(BaseModel):
    created: int = Field(description="questions that did not exist (or had been deleted)")
    updated: int = Field(description="questions whose content changed: each has a new revision")
    unchanged: int = Field(description="questions with the same content as stored: nothing written")


class TopicCount(BaseModel):
    topic: str
    count: int = Field(description="questions carrying this topic")


class AttemptView(BaseModel):
    """One of the signed-in user's attempts: a collaboration session on a question, as it ended."""

    slug: str
    title: str = Field(description="the question's title (its slug when the question is not stored)")
    difficulty: Difficulty | None = Field(description="null when the question is not stored")
    session_id: str
    language: Language
    ended_at: datetime = Field(description="when the session ended")
    final_code: str = Field(description="the shared code as the session ended")

    @classmethod
    def of(cls, entry: AttemptEntry) -> AttemptView:
        a = entry.attempt
        return cls(
            slug=a.slug,
            title=entry.title,
            difficulty=entry.difficulty,
            session_id=a.session_id,
            language=a.language,
            ended_at=a.ended_at,
            final_code=a.final_code,
        )


_ERRORS: dict[int, str] = {
    401: "`unauthenticated`: no valid access token",
    403: "`forbidden`: the admin role is needed",
    404: "`not_found`: no question with this slug",
    409: "`conflict`: a question with this slug exists",
    422: "`invalid_input`: `details.fields` maps each field (body) or query parameter to what to fix",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The documented error responses of a route, all in the one error shape."""
    return error_responses(_ERRORS, *statuses)
