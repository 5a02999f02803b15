"""Key encryption keys and sealed private keys (sealing.py): parsing, sealing, opening, and the refusals."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from user_svc.sealing import Keyring, KeyringError, KeyringSource, UnsealError, new_key_line
from user_svc.tokens import new_signing_key

OLD, NEW = new_key_line("old"), new_key_line("new")


def pem() -> bytes:
    key = new_signing_key(datetime.now(UTC))
    assert key.private_pem is not None
    return key.private_pem.encode()


def test_a_sealed_key_holds_no_plaintext_and_opens_with_its_keyring() -> None:
    ring = Keyring.parse(OLD, source="test")
    secret = pem()
    sealed = ring.seal(secret, context="kid-1")
    assert sealed.startswith("aes256gcm:old:")
    assert "PRIVATE KEY" not in sealed
    assert secret.decode().splitlines()[1] not in sealed
    assert ring.open(sealed, context="kid-1") == secret
    assert ring.seal(secret, context="kid-1") != sealed  # a fresh nonce every time


def test_the_first_key_seals_and_every_configured_key_opens() -> None:
    sealed_before = Keyring.parse(OLD, source="test").seal(b"secret", context="k")
    ring = Keyring.parse(f"# rotated, then the old one removed\n{NEW}\n{OLD}\n", source="test")
    assert ring.current_id == "new"
    assert ring.open(sealed_before, context="k") == b"secret"
    assert Keyring.sealed_with(ring.seal(b"secret", context="k")) == "new"
    assert Keyring.parse(f"{NEW},{OLD}", source="test") == ring  # the inline form


def test_a_value_sealed_with_an_unconfigured_or_different_key_is_refused_in_one_line() -> None:
    sealed = Keyring.parse(OLD, source="test").seal(b"secret", context="kid-1")
    with pytest.raises(UnsealError, match=r"key encryption key 'old', which is not configured \(configured: new\)"):
        Keyring.parse(NEW, source="test").open(sealed, context="kid-1")
    impostor = Keyring.parse(new_key_line("old"), source="test")  # the same id, another key
    with pytest.raises(UnsealError, match="does not decrypt with key encryption key 'old'"):
        impostor.open(sealed, context="kid-1")


def test_a_sealed_value_is_bound_to_its_signing_key() -> None:
    ring = Keyring.parse(OLD, source="test")
    sealed = ring.seal(b"secret", context="kid-1")
    with pytest.raises(UnsealError, match="signing key kid-2 does not decrypt"):
        ring.open(sealed, context="kid-2")
    with pytest.raises(UnsealError, match="not in the aes256gcm form"):
        ring.open("-----BEGIN PRIVATE KEY-----", context="kid-1")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "holds no key"),
        ("# only a comment\n", "holds no key"),
        ("no-colon", "entry 1 is not ID:KEY"),
        ("bad id:AAAA", "entry 1 is not ID:KEY"),
        ("short:AAAA", "key 'short' is not 32 bytes"),
        ("junk:!!!!", "key 'junk' is not 32 bytes"),
        (f"{OLD}\n{OLD}", "key id 'old' appears twice"),
    ],
)
def test_a_malformed_keyring_says_what_is_wrong_without_showing_a_key(text: str, problem: str) -> None:
    with pytest.raises(KeyringError, match=problem) as raised:
        Keyring.parse(text, source="USER_KEY_ENCRYPTION_KEYS")
    assert OLD.split(":")[1] not in str(raised.value)


def test_the_keyring_comes_from_a_file_or_a_value_and_its_absence_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "kek"
    path.write_text(f"{NEW}\n", encoding="utf-8")
    assert KeyringSource(file=path).load().current_id == "new"
    assert KeyringSource(inline=OLD).load().current_id == "old"
    with pytest.raises(KeyringError, match=r"^no key encryption key: set USER_KEY_ENCRYPTION_KEY_FILE"):
        KeyringSource().load()
    with pytest.raises(KeyringError, match=r"USER_KEY_ENCRYPTION_KEY_FILE=.*/missing cannot be read"):
        KeyringSource(file=tmp_path / "missing").load()
    with pytest.raises(KeyringError, match="not both"):
        KeyringSource(file=path, inline=OLD).load()


def test_a_key_id_is_checked_when_a_key_is_made() -> None:
    with pytest.raises(KeyringError, match="a key id is 1-64 letters"):
        new_key_line("has space")
