"""A tab's state request (``match_state``) over the real gateway, match_svc and Kafka: a tab that was away while
its match was proposed learns of the ready-check; a reload learns of a live request; a user with nothing hears
"none" from every pool; asks made while no instance owned the pools are answered by the next owner."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from contracts import CATALOG, Envelope
from contracts.events.match import MatchRequested
from contracts.events.user import UserUpdated
from gateway.app import create_app as create_gateway
from gateway.settings import GatewaySettings
from match_svc.app import create_app as create_match
from match_svc.settings import MatchSettings
from peerprep_testing import DeadLetters, Servers, TokenMint, publish, raw_producer, running, serving
from peerprep_testing.matching import Seeker, until_rebuilt
from peerprep_testing.ws import tab
from svc_kit.kafka_topics import ensure_topics

DIFFICULTIES = {"easy", "medium", "hard"}


async def ask_state(seeker: Seeker, following: str | None = None) -> dict[str, dict[str, Any]]:
    """Send ``match_state``; the answers by difficulty (one from each pool's owner)."""
    ask_id = str(uuid.uuid4())
    await seeker.tab.send({"v": 1, "type": "match_state", "request_id": ask_id, "following": following})
    await seeker.until_message("ack", request_id=ask_id)
    answers: dict[str, dict[str, Any]] = {}
    while set(answers) != DIFFICULTIES:
        data = await seeker.until("match.state", request_id=None, ask_id=ask_id)
        answers[data["difficulty"]] = data
    return answers


@asynccontextmanager
async def services(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], **match: Any
) -> AsyncIterator[tuple[str, TokenMint]]:
    mint = TokenMint()
    await mint.publish_key(servers, prefix)
    for user_id, name in (("ada", "Ada Lovelace"), ("alan", "Alan Turing")):
        await publish(servers, prefix, Envelope.wrap(UserUpdated(user_id=user_id, display_name=name), producer="u"))
    async with (
        running(create_match(settings_for(MatchSettings, **match))),
        serving(create_gateway(settings_for(GatewaySettings))) as url,
    ):
        yield url, mint


async def test_a_tab_away_while_its_match_was_proposed_learns_of_the_ready_check_when_it_reconnects(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    async with (
        services(servers, prefix, settings_for, ready_check_s=60.0) as (url, mint),
        tab(url, mint.token("alan")) as alan_tab,
    ):
        alan = Seeker(alan_tab, "easy")
        async with tab(url, mint.token("ada")) as away:
            ada = Seeker(away, "easy")
            request_id = await ada.request(topics=("graphs",))
            await ada.until("match.queued")
        await alan.request()  # ada's socket is closed: the proposal pushed to her reaches no tab
        offer = await alan.until("match.proposed")

        async with tab(url, mint.token("ada")) as back:
            ada = Seeker(back, "easy")
            ada.request_id = request_id
            answers = await ask_state(ada, following=request_id)
            easy = answers["easy"]
            assert (easy["state"], easy["following"], easy["following_ended"]) == ("ready_check", request_id, False)
            assert easy["proposed"]["match_id"] == offer["match_id"]
            assert easy["proposed"]["partner_name"] == "Alan Turing"
            assert easy["proposed"]["deadline"] == offer["deadline"]
            assert easy["queued"]["request_id"] == request_id
            assert easy["queued"]["topics"] == ["graphs"]
            assert (easy["accepted"], easy["partner_accepted"]) == (False, False)
            assert answers["medium"]["state"] == answers["hard"]["state"] == "none"

            await alan.accept(offer["match_id"])
            assert (await ask_state(ada, following=request_id))["easy"]["partner_accepted"] is True
            await ada.accept(offer["match_id"])  # from the tab that reconnected: the match goes through
            assert (await ada.until("match.found"))["match_id"] == offer["match_id"]
            after = (await ask_state(ada, following=request_id))["easy"]
            assert (after["state"], after["following_ended"]) == ("none", True)


async def test_a_reloaded_tab_learns_of_its_live_request_and_a_user_with_nothing_hears_none(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    async with services(servers, prefix, settings_for) as (url, mint):
        async with tab(url, mint.token("ada")) as before_reload:
            ada = Seeker(before_reload, "medium")
            request_id = await ada.request(topics=("arrays", "dp"), language="java")
            queued = await ada.until("match.queued")
        async with tab(url, mint.token("ada")) as reloaded, tab(url, mint.token("grace")) as idle:
            answers = await ask_state(Seeker(reloaded))  # a fresh page: it follows nothing
            medium = answers["medium"]
            assert (medium["state"], medium["following"], medium["proposed"]) == ("waiting", None, None)
            assert medium["queued"] | {"waiting": 0} == queued | {"waiting": 0}
            assert {answers[d]["state"] for d in ("easy", "hard")} == {"none"}

            nothing = await ask_state(Seeker(idle), following=str(uuid.uuid4()))
            for answer in nothing.values():
                assert (answer["state"], answer["queued"], answer["following_ended"]) == ("none", None, False)
            assert request_id not in str(nothing)  # each user hears of their own requests only


async def test_asks_made_while_no_instance_owned_the_pools_are_answered_by_the_next_owner(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    await ensure_topics(servers.kafka_bootstrap, CATALOG, prefix=prefix)
    mint = TokenMint()
    await mint.publish_key(servers, prefix)
    settings = settings_for(MatchSettings)
    async with AsyncExitStack() as stack:
        dead = await stack.enter_async_context(DeadLetters(servers, prefix))
        url = await stack.enter_async_context(serving(create_gateway(settings_for(GatewaySettings))))
        ada = Seeker(await stack.enter_async_context(tab(url, mint.token("ada"))), "hard")
        first = create_match(settings)
        async with running(first):
            await until_rebuilt(first)
            request_id = await ada.request()
            await ada.until("match.queued")
        ask_id = str(uuid.uuid4())  # nobody owns the pools now: the ask waits in its topic
        await ada.tab.send({"v": 1, "type": "match_state", "request_id": ask_id, "following": request_id})
        await ada.until_message("ack", request_id=ask_id)

        second = create_match(settings)
        async with running(second):
            hard = await ada.until("match.state", request_id=None, ask_id=ask_id, difficulty="hard")
            assert (hard["state"], hard["queued"]["request_id"]) == ("waiting", request_id)
            async with raw_producer(servers) as producer:  # a fact where a query belongs: not this topic's event
                stray = Envelope.wrap(
                    MatchRequested(request_id="stray", user_id="eve", difficulty="hard", language="python"),
                    producer="x",
                )
                await producer.send_and_wait(f"{prefix}match.state_requested", stray.to_bytes(), key=b"hard")
            await dead.wait_for(1)
            again = create_match(settings)  # a rebalance: both catch up on the asks again
            async with running(again):
                await until_rebuilt(again)
                await until_rebuilt(second, times=2)
                assert (await ask_state(ada, following=request_id))["hard"]["state"] == "waiting"
        [letter] = await dead.drain()
        assert letter.value == stray.to_bytes(), "dead-lettered once, though the catch-ups read it again"
