"""The gateway serves the web build: assets, client-side routes, security headers (no Kafka needed: the app's
lifespan is not started; these routes do not use it)."""

import gzip
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


SCRIPT = "console.log('the app, long enough to be worth compressing');\n" * 40


@pytest.fixture
def precompressed(tmp_path: Path) -> Path:
    """A build as `npm run build` writes it: each compressible file with its brotli and gzip twins."""
    (tmp_path / "assets").mkdir()
    files = {
        "index.html": "<!doctype html><title>PeerPrep</title><div id=root></div>",
        "assets/index-abc123.js": SCRIPT,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        (tmp_path / f"{name}.gz").write_bytes(gzip.compress(text.encode()))
        (tmp_path / f"{name}.br").write_bytes(b"brotli:" + text.encode()[:20])  # distinct bytes stand in for brotli
    return tmp_path


async def raw_get(c: httpx.AsyncClient, path: str, accept_encoding: str) -> tuple[httpx.Response, bytes]:
    """The body as sent, not decoded (httpx would decode a brotli body when the brotli package is installed)."""
    async with c.stream("GET", path, headers={"accept-encoding": accept_encoding}) as response:
        return response, b"".join([chunk async for chunk in response.aiter_raw()])


async def test_assets_are_served_precompressed_by_what_the_client_accepts(precompressed: Path) -> None:
    br_bytes = (precompressed / "assets" / "index-abc123.js.br").read_bytes()
    async with client(precompressed) as c:
        brotli, sent = await raw_get(c, "/assets/index-abc123.js", "gzip, deflate, br, zstd")
        gz = await c.get("/assets/index-abc123.js", headers={"accept-encoding": "gzip"})
        br_refused = await c.get("/assets/index-abc123.js", headers={"accept-encoding": "br;q=0, gzip;q=0.5"})
        plain = await c.get("/assets/index-abc123.js", headers={"accept-encoding": "identity"})
    assert brotli.headers["content-encoding"] == "br"
    assert sent == br_bytes  # the twin as stored, not the original
    assert brotli.headers["content-length"] == str(len(br_bytes))
    for answer in (gz, br_refused):
        assert answer.headers["content-encoding"] == "gzip"
        assert answer.text == SCRIPT  # httpx decoded it
    assert "content-encoding" not in plain.headers
    assert plain.text == SCRIPT
    assert plain.headers["content-length"] == str(len(SCRIPT))
    for answer in (brotli, gz, br_refused, plain):
        assert answer.headers["content-type"].startswith("text/javascript")
        assert answer.headers["vary"] == "Accept-Encoding"
        assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert len({brotli.headers["etag"], gz.headers["etag"], plain.headers["etag"]}) == 3  # one per representation


async def test_client_routes_get_the_precompressed_page_never_cached(precompressed: Path) -> None:
    async with client(precompressed) as c:
        page = await c.get("/profile", headers={"accept-encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["cache-control"] == "no-cache"
    assert page.headers["vary"] == "Accept-Encoding"
    assert "<div id=root>" in page.text


async def test_head_and_revalidation_answer_without_a_body(precompressed: Path) -> None:
    async with client(precompressed) as c:
        head = await c.head("/assets/index-abc123.js", headers={"accept-encoding": "br"})
        first, _ = await raw_get(c, "/", "br")
        again = await c.get("/", headers={"accept-encoding": "br", "if-none-match": first.headers["etag"]})
        other = await c.get("/", headers={"accept-encoding": "gzip", "if-none-match": first.headers["etag"]})
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-encoding"] == "br"
    assert head.headers["content-length"] == str((precompressed / "assets" / "index-abc123.js.br").stat().st_size)
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["vary"] == "Accept-Encoding"
    assert other.status_code == 200  # another representation: the brotli ETag does not match the gzip one
    assert "<div id=root>" in other.text


async def test_a_twin_asked_for_by_name_is_not_passed_off_as_javascript(precompressed: Path) -> None:
    async with client(precompressed) as c:
        twin = await c.get("/assets/index-abc123.js.gz")
    assert twin.headers["content-type"] == "application/octet-stream"
    assert "content-encoding" not in twin.headers
