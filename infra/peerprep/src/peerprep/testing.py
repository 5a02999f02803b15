"""pytest plugin: real Kafka and a real MongoDB-wire server for integration tests, and helpers to drive them.

The servers come from testcontainers when a Docker engine answers, else from the native launcher (Kafka from its
jars, FerretDB in our Go program) on free loopback ports in a temporary folder, once per test session. Each test
gets its own topic prefix, consumer groups and databases, so tests never see each other's data.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import shutil
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from pymongo import AsyncMongoClient

from contracts import CATALOG, DEAD_LETTER, REGISTRY, Difficulty, Envelope, Language, Payload, topic_for, uuid7
from contracts.events.question import QuestionAssigned
from peerprep.local_secrets import use_local_key_file
from peerprep.native import Infra, InfraConfig
from peerprep.run import server_for
from svc_kit.auth import AUDIENCE, ISSUER
from svc_kit.bus import event_headers
from svc_kit.kafka_topics import ensure_topics
from svc_kit.settings import ServiceSettings
from user_svc.tokens import AccessClaims, load_private_key, new_signing_key, sign_access_token

S = TypeVar("S", bound=ServiceSettings)
REPO_ROOT = next(p for p in Path(__file__).resolve().parents if (p / "infra" / "kafka" / "pom.xml").is_file())


def pytest_configure(config: pytest.Config) -> None:
    """user_svc (in-process or launched) gets the local run's key encryption key, as under `peerprep up`."""
    use_local_key_file(REPO_ROOT)


@dataclass(frozen=True)
class Servers:
    kafka_bootstrap: str
    mongodb_url: str

    def env(self, prefix: str) -> dict[str, str]:
        """The environment that points a launcher (or any ``peerprep`` command) at these servers and ``prefix``."""
        return {
            "PEERPREP_KAFKA_BOOTSTRAP": self.kafka_bootstrap,
            "PEERPREP_MONGODB_URL": self.mongodb_url,
            "PEERPREP_TOPIC_PREFIX": prefix,
        }


def free_ports(count: int) -> list[int]:
    """``count`` distinct free loopback ports (all held open together while chosen, so none repeats), below the
    kernel's ephemeral range: a client reconnecting to a server that is down (a test stopped or killed it) could
    otherwise be given the server's port as its own and connect to itself, and the server could not start again."""
    low = _ephemeral_low()
    with contextlib.ExitStack() as stack:
        chosen: list[int] = []
        for port in random.sample(range(max(1024, low - 12000), low), min(2000, low - 1024)):
            sock = stack.enter_context(socket.socket())
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            chosen.append(port)
            if len(chosen) == count:
                return chosen
    raise OSError(f"no {count} free loopback ports below {low}")


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def docker_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=5).returncode == 0
    except (subprocess.TimeoutExpired, OSError):
        return False


def native_infra(data_dir: Path, *, mongodb_url: str | None = None) -> Infra:
    """A private Kafka (and FerretDB unless ``mongodb_url``) on free ports, sharing the repo's jar cache."""
    kafka_port, controller_port, mongo_port = free_ports(3)
    config = InfraConfig(
        repo_root=REPO_ROOT,
        data_dir=data_dir,
        cache_dir=Path(os.environ.get("PEERPREP_CACHE_DIR", REPO_ROOT / ".peerprep" / "cache")),
        kafka_port=kafka_port,
        kafka_controller_port=controller_port,
        mongo_port=mongo_port,
        mongodb_url=mongodb_url,
        kafka_heap="384m",
    )
    return Infra(config, progress=lambda line: print(f"[infra] {line}"))


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
def prefix() -> str:
    """This test's own namespace for topics, consumer groups and databases."""
    return f"t{uuid7().hex[-10:]}."


@pytest.fixture
async def clean_databases(servers: Servers, prefix: str) -> AsyncIterator[None]:
    yield
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(servers.mongodb_url)
    try:
        for name in await client.list_database_names():
            if name.startswith(prefix.replace(".", "_")):
                await client.drop_database(name)
    finally:
        await client.close()


