"""The questions HTTP API under /api/questions: public browsing and admin editing, thin routes over the catalog."""

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query, Response
from starlette.convertors import Convertor, register_url_convertor

from contracts.common import Difficulty
from question_svc.bank import RESERVED_SLUGS, BankQuestion
from question_svc.catalog import (
    CatalogService,
    DuplicateSlugs,
    QuestionExists,
    QuestionNotFound,
    SlugMismatch,
)
from question_svc.domain import RevisionConflict, SortBy
from question_svc.schemas import (
    AdminQuestion,
    AttemptView,
    ImportCounts,
    QuestionPage,
    QuestionView,
    Summary,
    TopicCount,
    errors,
)
from question_svc.service import AttemptService
from svc_kit.auth import Principal, PrincipalDependency
from svc_kit.errors import Conflict, ErrorTable, InvalidInput, NotFound
from svc_kit.validation import MESSAGE

PREFIX = "/api/questions"


class _SlugConvertor(Convertor[str]):
    """A path segment naming a question: any but the collection's own paths, so ``PUT /api/questions/topics`` is
    a wrong method on ``/topics`` (405, ``Allow: GET``), not an edit of a question called ``topics``."""

    regex = rf"(?!(?:{'|'.join(RESERVED_SLUGS)})(?:/|$))[^/]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


# The document needs no rule for it: OpenAPI matches concrete paths (/topics) before templated ones (/{slug}).
register_url_convertor("question_slug", _SlugConvertor())


REVISION_CONFLICT = "Another change to this question was saved first; reload it and try again."

# The one place a domain error becomes an HTTP error (app.py installs it).
ERRORS = (
    ErrorTable()
    .map(QuestionNotFound, lambda e: NotFound("There is no such question.", slug=e.slug))
    .map(QuestionExists, lambda e: Conflict("A question with this slug exists.", slug=e.slug))
    .map(RevisionConflict, lambda e: Conflict(REVISION_CONFLICT, slug=e.slug, revision=e.revision))
    .map(SlugMismatch, lambda e: InvalidInput(MESSAGE, fields={"slug": f"must be {e.path_slug!r}, as in the path"}))
    .map(DuplicateSlugs, lambda e: InvalidInput(MESSAGE, fields={"body": f"slugs given more than once: {e.slugs}"}))
)


def questions_router(catalog: CatalogService, admin: PrincipalDependency) -> APIRouter:
    """The public routes, and the admin ones (``admin``: the dependency requiring the admin role)."""
    router = APIRouter(prefix=PREFIX, tags=["questions"])
    _admin_routes(router, catalog, admin)  # first: /export must not be read as a slug

    @router.get("", summary="List, filter and search questions", response_model=QuestionPage, responses=errors(422))
    async def list_questions(
        difficulty: Difficulty | None = None,
        topic: Annotated[list[str], Query(max_length=10, description="repeatable; any of them")] = [],  # noqa: B006
        q: Annotated[str, Query(max_length=200, description="every word must appear (title, topics, statement)")] = "",
        sort: Annotated[SortBy | None, Query(description="default: relevance when searching, else title")] = None,
        page: Annotated[int, Query(ge=1, le=10_000)] = 1,
        size: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> QuestionPage:
        found = catalog.list(difficulty=difficulty, topics=topic, q=q, sort=sort, page=page, size=size)
        return QuestionPage(items=[Summary.of(s) for s in found.items], total=found.total, page=page, size=size)

    @router.get(
        "/topics",
        summary="The managed topics, with how many questions (of a difficulty, if given) carry each",
        response_model=list[TopicCount],
        responses=errors(422),
    )
    async def topics(
        difficulty: Annotated[
            Difficulty | None, Query(description="count only this difficulty's questions (the match form's list)")
        ] = None,
    ) -> list[TopicCount]:
        return [TopicCount(topic=t, count=n) for t, n in catalog.topics(difficulty=difficulty).items()]

    @router.get(
        "/{slug:question_slug}",
        summary="One question as people see it",
        response_model=QuestionView,
        responses=errors(404, 422),
    )
    async def question(slug: str) -> QuestionView:
        return QuestionView.of(await catalog.get(slug))

    return router


def history_router(attempts: AttemptService, current: PrincipalDependency) -> APIRouter:
    """The signed-in user's attempt history (included before ``questions_router``: /history is not a slug)."""
    router = APIRouter(prefix=PREFIX, tags=["attempt history"])

    @router.get(
        "/history",
        summary="The signed-in user's attempts, newest first, with each question's title and difficulty",
        response_model=list[AttemptView],
        responses=errors(401, 422),
    )
    async def history(
        who: Annotated[Principal, Depends(current)], limit: Annotated[int, Query(ge=1, le=500)] = 100
    ) -> list[AttemptView]:
        return [AttemptView.of(entry) for entry in await attempts.history(who.user_id, limit=limit)]

    return router


def _admin_routes(router: APIRouter, catalog: CatalogService, admin_principal: PrincipalDependency) -> None:
    Admin = Annotated[Principal, Depends(admin_principal)]
    Question = Annotated[BankQuestion, Body(description="a question in the bank file format, as JSON")]

    @router.get(
        "/export",
        summary="Every question in the bank file format (admin)",
        response_model=list[BankQuestion],
        responses=errors(401, 403),
        tags=["questions admin"],
    )
    async def export(_: Admin) -> list[BankQuestion]:
        return await catalog.export()

    @router.post(
        "/import",
        summary="Create or update many questions (admin): all are validated first, then each changed one saved",
        response_model=ImportCounts,
        responses=errors(401, 403, 422),
        tags=["questions admin"],
    )
    async def import_questions(
        _: Admin, questions: Annotated[list[BankQuestion], Body(max_length=10_000)]
    ) -> ImportCounts:
        result = await catalog.import_(questions)
        return ImportCounts(created=result.created, updated=result.updated, unchanged=result.unchanged)

    @router.post(
        "",
        summary="Create a question (admin)",
        status_code=201,
        response_model=AdminQuestion,
        responses=errors(401, 403, 409, 422),
        tags=["questions admin"],
    )
    async def create(_: Admin, question: Question) -> AdminQuestion:
        stored = await catalog.create(question)
        return AdminQuestion.of(stored.question, stored.revision)

    @router.get(
        "/{slug:question_slug}/full",
        summary="A question with its hidden tests and reference solutions, for the editor (admin)",
        response_model=AdminQuestion,
        responses=errors(401, 403, 404, 422),
        tags=["questions admin"],
    )
    async def full(slug: str, _: Admin) -> AdminQuestion:
        stored = await catalog.full(slug)
        return AdminQuestion.of(stored.question, stored.revision)

    @router.put(
        "/{slug:question_slug}",
        summary="Replace a question (admin); the same content again changes nothing",
        response_model=AdminQuestion,
        responses=errors(401, 403, 404, 422),
        tags=["questions admin"],
    )
    async def replace(slug: str, _: Admin, question: Question) -> AdminQuestion:
        stored = await catalog.replace(slug, question)
        return AdminQuestion.of(stored.question, stored.revision)

    @router.delete(
        "/{slug:question_slug}",
        summary="Delete a question (admin): publishes a tombstone",
        status_code=204,
        response_class=Response,
        responses=errors(401, 403, 404, 422),
        tags=["questions admin"],
    )
    async def delete(slug: str, _: Admin) -> None:
        await catalog.delete(slug)
