"""EventBus against real Kafka and the MongoDB-wire server: dedupe, outages, dead letters, committed offsets."""

import asyncio
import json
from collections.abc import Callable
from typing import Any, ClassVar

from aiokafka import AIOKafkaConsumer
from fastapi import FastAPI
from pydantic_settings import SettingsConfigDict
from pymongo.errors import AutoReconnect

from contracts import DEAD_LETTER, REGISTRY, Envelope, PayloadRegistry
from contracts import headers as h
from contracts.events.question import QuestionAssigned
from peerprep_testing import Servers, publish, question_assigned, running
from svc_kit import EventBus, ServiceContext, ServiceSettings, build_app


class BusSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BUSTEST_", extra="ignore", frozen=True)
    SERVICE: ClassVar[str] = "bus_test"


def app_with(settings: BusSettings, handler: Callable[[Envelope[QuestionAssigned]], Any]) -> FastAPI:
    ctx = ServiceContext.build(settings)
    ctx.bus.subscribe(QuestionAssigned, handler, name="probe")
    return build_app(ctx, title="bus test", description="")


async def dead_letters(servers: Servers, prefix: str, count: int) -> list[Any]:
    consumer = AIOKafkaConsumer(
        f"{prefix}{DEAD_LETTER.name}", bootstrap_servers=servers.kafka_bootstrap, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        async with asyncio.timeout(30):
            return [await consumer.getone() for _ in range(count)]
    finally:
        await consumer.stop()


async def test_a_redelivered_event_reaches_the_handler_once(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    calls: list[str] = []

    async def handler(event: Envelope[QuestionAssigned]) -> None:
        calls.append(event.payload.session_id)

    event = question_assigned("s-1")
    app = app_with(settings_for(BusSettings), handler)
    async with running(app):
        await publish(servers, prefix, event)
        await publish(servers, prefix, event)  # the same event_id again, as a producer retry would send it
        await app.state.ctx.bus.wait_handled(2)
    assert calls == ["s-1"]


async def test_after_a_restart_only_new_records_are_read(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    calls: list[str] = []

    async def handler(event: Envelope[QuestionAssigned]) -> None:
        calls.append(event.payload.session_id)

    settings = settings_for(BusSettings)
    first = app_with(settings, handler)
    async with running(first):
        await publish(servers, prefix, question_assigned("s-1"))  # one key: one partition, so order is known
        await first.state.ctx.bus.wait_handled(1)
    second = app_with(settings, handler)
    async with running(second):
        await publish(
            servers, prefix, question_assigned("s-1").model_copy(update={"event_id": question_assigned("x").event_id})
        )
        await second.state.ctx.bus.wait_handled(1)
        handled_after_restart = second.state.ctx.bus.handled
    assert handled_after_restart == 1  # the first record's offset was committed: it was not read again
    assert calls == ["s-1", "s-1"]


async def test_an_outage_puts_the_record_back_instead_of_dead_lettering_it(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    attempts: list[int] = []

    async def flaky(event: Envelope[QuestionAssigned]) -> None:
        attempts.append(1)
        if len(attempts) <= 3:  # more failures than handler_retries allows: only an outage survives that
            raise AutoReconnect("mongo went away")

    app = app_with(settings_for(BusSettings, handler_retries=1), flaky)
    async with running(app):
        await publish(servers, prefix, question_assigned("s-1"))
        await app.state.ctx.bus.wait_handled(1)
    assert len(attempts) == 4


async def test_a_handler_that_keeps_failing_is_dead_lettered_and_the_next_record_is_handled(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    handled: list[str] = []

    async def picky(event: Envelope[QuestionAssigned]) -> None:
        if event.payload.session_id == "s-bad":
            raise ValueError("cannot handle this one")
        handled.append(event.payload.session_id)

    bad = question_assigned("s-bad")
    app = app_with(settings_for(BusSettings, handler_retries=1), picky)
    async with running(app):
        await publish(servers, prefix, bad)
        await publish(servers, prefix, question_assigned("s-good"))
        await app.state.ctx.bus.wait_handled(2)
    [record] = await dead_letters(servers, prefix, 1)
    headers = {k: v.decode() for k, v in record.headers}
    assert handled == ["s-good"]
    assert json.loads(record.value)["event_id"] == str(bad.event_id)
    assert headers[h.DEAD_LETTER_REASON] == "handler failed after retries"
    assert headers[h.DEAD_LETTER_CONSUMER] == f"{prefix}bus_test.probe"
    assert headers[h.CORRELATION_ID] == bad.correlation_id  # the original headers travel along


class QuestionAssignedV2(QuestionAssigned):
    """A later, incompatible version of the same event, as a producer migrating to it would publish."""

    VERSION: ClassVar[int] = 2


async def test_a_consumer_skips_versions_of_its_event_it_does_not_read(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    seen: list[int] = []

    async def handler(event: Envelope[QuestionAssigned]) -> None:
        seen.append(event.version)

    ctx = ServiceContext.build(settings_for(BusSettings))
    ctx.bus = EventBus(
        ctx.broker,
        producer="bus_test",
        topic_prefix=prefix,
        processed=ctx.processed,
        registry=PayloadRegistry([*REGISTRY, QuestionAssignedV2]),
    )
    ctx.bus.subscribe(QuestionAssigned, handler, name="probe")
    app = build_app(ctx, title="bus test", description="")
    v1 = question_assigned("s-1")
    v2 = Envelope.wrap(QuestionAssignedV2(**v1.payload.model_dump()), producer="question_svc")
    async with running(app):
        await publish(servers, prefix, v2)
        await publish(servers, prefix, v1)
        await app.state.ctx.bus.wait_handled(2)
    assert seen == [1]
