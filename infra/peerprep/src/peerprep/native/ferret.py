"""The MongoDB-wire server: embedded FerretDB (SQLite), or an external MONGODB_URL."""

from __future__ import annotations

import socket
import time

from .build import FERRET_BIN, Progress, ensure_ferret
from .config import InfraConfig, InfraError
from .procs import LOOPBACK, ServerProcess, pid_alive, port_free, start_detached, tail
from .wire import mongo_hello, mongo_hosts, redact


def probe_url(url: str, timeout: float = 2.0) -> str | None:
    """None if a server at `url` answers `hello`, else why not (one line)."""
    try:
        hosts = mongo_hosts(url)
    except ValueError as e:
        return f"cannot check {redact(url)}: {e}"
    tls = "tls=true" in url.lower() or "ssl=true" in url.lower()
    errors = []
    for host, port in hosts:
        try:
            if tls:  # no TLS handshake here: a TCP connect is the best check
                socket.create_connection((host, port), timeout=timeout).close()
            else:
                mongo_hello(host, port, timeout)
            return None
        except (OSError, ValueError, IndexError) as e:
            errors.append(f"{host}:{port}: {e or type(e).__name__}")
    return "; ".join(errors)


class Mongo(ServerProcess):
    def __init__(self, cfg: InfraConfig, progress: Progress) -> None:
        self.cfg = cfg
        self.dir = cfg.data_dir / "ferretdb"
        self.log = cfg.data_dir / "logs" / "ferretdb.log"
        super().__init__("FerretDB", cfg.data_dir / "run" / "ferretdb.pid", [FERRET_BIN, str(self.dir)], progress)

    @property
    def external(self) -> bool:
        return self.cfg.mongodb_url is not None

    @property
    def listen(self) -> str:
        return f"{LOOPBACK}:{self.cfg.mongo_port}"

    @property
    def url(self) -> str:
        return self.cfg.mongodb_url or f"mongodb://{self.listen}/"

    def answers(self, timeout: float = 2.0) -> bool:
        try:
            mongo_hello(LOOPBACK, self.cfg.mongo_port, timeout)
        except (OSError, ValueError, IndexError):
            return False
        return True

    def status(self) -> str:
        if self.cfg.mongodb_url is not None:
            why = probe_url(self.cfg.mongodb_url)
            where = f"external {redact(self.cfg.mongodb_url)}"
            return where if why is None else f"{where} (not reachable: {why})"
        pid = self.pid()
        if pid is not None:
            state = "running" if self.answers() else "not answering (starting, or started with other ports)"
            return f"{state} pid {pid} on {self.listen}"
        if not port_free(self.cfg.mongo_port):
            return f"stopped (port {self.cfg.mongo_port} is used by another process)"
        return "stopped"

    def start(self, timeout: float = 60.0) -> None:
        """Start FerretDB unless it runs (or check MONGODB_URL), wait until it answers."""
        t0 = time.monotonic()
        if self.cfg.mongodb_url is not None:
            why = probe_url(self.cfg.mongodb_url, timeout=min(timeout, 5.0))
            if why is not None:
                raise InfraError(
                    f"MongoDB at MONGODB_URL not reachable: {why} "
                    "(start it, fix MONGODB_URL, or unset it to use the built-in FerretDB)"
                )
            self.progress(f"MongoDB reachable at {redact(self.cfg.mongodb_url)}")
            return
        pid = self.pid()
        if pid is None:
            if not port_free(self.cfg.mongo_port):
                raise InfraError(
                    f"port {self.cfg.mongo_port} is taken by another process: "
                    "set PEERPREP_MONGO_PORT or stop it (or set MONGODB_URL to use it)"
                )
            binary = ensure_ferret(self.cfg, self.progress)
            self.dir.mkdir(parents=True, exist_ok=True)
            self._proc = start_detached(
                [str(binary), "-listen", self.listen, "-dir", str(self.dir), "-log-level", "warn"],
                self.log,
                self.pidfile,
                cwd=self.dir,
            )
            pid = self._proc.pid
        deadline = t0 + timeout
        while not self.answers(timeout=1.0):
            if not pid_alive(pid):
                rc = self._proc.poll() if self._proc is not None and self._proc.pid == pid else None
                code = f"exit {rc}" if rc is not None else "it is gone"
                self.pidfile.unlink(missing_ok=True)
                raise InfraError(
                    f"FerretDB exited during start-up ({code}); last lines of {self.log}: {tail(self.log, 3)}"
                )
            if time.monotonic() > deadline:
                raise InfraError(
                    f"FerretDB (pid {pid}) did not answer on {self.listen} within "
                    f"{timeout:.0f} s: see {self.log}, or run down and up again"
                )
            time.sleep(0.05)
        self.progress(f"MongoDB (FerretDB) ready on {self.listen} in {time.monotonic() - t0:.1f} s")
