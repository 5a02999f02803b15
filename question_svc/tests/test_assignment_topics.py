"""``question.assigned`` says whether the pair's topics were honoured (in-memory stores and publisher)."""

from datetime import UTC, datetime
from pathlib import Path

from contracts import Envelope
from contracts.common import Difficulty, Language
from contracts.events.match import MatchFound
from contracts.events.question import QuestionAssigned
from question_svc.bank import content_hash, load_file
from question_svc.memory import MemoryAttemptStore, MemoryCatalogStore
from question_svc.service import AssignmentService
from svc_kit.memory import MemoryPublisher

BANK = Path(__file__).resolve().parents[1] / "bank"
SLUGS = ("binary-search", "climbing-stairs")  # easy: arrays + binary search; dynamic programming + math


async def assigned_for(topics: tuple[str, ...]) -> QuestionAssigned:
    store = MemoryCatalogStore()
    for slug in SLUGS:
        question = load_file(BANK / f"{slug}.yaml")
        await store.save_question(
            question, revision=1, content_hash=content_hash(question), starter_code={}, source="bank"
        )
    bus = MemoryPublisher("question_svc")
    match = MatchFound(
        match_id="m-1",
        difficulty=Difficulty.EASY,
        language=Language.PYTHON,
        user_ids=("ada", "alan"),
        request_ids=("r-1", "r-2"),
        topics=topics,
    )
    event = Envelope.wrap(match, producer="match_svc", occurred_at=datetime(2026, 12, 1, tzinfo=UTC))
    await AssignmentService(store, MemoryAttemptStore(store), bus).assign_for_match(event)
    return bus.payloads(QuestionAssigned)[0]


async def test_an_honoured_topic_is_named_in_the_assignment() -> None:
    assigned = await assigned_for(("math", "trees"))
    assert assigned.slug == "climbing-stairs"
    assert assigned.requested_topics == ("math", "trees")
    assert assigned.honoured_topics == ("math",)
    assert assigned.question_topics == ("dynamic programming", "math")


async def test_a_fallback_names_no_honoured_topic_and_the_topics_given_instead() -> None:
    assigned = await assigned_for(("trees",))
    assert assigned.requested_topics == ("trees",)
    assert assigned.honoured_topics == ()
    assert assigned.question_topics in (("arrays", "binary search"), ("dynamic programming", "math"))
