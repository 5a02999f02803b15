"""Session rules, pure: no I/O, no framework."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from contracts.common import Language


class SessionStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


@dataclass(frozen=True)
class Session:
    session_id: str
    match_id: str
    user_ids: tuple[str, str]
    slug: str
    language: Language
    document_seed: str
    status: SessionStatus
    started_at: datetime
    announced: bool = False  # session.started has been published

    def has_participant(self, user_id: str) -> bool:
        return user_id in self.user_ids


def open_session(
    *,
    session_id: str,
    match_id: str,
    user_ids: tuple[str, str],
    slug: str,
    language: Language,
    starter_code: str,
    now: datetime,
) -> Session:
    """A new room for two different users, its document seeded with the question's starter code."""
    if user_ids[0] == user_ids[1]:
        raise ValueError("a session needs two different users")
    return Session(
        session_id=session_id,
        match_id=match_id,
        user_ids=user_ids,
        slug=slug,
        language=language,
        document_seed=starter_code,
        status=SessionStatus.ACTIVE,
        started_at=now,
    )
