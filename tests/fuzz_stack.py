"""Every service running as deployed (real uvicorn servers, real Kafka and MongoDB-wire server) in a thread of its
own, for tests that drive them from synchronous code such as Schemathesis."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from ai_svc.settings import AiSettings
from collab_svc.settings import CollabSettings
from contracts import uuid7
from exec_svc.settings import ExecSettings
from gateway.settings import GatewaySettings
from match_svc.settings import MatchSettings
from peerprep.services import SERVICES, app_factory
from peerprep_testing import (
    REPO_ROOT,
    STRONG_PASSWORD,
    Servers,
    drop_databases,
    free_ports,
    servers_settings,
    serving,
)
from question_svc.settings import QuestionSettings
from svc_kit.settings import ServiceSettings
from user_svc.settings import UserSettings

PASSWORD = STRONG_PASSWORD
ROUTE_NAMES = {"user_svc": "users", "question_svc": "questions", "match_svc": "match", "collab_svc": "sessions"}
BANK_SAMPLE = ("two-sum", "coin-change", "binary-search")
SETTINGS: dict[str, type[ServiceSettings]] = {
    "user_svc": UserSettings,
    "match_svc": MatchSettings,
    "question_svc": QuestionSettings,
    "collab_svc": CollabSettings,
    "exec_svc": ExecSettings,
    "ai_svc": AiSettings,
    "gateway": GatewaySettings,
}


@dataclass(frozen=True)
class Stack:
    urls: dict[str, str]  # service name -> base URL
    prefix: str
    admin_token: str  # a signed-up user made admin by the operator command, as the first admin is


def _settings(name: str, servers: Servers, prefix: str, ports: dict[str, int], bank_dir: Path) -> ServiceSettings:
    values: dict[str, Any] = servers_settings(servers, prefix) | {"log_level": "WARNING"}
    if name == "user_svc":  # argon2 made cheap, as in every accounts test
        values |= {"password_time_cost": 1, "password_memory_kib": 1024, "password_parallelism": 1}
    if name == "question_svc":
        values["bank_dir"] = bank_dir
    if name == "gateway":
        values["routes"] = {route: f"http://127.0.0.1:{ports[svc]}" for svc, route in ROUTE_NAMES.items()}
    return SETTINGS[name](**values)


async def _serve_all(servers: Servers, prefix: str, bank_dir: Path, ready: Any, stop: asyncio.Event) -> None:
    ports = dict(zip(SERVICES, free_ports(len(SERVICES)), strict=True))
    async with AsyncExitStack() as stack:
        urls = {}
        for name in SERVICES:  # in start order: the gateway last
            app = app_factory(name)(_settings(name, servers, prefix, ports, bank_dir))  # type: ignore[call-arg]
            urls[name] = await stack.enter_async_context(serving(app, ports[name]))
        ready(urls)
        await stop.wait()
    await drop_databases(servers, prefix)


def _first_admin(servers: Servers, prefix: str, users: str) -> str:
    """Sign up, be made admin by `peerprep admin grant` (its own process, as an operator runs it), sign in again."""
    with httpx.Client(base_url=users, timeout=30) as client:
        body = {"email": "root@example.com", "username": "root", "password": PASSWORD}
        assert client.post("/api/users/auth/signup", json=body).status_code == 201
        command = [sys.executable, "-m", "peerprep.cli", "admin", "grant", "root@example.com"]
        env = os.environ | servers.env(prefix)
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        session = client.post("/api/users/auth/login", json={"login": "root", "password": PASSWORD}).json()
        assert session["user"]["roles"] == ["user", "admin"], session
        token: str = session["access_token"]
        return token


@contextmanager
def running_stack(servers: Servers, work_dir: Path) -> Iterator[Stack]:
    """Start every service (own topic prefix and databases), yield once each answers, stop them all after."""
    prefix = f"t{uuid7().hex[-10:]}."
    bank_dir = work_dir / "bank"
    bank_dir.mkdir()
    for slug in BANK_SAMPLE:
        shutil.copy(REPO_ROOT / "question_svc" / "bank" / f"{slug}.yaml", bank_dir / f"{slug}.yaml")
    started = threading.Event()
    urls: dict[str, str] = {}
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    failure: list[BaseException] = []

    def ready(served: dict[str, str]) -> None:
        urls.update(served)
        started.set()

    def run() -> None:
        try:
            loop.run_until_complete(_serve_all(servers, prefix, bank_dir, ready, stop))
        except BaseException as exc:
            failure.append(exc)
            started.set()
        finally:
            loop.close()

    thread = threading.Thread(target=run, name="services", daemon=True)
    thread.start()
    try:
        assert started.wait(120), "the services did not start within 120 s"
        if failure:
            raise failure[0]
        yield Stack(urls=urls, prefix=prefix, admin_token=_first_admin(servers, prefix, urls["user_svc"]))
    finally:
        if not loop.is_closed():
            loop.call_soon_threadsafe(stop.set)
        thread.join(60)
