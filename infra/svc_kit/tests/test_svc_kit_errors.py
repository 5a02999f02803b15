"""The domain-error table (svc_kit.errors.ErrorTable): one row per domain error, answered over HTTP in the one
error shape and turned into the same close code on a websocket."""

import httpx
import pytest
from fastapi import FastAPI

from svc_kit.errors import (
    Conflict,
    ErrorTable,
    NotFound,
    RateLimited,
    Unavailable,
    install_error_handlers,
    ws_close_code,
)


class ShopError(Exception):
    pass


class SoldOut(ShopError):
    def __init__(self, item: str) -> None:
        super().__init__(item)
        self.item = item


class LastOneSoldOut(SoldOut):
    pass


class Unmapped(Exception):
    pass


ERRORS = (
    ErrorTable()
    .map(SoldOut, lambda e: Conflict("Sold out.", item=e.item))
    .map(ShopError, lambda e: NotFound(str(e)))
    .map(Unmapped, lambda _: RateLimited("Slow down.", retry_after_s=7))
)


def test_the_most_specific_row_answers_and_a_subclass_without_one_takes_its_bases() -> None:
    sold_out = ERRORS.to_app_error(LastOneSoldOut("tea"))
    assert isinstance(sold_out, Conflict)
    assert sold_out.details == {"item": "tea"}
    assert isinstance(ERRORS.to_app_error(ShopError("no shop")), NotFound)


def test_an_app_error_is_itself_and_anything_else_is_no_expected_error() -> None:
    gone = Unavailable("try later")
    assert ERRORS.to_app_error(gone) is gone
    assert ERRORS.to_app_error(KeyError("x")) is None


def test_the_close_code_comes_from_the_same_row() -> None:
    assert ERRORS.ws_close_code(SoldOut("tea")) == 4409
    assert ERRORS.ws_close_code(Unavailable("later")) == 1013
    assert ERRORS.ws_close_code(KeyError("x")) == 1011
    assert ws_close_code(SoldOut("tea")) == 1011  # the kit's own table knows no domain error
    assert ws_close_code(Unavailable("later")) == 1013


@pytest.fixture
def app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    ERRORS.install(app)

    @app.get("/sold-out")
    async def sold_out() -> None:
        raise LastOneSoldOut("tea")

    @app.get("/slow")
    async def slow() -> None:
        raise Unmapped

    return app


async def test_installed_the_table_answers_over_http_in_the_one_error_shape(app: FastAPI) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        conflict = await client.get("/sold-out")
        slow = await client.get("/slow")
    assert conflict.status_code == 409
    assert conflict.json() == {"error": {"code": "conflict", "message": "Sold out.", "details": {"item": "tea"}}}
    assert slow.status_code == 429
    assert slow.headers["retry-after"] == "7"
