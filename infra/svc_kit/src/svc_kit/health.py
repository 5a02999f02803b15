"""Liveness (/healthz: the process answers) and readiness (/readyz: every dependency answers)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter, Response
from pydantic import BaseModel

Check = Callable[[], Awaitable[bool]]


class Health(BaseModel):
    service: str
    status: str
    checks: dict[str, str] = {}


def health_router(service: str, checks: Mapping[str, Check], *, timeout_s: float = 3.0) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", response_model=Health, summary="Liveness: the process is up")
    async def healthz() -> Health:
        return Health(service=service, status="ok")

    @router.get(
        "/readyz",
        response_model=Health,
        summary="Readiness: Kafka and MongoDB answer",
        responses={503: {"model": Health, "description": "a dependency does not answer"}},
    )
    async def readyz(response: Response) -> Health:
        names = list(checks)
        results = await asyncio.gather(*(_bounded(checks[n], timeout_s) for n in names))
        status = {n: "ok" if ok else "down" for n, ok in zip(names, results, strict=True)}
        ready = all(results)
        response.status_code = 200 if ready else 503
        return Health(service=service, status="ready" if ready else "not_ready", checks=status)

    return router


async def _bounded(check: Check, timeout_s: float) -> bool:
    try:
        return await asyncio.wait_for(check(), timeout_s)
    except Exception:
        return False
