"""Work beside the pools' path (session checks and confirmations wait for MongoDB, never under the pools' lock)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from svc_kit.logging import get_logger


class Background:
    """The tasks under way: kept until done (a failure is logged), cancelled together on ``close``."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._log = get_logger("match_svc.pools")

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._log.warning("pools.background_failed", reason=repr(task.exception()))

    async def wait(self) -> None:
        """Until nothing is under way, including what the work under way started."""
        while under_way := [task for task in self._tasks if not task.done()]:
            await asyncio.gather(*under_way, return_exceptions=True)

    async def close(self) -> None:
        """Stop the work under way (shutting down; the next owner redoes what is undone)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
