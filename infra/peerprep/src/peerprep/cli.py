"""``peerprep``: run PeerPrep on one machine without Docker, and run its checks.

peerprep up [--services a,b] [--no-infra]   infrastructure + services (all by default) in one process
peerprep infra up|down|status|reset         native Kafka and the MongoDB-wire server only
peerprep test [pytest args]                 every gate and test, as CI runs them
peerprep screenshots [pytest args]          refresh docs/screenshots from the browser tests
peerprep schema [OUT]                       JSON Schema of every event (the web client's types)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import MutableMapping
from pathlib import Path

from peerprep.checks import run_checks
from peerprep.local_secrets import use_local_key_file
from peerprep.mailcatcher import DEFAULT_PORT, CaughtMail, MailCatcher, point_user_svc_at, wants_catcher
from peerprep.native import Infra, InfraConfig, InfraError
from peerprep.run import LaunchError, run_services
from peerprep.services import SERVICES, UnknownService, parse_services
from peerprep.webbuild import WebBuildError, ensure_web_build


def repo_root() -> Path:
    """The checkout this launcher runs from (PEERPREP_ROOT overrides, for an installed launcher)."""
    if "PEERPREP_ROOT" in os.environ:
        return Path(os.environ["PEERPREP_ROOT"]).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "infra" / "kafka" / "pom.xml").is_file():
            return parent
    return Path.cwd()


def say(line: str) -> None:
    print(f"peerprep: {line}", flush=True)


def _infra() -> Infra:
    return Infra(InfraConfig.from_env(repo_root()), progress=say)


def use_infra_connections(infra: Infra, env: MutableMapping[str, str] | None = None) -> None:
    """Point the services (and the admin commands) at ``infra`` unless the environment already does.

    ``PEERPREP_KAFKA_BOOTSTRAP`` and ``PEERPREP_MONGODB_URL`` win when set (and a service's own ``USER_*`` etc.
    over those); else the native config's: ``MONGODB_URL``, or FerretDB on ``PEERPREP_MONGO_PORT``, and Kafka on
    ``PEERPREP_KAFKA_PORT``.
    """
    e = os.environ if env is None else env
    e.setdefault("PEERPREP_KAFKA_BOOTSTRAP", infra.kafka_bootstrap)
    e.setdefault("PEERPREP_MONGODB_URL", infra.mongodb_url)


def cmd_up(args: argparse.Namespace) -> int:
    launched_at = time.monotonic()
    names = parse_services(args.services)
    infra = None if args.no_infra else _infra()
    started_here: list[str] = []
    if infra is not None:
        before = infra.pids()
        infra.up()
        started_here = [name for name, pid in infra.pids().items() if pid is not None and before[name] is None]
        memory = ", ".join(f"{name} {mb:.0f} MiB" for name, mb in infra.rss_mb().items() if mb is not None)
        say(f"infrastructure ready ({memory})" if memory else "infrastructure ready")
        use_infra_connections(infra)
    if "gateway" in names and not args.no_web_build:
        web = ensure_web_build(repo_root(), say)
        if web is not None:
            os.environ.setdefault("GATEWAY_WEB_DIR", str(web))
    if "user_svc" in names and use_local_key_file(repo_root()):
        say("user_svc's signing keys are encrypted with the local key in .peerprep/secrets/")
    catcher = start_mail_catcher(repo_root()) if "user_svc" in names and wants_catcher(os.environ) else None
    say(f"starting {', '.join(names)}")
    try:
        asyncio.run(run_services(names, progress=say, launched_at=launched_at))
    finally:
        if catcher is not None:
            catcher.stop()
        if infra is not None and started_here and not args.keep_infra:
            say(f"stopping {' and '.join(started_here)} (started by this run; --keep-infra leaves them up)")
            infra.down()
    say("stopped")
    return 0


def start_mail_catcher(root: Path) -> MailCatcher:
    """A real SMTP server for user_svc's mail (password resets): each message is written to .peerprep/mail/."""
    port = int(os.environ.get("PEERPREP_MAIL_PORT", DEFAULT_PORT))
    catcher = MailCatcher(root / ".peerprep" / "mail", port=port, on_mail=_said)
    try:
        catcher.start()
    except (OSError, RuntimeError) as exc:  # the port is taken (aiosmtpd reports a failed start as RuntimeError)
        message = f"the mail catcher cannot listen on 127.0.0.1:{port} ({exc}); set PEERPREP_MAIL_PORT"
        raise LaunchError(message) from exc
    point_user_svc_at(catcher, os.environ)
    say(f"Mail: messages land in {catcher.folder.relative_to(root)} (SMTP {catcher.address})")
    return catcher


