"""AssignmentService and AttemptService with the in-memory stores and publisher: a match gets a question neither
user attempted before the match, the assignment is published with the starter code, and attempts are recorded
once per participant."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contracts import Envelope
from contracts.common import Difficulty, Language
from contracts.events.match import MatchFound
from contracts.events.question import QuestionAssigned
from contracts.events.session import SessionEnded
from question_svc.bank import content_hash, load_file
from question_svc.domain import session_id_for
from question_svc.memory import MemoryAttemptStore, MemoryCatalogStore
from question_svc.service import AssignmentService, AttemptService
from question_svc.starter import starter_code
from svc_kit.memory import MemoryPublisher

BANK = Path(__file__).resolve().parents[1] / "bank"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
EASY = [q for q in map(load_file, sorted(BANK.glob("*.yaml"))) if q.difficulty is Difficulty.EASY][:3]


@pytest.fixture
async def store() -> MemoryCatalogStore:
    store = MemoryCatalogStore()
    for question in EASY:
        starters = {language: starter_code(question.signature, language) for language in Language}
        await store.save_question(
            question, revision=1, content_hash=content_hash(question), starter_code=starters, source="bank"
        )
    return store


def found(match_id: str, at: datetime) -> Envelope[MatchFound]:
    payload = MatchFound(
        match_id=match_id,
        difficulty=Difficulty.EASY,
        language=Language.JAVASCRIPT,
        user_ids=("ada", "alan"),
        request_ids=("r-1", "r-2"),
    )
    return Envelope.wrap(payload, producer="match_svc", occurred_at=at)


def ended(session_id: str, slug: str, at: datetime) -> Envelope[SessionEnded]:
    payload = SessionEnded(session_id=session_id, user_ids=("ada", "alan"), slug=slug, language=Language.PYTHON)
    return Envelope.wrap(payload, producer="collab_svc", occurred_at=at)


async def test_a_match_is_assigned_a_fresh_question_and_it_is_published(store: MemoryCatalogStore) -> None:
    attempts, bus = MemoryAttemptStore(store), MemoryPublisher("question_svc")
    assignment, history = AssignmentService(store, attempts, bus), AttemptService(attempts)
    seen: list[str] = []
    for n in range(len(EASY)):
        await assignment.assign_for_match(found(f"m-{n}", T0 + timedelta(hours=n)))
        assigned = bus.payloads(QuestionAssigned)[-1]
        assert assigned.slug not in seen  # neither user has attempted it yet
        assert assigned.session_id == session_id_for(f"m-{n}")
        assert assigned.starter_code == store.docs[assigned.slug].starter_code[Language.JAVASCRIPT]
        seen.append(assigned.slug)
        await history.record(ended(assigned.session_id, assigned.slug, T0 + timedelta(hours=n, minutes=30)))
    assert sorted(seen) == sorted(q.slug for q in EASY)


async def test_a_replayed_match_gets_the_same_question_whatever_was_attempted_since(
    store: MemoryCatalogStore,
) -> None:
    attempts, bus = MemoryAttemptStore(store), MemoryPublisher("question_svc")
    assignment, history = AssignmentService(store, attempts, bus), AttemptService(attempts)
    event = found("m-1", T0)
    await assignment.assign_for_match(event)
    first = bus.payloads(QuestionAssigned)[0]
    await history.record(ended(first.session_id, first.slug, T0 + timedelta(minutes=30)))
    await assignment.assign_for_match(event)  # the topic replayed from the start
    assert bus.payloads(QuestionAssigned)[1] == first


async def test_an_attempt_is_recorded_once_per_participant_and_listed_newest_first(
    store: MemoryCatalogStore,
) -> None:
    attempts = MemoryAttemptStore(store)
    history = AttemptService(attempts)
    older, newer = EASY[0].slug, EASY[1].slug
    await history.record(ended("s-1", older, T0))
    await history.record(ended("s-1", older, T0))  # redelivered
    await history.record(ended("s-2", newer, T0 + timedelta(hours=1)))
    assert len(attempts.attempts) == 4
    entries = await history.history("ada")
    assert [(e.attempt.slug, e.title) for e in entries] == [(newer, EASY[1].title), (older, EASY[0].title)]
