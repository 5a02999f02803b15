"""A clean start, as a new student's first `peerprep up` makes it: a Kafka that has never seen a topic or a consumer
group, every service. It says what it does as it goes (each service as it becomes ready) and prints no error or
warning: no aiokafka retry logged at ERROR (a consumer started before its partitions' leaders serve, or before
the group coordinator exists), no FastStream "Auto create topics is disabled" per subscriber."""

from __future__ import annotations

import json
import re
import signal

import pytest

from peerprep.native import Infra
from peerprep.services import SERVICES
from peerprep_testing import Servers, free_ports, launch_peerprep, read_until

pytestmark = pytest.mark.integration

PORT_VARS = {
    "user_svc": ("users", "USER_HTTP_PORT"),
    "match_svc": ("match", "MATCH_HTTP_PORT"),
    "question_svc": ("questions", "QUESTION_HTTP_PORT"),
    "collab_svc": ("sessions", "COLLAB_HTTP_PORT"),
    "exec_svc": ("exec", "EXEC_HTTP_PORT"),
    "ai_svc": ("ai", "AI_HTTP_PORT"),
    "gateway": ("", "GATEWAY_HTTP_PORT"),
}
NOT_CLEAN = re.compile(r"\[(error|warning|critical)\s*\]|Traceback|Auto create topics", re.IGNORECASE)


def every_service_env(own_kafka: Infra, servers: Servers, prefix: str) -> dict[str, str]:
    ports = dict(zip(PORT_VARS, free_ports(len(PORT_VARS)), strict=True))
    routes = {route: f"http://127.0.0.1:{ports[name]}" for name, (route, _) in PORT_VARS.items() if route}
    return {
        "PEERPREP_KAFKA_BOOTSTRAP": own_kafka.kafka_bootstrap,  # new: no topic, no consumer offsets topic yet
        "PEERPREP_MONGODB_URL": servers.mongodb_url,
        "PEERPREP_TOPIC_PREFIX": prefix,
        "GATEWAY_ROUTES": json.dumps(routes),
        **{var: str(ports[name]) for name, (_, var) in PORT_VARS.items()},
    }


def test_a_clean_start_shows_each_service_ready_and_prints_no_error(
    own_kafka: Infra, servers: Servers, prefix: str, clean_databases: None
) -> None:
    env = every_service_env(own_kafka, servers, prefix)
    with launch_peerprep("up", "--no-infra", "--no-web-build", env=env) as proc:
        started = read_until(proc, "PeerPrep is up")
        proc.send_signal(signal.SIGTERM)
        stopped = read_until(proc, "peerprep: stopped")
        assert proc.wait(30) == 0
    output = started + stopped

    assert [line for line in output if NOT_CLEAN.search(line)] == []
    ready = [m.group(1) for line in started if (m := re.match(r"peerprep:\s+(\w+)\s+ready in\s+[\d.]+ s", line))]
    assert sorted(ready) == sorted(SERVICES)  # each one said when it was ready
    assert re.search(r"\(\d+\.\d s after start, Ctrl-C stops it\)", started[-1])
