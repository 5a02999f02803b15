"""Composition root of match_svc (a skeleton: health, readiness and the AsyncAPI document until its issue lands)."""

from fastapi import FastAPI

from match_svc.settings import MatchSettings
from svc_kit import ServiceContext, build_app


def create_app(settings: MatchSettings | None = None) -> FastAPI:
    ctx = ServiceContext.build(settings or MatchSettings())
    return build_app(ctx, title="PeerPrep match service", description="Waiting pools and pairing of students.")
