"""FastAPI's own request validation errors (422) in PeerPrep's one error shape, with ``details.fields``.

``{"error": {"code": "invalid_input", "message": ..., "details": {"fields": {"password": "..."}}}}``: a field is
named by its path inside the body, query or path (``password``, ``limit``, ``items.0.name``); a body that is
missing or not a JSON object is reported as the field ``body``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from svc_kit.errors import FIX_FIELDS, NOT_JSON, InvalidInput, error_response

MESSAGE = FIX_FIELDS
_SOURCES = {"body", "query", "path", "header", "cookie"}
_FRIENDLY = {
    "missing": "This field is required.",
    "extra_forbidden": "This field is not allowed here.",
    "json_invalid": NOT_JSON,
    "model_attributes_type": "Send a JSON object.",
    "dict_type": "Send a JSON object.",
}


def field_name(loc: Sequence[str | int]) -> str:
    """``("body", "password")`` -> ``password``; ``("body",)`` -> ``body``."""
    parts = list(loc[1:] if loc and loc[0] in _SOURCES else loc)
    return ".".join(str(p) for p in parts) or (str(loc[0]) if loc else "body")


def fields_of(errors: Sequence[Any]) -> dict[str, str]:
    """One message per field (the first one pydantic reports), phrased for a person where we know how."""
    fields: dict[str, str] = {}
    for error in errors:
        kind = str(error.get("type", ""))
        name = "body" if kind == "json_invalid" else field_name(tuple(error.get("loc", ())))  # loc: byte offset
        message = _FRIENDLY.get(kind, str(error.get("msg", "This value is not valid.")))
        fields.setdefault(name, message.removeprefix("Value error, "))
    return fields


def install_validation_handler(app: FastAPI) -> None:
    async def on_validation_error(_: Request, exc: Exception) -> JSONResponse:
        if not isinstance(exc, RequestValidationError):  # registered for that type only
            raise exc
        return error_response(InvalidInput(MESSAGE, fields=fields_of(exc.errors())))

    app.add_exception_handler(RequestValidationError, on_validation_error)
