"""The producer warmed before a service answers: metadata of every topic it publishes to fetched, a connection to
each of their leaders open.

Left cold, the first publish to a topic first asks Kafka for that topic's metadata and then connects to its
leader, inside a request that a browser (through the gateway, with its own deadline) is waiting on; on a busy
machine that wait was long enough for the gateway to give up on the first question an admin saved.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from aiokafka import AIOKafkaProducer
from aiokafka.structs import TopicPartition
from faststream.kafka import KafkaBroker

from svc_kit.logging import get_logger


def kafka_producer(broker: KafkaBroker) -> AIOKafkaProducer:
    """The aiokafka producer under a connected FastStream broker (FastStream keeps it in its producer's state)."""
    producer: AIOKafkaProducer = broker.config.producer._producer.producer  # type: ignore[attr-defined]
    return producer


async def warm_producer(broker: KafkaBroker, topics: Iterable[str], *, timeout_s: float) -> dict[str, int]:
    """Fetch the metadata of ``topics`` into the broker's producer and connect to their leaders; returns each
    topic's partition count. Raises what aiokafka raises (UnknownTopicOrPartitionError, KafkaConnectionError) or
    TimeoutError after ``timeout_s``."""
    producer = kafka_producer(broker)
    client = producer.client
    counts: dict[str, int] = {}
    async with asyncio.timeout(timeout_s):
        for topic in sorted(set(topics)):
            partitions = await producer.partitions_for(topic)  # the producer keeps this topic's metadata fresh now
            counts[topic] = len(partitions)
            leaders = {client.cluster.leader_for_partition(TopicPartition(topic, p)) for p in partitions}
            for leader in leaders - {None, -1}:
                await client.ready(leader)
    get_logger("svc_kit.warmup").debug("kafka.producer_warmed", topics=counts)
    return counts
