"""pytest plugin: real Kafka and a real MongoDB-wire server for integration tests, once per test session.

The servers come from testcontainers when a Docker engine answers, else from the native launcher (Kafka from its
jars, FerretDB in our Go program) on free loopback ports in a temporary folder. Each test gets its own topic
prefix, consumer groups and databases, so tests never see each other's data. The helpers to drive them are
importable from ``peerprep_testing``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from contracts import uuid7
from peerprep.local_secrets import use_local_key_file
from peerprep.native import Infra
from peerprep_testing.servers import (
    REPO_ROOT,
    Servers,
    delete_topics,
    docker_answers,
    drop_databases,
    native_infra,
    servers_settings,
)
from svc_kit.settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)


def pytest_configure(config: pytest.Config) -> None:
    """user_svc (in-process or launched) gets the local run's key encryption key, as under `peerprep up`."""
    use_local_key_file(REPO_ROOT)


SERVER_FIXTURES = frozenset({"servers", "browser"})
"""A test that uses one of these (directly or through another fixture) needs the real servers or Chromium."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs the servers ``integration``: ``-m "not integration"`` is the fast tier."""
    for item in items:
        if SERVER_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    if docker_answers():
        from testcontainers.community.kafka import KafkaContainer
        from testcontainers.community.mongodb import MongoDbContainer

        with KafkaContainer("confluentinc/cp-kafka:7.6.0").with_kraft() as kafka, MongoDbContainer("mongo:7") as mongo:
            yield Servers(kafka.get_bootstrap_server(), mongo.get_connection_url())
        return
    infra = native_infra(tmp_path_factory.mktemp("infra"), mongodb_url=os.environ.get("MONGODB_URL"))
    infra.up()
    try:
        yield Servers(infra.kafka_bootstrap, infra.mongodb_url)
    finally:
        infra.down()


@pytest.fixture
def own_kafka(tmp_path: Path, servers: Servers) -> Iterator[Infra]:
    """A Kafka of this test's own (beside the session's MongoDB), so stopping it disturbs no other test."""
    infra = native_infra(tmp_path, mongodb_url=servers.mongodb_url)
    infra.up()
    yield infra
    infra.down()


@pytest.fixture
async def prefix(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """This test's own namespace for topics, consumer groups and databases; its topics are deleted after it."""
    name = f"t{uuid7().hex[-10:]}."
    servers: Servers | None = request.getfixturevalue("servers") if "servers" in request.fixturenames else None
    yield name
    if servers is not None:
        await delete_topics(servers, name)


@pytest.fixture
async def clean_databases(servers: Servers, prefix: str) -> AsyncIterator[None]:
    yield
    await drop_databases(servers, prefix)


@pytest.fixture
def settings_for(servers: Servers, prefix: str, clean_databases: None) -> Callable[..., Any]:
    """``settings_for(CollabSettings, **overrides)``: a service's settings wired to the test servers."""

    def make(cls: type[S], **overrides: Any) -> S:
        unknown = sorted(set(overrides) - set(cls.model_fields))
        if unknown:  # settings ignore unknown names; a test's override that changes nothing is a bug in the test
            raise TypeError(f"{cls.__name__} has no setting {', '.join(unknown)}")
        return cls(**(servers_settings(servers, prefix) | overrides))

    return make
