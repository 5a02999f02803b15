"""UserSettings: defaults as the contract says, environment parsing, and production refusing unsafe values."""

import ipaddress
import os

import pytest
from pydantic import ValidationError

from user_svc.settings import UserSettings

PRODUCTION = {
    "environment": "production",
    "kafka_bootstrap": "kafka:9092",
    "mongodb_url": "mongodb://mongo:27017/",
}


@pytest.fixture(autouse=True)
def _no_outside_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("PEERPREP_", "USER_")):
            monkeypatch.delenv(name)


def test_defaults_follow_the_contract() -> None:
    settings = UserSettings()
    assert settings.access_ttl_s == 900
    assert settings.refresh_ttl_s == 14 * 86_400
    assert (settings.issuer, settings.audience) == ("peerprep-user-svc", "peerprep")
    policy = settings.throttle_policy
    assert (policy.free_failures, policy.backoff_base_s, policy.backoff_max_s) == (3, 1, 300)
    assert (policy.client_capacity, policy.client_drain_s) == (100, 3_600)
    assert (policy.account_slow_after, policy.account_slowdown_s) == (200, 2)
    assert settings.trusted_proxies == (ipaddress.ip_network("127.0.0.1"),)
    assert not settings.cookie_secure  # plain-http localhost


def test_trusted_proxies_are_a_comma_separated_list_of_ips_or_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,::1")
    assert UserSettings().trusted_proxies == (
        ipaddress.ip_network("127.0.0.1"),
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("::1"),
    )
    monkeypatch.setenv("USER_TRUSTED_PROXIES", "")
    assert UserSettings().trusted_proxies == ()
    monkeypatch.setenv("USER_TRUSTED_PROXIES", "not-an-ip")
    with pytest.raises(ValidationError):
        UserSettings()


def test_production_refuses_an_insecure_cookie_and_weak_hashing() -> None:
    with pytest.raises(ValidationError, match="USER_COOKIE_SECURE=true") as caught:
        UserSettings(**PRODUCTION, password_memory_kib=1024)
    assert "USER_PASSWORD_MEMORY_KIB" in str(caught.value)
    settings = UserSettings(**PRODUCTION, cookie_secure=True)
    assert settings.cookie_secure


def test_lifetimes_are_bounded() -> None:
    with pytest.raises(ValidationError):
        UserSettings(access_ttl_s=10)
    with pytest.raises(ValidationError):
        UserSettings(refresh_ttl_s=365 * 86_400)


def test_a_sign_in_lasts_30_days_and_the_key_encryption_key_comes_from_a_file_or_a_secret_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = UserSettings()
    assert settings.sign_in_lifetime_s == 30 * 86_400
    assert settings.key_encryption.file is None
    assert settings.key_encryption.inline is None
    monkeypatch.setenv("USER_KEY_ENCRYPTION_KEY_FILE", "/run/secrets/user-kek")
    assert str(UserSettings().key_encryption.file) == "/run/secrets/user-kek"
    monkeypatch.delenv("USER_KEY_ENCRYPTION_KEY_FILE")
    monkeypatch.setenv("USER_KEY_ENCRYPTION_KEYS", "k1:c2VjcmV0")
    inline = UserSettings()
    assert inline.key_encryption.inline == "k1:c2VjcmV0"
    assert "c2VjcmV0" not in repr(inline)
