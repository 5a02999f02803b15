import json

import pytest

from contracts import CATALOG, DEAD_LETTER, REGISTRY, TOPICS, topic_for
from contracts.schema import json_schema

REQUIRED = [
    "match.requested",
    "match.cancelled",
    "match.found",
    "match.timed_out",
    "question.assigned",
    "question.changed",
    "session.started",
    "session.end_requested",
    "session.ended",
    "collab.update",
    "chat.message",
    "code.run",
    "code.result",
    "user.registered",
    "user.updated",
    "user.deleted",
]


def test_the_catalog_declares_every_topic_the_design_names_once() -> None:
    names = [spec.name for spec in CATALOG]
    assert len(names) == len(set(names))
    assert set(REQUIRED) <= set(names)
    assert DEAD_LETTER.name in names


def test_every_registered_payload_has_its_own_topic() -> None:
    for payload in REGISTRY:
        assert topic_for(payload).payload is payload


@pytest.mark.parametrize("name", ["match.requested", "match.cancelled", "match.found", "match.timed_out"])
def test_match_events_are_keyed_by_difficulty_so_one_instance_owns_a_pool(name: str) -> None:
    assert TOPICS[name].key == "difficulty"
    assert TOPICS[name].partitions >= 3


def test_catalog_topics_are_compacted_and_never_expire() -> None:
    for name in ("question.changed", "user.updated"):
        spec = TOPICS[name]
        assert spec.configs() == {"cleanup.policy": "compact"}


def test_expiring_topics_say_how_long_they_keep_records() -> None:
    assert TOPICS["match.requested"].configs() == {"cleanup.policy": "delete", "retention.ms": str(24 * 3600 * 1000)}


def test_the_json_schema_describes_the_envelope_and_every_event() -> None:
    schema = json_schema()
    json.dumps(schema)  # serialisable as it is
    assert "Envelope" in schema["$defs"]
    assert set(schema["events"]) == {spec.name for spec in CATALOG if spec.payload is not None}
    for event in schema["events"].values():
        name = event["payload"].rsplit("/", 1)[-1]
        assert "properties" in schema["$defs"][name]
