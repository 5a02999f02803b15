"""The only module of collab_svc that touches MongoDB."""

from __future__ import annotations

from datetime import datetime

from beanie import Document
from pymongo import IndexModel
from pymongo.errors import DuplicateKeyError

from collab_svc.domain import Session, SessionStatus
from contracts.common import Language


class SessionDoc(Document):
    session_id: str
    match_id: str
    user_ids: list[str]
    slug: str
    language: Language
    document_seed: str
    status: SessionStatus
    started_at: datetime
    announced: bool = False  # session.started published

    class Settings:
        name = "sessions"
        indexes = [IndexModel("session_id", unique=True, name="session_id_unique")]

    def to_domain(self) -> Session:
        first, second = self.user_ids
        return Session(
            session_id=self.session_id,
            match_id=self.match_id,
            user_ids=(first, second),
            slug=self.slug,
            language=self.language,
            document_seed=self.document_seed,
            status=self.status,
            started_at=self.started_at,
        )


class SessionRepo:
    async def get(self, session_id: str) -> SessionDoc | None:
        return await SessionDoc.find_one(SessionDoc.session_id == session_id)

    async def add(self, session: Session) -> SessionDoc:
        """Store a new session; an existing one with the same id is returned unchanged."""
        doc = SessionDoc(
            session_id=session.session_id,
            match_id=session.match_id,
            user_ids=list(session.user_ids),
            slug=session.slug,
            language=session.language,
            document_seed=session.document_seed,
            status=session.status,
            started_at=session.started_at,
        )
        try:
            await doc.insert()
        except DuplicateKeyError:
            existing = await self.get(session.session_id)
            assert existing is not None
            return existing
        return doc

    async def mark_announced(self, doc: SessionDoc) -> None:
        doc.announced = True
        await doc.save()

    async def count(self) -> int:
        return await SessionDoc.find_all().count()
