"""MatchSettings: this service's one settings object, read once from ``MATCH_*`` (then ``PEERPREP_*``)."""

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from svc_kit.settings import ServiceSettings


class MatchSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MATCH_", extra="ignore", frozen=True)

    SERVICE: ClassVar[str] = "match_svc"
    DEFAULT_HTTP_PORT: ClassVar[int] = 8102

    timeout_s: int = Field(default=60, ge=5, le=600, description="how long a request waits for a partner")
    ready_check_s: float = Field(default=15.0, gt=0, le=120, description="how long both have to accept")
    tick_s: float = Field(default=0.1, gt=0, le=5, description="how often deadlines are checked")
    status_every_s: float = Field(default=3.0, gt=0, description="how often pool figures are published")
    rebuild_window_s: float = Field(
        default=1800.0, gt=0, description="a new pool owner reads this far back (longer than any request lives)"
    )
    state_catch_up_s: float = Field(
        default=30.0, ge=0, description="a new pool owner answers the state requests made this long before it"
    )
    claim_stale_s: float = Field(
        default=120.0, gt=0, description="a found match with no session after this long no longer blocks its users"
    )
    session_hold_s: float = Field(
        default=4 * 3600.0, gt=0, description="a session never ended holds its users this long at most"
    )
