"""svc_kit.auth's FastAPI dependencies and svc_kit.validation's 422 shape, on a small app (no servers)."""

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import APIRouter, Depends, FastAPI, Query
from pydantic import BaseModel

from contracts.events.auth import AuthKeyPublished
from svc_kit.auth import KeySet, Principal, current_principal, require_role
from svc_kit.errors import install_error_handlers
from svc_kit.validation import field_name, install_validation_handler

PRIVATE = Ed25519PrivateKey.generate()
X = jwt.utils.base64url_encode(
    PRIVATE.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
).decode()
KID = "test-key"


def token(roles: list[str]) -> str:
    now = int(datetime.now(UTC).timestamp())
    claims = {"sub": "u1", "name": "Ada", "roles": roles, "iat": now, "exp": now + 60}
    claims |= {"iss": "peerprep-user-svc", "aud": "peerprep"}
    return jwt.encode(claims, PRIVATE, algorithm="EdDSA", headers={"kid": KID})


class Body(BaseModel):
    name: str
    age: int


def demo_app() -> FastAPI:
    keyset = KeySet(key_wait_s=0.05)
    keyset.add(
        AuthKeyPublished(kid=KID, public_jwk={"kty": "OKP", "crv": "Ed25519", "x": X}, created_at=datetime.now(UTC))
    )
    current = current_principal(keyset)
    admin = require_role("admin", current)
    app = FastAPI()
    install_error_handlers(app)
    install_validation_handler(app)

    @app.get("/who")
    async def who(p: Annotated[Principal, Depends(current)]) -> dict[str, object]:
        return {"user_id": p.user_id, "roles": sorted(p.roles)}

    @app.get("/admin")
    async def only_admins(p: Annotated[Principal, Depends(admin)]) -> dict[str, str]:
        return {"user_id": p.user_id}

    @app.get("/crash")
    async def crash() -> None:
        raise RuntimeError("a bug")

    @app.post("/items")
    async def items(body: Body, limit: Annotated[int, Query(ge=1)] = 1) -> dict[str, int]:
        return {"limit": limit}

    items_router = APIRouter()  # included, as every service's routes are

    @items_router.delete("/items/{item_id}")
    async def delete_item(item_id: int) -> None:
        return None

    @items_router.patch("/items/{item_id}")
    async def change_item(item_id: int) -> dict[str, int]:
        return {"id": item_id}

    app.include_router(items_router)
    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=demo_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://demo") as client:
        yield client


async def test_a_bearer_token_becomes_the_principal(client: httpx.AsyncClient) -> None:
    response = await client.get("/who", headers={"Authorization": f"Bearer {token(['user'])}"})
    assert response.json() == {"user_id": "u1", "roles": ["user"]}


async def test_no_or_a_bad_token_is_401_in_the_error_shape(client: httpx.AsyncClient) -> None:
    missing = await client.get("/who")
    assert missing.status_code == 401
    assert missing.json()["error"] == {
        "code": "unauthenticated",
        "message": "Sign in to continue.",
        "details": {"reason": "missing_token"},
    }
    bad = await client.get("/who", headers={"Authorization": "Bearer nonsense"})
    assert (bad.status_code, bad.json()["error"]["details"]["reason"]) == (401, "malformed")


async def test_a_role_is_required_where_asked(client: httpx.AsyncClient) -> None:
    user = await client.get("/admin", headers={"Authorization": f"Bearer {token(['user'])}"})
    assert user.status_code == 403
    assert user.json()["error"]["code"] == "forbidden"
    admin = await client.get("/admin", headers={"Authorization": f"Bearer {token(['user', 'admin'])}"})
    assert admin.status_code == 200


async def test_request_validation_errors_use_the_error_shape_with_fields(client: httpx.AsyncClient) -> None:
    response = await client.post("/items?limit=0", json={"age": "old"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert error["message"] == "Please fix the highlighted fields."
    assert set(error["details"]["fields"]) == {"name", "age", "limit"}
    assert error["details"]["fields"]["name"] == "This field is required."
    not_json = await client.post("/items", content=b"{", headers={"content-type": "application/json"})
    assert not_json.json()["error"]["details"]["fields"] == {"body": "The body is not valid JSON."}
    not_text = await client.post("/items", content=b"\xff\x11", headers={"content-type": "application/json"})
    assert (not_text.status_code, not_text.json()) == (422, not_json.json())  # not UTF-8: no JSON either


def test_field_names_drop_the_source() -> None:
    assert field_name(("body", "password")) == "password"
    assert field_name(("body", "items", 0, "name")) == "items.0.name"
    assert field_name(("body",)) == "body"
    assert field_name(("query", "limit")) == "limit"


def forged(header: dict[str, object]) -> str:
    """A token with this header and an unsigned body: what an attacker sends without any credentials."""
    encode = jwt.utils.base64url_encode
    return ".".join(
        [encode(json.dumps(header).encode()).decode(), encode(b'{"sub": "x"}').decode(), encode(b"sig").decode()]
    )


@pytest.mark.parametrize(
    "header",
    [
        {"alg": "EdDSA", "kid": 5},  # PyJWT raises InvalidTokenError, not DecodeError: once a 500 everywhere
        {"alg": "EdDSA", "kid": ["a"]},
        {"alg": "EdDSA", "kid": {"a": 1}},
        {"alg": "EdDSA", "kid": KID, "crit": 5},
        {"alg": 5, "kid": KID},
        {"alg": "EdDSA", "kid": KID, "typ": 5},
    ],
)
async def test_a_forged_header_is_a_401_never_a_500(client: httpx.AsyncClient, header: dict[str, object]) -> None:
    response = await client.get("/who", headers={"Authorization": f"Bearer {forged(header)}"})
    assert response.status_code == 401
    assert response.json()["error"]["details"]["reason"] in {"malformed", "bad_signature"}


async def test_the_frameworks_errors_and_a_crash_use_the_error_shape(client: httpx.AsyncClient) -> None:
    missing = await client.get("/nowhere")
    assert (missing.status_code, missing.json()) == (404, {"error": {"code": "not_found", "message": "Not Found"}})
    wrong_method = await client.delete("/who")
    assert (wrong_method.status_code, wrong_method.json()["error"]["code"]) == (405, "method_not_allowed")
    assert wrong_method.headers["allow"] == "GET"
    crash = await client.get("/crash")
    assert crash.status_code == 500
    assert crash.headers["content-type"] == "application/json"
    assert crash.json()["error"]["code"] == "internal"


async def test_a_wrong_method_is_told_every_method_the_path_serves(client: httpx.AsyncClient) -> None:
    # FastAPI makes one route per method: Allow must name those of every route at the path, not the first one's.
    for method in ("GET", "PUT", "OPTIONS", "HEAD"):
        response = await client.request(method, "/items/7")
        assert (response.status_code, response.headers["allow"]) == (405, "PATCH, DELETE"), method
        if method != "HEAD":
            assert response.json()["error"]["code"] == "method_not_allowed"
    assert (await client.options("/items")).headers["allow"] == "POST"
