"""MongoDB through PyMongo's own async client (motor is end-of-life), with Beanie 2 documents on top.

The code sticks to what real MongoDB and FerretDB share: no $text, no transactions, no change streams, no TTL.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from beanie import Document, init_beanie
from beanie.odm.utils.typing import get_index_attributes
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
        where = re.sub(r"//[^@/]*@", "//***@", url)  # never log credentials
        raise MongoUnavailable(
            f"MongoDB not reachable at {where} ({type(exc).__name__}); start it with `peerprep infra up`"
        ) from exc
    if documents:
        await init_beanie(database=db, document_models=documents, skip_indexes=True)
        for document in documents:
            await ensure_indexes(document)


async def ensure_indexes(document: type[Document]) -> None:
    """Create the document's ``Settings.indexes`` that do not exist yet, one ``createIndexes`` call each.

    Beanie sends every index of a document in one call at each start; FerretDB 1.24 panics on such a batch when
    the indexes already exist, so the second start of any service would fail. Indexes are therefore declared in
    ``Settings.indexes`` (named ``IndexModel``s), not with ``Indexed`` annotations.
    """
    annotated = [name for name, info in document.model_fields.items() if get_index_attributes(info) is not None]
    if annotated:
        raise TypeError(f"{document.__name__}: declare indexes in Settings.indexes, not Indexed() on {annotated}")
    collection = document.get_pymongo_collection()
    existing = await collection.index_information()
    keys = {tuple((field, direction) for field, direction in info["key"]) for info in existing.values()}
    for index in document.get_settings().indexes:
        same_keys = tuple(index.index.document["key"].items()) in keys  # an older version's name for it: kept
        if index.name not in existing and not same_keys:
            await collection.create_indexes([index.index])
