"""The JSON Schema, AsyncAPI and OpenAPI documents published in docs/ are the ones the code generates today."""

import json

from peerprep.gendocs import generated
from peerprep_testing import REPO_ROOT


def test_the_published_documents_are_current() -> None:
    stale = [
        str(path.relative_to(REPO_ROOT))
        for path, text in generated(REPO_ROOT).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"stale generated docs {stale}: run `./peerprep docs` and commit the result"


def test_each_service_documents_the_topics_it_consumes_and_publishes() -> None:
    collab = json.loads((REPO_ROOT / "docs" / "asyncapi" / "collab_svc.json").read_text())
    addresses = {channel["address"] for channel in collab["channels"].values()}
    assert {"question.assigned", "session.started", "session.ended"} <= addresses
    envelope = json.dumps(collab["components"]["schemas"])
    assert "correlation_id" in envelope
    assert "event_id" in envelope


def test_the_topics_every_instance_reads_whole_are_documented_too() -> None:
    """Broadcast readers are plain Kafka consumers FastStream does not know of; the document lists them anyway."""
    gateway = json.loads((REPO_ROOT / "docs" / "asyncapi" / "gateway.json").read_text())
    reads = {
        gateway["channels"][op["channel"]["$ref"].rsplit("/", 1)[1]]["address"]
        for op in gateway["operations"].values()
        if op["action"] == "receive"
    }
    assert {"user.notify", "user.deleted", "auth.keys", "auth.revoked"} <= reads
    assert "Envelope[UserNotification]" in gateway["components"]["schemas"]


def test_the_openapi_documents_cover_the_http_routes() -> None:
    users = json.loads((REPO_ROOT / "docs" / "openapi" / "user_svc.json").read_text())
    assert "/api/users/auth/signup" in users["paths"]
