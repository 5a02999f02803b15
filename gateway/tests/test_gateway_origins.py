"""Who may open /ws: the gateway's own origin, listed origins, and non-browser clients (no Origin)."""

import pytest

from gateway.realtime.origins import normalise_origin, origin_allowed
from gateway.settings import GatewaySettings


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        ("http://127.0.0.1:8080", "127.0.0.1:8080"),
        ("https://peerprep.example", "peerprep.example"),
        ("https://peerprep.example", "peerprep.example:443"),  # a proxy may keep the default port
        ("http://peerprep.example", "peerprep.example:80"),
        ("HTTP://LOCALHOST:5173", "localhost:5173"),
        ("http://[::1]:8080", "[::1]:8080"),
    ],
)
def test_the_same_origin_may(origin: str, host: str) -> None:
    scheme = origin.lower().split("://", 1)[0]
    assert origin_allowed(origin, host, allowed=(), scheme=scheme)


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        ("https://evil.example", "peerprep.example"),
        ("http://127.0.0.1:8081", "127.0.0.1:8080"),
        ("https://peerprep.example.evil.example", "peerprep.example"),
        ("null", "peerprep.example"),
        ("https://peerprep.example", None),
        ("not an origin", "peerprep.example"),
    ],
)
def test_another_origin_may_not(origin: str, host: str | None) -> None:
    assert not origin_allowed(origin, host, allowed=(), scheme="https")


def test_the_scheme_is_part_of_the_origin() -> None:
    """Once only host and port were compared: a plain-http page could open the https gateway's socket."""
    assert not origin_allowed("http://peerprep.example", "peerprep.example", allowed=(), scheme="https")
    assert not origin_allowed("https://127.0.0.1:8080", "127.0.0.1:8080", allowed=(), scheme="http")
    assert origin_allowed("http://127.0.0.1:8080", "127.0.0.1:8080", allowed=(), scheme="http")


def test_a_listed_origin_may_and_a_client_without_origin_is_not_a_browser() -> None:
    allowed = ("https://app.example",)
    assert origin_allowed("https://app.example", "gateway.internal", allowed)
    assert origin_allowed("https://APP.example:443/", "gateway.internal", allowed)
    assert not origin_allowed("http://app.example", "gateway.internal", allowed)
    assert origin_allowed(None, "gateway.internal", allowed)


def test_origins_are_normalised_and_checked_when_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    assert normalise_origin("https://App.Example:443") == "https://app.example"
    assert normalise_origin("http://localhost:5173/") == "http://localhost:5173"
    monkeypatch.setenv("GATEWAY_ALLOWED_ORIGINS", "https://a.example, http://localhost:5173")
    assert GatewaySettings().allowed_origins == ("https://a.example", "http://localhost:5173")
    monkeypatch.setenv("GATEWAY_ALLOWED_ORIGINS", "https://a.example/path")
    with pytest.raises(ValueError, match="not an origin"):
        GatewaySettings()
