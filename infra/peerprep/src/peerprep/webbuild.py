"""The web client's install and build, run by ``peerprep up`` when they are missing or out of date."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from peerprep.native.config import InfraError
from peerprep.native.procs import Heartbeat, run_logged


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


def _npm(web: Path, progress: Callable[[str], None], label: str, *args: str) -> None:
    with tempfile.TemporaryDirectory(prefix="peerprep-npm-") as tmp:
        log = Path(tmp) / "npm.log"
        try:
            run_logged(["npm", *args], log, f"npm {args[0]}", cwd=web, heartbeat=Heartbeat(progress, label))
        except InfraError:
            tail = log.read_text(errors="replace").strip().splitlines()[-15:]
            raise WebBuildError(f"`npm {' '.join(args)}` failed in web/:\n" + "\n".join(tail)) from None


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
        progress("installing the web client's packages (npm ci, first run only, about 20-40 s)...")
        _npm(web, progress, "installing the web client's packages", "ci", "--no-audit", "--no-fund")
        progress(f"web packages installed in {time.monotonic() - started:.1f} s")
    built = web / "dist" / "index.html"
    if not built.is_file() or built.stat().st_mtime < _newest(_sources(web)):
        started = time.monotonic()
        progress("building the web client (npm run build, about 10-20 s)...")
        _npm(web, progress, "building the web client", "run", "build")
        progress(f"web client built in {time.monotonic() - started:.1f} s")
    return web / "dist"
