"""Runs a set of services in one process: one uvicorn server each, on its own port, in one event loop.

The code is the same as one service per process or pod; only this wiring differs.
"""

from __future__ import annotations

import asyncio
import gc
import signal
import socket
import time
from collections.abc import Callable
from contextlib import suppress

import httpx
import uvicorn
from fastapi import FastAPI

from peerprep.services import app_factory
from svc_kit.logging import get_logger
from svc_kit.runtime import Hook, ServiceContext


class Server(uvicorn.Server):
    """One service's uvicorn server. Shutting down, it first runs the service's drain hooks (the gateway closes its
    websockets with 1001, "going away"), before uvicorn closes what is still open."""

    def __init__(self, config: uvicorn.Config, drain: list[Hook]) -> None:
        super().__init__(config)
        self._drain = drain

    def install_signal_handlers(self) -> None:  # the launcher handles signals for all servers at once
        pass

    def capture_signals(self):  # type: ignore[no-untyped-def]
        from contextlib import nullcontext

        return nullcontext()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for hook in self._drain:
            try:
                await asyncio.wait_for(hook(), timeout=5)
            except Exception:  # a drain that fails must not keep the server up
                get_logger("peerprep.run").exception("server.drain_failed", port=self.config.port)
        await super().shutdown(sockets)


class LaunchError(RuntimeError):
    pass


async def _serve(server: Server) -> None:
    try:
        await server.serve()
    except SystemExit:  # uvicorn exits this way when an app's start-up fails; the reason is already logged
        return


def server_for(app: FastAPI, *, port: int | None = None) -> Server:
    """The uvicorn server a service runs in, configured from its settings (``port`` overrides theirs)."""
    ctx: ServiceContext = app.state.ctx
    settings = ctx.settings
    config = uvicorn.Config(
        app,
        host=settings.http_host,
        port=settings.port if port is None else port,
        log_config=None,
        lifespan="on",
        access_log=False,
        timeout_graceful_shutdown=int(settings.shutdown_grace_s),  # open websockets must not hold shutdown
        ws_max_size=settings.ws_max_bytes,
        ws_ping_interval=settings.ws_ping_interval_s,
        ws_ping_timeout=settings.ws_ping_timeout_s,
    )
    return Server(config, ctx.on_drain)


async def run_services(
    names: list[str],
    *,
    progress: Callable[[str], None],
    ready_timeout_s: float = 60,
    launched_at: float | None = None,
) -> None:
    """Start ``names``, report each as its /readyz answers 200, run until SIGINT/SIGTERM, then stop in order.
    ``launched_at`` (``time.monotonic()`` when the command began) adds the whole start's time to the last line."""
    started_at = time.monotonic()
    apps = {name: app_factory(name)() for name in names}
    servers = {name: server_for(app) for name, app in apps.items()}
    tasks = {name: asyncio.create_task(_serve(server), name=name) for name, server in servers.items()}
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    interrupted = asyncio.create_task(stop.wait())
    try:
        ready = asyncio.create_task(
            _wait_ready(apps, servers, tasks, timeout_s=ready_timeout_s, progress=progress, started_at=started_at)
        )
        await asyncio.wait([ready, interrupted], return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():  # Ctrl-C while starting
            ready.cancel()
            return
        ready.result()
        # What start-up made (modules, classes, the apps) lives as long as the process: the collector need not
        # scan it again, which shortens every full collection (a pause for every socket and consumer).
        gc.freeze()
        progress(f"{len(names)} service(s) ready in {time.monotonic() - started_at:.1f} s")
        if "gateway" in servers:
            gateway = servers["gateway"].config
            since = f"{time.monotonic() - launched_at:.1f} s after start, " if launched_at is not None else ""
            progress(f"PeerPrep is up: open http://{gateway.host}:{gateway.port}  ({since}Ctrl-C stops it)")
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
    apps: dict[str, FastAPI],
    servers: dict[str, Server],
    tasks: dict[str, asyncio.Task[None]],
    *,
    timeout_s: float,
    progress: Callable[[str], None],
    started_at: float,
    every_s: float = 10.0,
) -> None:
    """Poll every /readyz until each answers 200, saying so per service as it does (and every ``every_s`` which
    are still starting)."""
    deadline = started_at + timeout_s
    next_beat = started_at + every_s
    pending = set(servers)
    async with httpx.AsyncClient(timeout=3) as client:
        while pending:
            for name in [n for n in servers if n in pending]:
                if tasks[name].done():
                    reason = apps[name].state.ctx.startup_error or "the reason is logged above"
                    raise LaunchError(f"{name} failed to start: {reason}")
                config = servers[name].config
                with suppress(httpx.HTTPError):
                    response = await client.get(f"http://{config.host}:{config.port}/readyz")
                    if response.status_code == 200:
                        pending.discard(name)
                        took = time.monotonic() - started_at
                        progress(f"  {name:<13} ready in {took:4.1f} s  http://{config.host}:{config.port}")
            now = time.monotonic()
            if pending and now > deadline:
                raise LaunchError(f"not ready after {timeout_s:.0f} s: {', '.join(sorted(pending))}")
            if pending and now > next_beat:
                progress(f"  ... still starting after {now - started_at:.0f} s: {', '.join(sorted(pending))}")
                next_beat = now + every_s
            if pending:
                await asyncio.sleep(0.1)
