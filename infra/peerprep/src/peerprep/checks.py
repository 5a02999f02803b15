"""The test command: every gate CI runs, each timed, all run even when one fails, one summary at the end.

pytest runs in two tiers: the fast one (no servers, no browser: ``-m "not integration"``) first, and the
integration tier (real Kafka, MongoDB-wire server, Chromium) only when the fast one passed, so a broken rule fails in
seconds. Given a ``-m`` of its own, pytest runs once with it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

NO_TESTS_COLLECTED = 5  # pytest's exit code
FAST_TIER = "not integration"
INTEGRATION_TIER = "integration"
FAST_STEP = "pytest fast"
INTEGRATION_STEP = "pytest integr."


def pytest_tiers(py: str, pytest_args: list[str], root: Path) -> list[tuple[str, list[str], Path]]:
    """The two tiers, or one run when the arguments choose their own markers."""
    if any(arg.startswith("-m") for arg in pytest_args):
        return [("pytest", [py, "-m", "pytest", *pytest_args], root)]
    return [
        (FAST_STEP, [py, "-m", "pytest", "-m", FAST_TIER, *pytest_args], root),
        (INTEGRATION_STEP, [py, "-m", "pytest", "-m", INTEGRATION_TIER, *pytest_args], root),
    ]


def steps(root: Path, pytest_args: list[str]) -> list[tuple[str, list[str], Path]]:
    """Each gate: a name, a command and where it runs. The web build comes before pytest (browser tests use it)."""
    py = sys.executable
    python = [
        ("ruff lint", [py, "-m", "ruff", "check", "."], root),
        ("ruff format", [py, "-m", "ruff", "format", "--check", "."], root),
        ("mypy", [py, "-m", "mypy"], root),
        ("import rules", [str(Path(py).parent / "lint-imports")], root),
    ]
    web = root / "web"
    node = (
        [
            ("web install", ["npm", "ci", "--no-audit", "--no-fund"], web),
            ("web api types", ["npm", "run", "check:api"], web),
            ("web ws types", ["npm", "run", "check:ws"], web),
            ("web typecheck", ["npm", "run", "typecheck"], web),
            ("web lint", ["npm", "run", "lint"], web),
            ("web test", ["npm", "test"], web),
            ("web build", ["npm", "run", "build"], web),
            ("web size", ["npm", "run", "size"], web),
        ]
        if (web / "package.json").is_file()
        else []
    )
    return [*python, *node, *pytest_tiers(py, pytest_args, root)]


def run_checks(root: Path, pytest_args: list[str], *, progress: Callable[[str], None]) -> int:
    results: list[tuple[str, int, float]] = []
    for name, command, cwd in steps(root, pytest_args):
        if name == INTEGRATION_STEP and results[-1][1] != 0:  # the fast tier runs just before it
            progress(f"--- {name}: not run, the fast tier failed")
            results.append((name, 1, 0.0))
            continue
        progress(f"--- {name}: {Path(command[0]).name} {' '.join(command[1:])}")
        started = time.monotonic()
        code = subprocess.call(command, cwd=cwd)
        if name in (FAST_STEP, INTEGRATION_STEP) and code == NO_TESTS_COLLECTED:
            code = 0  # e.g. `peerprep test some/unit_file.py`: its integration tier is empty
        results.append((name, code, time.monotonic() - started))
    progress("--- summary")
    for name, code, seconds in results:
        progress(f"  {'ok  ' if code == 0 else 'FAIL'} {name:<13} {seconds:6.1f} s")
    failed = [name for name, code, _ in results if code != 0]
    if failed:
        progress(f"failed: {', '.join(failed)}")
        return 1
    return 0
