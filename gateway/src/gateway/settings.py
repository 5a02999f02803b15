"""GatewaySettings: the gateway's one settings object, read once from ``GATEWAY_*`` (then ``PEERPREP_*``)."""

from pathlib import Path
from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from svc_kit.settings import ServiceSettings

# Where each owning service listens when everything runs on one machine; in Kubernetes an Ingress routes instead.
LOCAL_ROUTES = {
    "users": "http://127.0.0.1:8101",
    "match": "http://127.0.0.1:8102",
    "questions": "http://127.0.0.1:8103",
    "sessions": "http://127.0.0.1:8104",
    "exec": "http://127.0.0.1:8105",
    "ai": "http://127.0.0.1:8106",
}


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", frozen=True)

    SERVICE: ClassVar[str] = "gateway"
    DEFAULT_HTTP_PORT: ClassVar[int] = 8080

    web_dir: Path | None = Field(default=None, description="the web client's build; a placeholder page without it")
    routes: dict[str, str] = Field(
        default_factory=lambda: dict(LOCAL_ROUTES), description="/api/<name>/... -> base URL of the owning service"
    )
    upstream_timeout_s: float = Field(default=15.0, gt=0)
