"""Composition root of exec_svc (a skeleton: health, readiness and the AsyncAPI document until its issue lands)."""

from fastapi import FastAPI

from exec_svc.settings import ExecSettings
from svc_kit import ServiceContext, build_app


def create_app(settings: ExecSettings | None = None) -> FastAPI:
    ctx = ServiceContext.build(settings or ExecSettings())
    return build_app(
        ctx,
        title="PeerPrep execution service",
        description="Runs submitted code against a question's tests in a sandbox.",
    )
