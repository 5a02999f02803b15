"""MongoDB through PyMongo's own async client (motor is end-of-life), with Beanie 2 documents on top.

The code sticks to what real MongoDB and FerretDB share: no $text, no transactions, no change streams, no TTL.
"""

from __future__ import annotations

import asyncio
from typing import Any

from beanie import Document, init_beanie
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError


class MongoUnavailable(RuntimeError):
    pass


def mongo_client(url: str, *, timeout_ms: int) -> AsyncMongoClient[dict[str, Any]]:
    """A client that has not connected yet: the first operation connects."""
    return AsyncMongoClient(
        url,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        tz_aware=True,
        uuidRepresentation="standard",
        appname="peerprep",
    )


async def ping(db: AsyncDatabase[dict[str, Any]], *, timeout_s: float) -> bool:
    try:
        await asyncio.wait_for(db.command("ping"), timeout_s)
        return True
    except (TimeoutError, PyMongoError):
        return False


async def init_documents(db: AsyncDatabase[dict[str, Any]], documents: list[type[Document]], *, url: str) -> None:
    """Fail start-up loudly when the server does not answer, then bind Beanie documents and build their indexes."""
    try:
        await db.command("ping")
    except PyMongoError as exc:
        where = url.split("@")[-1]
        raise MongoUnavailable(
            f"MongoDB not reachable at {where} ({type(exc).__name__}); start it with `peerprep infra up`"
        ) from exc
    if documents:
        await init_beanie(database=db, document_models=documents)
