"""Composition root of ai_svc (a skeleton: health, readiness and the AsyncAPI document until its issue lands)."""

from fastapi import FastAPI

from ai_svc.settings import AiSettings
from svc_kit import ServiceContext, build_app


def create_app(settings: AiSettings | None = None) -> FastAPI:
    ctx = ServiceContext.build(settings or AiSettings())
    return build_app(
        ctx, title="PeerPrep assistant service", description="The in-session assistant and code translation."
    )
