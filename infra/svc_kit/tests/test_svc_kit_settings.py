from typing import ClassVar

import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict

from svc_kit.settings import ServiceSettings


@pytest.fixture(autouse=True)
def _no_outside_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests define the environment themselves."""
    import os

    for name in list(os.environ):
        if name.startswith(("PEERPREP_", "DEMO_")):
            monkeypatch.delenv(name)


class DemoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DEMO_", extra="ignore", frozen=True)
    SERVICE: ClassVar[str] = "demo_svc"
    DEFAULT_HTTP_PORT: ClassVar[int] = 8199


def test_a_service_variable_wins_over_the_shared_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEERPREP_KAFKA_BOOTSTRAP", "shared:9092")
    monkeypatch.setenv("PEERPREP_MONGODB_URL", "mongodb://shared/")
    monkeypatch.setenv("DEMO_KAFKA_BOOTSTRAP", "mine:9092")
    settings = DemoSettings()
    assert settings.kafka_bootstrap == "mine:9092"
    assert settings.mongodb_url == "mongodb://shared/"


def test_defaults_derive_port_and_database() -> None:
    settings = DemoSettings(topic_prefix="t1.")
    assert settings.port == 8199
    assert settings.database == "t1_peerprep_demo_svc"
    assert not settings.json_logs


def test_production_logs_json_and_refuses_the_loopback_defaults() -> None:
    with pytest.raises(ValidationError, match="set PEERPREP_KAFKA_BOOTSTRAP and PEERPREP_MONGODB_URL in production"):
        DemoSettings(environment="production")
    with pytest.raises(ValidationError, match="set PEERPREP_MONGODB_URL in production"):
        DemoSettings(environment="production", kafka_bootstrap="kafka:9092")
    assert DemoSettings(environment="production", kafka_bootstrap="kafka:9092", mongodb_url="mongodb://db/").json_logs


def test_every_invalid_variable_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_HTTP_PORT", "70000")
    monkeypatch.setenv("DEMO_TOPIC_PREFIX", "no spaces")
    with pytest.raises(ValidationError) as err:
        DemoSettings()
    assert {e["loc"][0] for e in err.value.errors()} == {"http_port", "topic_prefix"}
