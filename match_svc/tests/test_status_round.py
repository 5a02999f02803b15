"""The status round: one ``match.figures`` record per pool, whatever the number waiting, and only when the figures
changed (the gateways turn it into each waiting tab's figures). Kafka and MongoDB are stand-ins here; the same
path end to end is tests/test_matching_flow.py."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from datetime import datetime

from contracts import Envelope, Payload
from contracts.common import Difficulty, Language
from contracts.events.match import MatchFigures, MatchRequested
from contracts.events.notify import UserNotification
from match_svc.domain import Busy, ProfileTable
from match_svc.service import Facts, MatchService
from match_svc.settings import MatchSettings


class Recorded:
    def __init__(self) -> None:
        self.published: list[Payload] = []

    async def publish_unconfirmed(self, payload: Payload, *, correlation_id: str | None = None) -> Awaitable[object]:
        self.published.append(payload)
        answer: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        answer.set_result(None)
        return answer

    def take(self) -> list[Payload]:
        taken, self.published = self.published, []
        return taken


class NobodyHeld:
    async def holder(self, user_id: str, now: datetime) -> Busy | None:
        return None

    async def claim(self, requests: list[tuple[str, str]], match_id: str, now: datetime) -> dict[str, Busy]:
        return {}

    async def release(self, user_ids: list[str], match_id: str) -> None: ...
    async def session_started(self, match_id: str, session_id: str, user_ids: Sequence[str]) -> None: ...
    async def session_ended(self, session_id: str, user_ids: Sequence[str]) -> None: ...
    async def forget(self, user_id: str) -> None: ...


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def requested(i: int, topic: str, difficulty: Difficulty = Difficulty.EASY) -> Envelope[MatchRequested]:
    payload = MatchRequested(
        request_id=f"r{i}", user_id=f"u{i}", difficulty=difficulty, topics=(topic,), language=Language.PYTHON
    )
    return Envelope.wrap(payload, producer="gateway")


async def test_a_status_round_publishes_one_figures_record_per_pool_and_no_push_per_waiting_user() -> None:
    bus, clock = Recorded(), Clock()
    service = MatchService(MatchSettings(status_every_s=3.0), bus, ProfileTable(), NobodyHeld(), clock=clock)
    await owning_every_pool(service)  # one instance: no word to other owners
    for i in range(40):  # nobody shares a topic: all of them wait
        await service.requested(requested(i, f"topic-{i}"), seq=i)
    await service.requested(requested(40, "topic-0", Difficulty.HARD), seq=40)
    await service.close()
    assert [type(p) for p in bus.take()] == [UserNotification] * 41  # each told once it is queued

    clock.now += 3.0
    await service.tick()
    figures = bus.take()
    assert all(isinstance(f, MatchFigures) for f in figures), figures
    by_pool = {f.difficulty: f for f in figures if isinstance(f, MatchFigures)}
    assert len(figures) == len(by_pool) == 3  # one per pool this instance owns, the empty one too (at first)
    assert by_pool[Difficulty.MEDIUM].live == 0
    easy = by_pool[Difficulty.EASY]
    assert easy.live == 40
    assert easy.figures_for(("topic-3",)) == (39, 0)
    assert easy.figures_for(()) == (39, 39)

    clock.now += 3.0
    await service.tick()
    assert bus.take() == []  # nothing changed: nothing published

    await service.requested(requested(41, "topic-3"), seq=41)  # pairs with u3
    bus.take()
    clock.now += 3.0
    await service.tick()
    [changed] = bus.take()
    assert isinstance(changed, MatchFigures)
    assert (changed.difficulty, changed.live) == (Difficulty.EASY, 41)  # in the ready-check, still live


async def owning_every_pool(service: MatchService) -> None:
    for difficulty in Difficulty:
        await service.restore(difficulty, Facts())
