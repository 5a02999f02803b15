"""Routes ``/api/<name>/...`` to the service that owns it, so the browser sees one origin.

The raw path and query are forwarded unchanged (services serve under ``/api/<name>``), as an Ingress does in
Kubernetes. The correlation id of this request replaces whatever the client sent, so one trace spans both hops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.parse import unquote

import httpx
from fastapi import APIRouter, Request, Response

from contracts.headers import HTTP_CORRELATION_ID
from svc_kit.correlation import current_correlation_id
from svc_kit.errors import NotFound, PayloadTooLarge, Unavailable

# Hop-by-hop headers (RFC 9110 7.6.1), ones the proxy recomputes, and the correlation id it sets itself.
_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host"}
_DROP_REQUEST = _HOP | {HTTP_CORRELATION_ID.lower(), "content-length", "x-forwarded-for"}
_DROP_RESPONSE = _HOP | {HTTP_CORRELATION_ID.lower(), "content-length", "content-encoding"}
_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]


def upstream_client(timeout_s: float, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """The client the gateway forwards with. It must never keep cookies: it is shared by every browser, so a
    stored Set-Cookie would be sent on behalf of the next person."""
    no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
    return httpx.AsyncClient(timeout=timeout_s, follow_redirects=False, cookies=no_cookies, transport=transport)


def _forwarded_for(request: Request) -> str:
    """The chain so far plus the address this gateway saw (services believe only hops their proxies added)."""
    peer = request.client.host if request.client else "unknown"
    earlier = request.headers.get("x-forwarded-for", "").strip()
    return f"{earlier}, {peer}" if earlier else peer


@dataclass(frozen=True)
class BodyLimits:
    """How large a request body may be: one default, and larger (or smaller) ones by path prefix."""

    default: int = 1 << 20
    by_prefix: dict[str, int] = field(default_factory=dict)

    def for_path(self, path: str) -> int:
        matches = [prefix for prefix in self.by_prefix if path == prefix or path.startswith(prefix.rstrip("/") + "/")]
        return self.by_prefix[max(matches, key=len)] if matches else self.default


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, read as it streams in and refused (413) as soon as it passes ``limit``: never held whole first."""
    too_large = PayloadTooLarge(f"The request body is larger than {limit} bytes.", limit_bytes=limit)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def proxy_router(client: httpx.AsyncClient, routes: dict[str, str], limits: BodyLimits | None = None) -> APIRouter:
    limits = limits or BodyLimits()
    router = APIRouter(include_in_schema=False)

    @router.api_route("/api/{service}/{path:path}", methods=_METHODS)
    @router.api_route("/api/{service}", methods=_METHODS)
    async def forward(service: str, request: Request) -> Response:
        base = routes.get(service)
        if base is None:
            raise NotFound(f"no API named {service!r}", known=sorted(routes))
        headers = [(k, v) for k, v in request.headers.items() if k.lower() not in _DROP_REQUEST]
        headers.append((HTTP_CORRELATION_ID, current_correlation_id() or ""))
        headers.append(("X-Forwarded-For", _forwarded_for(request)))
        raw_path = request.scope["raw_path"].decode("latin-1")
        if any(unquote(segment) in (".", "..") for segment in raw_path.split("/")):
            # a client's HTTP library would resolve these before the service sees them: /api/x/../../admin
            raise NotFound("paths with . or .. segments are not routed", path=raw_path)
        target = base.rstrip("/") + raw_path
        if query := request.scope["query_string"]:
            target += "?" + query.decode("latin-1")
        try:
            upstream = await client.request(
                request.method,
                target,
                headers=headers,
                content=await _read_body(request, limits.for_path(request.url.path)),
            )
        except httpx.TransportError as exc:
            raise Unavailable(f"the {service} service is not answering, try again shortly", service=service) from exc
        response = Response(upstream.content, status_code=upstream.status_code)
        for key, value in upstream.headers.multi_items():  # keeps every Set-Cookie
            if key.lower() not in _DROP_RESPONSE:
                response.headers.append(key, value)
        return response

    return router
