"""Browser tests photograph pages into test-results/ (git-ignored), so a test run changes no tracked file; only
`peerprep screenshots` writes docs/screenshots."""

import subprocess
from pathlib import Path

from peerprep.screenshots import BROWSER_TESTS, command
from peerprep_testing import REPO_ROOT
from peerprep_testing.browser import screenshot_dir


def ignored_by_git(path: Path) -> bool:
    probe = path / "landing-light.png"
    return subprocess.run(["git", "check-ignore", "-q", str(probe)], cwd=REPO_ROOT, check=False).returncode == 0


def test_a_test_run_writes_screenshots_where_git_does_not_look() -> None:
    default = screenshot_dir({})
    assert default == REPO_ROOT / "test-results" / "screenshots"
    assert ignored_by_git(default)
    assert not ignored_by_git(REPO_ROOT / "docs" / "screenshots")


def test_peerprep_screenshots_runs_the_photographing_tests_into_docs() -> None:
    argv, env = command(REPO_ROOT, [])
    assert screenshot_dir(env) == REPO_ROOT / "docs" / "screenshots"
    assert argv[-len(BROWSER_TESTS) :] == BROWSER_TESTS
    assert all((REPO_ROOT / test).is_file() for test in BROWSER_TESTS)
    assert screenshot_dir({"PEERPREP_SCREENSHOT_DIR": "docs/screenshots"}) == REPO_ROOT / "docs" / "screenshots"
