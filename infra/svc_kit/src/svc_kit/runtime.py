"""The composition every service shares: one context (settings, Kafka, MongoDB, bus) and one FastAPI app whose
lifespan starts things in a fixed order and stops them in the reverse one.

Start: logging -> topics (fails loudly when Kafka is away; returns once Kafka serves them) -> MongoDB + Beanie
(fails loudly) -> prune old dedupe marks -> the Kafka producer, warmed (metadata of every topic it publishes to,
connections to their leaders: a first publish waits on nothing) -> service hooks (may publish) -> consumers
(broadcast consumers positioned at the latest offset before the app answers).
Stop: drain hooks (the launcher's server runs them first: the gateway closes its websockets with 1001) -> uvicorn
stops accepting requests -> consumers drain and stop (offsets of finished records committed) -> service stop hooks
-> MongoDB closed.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from aiokafka.errors import KafkaError
from beanie import Document
from fastapi import APIRouter, FastAPI
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from contracts import CATALOG, DEAD_LETTER, Envelope, Payload, topic_for
from svc_kit.bus import EventBus
from svc_kit.correlation import CorrelationIdMiddleware
from svc_kit.errors import install_error_handlers
from svc_kit.health import health_router
from svc_kit.idempotency import ProcessedEvents
from svc_kit.kafka_topics import KafkaUnavailable, ensure_topics
from svc_kit.logging import configure_logging, get_logger
from svc_kit.mongo import MongoUnavailable, init_documents, mongo_client, ping
from svc_kit.outbox import Outbox
from svc_kit.settings import ServiceSettings
from svc_kit.validation import install_validation_handler
from svc_kit.warmup import warm_producer

Hook = Callable[[], Awaitable[None]]


class StartupRefused(RuntimeError):
    """Raised by a start hook that must not go on (a missing secret, data it cannot read): the message is the one
    line the launcher prints, and the service stops instead of answering requests it cannot serve."""


class Worker(Protocol):
    """A loop of the service's own (beside the bus's subscribers), started once the broker is up."""

    async def start(self, *, timeout_s: float) -> None: ...
    async def stop(self) -> None: ...


@dataclass
class ServiceContext:
    """What a service's handlers, use cases and routes are built from. Made without I/O."""

    settings: ServiceSettings
    broker: KafkaBroker
    bus: EventBus
    mongo: AsyncMongoClient[dict[str, Any]]
    db: AsyncDatabase[dict[str, Any]]
    processed: ProcessedEvents
    on_start: list[Hook] = field(default_factory=list)
    on_stop: list[Hook] = field(default_factory=list)
    on_drain: list[Hook] = field(default_factory=list)  # shutdown begins: let long-lived connections go first
    workers: list[Worker] = field(default_factory=list)  # long-running Kafka loops of the service's own
    startup_error: str | None = None  # why start-up failed, in one line, for the launcher to print
    outbox: Outbox | None = None  # set by ``use_outbox``: its relay runs as a worker, /readyz shows its backlog

    @classmethod
    def build(cls, settings: ServiceSettings) -> ServiceContext:
        configure_logging(
            json=settings.json_logs, level=settings.log_level, rich_tracebacks=settings.log_rich_tracebacks
        )
        broker = KafkaBroker(
            settings.kafka_bootstrap,
            client_id=f"peerprep-{settings.SERVICE}",
            request_timeout_ms=int(settings.kafka_timeout_s * 1000),
            graceful_timeout=settings.shutdown_grace_s,
            # Topics come from the catalog (ensure_topics); subscribers declare theirs with declare=False, so
            # FastStream neither creates one nor warns, as it does for every subscriber when this is False.
            allow_auto_create_topics=True,
            logger=get_logger(f"{settings.SERVICE}.kafka"),
            log_level=logging.DEBUG,  # FastStream's line per record ("Received", "Processed"): not at INFO
        )
        mongo = mongo_client(settings.mongodb_url, timeout_ms=settings.mongodb_timeout_ms)
        db = mongo[settings.database]
        processed = ProcessedEvents(db)
        bus = EventBus(
            broker,
            producer=settings.SERVICE,
            topic_prefix=settings.topic_prefix,
            processed=processed,
            retries=settings.handler_retries,
            bootstrap=settings.kafka_bootstrap,
        )
        return cls(settings=settings, broker=broker, bus=bus, mongo=mongo, db=db, processed=processed)

    def use_outbox(self) -> Outbox:
        """This service's outbox (svc_kit.outbox), its relay started with the other workers."""
        if self.outbox is None:
            self.outbox = Outbox(
                self.db,
                self.bus,
                grace_s=self.settings.outbox_grace_s,
                sweep_s=self.settings.outbox_sweep_s,
                publish_timeout_s=self.settings.kafka_timeout_s,
            )
            self.workers.append(self.outbox)
        return self.outbox

    async def kafka_ready(self) -> bool:
        return await self.broker.ping(timeout=2.0)

    async def mongo_ready(self) -> bool:
        return await ping(self.db, timeout_s=2.0)