def _said(mail: CaughtMail) -> None:
    say(f"mail to {', '.join(mail.to)}: {mail.subject!r} -> {mail.readable}")
    for link in mail.links:
        say(f"  link: {link}")


def cmd_infra(args: argparse.Namespace) -> int:
    infra = _infra()
    if args.action == "up":
        infra.up()
        say(f"Kafka {infra.kafka_bootstrap}, MongoDB {infra.mongodb_url}")
    elif args.action == "down":
        infra.down()
    elif args.action == "reset":
        infra.reset()
    for name, state in infra.status().items():
        say(f"{name}: {state}")
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    return run_checks(repo_root(), args.pytest_args, progress=say)


def cmd_screenshots(args: argparse.Namespace) -> int:
    from peerprep.screenshots import refresh

    return refresh(repo_root(), args.pytest_args, progress=say)


def cmd_schema(args: argparse.Namespace) -> int:
    from contracts.schema import main as schema_main

    return schema_main([args.out] if args.out else [])


def cmd_admin(args: argparse.Namespace) -> int:
    """user_svc's operator commands (``user_svc.ops``), pointed at what ``peerprep up`` gives the services."""
    from user_svc import ops

    if args.action != "new-encryption-key":
        use_infra_connections(_infra())  # the databases `peerprep up` gives the services (PEERPREP_MONGO_PORT, ...)
    if args.action == "rotate-keys":
        use_local_key_file(repo_root())  # the key `peerprep up` gives user_svc, unless one is configured
    return ops.run(args.action, args.email, say=say)


def cmd_docs(_: argparse.Namespace) -> int:
    from peerprep.gendocs import write

    root = repo_root()
    for path in write(root):
        say(f"wrote {path.relative_to(root)}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="peerprep", description="Run PeerPrep locally and check it.")
    sub = p.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start the infrastructure and services; Ctrl-C stops them")
    up.add_argument("--services", default="all", help=f"comma-separated subset of: {', '.join(SERVICES)}")
    up.add_argument("--no-infra", action="store_true", help="use PEERPREP_KAFKA_BOOTSTRAP/MONGODB_URL as they are")
    up.add_argument("--no-web-build", action="store_true", help="serve web/dist as it is (or the placeholder)")
    up.add_argument("--keep-infra", action="store_true", help="leave Kafka and MongoDB running after Ctrl-C")
    up.set_defaults(func=cmd_up)
    infra = sub.add_parser("infra", help="native Kafka and MongoDB-wire server")
    infra.add_argument("action", choices=["up", "down", "status", "reset"])
    infra.set_defaults(func=cmd_infra)
    test = sub.add_parser("test", help="lint, types, import rules and every test")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed to pytest")
    test.set_defaults(func=cmd_test)
    shots = sub.add_parser(
        "screenshots", help="refresh docs/screenshots (the README's pictures) from the browser tests"
    )
    shots.add_argument(
        "pytest_args", nargs=argparse.REMAINDER, help="passed to pytest (default: the tests that take them)"
    )
    shots.set_defaults(func=cmd_screenshots)
    schema = sub.add_parser("schema", help="write the events' JSON Schema")
    schema.add_argument("out", nargs="?", help="file to write (stdout without)")
    schema.set_defaults(func=cmd_schema)
    admin = sub.add_parser(
        "admin", help="accounts: grant/revoke the admin role, rotate the token signing key, make a key encryption key"
    )
    admin.add_argument("action", choices=["grant", "revoke", "rotate-keys", "new-encryption-key"])
    admin.add_argument(
        "email",
        nargs="?",
        metavar="EMAIL|ID",
        help="the account's email address (grant, revoke); the new key's id (new-encryption-key, default: the date)",
    )
    admin.set_defaults(func=cmd_admin)
    docs = sub.add_parser("docs", help="regenerate the JSON Schema, AsyncAPI and OpenAPI documents under docs/")
    docs.set_defaults(func=cmd_docs)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except (InfraError, LaunchError, UnknownService, WebBuildError) as exc:
        say(f"error: {exc}")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
