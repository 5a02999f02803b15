"""peerprep.native against the real servers: Kafka (KRaft) and FerretDB on free ports.

The jars and the FerretDB binary come from the shared cache (PEERPREP_CACHE_DIR or
.peerprep/cache; built on first use); all runtime data lives in a tmp dir.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from peerprep.native import Infra, InfraConfig, InfraError
from peerprep.native.wire import mongo_hello
from peerprep_testing import free_ports

REPO = Path(__file__).resolve().parents[3]
BIN = REPO / "infra" / "bin"
pytestmark = pytest.mark.integration


def cache_dir() -> Path:
    return InfraConfig.from_env(REPO).cache_dir


def make_cfg(data: Path, **kw: object) -> InfraConfig:
    k, c, m = free_ports(3)
    args: dict[str, object] = {"kafka_port": k, "kafka_controller_port": c, "mongo_port": m}
    args.update(kw)
    return InfraConfig(REPO, data_dir=data, cache_dir=cache_dir(), **args)  # type: ignore[arg-type]


def cli(infra: Infra, tool: str, *args: str, stdin: str | None = None) -> str:
    env = dict(os.environ, PEERPREP_CACHE_DIR=str(infra.cfg.cache_dir))
    p = subprocess.run(
        [str(BIN / tool), "--bootstrap-server", infra.kafka_bootstrap, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert p.returncode == 0, f"{tool} {args} failed ({p.returncode}): {p.stderr}"
    return p.stdout


@pytest.fixture(scope="module")
def infra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infra]:
    lines: list[str] = []
    inf = Infra(make_cfg(tmp_path_factory.mktemp("native") / "data"), progress=lines.append)
    t0 = time.monotonic()
    inf.up(timeout=240)  # a cold cache builds FerretDB first (~70 s)
    print(f"up in {time.monotonic() - t0:.1f} s: {lines}", file=sys.stderr)
    try:
        yield inf
    finally:
        inf.reset()
        assert not inf.cfg.data_dir.exists()
        assert inf.status() == {"kafka": "stopped", "mongodb": "stopped"}


def test_up_is_ready_and_idempotent(infra: Infra) -> None:
    st = infra.status()
    pids = infra.pids()
    assert st["kafka"] == f"running pid {pids['kafka']} on 127.0.0.1:{infra.cfg.kafka_port}"
    assert st["mongodb"] == f"running pid {pids['mongodb']} on 127.0.0.1:{infra.cfg.mongo_port}"
    assert infra.kafka_bootstrap == f"127.0.0.1:{infra.cfg.kafka_port}"
    assert infra.mongodb_url == f"mongodb://127.0.0.1:{infra.cfg.mongo_port}/"
    t0 = time.monotonic()
    infra.up()
    assert time.monotonic() - t0 < 2.0
    assert infra.pids() == pids
    rss = infra.rss_mb()
    print(f"RSS MiB: {rss}", file=sys.stderr)
    assert all(v is not None and v > 1 for v in rss.values())
    # Every generated file is git-ignored from inside.
    assert (infra.cfg.data_dir / ".gitignore").read_text().strip().endswith("*")


def test_mongo_answers_hello(infra: Infra) -> None:
    reply = mongo_hello("127.0.0.1", infra.cfg.mongo_port)
    assert reply["ok"] == 1.0
    try:
        import pymongo  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return
    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(infra.mongodb_url, serverSelectionTimeoutMS=5000)
    try:
        coll = client["peerprep_test"]["things"]
        coll.insert_one({"_id": "a", "n": 1})
        assert coll.find_one({"_id": "a"}) == {"_id": "a", "n": 1}
    finally:
        client.close()


def test_reads_by_id_use_the_id_index(infra: Infra) -> None:
    """The built FerretDB carries infra/ferretdb/patches.json: a read by `_id` searches the `_id` index instead of
    scanning the table (unpatched, SQLite's plan says `SCAN`: a missed read cost 25 ms at 5,000 documents)."""
    import pymongo

    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(infra.mongodb_url, serverSelectionTimeoutMS=5000)
    try:
        db = client["peerprep_test"]
        db["claims"].insert_many([{"_id": f"user-{i}", "n": i} for i in range(20)])
        plan = db.command("explain", {"find": "claims", "filter": {"_id": "user-7"}})["queryPlanner"]
        assert any("USING INDEX" in step for step in plan["Plan"]), plan
        assert db["claims"].find_one({"_id": "user-7"}) == {"_id": "user-7", "n": 7}
        assert db["claims"].find_one({"_id": "nobody"}) is None
        db["claims"].update_one({"_id": "user-3"}, {"$set": {"n": 30}})
        db["claims"].delete_one({"_id": "user-4"})
        assert [d["n"] for d in db["claims"].find({"_id": {"$in": ["user-3", "user-4"]}})] == [30]
    finally:
        client.close()


def test_cli_produce_consume_reset_and_kafka_restart(infra: Infra) -> None:
    topic = f"t-{uuid.uuid4().hex[:8]}"
    cli(infra, "kafka-topics", "--create", "--topic", topic, "--partitions", "1", "--replication-factor", "1")
    assert topic in cli(infra, "kafka-topics", "--list").split()
    cli(infra, "kafka-console-producer", "--topic", topic, stdin="one\ntwo\nthree\n")
    consume = ("--topic", topic, "--group", "g1", "--from-beginning", "--max-messages", "3", "--timeout-ms", "15000")
    assert cli(infra, "kafka-console-consumer", *consume).split() == ["one", "two", "three"]
    out = cli(
        infra, "kafka-consumer-groups", "--group", "g1", "--reset-offsets", "--to-earliest", "--all-topics", "--execute"
    )
    assert topic in out

    pid = infra.pids()["kafka"]
    infra.stop_kafka()
    assert infra.status()["kafka"] == "stopped"
    assert infra.pids()["kafka"] is None
    t0 = time.monotonic()
    infra.start_kafka(timeout=60)
    print(f"Kafka restart in {time.monotonic() - t0:.1f} s", file=sys.stderr)
    assert infra.pids()["kafka"] not in (None, pid)
    # Same port, same data: the topic and the reset group offsets survived.
    assert cli(infra, "kafka-console-consumer", *consume).split() == ["one", "two", "three"]


def test_taken_ports_are_reported(infra: Infra, tmp_path: Path) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        other = Infra(make_cfg(tmp_path / "k", kafka_port=port))
        with pytest.raises(InfraError) as e:
            other.start_kafka(timeout=10)
        assert str(e.value) == f"port {port} is taken by another process: set PEERPREP_KAFKA_PORT or stop it"
        other = Infra(make_cfg(tmp_path / "m", mongo_port=port))
        with pytest.raises(InfraError, match=rf"^port {port} is taken by another process: set PEERPREP_MONGO_PORT"):
            other.start_mongodb(timeout=10)
        assert other.status()["mongodb"] == f"stopped (port {port} is used by another process)"
    # The running servers of this module are someone else's port too.
    clash = Infra(make_cfg(tmp_path / "c", kafka_controller_port=infra.cfg.kafka_port))
    with pytest.raises(InfraError, match="set PEERPREP_KAFKA_CONTROLLER_PORT"):
        clash.start_kafka(timeout=10)
    assert clash.pids() == {"kafka": None, "mongodb": None}


def test_kafka_crash_during_start_up_is_one_line(tmp_path: Path) -> None:
    bad = Infra(make_cfg(tmp_path / "d", kafka_heap="lots"))
    with pytest.raises(InfraError) as e:
        bad.start_kafka(timeout=30)
    msg = str(e.value)
    assert "\n" not in msg
    assert msg.startswith("Kafka exited during start-up (exit 1); last lines of ")
    assert "heap" in msg
    assert bad.pids()["kafka"] is None


def test_down_never_kills_unrelated_processes(tmp_path: Path) -> None:
    stranger = subprocess.Popen(["sleep", "60"])
    try:
        cfg = make_cfg(tmp_path / "d")
        run = cfg.data_dir / "run"
        run.mkdir(parents=True)
        for name in ("kafka.pid", "ferretdb.pid"):
            (run / name).write_text(f"{stranger.pid}\n")
        inf = Infra(cfg)
        assert inf.status() == {"kafka": "stopped", "mongodb": "stopped"}
        inf.down()
        assert stranger.poll() is None
        assert not any(run.iterdir())  # stale pid files are dropped
    finally:
        stranger.kill()
        stranger.wait()


def test_external_mongodb_url(infra: Infra, tmp_path: Path) -> None:
    url = f"mongodb://user:secret@127.0.0.1:{infra.cfg.mongo_port}/peerprep?retryWrites=false"
    ext = Infra(make_cfg(tmp_path / "e", mongodb_url=url))
    assert ext.mongodb_url == url
    ext.start_mongodb(timeout=10)  # only checks it answers
    assert (
        ext.status()["mongodb"] == f"external mongodb://***@127.0.0.1:{infra.cfg.mongo_port}/peerprep?retryWrites=false"
    )
    assert ext.pids()["mongodb"] is None
    (dead,) = free_ports(1)
    gone = Infra(make_cfg(tmp_path / "g", mongodb_url=f"mongodb://127.0.0.1:{dead}/"))
    with pytest.raises(InfraError, match=r"^MongoDB at MONGODB_URL not reachable: 127\.0\.0\.1:"):
        gone.start_mongodb(timeout=5)


def test_config_from_env(tmp_path: Path) -> None:
    cfg = InfraConfig.from_env(tmp_path, env={})
    assert cfg.data_dir == tmp_path.resolve() / ".peerprep" / "data"
    assert cfg.cache_dir == tmp_path.resolve() / ".peerprep" / "cache"
    assert (cfg.kafka_port, cfg.kafka_controller_port, cfg.mongo_port) == (9092, 9093, 27017)
    assert (cfg.mongodb_url, cfg.kafka_heap) == (None, "512m")
    env = {
        "PEERPREP_DATA_DIR": "d",
        "PEERPREP_CACHE_DIR": "/tmp/c",
        "PEERPREP_KAFKA_PORT": "19092",
        "PEERPREP_KAFKA_CONTROLLER_PORT": "19093",
        "PEERPREP_MONGO_PORT": "37017",
        "MONGODB_URL": "mongodb://db:27017/",
        "PEERPREP_KAFKA_HEAP": "1g",
    }
    cfg = InfraConfig.from_env(tmp_path, env=env)
    assert cfg.data_dir == tmp_path.resolve() / "d"
    assert cfg.cache_dir == Path("/tmp/c").resolve()
    assert (cfg.kafka_port, cfg.kafka_controller_port, cfg.mongo_port) == (19092, 19093, 37017)
    assert (cfg.mongodb_url, cfg.kafka_heap) == ("mongodb://db:27017/", "1g")
    assert Infra(cfg).mongodb_url == "mongodb://db:27017/"
    with pytest.raises(InfraError, match=r"^PEERPREP_KAFKA_PORT='x' is not a port number"):
        InfraConfig.from_env(tmp_path, env={"PEERPREP_KAFKA_PORT": "x"})
