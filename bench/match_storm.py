"""A matching storm through the gateway and match_svc, each in its own process: latency, throughput, invariants.

    uv run python bench/match_storm.py [--users 2000] [--seconds 30] [--seed N] [--busy K] [--profile DIR]

Starts its own Kafka and MongoDB-wire server (native, free loopback ports, a temporary folder), two launchers
(``--services gateway`` and ``--services match_svc``, as deployed), opens one websocket per simulated user (each
with its own token), then sends each user's one ``match_request`` at a random moment of the storm (uniform
arrivals, seeded) with random criteria.
Every user accepts a proposal as soon as it arrives; a few cancel at a random moment while queued. It runs until
every request has its outcome (found, timed out or withdrawn) or the drain bound passes, then checks what the
clients were told: one outcome per request, nobody in two matches at once, compatible pairs, no timeout while a
compatible partner waited. Exits 1 when an invariant breaks. Beside the storm it measures the floor: a bare Kafka
produce -> consume round trip (and the gateway's ``ack``), and prints the match latency as ratios to it.
``--busy K`` starves the CPU with K busy-loop processes that end by themselves; ``--profile DIR`` records both
services with py-spy over the storm. Bounded and loopback only; it stops what it started.
Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from procstats import cpu_seconds, raise_fd_limit, rss_mb
from websockets.asyncio.client import ClientConnection, connect

from contracts import CATALOG, TopicSpec
from peerprep_testing import Servers, TokenMint, free_ports, launch_peerprep, native_infra, read_until
from svc_kit.kafka_topics import ensure_topics

PREFIX = "bench."
CONNECT_CONCURRENCY = 100
SETTLE_S = 3.0  # after the sockets open: the pools' owner has its partitions, the ramp's collections are done
TIMEOUT_S = 60.0  # match_svc's default request timeout
READY_CHECK_S = 15.0  # ... and ready-check
DRAIN_MARGIN_S = 15.0
CANCEL_SHARE = 0.03
ANY_TOPIC_SHARE = 0.2
TOPICS = ("arrays", "strings", "graphs", "trees", "dynamic-programming", "greedy", "math", "sorting")
DIFFICULTIES = ("easy", "medium", "hard")
LANGUAGES = ("python", "javascript", "java", "cpp")
OUTCOMES = ("match.found", "match.timed_out", "match.withdrawn")
PROBE_TOPIC = TopicSpec(name=f"{PREFIX}probe", payload=None, key="a sequence number", partitions=1)
PROBE_EVERY_S = 0.1


@dataclass
class User:
    """One simulated user: one socket, one request, everything it was told (monotonic receipt times)."""

    name: str
    request_id: str
    difficulty: str
    topics: tuple[str, ...]
    language: str
    at: float  # seconds into the storm
    cancel_after: float | None
    socket: ClientConnection | None = None
    sent: float = math.nan
    acked: float = math.nan
    accepts: dict[str, float] = field(default_factory=dict)  # match id -> when this user's accept was sent
    log: list[tuple[float, dict[str, Any]]] = field(default_factory=list)  # every notify, as (t, data + kind)
    errors: list[dict[str, Any]] = field(default_factory=list)
    cancelled: bool = False

    def kinds(self) -> list[str]:
        return [m["kind"] for _, m in self.log]

    def compatible(self, other: User) -> bool:
        if self.name == other.name or self.difficulty != other.difficulty:
            return False
        return not self.topics or not other.topics or bool(set(self.topics) & set(other.topics))


def make_users(count: int, seconds: float, rng: random.Random) -> list[User]:
    users = []
    for i in range(count):
        topics: tuple[str, ...] = ()
        if rng.random() >= ANY_TOPIC_SHARE:
            topics = tuple(sorted(rng.sample(TOPICS, rng.randint(1, 3))))
        users.append(
            User(
                name=f"u{i}",
                request_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                difficulty=rng.choice(DIFFICULTIES),
                topics=topics,
                language=rng.choice(LANGUAGES),
                at=rng.uniform(0, seconds),
                cancel_after=rng.uniform(0.2, 20.0) if rng.random() < CANCEL_SHARE else None,
            )
        )
    return users


class Storm:
    """Drives the users' sockets: requests on time, accepts at once, cancels for the few who do."""

    def __init__(self, users: list[User]) -> None:
        self.users = users
        self.ended = 0
        self.all_ended = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def open(self, url: str, mint: TokenMint) -> None:
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

        async def one(user: User) -> None:
            async with gate:
                socket = await connect(url, open_timeout=30, max_queue=None, ping_interval=None)
                await socket.send(json.dumps({"v": 1, "type": "auth", "token": mint.token(user.name)}))
                ready = json.loads(await socket.recv())
                if ready["type"] != "ready":
                    raise RuntimeError(f"user {user.name}: {ready}")
                user.socket = socket
                self._tasks.append(asyncio.create_task(self._read(user)))

        await asyncio.gather(*(one(u) for u in self.users))

    async def _read(self, user: User) -> None:
        assert user.socket is not None
        async for frame in user.socket:
            now = time.monotonic()
            message = json.loads(frame)
            if message["type"] == "ack" and message["request_id"] == user.request_id and math.isnan(user.acked):
                user.acked = now
            elif message["type"] == "error":
                user.errors.append(message)
            elif message["type"] == "notify":
                data = message["data"] | {"kind": message["kind"]}
                user.log.append((now, data))
                if data["kind"] == "match.proposed":
                    user.accepts[data["match_id"]] = time.monotonic()
                    await user.socket.send(self._message(user, "match_accept", match_id=data["match_id"]))
                elif data["kind"] in OUTCOMES and data.get("request_id") == user.request_id:
                    self.ended += 1
                    if self.ended >= len(self.users):
                        self.all_ended.set()

    @staticmethod
    def _message(user: User, kind: str, **extra: Any) -> str:
        body = {"v": 1, "type": kind, "request_id": user.request_id, "difficulty": user.difficulty}
        return json.dumps(body | extra)

    async def run(self, t0: float) -> None:
        """Every request at its moment, and the cancels."""
        for user in sorted(self.users, key=lambda u: u.at):
            delay = t0 + user.at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            assert user.socket is not None
            user.sent = time.monotonic()
            topics = list(user.topics)
            await user.socket.send(self._message(user, "match_request", topics=topics, language=user.language))
            if user.cancel_after is not None:
                self._tasks.append(asyncio.create_task(self._cancel_later(user)))

    async def _cancel_later(self, user: User) -> None:
        assert user.cancel_after is not None
        assert user.socket is not None
        await asyncio.sleep(user.cancel_after)
        kinds = user.kinds()
        if "match.queued" in kinds and "match.proposed" not in kinds and not any(k in OUTCOMES for k in kinds):
            user.cancelled = True
            await user.socket.send(self._message(user, "match_cancel"))

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*(u.socket.close() for u in self.users if u.socket), return_exceptions=True)


