"""The app for a cross-service flow test, started as an operator starts it (``peerprep up`` subprocesses) in a
chosen shape, and driven only from outside: HTTP and ``/ws`` on the gateway, Kafka on the test's topic prefix.

- ``Shape.ONE_PROCESS``: the services and the gateway in one launcher process, as ``peerprep up`` runs them locally;
- ``Shape.PER_SERVICE``: one launcher process per service and one for the gateway, each on its own port, as one
  pod per service runs them.

Every launcher starts at once; each is ready when it prints that its services answer ``/readyz``. Leaving kills
them all and drops the test's databases. This module imports no service (import-linter): only what a deployment
sees, the environment variables of each service's settings.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import os
import sys
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import pytest

from peerprep_testing.servers import REPO_ROOT, Servers, drop_databases, free_ports
from peerprep_testing.tokens import TokenMint

READY_MARKER = "service(s) ready"  # what the launcher prints once every service it runs answers /readyz
START_S = 120  # two cores, several launchers importing the code base at once
PORT_VARS = {
    "user_svc": "USER_HTTP_PORT",
    "match_svc": "MATCH_HTTP_PORT",
    "question_svc": "QUESTION_HTTP_PORT",
    "collab_svc": "COLLAB_HTTP_PORT",
    "exec_svc": "EXEC_HTTP_PORT",
    "ai_svc": "AI_HTTP_PORT",
    "gateway": "GATEWAY_HTTP_PORT",
}
ROUTE_NAMES = {  # /api/<name>/... on the gateway -> the service
    "user_svc": "users",
    "match_svc": "match",
    "question_svc": "questions",
    "collab_svc": "sessions",
    "exec_svc": "exec",
    "ai_svc": "ai",
}
TEST_ENV = {  # what servers_settings gives in-process services, as the environment says it
    "PEERPREP_ENVIRONMENT": "test",
    "PEERPREP_HANDLER_RETRIES": "1",
    "PEERPREP_SHUTDOWN_GRACE_S": "5",
}


class Shape(StrEnum):
    ONE_PROCESS = "one-process"
    PER_SERVICE = "per-service"


both_shapes = pytest.mark.parametrize("shape", list(Shape), ids=str)
"""``@both_shapes`` runs a test (taking ``shape: Shape``) once per shape, with the shape as its id."""


@dataclass(frozen=True)
class LaunchedApp:
    url: str  # the gateway's base URL
    urls: dict[str, str]  # service name -> base URL (for /readyz; tests go through the gateway)
    prefix: str
    mint: TokenMint  # its key is on auth.keys: the gateway and the services accept its tokens


class Launcher:
    """One ``peerprep up --no-infra`` subprocess running ``names``; its output kept (the last lines) once ready."""

    def __init__(self, names: list[str], env: Mapping[str, str]) -> None:
        self.names = names
        self._env = env
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self.tail: collections.deque[str] = collections.deque(maxlen=60)

    async def start(self) -> None:
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "peerprep.cli",
            "up",
            "--no-infra",
            "--no-web-build",
            "--services",
            ",".join(self.names),
            cwd=REPO_ROOT,
            env=os.environ | {"PYTHONUNBUFFERED": "1"} | dict(self._env),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        try:
            async with asyncio.timeout(START_S):
                while line := await self._line():
                    if READY_MARKER in line:
                        break
                else:
                    raise AssertionError(f"launcher of {self.names} exited ({await self._proc.wait()}):\n{self}")
        except TimeoutError:
            raise AssertionError(f"launcher of {self.names} not ready after {START_S} s:\n{self}") from None
        # Keep reading what the services log: a full pipe would block them.
        self._reader = asyncio.create_task(self._read_on())

    async def _line(self) -> str:
        assert self._proc is not None
        assert self._proc.stdout is not None
        line = (await self._proc.stdout.readline()).decode(errors="replace")
        if line:
            self.tail.append(line)
        return line

    async def _read_on(self) -> None:
        while await self._line():
            pass

    async def kill(self) -> None:
        if self._proc is not None and self._proc.returncode is None:
            self._proc.kill()
            await self._proc.wait()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._reader, 5)

    def __str__(self) -> str:
        return "".join(self.tail)


def launch_env(servers: Servers, prefix: str, ports: Mapping[str, int]) -> dict[str, str]:
    """The environment every launcher gets: the test servers and prefix, each service's port, the gateway's routes."""
    routes = {ROUTE_NAMES[n]: f"http://127.0.0.1:{port}" for n, port in ports.items() if n in ROUTE_NAMES}
    return (
        servers.env(prefix)
        | TEST_ENV
        | {PORT_VARS[name]: str(port) for name, port in ports.items()}
        | {"GATEWAY_ROUTES": json.dumps(routes)}
    )


@contextlib.asynccontextmanager
async def launched_app(
    servers: Servers,
    prefix: str,
    shape: Shape,
    services: Iterable[str],
    *,
    env: Mapping[str, str] | None = None,
    mint: TokenMint | None = None,
) -> AsyncIterator[LaunchedApp]:
    """``services`` and the gateway in ``shape``, with extra ``env`` (``MATCH_TIMEOUT_S``, ``QUESTION_BANK_DIR``...).

    ``mint``'s key (a new mint's without one) is put on ``auth.keys`` first, so tokens it signs are accepted.
    """
    mint = mint or TokenMint()
    await mint.publish_key(servers, prefix)
    names = list(dict.fromkeys([*services, "gateway"]))
    ports = dict(zip(names, free_ports(len(names)), strict=True))
    environment = launch_env(servers, prefix, ports) | dict(env or {})
    groups = [names] if shape is Shape.ONE_PROCESS else [[name] for name in names]
    launchers = [Launcher(group, environment) for group in groups]
    try:
        await asyncio.gather(*(launcher.start() for launcher in launchers))
        urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        yield LaunchedApp(url=urls["gateway"], urls=urls, prefix=prefix, mint=mint)
    finally:
        await asyncio.gather(*(launcher.kill() for launcher in launchers))
        for launcher in launchers:  # pytest shows this only when the test failed
            print(f"--- last lines of the launcher of {', '.join(launcher.names)}:\n{launcher}")
        await drop_databases(servers, prefix)
