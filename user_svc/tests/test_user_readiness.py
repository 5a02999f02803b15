"""Readiness follows Kafka going away and coming back."""

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from peerprep.native import Infra
from peerprep_testing import running
from user_svc.app import create_app as user_app
from user_svc.settings import UserSettings


async def _readiness(client: httpx.AsyncClient, want: int) -> dict[str, Any]:
    """Poll /readyz until it answers ``want`` (readiness is polled, as an orchestrator does)."""
    for _ in range(300):
        response = await client.get("/readyz")
        if response.status_code == want:
            body: dict[str, Any] = response.json()
            return body
        await asyncio.sleep(0.1)
    raise AssertionError(f"/readyz never answered {want}: {response.status_code} {response.text}")


async def test_readyz_fails_while_kafka_is_stopped_and_recovers_when_it_is_back(
    own_kafka: Infra, settings_for: Callable[..., Any]
) -> None:
    settings = settings_for(UserSettings, kafka_bootstrap=own_kafka.kafka_bootstrap)
    async with running(user_app(settings)) as client:
        assert (await _readiness(client, 200))["checks"] == {"kafka": "ok", "mongodb": "ok"}
        await asyncio.to_thread(own_kafka.stop_kafka)
        down = await _readiness(client, 503)
        assert down["checks"] == {"kafka": "down", "mongodb": "ok"}
        assert down["status"] == "not_ready"
        await asyncio.to_thread(own_kafka.start_kafka)
        assert (await _readiness(client, 200))["status"] == "ready"
