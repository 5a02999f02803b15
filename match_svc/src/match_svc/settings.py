"""MatchSettings: this service's one settings object, read once from ``MATCH_*`` (then ``PEERPREP_*``)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from svc_kit.settings import ServiceSettings


class MatchSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MATCH_", extra="ignore", frozen=True)

    SERVICE: ClassVar[str] = "match_svc"
    DEFAULT_HTTP_PORT: ClassVar[int] = 8102
