"""Composition root of user_svc (a skeleton: health, readiness and the AsyncAPI document until its issue lands)."""

from fastapi import FastAPI

from svc_kit import ServiceContext, build_app
from user_svc.settings import UserSettings


def create_app(settings: UserSettings | None = None) -> FastAPI:
    ctx = ServiceContext.build(settings or UserSettings())
    return build_app(ctx, title="PeerPrep user service", description="Accounts, credentials, tokens and roles.")