# Figures and invariants, from what the clients were told


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else math.nan


@dataclass
class Report:
    figures: dict[str, Any]
    broken: list[str]
    notes: list[str]


def analyse(
    users: list[User],
    cpu: dict[str, list[tuple[float, float]]],
    t0: float,
    rss: dict[str, float],
    kafka_rtt_ms: list[float],
) -> Report:
    by_request = {u.request_id: u for u in users}
    broken: list[str] = []
    notes: list[str] = []
    outcomes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    proposed: dict[str, list[tuple[float, User]]] = defaultdict(list)
    found: dict[str, list[tuple[float, User]]] = defaultdict(list)
    for user in users:
        for t, data in user.log:
            if data["kind"] in OUTCOMES:
                outcomes[data["request_id"]].append(data | {"t": t})
            if data["kind"] == "match.proposed":
                proposed[data["match_id"]].append((t, user))
            if data["kind"] == "match.found":
                found[data["match_id"]].append((t, user))
        if user.errors:
            broken.append(f"{user.name} got errors: {user.errors[:2]}")

    # 1. one outcome per request
    counts = {rid: len(outcomes.get(rid, [])) for rid in by_request}
    missing = [rid for rid, n in counts.items() if n == 0]
    several = [rid for rid, n in counts.items() if n > 1]
    if missing:
        broken.append(f"{len(missing)} request(s) without an outcome, e.g. {by_request[missing[0]].name}")
    if several:
        sample = by_request[several[0]]
        broken.append(f"{len(several)} request(s) with several outcomes, e.g. {sample.name}: {outcomes[several[0]]}")

    # 2. nobody in two matches at once: each proposal is resolved (requeue or outcome) before the next
    for user in users:
        open_match: str | None = None
        for _, data in user.log:
            kind = data["kind"]
            if kind == "match.proposed":
                if open_match is not None and open_match != data["match_id"]:
                    broken.append(f"{user.name} proposed {data['match_id']} while in {open_match}")
                open_match = data["match_id"]
            elif (kind == "match.queued" and data.get("requeued")) or kind in OUTCOMES:
                open_match = None
        matches = {d["match_id"] for _, d in user.log if d["kind"] == "match.found"}
        if len(matches) > 1:
            broken.append(f"{user.name} found in {len(matches)} matches: {sorted(matches)}")

    # 3. every found pair is two users, compatible, and was the pair proposed
    for match_id, pair in found.items():
        members = {u.name: u for _, u in pair}
        if len(members) != 2 or len(pair) != 2:
            broken.append(f"match {match_id} found by {sorted(members)} ({len(pair)} pushes)")
            continue
        first, second = members.values()
        if not first.compatible(second):
            broken.append(
                f"match {match_id}: {first.name} {first.difficulty} {first.topics} and "
                f"{second.name} {second.difficulty} {second.topics} are not compatible"
            )
        if {u.name for _, u in proposed.get(match_id, [])} != set(members):
            broken.append(f"match {match_id} found without both being proposed it")

    # 4. no timeout while a compatible request waited the whole lifetime; overlaps reported as notes
    waits = {u.request_id: waiting_intervals(u) for u in users}
    overlaps = 0
    for user in users:
        out = outcomes.get(user.request_id, [])
        if not out or out[0]["kind"] != "match.timed_out" or out[0]["reason"] != "no_partner":
            continue
        end = out[0]["t"]
        for other in users:
            if not user.compatible(other):
                continue
            if any(a <= user.sent and b >= end for a, b in waits[other.request_id]):
                broken.append(f"{user.name} timed out while {other.name} (compatible) waited all along")
            if any(min(b, d) - max(a, c) > 1.0 for a, b in waits[user.request_id] for c, d in waits[other.request_id]):
                overlaps += 1
    if overlaps:
        notes.append(f"{overlaps} (timed-out, compatible) pair(s) both waiting at once for more than 1 s")

    # latencies
    match_ms, requeued_matches = [], 0
    slow_at: list[tuple[float, float]] = []  # (match ms, when: s into the storm)
    for pushes in proposed.values():
        pair_users = {u.name: u for _, u in pushes}
        if len(pair_users) != 2:
            continue
        proposed_at = max(t for t, _ in pushes)
        starts = [u.sent for u in pair_users.values()]
        requeues = [t for u in pair_users.values() for t, d in u.log if d.get("requeued") and t < proposed_at]
        if requeues:
            requeued_matches += 1
        match_ms.append((proposed_at - max(starts + requeues)) * 1000)
        slow_at.append((match_ms[-1], proposed_at - t0))
    found_ms = []
    for match_id, pushes in found.items():
        accepts = [u.accepts[match_id] for _, u in pushes if match_id in u.accepts]
        if len(accepts) == 2:
            found_ms.append((max(t for t, _ in pushes) - max(accepts)) * 1000)
    ack_ms = [(u.acked - u.sent) * 1000 for u in users if not math.isnan(u.acked)]
    pushes: dict[str, int] = defaultdict(int)
    for user in users:
        for _, data in user.log:
            pushes[data["kind"]] += 1
    kinds: dict[str, int] = defaultdict(int)
    for out in outcomes.values():
        kinds[f"{out[0]['kind'].split('.')[1]}:{out[0].get('reason', '')}".rstrip(":")] += 1
    last_found = max((t for pushes in found.values() for t, _ in pushes), default=t0)
    window = max(last_found - t0, 1e-9)
    worst = sorted(slow_at, reverse=True)[: max(1, len(slow_at) // 100)]
    if worst:  # clustered in time: a pause (a collection, a scheduler) rather than the pool
        when = ", ".join(f"{at:.1f}" for _, at in sorted(worst, key=lambda w: w[1]))
        notes.append(f"slowest 1 % of matches proposed at (s into the storm): {when}")
    figures = {
        "users": len(users),
        "matches": len(found),
        "outcomes": dict(sorted(kinds.items())),
        "match_ms": match_ms,
        "found_ms": found_ms,
        "ack_ms": ack_ms,
        "requeued_matches": requeued_matches,
        "throughput": len(found) / window,
        "window_s": window,
        "cpu_pct": {name: 100 * (cpu_at(c, last_found) - cpu_at(c, t0)) / window for name, c in cpu.items() if c},
        "rss_mb": rss,
        "kafka_rtt_ms": kafka_rtt_ms,
        "pushes": dict(sorted(pushes.items())),
    }
    return Report(figures, broken, notes)


def waiting_intervals(user: User) -> list[tuple[float, float]]:
    """When the user's request was in the queue (from each match.queued to the proposal or outcome after it)."""
    spans, start = [], None
    for t, data in user.log:
        if data["kind"] == "match.queued" and data.get("request_id") == user.request_id and start is None:
            start = t
        elif data["kind"] in ("match.proposed", *OUTCOMES) and start is not None:
            spans.append((start, t))
            start = None
    if start is not None:
        spans.append((start, math.inf))
    return spans


def cpu_at(samples: list[tuple[float, float]], t: float) -> float:
    before = [c for s, c in samples if s <= t]
    return before[-1] if before else samples[0][1]


HEADER = (
    "| users | matches | outcomes | match p50 / p99 / max ms | accept->found p50 / p99 ms | send->ack p50 / p99 ms "
    "| Kafka round trip p50 / p99 ms | throughput |\n|---|---|---|---|---|---|---|---|"
)


def row(f: dict[str, Any]) -> str:
    m, a, k, r = f["match_ms"], f["found_ms"], f["ack_ms"], f["kafka_rtt_ms"]
    outcomes = ", ".join(f"{k} {v}" for k, v in f["outcomes"].items())
    return (
        f"| {f['users']} | {f['matches']} | {outcomes} | {pct(m, 50):.1f} / {pct(m, 99):.1f} / "
        f"{max(m, default=math.nan):.1f} | {pct(a, 50):.1f} / {pct(a, 99):.1f} | {pct(k, 50):.1f} / {pct(k, 99):.1f} "
        f"| {pct(r, 50):.1f} / {pct(r, 99):.1f} | {f['throughput']:.1f}/s |"
    )


def floor_ratios(f: dict[str, Any]) -> str:
    """Our figures over the floor measured in the same run: a match is about two Kafka round trips and two socket
    hops (the request in, the proposal out), so ~2-3x the bare round trip is as good as this broker allows."""
    m, k, r = f["match_ms"], f["ack_ms"], f["kafka_rtt_ms"]
    ratios = [
        f"match / Kafka round trip: p50 {pct(m, 50) / pct(r, 50):.1f}x, p99 {pct(m, 99) / pct(r, 99):.1f}x",
        f"match / send->ack: p50 {pct(m, 50) / pct(k, 50):.1f}x, p99 {pct(m, 99) / pct(k, 99):.1f}x",
        f"send->ack / Kafka round trip: p50 {pct(k, 50) / pct(r, 50):.1f}x, p99 {pct(k, 99) / pct(r, 99):.1f}x",
    ]
    return "floor (same run): " + "; ".join(ratios)


def resources(f: dict[str, Any]) -> str:
    cpu = ", ".join(f"{name} {pct_:.0f} %" for name, pct_ in f["cpu_pct"].items())
    rss = ", ".join(f"{name} {mb:.0f} MiB" for name, mb in f["rss_mb"].items())
    return f"CPU over the storm window (100 % = one core): {cpu}; RSS at the end: {rss}"


# Running it


@dataclass
class Service:
    """One launcher process (``--services NAME``), its output's tail, and its CPU time over the run."""

    name: str
    proc: Any
    tail: deque[str] = field(default_factory=lambda: deque(maxlen=50))
    cpu: list[tuple[float, float]] = field(default_factory=list)


def drain_output(stdout: Any, tail: deque[str]) -> None:
    for line in stdout:
        tail.append(line)


async def sample_cpu(pids: dict[str, int], into: dict[str, list[tuple[float, float]]]) -> None:
    while True:
        now = time.monotonic()
        for name, pid in pids.items():
            with contextlib.suppress(OSError):
                into[name].append((now, cpu_seconds(pid)))
        await asyncio.sleep(0.25)


class KafkaProbe:
    """The floor, measured beside the storm: a bare produce -> consume round trip on a topic of its own (the same
    broker, the same client library, acks=1, linger 0), every PROBE_EVERY_S, from this process."""

    def __init__(self, bootstrap: str) -> None:
        self._bootstrap = bootstrap
        self.rtt_ms: list[float] = []
        self._sent: dict[bytes, float] = {}

    async def run(self, until: asyncio.Event) -> None:
        await ensure_topics(self._bootstrap, [PROBE_TOPIC])
        producer = AIOKafkaProducer(bootstrap_servers=self._bootstrap, linger_ms=0)
        consumer = AIOKafkaConsumer(
            PROBE_TOPIC.name, bootstrap_servers=self._bootstrap, group_id=None, auto_offset_reset="latest"
        )
        await producer.start()
        await consumer.start()
        await consumer.seek_to_end()
        reader = asyncio.create_task(self._read(consumer))
        try:
            i = 0
            while not until.is_set():
                key = str(i).encode()
                i += 1
                self._sent[key] = time.monotonic()
                await producer.send_and_wait(PROBE_TOPIC.name, b"probe", key=key)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(until.wait(), PROBE_EVERY_S)
        finally:
            reader.cancel()
            await producer.stop()
            await consumer.stop()

    async def _read(self, consumer: AIOKafkaConsumer) -> None:
        async for record in consumer:
            sent = self._sent.pop(record.key, None)
            if sent is not None:
                self.rtt_ms.append((time.monotonic() - sent) * 1000)


def busy_loops(count: int, seconds: float) -> list[subprocess.Popen[bytes]]:
    """``count`` processes that spin on the CPU for ``seconds`` and then exit by themselves (CPU starvation)."""
    code = f"import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"
    return [subprocess.Popen([sys.executable, "-c", code]) for _ in range(count)]


@contextlib.contextmanager
def services(servers: Servers, log_level: str) -> Iterator[tuple[int, list[Service]]]:
    """The gateway and match_svc, each in a launcher process of its own (as deployed); the gateway's port."""
    gateway_port, match_port = free_ports(2)
    env = servers.env(PREFIX) | {
        "PEERPREP_ENVIRONMENT": "test",
        "PEERPREP_LOG_LEVEL": log_level,
        "GATEWAY_HTTP_PORT": str(gateway_port),
        "MATCH_HTTP_PORT": str(match_port),
    }
    with contextlib.ExitStack() as stack:
        started = []
        for name in ("gateway", "match_svc"):
            proc = stack.enter_context(
                launch_peerprep("up", "--no-infra", "--no-web-build", "--services", name, env=env)
            )
            started.append(Service(name, proc))
        for service in started:
            read_until(service.proc, "service(s) ready")
            threading.Thread(target=drain_output, args=(service.proc.stdout, service.tail), daemon=True).start()
        try:
            yield gateway_port, started
        finally:
            for service in started:
                service.proc.send_signal(signal.SIGTERM)  # a graceful stop; launch_peerprep kills it if that hangs
            for service in started:
                service.proc.wait(30)


def profile(pid: int, path: Path, seconds: float) -> subprocess.Popen[bytes]:
    """py-spy sampling ``pid`` for ``seconds`` (collapsed stacks, one line per stack with its sample count)."""
    py_spy = shutil.which("py-spy", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    if py_spy is None:
        raise RuntimeError("py-spy is not installed (it is a dev dependency: uv sync)")
    command = [py_spy, "record", "--pid", str(pid), "--duration", str(round(seconds)), "--rate", "100"]
    command += ["--format", "raw", "--output", str(path), "--nonblocking"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


async def topic_records(bootstrap: str) -> dict[str, int]:
    """How many records each of the storm's topics holds (what the run cost in Kafka records)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    await consumer.start()
    try:
        partitions = [TopicPartition(f"{PREFIX}{s.name}", p) for s in CATALOG for p in range(s.partitions)]
        ends = await consumer.end_offsets(partitions)
    finally:
        await consumer.stop()
    counts: dict[str, int] = defaultdict(int)
    for tp, end in ends.items():
        counts[tp.topic.removeprefix(PREFIX)] += end
    return {t: n for t, n in counts.items() if n}


async def bench(servers: Servers, others: dict[str, int], args: argparse.Namespace) -> Report:
    await ensure_topics(servers.kafka_bootstrap, CATALOG, prefix=PREFIX)
    mint = TokenMint()
    await mint.publish_key(servers, PREFIX)
    users = make_users(args.users, args.seconds, random.Random(args.seed))  # noqa: S311 (a reproducible storm, not a secret)
    storm = Storm(users)
    with services(servers, args.log_level) as (gateway_port, started):
        try:
            opened = time.monotonic()
            await storm.open(f"ws://127.0.0.1:{gateway_port}/ws", mint)
            print(f"bench: {len(users)} sockets open in {time.monotonic() - opened:.1f} s", flush=True)
            await asyncio.sleep(SETTLE_S)
            pids = {s.name: s.proc.pid for s in started} | others | {"bench": os.getpid()}
            samples: dict[str, list[tuple[float, float]]] = {name: [] for name in pids}
            sampler = asyncio.create_task(sample_cpu(pids, samples))
            done = asyncio.Event()
            probe = KafkaProbe(servers.kafka_bootstrap)
            prober = asyncio.create_task(probe.run(done))
            bound = TIMEOUT_S + READY_CHECK_S + DRAIN_MARGIN_S
            spinners = busy_loops(args.busy, args.seconds + bound) if args.busy else []
            profilers = []
            if args.profile:
                args.profile.mkdir(parents=True, exist_ok=True)
                profilers = [profile(s.proc.pid, args.profile / f"{s.name}.txt", args.seconds) for s in started]
            gc.collect()
            gc.disable()  # the clients' own collection pauses are not what is measured
            t0 = time.monotonic()
            try:
                await storm.run(t0)
                print(f"bench: {len(users)} requests sent; waiting for every outcome ...", flush=True)
                try:
                    async with asyncio.timeout(bound):
                        await storm.all_ended.wait()
                except TimeoutError:
                    for service in started:
                        print(f"bench: drain bound passed; {service.name} said:\n" + "".join(service.tail), flush=True)
            finally:
                gc.enable()
                sampler.cancel()
                done.set()
                await prober
                for spinner in spinners:
                    spinner.kill()
                    spinner.wait()
                for profiler in profilers:
                    await asyncio.to_thread(profiler.wait, 30)
            rss = {s.name: rss_mb(s.proc.pid) for s in started}
            report = analyse(users, samples, t0, rss, probe.rtt_ms)
            report.figures["records"] = await topic_records(servers.kafka_bootstrap)
            return report
        finally:
            await storm.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=2000, help="simulated users, one request each")
    parser.add_argument("--seconds", type=float, default=30, help="arrivals spread over this long")
    parser.add_argument("--seed", type=int, default=1, help="arrivals and criteria")
    parser.add_argument("--log-level", default="WARNING", help="the services' PEERPREP_LOG_LEVEL")
    parser.add_argument("--busy", type=int, default=0, help="CPU starvation: this many busy-loop processes (0-4)")
    parser.add_argument("--profile", type=Path, help="py-spy both services over the storm into this folder")
    args = parser.parse_args()
    if not 2 <= args.users <= 5000 or not 0 < args.seconds <= 120 or not 0 <= args.busy <= 4:
        parser.error("bounded: users in [2, 5000], seconds in (0, 120], busy in [0, 4]")
    raise_fd_limit()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="peerprep-bench-") as tmp:
        infra = native_infra(Path(tmp), mongodb_url=os.environ.get("MONGODB_URL"))
        infra.up()
        try:
            others = {name: pid for name, pid in infra.pids().items() if pid is not None}
            report = asyncio.run(bench(Servers(infra.kafka_bootstrap, infra.mongodb_url), others, args))
        finally:
            infra.down()
    f = report.figures
    busy = f", {args.busy} busy-loop process(es)" if args.busy else ""
    print(f"\n{os.cpu_count()} cores; {args.users} users over {args.seconds:.0f} s, seed {args.seed}{busy}")
    print(f"load average (1/5/15 min) before {_load(load_before)}, after {_load(os.getloadavg())}\n")
    print(HEADER)
    print(row(f))
    print(f"\n{floor_ratios(f)}\n{resources(f)}")
    per_match = max(f["matches"], 1)
    print("records per match: " + ", ".join(f"{t} {n / per_match:.1f}" for t, n in f["records"].items()))
    print("pushes the clients got: " + ", ".join(f"{k} {n}" for k, n in f["pushes"].items()))
    print(
        f"matches after a requeue: {f['requeued_matches']}; storm window "
        f"{f['window_s']:.1f} s (first request -> last match.found)"
    )
    for note in report.notes:
        print(f"note: {note}")
    if report.broken:
        print(f"\nINVARIANTS BROKEN ({len(report.broken)}):")
        for line in report.broken[:30]:
            print(f"  {line}")
        return 1
    print("\ninvariants: one outcome per request, nobody in two matches, compatible pairs, no needless timeout: OK")
    return 0


def _load(averages: tuple[float, float, float]) -> str:
    return " / ".join(f"{a:.2f}" for a in averages)


if __name__ == "__main__":
    raise SystemExit(main())
