"""The test command runs pytest in two tiers, the fast one first, and skips the slow one when the fast one fails."""

import sys
from pathlib import Path

import pytest

from peerprep import checks


def pytest_steps(args: list[str]) -> list[tuple[str, list[str]]]:
    return [(name, command[3:]) for name, command, _ in checks.steps(Path("/repo"), args) if name.startswith("pytest")]


def test_the_fast_tier_runs_before_the_integration_tier_with_the_given_arguments() -> None:
    assert pytest_steps(["user_svc/tests", "-x"]) == [
        ("pytest fast", ["-m", "not integration", "user_svc/tests", "-x"]),
        ("pytest integr.", ["-m", "integration", "user_svc/tests", "-x"]),
    ]


@pytest.mark.parametrize("args", [["-m", "integration"], ["-mnot integration", "tests"]])
def test_arguments_with_their_own_markers_run_pytest_once(args: list[str]) -> None:
    assert pytest_steps(args) == [("pytest", args)]


def fake_steps(codes: dict[str, int]) -> list[tuple[str, list[str], Path]]:
    return [(name, [sys.executable, "-c", f"raise SystemExit({code})"], Path.cwd()) for name, code in codes.items()]


def test_a_failing_fast_tier_skips_the_integration_tier_and_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        checks, "steps", lambda root, args: fake_steps({"ruff lint": 0, "pytest fast": 1, "pytest integr.": 0})
    )
    said: list[str] = []
    assert checks.run_checks(Path.cwd(), [], progress=said.append) == 1
    assert "--- pytest integr.: not run, the fast tier failed" in said
    assert said[-1] == "failed: pytest fast, pytest integr."


def test_an_empty_tier_is_not_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "steps", lambda root, args: fake_steps({"pytest fast": 0, "pytest integr.": 5}))
    assert checks.run_checks(Path.cwd(), [], progress=lambda line: None) == 0
