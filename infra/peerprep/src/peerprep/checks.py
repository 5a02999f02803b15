"""The test command: every gate CI runs, each timed, all run even when one fails, one summary at the end."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def steps(pytest_args: list[str]) -> list[tuple[str, list[str]]]:
    py = sys.executable
    return [
        ("ruff lint", [py, "-m", "ruff", "check", "."]),
        ("ruff format", [py, "-m", "ruff", "format", "--check", "."]),
        ("mypy", [py, "-m", "mypy"]),
        ("import rules", ["lint-imports"]),
        ("pytest", [py, "-m", "pytest", *pytest_args]),
    ]


def run_checks(root: Path, pytest_args: list[str], *, progress: Callable[[str], None]) -> int:
    results: list[tuple[str, int, float]] = []
    bin_dir = Path(sys.executable).parent
    for name, command in steps(pytest_args):
        if not Path(command[0]).is_absolute():
            command = [str(bin_dir / command[0]), *command[1:]]
        progress(f"--- {name}: {' '.join(Path(command[0]).name if i == 0 else c for i, c in enumerate(command))}")
        started = time.monotonic()
        code = subprocess.call(command, cwd=root)
        results.append((name, code, time.monotonic() - started))
    progress("--- summary")
    for name, code, seconds in results:
        progress(f"  {'ok  ' if code == 0 else 'FAIL'} {name:<13} {seconds:6.1f} s")
    failed = [name for name, code, _ in results if code != 0]
    if failed:
        progress(f"failed: {', '.join(failed)}")
        return 1
    return 0