def build_app(
    ctx: ServiceContext,
    *,
    title: str,
    description: str,
    documents: Sequence[type[Document]] = (),
    routers: Sequence[APIRouter] = (),
    publishes: Sequence[type[Payload]] = (),
    uses_mongo: bool = True,
) -> FastAPI:
    settings = ctx.settings
    log = get_logger(settings.SERVICE)
    published_topics = [ctx.bus.topic(topic_for(p).name) for p in publishes] + [ctx.bus.topic(DEAD_LETTER.name)]
    for payload in publishes:  # declared for the AsyncAPI document; publishing goes through ctx.bus
        spec = topic_for(payload)
        ctx.broker.publisher(
            ctx.bus.topic(spec.name),
            title=f"{settings.SERVICE}:{spec.name}",
            schema=Envelope[payload],  # type: ignore[valid-type]
        )

    async def connect() -> None:
        try:
            if settings.create_topics:
                await ensure_topics(
                    settings.kafka_bootstrap, CATALOG, prefix=settings.topic_prefix, timeout_s=settings.kafka_timeout_s
                )
            if uses_mongo:
                await init_documents(ctx.db, list(documents), url=settings.mongodb_url)
        except (KafkaUnavailable, MongoUnavailable) as exc:
            ctx.startup_error = str(exc)
            raise

    async def connect_producer() -> None:
        await ctx.broker.connect()
        try:
            await warm_producer(ctx.broker, published_topics, timeout_s=settings.kafka_timeout_s)
        except (TimeoutError, KafkaError) as exc:
            ctx.startup_error = f"Kafka did not give the metadata of {settings.SERVICE}'s topics: {exc!r}"
            raise

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Whatever got started is stopped, in reverse order, even when start-up fails half-way.
        async with AsyncExitStack() as stack:
            stack.callback(log.info, "service.stopped")
            stack.push_async_callback(ctx.mongo.close)
            for hook in ctx.on_stop:
                stack.push_async_callback(hook)
            await connect()
            if uses_mongo:
                await ctx.processed.prune(timedelta(days=settings.processed_events_days))
            await connect_producer()  # start hooks may publish (user_svc announces its keys)
            stack.push_async_callback(ctx.broker.stop)  # first to stop: in-flight handlers finish and commit
            for hook in ctx.on_start:
                try:
                    await hook()
                except StartupRefused as exc:
                    ctx.startup_error = str(exc)
                    raise
            await ctx.broker.start()  # the consumers
            stack.push_async_callback(ctx.bus.stop_broadcasts)
            try:
                await ctx.bus.start_broadcasts(timeout_s=settings.kafka_timeout_s)  # positioned when it returns
            except KafkaUnavailable as exc:
                ctx.startup_error = str(exc)
                raise
            for worker in ctx.workers:  # they may publish: the broker is up, and they stop before it does
                try:
                    await worker.start(timeout_s=settings.kafka_timeout_s)
                except KafkaUnavailable as exc:
                    ctx.startup_error = str(exc)
                    raise
                stack.push_async_callback(worker.stop)
            log.info("service.started", port=settings.port, database=settings.database)
            yield
            log.info("service.stopping")

    app = FastAPI(title=title, description=description, version="0.1.0", lifespan=lifespan)
    app.state.ctx = ctx
    app.add_middleware(CorrelationIdMiddleware)
    install_error_handlers(app)
    install_validation_handler(app)
    checks = {"kafka": ctx.kafka_ready} | ({"mongodb": ctx.mongo_ready} if uses_mongo else {})
    figures = {"outbox_backlog": ctx.outbox.backlog} if ctx.outbox is not None else {}
    app.include_router(health_router(settings.SERVICE, checks, figures))
    for router in routers:
        app.include_router(router)

    @app.get("/asyncapi.json", tags=["docs"], summary="AsyncAPI document of this service's topics")
    async def asyncapi() -> dict[str, Any]:
        return asyncapi_document(ctx, title)

    return app


def asyncapi_document(ctx: ServiceContext, title: str) -> dict[str, Any]:
    """FastStream's document of the broker's subscribers and publishers, with the bus's broadcast readers (plain
    aiokafka consumers FastStream does not know of) added in the same shape."""
    spec = AsyncAPI(ctx.broker, title=title, version="0.1.0").to_specification()
    document: dict[str, Any] = spec.to_jsonable()
    components = document.setdefault("components", {})
    for sub in ctx.bus.broadcast_subscriptions:
        channel = f"{sub.name.removesuffix(':broadcast')}:{sub.topic}"
        message = f"{channel}:SubscribeMessage"
        envelope = Envelope[sub.payload_type]  # type: ignore[name-defined]
        schema = envelope.model_json_schema(ref_template="#/components/schemas/{model}")
        components.setdefault("schemas", {}).update(schema.pop("$defs", {}))
        components["schemas"][envelope.__name__] = schema
        components.setdefault("messages", {})[message] = {
            "correlationId": {"location": "$message.header#/correlation_id"},
            "payload": {"$ref": f"#/components/schemas/{envelope.__name__}"},
            "title": message,
        }
        document.setdefault("channels", {})[channel] = {
            "address": sub.topic,
            "bindings": {"kafka": {"bindingVersion": "0.4.0", "topic": sub.topic}},
            "description": sub.description,
            "messages": {"SubscribeMessage": {"$ref": f"#/components/messages/{message}"}},
            "servers": [{"$ref": "#/servers/development"}],
        }
        document.setdefault("operations", {})[channel] = {
            "action": "receive",
            "channel": {"$ref": f"#/channels/{channel}"},
            "messages": [{"$ref": f"#/channels/{channel}/messages/SubscribeMessage"}],
        }
    for key in ("channels", "operations"):
        document[key] = dict(sorted(document[key].items()))
    for key in ("messages", "schemas"):
        components[key] = dict(sorted(components[key].items()))
    return document
