"""A malformed record never stops a consumer; readiness follows Kafka going away and coming back."""

import asyncio
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer

from collab_svc.app import create_app as collab_app
from collab_svc.settings import CollabSettings
from contracts import DEAD_LETTER
from contracts import headers as h
from contracts.events.session import SessionStarted
from peerprep.native import Infra
from peerprep_testing import EventLog, Servers, publish, question_assigned, running
from user_svc.app import create_app as user_app
from user_svc.settings import UserSettings

HOSTILE = {
    "not-json": b"{definitely not an event",
    # json.loads raises ValueError and RecursionError for these: once classed as an outage and retried forever
    "huge-int": b'{"type": "question.assigned", "version": ' + b"9" * 5000 + b"}",
    "deep-array": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("bad", HOSTILE.values(), ids=HOSTILE.keys())
async def test_a_malformed_record_is_dead_lettered_and_the_consumer_goes_on(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], bad: bytes
) -> None:
    good = question_assigned()
    app = collab_app(settings_for(CollabSettings))
    async with running(app), EventLog(servers, prefix, SessionStarted) as started:
        await publish(servers, prefix, bad, topic="question.assigned")
        await publish(servers, prefix, good)
        await app.state.ctx.bus.wait_handled(2)
        [opened] = await started.wait_for(1)
    assert opened.payload.session_id == good.payload.session_id

    dead = AIOKafkaConsumer(
        f"{prefix}{DEAD_LETTER.name}", bootstrap_servers=servers.kafka_bootstrap, auto_offset_reset="earliest"
    )
    await dead.start()
    try:
        record = await asyncio.wait_for(dead.getone(), 30)
    finally:
        await dead.stop()
    headers = {k: v.decode() for k, v in record.headers}
    assert record.value == bad
    assert headers[h.DEAD_LETTER_REASON].startswith("malformed: not JSON")
    assert re.fullmatch(rf"{re.escape(prefix)}question\.assigned/\d+/0", headers[h.DEAD_LETTER_SOURCE])
    assert headers[h.DEAD_LETTER_CONSUMER] == f"{prefix}collab_svc.open_session"


async def _readiness(client: httpx.AsyncClient, want: int) -> dict[str, Any]:
    """Poll /readyz until it answers ``want`` (readiness is polled, as an orchestrator does)."""
    for _ in range(300):
        response = await client.get("/readyz")
        if response.status_code == want:
            body: dict[str, Any] = response.json()
            return body
        await asyncio.sleep(0.1)
    raise AssertionError(f"/readyz never answered {want}: {response.status_code} {response.text}")


async def test_readyz_fails_while_kafka_is_stopped_and_recovers_when_it_is_back(
    own_kafka: Infra, settings_for: Callable[..., Any]
) -> None:
    settings = settings_for(UserSettings, kafka_bootstrap=own_kafka.kafka_bootstrap)
    async with running(user_app(settings)) as client:
        assert (await _readiness(client, 200))["checks"] == {"kafka": "ok", "mongodb": "ok"}
        await asyncio.to_thread(own_kafka.stop_kafka)
        down = await _readiness(client, 503)
        assert down["checks"] == {"kafka": "down", "mongodb": "ok"}
        assert down["status"] == "not_ready"
        await asyncio.to_thread(own_kafka.start_kafka)
        assert (await _readiness(client, 200))["status"] == "ready"
