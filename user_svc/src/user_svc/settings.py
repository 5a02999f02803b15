"""UserSettings: this service's one settings object, read once from ``USER_*`` (then ``PEERPREP_*``)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from svc_kit.settings import ServiceSettings


class UserSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="USER_", extra="ignore", frozen=True)

    SERVICE: ClassVar[str] = "user_svc"
    DEFAULT_HTTP_PORT: ClassVar[int] = 8101
