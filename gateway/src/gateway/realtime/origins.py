"""Which pages may open ``/ws``: the gateway's own origin, or one listed in ``GATEWAY_ALLOWED_ORIGINS``.

Browsers always send ``Origin`` on a websocket, so checking it stops another site's page from riding on a user's
session (cross-site websocket hijacking). A client with no ``Origin`` is not a browser; it still needs a token.
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_origin(origin: str) -> str:
    """``scheme://host[:port]``, lower-case, without the scheme's default port; ValueError when not an origin."""
    parts = urlsplit(origin.strip().lower())
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"not an origin: {origin!r}") from None
    extra = parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname or extra:
        raise ValueError(f"not an origin: {origin!r} (expected scheme://host[:port])")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    keep_port = port is not None and port != _DEFAULT_PORTS[parts.scheme]
    return f"{parts.scheme}://{host}:{port}" if keep_port else f"{parts.scheme}://{host}"


def origin_allowed(origin: str | None, host: str | None, allowed: Collection[str], *, scheme: str = "http") -> bool:
    """May a page from ``origin`` open a socket on the gateway reached as ``scheme://host``?

    ``scheme`` is the one the client used (``http`` for ``ws``, ``https`` for ``wss``; behind a TLS-terminating
    proxy, uvicorn takes it from ``X-Forwarded-Proto`` of a trusted proxy): an ``http`` page is not the same origin
    as an ``https`` gateway on the same host, and may not ride on its users' sessions.
    """
    if origin is None:
        return True
    try:
        normal = normalise_origin(origin)
    except ValueError:
        return False  # includes "null" (sandboxed frames, file: pages)
    if normal in allowed:
        return True
    if host is None:
        return False
    try:
        own = normalise_origin(f"{scheme}://{host.strip()}")
    except ValueError:
        return False
    return normal == own
