"""`Infra`: prepare, start, stop and check PeerPrep's local Kafka and MongoDB."""

from __future__ import annotations

import shutil
import time

from .build import Progress, ensure_ferret, ensure_kafka_libs, ignore_dir
from .config import InfraConfig, InfraError
from .ferret import Mongo
from .kafka import Kafka
from .procs import rss_kb


def _quiet(_: str) -> None:
    pass


class Infra:
    """Native Kafka (KRaft, single node) and a MongoDB-wire server (FerretDB).

    Everything it starts is recorded in pid files under `cfg.data_dir`, and only
    those processes are ever stopped.
    """

    def __init__(self, cfg: InfraConfig, progress: Progress | None = None) -> None:
        self.cfg = cfg
        self.progress: Progress = progress or _quiet
        self.kafka = Kafka(cfg, self.progress)
        self.mongo = Mongo(cfg, self.progress)

    @property
    def kafka_bootstrap(self) -> str:
        """Bootstrap servers for clients, e.g. "127.0.0.1:9092"."""
        return self.kafka.bootstrap

    @property
    def mongodb_url(self) -> str:
        """MONGODB_URL if set, else the local FerretDB's "mongodb://127.0.0.1:PORT/"."""
        return self.mongo.url

    def prepare(self) -> None:
        """Fetch the Kafka jars and build FerretDB if missing (idempotent)."""
        t0 = time.monotonic()
        ignore_dir(self.cfg.cache_dir)
        ensure_kafka_libs(self.cfg, self.progress)
        if not self.mongo.external:
            ensure_ferret(self.cfg, self.progress)
        spent = time.monotonic() - t0
        if spent > 1.0:
            self.progress(f"prepared in {spent:.1f} s")

    def up(self, timeout: float = 60.0) -> None:
        """prepare(), then start what is not running and wait until all answer.

        `timeout` bounds the start-up, not a first-run download or build.
        """
        self.prepare()
        deadline = time.monotonic() + timeout
        ignore_dir(self.cfg.data_dir)
        self.mongo.start(timeout=max(1.0, deadline - time.monotonic()))
        self.kafka.start(timeout=max(1.0, deadline - time.monotonic()))

    def start_kafka(self, timeout: float = 60.0) -> None:
        """Start Kafka alone (same port and data) and wait until it answers."""
        ignore_dir(self.cfg.data_dir)
        self.kafka.start(timeout=timeout)

    def stop_kafka(self) -> None:
        """Stop the Kafka this data dir started (if any)."""
        self.kafka.stop()

    def kill_kafka(self) -> None:
        """SIGKILL the Kafka this data dir started (if any): a crash, for chaos tests."""
        self.kafka.kill()

    def start_mongodb(self, timeout: float = 60.0) -> None:
        ignore_dir(self.cfg.data_dir)
        self.mongo.start(timeout=timeout)

    def stop_mongodb(self) -> None:
        self.mongo.stop()

    def down(self) -> None:
        """Stop what this data dir's pid files say we started; nothing else."""
        errors = []
        for stop in (self.kafka.stop, self.mongo.stop):
            try:
                stop()
            except OSError as e:
                errors.append(str(e))
        if errors:
            raise InfraError(f"could not stop everything: {'; '.join(errors)}")

    def status(self) -> dict[str, str]:
        """{"kafka": ..., "mongodb": ...}: "running pid N on HOST:PORT", "stopped", ..."""
        return {"kafka": self.kafka.status(), "mongodb": self.mongo.status()}

    def pids(self) -> dict[str, int | None]:
        """Pids of the servers this data dir started and that still run."""
        return {"kafka": self.kafka.pid(), "mongodb": self.mongo.pid()}

    def rss_mb(self) -> dict[str, float | None]:
        """Resident memory (VmRSS) of the running servers, in MiB."""
        out: dict[str, float | None] = {}
        for name, pid in self.pids().items():
            kb = rss_kb(pid) if pid is not None else None
            out[name] = None if kb is None else round(kb / 1024, 1)
        return out

    def reset(self) -> None:
        """down(), then delete the data dir (the cache stays)."""
        self.down()
        if self.cfg.data_dir.exists():
            shutil.rmtree(self.cfg.data_dir)
            self.progress(f"deleted {self.cfg.data_dir}")
