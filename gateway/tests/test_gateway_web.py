"""The gateway serves the web build: assets, client-side routes, security headers (no Kafka needed: the app's
lifespan is not started; these routes do not use it)."""

from pathlib import Path

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import GatewaySettings


@pytest.fixture
def web_dir(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>PeerPrep</title><div id=root></div>")
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log('app')")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    return tmp_path


def client(web_dir: Path | None) -> httpx.AsyncClient:
    app = create_app(GatewaySettings(environment="test", web_dir=web_dir))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw")


async def test_client_routes_get_the_app_and_assets_are_cached_for_good(web_dir: Path) -> None:
    async with client(web_dir) as c:
        page = await c.get("/profile")
        asset = await c.get("/assets/index-abc123.js")
        icon = await c.get("/favicon.svg")
    assert page.status_code == 200
    assert "<div id=root>" in page.text
    assert page.headers["cache-control"] == "no-cache"
    assert asset.text == "console.log('app')"
    assert "immutable" in asset.headers["cache-control"]
    assert icon.headers["cache-control"] == "no-cache"


async def test_paths_outside_the_build_are_never_served(
    web_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_text("nope")
    async with client(web_dir) as c:
        escaped = await c.get(f"/..%2F{secret.parent.name}%2Fsecret.txt")
        api = await c.get("/api/")
    assert "nope" not in escaped.text
    assert api.status_code == 404
    assert api.json()["error"]["code"] == "not_found"


async def test_pages_carry_security_headers(web_dir: Path) -> None:
    async with client(web_dir) as c:
        page = await c.get("/")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert "script-src 'self'" in page.headers["content-security-policy"]


async def test_without_a_build_a_placeholder_says_how_to_get_one() -> None:
    async with client(None) as c:
        page = await c.get("/")
    assert "./peerprep up" in page.text
