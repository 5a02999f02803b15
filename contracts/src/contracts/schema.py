"""JSON Schema of the envelope and every payload; the web client's TypeScript types are generated from it.

Run ``python -m contracts.schema OUT.json`` to write it (stdout without an argument).
"""

from __future__ import annotations

import json
import sys
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema

from contracts.envelope import Envelope
from contracts.topics import CATALOG, REGISTRY


def json_schema() -> dict[str, Any]:
    """One document: ``$defs`` holds every payload (named ``<Class>V<version>``) and the envelope."""
    models: list[tuple[type[BaseModel], Literal["validation"]]] = [(payload, "validation") for payload in REGISTRY]
    _, top = models_json_schema(models, ref_template="#/$defs/{model}")
    defs: dict[str, Any] = top.get("$defs", {})
    envelope = TypeAdapter(Envelope[Any]).json_schema()
    envelope["title"] = "Envelope"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "PeerPrep events",
        "$defs": {**defs, "Envelope": envelope},
        "events": {
            spec.name: {
                "payload": f"#/$defs/{spec.payload.__name__}",
                "version": spec.payload.VERSION,
                "key": spec.key,
                "partitions": spec.partitions,
            }
            for spec in CATALOG
            if spec.payload is not None
        },
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
    if args:
        with open(args[0], "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
