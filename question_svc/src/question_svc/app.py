"""Composition root of question_svc."""

from fastapi import FastAPI

from contracts.events.question import QuestionAssigned
from question_svc import handlers
from question_svc.repo import QuestionDoc, QuestionRepo
from question_svc.service import AssignmentService
from question_svc.settings import QuestionSettings
from svc_kit import ServiceContext, build_app


def create_app(settings: QuestionSettings | None = None) -> FastAPI:
    ctx = ServiceContext.build(settings or QuestionSettings())
    handlers.register(ctx.bus, AssignmentService(QuestionRepo(), ctx.bus))
    return build_app(
        ctx,
        title="PeerPrep question service",
        description="The question bank, assignment and attempt history.",
        documents=[QuestionDoc],
        publishes=[QuestionAssigned],
    )
