"""A match_svc instance killed with SIGKILL in the middle of matching loses nothing: the instance left takes its
partitions, rebuilds their pools from the match topics, and every request still ends exactly once.

Instance A is the launcher in a subprocess (so it can be killed); instance B runs in this process.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import Any

from contracts.events.match import MatchFound, MatchTimedOut, MatchWithdrawn
from gateway.app import create_app as create_gateway
from gateway.settings import GatewaySettings
from match_svc.app import create_app as create_match
from match_svc.settings import MatchSettings
from peerprep_testing import EventLog, Servers, TokenMint, free_ports, launch_peerprep, read_until, running, serving
from peerprep_testing.matching import Seeker
from peerprep_testing.ws import tab

READY_CHECK_S = 40  # longer than the time the group takes to notice the killed instance
DIFFICULTIES = ("easy", "medium", "hard")


async def accept_when_offered(seeker: Seeker, offers: dict[str, str]) -> str:
    match_id = offers.get(seeker.request_id) or (await seeker.until("match.proposed"))["match_id"]
    await seeker.accept(match_id)
    return str((await seeker.until("match.found"))["match_id"])


async def test_a_match_service_killed_mid_matching_loses_no_request_and_answers_none_twice(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    mint = TokenMint()
    await mint.publish_key(servers, prefix)
    (port_a,) = free_ports(1)
    env = servers.env(prefix) | {
        "PEERPREP_ENVIRONMENT": "test",
        "PEERPREP_LOG_LEVEL": "WARNING",
        "MATCH_HTTP_PORT": str(port_a),
        "MATCH_READY_CHECK_S": str(READY_CHECK_S),
    }
    outcomes = [EventLog(servers, prefix, t) for t in (MatchFound, MatchTimedOut, MatchWithdrawn)]
    with launch_peerprep("up", "--no-infra", "--no-web-build", "--services", "match_svc", env=env) as instance_a:
        await asyncio.to_thread(read_until, instance_a, "service(s) ready")
        async with AsyncExitStack() as stack:
            for log in outcomes:
                await stack.enter_async_context(log)
            b_settings = settings_for(MatchSettings, ready_check_s=READY_CHECK_S)
            await stack.enter_async_context(running(create_match(b_settings)))
            url = await stack.enter_async_context(serving(create_gateway(settings_for(GatewaySettings))))
            seekers = []
            for n in range(36):  # 18 pairs, 6 per difficulty, each pair with its own topic
                socket = await stack.enter_async_context(tab(url, mint.token(f"user-{n}")))
                seekers.append(Seeker(socket, DIFFICULTIES[(n // 2) % 3]))
            pairs = [(seekers[i], seekers[i + 1], f"topic-{i}") for i in range(0, 36, 2)]
            ready_checks_open, half_waiting, after_kill = pairs[:6], pairs[6:12], pairs[12:]

            offers: dict[str, str] = {}  # request id -> the match offered before the kill
            for first, second, topic in ready_checks_open:
                await first.request(topics=(topic,))
                await second.request(topics=(topic,))
                for seeker in (first, second):
                    offers[seeker.request_id] = (await seeker.until("match.proposed"))["match_id"]
            for first, _, topic in half_waiting:
                await first.request(topics=(topic,))
                await first.until("match.queued")

            instance_a.kill()  # SIGKILL: its pools (some waiting, some in ready-checks) are in no memory now
            instance_a.wait(10)

            for _, second, topic in half_waiting:
                await second.request(topics=(topic,))
            for first, second, topic in after_kill:
                await first.request(topics=(topic,))
                await second.request(topics=(topic,))
            matched = await asyncio.gather(*(accept_when_offered(s, offers) for s in seekers))
            ended = [e for log in outcomes for e in await log.drain()]

    assert Counter(matched) == dict.fromkeys(set(matched), 2)  # 18 matches, each of exactly one pair
    assert len(set(matched)) == 18
    request_ids = Counter(rid for e in ended for rid in _request_ids(e.payload))
    assert set(request_ids) == {s.request_id for s in seekers}
    assert set(request_ids.values()) == {1}, "every request ends exactly once"
    assert all(isinstance(e.payload, MatchFound) for e in ended)


def _request_ids(payload: Any) -> tuple[str, ...]:
    return tuple(payload.request_ids) if isinstance(payload, MatchFound) else (payload.request_id,)
