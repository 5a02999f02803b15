"""The only module of question_svc that touches MongoDB."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from beanie import Document
from pydantic import BaseModel, Field, ValidationError
from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from contracts.common import Difficulty, Language
from question_svc.bank import BankQuestion, Comparison, Editorial, Example, Signature, TestCase
from question_svc.domain import QuestionRef, QuestionSummary, RevisionConflict, Source
from question_svc.service import Attempt
from svc_kit.outbox import Outbox, Write
from svc_kit.outbox_rules import Check

BANK_FIELDS = frozenset(BankQuestion.model_fields)
ORPHAN_CLAIM_S = 60.0  # a revision claimed this long ago and still not stored: its writer died between the two


class StoredTest(BaseModel):
    """A test with its values as JSON text: FerretDB stores no arrays nested in arrays, which many arguments are."""

    args: str
    expected: str
    sample: bool = False
    explanation: str | None = None

    @classmethod
    def of(cls, test: TestCase) -> StoredTest:
        return cls(
            args=json.dumps(list(test.args)),
            expected=json.dumps(test.expected),
            sample=test.sample,
            explanation=test.explanation,
        )

    def test(self) -> TestCase:
        return TestCase(
            args=tuple(json.loads(self.args)),
            expected=json.loads(self.expected),
            sample=self.sample,
            explanation=self.explanation,
        )


class QuestionDoc(Document):
    """One question: every field of its bank file, plus its revision and content hash.

    Fields beyond the assignment's (slug .. topics) have defaults so a bare reference can still be stored.
    """

    slug: str
    title: str
    difficulty: Difficulty
    topics: list[str] = []
    statement: str = ""
    examples: list[Example] = []
    constraints: list[str] = []
    hints: list[str] = []
    signature: Signature | None = None
    comparison: Comparison = Comparison.EXACT
    tests: list[StoredTest] = []
    solutions: dict[str, str] = {}
    editorial: Editorial | None = None
    revision: int = 0
    content_hash: str = ""
    starter_code: dict[Language, str] = {}
    deleted: bool = Field(default=False, description="a tombstone: kept so a re-created question's revision grows")
    source: Source = Field(
        default="bank", description="who wrote this revision: the bank loader, or an admin through the API"
    )  # documents stored before the field existed were written by the loader
    outbox: dict[str, datetime] = {}  # marks of the writes whose events are in the outbox (svc_kit.outbox)

    class Settings:
        name = "questions"
        indexes = [
            IndexModel("slug", unique=True, name="slug_unique"),
            IndexModel([("difficulty", ASCENDING), ("topics", ASCENDING)], name="difficulty_topics"),
        ]

    def ref(self) -> QuestionRef:
        return QuestionRef(self.slug, self.title, self.difficulty, frozenset(self.topics), dict(self.starter_code))


class RevisionClaimDoc(Document):
    """Who wrote revision N of a slug (by its content hash; a tombstone's is empty): one per (slug, revision)."""

    slug: str
    revision: int
    content_hash: str = ""
    claimed_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    class Settings:
        name = "question_revisions"
        indexes = [IndexModel([("slug", ASCENDING), ("revision", ASCENDING)], unique=True, name="slug_revision_unique")]


class _RefView(BaseModel):
    slug: str
    title: str
    difficulty: Difficulty
    topics: list[str] = []
    starter_code: dict[Language, str] = {}


class _SummaryView(BaseModel):
    slug: str
    title: str
    difficulty: Difficulty
    topics: list[str] = []
    statement: str = ""
    revision: int = 0

    def summary(self) -> QuestionSummary:
        return QuestionSummary(self.slug, self.title, self.difficulty, tuple(self.topics), self.statement)


class _HashView(BaseModel):
    slug: str
    content_hash: str = ""
    revision: int = 0


class _OriginView(BaseModel):
    slug: str
    deleted: bool = False
    source: str = "bank"


_LIVE = {"deleted": {"$ne": True}}  # documents stored before tombstones existed have no ``deleted`` field


class QuestionRepo:
    def __init__(self, outbox: Outbox | None = None) -> None:
        """``outbox``: needed by writes that record their ``question.changed`` (``write=``)."""
        self._outbox = outbox

    @staticmethod
    def outbox_check(slug: str) -> Check:
        return Check(QuestionDoc.Settings.name, {"slug": slug})

    async def by_difficulty(self, difficulty: Difficulty) -> list[QuestionRef]:
        found = await QuestionDoc.find(QuestionDoc.difficulty == difficulty, _LIVE).project(_RefView).to_list()
        return [QuestionRef(v.slug, v.title, v.difficulty, frozenset(v.topics), dict(v.starter_code)) for v in found]

    async def get(self, slug: str) -> QuestionDoc | None:
        return await QuestionDoc.find_one(QuestionDoc.slug == slug)

    async def question(self, slug: str) -> BankQuestion | None:
        """The full question, or ``None`` when there is none (or only a bare reference) under ``slug``."""
        doc = await self.get(slug)
        if doc is None or doc.deleted:
            return None
        return self._bank_question(doc)

    @staticmethod
    def _bank_question(doc: QuestionDoc) -> BankQuestion | None:
        fields = doc.model_dump(include=set(BANK_FIELDS) - {"tests"})
        try:
            return BankQuestion.model_validate(fields | {"tests": [t.test() for t in doc.tests]})
        except ValidationError:
            return None

    async def questions(self) -> list[BankQuestion]:
        """Every full question (not tombstones or bare references), by slug."""
        found = await QuestionDoc.find(_LIVE).sort("+slug").to_list()
        return [q for q in map(self._bank_question, found) if q is not None]

    async def summaries(self) -> list[tuple[QuestionSummary, int]]:
        """Every question's summary with its revision (tombstones left out)."""
        found = await QuestionDoc.find(_LIVE).project(_SummaryView).to_list()
        return [(v.summary(), v.revision) for v in found]

    async def summary(self, slug: str) -> tuple[QuestionSummary, int] | None:
        """One question's summary and revision, ``None`` when there is none (or a tombstone)."""
        found = await QuestionDoc.find(QuestionDoc.slug == slug, _LIVE).project(_SummaryView).first_or_none()
        return None if found is None else (found.summary(), found.revision)

    async def delete_question(self, slug: str, *, revision: int, write: Write | None = None) -> None:
        """Replace the question with a tombstone at ``revision`` (its slug, title and difficulty only)."""
        existing = await self.get(slug)
        if existing is None:
            return
        tombstone = QuestionDoc(
            slug=slug,
            title=existing.title,
            difficulty=existing.difficulty,
            revision=revision,
            deleted=True,
            source="admin",
        )
        await self._store_revision(tombstone, write)

    async def revisions(self) -> dict[str, tuple[str, int]]:
        """Each stored question's (content hash, revision), by slug; a tombstone's hash is empty."""
        found = await QuestionDoc.find_all().project(_HashView).to_list()
        return {v.slug: (v.content_hash, v.revision) for v in found}

    async def admin_changed(self) -> set[str]:
        """The slugs whose latest revision an admin wrote (an edit, an import or a delete's tombstone)."""
        found = await QuestionDoc.find_all().project(_OriginView).to_list()
        return {v.slug for v in found if v.deleted or v.source == "admin"}

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
        """Store a revision (with ``write``'s mark: its ``question.changed`` waits in the outbox)."""
        fields: dict[str, Any] = question.model_dump(exclude={"tests"})
        tests = [StoredTest.of(t) for t in question.tests]
        doc = QuestionDoc(
            **fields,
            tests=tests,
            revision=revision,
            content_hash=content_hash,
            starter_code=starter_code,
            source=source,
        )
        await self._store_revision(doc, write)

    async def _store_revision(self, doc: QuestionDoc, write: Write | None = None) -> None:
        """Claim (slug, revision) with one insert into a unique index, then store ``doc``: of two writers that read
        the same revision and write different contents as the next, one stores it and the other gets
        ``RevisionConflict``. The same content may claim again (a retry after a crash, two instances loading one
        bank file), and a claim whose writer never stored it (it crashed in between: older than ``ORPHAN_CLAIM_S``,
        nothing stored at that revision) is taken over. A conditional replace would not do: FerretDB's update is not
        atomic with its filter."""
        if not await self._claim(doc) and not await self._take_over_orphan(doc):
            raise RevisionConflict(doc.slug, doc.revision)
        await self.upsert(doc, write)

    @staticmethod
    async def _claim(doc: QuestionDoc) -> bool:
        claim = RevisionClaimDoc(slug=doc.slug, revision=doc.revision, content_hash=doc.content_hash)
        try:
            await claim.insert()
        except DuplicateKeyError:
            first = await RevisionClaimDoc.find_one({"slug": doc.slug, "revision": doc.revision})
            return first is not None and first.content_hash == doc.content_hash
        return True

    async def _take_over_orphan(self, doc: QuestionDoc) -> bool:
        first = await RevisionClaimDoc.find_one({"slug": doc.slug, "revision": doc.revision})
        stored = await self.get(doc.slug)
        if first is None or (stored is not None and stored.revision >= doc.revision):
            return False
        claimed_at = first.claimed_at if first.claimed_at.tzinfo else first.claimed_at.replace(tzinfo=UTC)
        if (datetime.now(UTC) - claimed_at).total_seconds() < ORPHAN_CLAIM_S:
            return False  # its writer is probably saving it right now
        await RevisionClaimDoc.find_one({"_id": first.id}).delete()
        return await self._claim(doc)  # two taking over: the unique index lets one in

    async def upsert(self, doc: QuestionDoc, write: Write | None = None) -> None:
        """Store ``doc`` over the slug's document; with ``write``, its mark and the earlier ones still needed."""
        existing = await self.get(doc.slug)
        if existing is not None:
            doc.id = existing.id
        if write is not None:
            if self._outbox is None:
                raise RuntimeError("QuestionRepo needs the outbox to record a write's events")
            doc.outbox = await self._outbox.marks(write, existing.outbox if existing else {})
        try:
            await doc.save()
        except DuplicateKeyError:  # another instance inserted the same slug meanwhile: write over its copy
            existing = await self.get(doc.slug)
            if existing is None:
                raise
            doc.id = existing.id
            await doc.save()


class AttemptDoc(Document):
    """One user's attempt at a question, from ``session.ended``: one per (session, user)."""

    user_id: str
    slug: str
    session_id: str
    language: Language
    ended_at: datetime = Field(description="when the session ended (the event's occurred_at)")
    final_code: str = ""

    class Settings:
        name = "attempts"
        indexes = [
            IndexModel([("session_id", ASCENDING), ("user_id", ASCENDING)], unique=True, name="session_user_unique"),
            IndexModel([("user_id", ASCENDING), ("ended_at", DESCENDING)], name="user_ended_at"),
        ]

    def to_domain(self) -> Attempt:
        ended_at = self.ended_at if self.ended_at.tzinfo else self.ended_at.replace(tzinfo=UTC)  # Mongo keeps UTC
        return Attempt(self.user_id, self.slug, self.session_id, self.language, ended_at, self.final_code)


class _SlugView(BaseModel):
    slug: str


class _TitleView(BaseModel):
    slug: str
    title: str
    difficulty: Difficulty


class AttemptRepo:
    async def add_attempt(self, attempt: Attempt) -> bool:
        """Store ``attempt``; ``False`` (and nothing written) when that session's attempt of that user exists."""
        doc = AttemptDoc(
            user_id=attempt.user_id,
            slug=attempt.slug,
            session_id=attempt.session_id,
            language=attempt.language,
            ended_at=attempt.ended_at,
            final_code=attempt.final_code,
        )
        try:
            await doc.insert()
        except DuplicateKeyError:
            return False
        return True

    async def attempted_slugs(self, user_id: str, *, before: datetime) -> frozenset[str]:
        """The questions ``user_id`` attempted in sessions that ended before ``before``."""
        found = (
            await AttemptDoc.find(AttemptDoc.user_id == user_id, AttemptDoc.ended_at < before)
            .project(_SlugView)
            .to_list()
        )
        return frozenset(v.slug for v in found)

    async def attempts_of(self, user_id: str, *, limit: int) -> list[Attempt]:
        """``user_id``'s latest ``limit`` attempts, newest first."""
        found = (
            await AttemptDoc.find(AttemptDoc.user_id == user_id).sort("-ended_at", "-session_id").limit(limit).to_list()
        )
        return [doc.to_domain() for doc in found]

    async def titles(self, slugs: set[str]) -> dict[str, tuple[str, Difficulty]]:
        """Each stored question's title and difficulty by slug (tombstones included: history outlives a delete)."""
        if not slugs:
            return {}
        found = await QuestionDoc.find({"slug": {"$in": sorted(slugs)}}).project(_TitleView).to_list()
        return {v.slug: (v.title, v.difficulty) for v in found}
