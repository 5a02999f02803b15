"""The pool loop does not wait for Kafka after each decision: it queues them and waits once per batch (``flush``),
and a refusal raises there. Kafka is a stand-in whose answers come only when the test says."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

import pytest
from test_status_round import Clock, NobodyHeld, owning_every_pool, requested

from contracts import Payload
from match_svc.domain import ProfileTable
from match_svc.service import MatchService
from match_svc.settings import MatchSettings


class Held:
    """Takes every record at once; Kafka's answers wait until ``answer``."""

    def __init__(self) -> None:
        self.answers: list[asyncio.Future[object]] = []

    async def publish_unconfirmed(self, payload: Payload, *, correlation_id: str | None = None) -> Awaitable[object]:
        self.answers.append(asyncio.get_running_loop().create_future())
        return self.answers[-1]

    def answer(self, error: Exception | None = None) -> None:
        for future in self.answers:
            if error is None:
                future.set_result(None)
            else:
                future.set_exception(error)


async def test_decisions_are_queued_without_waiting_and_acknowledged_together() -> None:
    bus = Held()
    service = MatchService(MatchSettings(), bus, ProfileTable(), NobodyHeld(), clock=Clock())
    await owning_every_pool(service)  # one instance: no word to other owners
    async with asyncio.timeout(5):  # not waiting for any answer: Kafka has given none
        for i in range(3):
            await service.requested(requested(i, f"topic-{i}"), seq=i)
        await service.requested(requested(3, "topic-0"), seq=3)  # a pair: its event and two pushes
    assert len(bus.answers) == 6
    flushed = asyncio.create_task(service.flush())
    await asyncio.sleep(0.05)
    assert not flushed.done()  # the batch waits for Kafka's answers, all of them
    bus.answer()
    await asyncio.wait_for(flushed, 5)
    await service.close()


async def test_a_refused_record_fails_the_flush() -> None:
    bus = Held()
    service = MatchService(MatchSettings(), bus, ProfileTable(), NobodyHeld(), clock=Clock())
    await owning_every_pool(service)  # one instance: no word to other owners
    await service.requested(requested(0, "arrays"), seq=0)
    bus.answer(ConnectionError("Kafka refused it"))
    with pytest.raises(ConnectionError):
        await service.flush()
    await service.flush()  # nothing left over: the owner rebuilds from the log
    await service.close()


async def test_a_ready_check_is_judged_at_the_time_the_inputs_are_read_up_to_not_at_the_clock() -> None:
    """A backlog: the accepts of a ready-check were sent in time but are not read yet. The check is not missed
    while the loop has read only up to before its deadline; it is once the inputs read are past it."""
    bus, clock = Held(), Clock()
    settings = MatchSettings(ready_check_s=15.0, status_every_s=1e9)  # no figures rounds here
    service = MatchService(settings, bus, ProfileTable(), NobodyHeld(), clock=clock)
    await owning_every_pool(service)  # one instance: no word to other owners
    await service.requested(requested(0, "arrays"), seq=0)
    await service.requested(requested(1, "arrays"), seq=1)  # proposed (an event, two pushes): 15 s to accept
    bus.answer()
    await service.flush()
    proposed_at = clock.now
    clock.now += 20.0
    await service.tick(read_up_to=proposed_at + 10.0)  # the inputs read so far were sent 10 s after it
    assert len(bus.answers) == 4  # nothing decided since the proposal: no timeout published
    await service.tick(read_up_to=proposed_at + 15.5)
    assert len(bus.answers) == 4 + 2 * 2  # both missed it: each a match.timed_out and its push
    await service.close()
