"""The only module of question_svc that touches MongoDB."""

from __future__ import annotations

from beanie import Document
from pymongo import ASCENDING, IndexModel

from contracts.common import Difficulty, Language
from question_svc.domain import QuestionRef


class QuestionDoc(Document):
    slug: str
    title: str
    difficulty: Difficulty
    topics: list[str] = []
    starter_code: dict[Language, str] = {}

    class Settings:
        name = "questions"
        indexes = [
            IndexModel("slug", unique=True, name="slug_unique"),
            IndexModel([("difficulty", ASCENDING), ("topics", ASCENDING)], name="difficulty_topics"),
        ]

    def ref(self) -> QuestionRef:
        return QuestionRef(self.slug, self.title, self.difficulty, frozenset(self.topics), dict(self.starter_code))


class QuestionRepo:
    async def by_difficulty(self, difficulty: Difficulty) -> list[QuestionRef]:
        return [doc.ref() for doc in await QuestionDoc.find(QuestionDoc.difficulty == difficulty).to_list()]

    async def get(self, slug: str) -> QuestionDoc | None:
        return await QuestionDoc.find_one(QuestionDoc.slug == slug)

    async def upsert(self, doc: QuestionDoc) -> None:
        existing = await self.get(doc.slug)
        if existing is not None:
            doc.id = existing.id
        await doc.save()
