"""Documents generated from the code: the events' and the realtime messages' JSON Schemas, each service's
AsyncAPI and OpenAPI documents.

``peerprep docs`` writes them under docs/; a test fails when the committed copies are stale.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from contracts import ws
from contracts.schema import json_schema
from peerprep.services import SERVICES, app_factory
from svc_kit.runtime import asyncapi_document


def _text(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


@contextmanager
def _default_settings() -> Iterator[None]:
    """The documents describe the defaults, not this machine's PEERPREP_* or per-service variables."""
    prefixes = ("PEERPREP_", "USER_", "MATCH_", "QUESTION_", "COLLAB_", "EXEC_", "AI_", "GATEWAY_")
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith(prefixes)}
    try:
        yield
    finally:
        os.environ.update(saved)


def generated(root: Path) -> dict[Path, str]:
    """Every generated file, by path, with the text it should have."""
    files = {
        root / "docs" / "events.schema.json": _text(json_schema()),
        # The web client's realtime types (web/src/realtime/protocol.ts) are generated from this one.
        root / "docs" / "ws.schema.json": _text(ws.json_schema()),
    }
    with _default_settings():
        apps = {name: app_factory(name)() for name in SERVICES}
    for name, app in apps.items():
        document = asyncapi_document(app.state.ctx, app.title)
        files[root / "docs" / "asyncapi" / f"{name}.json"] = _text(document)
        # The web client's API types are generated from these (web/src/api/generated/, `npm run gen:api`).
        files[root / "docs" / "openapi" / f"{name}.json"] = _text(app.openapi())
    return files


def write(root: Path) -> list[Path]:
    written = []
    for path, text in generated(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
