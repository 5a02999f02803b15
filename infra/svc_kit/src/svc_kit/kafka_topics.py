"""Create the topic catalog on the broker, idempotently: missing topics are created, existing ones left alone;
return once Kafka serves them all (``svc_kit.kafka_ready``)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError

from contracts import TopicSpec
from svc_kit.kafka_ready import NotServed, wait_until_served
from svc_kit.logging import get_logger

_TOPIC_ALREADY_EXISTS = 36


class KafkaUnavailable(RuntimeError):
    pass


async def ensure_topics(
    bootstrap: str, specs: Iterable[TopicSpec], *, prefix: str = "", timeout_s: float = 10
) -> list[str]:
    """Create every topic of ``specs`` (named ``prefix + spec.name``) that does not exist; return those created.

    Returns once every partition of every one of them is served (also those another service, starting at the same
    moment, just created) and the consumer group coordinator answers, so consumers start without retries.
    """
    log = get_logger("svc_kit.kafka_topics")
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=int(timeout_s * 1000))
    wanted = {f"{prefix}{spec.name}": spec for spec in specs}
    try:
        await asyncio.wait_for(admin.start(), timeout_s)
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(name, spec.partitions, 1, topic_configs=spec.configs())
            for name, spec in wanted.items()
            if name not in existing
        ]
        created = []
        if missing:
            response = await admin.create_topics(missing, timeout_ms=int(timeout_s * 1000))
            for name, code, *rest in response.topic_errors:
                if code == 0:
                    created.append(name)
                elif code != _TOPIC_ALREADY_EXISTS:
                    raise KafkaUnavailable(f"could not create topic {name}: error {code} {rest}")
        await wait_until_served(bootstrap, wanted, timeout_s=timeout_s, group=f"{prefix}peerprep")
        if created:
            log.info("kafka.topics_created", topics=created)
        return created
    except (TimeoutError, KafkaError, OSError, NotServed) as exc:
        raise KafkaUnavailable(
            f"Kafka not reachable at {bootstrap} ({type(exc).__name__}: {exc}); start it with `peerprep infra up`"
        ) from exc
    finally:
        await admin.close()
