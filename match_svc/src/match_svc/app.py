"""Composition root of match_svc: the pools (owned per partition, rebuilt from the match topics) and the read
models they consult (profiles in memory, claims on users in MongoDB)."""

from fastapi import FastAPI

from contracts.events.match import (
    MatchCancelled,
    MatchFigures,
    MatchFound,
    MatchProposed,
    MatchTimedOut,
    MatchWithdrawn,
)
from contracts.events.notify import UserNotification
from match_svc import handlers
from match_svc.domain import ProfileTable
from match_svc.pools import PoolOwner
from match_svc.repo import ClaimDoc, ClaimRepo
from match_svc.service import MatchService, ReadModels
from match_svc.settings import MatchSettings
from svc_kit import ServiceContext, build_app


def create_app(settings: MatchSettings | None = None) -> FastAPI:
    settings = settings or MatchSettings()
    ctx = ServiceContext.build(settings)
    profiles = ProfileTable()
    claims = ClaimRepo(claim_stale_s=settings.claim_stale_s, session_hold_s=settings.session_hold_s)
    handlers.register(ctx.bus, ReadModels(profiles, claims))
    service = MatchService(settings, ctx.bus, profiles, claims)
    owner = PoolOwner(settings, service, ctx.bus)
    ctx.workers.append(owner)
    app = build_app(
        ctx,
        title="PeerPrep match service",
        description="Waiting pools and pairing of students.",
        documents=[ClaimDoc],
        publishes=[
            MatchProposed,
            MatchFound,
            MatchTimedOut,
            MatchWithdrawn,
            MatchCancelled,
            MatchFigures,
            UserNotification,
        ],
    )
    app.state.pools = owner
    return app
