"""The question catalog's use cases: load the bank (publishing what changed), browse it, and edit it (admins).

Every write takes the next revision, regenerates the starter code and saves it with its ``question.changed`` in
the outbox (svc_kit.outbox), which publishes the event once the save has landed: never for a revision that was
not stored, and never lost to a crash or a Kafka outage. Each instance keeps an in-memory index of summaries,
refreshed by its own writes and by every ``question.changed`` on the bus.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from contracts import Envelope
from contracts.common import Difficulty, Language
from contracts.events.question import FunctionSignature, QuestionChanged, SignatureParam, TestCase
from question_svc.bank import TOPICS, BankQuestion, content_hash, load_bank
from question_svc.domain import (
    QuestionSummary,
    RevisionConflict,
    SortBy,
    Source,
    browse,
    next_revision,
    topic_counts,
)
from question_svc.starter import starter_code
from svc_kit.logging import get_logger
from svc_kit.outbox import Write
from svc_kit.outbox_rules import Check
from svc_kit.ports import EventOutbox


class QuestionNotFound(Exception):
    def __init__(self, slug: str) -> None:
        super().__init__(f"no question {slug!r}")
        self.slug = slug


class QuestionExists(Exception):
    def __init__(self, slug: str) -> None:
        super().__init__(f"question {slug!r} exists")
        self.slug = slug


class SlugMismatch(Exception):
    def __init__(self, path_slug: str, body_slug: str) -> None:
        super().__init__(f"slug {body_slug!r} in the body, {path_slug!r} in the path")
        self.path_slug, self.body_slug = path_slug, body_slug


class DuplicateSlugs(Exception):
    def __init__(self, slugs: list[str]) -> None:
        super().__init__(f"slugs given more than once: {slugs}")
        self.slugs = slugs


class CatalogStore(Protocol):
    async def question(self, slug: str) -> BankQuestion | None: ...
    async def questions(self) -> list[BankQuestion]: ...
    async def summaries(self) -> list[tuple[QuestionSummary, int]]: ...
    async def summary(self, slug: str) -> tuple[QuestionSummary, int] | None: ...
    async def revisions(self) -> dict[str, tuple[str, int]]: ...
    async def admin_changed(self) -> set[str]: ...
    async def save_question(
        self,
        question: BankQuestion,
        *,
        revision: int,
        content_hash: str,
        starter_code: dict[Language, str],
        source: Source,
        write: Write | None = None,
    ) -> None: ...
    async def delete_question(self, slug: str, *, revision: int, write: Write | None = None) -> None: ...
    def outbox_check(self, slug: str) -> Check: ...


@dataclass(frozen=True)
class Stored:
    question: BankQuestion
    revision: int


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


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


def tombstone_event(slug: str, title: str, difficulty: Difficulty, revision: int) -> QuestionChanged:
    return QuestionChanged(slug=slug, title=title, difficulty=difficulty, revision=revision, deleted=True)


class CatalogService:
    """Keeps an in-memory index of every question's summary (a few hundred bytes each: 10,000 fit easily), so
    lists and searches never scan MongoDB; it is rebuilt at start and after every load, and kept current by every
    write here and every ``question.changed`` on the bus (another instance's writes)."""

    def __init__(self, repo: CatalogStore, outbox: EventOutbox) -> None:
        self._repo = repo
        self._outbox = outbox
        self._index: dict[str, QuestionSummary] = {}
        self._revisions: dict[str, int] = {}  # the revision each slug's entry (or its removal) reflects
        self._writes = asyncio.Lock()  # one write at a time in this instance: revisions are read, then written
        self._log = get_logger("question_svc.catalog")

    async def refresh(self) -> None:
        entries = await self._repo.summaries()
        self._index = {summary.slug: summary for summary, _ in entries}
        self._revisions = {summary.slug: revision for summary, revision in entries}

    def _apply(self, slug: str, summary: QuestionSummary | None, revision: int) -> None:
        """Index ``summary`` (``None``: remove) unless the index already reflects a later revision."""
        if self._revisions.get(slug, 0) > revision:
            return
        self._revisions[slug] = revision
        if summary is None:
            self._index.pop(slug, None)
        else:
            self._index[slug] = summary

    async def on_changed(self, event: Envelope[QuestionChanged]) -> None:
        """A ``question.changed`` from any instance (this one too): bring the index entry up to that revision.

        The event lacks the statement (search reads it), so the stored summary is used when the save has landed
        (it has, before the outbox publishes; a later revision may have replaced it): else the event's fields with
        the statement indexed so far.
        """
        changed = event.payload
        if self._revisions.get(changed.slug, 0) >= changed.revision:
            return
        if changed.deleted:
            self._apply(changed.slug, None, changed.revision)
            return
        stored = await self._repo.summary(changed.slug)
        if stored is not None and stored[1] >= changed.revision:
            self._apply(changed.slug, stored[0], stored[1])
            return
        previous = self._index.get(changed.slug)
        summary = QuestionSummary(
            changed.slug, changed.title, changed.difficulty, changed.topics, previous.statement if previous else ""
        )
        self._apply(changed.slug, summary, changed.revision)

    @staticmethod
    def _summary(question: BankQuestion) -> QuestionSummary:
        return QuestionSummary(question.slug, question.title, question.difficulty, question.topics, question.statement)

    async def _write(self, question: BankQuestion, revision: int, digest: str, source: Source = "admin") -> None:
        """Save the revision, its ``question.changed`` published by the outbox once the save has landed."""
        starters = {language: starter_code(question.signature, language) for language in Language}
        write = await self._outbox.prepare([changed_event(question, revision)], self._repo.outbox_check(question.slug))
        try:
            await self._repo.save_question(
                question, revision=revision, content_hash=digest, starter_code=starters, source=source, write=write
            )
        except RevisionConflict:  # another writer stored this revision: nothing of ours to publish
            await self._outbox.abandon(write)
            raise
        self._outbox.commit(write)
        self._apply(question.slug, self._summary(question), revision)
        self._log.info("question.saved", slug=question.slug, revision=revision, source=source)

    async def create(self, question: BankQuestion) -> Stored:
        async with self._writes:
            stored = (await self._repo.revisions()).get(question.slug)
            if stored is not None and stored[0]:  # a tombstone (empty hash) may be re-created
                raise QuestionExists(question.slug)
            revision = (stored[1] if stored else 0) + 1
            await self._write(question, revision, content_hash(question))
            return Stored(question, revision)

    async def replace(self, slug: str, question: BankQuestion) -> Stored:
        """Replace a question; the same content again is no change (no new revision, nothing published)."""
        if question.slug != slug:
            raise SlugMismatch(slug, question.slug)
        async with self._writes:
            stored = (await self._repo.revisions()).get(slug)
            if stored is None or not stored[0]:
                raise QuestionNotFound(slug)
            digest = content_hash(question)
            revision = next_revision(stored, digest)
            if revision is None:
                return Stored(question, stored[1])
            await self._write(question, revision, digest)
            return Stored(question, revision)

    async def delete(self, slug: str) -> None:
        async with self._writes:
            stored = (await self._repo.revisions()).get(slug)
            current = await self._repo.question(slug)
            if stored is None or current is None:
                raise QuestionNotFound(slug)
            revision = stored[1] + 1
            tombstone = tombstone_event(slug, current.title, current.difficulty, revision)
            write = await self._outbox.prepare([tombstone], self._repo.outbox_check(slug))
            try:
                await self._repo.delete_question(slug, revision=revision, write=write)
            except RevisionConflict:
                await self._outbox.abandon(write)
                raise
            self._outbox.commit(write)
            self._apply(slug, None, revision)
            self._log.info("question.deleted", slug=slug, revision=revision)

    async def full(self, slug: str) -> Stored:
        async with self._writes:  # not half-way through a write of this instance
            question = await self._repo.question(slug)
            stored = (await self._repo.revisions()).get(slug)
        if question is None or stored is None:
            raise QuestionNotFound(slug)
        return Stored(question, stored[1])

    async def export(self) -> list[BankQuestion]:
        return await self._repo.questions()

    async def import_(self, questions: Iterable[BankQuestion]) -> ImportResult:
        """Upsert every question whose content changed (each already validated); count what happened."""
        batch = list(questions)
        repeated = sorted(slug for slug, n in Counter(q.slug for q in batch).items() if n > 1)
        if repeated:
            raise DuplicateSlugs(repeated)
        created = updated = unchanged = 0
        async with self._writes:
            stored = await self._repo.revisions()
            for question in batch:
                before = stored.get(question.slug)
                digest = content_hash(question)
                revision = next_revision(before, digest)
                if revision is None:
                    unchanged += 1
                    continue
                await self._write(question, revision, digest)
                if before is None or not before[0]:
                    created += 1
                else:
                    updated += 1
        self._log.info("questions.imported", created=created, updated=updated, unchanged=unchanged)
        return ImportResult(created=created, updated=updated, unchanged=unchanged)

    async def load(self, directory: Path) -> list[str]:
        """Store each bank file whose content changed (a new revision) and publish it; return those slugs.

        Admin changes win over the files: a slug an admin deleted (a tombstone) or whose latest revision an admin
        wrote (create, update, import) is left alone, whatever its file says.
        """
        questions = load_bank(directory)
        async with self._writes:  # not between an admin write's read of the revisions and its save
            stored = await self._repo.revisions()
            admin_changed = await self._repo.admin_changed()
            changed: list[str] = []
            skipped = sorted(q.slug for q in questions if q.slug in admin_changed)
            for question in questions:
                if question.slug in admin_changed:
                    continue
                digest = content_hash(question)
                revision = next_revision(stored.get(question.slug), digest)
                if revision is None:
                    continue
                try:  # the outbox publishes it once the relay runs (after start-up)
                    await self._write(question, revision, digest, source="bank")
                except RevisionConflict:  # another instance starting beside this one stored it first
                    self._log.info("bank.lost_race", slug=question.slug, revision=revision)
                    continue
                changed.append(question.slug)
            await self.refresh()
        if skipped:
            self._log.info("bank.skipped_admin_change", count=len(skipped), slugs=skipped)
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
        found = browse(self._index.values(), difficulty=difficulty, topics=topics, q=q, sort=sort)
        start = (page - 1) * size
        return Page(items=found[start : start + size], total=len(found), page=page, size=size)

    def topics(self, *, difficulty: Difficulty | None = None) -> dict[str, int]:
        return topic_counts(self._index.values(), TOPICS, difficulty=difficulty)

    async def get(self, slug: str) -> BankQuestion:
        question = await self._repo.question(slug)
        if question is None:
            raise QuestionNotFound(slug)
        return question
