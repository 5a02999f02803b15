"""SessionService (opening a room for an assigned question) with in-memory adapters and a set clock: the room is
stored once, announced once to both users, and announced again only when a crash came before the mark."""

from datetime import UTC, datetime

import pytest

from collab_svc.memory import MemorySessionStore
from collab_svc.service import SessionService
from contracts import Envelope
from contracts.common import Difficulty, Language
from contracts.events.notify import UserNotification
from contracts.events.question import QuestionAssigned
from contracts.events.session import SessionStarted
from svc_kit.memory import ManualClock, MemoryPublisher

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def assigned(session_id: str = "s-1", users: tuple[str, str] = ("ada", "alan")) -> Envelope[QuestionAssigned]:
    payload = QuestionAssigned(
        match_id=f"m-{session_id}",
        session_id=session_id,
        user_ids=users,
        language=Language.PYTHON,
        slug="two-sum",
        title="Two Sum",
        difficulty=Difficulty.EASY,
        starter_code="def two_sum(nums, target):\n    pass\n",
    )
    return Envelope.wrap(payload, producer="question_svc")


@pytest.fixture
def store() -> MemorySessionStore:
    return MemorySessionStore()


@pytest.fixture
def bus() -> MemoryPublisher:
    return MemoryPublisher("collab_svc")


@pytest.fixture
def service(store: MemorySessionStore, bus: MemoryPublisher) -> SessionService:
    return SessionService(store, bus, clock=ManualClock(T0))


async def test_an_assignment_opens_the_room_and_announces_it_to_both_users(
    service: SessionService, store: MemorySessionStore, bus: MemoryPublisher
) -> None:
    await service.open_for_assignment(assigned())
    session = store.sessions["s-1"]
    assert session.started_at == T0  # the injected clock's
    assert session.document_seed.startswith("def two_sum")
    assert session.announced
    [started] = bus.payloads(SessionStarted)
    assert (started.session_id, started.user_ids, started.slug) == ("s-1", ("ada", "alan"), "two-sum")
    assert [n.user_id for n in bus.payloads(UserNotification)] == ["ada", "alan"]
    assert isinstance(bus.published[0].payload, SessionStarted)  # the fact first, then the tabs are told


async def test_the_same_assignment_again_announces_nothing_more(
    service: SessionService, store: MemorySessionStore, bus: MemoryPublisher
) -> None:
    event = assigned()
    await service.open_for_assignment(event)
    await service.open_for_assignment(event)  # a redelivery
    await service.open_for_assignment(assigned())  # or another event for the same session
    assert len(bus.payloads(SessionStarted)) == 1
    assert len(store.sessions) == 1


async def test_a_publish_that_failed_is_announced_when_the_event_comes_again(
    service: SessionService, store: MemorySessionStore, bus: MemoryPublisher
) -> None:
    bus.refuse_with = ConnectionError("Kafka away")
    with pytest.raises(ConnectionError):
        await service.open_for_assignment(assigned())
    assert not store.sessions["s-1"].announced  # stored, not yet announced: the bus puts the record back
    bus.refuse_with = None
    await service.open_for_assignment(assigned())
    assert len(bus.payloads(SessionStarted)) == 1
    assert store.sessions["s-1"].announced
