"""Content negotiation for the web build's precompressed files: which encoding a request's ``Accept-Encoding``
allows, best first (pure; no I/O)."""

from __future__ import annotations

# The build writes ``NAME.br`` and ``NAME.gz`` next to each compressible file; brotli is the smaller.
PREFERENCE: tuple[tuple[str, str], ...] = (("br", ".br"), ("gzip", ".gz"))


def _weights(accept_encoding: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        if not coding:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[coding.lower()] = q
    return weights


def acceptable(accept_encoding: str | None) -> list[tuple[str, str]]:
    """The encodings (name, file suffix) the client accepts, most wanted first (ties by ``PREFERENCE``).

    A coding with ``q=0`` is refused; ``*`` stands for every coding not named. No header: identity only.
    """
    if not accept_encoding:
        return []
    weights = _weights(accept_encoding)
    wildcard = weights.get("*", 0.0)
    ranked = [(weights.get(name, wildcard), -rank, name, suffix) for rank, (name, suffix) in enumerate(PREFERENCE)]
    return [(name, suffix) for q, _, name, suffix in sorted(ranked, reverse=True) if q > 0]
