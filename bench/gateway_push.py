"""Push latency of ONE gateway process: from the Kafka publish of ``user.notify`` to the websocket receipt.

    uv run python bench/gateway_push.py [--users 100,1000,5000] [--rate 500] [--seconds 10]

Starts its own Kafka (native, free loopback ports, a temporary folder; no database: the gateway has none), one
gateway process (the launcher, ``--services gateway``), then for each N: opens N websockets for N distinct users
(each authenticated with a token signed by a key published on ``auth.keys``), publishes notifications round-robin
over the users at a fixed rate, each stamped with its publish time, and measures publish -> receipt at the client.
Bounded in count and time, loopback only; it stops everything it started. Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from aiokafka import AIOKafkaProducer
from procstats import cpu_seconds, raise_fd_limit, rss_mb
from websockets.asyncio.client import ClientConnection, connect

from contracts import CATALOG, Envelope, topic_for
from contracts.events.notify import UserNotification
from contracts.notices import MatchPartnerAcceptedNotice
from peerprep_testing import Servers, TokenMint, free_ports, launch_peerprep, native_infra, read_until
from svc_kit.bus import event_headers
from svc_kit.kafka_topics import ensure_topics

PREFIX = "bench."
CONNECT_CONCURRENCY = 100
WARMUP_S = 3.0  # the collections that opening N sockets made due happen here, not in the measurement
DRAIN_TIMEOUT_S = 15.0
MAX_MESSAGES = 100_000  # whatever the flags say


@dataclass
class Result:
    users: int
    rate: float
    connect_s: float
    sent: int
    received: int
    latencies_ms: list[float]
    window_s: float
    gateway_cpu_pct: float
    gateway_rss_mb: float

    def row(self) -> str:
        lat = sorted(self.latencies_ms)

        def pct(p: float) -> float:
            return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] if lat else float("nan")

        return (
            f"| {self.users:>5} | {self.rate:>5.0f}/s | {self.sent:>6} | {self.received:>6} | {pct(50):6.1f} | "
            f"{pct(95):6.1f} | {pct(99):6.1f} | {max(lat, default=float('nan')):6.1f} | "
            f"{self.received / self.window_s:7.0f}/s | {self.gateway_cpu_pct:4.0f} % | "
            f"{self.gateway_rss_mb:5.0f} MiB | {self.connect_s:5.1f} s |"
        )


HEADER = (
    "| users | rate | sent | received | p50 ms | p95 ms | p99 ms | max ms | throughput | gateway CPU | gateway RSS "
    "| connect |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
)


class Clients:
    """N authenticated sockets; each records the latency of every push it gets."""

    def __init__(self) -> None:
        self.latencies_ms: list[float] = []
        self.received = 0
        self.expected = 0
        self.all_received = asyncio.Event()
        self._sockets: list[ClientConnection] = []
        self._readers: list[asyncio.Task[None]] = []

    async def open(self, url: str, mint: TokenMint, users: int) -> None:
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

        async def one(i: int) -> None:
            async with gate:
                # A browser never pings (the gateway does): so neither does this client.
                socket = await connect(url, open_timeout=30, max_queue=None, ping_interval=None)
                await socket.send(json.dumps({"v": 1, "type": "auth", "token": mint.token(f"u{i}")}))
                ready = json.loads(await socket.recv())
                if ready["type"] != "ready":
                    raise RuntimeError(f"user u{i}: {ready}")
                self._sockets.append(socket)
                self._readers.append(asyncio.create_task(self._read(socket)))

        await asyncio.gather(*(one(i) for i in range(users)))

    async def _read(self, socket: ClientConnection) -> None:
        async for frame in socket:
            now_ns = time.time_ns()
            message = json.loads(frame)
            if message["type"] == "notify" and message["data"]["request_id"] == "measured":
                self.latencies_ms.append((now_ns - int(message["data"]["match_id"])) / 1e6)
                self.received += 1
                if self.received >= self.expected:
                    self.all_received.set()

    async def close(self) -> None:
        for reader in self._readers:
            reader.cancel()
        await asyncio.gather(*(s.close() for s in self._sockets), return_exceptions=True)


async def publish_at_rate(
    producer: AIOKafkaProducer, users: int, rate: float, seconds: float, *, start: int, measured: bool
) -> int:
    """Publish ``rate * seconds`` notifications round-robin over the users, each stamped just before sending."""
    topic = f"{PREFIX}{topic_for(UserNotification).name}"
    count = min(int(rate * seconds), MAX_MESSAGES)
    pending = []
    t0 = time.monotonic()
    for i in range(count):
        delay = t0 + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        user = f"u{(start + i) % users}"
        # The gateway sends only notices of its protocol: one that carries the send time in its match_id.
        stamped = MatchPartnerAcceptedNotice(
            request_id="measured" if measured else "warm-up", match_id=str(time.time_ns())
        )
        note = stamped.to(user, notification_id=f"n{start + i}")
        envelope = Envelope.wrap(note, producer="bench")
        headers = [(k, v.encode()) for k, v in event_headers(envelope).items()]
        pending.append(await producer.send(topic, envelope.to_bytes(), key=user.encode(), headers=headers))
    await asyncio.gather(*pending)
    return count


async def run_one(
    url: str,
    mint: TokenMint,
    producer: AIOKafkaProducer,
    users: int,
    args: argparse.Namespace,
    gateway_pid: int,
    offset: int,
) -> Result:
    clients = Clients()
    started = time.monotonic()
    await clients.open(url, mint, users)
    connect_s = time.monotonic() - started
    await publish_at_rate(producer, users, args.rate, WARMUP_S, start=offset, measured=False)
    clients.expected = min(int(args.rate * args.seconds), MAX_MESSAGES)
    gc.collect()
    gc.disable()  # the measuring side must not add its own collection pauses to what it measures
    try:
        cpu0, t0 = cpu_seconds(gateway_pid), time.monotonic()
        sent = await publish_at_rate(producer, users, args.rate, args.seconds, start=offset + 1_000_000, measured=True)
        async with asyncio.timeout(DRAIN_TIMEOUT_S):
            await clients.all_received.wait()
        window = time.monotonic() - t0
    finally:
        gc.enable()
    cpu = cpu_seconds(gateway_pid) - cpu0
    result = Result(
        users=users,
        rate=args.rate,
        connect_s=connect_s,
        sent=sent,
        received=clients.received,
        latencies_ms=clients.latencies_ms,
        window_s=window,
        gateway_cpu_pct=100 * cpu / window,
        gateway_rss_mb=rss_mb(gateway_pid),
    )
    await clients.close()
    return result


def drain_output(proc_stdout: object, tail: deque[str]) -> None:
    for line in proc_stdout:  # type: ignore[attr-defined]
        tail.append(line)


async def bench(servers: Servers, args: argparse.Namespace) -> list[Result]:
    await ensure_topics(servers.kafka_bootstrap, CATALOG, prefix=PREFIX)
    mint = TokenMint()
    (port,) = free_ports(1)
    env = servers.env(PREFIX) | {
        "PEERPREP_LOG_LEVEL": args.log_level,
        "GATEWAY_HTTP_PORT": str(port),
    }
    producer = AIOKafkaProducer(bootstrap_servers=servers.kafka_bootstrap, linger_ms=0)
    await producer.start()
    results = []
    try:
        await mint.publish_key(servers, PREFIX)
        with launch_peerprep("up", "--no-infra", "--no-web-build", "--services", "gateway", env=env) as gateway:
            await asyncio.to_thread(read_until, gateway, "service(s) ready")
            tail: deque[str] = deque(maxlen=50)
            threading.Thread(target=drain_output, args=(gateway.stdout, tail), daemon=True).start()
            url = f"ws://127.0.0.1:{port}/ws"
            for n, users in enumerate(args.users):
                print(f"bench: {users} users ...", flush=True)
                try:
                    result = await run_one(url, mint, producer, users, args, gateway.pid, offset=n * 10_000_000)
                except TimeoutError:
                    print("bench: not every push arrived in time; the gateway said:\n" + "".join(tail), flush=True)
                    raise
                print(HEADER.splitlines()[0] + "\n" + result.row(), flush=True)
                results.append(result)
    finally:
        await producer.stop()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", default="100,1000,5000", help="comma-separated connection counts")
    parser.add_argument("--rate", type=float, default=500, help="notifications published per second")
    parser.add_argument("--seconds", type=float, default=10, help="how long to publish for, per user count")
    parser.add_argument("--log-level", default="INFO", help="the gateway's PEERPREP_LOG_LEVEL")
    args = parser.parse_args()
    args.users = [int(u) for u in args.users.split(",") if u.strip()]
    if not 0 < args.rate <= 5000 or not 0 < args.seconds <= 60 or max(args.users) > 10_000:
        parser.error("bounded: rate in (0, 5000], seconds in (0, 60], at most 10000 users")
    raise_fd_limit()
    with tempfile.TemporaryDirectory(prefix="peerprep-bench-") as tmp:
        # The gateway needs no database: the URL is never dialled, and no FerretDB is built or started.
        infra = native_infra(Path(tmp), mongodb_url=os.environ.get("MONGODB_URL") or "mongodb://127.0.0.1:9/")
        infra.prepare()
        infra.start_kafka()
        try:
            results = asyncio.run(bench(Servers(infra.kafka_bootstrap, infra.mongodb_url), args))
        finally:
            infra.stop_kafka()
    print(f"\n{os.cpu_count()} cores; rate {args.rate:.0f}/s for {args.seconds:.0f} s per row\n")
    print(HEADER)
    for result in results:
        print(result.row())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
