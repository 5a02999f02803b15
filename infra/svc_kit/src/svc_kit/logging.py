"""structlog set up once per process: readable console lines in development, JSON lines in production.

Context such as ``correlation_id`` is bound with ``structlog.contextvars`` on every hop (HTTP request, Kafka
record) and appears on every line logged while handling it, including the standard library's loggers.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog

_configured: tuple[bool, str] | None = None


def configure_logging(*, json: bool, level: str = "INFO", rich_tracebacks: bool = False) -> None:
    """Idempotent: services sharing a process share one configuration (the first one wins).

    Tracebacks are plain text unless ``rich_tracebacks`` (a debug setting): rich's renderer walks and formats
    every frame's local variables, seconds of CPU for one exception in a deep stack, and the services of the
    local run share one event loop, so one bad request would pause them all.
    """
    global _configured
    if _configured is not None:
        return
    _configured = (json, level)
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if json
        else console_renderer(colors=sys.stderr.isatty(), rich_tracebacks=rich_tracebacks)
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info if json else _identity,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aiokafka", "pymongo", "uvicorn.access", "kafka", "httpx"):  # httpx: a line per request
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


def console_renderer(*, colors: bool, rich_tracebacks: bool = False) -> structlog.dev.ConsoleRenderer:
    """Development's readable lines; tracebacks as plain text (no local variables) unless asked for."""
    formatter = (
        structlog.dev.RichTracebackFormatter(show_locals=True) if rich_tracebacks else structlog.dev.plain_traceback
    )
    return structlog.dev.ConsoleRenderer(colors=colors, exception_formatter=formatter)


def _identity(_: Any, __: str, event_dict: Any) -> Any:
    return event_dict


def get_logger(name: str, **bound: Any) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger.bind(**bound) if bound else logger