def servers_settings(servers: Servers, prefix: str) -> dict[str, Any]:
    """What every service's settings take in a test: the test servers, the test's topic prefix, quick retries."""
    return {
        "environment": "test",
        "kafka_bootstrap": servers.kafka_bootstrap,
        "mongodb_url": servers.mongodb_url,
        "topic_prefix": prefix,
        "handler_retries": 1,
        "shutdown_grace_s": 5.0,
    }


@pytest.fixture
def settings_for(servers: Servers, prefix: str, clean_databases: None) -> Callable[..., Any]:
    """``settings_for(CollabSettings, **overrides)``: a service's settings wired to the test servers."""

    def make(cls: type[S], **overrides: Any) -> S:
        return cls(**(servers_settings(servers, prefix) | overrides))

    return make


@contextlib.asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run ``app``'s lifespan (Kafka consumers included) and give an HTTP client to it."""
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=30) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            yield client


@contextlib.asynccontextmanager
async def serving(app: FastAPI, port: int | None = None) -> AsyncIterator[str]:
    """Run ``app`` in a real uvicorn server (as the launcher configures it) on a loopback port; yield its base URL.

    For websockets, which httpx's ASGI transport cannot carry. Leaving stops it as the launcher does (drain hooks
    first), so a test can also watch a graceful stop.
    """
    server = server_for(app, port=free_ports(1)[0] if port is None else port)
    task = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(60):
            while not server.started:
                if task.done():
                    raise RuntimeError(f"the server did not start: {app.state.ctx.startup_error or task.exception()}")
                await asyncio.sleep(0.02)
        yield f"http://{server.config.host}:{server.config.port}"
    finally:
        server.should_exit = True
        with contextlib.suppress(BaseException):
            await asyncio.wait_for(task, 30)


class TokenMint:
    """Signs access tokens as user_svc does, with a key of its own that ``publish_key`` puts on ``auth.keys``."""

    def __init__(self) -> None:
        self.key = new_signing_key(datetime.now(UTC))
        assert self.key.private_pem is not None
        self._private = load_private_key(self.key.private_pem)

    async def publish_key(self, servers: Servers, prefix: str) -> None:
        await publish(servers, prefix, Envelope.wrap(self.key.published(), producer="user_svc"))

    def token(self, user_id: str, *, ttl_s: int = 900, issued_at: datetime | None = None) -> str:
        return sign_access_token(
            AccessClaims(user_id=user_id, name=f"user {user_id}", roles=("user",)),
            kid=self.key.kid,
            private_key=self._private,
            now=issued_at or datetime.now(UTC),
            ttl_s=ttl_s,
            issuer=ISSUER,
            audience=AUDIENCE,
        )


class DeadLetters:
    """The test's dead-letter topic, read from the start."""

    def __init__(self, servers: Servers, prefix: str) -> None:
        self._consumer = AIOKafkaConsumer(
            f"{prefix}{DEAD_LETTER.name}", bootstrap_servers=servers.kafka_bootstrap, auto_offset_reset="earliest"
        )
        self.seen: list[Any] = []

    async def __aenter__(self) -> DeadLetters:
        await self._consumer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._consumer.stop()

    async def wait_for(self, count: int, timeout_s: float = 30) -> list[Any]:
        async with asyncio.timeout(timeout_s):
            while len(self.seen) < count:
                self.seen.append(await self._consumer.getone())
        return self.seen

    async def drain(self, quiet_s: float = 2.0) -> list[Any]:
        while batch := await self._consumer.getmany(timeout_ms=int(quiet_s * 1000)):
            self.seen.extend(r for rs in batch.values() for r in rs)
        return self.seen


