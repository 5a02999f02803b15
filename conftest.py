"""Fixtures for every test in the repo: real Kafka and MongoDB-wire servers (see peerprep.testing)."""

pytest_plugins = ["peerprep.testing", "peerprep.browser_testing"]
