"""collab_svc use cases: load -> decide (domain) -> persist -> publish."""

from __future__ import annotations

from typing import Protocol

from collab_svc.domain import Session, open_session
from contracts import Envelope
from contracts.events.question import QuestionAssigned
from contracts.events.session import SessionStarted
from contracts.notices import SessionStartedNotice
from svc_kit.logging import get_logger
from svc_kit.ports import Clock, Publisher, utc_now


class SessionStore(Protocol):
    async def add(self, session: Session) -> Session: ...
    async def mark_announced(self, session_id: str) -> None: ...


class SessionService:
    def __init__(self, repo: SessionStore, bus: Publisher, *, clock: Clock = utc_now) -> None:
        self._repo = repo
        self._bus = bus
        self._clock = clock
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
            now=self._clock(),
        )
        stored = await self._repo.add(session)
        if stored.announced:
            return
        await self._bus.publish(
            SessionStarted(
                session_id=stored.session_id,
                match_id=stored.match_id,
                user_ids=stored.user_ids,
                slug=stored.slug,
                language=stored.language,
            )
        )
        notice = SessionStartedNotice(
            session_id=stored.session_id, match_id=stored.match_id, slug=stored.slug, language=stored.language
        )
        for user_id in stored.user_ids:  # both browsers enter the room
            await self._bus.publish(notice.to(user_id))
        await self._repo.mark_announced(stored.session_id)
        self._log.info("session.opened", session_id=stored.session_id, slug=stored.slug)
