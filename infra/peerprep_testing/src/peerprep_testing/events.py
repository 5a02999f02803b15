"""Events as other services publish them, for tests that play that service."""

from __future__ import annotations

from contracts import Difficulty, Envelope, Language, uuid7
from contracts.events.question import QuestionAssigned


def question_assigned(session_id: str | None = None) -> Envelope[QuestionAssigned]:
    """A question assigned for a session (a new one without ``session_id``), as question_svc publishes it."""
    sid = session_id or f"s-{uuid7().hex[-8:]}"
    return Envelope.wrap(
        QuestionAssigned(
            match_id=f"m-{sid}",
            session_id=sid,
            user_ids=("ada", "alan"),
            language=Language.PYTHON,
            slug="two-sum",
            title="Two Sum",
            difficulty=Difficulty.EASY,
            starter_code="def two_sum(nums, target):\n    pass\n",
        ),
        producer="question_svc",
    )
