"""Composition root of collab_svc."""

from fastapi import FastAPI

from collab_svc import handlers
from collab_svc.repo import SessionDoc, SessionRepo
from collab_svc.service import SessionService
from collab_svc.settings import CollabSettings
from contracts.events.notify import UserNotification
from contracts.events.session import SessionEnded, SessionStarted
from svc_kit import ServiceContext, build_app


def create_app(settings: CollabSettings | None = None) -> FastAPI:
    ctx = ServiceContext.build(settings or CollabSettings())
    sessions = SessionService(SessionRepo(), ctx.bus)
    handlers.register(ctx.bus, sessions)
    return build_app(
        ctx,
        title="PeerPrep collaboration service",
        description="Sessions, their shared documents and chat.",
        documents=[SessionDoc],
        publishes=[SessionStarted, SessionEnded, UserNotification],
    )
