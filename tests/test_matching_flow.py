"""Matching end to end over the real gateway, match_svc and Kafka (and question_svc + collab_svc for the room).

The main case (two users match and enter a room; a user in a session is told to rejoin it) runs black-box: the
services launched as deployed (``peerprep_testing.stack``), in both shapes, driven through ``/ws`` only. The other
cases (time out and widen; cancel; miss a ready-check and the other keeps their place; two tabs of one user; pool
figures) test match_svc's pool rules behind the same gateway: they run the apps in-process, because launching them
again per case would only add start-up time (seconds per process on two cores) without covering more wiring.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from contracts import Envelope
from contracts.events.user import UserUpdated
from gateway.app import create_app as create_gateway
from gateway.settings import GatewaySettings
from match_svc.app import create_app as create_match
from match_svc.settings import MatchSettings
from peerprep_testing import REPO_ROOT, Servers, TokenMint, publish, running, serving
from peerprep_testing.matching import Seeker
from peerprep_testing.stack import Shape, both_shapes, launched_app
from peerprep_testing.ws import tab

SHORT: dict[str, Any] = {"timeout_s": 5, "ready_check_s": 2.0}


@asynccontextmanager
async def matching(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], **match: Any
) -> AsyncIterator[tuple[str, TokenMint]]:
    """The gateway and match_svc, in-process on the test servers."""
    mint = TokenMint()
    await mint.publish_key(servers, prefix)
    for user_id, name in (("ada", "Ada Lovelace"), ("alan", "Alan Turing")):  # as user_svc publishes profiles
        await publish(servers, prefix, Envelope.wrap(UserUpdated(user_id=user_id, display_name=name), producer="u"))
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(running(create_match(settings_for(MatchSettings, **match))))
        url = await stack.enter_async_context(serving(create_gateway(settings_for(GatewaySettings))))
        yield url, mint


@asynccontextmanager
async def students(
    servers: Servers,
    prefix: str,
    settings_for: Callable[..., Any],
    *names: str,
    difficulty: str = "easy",
    **match: Any,
) -> AsyncIterator[list[Seeker]]:
    """One tab each for ``names`` (user ids), over the services ``matching`` runs."""
    async with matching(servers, prefix, settings_for, **match) as (url, mint), AsyncExitStack() as tabs:
        yield [Seeker(await tabs.enter_async_context(tab(url, mint.token(name))), difficulty) for name in names]


@pytest.fixture
def small_bank(tmp_path: Path) -> Path:
    for slug in ("binary-search", "two-sum", "number-of-islands"):
        shutil.copy(REPO_ROOT / "question_svc" / "bank" / f"{slug}.yaml", tmp_path / f"{slug}.yaml")
    return tmp_path


async def pair(first: Seeker, second: Seeker) -> str:
    """Both accept the partner they were offered; the match id."""
    offer = await first.until("match.proposed")
    assert (await second.until("match.proposed"))["match_id"] == offer["match_id"]
    await first.accept(offer["match_id"])
    await second.accept(offer["match_id"])
    assert (await first.until("match.found"))["match_id"] == offer["match_id"]
    assert (await second.until("match.found"))["match_id"] == offer["match_id"]
    return str(offer["match_id"])


@both_shapes
async def test_two_students_asking_for_the_same_thing_are_matched_and_enter_the_same_room(
    servers: Servers, prefix: str, small_bank: Path, shape: Shape
) -> None:
    for user_id, name in (("ada", "Ada Lovelace"), ("alan", "Alan Turing")):  # as user_svc publishes profiles
        await publish(servers, prefix, Envelope.wrap(UserUpdated(user_id=user_id, display_name=name), producer="u"))
    services = ["question_svc", "collab_svc", "match_svc"]
    async with (
        launched_app(servers, prefix, shape, services, env={"QUESTION_BANK_DIR": str(small_bank)}) as app,
        tab(app.url, app.mint.token("ada")) as ada_tab,
        tab(app.url, app.mint.token("alan")) as alan_tab,
    ):
        ada, alan = Seeker(ada_tab, "medium"), Seeker(alan_tab, "medium")
        await ada.request(topics=("arrays", "graphs"))
        queued = await ada.until("match.queued")
        assert queued["topics"] == ["arrays", "graphs"]
        assert 59 <= (datetime.fromisoformat(queued["deadline"]) - datetime.now().astimezone()).total_seconds() <= 61
        await alan.request(topics=("graphs",))
        offer = await ada.until("match.proposed")
        alan_offer = await alan.until("match.proposed")
        assert alan_offer["match_id"] == offer["match_id"]
        assert (offer["partner_name"], alan_offer["partner_name"]) == ("Alan Turing", "Ada Lovelace")
        await ada.accept(offer["match_id"])
        await alan.until("match.partner_accepted", match_id=offer["match_id"])
        await alan.accept(offer["match_id"])
        await ada.until("match.found", match_id=offer["match_id"])
        await alan.until("match.found", match_id=offer["match_id"])

        room = await ada.until("session.started", match_id=offer["match_id"])
        assert (await alan.until("session.started"))["session_id"] == room["session_id"]
        assert room["slug"] == "number-of-islands"  # the one medium question of this bank

        await ada.request(topics=("arrays",))  # already in a session: told to rejoin it, not queued
        refused = await ada.until("match.withdrawn")
        assert refused == {"request_id": ada.request_id, "reason": "in_session", "session_id": room["session_id"]}


async def test_nobody_in_time_is_a_timeout_and_widening_to_any_topic_finds_the_partner(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    async with students(servers, prefix, settings_for, "ada", "alan", **SHORT) as (ada, alan):
        await ada.request(topics=("arrays",))
        assert (await ada.until("match.timed_out"))["reason"] == "no_partner"

        await alan.request(topics=("graphs",))
        await alan.until("match.queued")
        await ada.request(topics=("arrays",))  # try again: alan waits, but for another topic
        waiting = await ada.until("match.queued")
        assert (waiting["waiting"], waiting["same_topics"]) == (1, 0)
        first_try = ada.request_id
        await ada.request(topics=())  # widened to any topic, by the user's choice: replaces the try
        assert ada.seen[-1]["type"] == "ack"
        assert await pair(ada, alan)
        replaced = [m["data"] for m in ada.seen if m["type"] == "notify" and m["kind"] == "match.withdrawn"]
        assert replaced == [{"request_id": first_try, "reason": "replaced", "session_id": None}]


async def test_a_cancelled_request_leaves_the_pool_and_is_never_matched(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    async with students(servers, prefix, settings_for, "ada", "alan", **SHORT) as (ada, alan):
        await ada.request()
        await ada.until("match.queued")
        await ada.cancel()
        assert (await ada.until("match.withdrawn"))["reason"] == "cancelled"
        await alan.request()
        assert (await alan.until("match.queued"))["waiting"] == 0
        assert (await alan.until("match.timed_out"))["reason"] == "no_partner"
        assert "match.proposed" not in ada.kinds() + alan.kinds()


async def test_a_no_show_misses_the_match_and_the_other_goes_back_keeping_their_place(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    async with students(
        servers, prefix, settings_for, "ada", "alan", "grace", "linus", timeout_s=20, ready_check_s=2.0
    ) as (ada, alan, grace, linus):
        await ada.request()
        first_deadline = datetime.fromisoformat((await ada.until("match.queued"))["deadline"])
        await alan.request()
        offer = await ada.until("match.proposed")
        await ada.accept(offer["match_id"])  # alan never answers

        assert (await alan.until("match.timed_out"))["reason"] == "missed_ready_check"
        back = await ada.until("match.queued")
        assert back["requeued"] == "partner_missed"
        assert (datetime.fromisoformat(back["deadline"]) - first_deadline).total_seconds() == pytest.approx(2.0)

        await grace.request()  # grace came later than ada: they pair, and the newest (linus) waits
        assert await pair(ada, grace)
        await linus.request()
        assert (await linus.until("match.queued"))["waiting"] == 0


async def test_a_users_newer_request_from_another_tab_replaces_the_older_one(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    async with (
        matching(servers, prefix, settings_for, **SHORT) as (url, mint),
        tab(url, mint.token("ada")) as first_tab,
        tab(url, mint.token("ada")) as second_tab,
        tab(url, mint.token("alan")) as alan_tab,
    ):
        first, second, alan = Seeker(first_tab, "easy"), Seeker(second_tab, "medium"), Seeker(alan_tab, "easy")
        await first.request()
        await first.until("match.queued")
        await second.request()  # another difficulty: another pool, maybe another owner
        await second.until("match.queued")
        assert (await first.until("match.withdrawn"))["reason"] == "replaced"
        await alan.request()  # ada's easy request is gone: alan waits alone
        assert (await alan.until("match.queued"))["waiting"] == 0
        easy_request = alan.request_id
        await alan.request(difficulty="medium")  # alan switches to medium: paired with ada's live request
        offer = await alan.until("match.proposed")
        assert (await second.until("match.proposed"))["match_id"] == offer["match_id"]
        assert (await alan.until("match.withdrawn", request_id=easy_request))["reason"] == "replaced"
        assert "match.proposed" not in first.kinds()


async def test_a_waiting_user_sees_the_pool_grow_from_the_pools_figures_round(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    """match_svc publishes one match.figures per pool and round; the gateway refreshes each waiting tab's own."""
    async with students(servers, prefix, settings_for, "ada", "alan", "grace", status_every_s=0.2) as tabs:
        ada, alan, grace = tabs
        await ada.request(topics=("arrays",))
        assert (await ada.until("match.queued"))["waiting"] == 0
        await alan.request(topics=("graphs",))
        await alan.until("match.queued")
        await grace.request(topics=("arrays", "trees"), difficulty="medium")  # another pool: not counted
        await grace.until("match.queued")
        refreshed = await ada.until("match.queued")
        assert (refreshed["request_id"], refreshed["waiting"], refreshed["same_topics"]) == (ada.request_id, 1, 0)
        assert refreshed["topics"] == ["arrays"]
