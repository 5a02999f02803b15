"""Fixtures for every test in the repo: real Kafka and MongoDB-wire servers (see infra/peerprep_testing)."""

pytest_plugins = ["peerprep_testing.plugin", "peerprep_testing.browser"]
