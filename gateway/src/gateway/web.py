"""Serves the web client's build on the gateway's origin, or a placeholder page when it has not been built."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

PLACEHOLDER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>PeerPrep</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}</style></head>
<body><h1>PeerPrep</h1><p>Practise technical interviews with a partner: matched live, one question, a shared
editor, tests to run, chat and a call.</p><p>The services are up. The web client has not been built yet.</p>
</body></html>
"""


def mount_web(app: FastAPI, web_dir: Path | None) -> None:
    if web_dir is not None and (web_dir / "index.html").is_file():
        app.mount("/", StaticFiles(directory=web_dir, html=True), name="web")
        return

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def placeholder() -> str:
        return PLACEHOLDER
