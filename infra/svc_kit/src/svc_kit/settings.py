"""The base of every service's one settings object, read once from the environment at start-up.

Each service subclasses ``ServiceSettings`` with its own prefix (``USER_``, ``MATCH_`` ...). A field is read from
``<PREFIX><NAME>`` first, then from the shared ``PEERPREP_<NAME>``, then its default, so one variable such as
``PEERPREP_KAFKA_BOOTSTRAP`` configures every service in a process and one service can still override it.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, PydanticBaseSettingsSource, SettingsConfigDict

SHARED_PREFIX = "PEERPREP_"


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    SERVICE: ClassVar[str] = "service"
    DEFAULT_HTTP_PORT: ClassVar[int] = 8000

    environment: Literal["development", "test", "production"] = "development"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool | None = Field(default=None, description="JSON logs; default: only in production")
    log_rich_tracebacks: bool = Field(
        default=False, description="debug only: tracebacks drawn with rich, local variables included (slow)"
    )

    http_host: str = "127.0.0.1"
    http_port: int = Field(default=0, ge=0, le=65535, description="0: the service's default port")

    kafka_bootstrap: str = "127.0.0.1:9092"
    topic_prefix: str = Field(default="", pattern=r"^[A-Za-z0-9._-]*$", description="isolates topics and groups")
    create_topics: bool = True
    kafka_timeout_s: float = Field(default=10.0, gt=0)

    mongodb_url: str = "mongodb://127.0.0.1:27017/"
    mongodb_db: str = Field(default="", description="default: peerprep_<service>")
    mongodb_timeout_ms: int = Field(default=5000, ge=100)

    handler_retries: int = Field(default=4, ge=0, le=20, description="retries of a failing handler before DLQ")
    shutdown_grace_s: float = Field(default=10.0, gt=0)
    outbox_grace_s: float = Field(
        default=60.0, gt=0, description="an outbox event older than this whose write is not found is dropped"
    )
    outbox_sweep_s: float = Field(default=30.0, gt=0, description="how often the outbox relay looks for leftovers")
    processed_events_days: int = Field(default=35, ge=1, description="dedupe memory; longer than any retention")

    # Websockets, passed to uvicorn by the launcher: the largest message, the ping interval and the pong deadline.
    ws_max_bytes: int = Field(default=65536, ge=1024, description="a larger frame closes the socket with 1009")
    ws_ping_interval_s: float = Field(default=15.0, gt=0)
    ws_ping_timeout_s: float = Field(default=15.0, gt=0)

    @model_validator(mode="after")
    def _production_is_explicit(self) -> ServiceSettings:
        if self.environment != "production":
            return self
        loopback = [
            n
            for n, v in (("KAFKA_BOOTSTRAP", self.kafka_bootstrap), ("MONGODB_URL", self.mongodb_url))
            if "127.0.0.1" in v
        ]
        if loopback:
            names = " and ".join(f"PEERPREP_{n}" for n in loopback)
            raise ValueError(f"{self.SERVICE}: set {names} in production (loopback defaults refused)")
        return self

    @property
    def json_logs(self) -> bool:
        return self.environment == "production" if self.log_json is None else self.log_json

    @property
    def port(self) -> int:
        return self.http_port or self.DEFAULT_HTTP_PORT

    @property
    def database(self) -> str:
        return self.mongodb_db or f"{self.topic_prefix.replace('.', '_')}peerprep_{self.SERVICE}"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        shared = EnvSettingsSource(settings_cls, env_prefix=SHARED_PREFIX)
        return init_settings, env_settings, shared, file_secret_settings
