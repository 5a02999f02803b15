"""Configuration of the native (Docker-free) Kafka and MongoDB-wire servers."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


class InfraError(Exception):
    """An expected failure; its message is one line that says what to do."""


class InfraConfig:
    """Where PeerPrep's local infrastructure lives and which ports it uses.

    `data_dir` (runtime data, pid files, logs) defaults to repo_root/.peerprep/data
    and `cache_dir` (Kafka jars, FerretDB binary) to repo_root/.peerprep/cache;
    relative directories are taken relative to `repo_root`.
    """

    def __init__(
        self,
        repo_root: Path | str,
        data_dir: Path | str | None = None,
        cache_dir: Path | str | None = None,
        kafka_port: int = 9092,
        kafka_controller_port: int = 9093,
        mongo_port: int = 27017,
        mongodb_url: str | None = None,
        kafka_heap: str = "512m",
    ) -> None:
        root = Path(repo_root).expanduser().resolve()
        self.repo_root: Path = root
        self.data_dir: Path = (root / (data_dir or ".peerprep/data")).resolve()
        self.cache_dir: Path = (root / (cache_dir or ".peerprep/cache")).resolve()
        self.kafka_port = kafka_port
        self.kafka_controller_port = kafka_controller_port
        self.mongo_port = mongo_port
        self.mongodb_url: str | None = mongodb_url or None
        self.kafka_heap = kafka_heap
        ports = {
            "kafka_port": kafka_port,
            "kafka_controller_port": kafka_controller_port,
            "mongo_port": mongo_port,
        }
        for name, port in ports.items():
            if not 0 < port < 65536:
                raise InfraError(f"{name} {port} is not a TCP port: use 1..65535")
        if kafka_port == kafka_controller_port:
            raise InfraError(
                f"Kafka port and controller port are both {kafka_port}: "
                "set PEERPREP_KAFKA_CONTROLLER_PORT to another port"
            )

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"InfraConfig({fields})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InfraConfig) and vars(self) == vars(other)

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def from_env(cls, repo_root: Path | str, env: Mapping[str, str] | None = None) -> InfraConfig:
        """Build a config from the environment (or `env`).

        PEERPREP_DATA_DIR, PEERPREP_CACHE_DIR, PEERPREP_KAFKA_PORT,
        PEERPREP_KAFKA_CONTROLLER_PORT, PEERPREP_MONGO_PORT, MONGODB_URL,
        PEERPREP_KAFKA_HEAP; unset or empty means the default.
        """
        e = os.environ if env is None else env

        def get(name: str) -> str:
            return e.get(name, "").strip()

        def port(name: str, default: int) -> int:
            raw = get(name)
            if not raw:
                return default
            try:
                return int(raw)
            except ValueError:
                msg = f"{name}={raw!r} is not a port number: set it to e.g. {default}"
                raise InfraError(msg) from None

        return cls(
            repo_root=repo_root,
            data_dir=Path(get("PEERPREP_DATA_DIR")).expanduser() if get("PEERPREP_DATA_DIR") else None,
            cache_dir=Path(get("PEERPREP_CACHE_DIR")).expanduser() if get("PEERPREP_CACHE_DIR") else None,
            kafka_port=port("PEERPREP_KAFKA_PORT", 9092),
            kafka_controller_port=port("PEERPREP_KAFKA_CONTROLLER_PORT", 9093),
            mongo_port=port("PEERPREP_MONGO_PORT", 27017),
            mongodb_url=get("MONGODB_URL") or None,
            kafka_heap=get("PEERPREP_KAFKA_HEAP") or "512m",
        )
