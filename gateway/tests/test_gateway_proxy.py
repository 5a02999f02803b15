"""The gateway's routing of /api/<name>/... to the owning service (the upstream is an HTTP stand-in here;
tests/test_launcher.py routes to a real service)."""

import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from fastapi import FastAPI

from gateway.proxy import BodyLimits, proxy_router, upstream_client
from svc_kit.correlation import CorrelationIdMiddleware
from svc_kit.errors import install_error_handlers


def echo(request: httpx.Request) -> httpx.Response:
    body = {
        "url": str(request.url),
        "method": request.method,
        "correlation_ids": request.headers.get_list("x-correlation-id"),
        "forwarded_for": request.headers.get_list("x-forwarded-for"),
        "cookies": request.headers.get_list("cookie"),
        "body": request.content.decode(),
    }
    headers = [("set-cookie", "a=1; Path=/"), ("set-cookie", "b=2; Path=/"), ("x-correlation-id", "upstream-own")]
    return httpx.Response(207, json=body, headers=headers)


def gateway_app(transport: httpx.AsyncBaseTransport, limits: BodyLimits | None = None) -> FastAPI:
    app = FastAPI()
    app.add_middleware(CorrelationIdMiddleware)
    install_error_handlers(app)
    app.include_router(proxy_router(upstream_client(5, transport), {"users": "http://users:8101"}, limits))
    return app


def gateway(transport: httpx.AsyncBaseTransport, limits: BodyLimits | None = None) -> httpx.AsyncClient:
    app = gateway_app(transport, limits)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw")


async def raw_get(app: FastAPI, raw_path: str) -> tuple[int, dict[str, Any]]:
    """A GET whose path is sent as it is: HTTP clients (httpx too) resolve dot segments before sending."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": unquote(raw_path), "raw_path": raw_path.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"host", b"gw")], "client": ("127.0.0.1", 5000), "server": ("gw", 80),
    }  # fmt: skip
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(body)


async def test_a_request_reaches_the_owning_service_unchanged() -> None:
    async with gateway(httpx.MockTransport(echo)) as client:
        response = await client.post(
            "/api/users/a%2Fb/x?q=1&q=2", content='{"k": 1}', headers={"X-Correlation-ID": "trace-7"}
        )
    seen = response.json()
    assert response.status_code == 207
    assert seen["url"] == "http://users:8101/api/users/a%2Fb/x?q=1&q=2"  # raw path and repeated query kept
    assert seen["method"] == "POST"
    assert json.loads(seen["body"]) == {"k": 1}
    assert seen["correlation_ids"] == ["trace-7"]  # forwarded once
    assert seen["forwarded_for"] == ["127.0.0.1"]  # the address the gateway saw (httpx's ASGI client)
    assert response.headers.get_list("set-cookie") == ["a=1; Path=/", "b=2; Path=/"]
    assert response.headers.get_list("x-correlation-id") == ["trace-7"]


async def test_a_cookie_set_for_one_browser_is_never_sent_for_another() -> None:
    async with gateway(httpx.MockTransport(echo)) as first:
        await first.get("/api/users/auth/login")  # the upstream answers with Set-Cookie
        first.cookies.clear()  # the next request comes from another browser, with no cookie
        again = await first.get("/api/users/me")
    assert again.json()["cookies"] == []


async def test_without_a_correlation_id_the_gateway_makes_one_and_sends_it_upstream() -> None:
    async with gateway(httpx.MockTransport(echo)) as client:
        response = await client.get("/api/users/me")
    [sent] = response.json()["correlation_ids"]
    assert sent == response.headers["x-correlation-id"] != ""


async def test_the_gateway_appends_the_address_it_saw_to_a_forwarded_chain() -> None:
    async with gateway(httpx.MockTransport(echo)) as client:
        response = await client.get("/api/users/me", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.json()["forwarded_for"] == ["203.0.113.9, 127.0.0.1"]


@pytest.mark.parametrize(
    "path", ["/api/users/../../asyncapi.json", "/api/users/%2e%2e/%2E%2E/readyz", "/api/users/./me", "/api/users/a/.."]
)
async def test_dot_segments_never_escape_the_owning_services_api(path: str) -> None:
    reached: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        reached.append(str(request.url))
        return httpx.Response(200)

    status, body = await raw_get(gateway_app(httpx.MockTransport(record)), path)
    assert status == 404
    assert body["error"]["code"] == "not_found"
    assert reached == []


async def test_unknown_api_and_unreachable_service_get_the_error_shape() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    async with gateway(httpx.MockTransport(refuse)) as client:
        unknown = await client.get("/api/nowhere/x")
        down = await client.get("/api/users/me")
    assert unknown.status_code == 404
    assert unknown.json()["error"] == {
        "code": "not_found",
        "message": "no API named 'nowhere'",
        "details": {"known": ["users"]},
    }
    assert down.status_code == 503
    assert down.json()["error"]["code"] == "unavailable"


async def test_a_body_over_the_routes_limit_is_refused_with_413_before_it_is_forwarded() -> None:
    reached: list[int] = []

    def record(request: httpx.Request) -> httpx.Response:
        reached.append(len(request.content))
        return httpx.Response(200, json={})

    async def streamed(size: int) -> AsyncIterator[bytes]:  # chunked: no Content-Length to trust
        for _ in range(size // 1024):
            yield b"x" * 1024

    limits = BodyLimits(default=2048, by_prefix={"/api/users/import": 8192})
    async with gateway(httpx.MockTransport(record), limits) as client:
        declared = await client.post("/api/users/me", content=b"x" * 3000)
        chunked = await client.post("/api/users/me", content=streamed(4096))
        allowed = await client.post("/api/users/import", content=b"x" * 6000)
        small = await client.post("/api/users/me", content=b"x" * 100)
    assert declared.status_code == chunked.status_code == 413
    assert declared.json()["error"] == {
        "code": "payload_too_large",
        "message": "The request body is larger than 2048 bytes.",
        "details": {"limit_bytes": 2048},
    }
    assert (allowed.status_code, small.status_code) == (200, 200)
    assert reached == [6000, 100]
