"""Encryption at rest of the signing keys' private halves: AES-256-GCM under a key encryption key (KEK).

Several KEKs can be configured, each with an id: the first one seals, every one can open what it sealed, so an
operator retires a KEK by putting a new one first, running ``peerprep admin rotate-keys`` (which seals every
stored private key again) and then removing the old one. A sealed value names its KEK's id, and is bound to the
signing key it belongs to (the signing key's id is the cipher's associated data), so a sealed value copied onto
another record does not open. No I/O but reading the key file; no key material ever goes into a message.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SCHEME = "aes256gcm"
KEY_BYTES = 32
NONCE_BYTES = 12
KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
FILE_SETTING = "USER_KEY_ENCRYPTION_KEY_FILE"
INLINE_SETTING = "USER_KEY_ENCRYPTION_KEYS"
HOW_TO_MAKE_ONE = "`peerprep admin new-encryption-key` prints one"


class KeyringError(ValueError):
    """The key encryption keys are missing or malformed (one line, fit for an operator)."""


class UnsealError(ValueError):
    """A sealed value does not open with the configured keys (one line, fit for an operator)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_key_line(key_id: str) -> str:
    """A fresh KEK as one ``ID:KEY`` entry (256 random bits, base64url), as the key file holds them."""
    if not KEY_ID.match(key_id):
        raise KeyringError(f"a key id is 1-64 letters, digits, '_', '.' or '-', not {key_id!r}")
    return f"{key_id}:{_b64(secrets.token_bytes(KEY_BYTES))}"


@dataclass(frozen=True)
class Keyring:
    """The configured KEKs, in order: ``keys[0]`` seals."""

    keys: tuple[tuple[str, bytes], ...]

    @classmethod
    def parse(cls, text: str, *, source: str) -> Keyring:
        """``ID:KEY`` entries, one per line or comma-separated; ``#`` starts a comment line."""
        lines = [line for line in text.splitlines() if not line.strip().startswith("#")]
        entries = [part.strip() for line in lines for part in line.split(",")]
        keys: list[tuple[str, bytes]] = []
        for number, entry in enumerate((e for e in entries if e), start=1):
            key_id, sep, encoded = entry.partition(":")
            key_id = key_id.strip()
            if not sep or not KEY_ID.match(key_id):
                raise KeyringError(f"{source}: entry {number} is not ID:KEY (the id: letters, digits, '_', '.', '-')")
            try:
                key = _unb64(encoded.strip())
            except (binascii.Error, ValueError):
                key = b""
            if len(key) != KEY_BYTES:
                raise KeyringError(f"{source}: key {key_id!r} is not {KEY_BYTES} bytes in base64 ({HOW_TO_MAKE_ONE})")
            if any(key_id == known for known, _ in keys):
                raise KeyringError(f"{source}: key id {key_id!r} appears twice")
            keys.append((key_id, key))
        if not keys:
            raise KeyringError(f"{source} holds no key ({HOW_TO_MAKE_ONE})")
        return cls(tuple(keys))

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def _key(self, key_id: str) -> bytes | None:
        return next((key for known, key in self.keys if known == key_id), None)

    def seal(self, plaintext: bytes, *, context: str) -> str:
        """``aes256gcm:<kek id>:<nonce>:<ciphertext and tag>``, sealed with the current KEK."""
        key_id, key = self.keys[0]
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(key).encrypt(nonce, plaintext, _associated(key_id, context))
        return f"{SCHEME}:{key_id}:{_b64(nonce)}:{_b64(sealed)}"

    def open(self, sealed: str, *, context: str) -> bytes:
        parts = sealed.split(":")
        if len(parts) != 4 or parts[0] != SCHEME:
            raise UnsealError(f"the private key of signing key {context} is not in the {SCHEME} form")
        _, key_id, nonce, body = parts
        key = self._key(key_id)
        if key is None:
            raise UnsealError(
                f"the private key of signing key {context} is encrypted with key encryption key {key_id!r}, "
                f"which is not configured (configured: {', '.join(k for k, _ in self.keys)})"
            )
        try:
            return AESGCM(key).decrypt(_unb64(nonce), _unb64(body), _associated(key_id, context))
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise UnsealError(
                f"the private key of signing key {context} does not decrypt with key encryption key {key_id!r} "
                "(a different key under the same id, or the stored value was altered)"
            ) from exc

    @staticmethod
    def sealed_with(sealed: str) -> str:
        """The id of the KEK that sealed ``sealed``."""
        return sealed.split(":")[1] if sealed.count(":") == 3 else ""


def _associated(key_id: str, context: str) -> bytes:
    return f"{SCHEME}:{key_id}:{context}".encode()


@dataclass(frozen=True)
class KeyringSource:
    """Where the KEKs come from: a file (preferred) or the setting's own value. Read when the service starts, so
    a missing or broken key is a start-up error in one line, not a failure while the app is being built."""

    file: Path | None = None
    inline: str | None = None

    def load(self) -> Keyring:
        if self.file is not None and self.inline:
            raise KeyringError(f"set {FILE_SETTING} or {INLINE_SETTING}, not both")
        if self.file is not None:
            try:
                text = self.file.read_text(encoding="utf-8")
            except OSError as exc:
                raise KeyringError(f"{FILE_SETTING}={self.file} cannot be read: {exc.strerror or exc}") from exc
            return Keyring.parse(text, source=f"{FILE_SETTING}={self.file}")
        if self.inline:
            return Keyring.parse(self.inline, source=INLINE_SETTING)
        raise KeyringError(
            f"no key encryption key: set {FILE_SETTING} to a file holding one ({HOW_TO_MAKE_ONE}), "
            f"or {INLINE_SETTING}; `peerprep up` makes one for the local run"
        )
