"""The questions HTTP API under /api/questions: public browsing, thin routes over the catalog."""

from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import JSONResponse

from contracts.common import Difficulty
from question_svc.catalog import CatalogService, QuestionNotFound
from question_svc.domain import SortBy
from question_svc.schemas import QuestionPage, QuestionView, Summary, TopicCount, errors
from svc_kit.errors import NotFound, error_response

PREFIX = "/api/questions"


def install_error_mapping(app: FastAPI) -> None:
    async def on_not_found(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, QuestionNotFound)
        return error_response(NotFound("There is no such question.", slug=exc.slug))

    app.add_exception_handler(QuestionNotFound, on_not_found)


def questions_router(catalog: CatalogService) -> APIRouter:
    router = APIRouter(prefix=PREFIX, tags=["questions"])

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
        "/topics", summary="The managed topics, with how many questions carry each", response_model=list[TopicCount]
    )
    async def topics() -> list[TopicCount]:
        return [TopicCount(topic=t, count=n) for t, n in catalog.topics().items()]

    @router.get(
        "/{slug}", summary="One question as people see it", response_model=QuestionView, responses=errors(404, 422)
    )
    async def question(slug: str) -> QuestionView:
        return QuestionView.of(await catalog.get(slug))

    return router
