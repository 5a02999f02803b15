"""Serves the web client's build on the gateway's origin, or a placeholder page when it has not been built.

Hashed assets are cached for a year; every other path that is not a file is a client-side route and gets
``index.html`` (never cached), so a reload on ``/profile`` works.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response

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

_IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}
_REVALIDATE = {"Cache-Control": "no-cache"}
_RESERVED = ("api/", "ws", "healthz", "readyz", "asyncapi.json", "openapi.json", "docs")


def mount_web(app: FastAPI, web_dir: Path | None) -> None:
    """Register last: the catch-all route answers whatever the routes before it did not."""
    if web_dir is None or not (web_dir / "index.html").is_file():

        @app.get("/", response_class=HTMLResponse, include_in_schema=False)
        async def placeholder() -> str:
            return PLACEHOLDER

        return

    root = web_dir.resolve()
    index = root / "index.html"

    @app.get("/{path:path}", include_in_schema=False)
    async def web(path: str) -> Response:
        if path.startswith(_RESERVED):
            raise NotFound(f"nothing at /{path}")
        candidate = (root / path).resolve()
        if path and candidate.is_relative_to(root) and candidate.is_file():
            cache = _IMMUTABLE if path.startswith("assets/") else _REVALIDATE
            return FileResponse(candidate, headers=cache)
        return FileResponse(index, headers=_REVALIDATE)
