"""A malformed record never stops a consumer: it is dead-lettered, with its source, and the next one is handled."""

import asyncio
import re
from collections.abc import Callable
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer

from collab_svc.app import create_app as collab_app
from collab_svc.settings import CollabSettings
from contracts import DEAD_LETTER
from contracts import headers as h
from contracts.events.session import SessionStarted
from peerprep_testing import EventLog, Servers, publish, question_assigned, running

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
