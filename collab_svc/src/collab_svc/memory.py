"""An in-memory ``SessionStore`` (service.py), for unit tests of the use cases: no MongoDB.

As repo.py does, it stores a session once per id (a second add returns the stored one unchanged)."""

from __future__ import annotations

import dataclasses

from collab_svc.domain import Session


class MemorySessionStore:
    def __init__(self) -> None:
        self.sessions: dict[str, Session] = {}

    async def get(self, session_id: str) -> Session | None:
        return self.sessions.get(session_id)

    async def add(self, session: Session) -> Session:
        return self.sessions.setdefault(session.session_id, session)

    async def mark_announced(self, session_id: str) -> None:
        session = self.sessions.get(session_id)
        if session is not None:
            self.sessions[session_id] = dataclasses.replace(session, announced=True)
