"""question_svc use cases: load -> decide (domain) -> persist -> publish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from contracts import Envelope
from contracts.common import Difficulty, Language
from contracts.events.match import MatchFound
from contracts.events.question import QuestionAssigned
from contracts.events.session import SessionEnded
from question_svc.domain import QuestionRef, assign_question, session_id_for
from svc_kit.logging import get_logger
from svc_kit.ports import Publisher


class QuestionStore(Protocol):
    async def by_difficulty(self, difficulty: Difficulty) -> list[QuestionRef]: ...


@dataclass(frozen=True)
class Attempt:
    """One user's go at a question: one per (session, user)."""

    user_id: str
    slug: str
    session_id: str
    language: Language
    ended_at: datetime
    final_code: str = ""


@dataclass(frozen=True)
class AttemptEntry:
    """An attempt with what the history shows of its question (``None``: no such question is stored)."""

    attempt: Attempt
    title: str
    difficulty: Difficulty | None


class AttemptStore(Protocol):
    async def add_attempt(self, attempt: Attempt) -> bool: ...
    async def attempted_slugs(self, user_id: str, *, before: datetime) -> frozenset[str]: ...
    async def attempts_of(self, user_id: str, *, limit: int) -> list[Attempt]: ...
    async def titles(self, slugs: set[str]) -> dict[str, tuple[str, Difficulty]]: ...


class AssignmentService:
    def __init__(self, repo: QuestionStore, attempts: AttemptStore, bus: Publisher) -> None:
        self._repo = repo
        self._attempts = attempts
        self._bus = bus
        self._log = get_logger("question_svc.assignment")

    async def assign_for_match(self, event: Envelope[MatchFound]) -> None:
        """Assign a question to the match. Attempts count as of the event's time (ended before it occurred), so a
        replay of the same event, after the pair has attempted more, still assigns the same question."""
        match = event.payload
        bank = await self._repo.by_difficulty(match.difficulty)
        first, second = match.user_ids
        attempted = (
            await self._attempts.attempted_slugs(first, before=event.occurred_at),
            await self._attempts.attempted_slugs(second, before=event.occurred_at),
        )
        chosen = assign_question(
            bank, difficulty=match.difficulty, topics=match.topics, seed=match.match_id, attempted_by=attempted
        )
        doc = chosen.question
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
                question_topics=tuple(sorted(doc.topics)),
                requested_topics=chosen.requested,
                honoured_topics=chosen.honoured,
            )
        )
        self._log.info("question.assigned", match_id=match.match_id, slug=doc.slug, topics_fell_back=chosen.fell_back)


class AttemptService:
    """The attempt history: recorded from ``session.ended``, read by each user."""

    def __init__(self, attempts: AttemptStore) -> None:
        self._attempts = attempts
        self._log = get_logger("question_svc.attempts")

    async def record(self, event: Envelope[SessionEnded]) -> None:
        """One attempt per participant; a redelivered event records nothing more."""
        ended = event.payload
        for user_id in dict.fromkeys(ended.user_ids):
            added = await self._attempts.add_attempt(
                Attempt(
                    user_id=user_id,
                    slug=ended.slug,
                    session_id=ended.session_id,
                    language=ended.language,
                    ended_at=event.occurred_at,
                    final_code=ended.final_code,
                )
            )
            if added:
                self._log.info("attempt.recorded", session_id=ended.session_id, user_id=user_id, slug=ended.slug)

    async def history(self, user_id: str, *, limit: int = 100) -> list[AttemptEntry]:
        """The user's attempts, newest first, with each question's title and difficulty."""
        attempts = await self._attempts.attempts_of(user_id, limit=limit)
        titles = await self._attempts.titles({a.slug for a in attempts})
        entries = []
        for attempt in attempts:
            title, difficulty = titles.get(attempt.slug, (attempt.slug, None))
            entries.append(AttemptEntry(attempt, title, difficulty))
        return entries
