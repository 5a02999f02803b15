"""Routes ``/api/<name>/...`` to the service that owns it, so the browser sees one origin.

The path is forwarded unchanged (services serve under ``/api/<name>``), as an Ingress does in Kubernetes.
"""

from __future__ import annotations

import httpx
from fastapi import APIRouter, Request, Response

from contracts.headers import HTTP_CORRELATION_ID
from svc_kit.correlation import current_correlation_id
from svc_kit.errors import NotFound, Unavailable

# Hop-by-hop headers (RFC 9110 7.6.1) and ones the proxy recomputes.
_DROP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host"}
_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]


def proxy_router(client: httpx.AsyncClient, routes: dict[str, str]) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.api_route("/api/{service}/{path:path}", methods=_METHODS)
    @router.api_route("/api/{service}", methods=_METHODS)
    async def forward(service: str, request: Request) -> Response:
        base = routes.get(service)
        if base is None:
            raise NotFound(f"no API named {service!r}", known=sorted(routes))
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _DROP}
        headers[HTTP_CORRELATION_ID] = current_correlation_id() or ""
        try:
            upstream = await client.request(
                request.method,
                f"{base.rstrip('/')}{request.url.path}",
                params=request.query_params,
                headers=headers,
                content=await request.body(),
            )
        except httpx.TransportError as exc:
            raise Unavailable(f"the {service} service is not answering, try again shortly", service=service) from exc
        kept = {
            k: v for k, v in upstream.headers.items() if k.lower() not in _DROP | {"content-length", "content-encoding"}
        }
        return Response(upstream.content, status_code=upstream.status_code, headers=kept)

    return router
