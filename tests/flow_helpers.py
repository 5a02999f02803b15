"""Builders shared by the cross-service tests."""

from __future__ import annotations

from contracts import Difficulty, Envelope, Language, uuid7
from contracts.events.match import MatchFound
from contracts.events.question import QuestionAssigned


def match_found(match_id: str | None = None) -> Envelope[MatchFound]:
    mid = match_id or f"m-{uuid7().hex[-8:]}"
    return Envelope.wrap(
        MatchFound(
            match_id=mid,
            difficulty=Difficulty.EASY,
            topics=("arrays",),
            language=Language.PYTHON,
            user_ids=("ada", "alan"),
            request_ids=("r-ada", "r-alan"),
        ),
        producer="match_svc",
        correlation_id=f"corr-{mid}",
    )


def question_assigned(session_id: str | None = None) -> Envelope[QuestionAssigned]:
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
