"""Pushes across gateway instances over Kafka: every tab of a user gets each push exactly once, whichever instance
holds it; nothing leaks to another user; killing one instance does not disturb the tabs on another.

Instance A runs in this process under real uvicorn; instance B is the launcher in a subprocess, so it can be killed.
"""

import asyncio
import json
from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from websockets.exceptions import ConnectionClosed

from contracts import Envelope
from contracts.events.notify import UserNotification
from contracts.events.user import UserDeleted
from contracts.notices import MatchFoundNotice
from gateway.app import create_app
from gateway.settings import GatewaySettings
from peerprep_testing import (
    Servers,
    TokenMint,
    free_ports,
    launch_peerprep,
    publish,
    read_until,
    serving,
)
from peerprep_testing.ws import END, Tab, numbered, push, tab


async def pushes_until_end(inbox: Tab) -> list[Any]:
    """The number of each ``numbered`` push this tab gets, in order, up to the ``END`` push (excluded)."""
    seen = []
    while True:
        message = await inbox.expect("notify")
        if message["kind"] == END.KIND:
            return seen
        match_id = message["data"]["match_id"]
        seen.append(int(match_id) if match_id.isdigit() else match_id)


async def test_every_tab_of_a_user_gets_each_push_once_whichever_instance_holds_it(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    mint = TokenMint()
    await mint.publish_key(servers, prefix)
    (port_b,) = free_ports(1)
    env = servers.env(prefix) | {
        "PEERPREP_ENVIRONMENT": "test",
        "PEERPREP_LOG_LEVEL": "WARNING",
        "GATEWAY_HTTP_PORT": str(port_b),
    }
    with launch_peerprep("up", "--no-infra", "--no-web-build", "--services", "gateway", env=env) as instance_b:
        async with serving(create_app(settings_for(GatewaySettings))) as url_a, AsyncExitStack() as tabs:
            await asyncio.to_thread(read_until, instance_b, "service(s) ready")
            url_b = f"http://127.0.0.1:{port_b}"
            ada, alan = mint.token("ada"), mint.token("alan")
            ada_tabs = [await tabs.enter_async_context(tab(url, ada)) for url in (url_a, url_a, url_b)]
            alan_tabs = [await tabs.enter_async_context(tab(url, alan)) for url in (url_a, url_b)]

            for n in range(10):
                await push(servers, prefix, "ada", numbered(n))
                if n % 3 == 0:
                    await push(servers, prefix, "alan", numbered(100 + n))
            again = await push(servers, prefix, "ada", numbered(10))
            await publish(servers, prefix, again)  # the same event redelivered
            retry = again.payload.model_copy(update={"data": numbered("retry").model_dump(mode="json")})
            await publish(servers, prefix, Envelope.wrap(retry, producer="test_svc"))  # same notification, new event
            await push(servers, prefix, "ada", END)
            await push(servers, prefix, "alan", END)

            for inbox in ada_tabs:
                assert await pushes_until_end(inbox) == list(range(11))
            for inbox in alan_tabs:
                assert await pushes_until_end(inbox) == [100, 103, 106, 109]

            instance_b.kill()  # SIGKILL: no close frame, no drain
            with pytest.raises(ConnectionClosed):
                await ada_tabs[2].next()
            for n in range(11, 14):
                await push(servers, prefix, "ada", numbered(n))
            await push(servers, prefix, "ada", END)
            for inbox in ada_tabs[:2]:
                assert await pushes_until_end(inbox) == [11, 12, 13]
            async with tab(url_a, ada) as fresh:
                await push(servers, prefix, "ada", numbered(14))
                assert (await fresh.expect("notify"))["data"] == numbered(14).model_dump(mode="json")
            await alan_tabs[0].round_trip(1)  # nothing else was waiting for alan


async def test_a_burst_larger_than_the_queue_reaches_a_tab_that_is_reading(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    """600 pushes land in one Kafka batch; the tab reads as they come. Queuing the whole batch before the socket's
    writer could run once closed it with 1013 as if it were a tab that stopped reading."""
    mint = TokenMint()
    await mint.publish_key(servers, prefix)
    burst = [Envelope.wrap(numbered(n).to("ada", notification_id=str(n)), producer="test_svc") for n in range(600)]
    async with serving(create_app(settings_for(GatewaySettings))) as url, tab(url, mint.token("ada")) as ada:
        producer = AIOKafkaProducer(bootstrap_servers=servers.kafka_bootstrap, max_batch_size=1 << 20, linger_ms=200)
        await producer.start()
        try:
            for envelope in burst:  # lingering, so all of them leave in one batch and arrive in one fetch
                await producer.send(f"{prefix}user.notify", envelope.to_bytes(), key=b"ada")
            await producer.flush()
        finally:
            await producer.stop()
        await push(servers, prefix, "ada", END)
        assert await pushes_until_end(ada) == list(range(600))
        await ada.round_trip(1)  # still open


async def test_a_notification_reaches_the_tab_as_documented(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    mint = TokenMint()
    await mint.publish_key(servers, prefix)
    async with serving(create_app(settings_for(GatewaySettings))) as url, tab(url, mint.token("ada")) as ada:
        found = MatchFoundNotice(request_id="r-1", match_id="m-1", partner_name="Grace")
        sent = await push(servers, prefix, "ada", found, notification_id="n-1")
        message = await ada.expect("notify")
    assert message == {
        "v": 1,
        "type": "notify",
        "notification_id": "n-1",
        "kind": "match.found",
        "data": {"request_id": "r-1", "match_id": "m-1", "partner_name": "Grace"},
        "sent_at": json.loads(sent.model_dump_json())["occurred_at"],
    }


async def test_a_notification_that_is_not_a_notice_of_the_protocol_is_not_sent(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    """The gateway sends only what docs/ws.schema.json says: an unknown kind, or a known kind whose data is not its
    notice, is dropped (with a warning), and what follows still arrives."""
    mint = TokenMint()
    await mint.publish_key(servers, prefix)
    strangers = [
        UserNotification(notification_id="n-1", user_id="ada", kind="test", data={"n": 1}),
        UserNotification(notification_id="n-2", user_id="ada", kind="match.found", data={"session_id": "s-1"}),
    ]
    async with serving(create_app(settings_for(GatewaySettings))) as url, tab(url, mint.token("ada")) as ada:
        for note in strangers:
            await publish(servers, prefix, Envelope.wrap(note, producer="test_svc"))
        await push(servers, prefix, "ada", numbered(1))
        await push(servers, prefix, "ada", END)
        assert await pushes_until_end(ada) == [1]


async def test_a_stopping_gateway_closes_its_sockets_with_1001_and_a_deleted_account_with_4403(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    mint = TokenMint()
    await mint.publish_key(servers, prefix)
    async with AsyncExitStack() as sockets:
        async with serving(create_app(settings_for(GatewaySettings))) as url:
            async with tab(url, mint.token("gone")) as gone:
                await publish(servers, prefix, Envelope.wrap(UserDeleted(user_id="gone"), producer="user_svc"))
                await gone.expect("error", code="forbidden")
                assert await gone.closed_with() == 4403
            async with tab(url) as again:  # the access token is still valid: the account is not
                await again.send({"v": 1, "type": "auth", "token": mint.token("gone")})
                await again.expect("error", code="forbidden")
                assert await again.closed_with() == 4403
            staying = await sockets.enter_async_context(tab(url, mint.token("ada")))
        # the server has stopped, the socket still open on this side: the drain closed it first
        assert await staying.closed_with() == 1001
