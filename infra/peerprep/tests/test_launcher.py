"""The launcher runs any set of services in one process, fails loudly without Kafka, and stops cleanly."""

import json
import signal

import httpx

from contracts import CATALOG
from peerprep_testing import Servers, free_ports, kafka_cli, launch_peerprep, read_until


def test_a_subset_of_services_runs_in_one_process_behind_the_gateway(servers: Servers, prefix: str) -> None:
    question_port, gateway_port = free_ports(2)
    env = servers.env(prefix) | {
        "QUESTION_HTTP_PORT": str(question_port),
        "GATEWAY_HTTP_PORT": str(gateway_port),
        "GATEWAY_ROUTES": json.dumps({"questions": f"http://127.0.0.1:{question_port}"}),
    }
    with launch_peerprep("up", "--no-infra", "--no-web-build", "--services", "gateway,question_svc", env=env) as proc:
        lines = read_until(proc, "service(s) ready")
        assert "2 service(s) ready" in lines[-1]
        gateway = f"http://127.0.0.1:{gateway_port}"

        assert httpx.get(f"{gateway}/readyz").json() == {
            "service": "gateway",
            "status": "ready",
            "checks": {"kafka": "ok"},
            "figures": {},  # the gateway keeps no outbox
        }
        assert "<h1>PeerPrep</h1>" in httpx.get(gateway).text
        assert httpx.get(f"http://127.0.0.1:{question_port}/readyz").json()["checks"] == {
            "kafka": "ok",
            "mongodb": "ok",
        }
        # /api/questions/... reaches question_svc; an unknown API is the gateway's own 404.
        routed = httpx.get(f"{gateway}/api/questions/no-such-question", headers={"X-Correlation-ID": "trace-1"})
        assert routed.status_code == 404
        assert routed.json()["error"]["details"] == {"slug": "no-such-question"}  # question_svc's own answer
        assert routed.headers["x-correlation-id"] == "trace-1"
        unknown = httpx.get(f"{gateway}/api/nowhere/x")
        assert unknown.status_code == 404
        assert unknown.json()["error"]["code"] == "not_found"

        listed = set(kafka_cli("kafka-topics", "--bootstrap-server", servers.kafka_bootstrap, "--list").split())
        assert {f"{prefix}{spec.name}" for spec in CATALOG} <= listed

        proc.send_signal(signal.SIGTERM)
        rest = read_until(proc, "stopping")
        assert proc.wait(30) == 0, "".join(rest)


def test_start_up_fails_loudly_when_kafka_is_not_there(servers: Servers, prefix: str) -> None:
    (closed_port,) = free_ports(1)
    env = {
        "PEERPREP_KAFKA_BOOTSTRAP": f"127.0.0.1:{closed_port}",
        "PEERPREP_KAFKA_TIMEOUT_S": "2",
        "PEERPREP_MONGODB_URL": servers.mongodb_url,
        "PEERPREP_TOPIC_PREFIX": prefix,
        "USER_HTTP_PORT": str(free_ports(1)[0]),
    }
    with launch_peerprep("up", "--no-infra", "--services", "user_svc", env=env) as proc:
        output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 1
    last = output.strip().splitlines()[-1]
    assert last.startswith(f"peerprep: error: user_svc failed to start: Kafka not reachable at 127.0.0.1:{closed_port}")
    assert last.endswith("start it with `peerprep infra up`")
