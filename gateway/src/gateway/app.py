"""Composition root of the gateway: the browser's one origin."""

from fastapi import FastAPI

from gateway.proxy import proxy_router, upstream_client
from gateway.security import SecurityHeadersMiddleware
from gateway.settings import GatewaySettings
from gateway.web import mount_web
from svc_kit import ServiceContext, build_app


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    ctx = ServiceContext.build(settings)
    client = upstream_client(settings.upstream_timeout_s)

    async def close_client() -> None:
        await client.aclose()

    ctx.on_stop.append(close_client)
    app = build_app(
        ctx,
        title="PeerPrep gateway",
        description="The browser's one origin: web client, API routing, websockets.",
        routers=[proxy_router(client, settings.routes)],
        uses_mongo=False,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    mount_web(app, settings.web_dir)
    return app
