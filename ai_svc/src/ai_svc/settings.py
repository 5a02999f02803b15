"""AiSettings: this service's one settings object, read once from ``AI_*`` (then ``PEERPREP_*``)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from svc_kit.settings import ServiceSettings


class AiSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AI_", extra="ignore", frozen=True)

    SERVICE: ClassVar[str] = "ai_svc"
    DEFAULT_HTTP_PORT: ClassVar[int] = 8106
