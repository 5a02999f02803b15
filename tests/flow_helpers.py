"""Builders shared by the cross-service tests."""

from __future__ import annotations

from contracts import Difficulty, Envelope, Language, uuid7
from contracts.events.match import MatchFound


def match_found(match_id: str | None = None) -> Envelope[MatchFound]:
    mid = match_id or f"m-{uuid7().hex[-8:]}"
    return Envelope.wrap(
        MatchFound(
            match_id=mid,
            difficulty=Difficulty.EASY,
            topics=("arrays",),
            language=Language.PYTHON,
            user_ids=("ada", "alan"),
            request_ids=("r-ada", "r-alan"),
        ),
        producer="match_svc",
        correlation_id=f"corr-{mid}",
    )
