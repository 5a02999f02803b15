"""Question selection rules, pure: no I/O, no framework."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from contracts.common import Difficulty, Language


@dataclass(frozen=True)
class QuestionRef:
    slug: str
    title: str
    difficulty: Difficulty
    topics: frozenset[str]
    starter_code: dict[Language, str] = field(default_factory=dict, compare=False, hash=False)


class NoQuestionAvailable(Exception):
    def __init__(self, difficulty: Difficulty) -> None:
        super().__init__(f"no question of difficulty {difficulty} in the bank")
        self.difficulty = difficulty


def choose_question(
    bank: Iterable[QuestionRef], *, difficulty: Difficulty, topics: Sequence[str], seed: str
) -> QuestionRef:
    """The question for a match: same difficulty, sharing a topic if any does, picked by ``seed``.

    The same bank and seed give the same question, so replaying ``match.found`` assigns the same one.
    """
    same_level = sorted((q for q in bank if q.difficulty == difficulty), key=lambda q: q.slug)
    if not same_level:
        raise NoQuestionAvailable(difficulty)
    wanted = set(topics)
    on_topic = [q for q in same_level if q.topics & wanted] if wanted else []
    pool = on_topic or same_level
    index = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big") % len(pool)
    return pool[index]


def session_id_for(match_id: str) -> str:
    """One session per match, whoever computes it and however often."""
    return f"s-{match_id}"
