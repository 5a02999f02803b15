"""Kafka killed (SIGKILL) in the middle of matching: requests arriving, ready-checks open, accepts on their way.
After Kafka is back, every acknowledged request ends exactly once and nobody is matched twice."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from contextlib import AsyncExitStack, suppress
from typing import Any

from aiokafka.errors import KafkaError

from contracts import Envelope
from contracts.events.match import MatchAccepted, MatchFound, MatchTimedOut, MatchWithdrawn
from contracts.events.notify import UserNotification
from match_svc.app import create_app as create_match
from match_svc.settings import MatchSettings
from peerprep.native import Infra
from peerprep_testing import EventLog, Servers, publish, running
from peerprep_testing.matching import KAFKA_WAIT_S, kafka_request, until_rebuilt

USERS = 24  # 12 pairs: half asked before the crash, half after
END_S = 90.0  # every request's outcome within this long after the last one was asked


async def published(servers: Servers, prefix: str, envelope: Envelope[Any]) -> None:
    """As a tab's gateway does: the publish is acknowledged, or it is tried again (Kafka is away for a while)."""
    async with asyncio.timeout(KAFKA_WAIT_S):
        while True:
            try:
                await publish(servers, prefix, envelope)
                return
            except (KafkaError, OSError, TimeoutError):
                await asyncio.sleep(0.5)


async def accept_every_ready_check(servers: Servers, prefix: str, notices: EventLog) -> None:
    """Each user accepts the ready-check the moment it is pushed to them."""
    done = 0
    while True:
        seen = await notices.wait_for(done + 1, timeout_s=3600)
        for envelope in seen[done:]:
            notice: Any = envelope.payload
            if notice.kind == "match.proposed":
                accepted = MatchAccepted(
                    match_id=notice.data["match_id"],
                    request_id=notice.data["request_id"],
                    user_id=notice.user_id,
                    difficulty=notice.data["difficulty"],
                )
                await published(servers, prefix, Envelope.wrap(accepted, producer="gateway"))
        done = len(seen)


async def test_kafka_killed_mid_matching_every_request_still_ends_exactly_once(
    own_kafka: Infra, servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    kafka = Servers(own_kafka.kafka_bootstrap, servers.mongodb_url)
    settings = settings_for(
        MatchSettings, kafka_bootstrap=kafka.kafka_bootstrap, kafka_timeout_s=3.0, ready_check_s=10.0
    )
    requests = [kafka_request(f"user{i}", 30) for i in range(USERS)]
    app = create_match(settings)
    async with AsyncExitStack() as stack:
        notices = await stack.enter_async_context(EventLog(kafka, prefix, UserNotification))
        found = await stack.enter_async_context(EventLog(kafka, prefix, MatchFound))
        others = [await stack.enter_async_context(EventLog(kafka, prefix, t)) for t in (MatchTimedOut, MatchWithdrawn)]
        await stack.enter_async_context(running(app))
        await until_rebuilt(app)
        accepter = asyncio.create_task(accept_every_ready_check(kafka, prefix, notices))
        try:
            for waiting in requests[: USERS // 2]:
                await published(kafka, prefix, waiting)
            await found.wait_for(2, timeout_s=KAFKA_WAIT_S)  # matching is under way: some found, some not yet

            await asyncio.to_thread(own_kafka.kill_kafka)
            await asyncio.to_thread(own_kafka.start_kafka)
            for waiting in requests[USERS // 2 :]:
                await published(kafka, prefix, waiting)

            async with asyncio.timeout(END_S):
                while _ended(found, others) < USERS:
                    await asyncio.gather(found.drain(quiet_s=0.5), *(log.drain(quiet_s=0.5) for log in others))
        finally:
            accepter.cancel()
            with suppress(asyncio.CancelledError):
                await accepter
        ended: Any = [e for log in (found, *others) for e in await log.drain(quiet_s=2.0)]

    outcomes = Counter(r for e in ended for r in _request_ids(e.payload))
    assert outcomes == {r.payload.request_id: 1 for r in requests}, "each request ends exactly once"
    matched = Counter(u for e in ended if isinstance(e.payload, MatchFound) for u in e.payload.user_ids)
    assert all(n == 1 for n in matched.values()), "nobody is matched twice"
    assert len(matched) >= 4, "matching went on: pairs found before and after the crash"


def _ended(found: EventLog, others: list[EventLog]) -> int:
    return sum(len(_request_ids(e.payload)) for log in (found, *others) for e in log.seen)


def _request_ids(payload: Any) -> tuple[str, ...]:
    return tuple(payload.request_ids) if isinstance(payload, MatchFound) else (payload.request_id,)
