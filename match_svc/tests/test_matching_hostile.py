"""Records that are not their topic's event (unreadable, or a valid envelope of another type) on a match topic:
match_svc skips them, live and in every rebuild, dead-letters each once, and loses no request for them."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import Any

from contracts import CATALOG, Envelope
from contracts import headers as h
from contracts.events.match import MatchTimedOut
from contracts.events.notify import UserNotification
from match_svc.app import create_app as create_match
from match_svc.settings import MatchSettings
from peerprep_testing import DeadLetters, EventLog, Servers, publish, raw_producer, running
from peerprep_testing.matching import KAFKA_WAIT_S, kafka_request, until_queued, until_rebuilt
from svc_kit.kafka_topics import ensure_topics


async def test_records_of_another_type_or_unreadable_are_dead_lettered_once_and_lose_no_request(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    await ensure_topics(servers.kafka_bootstrap, CATALOG, prefix=prefix)
    stranger = Envelope.wrap(
        UserNotification(notification_id="n-1", user_id="ada", kind="match.found"), producer="collab_svc"
    )
    waiting = kafka_request("ada", timeout_s=15)
    settings = settings_for(MatchSettings)
    async with AsyncExitStack() as stack:
        dead = await stack.enter_async_context(DeadLetters(servers, prefix))
        notices = await stack.enter_async_context(EventLog(servers, prefix, UserNotification))
        outcomes = await stack.enter_async_context(EventLog(servers, prefix, MatchTimedOut))

        first = create_match(settings)
        async with running(first):
            await until_rebuilt(first)
            async with raw_producer(servers) as producer:  # into easy's partition, before the waiting request
                for value in (stranger.to_bytes(), b"{not an event"):
                    await producer.send_and_wait(f"{prefix}match.requested", value, key=b"easy")
            await publish(servers, prefix, waiting)  # type: ignore[arg-type]
            await until_queued(notices, waiting.payload.request_id)
            letters = await dead.wait_for(2)

        restarted = create_match(settings)  # reads the bad records again in its rebuild
        async with running(restarted):
            await until_rebuilt(restarted)
            joined = create_match(settings)  # another instance joining: both rebuild again
            async with running(joined):
                await until_rebuilt(joined)
                ended: Any = (await outcomes.wait_for(1, timeout_s=KAFKA_WAIT_S))[0].payload
                assert ended.request_id == waiting.payload.request_id
                assert len(await outcomes.drain()) == 1
        assert len(await dead.drain()) == 2, "each bad record is dead-lettered once, not again by each rebuild"

    by_value = {r.value: {k: v.decode() for k, v in r.headers} for r in letters}
    assert set(by_value) == {stranger.to_bytes(), b"{not an event"}
    for headers in by_value.values():
        assert headers[h.DEAD_LETTER_CONSUMER] == f"{prefix}match_svc.pools"
        assert headers[h.DEAD_LETTER_SOURCE].startswith(f"{prefix}match.requested/")
        assert headers[h.DEAD_LETTER_REASON].startswith("malformed: ")
    assert "user.notify v1 on a match.requested topic" in by_value[stranger.to_bytes()][h.DEAD_LETTER_REASON]
