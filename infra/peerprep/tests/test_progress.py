"""A slow first-run step (Maven, the Go build, npm) says, while it runs, what it is doing and for how long."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerprep.native import InfraError
from peerprep.native.procs import Heartbeat, run_logged


def test_a_step_that_runs_on_prints_a_heartbeat_with_its_latest_output(tmp_path: Path) -> None:
    flag = tmp_path / "seen"
    lines: list[str] = []

    def progress(line: str) -> None:  # the step ends once the first heartbeat is out: no wall-clock guess
        lines.append(line)
        flag.touch()

    step = f"echo 'Downloading kafka-clients.jar'; while [ ! -e {flag} ]; do sleep 0.01; done"
    run_logged(
        ["sh", "-c", step],
        tmp_path / "step.log",
        "a step",
        cwd=tmp_path,
        heartbeat=Heartbeat(progress, "fetching jars", every_s=0.05),
    )

    assert lines, "no heartbeat while the step ran"
    assert lines[0].startswith("  ... fetching jars, ")
    assert lines[0].endswith(" s: Downloading kafka-clients.jar")


def test_a_failing_step_says_what_failed_and_its_last_lines(tmp_path: Path) -> None:
    with pytest.raises(InfraError, match=r"a step failed \(exit 3\); last lines of .*: no network"):
        run_logged(["sh", "-c", "echo no network; exit 3"], tmp_path / "step.log", "a step", cwd=tmp_path)
