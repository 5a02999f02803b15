"""CollabSettings: this service's one settings object, read once from ``COLLAB_*`` (then ``PEERPREP_*``)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from svc_kit.settings import ServiceSettings


class CollabSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="COLLAB_", extra="ignore", frozen=True)

    SERVICE: ClassVar[str] = "collab_svc"
    DEFAULT_HTTP_PORT: ClassVar[int] = 8104
