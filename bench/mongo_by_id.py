"""What a MongoDB-wire operation costs by collection size: reads, updates and deletes by `_id`, and `$in`.

The services' hot paths read and write one document by `_id` (claims, sessions, refresh tokens, the outbox).
FerretDB v1.24.2's SQLite backend used to scan the table for each of them (its query and its index named `_id`
with two different expressions; `infra/ferretdb/patches.json` fixes it). This starts its own FerretDB (native, a
free loopback port, a temporary folder) unless `--mongodb-url` names a server, fills one collection to each size,
and times each operation on random documents, beside the floor measured in the same run: a bare `ping` command
round trip. Prints p50/p99 per operation and as a ratio to the ping's p50.

    uv run python bench/mongo_by_id.py [--sizes 1,1000,5000] [--ops 200] [--mongodb-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient

from peerprep_testing import native_infra


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


async def timed(ops: int, operation: Callable[[int], Awaitable[Any]]) -> list[float]:
    samples = []
    for i in range(ops):
        started = time.perf_counter()
        await operation(i)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


async def measure(url: str, sizes: list[int], ops: int) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url)
    db = client["bench_by_id"]
    coll = db["docs"]
    await coll.drop()
    rng = random.Random(1)  # noqa: S311 (which documents, not a secret)
    rows: list[tuple[str, float, float]] = []
    for size in sizes:
        have = await coll.count_documents({})
        if have < size:
            fresh = [{"_id": f"user-{i}", "match_id": "m", "claimed_at": i} for i in range(have, size)]
            for start in range(0, len(fresh), 1000):
                await coll.insert_many(fresh[start : start + 1000])

        def some(_: int, size: int = size) -> str:
            return f"user-{rng.randrange(size)}"

        ping = await timed(ops, lambda _: db.command("ping"))
        floor = statistics.median(ping)
        cases: dict[str, Callable[[int], Awaitable[Any]]] = {
            "ping (floor)": lambda _: db.command("ping"),
            "find_one by _id, present": lambda i: coll.find_one({"_id": some(i)}),
            "find_one by _id, absent": lambda i: coll.find_one({"_id": f"nobody-{i}"}),
            "update_one by _id": lambda i: coll.update_one({"_id": some(i)}, {"$set": {"claimed_at": i}}),
            "delete_one by _id + insert_one": lambda i: _delete_and_insert(coll, some(i)),
            "find $in of 20 _ids": lambda i: coll.find({"_id": {"$in": [some(i) for _ in range(20)]}}).to_list(),
        }
        print(f"\n{size} documents (ping p50 {floor:.2f} ms)")
        for name, operation in cases.items():
            samples = ping if name.startswith("ping") else await timed(ops, operation)
            p50, p99 = statistics.median(samples), percentile(samples, 0.99)
            rows.append((f"{size} | {name}", p50, p99))
            print(f"  {name:34s} p50 {p50:8.2f} ms  p99 {p99:8.2f} ms  p50/ping {p50 / floor:6.1f}x")
    await client.close()
    print("\n| documents | operation | p50 ms | p99 ms |\n|---|---|---|---|")
    for name, p50, p99 in rows:
        print(f"| {name} | {p50:.2f} | {p99:.2f} |")


async def _delete_and_insert(coll: Any, user_id: str) -> None:
    await coll.delete_one({"_id": user_id})
    await coll.insert_one({"_id": user_id, "match_id": "m", "claimed_at": 0})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,1000,5000")
    parser.add_argument("--ops", type=int, default=200, help="operations per case and size (at most 2000)")
    parser.add_argument("--mongodb-url", help="measure this server instead of starting FerretDB")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    ops = min(args.ops, 2000)
    if max(sizes) > 100_000:
        parser.error("at most 100,000 documents")
    if args.mongodb_url:
        asyncio.run(measure(args.mongodb_url, sizes, ops))
        return
    with tempfile.TemporaryDirectory(prefix="peerprep-bench-") as tmp:
        infra = native_infra(Path(tmp))
        infra.start_mongodb()
        try:
            asyncio.run(measure(infra.mongodb_url, sizes, ops))
        finally:
            infra.stop_mongodb()


if __name__ == "__main__":
    main()
