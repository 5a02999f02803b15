"""Broadcast subscriptions against real Kafka: every instance reads every new record, once, and bad ones are set
aside; and the bounded memory of recent ids they dedupe with."""

import asyncio
from collections.abc import Callable
from typing import Any, ClassVar

from aiokafka import AIOKafkaConsumer
from fastapi import FastAPI
from pydantic_settings import SettingsConfigDict

from contracts import DEAD_LETTER, Envelope
from contracts import headers as h
from contracts.events.notify import UserNotification
from peerprep_testing import Servers, publish, running
from svc_kit import ServiceContext, ServiceSettings, build_app
from svc_kit.recent import RecentIds


class CastSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CASTTEST_", extra="ignore", frozen=True)
    SERVICE: ClassVar[str] = "cast_test"


def note(n: int, user_id: str = "ada") -> Envelope[UserNotification]:
    payload = UserNotification(notification_id=f"n{n}", user_id=user_id, kind="test", data={"n": n})
    return Envelope.wrap(payload, producer="test_svc")


def instance(settings: CastSettings, seen: list[int]) -> FastAPI:
    ctx = ServiceContext.build(settings)

    async def on_note(event: Envelope[UserNotification]) -> None:
        if event.payload.data["n"] == 13:
            raise RuntimeError("unlucky")
        seen.append(event.payload.data["n"])

    ctx.bus.subscribe_broadcast(UserNotification, on_note, name="probe")
    return build_app(ctx, title="broadcast test", description="", uses_mongo=False)


async def test_every_instance_reads_each_new_record_once_and_bad_ones_are_set_aside(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    await publish(servers, prefix, note(0))  # before any instance started: "latest" never reads it
    first_seen: list[int] = []
    second_seen: list[int] = []
    first, second = instance(settings_for(CastSettings), first_seen), instance(settings_for(CastSettings), second_seen)
    async with running(first), running(second):
        repeated = note(2)
        for record in (note(1, "alan"), repeated, repeated, note(13), note(3)):
            await publish(servers, prefix, record)
        await publish(servers, prefix, b"{not json", topic="user.notify")
        await publish(servers, prefix, note(4))
        for app in (first, second):
            await app.state.ctx.bus.wait_handled(7)  # every record, the repeat and the bad ones included
    # each record once, the repeat dropped; order holds per key (alan's record is on another partition)
    assert sorted(first_seen) == sorted(second_seen) == [1, 2, 3, 4]
    assert [n for n in first_seen if n != 1] == [n for n in second_seen if n != 1] == [2, 3, 4]

    consumer = AIOKafkaConsumer(
        f"{prefix}{DEAD_LETTER.name}", bootstrap_servers=servers.kafka_bootstrap, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        async with asyncio.timeout(30):
            letters = [await consumer.getone() for _ in range(2)]  # one per instance: each read it
    finally:
        await consumer.stop()
    for letter in letters:
        headers = {k: v.decode() for k, v in letter.headers}
        assert letter.value == b"{not json"
        assert headers[h.DEAD_LETTER_REASON].startswith("malformed: not JSON")
        assert headers[h.DEAD_LETTER_CONSUMER] == f"{prefix}cast_test.probe:broadcast"


def test_recent_ids_forget_the_least_recently_seen_first() -> None:
    recent: RecentIds[str] = RecentIds(2)
    assert recent.add("a")
    assert recent.add("b")
    assert not recent.add("a")  # a repeat, and now the most recent
    assert recent.add("c")  # forgets b
    assert "a" in recent
    assert "b" not in recent
    assert len(recent) == 2
