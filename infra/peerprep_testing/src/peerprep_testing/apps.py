"""Services under test: an app's lifespan with an HTTP client, a real uvicorn server, the launcher as a user runs it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from peerprep.run import server_for
from peerprep_testing.servers import REPO_ROOT, free_ports


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
