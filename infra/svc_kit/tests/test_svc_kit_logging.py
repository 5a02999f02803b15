"""How an exception is written to the development console (no servers)."""

import sys

from svc_kit.logging import console_renderer

SECRET_LOCAL = "a-local-variable-nobody-should-see"


def _event_with_exception() -> dict[str, object]:
    def failing(password: str) -> None:
        raise ValueError("boom")

    try:
        failing(SECRET_LOCAL)
    except ValueError:
        return {"event": "request.failed", "exc_info": sys.exc_info()}
    raise AssertionError("unreachable")


def test_tracebacks_are_plain_text_without_local_variables_by_default() -> None:
    line = console_renderer(colors=False)(None, "error", _event_with_exception())
    assert "ValueError: boom" in line
    assert "Traceback (most recent call last)" in line
    assert SECRET_LOCAL not in line  # rendering locals is slow (it stalled the shared event loop) and leaks values


def test_the_debug_setting_draws_rich_tracebacks_with_local_variables() -> None:
    line = console_renderer(colors=False, rich_tracebacks=True)(None, "error", _event_with_exception())
    assert SECRET_LOCAL in line
