"""Create the topic catalog on the broker, idempotently: missing topics are created, existing ones left alone."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError

from contracts import TopicSpec
from svc_kit.logging import get_logger

_TOPIC_ALREADY_EXISTS = 36


class KafkaUnavailable(RuntimeError):
    pass


async def ensure_topics(
    bootstrap: str, specs: Iterable[TopicSpec], *, prefix: str = "", timeout_s: float = 10
) -> list[str]:
    """Create every topic of ``specs`` (named ``prefix + spec.name``) that does not exist; return those created."""
    log = get_logger("svc_kit.kafka_topics")
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=int(timeout_s * 1000))
    try:
        await asyncio.wait_for(admin.start(), timeout_s)
        existing = set(await admin.list_topics())
        wanted = {f"{prefix}{spec.name}": spec for spec in specs}
        missing = [
            NewTopic(name, spec.partitions, 1, topic_configs=spec.configs())
            for name, spec in wanted.items()
            if name not in existing
        ]
        if not missing:
            return []
        response = await admin.create_topics(missing, timeout_ms=int(timeout_s * 1000))
        created = []
        for name, code, *rest in response.topic_errors:
            if code == 0:
                created.append(name)
            elif code != _TOPIC_ALREADY_EXISTS:
                raise KafkaUnavailable(f"could not create topic {name}: error {code} {rest}")
        await _wait_for_leaders(admin, created, timeout_s=timeout_s)
        log.info("kafka.topics_created", topics=created)
        return created
    except (TimeoutError, KafkaError, OSError) as exc:
        raise KafkaUnavailable(
            f"Kafka not reachable at {bootstrap} ({type(exc).__name__}: {exc}); start it with `peerprep infra up`"
        ) from exc
    finally:
        await admin.close()


async def _wait_for_leaders(admin: AIOKafkaAdminClient, topics: list[str], *, timeout_s: float) -> None:
    """A new topic takes a moment to elect partition leaders; producing before that only earns retries."""
    async with asyncio.timeout(timeout_s):
        while topics:
            described = await admin.describe_topics(topics)
            if all(
                t["error_code"] == 0 and t["partitions"] and all(p["leader"] >= 0 for p in t["partitions"])
                for t in described
            ):
                return
            await asyncio.sleep(0.05)
