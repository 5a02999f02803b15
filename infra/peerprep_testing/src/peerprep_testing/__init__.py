"""PeerPrep's test harness (a dev-only package): what tests use to drive real servers and services.

The pytest plugins are ``peerprep_testing.plugin`` (the ``servers``, ``prefix``, ``settings_for`` ... fixtures) and
``peerprep_testing.browser`` (the whole app in one launcher, driven by Playwright); the repo's conftest.py loads
both. Runtime code never imports this package (import-linter).
"""

from peerprep_testing.apps import launch_peerprep, read_until, running, serving
from peerprep_testing.events import question_assigned
from peerprep_testing.kafka import DeadLetters, EventLog, kafka_cli, publish, raw_producer
from peerprep_testing.servers import (
    REPO_ROOT,
    Servers,
    delete_topics,
    docker_answers,
    drop_databases,
    free_ports,
    native_infra,
    servers_settings,
)
from peerprep_testing.tokens import TokenMint

# The one password tests sign up with: user_svc refuses guessable ones (zxcvbn's score under 3), and this passes.
STRONG_PASSWORD = "correct horse battery"  # noqa: S105 - a test fixture, not a secret

__all__ = [
    "REPO_ROOT",
    "STRONG_PASSWORD",
    "DeadLetters",
    "EventLog",
    "Servers",
    "TokenMint",
    "delete_topics",
    "docker_answers",
    "drop_databases",
    "free_ports",
    "kafka_cli",
    "launch_peerprep",
    "native_infra",
    "publish",
    "question_assigned",
    "raw_producer",
    "read_until",
    "running",
    "servers_settings",
    "serving",
]
