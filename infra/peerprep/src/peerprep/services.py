"""The services the launcher knows, by name. Importing one is deferred until it is asked for."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import cast

from fastapi import FastAPI

# Start order: the gateway last, so that when it answers every service behind it already does.
SERVICES: dict[str, str] = {
    "user_svc": "user_svc.app",
    "match_svc": "match_svc.app",
    "question_svc": "question_svc.app",
    "collab_svc": "collab_svc.app",
    "exec_svc": "exec_svc.app",
    "ai_svc": "ai_svc.app",
    "gateway": "gateway.app",
}


class UnknownService(ValueError):
    pass


def parse_services(spec: str) -> list[str]:
    """``all`` or a comma-separated list of service names, in start order."""
    if spec.strip() in ("", "all"):
        return list(SERVICES)
    names = [n.strip() for n in spec.split(",") if n.strip()]
    unknown = [n for n in names if n not in SERVICES]
    if unknown:
        raise UnknownService(f"unknown service(s) {', '.join(unknown)}; known: {', '.join(SERVICES)}")
    return [n for n in SERVICES if n in names]


def app_factory(name: str) -> Callable[[], FastAPI]:
    module = importlib.import_module(SERVICES[name])
    return cast(Callable[[], FastAPI], module.create_app)
