"""The web client's install and build, run by ``peerprep up`` when they are missing or out of date."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from pathlib import Path


class WebBuildError(RuntimeError):
    pass


def _newest(paths: Iterable[Path]) -> float:
    return max((p.stat().st_mtime for p in paths if p.is_file()), default=0.0)


def _sources(web: Path) -> Iterable[Path]:
    yield from (web / "src").rglob("*")
    yield from (web / "public").rglob("*")
    yield from web.glob("*.json")
    yield from web.glob("*.ts")
    yield from (web / "scripts").glob("*.mjs")  # the build's own plugins (precompress.mjs)
    yield web / "index.html"


def _npm(web: Path, *args: str) -> None:
    result = subprocess.run(["npm", *args], cwd=web, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr).strip().splitlines()[-15:]
        raise WebBuildError(f"`npm {' '.join(args)}` failed in web/:\n" + "\n".join(tail))


def ensure_web_build(root: Path, progress: Callable[[str], None]) -> Path | None:
    """``web/dist``, installing and building first when needed; None when this checkout has no web client."""
    web = root / "web"
    if not (web / "package.json").is_file():
        return None
    if shutil.which("npm") is None:
        raise WebBuildError("npm not found: install Node.js 20+ (apt-get install nodejs npm) to build the web client")
    installed = web / "node_modules" / ".package-lock.json"
    if not installed.is_file() or installed.stat().st_mtime < (web / "package-lock.json").stat().st_mtime:
        started = time.monotonic()
        progress("installing the web client's packages (npm ci, first run about 30 s)...")
        _npm(web, "ci", "--no-audit", "--no-fund")
        progress(f"web packages installed in {time.monotonic() - started:.0f} s")
    built = web / "dist" / "index.html"
    if not built.is_file() or built.stat().st_mtime < _newest(_sources(web)):
        started = time.monotonic()
        progress("building the web client (npm run build)...")
        _npm(web, "run", "build")
        progress(f"web client built in {time.monotonic() - started:.0f} s")
    return web / "dist"
