"""Builders shared by the matching tests: a tab that asks for a partner and reads what comes back."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from fastapi import FastAPI

from contracts import Difficulty, Envelope, Language
from contracts.events.match import MatchRequested
from peerprep_testing.kafka import EventLog
from peerprep_testing.ws import WAIT_S, Tab


class Seeker:
    """A user's tab looking for a partner: sends match messages, reads ``notify`` pushes by kind."""

    def __init__(self, tab: Tab, difficulty: str = "easy") -> None:
        self.tab = tab
        self.difficulty = difficulty
        self.request_id = ""
        self.seen: list[dict[str, Any]] = []  # every message read, in order
        self._unclaimed: list[dict[str, Any]] = []  # read while waiting for something else

    async def request(
        self, topics: tuple[str, ...] = (), language: str = "python", difficulty: str | None = None
    ) -> str:
        self.difficulty = difficulty or self.difficulty
        self.request_id = str(uuid.uuid4())
        await self.tab.send(
            {
                "v": 1,
                "type": "match_request",
                "request_id": self.request_id,
                "difficulty": self.difficulty,
                "topics": list(topics),
                "language": language,
            }
        )
        await self.until_message("ack", request_id=self.request_id)
        return self.request_id

    async def cancel(self) -> None:
        message = {"v": 1, "type": "match_cancel", "request_id": self.request_id, "difficulty": self.difficulty}
        await self.tab.send(message)
        await self.until_message("ack", request_id=self.request_id)

    async def accept(self, match_id: str) -> None:
        await self.tab.send(
            {
                "v": 1,
                "type": "match_accept",
                "request_id": self.request_id,
                "match_id": match_id,
                "difficulty": self.difficulty,
            }
        )
        await self.until_message("ack", request_id=self.request_id)

    async def until_message(self, message_type: str, **fields: Any) -> dict[str, Any]:
        """The first message of ``message_type`` with ``fields`` not taken yet: read earlier (and skipped by
        another wait) or the next to come. An ``error`` fails the test."""

        def fits(message: dict[str, Any]) -> bool:
            return message["type"] == message_type and all(message.get(k) == v for k, v in fields.items())

        for earlier in self._unclaimed:
            if fits(earlier):
                self._unclaimed.remove(earlier)
                return earlier
        async with asyncio.timeout(WAIT_S):
            while True:
                message: dict[str, Any] = json.loads(await self.tab.socket.recv())
                self.seen.append(message)
                assert message["type"] != "error", message
                if fits(message):
                    return message
                self._unclaimed.append(message)

    async def until(self, kind: str, **fields: Any) -> dict[str, Any]:
        """The data of the first push of ``kind`` for this tab's request (or the ``request_id`` given), with
        ``fields``; pushes of other kinds stay for later waits."""
        wanted = {"request_id": self.request_id} | fields
        while True:
            message = await self.until_message("notify", kind=kind)
            data: dict[str, Any] = message["data"]
            if all(data.get(k) == v for k, v in wanted.items() if k in data or k != "request_id"):
                return data

    def kinds(self) -> list[str]:
        return [m["kind"] for m in self.seen if m["type"] == "notify"]


# Straight to match_svc over Kafka (no gateway)

KAFKA_WAIT_S = 60


async def until_rebuilt(app: FastAPI, times: int = 1) -> None:
    """Until the instance has rebuilt its pools ``times`` times (it owns partitions and reads live)."""
    async with asyncio.timeout(KAFKA_WAIT_S):
        while app.state.pools.rebuilds < times:  # noqa: ASYNC110 (the pools keep a count, not an event)
            await asyncio.sleep(0.05)


async def until_queued(notices: EventLog, request_id: str) -> None:
    """Until the user has been told the request waits in the pool (the live loop handled it)."""
    while True:
        notice: Any = (await notices.wait_for(len(notices.seen) + 1, timeout_s=KAFKA_WAIT_S))[-1].payload
        if notice.kind == "match.queued" and notice.data.get("request_id") == request_id:
            return


def kafka_request(user_id: str, timeout_s: int, difficulty: Difficulty = Difficulty.EASY) -> Envelope[MatchRequested]:
    """A request as the gateway publishes it (a new request id each time)."""
    return Envelope.wrap(
        MatchRequested(
            request_id=str(uuid.uuid4()),
            user_id=user_id,
            difficulty=difficulty,
            language=Language.PYTHON,
            timeout_s=timeout_s,
        ),
        producer="gateway",
    )
