"""Serves the web client's build on the gateway's origin, or a placeholder page when it has not been built.

Hashed assets are cached for a year; every other path that is not a file is a client-side route and gets
``index.html`` (never cached, revalidated by ETag), so a reload on ``/profile`` works. The build writes
``NAME.br`` and ``NAME.gz`` next to each compressible file: a request gets the smallest its ``Accept-Encoding``
allows, with ``Vary: Accept-Encoding`` and the original file's ``Content-Type``.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from gateway.encoding import acceptable
from svc_kit.errors import NotFound

PLACEHOLDER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>PeerPrep</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}</style></head>
<body><h1>PeerPrep</h1><p>Practise technical interviews with a partner: matched live, one question, a shared
editor, tests to run, chat and a call.</p><p>The services are up. The web client has not been built yet:
run <code>./peerprep up</code>, which builds it.</p>
</body></html>
"""

_IMMUTABLE = "public, max-age=31536000, immutable"
_REVALIDATE = "no-cache"
_RESERVED = ("api/", "ws", "healthz", "readyz", "asyncapi.json", "openapi.json", "docs")


@dataclass(frozen=True)
class Variant:
    """The file that answers a request for ``original``: itself, or its precompressed twin."""

    path: Path
    encoding: str | None  # None: identity
    negotiated: bool  # the original has precompressed twins, so the answer depends on Accept-Encoding


def choose_variant(original: Path, accept_encoding: str | None) -> Variant:
    twins = {suffix: original.with_name(original.name + suffix) for suffix in (".br", ".gz")}
    present = {suffix: path for suffix, path in twins.items() if path.is_file()}
    for encoding, suffix in acceptable(accept_encoding):
        if suffix in present:
            return Variant(present[suffix], encoding, negotiated=True)
    return Variant(original, None, negotiated=bool(present))


def _etag(stat: os.stat_result, encoding: str | None) -> str:
    digest = hashlib.md5(f"{stat.st_mtime_ns}-{stat.st_size}".encode(), usedforsecurity=False).hexdigest()
    return f'"{digest}{"-" + encoding if encoding else ""}"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


def serve_file(request: Request, original: Path, cache_control: str) -> Response:
    """``original`` (or its precompressed twin) with caching headers; 304 when the client's copy is current."""
    variant = choose_variant(original, request.headers.get("accept-encoding"))
    stat = variant.path.stat()
    headers = {"Cache-Control": cache_control, "ETag": _etag(stat, variant.encoding)}
    if variant.negotiated:
        headers["Vary"] = "Accept-Encoding"
    if _matches(request.headers.get("if-none-match"), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    if variant.encoding:
        headers["Content-Encoding"] = variant.encoding
    guessed, wrapped = mimetypes.guess_type(original.name)  # wrapped: a .gz or .br asked for by its own name
    media_type = "application/octet-stream" if wrapped or not guessed else guessed
    return FileResponse(variant.path, headers=headers, media_type=media_type, stat_result=stat)


def mount_web(app: FastAPI, web_dir: Path | None) -> None:
    """Register last: the catch-all route answers whatever the routes before it did not."""
    if web_dir is None or not (web_dir / "index.html").is_file():

        @app.get("/", response_class=HTMLResponse, include_in_schema=False)
        async def placeholder() -> str:
            return PLACEHOLDER

        return

    root = web_dir.resolve()
    index = root / "index.html"

    @app.api_route("/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
    async def web(request: Request, path: str) -> Response:
        if path.startswith(_RESERVED):
            raise NotFound(f"nothing at /{path}")
        candidate = (root / path).resolve()
        if path and candidate.is_relative_to(root) and candidate.is_file():
            return serve_file(request, candidate, _IMMUTABLE if path.startswith("assets/") else _REVALIDATE)
        return serve_file(request, index, _REVALIDATE)
