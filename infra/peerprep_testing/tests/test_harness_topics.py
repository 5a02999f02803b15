"""Each test's topics are deleted after it: the session's one Kafka would otherwise hold every test's catalog."""

from __future__ import annotations

from contracts import CATALOG
from peerprep_testing import Servers, delete_topics
from svc_kit.kafka_topics import ensure_topics


async def test_deleting_a_prefixs_topics_removes_all_of_them_and_no_other_prefixs(servers: Servers) -> None:
    mine, other = "tdelete1.", "tdelete2."
    created = await ensure_topics(servers.kafka_bootstrap, CATALOG, prefix=mine)
    await ensure_topics(servers.kafka_bootstrap, CATALOG[:1], prefix=other)

    assert await delete_topics(servers, mine) == sorted(created)
    assert await delete_topics(servers, mine) == []  # none of them is left
    assert await delete_topics(servers, other) == [f"{other}{CATALOG[0].name}"]  # the other prefix's was kept
