"""The test servers: real Kafka and a real MongoDB-wire server, from testcontainers or the native launcher."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient
from pymongo import AsyncMongoClient

from peerprep.native import Infra, InfraConfig

REPO_ROOT = next(p for p in Path(__file__).resolve().parents if (p / "infra" / "kafka" / "pom.xml").is_file())


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


async def delete_topics(servers: Servers, prefix: str) -> list[str]:
    """Delete every topic named with ``prefix``; return their names. The catalog is about 120 partitions, and a
    hundred tests' worth left in the session's one Kafka outgrew its heap (OutOfMemoryError late in the tier)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=servers.kafka_bootstrap)
    await admin.start()
    try:
        names = sorted(name for name in await admin.list_topics() if name.startswith(prefix))
        if names:
            await admin.delete_topics(names)
        return names
    finally:
        await admin.close()


async def drop_databases(servers: Servers, prefix: str) -> None:
    """Drop every database a test with this prefix made (``prefix`` with dots as underscores)."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(servers.mongodb_url)
    try:
        for name in await client.list_database_names():
            if name.startswith(prefix.replace(".", "_")):
                await client.drop_database(name)
    finally:
        await client.close()
