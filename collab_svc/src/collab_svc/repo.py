"""The only module of collab_svc that touches MongoDB: it stores sessions for the service's ``SessionStore``."""

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
    announced: bool = False

    class Settings:
        name = "sessions"
        indexes = [IndexModel("session_id", unique=True, name="session_id_unique")]

    @classmethod
    def from_domain(cls, session: Session) -> SessionDoc:
        return cls(
            session_id=session.session_id,
            match_id=session.match_id,
            user_ids=list(session.user_ids),
            slug=session.slug,
            language=session.language,
            document_seed=session.document_seed,
            status=session.status,
            started_at=session.started_at,
            announced=session.announced,
        )

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
            announced=self.announced,
        )


class SessionRepo:
    async def get(self, session_id: str) -> Session | None:
        doc = await SessionDoc.find_one(SessionDoc.session_id == session_id)
        return doc.to_domain() if doc else None

    async def add(self, session: Session) -> Session:
        """Store a new session; when one with the same id exists, return it unchanged instead."""
        try:
            await SessionDoc.from_domain(session).insert()
        except DuplicateKeyError:
            existing = await self.get(session.session_id)
            if existing is None:  # deleted between the two calls: nothing sensible to return
                raise
            return existing
        return session

    async def mark_announced(self, session_id: str) -> None:
        await SessionDoc.find_one(SessionDoc.session_id == session_id).update({"$set": {"announced": True}})
