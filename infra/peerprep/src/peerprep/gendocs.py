"""Documents generated from the code: the events' JSON Schema and each service's AsyncAPI document.

``peerprep docs`` writes them under docs/; a test fails when the committed copies are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from contracts.schema import json_schema
from peerprep.services import SERVICES, app_factory
from svc_kit.runtime import asyncapi_document

DOCUMENTED_BOOTSTRAP = "127.0.0.1:9092"


def _text(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def generated(root: Path) -> dict[Path, str]:
    """Every generated file, by path, with the text it should have."""
    files = {root / "docs" / "events.schema.json": _text(json_schema())}
    for name in SERVICES:
        app = app_factory(name)()
        document = asyncapi_document(app.state.ctx, app.title)
        for server in document.get("servers", {}).values():  # the same text whatever this machine's settings
            server.update(host=DOCUMENTED_BOOTSTRAP, description="PEERPREP_KAFKA_BOOTSTRAP")
        files[root / "docs" / "asyncapi" / f"{name}.json"] = _text(document)
    return files


def write(root: Path) -> list[Path]:
    written = []
    for path, text in generated(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
