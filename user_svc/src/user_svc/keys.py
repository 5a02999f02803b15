"""The signing keys: one current key signs access tokens; rotation makes a new one and retires the old one.

Every public key is published on ``auth.keys`` (and served as JWKS) before a token signed with it can exist, so a
verifier never has to know the private key or be restarted. A retired key loses its private half at once and is
forgotten once no token it signed can still be valid.

Private halves are stored only sealed with the configured key encryption key (sealing.py). At start every stored
private key must open (else the service refuses to start, in one line), and one stored in the clear by an older
version is sealed in place; a rotation also seals every stored private key again with the current KEK.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from svc_kit.auth import KeySet
from svc_kit.logging import get_logger
from svc_kit.ports import Clock, Publisher, utc_now
from svc_kit.runtime import StartupRefused
from user_svc.ports import KeyStore
from user_svc.sealing import FILE_SETTING, Keyring, KeyringError, KeyringSource, UnsealError
from user_svc.tokens import SigningKey, load_private_key, new_signing_key, retire

CLOCK_SKEW_S = 60.0  # verifiers' clocks may run behind ours


class RotationConflict(RuntimeError):
    pass


class KeysUnusable(StartupRefused):
    """No key encryption key, a broken one, or a stored private key that does not open with it."""


class KeyService:
    def __init__(
        self,
        store: KeyStore,
        bus: Publisher,
        keyset: KeySet,
        *,
        access_ttl_s: int,
        keyring: KeyringSource,
        clock: Clock = utc_now,
    ) -> None:
        self._store = store
        self._bus = bus
        self._clock = clock
        self._keyset = keyset
        self._access_ttl_s = access_ttl_s
        self._keyring_source = keyring
        self._keyring: Keyring | None = None
        self._private: dict[str, Ed25519PrivateKey] = {}
        self._log = get_logger("user_svc.keys")

    @property
    def keyset(self) -> KeySet:
        """The verifier this service teaches every key it makes (its issuer, audience and leeway)."""
        return self._keyset

    def keyring(self) -> Keyring:
        """The key encryption keys, read once (a missing or broken one refuses, in one line)."""
        if self._keyring is None:
            try:
                self._keyring = self._keyring_source.load()
            except KeyringError as exc:
                raise KeysUnusable(f"user_svc: {exc}") from exc
        return self._keyring

    async def start(self) -> None:
        """Make sure a key signs and every stored private key opens (sealing any left in the clear), then teach
        the local KeySet and ``auth.keys`` every usable key (again: the topic is compacted, so publishing a key
        twice costs nothing and heals a publish that was lost)."""
        self.keyring()  # refuse before anything is written
        now = self._clock()
        await self.ensure_current(now)
        await self._open_all()
        for key in await self._store.all():
            if key.usable_at(now):
                await self._announce(key)

    async def ensure_current(self, now: datetime) -> str:
        kid = await self._store.current_kid()
        if kid is not None:
            return kid
        key = self._sealed(new_signing_key(now))
        await self._store.add(key)
        if await self._store.make_current(key.kid, replacing=None):
            self._log.info("keys.created", kid=key.kid)
            return key.kid
        await self._store.remove(key.kid)  # another instance made the first key at the same moment
        kid = await self._store.current_kid()
        assert kid is not None
        return kid

    async def rotate(self, now: datetime | None = None) -> str:
        """Sign with a new key from now on; the old one stays valid for the tokens it already signed. Every stored
        private key is then sealed with the current key encryption key, so an older one can be removed."""
        now = now or self._clock()
        old_kid = await self._store.current_kid()
        key = self._sealed(new_signing_key(now))
        await self._store.add(key)
        await self._announce(key)  # verifiers learn the key before any token is signed with it
        if not await self._store.make_current(key.kid, replacing=old_kid):
            await self._retire(key, now)
            raise RotationConflict("another rotation happened at the same moment; try again")
        old = await self._store.get(old_kid) if old_kid else None
        if old is not None:
            await self._retire(old, now)
        resealed = await self.reseal()
        self._log.info("keys.rotated", kid=key.kid, retired=old_kid, resealed=resealed)
        return key.kid

    async def reseal(self) -> int:
        """Seal again, with the current key encryption key, every stored private key sealed with another one (or
        stored in the clear); returns how many."""
        count = 0
        for key in await self._store.all():
            current = key.private_sealed is not None and (
                Keyring.sealed_with(key.private_sealed) == self.keyring().current_id
            )
            if key.retired_at is None and (key.private_pem is not None or (key.private_sealed and not current)):
                await self._store.set_private(key.kid, self._seal(key.kid, self._pem_of(key)))
                count += 1
        return count

    async def _open_all(self) -> None:
        for key in await self._store.all():
            if key.private_pem is not None:
                await self._store.set_private(key.kid, self._seal(key.kid, key.private_pem))
                self._log.info("keys.sealed_in_place", kid=key.kid)  # stored before encryption at rest
            if key.private_pem is not None or key.private_sealed is not None:
                self._private[key.kid] = load_private_key(self._pem_of(key))

    def _seal(self, kid: str, pem: str) -> str:
        return self.keyring().seal(pem.encode(), context=kid)

    def _sealed(self, key: SigningKey) -> SigningKey:
        assert key.private_pem is not None
        return replace(key, private_pem=None, private_sealed=self._seal(key.kid, key.private_pem))

    def _pem_of(self, key: SigningKey) -> str:
        if key.private_pem is not None:
            return key.private_pem
        if key.private_sealed is None:
            raise KeysUnusable(f"user_svc: the signing key {key.kid} has no private key")
        try:
            return self.keyring().open(key.private_sealed, context=key.kid).decode()
        except UnsealError as exc:
            raise KeysUnusable(f"user_svc: {exc}; set {FILE_SETTING} to the key file that holds it") from exc

    async def _retire(self, key: SigningKey, now: datetime) -> None:
        retired = retire(key, now=now, access_ttl_s=self._access_ttl_s, leeway_s=self._keyset.leeway_s + CLOCK_SKEW_S)
        await self._store.store_retired(retired)
        self._private.pop(key.kid, None)
        await self._announce(retired)

    async def _announce(self, key: SigningKey) -> None:
        published = key.published()
        self._keyset.add(published)
        await self._bus.publish(published)

    async def signer(self) -> tuple[str, Ed25519PrivateKey]:
        """The current key's id and private key (read each time: another instance may have rotated it)."""
        kid = await self._store.current_kid()
        if kid is None:
            kid = await self.ensure_current(self._clock())
        if kid not in self._private:
            key = await self._store.get(kid)
            if key is None:
                raise RuntimeError(f"the current signing key {kid} is not stored")
            if key.private_pem is not None:  # made by an instance of a version before encryption at rest
                await self._store.set_private(kid, self._seal(kid, key.private_pem))
            self._private[kid] = load_private_key(self._pem_of(key))
        return kid, self._private[kid]

    async def public_keys(self) -> list[dict[str, object]]:
        """The JWKs of every key that may have signed a still-valid token."""
        now = self._clock()
        return [key.public_jwk for key in await self._store.all() if key.usable_at(now)]

    async def purge(self, now: datetime) -> int:
        return await self._store.purge(now)
