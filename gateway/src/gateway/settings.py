"""GatewaySettings: the gateway's one settings object, read once from ``GATEWAY_*`` (then ``PEERPREP_*``)."""

from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import Field, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from gateway.realtime.origins import normalise_origin
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
    max_body_bytes: int = Field(default=1 << 20, ge=1024, description="largest request body forwarded (else 413)")
    body_limits: dict[str, int] = Field(
        default_factory=lambda: {"/api/questions/import": 16 << 20},
        description="path prefix -> its own body limit in bytes (the longest matching prefix wins)",
    )

    # The realtime edge (/ws, docs/api-realtime.md). The frame size and heartbeats are ServiceSettings' ws_*.
    allowed_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), description="origins besides the gateway's own that may open /ws, comma-separated"
    )
    ws_auth_timeout_s: float = Field(default=5.0, gt=0, description="the first auth message must come by then")
    ws_expiry_grace_s: float = Field(default=10.0, ge=0, description="after token_expired, close 4401 this late")
    ws_rate_per_s: float = Field(default=20.0, gt=0, description="messages per second per connection")
    ws_burst: int = Field(default=40, ge=1)
    ws_user_rate_per_s: float = Field(default=50.0, gt=0, description="per user, all tabs on this instance")
    ws_user_burst: int = Field(default=100, ge=1)
    ws_refused_before_close: int = Field(default=100, ge=1, description="refused in a row, then close 4429")
    ws_max_pending: int = Field(default=256, ge=1, description="unsent messages a socket may queue; then 1013")
    ws_recent_notifications: int = Field(default=10_000, ge=1, description="notification ids kept for dedupe")

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _origins(cls, value: Any) -> tuple[str, ...]:
        items = value.split(",") if isinstance(value, str) else list(value)
        return tuple(normalise_origin(str(item)) for item in items if str(item).strip())
