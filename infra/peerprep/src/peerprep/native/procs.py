"""Process, pid-file and port helpers (Linux, stdlib only)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .config import InfraError

LOOPBACK = "127.0.0.1"


def port_free(port: int, host: str = LOOPBACK) -> bool:
    """True if `host:port` can be bound now (as a server would, SO_REUSEADDR)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def port_open(port: int, host: str = LOOPBACK, timeout: float = 0.5) -> bool:
    """True if something accepts TCP connections on `host:port`."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def pid_alive(pid: int) -> bool:
    """True if `pid` runs; a zombie counts as dead (its parent's Popen reaps it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    state = stat.rsplit(")", 1)[-1].split()[0]
    return state not in ("Z", "X")


def cmdline(pid: int) -> list[str]:
    """The argv of `pid`, or [] if it is gone or unreadable."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [a.decode(errors="replace") for a in raw.split(b"\0") if a]


def read_pid(pidfile: Path) -> int | None:
    try:
        return int(pidfile.read_text().strip())
    except (OSError, ValueError):
        return None


def owned_pid(pidfile: Path, markers: Sequence[str]) -> int | None:
    """The live pid recorded in `pidfile` if its argv contains every marker.

    A pid file that names a dead or unrelated process (pid reuse) is removed.
    """
    pid = read_pid(pidfile)
    if pid is None:
        return None
    argv = cmdline(pid) if pid_alive(pid) else []
    if argv and all(any(m in a for a in argv) for m in markers):
        return pid
    pidfile.unlink(missing_ok=True)
    return None


def start_detached(
    argv: Sequence[str], log: Path, pidfile: Path, cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start `argv` in its own session, stdout+stderr appended to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    pidfile.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        out.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(argv)}\n".encode())
        out.flush()
        proc = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    tmp = pidfile.with_suffix(".tmp")
    tmp.write_text(f"{proc.pid}\n")
    tmp.replace(pidfile)
    return proc


def stop_pid(pid: int, timeout: float = 15.0) -> bool:
    """SIGTERM `pid`, wait up to `timeout` s, then SIGKILL. True if it needed SIGKILL."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return False
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    for _ in range(100):
        if not pid_alive(pid):
            break
        time.sleep(0.05)
    return True


def rss_kb(pid: int) -> int | None:
    """Resident set size of `pid` in KiB (VmRSS), or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def tail(path: Path, lines: int = 5, only: Sequence[str] = (), since: int = 0) -> str:
    """The last `lines` non-empty lines of `path` joined with ' | ' (one line).

    With `only`, lines containing one of those words are preferred; with `since`,
    only what was written after that byte offset is read.
    """
    try:
        with path.open("rb") as f:
            f.seek(max(since, f.seek(0, os.SEEK_END) - 64 * 1024))
            text = f.read().decode(errors="replace")
    except OSError:
        return "(no log)"
    rows = [r.strip() for r in text.splitlines() if r.strip() and not r.startswith("===")]
    picked = [r for r in rows if any(w in r for w in only)] if only else []
    rows = (picked or rows)[-lines:]
    return " | ".join(r[:300] for r in rows) or "(empty log)"


def require_tool(name: str, hint: str) -> str:
    """Absolute path of `name` on PATH, or InfraError "`name` not found: `hint`"."""
    found = shutil.which(name)
    if found is None:
        raise InfraError(f"{name} not found: {hint}")
    return found


class Heartbeat:
    """While a slow step runs: a line every ``every_s`` seconds saying what runs, for how long, and the step's
    latest output line (Maven's current download, Go's current package), so a first run never looks stuck."""

    def __init__(self, progress: Callable[[str], None], label: str, every_s: float = 10.0) -> None:
        self.progress = progress
        self.label = label
        self.every_s = every_s

    def beat(self, elapsed_s: float, log: Path) -> None:
        latest = tail(log, 1)
        latest = "" if latest.startswith("(") else f": {latest[:120]}"
        self.progress(f"  ... {self.label}, {elapsed_s:.0f} s{latest}")


def run_logged(
    argv: Sequence[str],
    log: Path,
    what: str,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    heartbeat: Heartbeat | None = None,
) -> None:
    """Run `argv` to completion with output to `log`; InfraError on failure. With `heartbeat`, a progress line
    every `heartbeat.every_s` seconds while it runs."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        started = time.monotonic()
        try:
            while True:
                try:
                    rc = proc.wait(timeout=heartbeat.every_s if heartbeat is not None else None)
                    break
                except subprocess.TimeoutExpired:
                    assert heartbeat is not None
                    heartbeat.beat(time.monotonic() - started, log)
        except BaseException:  # Ctrl-C: the step goes with us, as subprocess.run would do
            proc.kill()
            proc.wait()
            raise
    if rc != 0:
        raise InfraError(f"{what} failed (exit {rc}); last lines of {log}: {tail(log)}")


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class ServerProcess:
    """What Kafka and FerretDB share: a pid file naming the process this data dir started, and a clean stop."""

    def __init__(self, label: str, pidfile: Path, marker: Sequence[str], progress: Callable[[str], None]) -> None:
        self.label = label
        self.pidfile = pidfile
        self._marker = list(marker)  # words its command line must hold, so an unrelated pid is never touched
        self.progress = progress
        self._proc: subprocess.Popen[bytes] | None = None

    def pid(self) -> int | None:
        """Pid of the server this data dir started, if it still runs."""
        return owned_pid(self.pidfile, self._marker)

    def kill(self) -> None:
        """SIGKILL the server this data dir started (if any), as a crash would: no clean shutdown (chaos tests)."""
        pid = self.pid()
        if pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        ours = self._proc if self._proc is not None and self._proc.pid == pid else None
        for _ in range(1000):  # at most 10 s: SIGKILL is not refused
            # Our child is reaped only once every thread has exited and closed its sockets (a JVM's main thread
            # turns zombie first, while the others still hold the ports); another's pid only has to be gone.
            if (ours.poll() is not None) if ours is not None else not pid_alive(pid):
                break
            time.sleep(0.01)
        self.pidfile.unlink(missing_ok=True)
        self._proc = None
        self.progress(f"{self.label} killed (SIGKILL)")

    def stop(self) -> None:
        """Stop the server this data dir started (if any): SIGTERM, then SIGKILL after 15 s."""
        pid = self.pid()
        if pid is None:
            return
        t0 = time.monotonic()
        killed = stop_pid(pid, 15.0)
        self.pidfile.unlink(missing_ok=True)
        if self._proc is not None:
            self._proc.poll()  # reap our child
            self._proc = None
        how = "killed after 15 s" if killed else f"stopped in {time.monotonic() - t0:.1f} s"
        self.progress(f"{self.label} {how}")
