"""The outbox under faults: a sign-up while Kafka is away answers at once and its events follow once Kafka is
back; a write whose process stopped before its events were relayed has them published at the next start, and an
event prepared for a write that never happened is dropped."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from typing import Any

import httpx
from accounts_helpers import signup, user_settings

from contracts.events.user import UserRegistered, UserUpdated
from peerprep.native import Infra
from peerprep_testing import EventLog, Servers, running
from peerprep_testing.matching import KAFKA_WAIT_S
from user_svc.app import create_app
from user_svc.domain import open_account, validate_signup
from user_svc.repo import UserRepo


async def backlog(client: httpx.AsyncClient) -> int:
    figures: dict[str, int] = (await client.get("/readyz")).json()["figures"]
    return figures["outbox_backlog"]


async def until_relayed(client: httpx.AsyncClient) -> None:
    """Until /readyz shows no event waiting in the outbox."""
    async with asyncio.timeout(KAFKA_WAIT_S):
        while await backlog(client):
            await asyncio.sleep(0.05)


async def test_a_sign_up_while_kafka_is_away_answers_201_and_its_events_follow_once(
    own_kafka: Infra, servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    kafka = Servers(own_kafka.kafka_bootstrap, servers.mongodb_url)
    settings = user_settings(settings_for, kafka_bootstrap=kafka.kafka_bootstrap, kafka_timeout_s=3.0)
    async with AsyncExitStack() as stack:
        registered = await stack.enter_async_context(EventLog(kafka, prefix, UserRegistered))
        updated = await stack.enter_async_context(EventLog(kafka, prefix, UserUpdated))
        client = await stack.enter_async_context(running(create_app(settings)))
        assert await backlog(client) == 0

        await asyncio.to_thread(own_kafka.stop_kafka)
        user_id = (await signup(client, "grace"))["user"]["id"]  # 201: the account exists, its events wait
        down = await client.get("/readyz")
        assert down.status_code == 503
        assert down.json()["figures"] == {"outbox_backlog": 2}
        await asyncio.to_thread(own_kafka.start_kafka)

        await until_relayed(client)
        ours = [e for e in await registered.drain(quiet_s=2.0) if e.payload.user_id == user_id]  # type: ignore[attr-defined]
        profiles = [e for e in await updated.drain(quiet_s=1.0) if e.payload.user_id == user_id]  # type: ignore[attr-defined]
    assert len({e.event_id for e in ours}) == 1, "user.registered once (by event id)"
    assert len({e.event_id for e in profiles}) == 1, "user.updated once (by event id)"
    assert profiles[0].payload.display_name == "grace"  # type: ignore[attr-defined]


async def test_events_a_stopped_process_left_are_published_at_the_next_start_and_a_write_that_never_happened_none(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    first = create_app(user_settings(settings_for))  # its relay never decides others' events: 60 s of grace
    async with EventLog(servers, prefix, UserRegistered) as log:
        async with running(first):
            outbox = first.state.ctx.outbox
            users = UserRepo(outbox)
            # Stopped after the write and before its events were relayed (prepared and stored, never committed):
            stored = open_account(
                validate_signup("lin@example.com", "lin", "correct horse battery", None),
                user_id="u-stored",
                password_hash="x",
                now=datetime.now(UTC),
            )
            write = await outbox.prepare([_registered("u-stored")], users.outbox_check("u-stored"))
            assert await users.add(stored, write=write)
            # Stopped before the write (prepared only): the account never existed.
            await outbox.prepare([_registered("u-never")], users.outbox_check("u-never"))
        assert first.state.ctx.outbox.published == 0

        second = create_app(user_settings(settings_for, outbox_grace_s=0.5, outbox_sweep_s=0.2))
        async with running(second) as client:
            await until_relayed(client)
            relay = second.state.ctx.outbox
            assert (relay.published, relay.dropped) == (1, 1)
        seen = await log.drain(quiet_s=1.0)
    assert [e.payload.user_id for e in seen] == ["u-stored"]  # type: ignore[attr-defined]


def _registered(user_id: str) -> UserRegistered:
    return UserRegistered(user_id=user_id, display_name=user_id, language="python", proficiency=None)
