"""PoolOwner and state requests (queries): answered after the facts of the same batch, and owning nothing by
themselves (Kafka and the pools are stand-ins; tests/test_matching_state.py is the same over a real Kafka)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from aiokafka import TopicPartition

from match_svc.pools import PoolOwner
from match_svc.settings import MatchSettings

PREFIX = MatchSettings().topic_prefix


class FakeService:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()

    async def tick(self, *, read_up_to: float | None = None) -> None:
        return None

    async def flush(self) -> None: ...


def record(name: str) -> SimpleNamespace:
    return SimpleNamespace(name=name, timestamp=0)


class OneBatch:
    """One batch with the query topic first (a dict's order is the fetch's), then nothing."""

    def __init__(self) -> None:
        self.calls = 0

    async def getmany(self, **_: Any) -> dict[Any, list[Any]]:
        self.calls += 1
        if self.calls > 1:
            await asyncio.sleep(3600)
        return {
            TopicPartition(f"{PREFIX}match.state_requested", 0): [record("ask")],
            TopicPartition(f"{PREFIX}match.requested", 0): [record("request")],
            TopicPartition(f"{PREFIX}match.accepted", 0): [record("accept")],
        }


async def test_a_state_request_is_answered_after_the_facts_fetched_with_it() -> None:
    owner = PoolOwner(MatchSettings(), FakeService(), bus=None)  # type: ignore[arg-type]
    owner._consumer = OneBatch()  # type: ignore[assignment]
    owner._owned = {0}
    handled: list[str] = []
    done = asyncio.Event()

    async def dispatch(record: Any) -> None:
        handled.append(record.name)
        if len(handled) == 3:
            done.set()

    owner._dispatch = dispatch  # type: ignore[method-assign]
    task = asyncio.create_task(owner._run())
    try:
        await asyncio.wait_for(done.wait(), 5)
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert handled == ["request", "accept", "ask"]


def test_only_the_fact_topics_partitions_make_an_instance_own_pools() -> None:
    owner = PoolOwner(MatchSettings(), FakeService(), bus=None)  # type: ignore[arg-type]
    assigned = {
        TopicPartition(f"{PREFIX}match.state_requested", 2),  # a rolling upgrade: the query topic alone
        TopicPartition(f"{PREFIX}match.requested", 1),
        TopicPartition(f"{PREFIX}match.cancelled", 1),
    }
    assert owner.pools_of(assigned) == {1}
