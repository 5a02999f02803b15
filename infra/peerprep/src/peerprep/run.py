"""Runs a set of services in one process: one uvicorn server each, on its own port, in one event loop.

The code is the same as one service per process or pod; only this wiring differs.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable
from contextlib import suppress

import httpx
import uvicorn
from fastapi import FastAPI

from peerprep.services import app_factory


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the launcher handles signals for all servers at once
        pass

    def capture_signals(self):  # type: ignore[no-untyped-def]
        from contextlib import nullcontext

        return nullcontext()


class LaunchError(RuntimeError):
    pass


async def _serve(server: _Server) -> None:
    try:
        await server.serve()
    except SystemExit:  # uvicorn exits this way when an app's start-up fails; the reason is already logged
        return


def _server(app: FastAPI) -> _Server:
    settings = app.state.ctx.settings
    config = uvicorn.Config(
        app,
        host=settings.http_host,
        port=settings.port,
        log_config=None,
        lifespan="on",
        access_log=False,
        timeout_graceful_shutdown=int(settings.shutdown_grace_s),  # open websockets must not hold shutdown
    )
    return _Server(config)


async def run_services(names: list[str], *, progress: Callable[[str], None], ready_timeout_s: float = 60) -> None:
    """Start ``names``, report when every /readyz answers 200, run until SIGINT/SIGTERM, then stop in order."""
    started_at = time.monotonic()
    apps = {name: app_factory(name)() for name in names}
    servers = {name: _server(app) for name, app in apps.items()}
    tasks = {name: asyncio.create_task(_serve(server), name=name) for name, server in servers.items()}
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    interrupted = asyncio.create_task(stop.wait())
    try:
        ready = asyncio.create_task(_wait_ready(apps, servers, tasks, timeout_s=ready_timeout_s))
        await asyncio.wait([ready, interrupted], return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():  # Ctrl-C while starting
            ready.cancel()
            return
        ready.result()
        progress(f"{len(names)} service(s) ready in {time.monotonic() - started_at:.1f} s")
        for name, server in servers.items():
            progress(f"  {name:<13} http://{server.config.host}:{server.config.port}")
        if "gateway" in servers:
            gateway = servers["gateway"].config
            progress(f"PeerPrep is up: open http://{gateway.host}:{gateway.port}  (Ctrl-C stops it)")
        await asyncio.wait([interrupted, *tasks.values()], return_when=asyncio.FIRST_COMPLETED)
        failed = [n for n, t in tasks.items() if t.done()]
        if failed and not stop.is_set():
            raise LaunchError(f"{', '.join(failed)} stopped unexpectedly; see the log above")
    finally:
        interrupted.cancel()
        progress("stopping")
        # The gateway first (no new browser traffic), then the services together; each drains its consumers.
        gateway_first = [[n for n in servers if n == "gateway"], [n for n in servers if n != "gateway"]]
        for group in gateway_first:
            for name in group:
                servers[name].should_exit = True
            await asyncio.gather(*(_stopped(tasks[name]) for name in group))
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


async def _stopped(task: asyncio.Task[None]) -> None:
    with suppress(Exception):
        await asyncio.wait_for(task, 60)


async def _wait_ready(
    apps: dict[str, FastAPI], servers: dict[str, _Server], tasks: dict[str, asyncio.Task[None]], *, timeout_s: float
) -> None:
    deadline = time.monotonic() + timeout_s
    pending = set(servers)
    async with httpx.AsyncClient(timeout=3) as client:
        while pending:
            for name in list(pending):
                if tasks[name].done():
                    reason = apps[name].state.ctx.startup_error or "the reason is logged above"
                    raise LaunchError(f"{name} failed to start: {reason}")
                config = servers[name].config
                with suppress(httpx.HTTPError):
                    response = await client.get(f"http://{config.host}:{config.port}/readyz")
                    if response.status_code == 200:
                        pending.discard(name)
            if pending and time.monotonic() > deadline:
                raise LaunchError(f"not ready after {timeout_s:.0f} s: {', '.join(sorted(pending))}")
            if pending:
                await asyncio.sleep(0.1)
