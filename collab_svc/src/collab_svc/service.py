"""collab_svc use cases: load -> decide (domain) -> persist -> publish."""

from __future__ import annotations

from datetime import UTC, datetime

from collab_svc.domain import open_session
from collab_svc.repo import SessionRepo
from contracts import Envelope
from contracts.events.question import QuestionAssigned
from contracts.events.session import SessionStarted
from svc_kit import EventBus
from svc_kit.logging import get_logger


class SessionService:
    def __init__(self, repo: SessionRepo, bus: EventBus) -> None:
        self._repo = repo
        self._bus = bus
        self._log = get_logger("collab_svc.sessions")

    async def open_for_assignment(self, event: Envelope[QuestionAssigned]) -> None:
        """Open the room a question was assigned for; announce it once, even when the event comes again."""
        p = event.payload
        session = open_session(
            session_id=p.session_id,
            match_id=p.match_id,
            user_ids=p.user_ids,
            slug=p.slug,
            language=p.language,
            starter_code=p.starter_code,
            now=datetime.now(UTC),
        )
        doc = await self._repo.add(session)
        if doc.announced:
            return
        await self._bus.publish(
            SessionStarted(
                session_id=doc.session_id,
                match_id=doc.match_id,
                user_ids=p.user_ids,
                slug=doc.slug,
                language=doc.language,
            )
        )
        await self._repo.mark_announced(doc)
        self._log.info("session.opened", session_id=doc.session_id, slug=doc.slug)
