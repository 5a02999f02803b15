"""svc_kit.mongo against the real MongoDB-wire server (FerretDB here, MongoDB with Docker or MONGODB_URL)."""

from collections.abc import AsyncIterator
from typing import Annotated, Any

import pytest
from beanie import Document, Indexed
from pymongo import ASCENDING, AsyncMongoClient, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from peerprep_testing import Servers
from svc_kit.mongo import MongoUnavailable, init_documents, mongo_client


class Thing(Document):
    code: str
    tags: list[str] = []

    class Settings:
        name = "things"
        indexes = [
            IndexModel("code", unique=True, name="code_unique"),
            IndexModel([("tags", ASCENDING), ("code", ASCENDING)], name="tags_code"),
        ]


class AnnotatedThing(Document):
    code: Annotated[str, Indexed(unique=True)]


@pytest.fixture
async def db(servers: Servers, prefix: str) -> AsyncIterator[AsyncDatabase[dict[str, Any]]]:
    client: AsyncMongoClient[dict[str, Any]] = mongo_client(servers.mongodb_url, timeout_ms=3000)
    name = f"{prefix.replace('.', '_')}kit"
    yield client[name]
    await client.drop_database(name)
    await client.close()


async def test_a_service_starts_again_on_its_existing_database(
    db: AsyncDatabase[dict[str, Any]], servers: Servers
) -> None:
    for _ in range(3):  # each start binds the documents and ensures the indexes again
        await init_documents(db, [Thing], url=servers.mongodb_url)
    indexes = await db["things"].index_information()
    assert {"code_unique", "tags_code"} <= set(indexes)
    assert indexes["code_unique"]["unique"] is True


async def test_an_index_an_older_version_made_under_another_name_is_kept_not_made_again(
    db: AsyncDatabase[dict[str, Any]], servers: Servers
) -> None:
    await db["things"].create_index([("tags", ASCENDING), ("code", ASCENDING)], name="tags_1_code_1")  # the old name
    await init_documents(db, [Thing], url=servers.mongodb_url)  # used to fail: IndexOptionsConflict (code 85)
    indexes = await db["things"].index_information()
    assert "tags_1_code_1" in indexes
    assert "tags_code" not in indexes
    assert "code_unique" in indexes


async def test_indexed_annotations_are_refused_with_the_fix_named(
    db: AsyncDatabase[dict[str, Any]], servers: Servers
) -> None:
    with pytest.raises(TypeError, match=r"declare indexes in Settings.indexes, not Indexed\(\) on \['code'\]"):
        await init_documents(db, [AnnotatedThing], url=servers.mongodb_url)


async def test_an_unreachable_server_fails_start_up_with_one_clear_line() -> None:
    url = "mongodb://app:s3cret@127.0.0.1:1/"
    client: AsyncMongoClient[dict[str, Any]] = mongo_client(url, timeout_ms=300)
    with pytest.raises(MongoUnavailable) as err:
        await init_documents(client["x"], [Thing], url=url)
    assert str(err.value) == (
        "MongoDB not reachable at mongodb://***@127.0.0.1:1/ (ServerSelectionTimeoutError); "
        "start it with `peerprep infra up`"
    )
    await client.close()
