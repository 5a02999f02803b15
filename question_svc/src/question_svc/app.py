"""Composition root of question_svc."""

from fastapi import FastAPI

from contracts.events.question import QuestionAssigned, QuestionChanged
from question_svc import api, handlers
from question_svc.catalog import CatalogService
from question_svc.repo import AttemptDoc, AttemptRepo, QuestionDoc, QuestionRepo, RevisionClaimDoc
from question_svc.service import AssignmentService, AttemptService
from question_svc.settings import QuestionSettings
from svc_kit import ServiceContext, build_app
from svc_kit.auth import KeySet, current_principal, register_key_consumer, require_role


def create_app(settings: QuestionSettings | None = None) -> FastAPI:
    settings = settings or QuestionSettings()
    ctx = ServiceContext.build(settings)
    outbox = ctx.use_outbox()  # admin edits and the bank loader's revisions publish question.changed through it
    repo, attempt_repo = QuestionRepo(outbox), AttemptRepo()
    attempts = AttemptService(attempt_repo)
    handlers.register(ctx.bus, AssignmentService(repo, attempt_repo, ctx.bus), attempts)
    catalog = CatalogService(repo, outbox)
    ctx.bus.subscribe_broadcast(QuestionChanged, catalog.on_changed, name="catalog_index")  # other instances' writes
    keyset = KeySet()
    register_key_consumer(ctx, keyset)  # signed-in routes verify access tokens with user_svc's public keys
    signed_in = current_principal(keyset)
    admin = require_role("admin", signed_in)

    async def load_catalog() -> None:
        if not settings.load_bank:
            await catalog.refresh()
            return
        try:
            await catalog.load(settings.bank_dir)
        except (OSError, ValueError) as exc:  # a missing folder or a bad file (pydantic's errors are ValueErrors)
            ctx.startup_error = f"question bank {settings.bank_dir}: {exc}"
            raise

    ctx.on_start.append(load_catalog)
    app = build_app(
        ctx,
        title="PeerPrep question service",
        description="The question bank, assignment and attempt history.",
        documents=[QuestionDoc, RevisionClaimDoc, AttemptDoc],
        routers=[api.history_router(attempts, signed_in), api.questions_router(catalog, admin)],
        publishes=[QuestionAssigned, QuestionChanged],
    )
    api.ERRORS.install(app)
    app.state.catalog, app.state.keyset = catalog, keyset
    return app
