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


def configure_logging(*, json: bool, level: str = "INFO") -> None:
    """Idempotent: services sharing a process share one configuration (the first one wins)."""
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
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
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
    for noisy in ("aiokafka", "pymongo", "uvicorn.access", "kafka"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


def _identity(_: Any, __: str, event_dict: Any) -> Any:
    return event_dict


def get_logger(name: str, **bound: Any) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger.bind(**bound) if bound else logger
