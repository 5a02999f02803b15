"""Liveness (/healthz: the process answers) and readiness (/readyz: every dependency answers)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

Check = Callable[[], Awaitable[bool]]
Figure = Callable[[], Awaitable[int]]


class Health(BaseModel):
    service: str
    status: str
    checks: dict[str, str] = {}
    figures: dict[str, int] = Field(default={}, description="e.g. outbox_backlog: events not yet published")


def health_router(
    service: str, checks: Mapping[str, Check], figures: Mapping[str, Figure] | None = None, *, timeout_s: float = 3.0
) -> APIRouter:
    figures = figures or {}

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
        results, counted = await asyncio.gather(
            asyncio.gather(*(_bounded(checks[n], timeout_s) for n in names)), _figures(figures, timeout_s)
        )
        status = {n: "ok" if ok else "down" for n, ok in zip(names, results, strict=True)}
        ready = all(results)
        response.status_code = 200 if ready else 503
        return Health(service=service, status="ready" if ready else "not_ready", checks=status, figures=counted)

    return router


async def _bounded(check: Check, timeout_s: float) -> bool:
    try:
        return await asyncio.wait_for(check(), timeout_s)
    except Exception:
        return False


async def _figures(figures: Mapping[str, Figure], timeout_s: float) -> dict[str, int]:
    """The figures that could be read in time (one that cannot is left out: the checks say what is down)."""
    names = list(figures)
    values = await asyncio.gather(*(asyncio.wait_for(figures[n](), timeout_s) for n in names), return_exceptions=True)
    return {n: v for n, v in zip(names, values, strict=True) if isinstance(v, int)}
