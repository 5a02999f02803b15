"""Does one service's bad input pause the others? /healthz of user_svc while question_svc gets forged tokens.

The local run keeps every service in one process and one event loop, so an error that is expensive to handle
(once: a forged token header raised an unexpected exception whose traceback rich rendered with its locals, about
3.7 s of CPU each) stalls every other service. This starts its own Kafka and FerretDB (native, free loopback
ports, a temporary folder) and the launcher with user_svc and question_svc in one process, then measures user_svc's
/healthz latency alone (the floor, in the same run) and while rounds of concurrent requests with a forged token
(`"kid": 5` in its header) hit question_svc. Prints p50/p99/max of both and the ratio of the p99s.

    uv run python bench/malformed_load.py [--rounds 10] [--concurrency 50] [--probes 300]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx

from peerprep_testing import Servers, free_ports, launch_peerprep, native_infra, read_until


def forged_token() -> str:
    def part(obj: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'EdDSA', 'kid': 5})}.{part({'sub': 'x'})}.c2ln"


def summary(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    return {
        "p50": round(statistics.median(ordered), 2),
        "p99": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 2),
        "max": round(ordered[-1], 2),
    }


async def probe(client: httpx.AsyncClient, url: str, count: int) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = await client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        await asyncio.sleep(0.005)
    return samples


async def attack(client: httpx.AsyncClient, url: str, rounds: int, concurrency: int) -> dict[int, int]:
    statuses: dict[int, int] = {}
    headers = {"Authorization": f"Bearer {forged_token()}"}
    for _ in range(rounds):
        answers = await asyncio.gather(*(client.get(url, headers=headers) for _ in range(concurrency)))
        for answer in answers:
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
    return statuses


async def bench(user_port: int, question_port: int, args: argparse.Namespace) -> None:
    health = f"http://127.0.0.1:{user_port}/healthz"
    target = f"http://127.0.0.1:{question_port}/api/questions/history"
    limits = httpx.Limits(max_connections=args.concurrency + 10)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        await probe(client, health, 20)  # warm-up
        floor = await probe(client, health, args.probes)
        attacking = asyncio.create_task(attack(client, target, args.rounds, args.concurrency))
        under: list[float] = []
        while not attacking.done():
            under += await probe(client, health, 10)
        statuses = await attacking
    floor_s, under_s = summary(floor), summary(under)
    print(f"forged-token requests to question_svc: {sum(statuses.values())}, answered {statuses}")
    print(f"user_svc /healthz alone (floor):   {floor_s} ms over {len(floor)} probes")
    print(f"user_svc /healthz under the flood: {under_s} ms over {len(under)} probes")
    print(f"p99 ratio to the floor: {under_s['p99'] / max(floor_s['p99'], 0.01):.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--probes", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="peerprep-bench-") as tmp:
        infra = native_infra(Path(tmp))
        infra.up()
        try:
            servers = Servers(infra.kafka_bootstrap, infra.mongodb_url)
            user_port, question_port = free_ports(2)
            env = servers.env("bench.") | {
                "PEERPREP_ENVIRONMENT": "development",
                "PEERPREP_LOG_LEVEL": "WARNING",
                "USER_HTTP_PORT": str(user_port),
                "QUESTION_HTTP_PORT": str(question_port),
                "QUESTION_LOAD_BANK": "false",
            }
            services = ("up", "--no-infra", "--no-web-build", "--services", "user_svc,question_svc")
            with launch_peerprep(*services, env=env) as launched:
                read_until(launched, "service(s) ready")
                assert launched.stdout is not None
                drain = launched.stdout
                threading.Thread(target=lambda: drain.read(), daemon=True).start()  # a full pipe freezes the services
                asyncio.run(bench(user_port, question_port, args))
        finally:
            infra.down()


if __name__ == "__main__":
    main()
