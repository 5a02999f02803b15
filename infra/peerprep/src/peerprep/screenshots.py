"""``peerprep screenshots``: refresh docs/screenshots (the README's pictures) by running the browser tests that
photograph pages with ``PEERPREP_SCREENSHOT_DIR`` pointing there. Without it they write to
``test-results/screenshots``, so an ordinary test run changes no tracked file."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

DOCS_DIR = Path("docs") / "screenshots"
BROWSER_TESTS = ["tests/browser/test_browser_accounts.py", "tests/browser/test_browser_matching.py"]


def command(root: Path, pytest_args: list[str]) -> tuple[list[str], dict[str, str]]:
    """The pytest run that refreshes the screenshots: the browser tests that take them (or ``pytest_args``), with
    ``PEERPREP_SCREENSHOT_DIR=docs/screenshots``."""
    env = os.environ | {"PEERPREP_SCREENSHOT_DIR": str(root / DOCS_DIR)}
    return [sys.executable, "-m", "pytest", "-q", *(pytest_args or BROWSER_TESTS)], env


def refresh(root: Path, pytest_args: list[str], *, progress: Callable[[str], None]) -> int:
    argv, env = command(root, pytest_args)
    progress(f"photographing the app into {DOCS_DIR}/ ({' '.join(argv[3:])})")
    code = subprocess.call(argv, cwd=root, env=env)
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--", str(DOCS_DIR)], cwd=root, capture_output=True, text=True, check=False
    ).stdout.splitlines()
    progress(f"{len(changed)} screenshot(s) changed; review with `git diff --stat {DOCS_DIR}` and commit them")
    return code
