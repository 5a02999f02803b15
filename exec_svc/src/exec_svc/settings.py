"""ExecSettings: this service's one settings object, read once from ``EXEC_*`` (then ``PEERPREP_*``)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from svc_kit.settings import ServiceSettings


class ExecSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="EXEC_", extra="ignore", frozen=True)

    SERVICE: ClassVar[str] = "exec_svc"
    DEFAULT_HTTP_PORT: ClassVar[int] = 8105
