"""UserSettings: this service's one settings object, read once from ``USER_*`` (then ``PEERPREP_*``)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from svc_kit.auth import AUDIENCE, ISSUER
from svc_kit.settings import ServiceSettings
from user_svc.domain import IpNetwork
from user_svc.domain.throttle import ThrottlePolicy
from user_svc.sealing import KeyringSource

MIN_PRODUCTION_MEMORY_KIB = 19_456  # OWASP's floor for argon2id


class UserSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="USER_", extra="ignore", frozen=True)

    SERVICE: ClassVar[str] = "user_svc"
    DEFAULT_HTTP_PORT: ClassVar[int] = 8101

    access_ttl_s: int = Field(default=900, ge=60, le=3600, description="access token lifetime")
    refresh_ttl_s: int = Field(default=14 * 86_400, ge=600, le=90 * 86_400, description="refresh token lifetime")
    sign_in_lifetime_s: int = Field(
        default=30 * 86_400,
        ge=600,
        le=365 * 86_400,
        description="absolute lifetime of a sign-in (a refresh-token family), however often it is refreshed",
    )
    cookie_secure: bool = Field(default=False, description="Secure refresh cookie; required in production")
    issuer: str = ISSUER
    audience: str = AUDIENCE

    # The log-in throttle (docs/security.md, "Password guessing"); a client is an address as trusted_proxies say.
    login_free_failures: int = Field(default=3, ge=1, description="failures per client and account before delays")
    login_backoff_base_s: float = Field(default=1, gt=0, description="the first delay; it doubles per failure")
    login_backoff_max_s: float = Field(default=300, gt=0, description="the longest delay per client and account")
    login_failure_memory_s: float = Field(
        default=86_400, gt=0, description="a client's failures on an account are forgotten this long after the last"
    )
    login_failures_per_client: int = Field(
        default=100, ge=1, description="failures one client may make on all accounts, draining over the next"
    )
    login_client_drain_s: float = Field(default=3_600, gt=0, description="... time (then that client gets 429)")
    login_account_slow_after: int = Field(
        default=200, ge=1, description="failures on one account from all clients, draining over the next"
    )
    login_account_drain_s: float = Field(
        default=3_600, gt=0, description="... time, before every attempt on it waits login_account_slowdown_s"
    )
    login_account_slowdown_s: float = Field(default=2, ge=0, le=30, description="never a refusal, only a delay")
    trusted_proxies: Annotated[tuple[IpNetwork, ...], NoDecode] = Field(
        default=(ipaddress.ip_network("127.0.0.1"),),
        description="comma-separated IPs or CIDRs whose X-Forwarded-For is believed",
    )

    password_time_cost: int = Field(default=3, ge=1, description="argon2id passes")
    password_memory_kib: int = Field(default=65_536, ge=8, description="argon2id memory")
    password_parallelism: int = Field(default=4, ge=1, le=16, description="argon2id lanes")

    key_encryption_key_file: Path | None = Field(
        default=None, description="file of the keys that encrypt the signing keys at rest (ID:KEY lines, first seals)"
    )
    key_encryption_keys: SecretStr | None = Field(
        default=None, description="the same as a value (ID:KEY, comma-separated), where a file cannot be mounted"
    )

    housekeeping_interval_s: float = Field(default=600, gt=0, description="how often expired records are purged")

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(ipaddress.ip_network(part.strip()) for part in value.split(",") if part.strip())
        return value

    @property
    def throttle_policy(self) -> ThrottlePolicy:
        return ThrottlePolicy(
            free_failures=self.login_free_failures,
            backoff_base_s=self.login_backoff_base_s,
            backoff_max_s=self.login_backoff_max_s,
            pair_memory_s=self.login_failure_memory_s,
            client_capacity=self.login_failures_per_client,
            client_drain_s=self.login_client_drain_s,
            account_slow_after=self.login_account_slow_after,
            account_drain_s=self.login_account_drain_s,
            account_slowdown_s=self.login_account_slowdown_s,
        )

    @property
    def key_encryption(self) -> KeyringSource:
        inline = self.key_encryption_keys.get_secret_value() if self.key_encryption_keys else None
        return KeyringSource(file=self.key_encryption_key_file, inline=inline)

    @model_validator(mode="after")
    def _production_is_safe(self) -> UserSettings:
        if self.environment != "production":
            return self
        problems = []
        if not self.cookie_secure:
            problems.append("set USER_COOKIE_SECURE=true (the refresh cookie must be Secure)")
        if self.password_memory_kib < MIN_PRODUCTION_MEMORY_KIB:
            problems.append(f"USER_PASSWORD_MEMORY_KIB must be at least {MIN_PRODUCTION_MEMORY_KIB}")
        if problems:
            raise ValueError(f"{self.SERVICE} in production: " + "; ".join(problems))
        return self
