"""Which precompressed file a request's Accept-Encoding allows (pure)."""

import pytest

from gateway.encoding import acceptable


@pytest.mark.parametrize(
    ("header", "wanted"),
    [
        (None, []),
        ("", []),
        ("identity", []),
        ("gzip, deflate, br, zstd", ["br", "gzip"]),  # Chromium's
        ("gzip", ["gzip"]),
        ("br;q=0, gzip", ["gzip"]),
        ("gzip;q=1.0, br;q=0.5", ["gzip", "br"]),
        ("*", ["br", "gzip"]),
        ("*;q=0, gzip", ["gzip"]),
        ("BR", ["br"]),
        ("br;q=nonsense, gzip", ["gzip"]),
    ],
)
def test_encodings_are_ranked_by_weight_then_brotli_first(header: str | None, wanted: list[str]) -> None:
    assert [name for name, _ in acceptable(header)] == wanted
