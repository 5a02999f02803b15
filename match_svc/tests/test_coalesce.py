"""The coalescing lane on its own: callers queued behind a call go in the next one, each gets its own answer."""

from __future__ import annotations

import asyncio

import pytest

from match_svc.coalesce import Coalescing


class Doubler:
    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.release = asyncio.Event()

    async def __call__(self, items: list[int]) -> list[int]:
        self.batches.append(items)
        await self.release.wait()
        if 13 in items:
            raise LookupError("unlucky batch")
        return [2 * i for i in items]


async def test_callers_queued_behind_a_call_go_together_in_order() -> None:
    call = Doubler()
    lane = Coalescing(call)
    first = asyncio.create_task(lane.submit(1))
    await asyncio.sleep(0)  # the first call is in progress
    queued = [asyncio.create_task(lane.submit(i)) for i in (2, 3, 4)]
    call.release.set()
    assert await first == 2
    assert [await q for q in queued] == [4, 6, 8]
    assert call.batches == [[1], [2, 3, 4]]


async def test_a_failed_batch_fails_each_of_its_callers_and_not_the_next() -> None:
    call = Doubler()
    lane = Coalescing(call)
    first = asyncio.create_task(lane.submit(1))
    await asyncio.sleep(0)
    together = [asyncio.create_task(lane.submit(i)) for i in (12, 13)]
    call.release.set()
    assert await first == 2
    for task in together:
        with pytest.raises(LookupError):
            await task
    assert await lane.submit(5) == 10


async def test_a_shared_lock_keeps_other_writes_apart() -> None:
    call = Doubler()
    lock = asyncio.Lock()
    lane = Coalescing(call, lock)
    async with lock:  # another write holds the lane
        waiting = asyncio.create_task(lane.submit(7))
        await asyncio.sleep(0)
        assert call.batches == []
    call.release.set()
    assert await waiting == 14
