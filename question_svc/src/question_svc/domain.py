"""Question selection, browsing and search rules, pure: no I/O, no framework."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

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


NO_ATTEMPTS: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


@dataclass(frozen=True)
class Assignment:
    """The question chosen for a match and whether it honours the topics the pair asked for.

    ``honoured`` is the asked topics the question carries (sorted); empty when none were asked or the pool of
    ``difficulty`` had no question on any of them (``fell_back``: the pair gets another topic, and should be told).
    """

    question: QuestionRef
    requested: tuple[str, ...]
    honoured: tuple[str, ...]

    @property
    def fell_back(self) -> bool:
        return bool(self.requested) and not self.honoured


def assign_question(
    bank: Iterable[QuestionRef],
    *,
    difficulty: Difficulty,
    topics: Sequence[str],
    seed: str,
    attempted_by: tuple[frozenset[str], frozenset[str]],
) -> Assignment:
    """:func:`choose_question`, with the facts of whether the asked ``topics`` were honoured."""
    question = choose_question(bank, difficulty=difficulty, topics=topics, seed=seed, attempted_by=attempted_by)
    requested = tuple(sorted(set(topics)))
    return Assignment(question, requested, tuple(t for t in requested if t in question.topics))


def choose_question(
    bank: Iterable[QuestionRef],
    *,
    difficulty: Difficulty,
    topics: Sequence[str],
    seed: str,
    attempted_by: tuple[frozenset[str], frozenset[str]],
) -> QuestionRef:
    """The question for a match: same difficulty, sharing a topic if any does, fresh to the pair, picked by ``seed``.

    Among the questions of ``difficulty`` (those sharing a topic with ``topics`` when there are any, else all of
    them), the tier of those neither user has attempted (``attempted_by``: each user's attempted slugs) comes first,
    then those at least one of them has not, then any. Within the tier ``seed``'s hash picks, by slug order: the
    same bank, attempts and seed give the same question whatever the bank's order, so replaying ``match.found``
    (with the attempts as of that event) assigns the same one.
    """
    same_level = sorted((q for q in bank if q.difficulty == difficulty), key=lambda q: q.slug)
    if not same_level:
        raise NoQuestionAvailable(difficulty)
    wanted = set(topics)
    on_topic = [q for q in same_level if q.topics & wanted] if wanted else []
    pool = on_topic or same_level
    first, second = attempted_by
    fresh = [q for q in pool if q.slug not in first and q.slug not in second]
    half_fresh = [q for q in pool if q.slug not in first or q.slug not in second]
    tier = fresh or half_fresh or pool
    index = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big") % len(tier)
    return tier[index]


def session_id_for(match_id: str) -> str:
    """One session per match, whoever computes it and however often."""
    return f"s-{match_id}"


# --- Browsing: filters, search and order over the catalog's summaries -------------------------------------------

_LEVEL = {Difficulty.EASY: 0, Difficulty.MEDIUM: 1, Difficulty.HARD: 2}


class SortBy(StrEnum):
    TITLE = "title"
    DIFFICULTY = "difficulty"
    RELEVANCE = "relevance"


@dataclass(frozen=True)
class QuestionSummary:
    """What a list shows of a question, with the lower-cased text search reads (computed once, at indexing)."""

    slug: str
    title: str
    difficulty: Difficulty
    topics: tuple[str, ...]
    statement: str = field(default="", repr=False)
    _title: str = field(init=False, repr=False, compare=False)
    _statement: str = field(init=False, repr=False, compare=False)
    _topics: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_title", self.title.casefold())
        object.__setattr__(self, "_topics", tuple(t.casefold() for t in self.topics))
        object.__setattr__(self, "_statement", self.statement.casefold())

    def relevance(self, words: Sequence[str]) -> tuple[int, int, int] | None:
        """``None`` unless every word appears; else how many words matched in the title, topics, statement.

        Each word counts once, where it ranks highest, so the tuples order title > topic > statement matches.
        """
        title = topic = statement = 0
        for word in words:
            if word in self._title:
                title += 1
            elif any(word in t for t in self._topics):
                topic += 1
            elif word in self._statement:
                statement += 1
            else:
                return None
        return title, topic, statement


def query_words(q: str) -> list[str]:
    return q.casefold().split()


def browse(
    catalog: Iterable[QuestionSummary],
    *,
    difficulty: Difficulty | None = None,
    topics: Sequence[str] = (),
    q: str = "",
    sort: SortBy | None = None,
) -> list[QuestionSummary]:
    """The questions that pass the filters (a topic filter keeps questions with any of ``topics``) and contain
    every word of ``q``, ordered by ``sort`` (default: relevance when searching, else title)."""
    words = query_words(q)
    wanted = set(topics)
    scored: list[tuple[tuple[int, int, int], QuestionSummary]] = []
    for question in catalog:
        if difficulty is not None and question.difficulty != difficulty:
            continue
        if wanted and not wanted.intersection(question.topics):
            continue
        score = question.relevance(words)
        if score is not None:
            scored.append((score, question))
    order = sort or (SortBy.RELEVANCE if words else SortBy.TITLE)
    by_title = sorted(scored, key=lambda s: (s[1]._title, s[1].slug))
    if order is SortBy.DIFFICULTY:
        by_title.sort(key=lambda s: _LEVEL[s[1].difficulty])  # stable: titles stay in order within a level
    elif order is SortBy.RELEVANCE:
        by_title.sort(key=lambda s: s[0], reverse=True)
    return [question for _, question in by_title]


def topic_counts(
    catalog: Iterable[QuestionSummary], managed: Iterable[str], *, difficulty: Difficulty | None = None
) -> dict[str, int]:
    """Every managed topic (alphabetically) with how many questions (of ``difficulty``, if given) carry it, zero
    included; others are left out."""
    counts = dict.fromkeys(sorted(managed), 0)
    for question in catalog:
        if difficulty is not None and question.difficulty != difficulty:
            continue
        for topic in question.topics:
            if topic in counts:
                counts[topic] += 1
    return counts


class RevisionConflict(Exception):
    """Another writer (an instance that read the same revision) stored ``revision`` of ``slug`` first."""

    def __init__(self, slug: str, revision: int) -> None:
        super().__init__(f"revision {revision} of {slug!r} was written by another writer")
        self.slug, self.revision = slug, revision


Source = Literal["bank", "admin"]
"""Who wrote a question's revision: the bank loader (from its file) or an admin (create, update, import, delete)."""


def next_revision(stored: tuple[str, int] | None, content_hash: str) -> int | None:
    """The revision a loaded question gets given the stored (hash, revision): ``None`` when nothing changed."""
    if stored is None:
        return 1
    old_hash, revision = stored
    return None if old_hash == content_hash else revision + 1
