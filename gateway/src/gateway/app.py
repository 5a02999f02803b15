"""Composition root of the gateway: the browser's one origin (web client, /api routing, the /ws realtime edge)."""

from fastapi import FastAPI

from contracts.events.match import MatchAccepted, MatchCancelled, MatchRequested, MatchStateRequested
from gateway.proxy import BodyLimits, proxy_router, upstream_client
from gateway.realtime.endpoint import realtime_router
from gateway.realtime.fanout import register_fanout
from gateway.realtime.registry import Registry
from gateway.security import SecurityHeadersMiddleware
from gateway.settings import GatewaySettings
from gateway.web import mount_web
from svc_kit import ServiceContext, build_app
from svc_kit.auth import KeySet, register_key_consumer


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    ctx = ServiceContext.build(settings)
    client = upstream_client(settings.upstream_timeout_s)

    async def close_client() -> None:
        await client.aclose()

    ctx.on_stop.append(close_client)
    keyset = KeySet()
    register_key_consumer(ctx, keyset)
    registry = Registry(user_rate_per_s=settings.ws_user_rate_per_s, user_burst=settings.ws_user_burst)
    register_fanout(ctx.bus, registry, remember=settings.ws_recent_notifications)
    ctx.on_drain.append(registry.drain)  # shutting down: every socket is told 1001 before uvicorn stops
    app = build_app(
        ctx,
        title="PeerPrep gateway",
        description="The browser's one origin: web client, API routing, websockets.",
        routers=[
            realtime_router(settings, keyset, registry, ctx.bus),
            proxy_router(client, settings.routes, BodyLimits(settings.max_body_bytes, settings.body_limits)),
        ],
        publishes=[MatchRequested, MatchCancelled, MatchAccepted, MatchStateRequested],
        uses_mongo=False,
    )
    app.state.keyset = keyset
    app.state.registry = registry
    app.add_middleware(SecurityHeadersMiddleware)
    mount_web(app, settings.web_dir)
    return app
