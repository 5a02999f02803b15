"""Every consumer is idempotent: redelivery, a restart and a replay from the start have one effect."""

from collections.abc import Callable
from typing import Any

from collab_svc.app import create_app as collab_app
from collab_svc.repo import SessionDoc
from collab_svc.settings import CollabSettings
from contracts.events.session import SessionStarted
from peerprep_testing import EventLog, Servers, kafka_cli, publish, question_assigned, running


async def test_the_same_event_twice_and_again_after_a_restart_has_one_effect(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    event = question_assigned()
    settings = settings_for(CollabSettings)
    async with EventLog(servers, prefix, SessionStarted) as started:
        app = collab_app(settings)
        async with running(app):
            await publish(servers, prefix, event)
            await publish(servers, prefix, event)
            await app.state.ctx.bus.wait_handled(2)
        restarted = collab_app(settings)
        async with running(restarted):
            await publish(servers, prefix, event)
            await restarted.state.ctx.bus.wait_handled(1)  # only the new delivery: offsets were committed
            assert await SessionDoc.find(SessionDoc.session_id == event.payload.session_id).count() == 1
        announced = await started.drain()
    assert [e.payload.session_id for e in announced] == [event.payload.session_id]


async def test_replaying_the_topic_from_the_start_leaves_the_read_model_unchanged(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    events = [question_assigned() for _ in range(3)]
    settings = settings_for(CollabSettings)
    app = collab_app(settings)
    async with running(app):
        for event in events:
            await publish(servers, prefix, event)
        await app.state.ctx.bus.wait_handled(3)
        before = sorted(d.session_id for d in await SessionDoc.find_all().to_list())
    group = f"{prefix}collab_svc.open_session"

    out = kafka_cli(
        "kafka-consumer-groups",
        *("--bootstrap-server", servers.kafka_bootstrap, "--group", group),
        *("--reset-offsets", "--to-earliest", "--all-topics", "--execute"),
    )
    assert group in out

    async with EventLog(servers, prefix, SessionStarted) as started:
        replayed = collab_app(settings)
        async with running(replayed):
            await replayed.state.ctx.bus.wait_handled(3)  # every record read again from offset 0
            after = sorted(d.session_id for d in await SessionDoc.find_all().to_list())
        announced = await started.drain()
    assert after == before == sorted(e.payload.session_id for e in events)
    assert len(announced) == 3  # the three from the first pass; the replay announced nothing again
