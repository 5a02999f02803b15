"""The question catalog's use cases: load the bank (publishing what changed) and browse it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from contracts.common import Difficulty, Language
from contracts.events.question import FunctionSignature, QuestionChanged, SignatureParam, TestCase
from question_svc.bank import TOPICS, BankQuestion, content_hash, load_bank
from question_svc.domain import QuestionSummary, SortBy, browse, next_revision, topic_counts
from question_svc.starter import starter_code
from svc_kit import EventBus
from svc_kit.logging import get_logger


class QuestionNotFound(Exception):
    def __init__(self, slug: str) -> None:
        super().__init__(f"no question {slug!r}")
        self.slug = slug


class CatalogStore(Protocol):
    async def question(self, slug: str) -> BankQuestion | None: ...
    async def summaries(self) -> list[QuestionSummary]: ...
    async def revisions(self) -> dict[str, tuple[str, int]]: ...
    async def save_question(
        self, question: BankQuestion, *, revision: int, content_hash: str, starter_code: dict[Language, str]
    ) -> None: ...


@dataclass(frozen=True)
class Page:
    items: list[QuestionSummary]
    total: int
    page: int
    size: int


def changed_event(question: BankQuestion, revision: int) -> QuestionChanged:
    """What other services need of a question (the execution service: every test, the signature and comparison);
    the statement, editorial and solutions stay here."""
    signature = question.signature
    return QuestionChanged(
        slug=question.slug,
        title=question.title,
        difficulty=question.difficulty,
        topics=question.topics,
        revision=revision,
        test_cases=tuple(
            TestCase(input=json.dumps(list(t.args)), expected=json.dumps(t.expected), hidden=not t.sample)
            for t in question.tests
        ),
        signature=FunctionSignature(
            function=signature.function,
            params=tuple(SignatureParam(name=p.name, type=p.type) for p in signature.params),
            returns=signature.returns,
        ),
        comparison=question.comparison,
    )


class CatalogService:
    """Keeps an in-memory index of every question's summary (a few hundred bytes each: 10,000 fit easily), so
    lists and searches never scan MongoDB; it is rebuilt at start and after every load."""

    def __init__(self, repo: CatalogStore, bus: EventBus) -> None:
        self._repo = repo
        self._bus = bus
        self._index: list[QuestionSummary] = []
        self._log = get_logger("question_svc.catalog")

    async def refresh(self) -> None:
        self._index = await self._repo.summaries()

    async def load(self, directory: Path) -> list[str]:
        """Store each bank file whose content changed (a new revision) and publish it; return those slugs."""
        stored = await self._repo.revisions()
        changed: list[str] = []
        questions = load_bank(directory)
        if questions:
            await self._bus.broker.connect()  # start hooks run before the broker starts; publishing needs it
        for question in questions:
            digest = content_hash(question)
            revision = next_revision(stored.get(question.slug), digest)
            if revision is None:
                continue
            # Published first: a crash before the save publishes the same revision again next time (harmless on a
            # compacted topic whose readers keep the highest revision); the other order could lose the event.
            await self._bus.publish(changed_event(question, revision))
            starters = {language: starter_code(question.signature, language) for language in Language}
            await self._repo.save_question(question, revision=revision, content_hash=digest, starter_code=starters)
            changed.append(question.slug)
        await self.refresh()
        self._log.info("bank.loaded", files=len(questions), changed=len(changed), directory=str(directory))
        return changed

    def list(
        self,
        *,
        difficulty: Difficulty | None,
        topics: Sequence[str],
        q: str,
        sort: SortBy | None,
        page: int,
        size: int,
    ) -> Page:
        found = browse(self._index, difficulty=difficulty, topics=topics, q=q, sort=sort)
        start = (page - 1) * size
        return Page(items=found[start : start + size], total=len(found), page=page, size=size)

    def topics(self) -> dict[str, int]:
        return topic_counts(self._index, TOPICS)

    async def get(self, slug: str) -> BankQuestion:
        question = await self._repo.question(slug)
        if question is None:
            raise QuestionNotFound(slug)
        return question
