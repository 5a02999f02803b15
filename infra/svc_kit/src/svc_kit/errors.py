"""One error type for expected failures, mapped once to HTTP and once to WebSocket close codes.

An ``AppError`` subclass has a stable ``code``, its HTTP status and its close code; nothing else decides them. A
service's domain raises its own errors (no HTTP in the domain) and its API gives one ``ErrorTable``: which
``AppError`` each domain error is to a client. ``install`` answers them over HTTP; ``ws_close_code`` closes a
socket with the same table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any, ClassVar, Self, TypeVar

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match


class AppError(Exception):
    """An expected failure a client can act on. ``code`` is stable; ``message`` is for people."""

    code: ClassVar[str] = "error"
    http_status: ClassVar[int] = 400
    ws_close_code: ClassVar[int] = 4400

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return body


class InvalidInput(AppError):
    code = "invalid_input"
    http_status = 422
    ws_close_code = 4422


class Unauthenticated(AppError):
    code = "unauthenticated"
    http_status = 401
    ws_close_code = 4401


class Forbidden(AppError):
    code = "forbidden"
    http_status = 403
    ws_close_code = 4403


class NotFound(AppError):
    code = "not_found"
    http_status = 404
    ws_close_code = 4404


class Conflict(AppError):
    code = "conflict"
    http_status = 409
    ws_close_code = 4409


class PayloadTooLarge(AppError):
    code = "payload_too_large"
    http_status = 413
    ws_close_code = 1009


class RateLimited(AppError):
    code = "rate_limited"
    http_status = 429
    ws_close_code = 4429

    def __init__(self, message: str, *, retry_after_s: int, **details: Any) -> None:
        super().__init__(message, retry_after_s=retry_after_s, **details)
        self.retry_after_s = retry_after_s


class Unavailable(AppError):
    code = "unavailable"
    http_status = 503
    ws_close_code = 1013  # try again later


def error_response(exc: AppError) -> JSONResponse:
    headers = {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, RateLimited) else None
    return JSONResponse({"error": exc.to_dict()}, status_code=exc.http_status, headers=headers)


E = TypeVar("E", bound=Exception)


class ErrorTable:
    """Which ``AppError`` each domain error is to a client: one row per error type, the most specific row of an
    error's class (or of a base class) answering. An ``AppError`` is itself; anything else is no expected error.

        ERRORS = ErrorTable().map(QuestionNotFound, lambda e: NotFound("There is no such question.", slug=e.slug))
    """

    def __init__(self) -> None:
        self._rows: dict[type[Exception], Callable[[Any], AppError]] = {}

    def map(self, kind: type[E], to: Callable[[E], AppError]) -> Self:
        self._rows[kind] = to
        return self

    def kinds(self) -> tuple[type[Exception], ...]:
        return tuple(self._rows)

    def to_app_error(self, exc: BaseException) -> AppError | None:
        if isinstance(exc, AppError):
            return exc
        for kind in type(exc).__mro__:
            to = self._rows.get(kind)
            if to is not None:
                return to(exc)
        return None

    def response(self, exc: BaseException) -> JSONResponse:
        """The HTTP answer to an error of the table (an error outside it is a crash: raised again)."""
        app_error = self.to_app_error(exc)
        if app_error is None:
            raise exc
        return error_response(app_error)

    def ws_close_code(self, exc: BaseException) -> int:
        """The WebSocket close code for an exception: its ``AppError``'s, 1011 (internal error) otherwise."""
        app_error = self.to_app_error(exc)
        return app_error.ws_close_code if app_error is not None else 1011

    def install(self, app: FastAPI) -> None:
        """Answer every error of the table, wherever a route raises it, in the one error shape."""

        async def on_domain_error(_: Request, exc: Exception) -> JSONResponse:
            return self.response(exc)

        for kind in self._rows:
            app.add_exception_handler(kind, on_domain_error)


KIT_ERRORS = ErrorTable()  # the kit's own errors only (AppError subclasses): nothing to map


def ws_close_code(exc: BaseException, table: ErrorTable = KIT_ERRORS) -> int:
    """The WebSocket close code for an exception: its own for AppError (or its row of ``table``), 1011 (internal
    error) otherwise."""
    return table.ws_close_code(exc)


FIX_FIELDS = "Please fix the highlighted fields."
NOT_JSON = "The body is not valid JSON."

_HTTP_CODES = {
    400: "invalid_input",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    503: "unavailable",
}


def http_error_body(status: int, message: str) -> dict[str, Any]:
    """The error shape for a status the framework decided (no route, wrong method, a body too large...)."""
    return {"error": {"code": _HTTP_CODES.get(status, "internal" if status >= 500 else "error"), "message": message}}


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> str:
    """Every method some route serves at this request's path, for ``Allow`` on a 405.

    Starlette names only the methods of the first route whose path matches, but FastAPI makes one route per
    method (``GET /me`` and ``PATCH /me`` are two), so its ``Allow`` leaves out the others. Each method is asked
    of the routes themselves (``matches``), so included routers count too."""
    routes = request.app.router.routes
    return ", ".join(
        method
        for method in _METHODS
        if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes)
    )


def install_error_handlers(app: FastAPI) -> None:
    """Every error answers ``{"error": {code, message, details}}`` as JSON: ours, the framework's, and a crash."""

    async def on_app_error(_: Request, exc: Exception) -> JSONResponse:
        if not isinstance(exc, AppError):  # registered for AppError only; anything else is not ours to shape
            raise exc
        return error_response(exc)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, StarletteHTTPException):
            raise exc
        if exc.status_code in (204, 304):
            return Response(status_code=exc.status_code, headers=exc.headers)
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
            # FastAPI could not even decode the body (bytes that are not UTF-8, say): answered as any body that is
            # not JSON is (svc_kit.validation), 422 on the field `body`.
            return error_response(InvalidInput(FIX_FIELDS, fields={"body": NOT_JSON}))
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request) or headers.get("Allow", "")
        return JSONResponse(http_error_body(exc.status_code, message), exc.status_code, headers=headers or None)

    async def on_crash(_: Request, __: Exception) -> JSONResponse:
        # Starlette re-raises the exception after this response, so the server still logs it once (plain text).
        return JSONResponse(http_error_body(500, "Something went wrong on our side; try again."), 500)

    app.add_exception_handler(AppError, on_app_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_crash)


class ErrorDetail(BaseModel):
    code: str = Field(examples=["invalid_input"])
    message: str = Field(examples=["Please fix the highlighted fields."])
    details: dict[str, Any] | None = Field(
        default=None, description="`fields` (422, and 409 on a unique field), `retry_after_s` (429), `reason` (401)"
    )


class ErrorResponse(BaseModel):
    """The one error shape of every PeerPrep HTTP API."""

    error: ErrorDetail


def error_responses(meanings: Mapping[int, str | dict[str, Any]], *statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` for a route: each status in the one error shape, described by the service's
    ``meanings`` (a description, or a dict of extra response fields such as ``headers``)."""
    documented: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        meaning = meanings[status]
        extra = {"description": meaning} if isinstance(meaning, str) else dict(meaning)
        documented[status] = {"model": ErrorResponse, **extra}
    return documented
