"""The runtime's start-up order against real Kafka: start hooks may publish (the producer is connected first)."""

from collections.abc import Callable
from typing import Any, ClassVar

import pytest
from pydantic_settings import SettingsConfigDict

from contracts.events.question import QuestionAssigned
from peerprep_testing import EventLog, Servers, question_assigned, running
from svc_kit import ServiceContext, ServiceSettings, build_app

pytestmark = pytest.mark.integration


class HookSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="HOOKTEST_", extra="ignore", frozen=True)
    SERVICE: ClassVar[str] = "hook_test"


async def test_a_start_hook_can_publish(servers: Servers, prefix: str, settings_for: Callable[..., Any]) -> None:
    ctx = ServiceContext.build(settings_for(HookSettings))
    event = question_assigned("s-hook").payload

    async def announce() -> None:  # as user_svc announces its signing keys at start
        await ctx.bus.publish(event)

    ctx.on_start.append(announce)
    app = build_app(ctx, title="hook test", description="", uses_mongo=False)
    async with EventLog(servers, prefix, QuestionAssigned) as log, running(app):
        seen = await log.wait_for(1)
    assert [e.payload for e in seen] == [event]
