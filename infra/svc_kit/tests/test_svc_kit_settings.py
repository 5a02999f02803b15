from typing import ClassVar

import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict

from svc_kit.settings import ServiceSettings


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


def test_defaults_derive_port_database_and_consumer_group() -> None:
    settings = DemoSettings(topic_prefix="t1.")
    assert settings.port == 8199
    assert settings.database == "t1_peerprep_demo_svc"
    assert settings.consumer_group == "t1.demo_svc"
    assert not settings.json_logs


def test_production_logs_json_and_refuses_the_loopback_kafka_default() -> None:
    with pytest.raises(ValidationError, match="PEERPREP_KAFKA_BOOTSTRAP"):
        DemoSettings(environment="production")
    assert DemoSettings(environment="production", kafka_bootstrap="kafka:9092").json_logs


def test_every_invalid_variable_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_HTTP_PORT", "70000")
    monkeypatch.setenv("DEMO_TOPIC_PREFIX", "no spaces")
    with pytest.raises(ValidationError) as err:
        DemoSettings()
    assert {e["loc"][0] for e in err.value.errors()} == {"http_port", "topic_prefix"}
