"""Wait until Kafka serves what a starting service is about to use: every partition of its topics answers at its
leader, and the group coordinator is there.

A topic just created has leaders in the metadata a moment before the leader serves the partition, and on a new
cluster the consumer offsets topic is created by the first group lookup. A consumer started in that moment gets
through, after retries that aiokafka logs at ERROR ("Failed fetch offsets ... NotLeaderForPartitionError", "Group
Coordinator Request failed"): a clean start would print errors that are not. Asking first, quietly, costs two
requests when Kafka is ready, which is every start but the first.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable

from aiokafka.client import AIOKafkaClient
from aiokafka.errors import for_code
from aiokafka.protocol.coordination import FindCoordinatorRequest
from aiokafka.protocol.offset import OffsetRequest
from aiokafka.structs import TopicPartition

_LATEST = -1
_GROUP = 0
_POLL_S = 0.05


class NotServed(RuntimeError):
    """What Kafka did not serve in time (a retriable state: the caller's timeout decides)."""


async def wait_until_served(bootstrap: str, topics: Iterable[str], *, timeout_s: float, group: str) -> None:
    """Return once every partition of ``topics`` answers ListOffsets at its leader and ``group``'s coordinator is
    found; NotServed (saying what is missing) after ``timeout_s``."""
    wanted = sorted(set(topics))
    client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=int(timeout_s * 1000))
    missing = "the cluster"
    try:
        async with asyncio.timeout(timeout_s):
            await client.bootstrap()
            while True:
                missing = await _unserved(client, wanted) or await _no_coordinator(client, group)
                if not missing:
                    return
                await asyncio.sleep(_POLL_S)  # Kafka tells no one when a leader is ready: ask again
    except TimeoutError as exc:
        raise NotServed(f"Kafka at {bootstrap} did not serve {missing} within {timeout_s:.0f} s") from exc
    finally:
        await client.close()


async def _unserved(client: AIOKafkaClient, topics: list[str]) -> str:
    """'' when every partition of ``topics`` is served by its leader, else the first one that is not."""
    if not topics:
        return ""
    cluster = await client.fetch_all_metadata()
    by_leader: dict[int, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for topic in topics:
        partitions = cluster.partitions_for_topic(topic)
        if not partitions:
            return f"topic {topic}"
        for partition in sorted(partitions):
            leader = cluster.leader_for_partition(TopicPartition(topic, partition))
            if leader is None or leader < 0:
                return f"{topic}/{partition} (no leader)"
            by_leader[leader][topic].append((partition, _LATEST))
    for leader, wanted in by_leader.items():
        response = await client.send(leader, OffsetRequest(-1, 0, list(wanted.items())))
        for topic, partitions in response.topics:
            for partition, error_code, *_ in partitions:
                if error_code != 0:
                    return f"{topic}/{partition} ({for_code(error_code).__name__})"
    return ""


async def _no_coordinator(client: AIOKafkaClient, group: str) -> str:
    """'' when the coordinator of ``group`` is known (asking creates the offsets topic on a new cluster)."""
    node = client.get_random_node()
    if node is None:
        return "a broker"
    response = await client.send(node, FindCoordinatorRequest(group, _GROUP))
    if response.error_code != 0:
        return f"the group coordinator ({for_code(response.error_code).__name__})"
    return ""
