"""One lane for database calls that go better together: what queues up behind the call in progress goes in the
next one, as one batch. Under load the lane makes one call per turn, not one per caller."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class Coalescing(Generic[Item, Result]):
    """``await lane.submit(item)`` runs ``call`` on every item queued since the last turn (in order) and answers
    each caller with its own result; ``call`` returns one result per item. A failure of the batch fails each of
    its callers. ``lock`` is the lane: pass one shared with other writes that must not overlap these."""

    def __init__(
        self, call: Callable[[list[Item]], Awaitable[Sequence[Result]]], lock: asyncio.Lock | None = None
    ) -> None:
        self._call = call
        self._lock = lock or asyncio.Lock()
        self._queued: list[tuple[Item, asyncio.Future[Result]]] = []

    async def submit(self, item: Item) -> Result:
        answer: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._queued.append((item, answer))
        async with self._lock:
            if not answer.done():  # not carried by an earlier turn
                batch, self._queued = self._queued, []
                try:
                    results = await self._call([item for item, _ in batch])
                except Exception as exc:
                    for _, waiting in batch:
                        waiting.set_exception(exc)
                else:
                    for (_, waiting), result in zip(batch, results, strict=True):
                        waiting.set_result(result)
                finally:
                    for _, waiting in batch:  # cancelled mid-call (a shutdown): nobody waits for ever
                        if not waiting.done():
                            waiting.cancel()
        return await answer
