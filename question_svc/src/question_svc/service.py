"""question_svc use cases: load -> decide (domain) -> persist -> publish."""

from __future__ import annotations

from typing import Protocol

from contracts import Envelope
from contracts.common import Difficulty
from contracts.events.match import MatchFound
from contracts.events.question import QuestionAssigned
from question_svc.domain import QuestionRef, choose_question, session_id_for
from svc_kit import EventBus
from svc_kit.logging import get_logger


class QuestionStore(Protocol):
    async def by_difficulty(self, difficulty: Difficulty) -> list[QuestionRef]: ...


class AssignmentService:
    def __init__(self, repo: QuestionStore, bus: EventBus) -> None:
        self._repo = repo
        self._bus = bus
        self._log = get_logger("question_svc.assignment")

    async def assign_for_match(self, event: Envelope[MatchFound]) -> None:
        match = event.payload
        bank = await self._repo.by_difficulty(match.difficulty)
        doc = choose_question(bank, difficulty=match.difficulty, topics=match.topics, seed=match.match_id)
        await self._bus.publish(
            QuestionAssigned(
                match_id=match.match_id,
                session_id=session_id_for(match.match_id),
                user_ids=match.user_ids,
                language=match.language,
                slug=doc.slug,
                title=doc.title,
                difficulty=doc.difficulty,
                starter_code=doc.starter_code.get(match.language, ""),
            )
        )
        self._log.info("question.assigned", match_id=match.match_id, slug=doc.slug)
