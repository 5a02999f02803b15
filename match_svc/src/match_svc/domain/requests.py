"""Requests and ready-checks: who asks for what, who suits whom, and the pair a ready-check proposes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from contracts.common import Difficulty, Language

UNKNOWN_PROFICIENCY_GAP = 2  # an unknown proficiency counts as this far from anyone's
_MATCH_NAMESPACE = uuid.UUID("6f1d0c52-5d2b-4f57-9a53-6b0c1d3a9e21")


@dataclass(frozen=True)
class Request:
    request_id: str
    user_id: str
    difficulty: Difficulty
    topics: frozenset[str]  # empty: any topic
    language: Language
    proficiency: int | None
    requested_at: float  # the place in the queue; kept when a ready-check fails
    timeout_s: float
    seq: int = 0  # arrival order among requests of the same instant
    extended_s: float = 0.0  # ready-checks that failed, given back

    @property
    def deadline(self) -> float:
        return self.requested_at + self.timeout_s + self.extended_s

    def compatible(self, other: Request) -> bool:
        if self.user_id == other.user_id or self.difficulty != other.difficulty:
            return False
        return not self.topics or not other.topics or bool(self.topics & other.topics)


def preference(new: Request, candidate: Request) -> tuple[bool, int, float, int]:
    """How good ``candidate`` is for ``new``; smaller is better: same language, closest proficiency, oldest."""
    if new.proficiency is None or candidate.proficiency is None:
        gap = UNKNOWN_PROFICIENCY_GAP
    else:
        gap = abs(new.proficiency - candidate.proficiency)
    return (candidate.language != new.language, gap, candidate.requested_at, candidate.seq)


def match_id_for(first: str, second: str) -> str:
    """The same pair of requests always gets the same match id (a rebuilt pool re-proposes it unchanged)."""
    return str(uuid.uuid5(_MATCH_NAMESPACE, "|".join(sorted((first, second)))))


@dataclass
class Proposal:
    match_id: str
    requests: tuple[Request, Request]  # the one waiting longer first
    deadline: float
    accepted: set[str] = field(default_factory=set)

    @property
    def ready(self) -> bool:
        return len(self.accepted) == 2

    def other(self, request_id: str) -> Request:
        first, second = self.requests
        return second if first.request_id == request_id else first

    def topics(self) -> tuple[str, ...]:
        """What both asked for: the common topics, or one side's when the other takes any."""
        first, second = (r.topics for r in self.requests)
        common = first & second if first and second else first | second
        return tuple(sorted(common))

    @property
    def language(self) -> Language:
        return self.requests[0].language  # the one waiting longer chose it
