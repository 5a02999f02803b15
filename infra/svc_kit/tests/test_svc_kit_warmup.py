"""A service reports ready with its producer warmed: the metadata of every topic it publishes to (and of the
dead-letter topic) already in the producer, so the first publish after start waits on no metadata request."""

from collections.abc import Callable
from typing import Any, ClassVar

import pytest
from pydantic_settings import SettingsConfigDict

from contracts import DEAD_LETTER, topic_for
from contracts.events.question import QuestionAssigned, QuestionChanged
from peerprep_testing import running
from svc_kit import ServiceContext, ServiceSettings, build_app
from svc_kit.warmup import kafka_producer

pytestmark = pytest.mark.integration


class WarmSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="WARMTEST_", extra="ignore", frozen=True)
    SERVICE: ClassVar[str] = "warm_test"


async def test_the_producer_knows_every_published_topic_before_the_service_answers(
    prefix: str, settings_for: Callable[..., Any]
) -> None:
    ctx = ServiceContext.build(settings_for(WarmSettings))
    app = build_app(ctx, title="warm test", description="", publishes=[QuestionAssigned, QuestionChanged])
    async with running(app) as client:
        assert (await client.get("/readyz")).status_code == 200
        cluster = kafka_producer(ctx.broker).client.cluster
        for spec in (topic_for(QuestionAssigned), topic_for(QuestionChanged), DEAD_LETTER):
            assert cluster.partitions_for_topic(f"{prefix}{spec.name}") == set(range(spec.partitions)), spec.name
