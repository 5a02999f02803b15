"""Kafka away while requests wait: match_svc fails to publish their outcomes and to rebuild, tries the rebuild again
until Kafka answers, and then every acknowledged request still ends exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import Any

from contracts import Difficulty
from contracts.events.match import MatchFound, MatchTimedOut, MatchWithdrawn
from contracts.events.notify import UserNotification
from match_svc.app import create_app as create_match
from match_svc.settings import MatchSettings
from peerprep.native import Infra
from peerprep_testing import EventLog, Servers, publish, running
from peerprep_testing.matching import KAFKA_WAIT_S, kafka_request, until_queued, until_rebuilt


async def until(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(KAFKA_WAIT_S):
        while not condition():
            await asyncio.sleep(0.05)


async def test_requests_waiting_through_a_kafka_outage_each_end_once_after_the_pools_are_rebuilt(
    own_kafka: Infra, servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    kafka = Servers(own_kafka.kafka_bootstrap, servers.mongodb_url)
    settings = settings_for(MatchSettings, kafka_bootstrap=kafka.kafka_bootstrap, kafka_timeout_s=3.0)
    requests = [kafka_request("ada", 5), kafka_request("alan", 5, Difficulty.HARD)]  # no partner for either
    app = create_match(settings)
    async with AsyncExitStack() as stack:
        notices = await stack.enter_async_context(EventLog(kafka, prefix, UserNotification))
        outcomes = [
            await stack.enter_async_context(EventLog(kafka, prefix, t))
            for t in (MatchFound, MatchTimedOut, MatchWithdrawn)
        ]
        await stack.enter_async_context(running(app))
        owner = app.state.pools
        await until_rebuilt(app)
        for waiting in requests:  # acknowledged by Kafka, then waiting in the pool
            await publish(kafka, prefix, waiting)  # type: ignore[arg-type]
            await until_queued(notices, waiting.payload.request_id)
        rebuilt = owner.rebuilds

        await asyncio.to_thread(own_kafka.stop_kafka)
        # Their deadlines pass: the timeouts cannot be published, and the rebuild tried after that fails too.
        await until(lambda: owner.failures >= 2)
        await asyncio.to_thread(own_kafka.start_kafka)

        await until(lambda: owner.rebuilds > rebuilt)
        await outcomes[1].wait_for(2, timeout_s=KAFKA_WAIT_S)
        ended: Any = [e for log in outcomes for e in await log.drain(quiet_s=2.0)]

    ids = Counter(e.payload.request_id for e in ended)
    assert ids == {r.payload.request_id: 1 for r in requests}, "each request ends exactly once"
    assert all(isinstance(e.payload, MatchTimedOut) for e in ended)
