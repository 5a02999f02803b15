"""QuestionSettings: this service's one settings object, read once from ``QUESTION_*`` (then ``PEERPREP_*``)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from svc_kit.settings import ServiceSettings


class QuestionSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="QUESTION_", extra="ignore", frozen=True)

    SERVICE: ClassVar[str] = "question_svc"
    DEFAULT_HTTP_PORT: ClassVar[int] = 8103