class EventLog:
    """Reads one topic of the test's namespace from the start, as a separate consumer would."""

    def __init__(self, servers: Servers, prefix: str, payload: type[Payload]) -> None:
        self._servers, self._prefix = servers, prefix
        self._topic = f"{prefix}{topic_for(payload).name}"
        self._consumer = AIOKafkaConsumer(
            self._topic, bootstrap_servers=servers.kafka_bootstrap, auto_offset_reset="earliest", group_id=None
        )
        self.seen: list[Envelope[Payload]] = []

    async def __aenter__(self) -> EventLog:
        await ensure_topics(self._servers.kafka_bootstrap, CATALOG, prefix=self._prefix)
        await self._consumer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._consumer.stop()

    async def wait_for(self, count: int, *, timeout_s: float = 30) -> list[Envelope[Payload]]:
        """Block until at least ``count`` events have arrived; return them all."""
        async with asyncio.timeout(timeout_s):
            while len(self.seen) < count:
                record = await self._consumer.getone()
                self.seen.append(REGISTRY.decode(record.value))
        return self.seen

    async def drain(self, *, quiet_s: float = 1.0) -> list[Envelope[Payload]]:
        """Everything that arrives until the topic has been quiet for ``quiet_s``: proves nothing more came."""
        while True:
            batch = await self._consumer.getmany(timeout_ms=int(quiet_s * 1000))
            records = [r for rs in batch.values() for r in rs]
            if not records:
                return self.seen
            self.seen.extend(REGISTRY.decode(r.value) for r in records)


@contextlib.asynccontextmanager
async def raw_producer(servers: Servers) -> AsyncIterator[AIOKafkaProducer]:
    producer = AIOKafkaProducer(bootstrap_servers=servers.kafka_bootstrap)
    await producer.start()
    try:
        yield producer
    finally:
        await producer.stop()


async def publish(servers: Servers, prefix: str, envelope: Envelope[Payload] | bytes, *, topic: str = "") -> None:
    """Put a record on a topic as some other producer would (bytes for a malformed one: then name the topic)."""
    await ensure_topics(servers.kafka_bootstrap, CATALOG, prefix=prefix)
    async with raw_producer(servers) as producer:
        if isinstance(envelope, bytes):
            await producer.send_and_wait(f"{prefix}{topic}", envelope)
        else:
            name = topic_for(envelope.payload).name
            headers = [(k, v.encode()) for k, v in event_headers(envelope).items()]
            await producer.send_and_wait(
                f"{prefix}{name}", envelope.to_bytes(), key=envelope.payload.key().encode(), headers=headers
            )


def kafka_cli(tool: str, *args: str) -> str:
    """Run one of the repo's Kafka CLI wrappers (infra/bin) and return its output."""
    result = subprocess.run(
        [str(REPO_ROOT / "infra" / "bin" / tool), *args], capture_output=True, text=True, timeout=120, check=False
    )
    if result.returncode != 0:
        raise AssertionError(f"{tool} {' '.join(args)} failed ({result.returncode}): {result.stderr[-2000:]}")
    return result.stdout


@contextlib.contextmanager
def launch_peerprep(*args: str, env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    """Run ``peerprep ARGS`` (the launcher, as a user would) with extra environment; killed if still running."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "peerprep.cli", *args],
        cwd=REPO_ROOT,
        env=os.environ | {"PYTHONUNBUFFERED": "1"} | env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(30)


def read_until(proc: subprocess.Popen[str], marker: str) -> list[str]:
    """Lines the launcher printed up to and including the first one containing ``marker``."""
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if marker in line:
            return lines
    raise AssertionError(f"launcher exited ({proc.wait()}) before printing {marker!r}:\n{''.join(lines[-40:])}")


def question_assigned(session_id: str | None = None) -> Envelope[QuestionAssigned]:
    """A question assigned for a session (a new one without ``session_id``), as question_svc publishes it."""
    sid = session_id or f"s-{uuid7().hex[-8:]}"
    return Envelope.wrap(
        QuestionAssigned(
            match_id=f"m-{sid}",
            session_id=sid,
            user_ids=("ada", "alan"),
            language=Language.PYTHON,
            slug="two-sum",
            title="Two Sum",
            difficulty=Difficulty.EASY,
            starter_code="def two_sum(nums, target):\n    pass\n",
        ),
        producer="question_svc",
    )
