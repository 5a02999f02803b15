"""In-memory adapters of question_svc's stores (``CatalogStore``, ``QuestionStore``, ``AttemptStore``), for unit
tests of the use cases: no MongoDB.

They keep what the use cases rely on in repo.py: a revision is claimed once per (slug, revision) by its content
hash, so another writer's different content at the same revision is a ``RevisionConflict`` and the same content
again is not; a delete leaves a tombstone whose revision a re-created question continues; a save also stores its
outbox write's mark; one attempt per (session, user).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from contracts.common import Difficulty, Language
from question_svc.bank import BankQuestion
from question_svc.domain import QuestionRef, QuestionSummary, RevisionConflict, Source
from question_svc.service import Attempt
from svc_kit.outbox import Write
from svc_kit.outbox_rules import Check

QUESTIONS = "questions"  # the collection repo.QuestionDoc is stored in: what the outbox's relay would look in


@dataclass
class StoredQuestion:
    slug: str
    title: str
    difficulty: Difficulty
    revision: int
    content_hash: str  # empty for a tombstone
    source: Source
    question: BankQuestion | None = None  # None: a tombstone
    starter_code: dict[Language, str] = field(default_factory=dict)
    marks: dict[str, datetime] = field(default_factory=dict)  # the outbox writes' marks (svc_kit.outbox)

    @property
    def deleted(self) -> bool:
        return self.question is None


class MemoryCatalogStore:
    def __init__(self) -> None:
        self.docs: dict[str, StoredQuestion] = {}
        self.claims: dict[tuple[str, int], str] = {}  # (slug, revision) -> the content hash that claimed it

    @staticmethod
    def outbox_check(slug: str) -> Check:
        return Check(QUESTIONS, {"slug": slug})

    def claim(self, slug: str, revision: int, content_hash: str) -> bool:
        """Claim a revision, as a writer does before it stores it (public: a test plays another writer with it)."""
        first = self.claims.setdefault((slug, revision), content_hash)
        return first == content_hash

    def _live(self) -> list[StoredQuestion]:
        return sorted((d for d in self.docs.values() if not d.deleted), key=lambda d: d.slug)

    async def question(self, slug: str) -> BankQuestion | None:
        doc = self.docs.get(slug)
        return doc.question if doc else None

    async def questions(self) -> list[BankQuestion]:
        return [d.question for d in self._live() if d.question is not None]

    @staticmethod
    def _summary(doc: StoredQuestion) -> tuple[QuestionSummary, int]:
        q = doc.question
        assert q is not None
        return QuestionSummary(q.slug, q.title, q.difficulty, q.topics, q.statement), doc.revision

    async def summaries(self) -> list[tuple[QuestionSummary, int]]:
        return [self._summary(d) for d in self._live()]

    async def summary(self, slug: str) -> tuple[QuestionSummary, int] | None:
        doc = self.docs.get(slug)
        return None if doc is None or doc.deleted else self._summary(doc)

    async def revisions(self) -> dict[str, tuple[str, int]]:
        return {slug: (d.content_hash, d.revision) for slug, d in self.docs.items()}

    async def admin_changed(self) -> set[str]:
        return {slug for slug, d in self.docs.items() if d.deleted or d.source == "admin"}

    async def save_question(
        self,
        question: BankQuestion,
        *,
        revision: int,
        content_hash: str,
        starter_code: dict[Language, str],
        source: Source,
        write: Write | None = None,
    ) -> None:
        doc = StoredQuestion(
            question.slug,
            question.title,
            question.difficulty,
            revision,
            content_hash,
            source,
            question,
            dict(starter_code),
        )
        self._store(doc, write)

    async def delete_question(self, slug: str, *, revision: int, write: Write | None = None) -> None:
        existing = self.docs.get(slug)
        if existing is not None:
            self._store(StoredQuestion(slug, existing.title, existing.difficulty, revision, "", "admin"), write)

    def _store(self, doc: StoredQuestion, write: Write | None) -> None:
        if not self.claim(doc.slug, doc.revision, doc.content_hash):
            raise RevisionConflict(doc.slug, doc.revision)
        previous = self.docs.get(doc.slug)
        doc.marks = (previous.marks if previous else {}) | (write.mark() if write else {})
        self.docs[doc.slug] = doc

    async def by_difficulty(self, difficulty: Difficulty) -> list[QuestionRef]:
        return [
            QuestionRef(d.slug, d.title, d.difficulty, frozenset(d.question.topics), dict(d.starter_code))
            for d in self._live()
            if d.difficulty == difficulty and d.question is not None
        ]


class MemoryAttemptStore:
    def __init__(self, catalog: MemoryCatalogStore) -> None:
        self.attempts: dict[tuple[str, str], Attempt] = {}  # (session id, user id) -> the attempt
        self._catalog = catalog

    async def add_attempt(self, attempt: Attempt) -> bool:
        key = (attempt.session_id, attempt.user_id)
        if key in self.attempts:
            return False
        self.attempts[key] = attempt
        return True

    async def attempted_slugs(self, user_id: str, *, before: datetime) -> frozenset[str]:
        return frozenset(a.slug for a in self.attempts.values() if a.user_id == user_id and a.ended_at < before)

    async def attempts_of(self, user_id: str, *, limit: int) -> list[Attempt]:
        mine = [a for a in self.attempts.values() if a.user_id == user_id]
        return sorted(mine, key=lambda a: (a.ended_at, a.session_id), reverse=True)[:limit]

    async def titles(self, slugs: set[str]) -> dict[str, tuple[str, Difficulty]]:
        docs = self._catalog.docs
        return {slug: (docs[slug].title, docs[slug].difficulty) for slug in slugs if slug in docs}
