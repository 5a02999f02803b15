"""QuestionSettings: this service's one settings object, read once from ``QUESTION_*`` (then ``PEERPREP_*``)."""

from pathlib import Path
from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from svc_kit.settings import ServiceSettings

BANK_DIR = Path(__file__).resolve().parents[2] / "bank"


class QuestionSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="QUESTION_", extra="ignore", frozen=True)

    SERVICE: ClassVar[str] = "question_svc"
    DEFAULT_HTTP_PORT: ClassVar[int] = 8103

    load_bank: bool = Field(default=True, description="load the bank's files into MongoDB at start-up")
    bank_dir: Path = Field(default=BANK_DIR, description="the folder of question files (<slug>.yaml)")
