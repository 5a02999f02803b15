"""The signing keys: one current key signs access tokens; rotation makes a new one and retires the old one.

Every public key is published on ``auth.keys`` (and served as JWKS) before a token signed with it can exist, so a
verifier never has to know the private key or be restarted. A retired key loses its private half at once and is
forgotten once no token it signed can still be valid.
"""

from __future__ import annotations

from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from svc_kit import EventBus
from svc_kit.auth import KeySet
from svc_kit.logging import get_logger
from user_svc.ports import KeyStore
from user_svc.tokens import SigningKey, load_private_key, new_signing_key, retire

CLOCK_SKEW_S = 60.0  # verifiers' clocks may run behind ours


class RotationConflict(RuntimeError):
    pass


class KeyService:
    def __init__(self, store: KeyStore, bus: EventBus, keyset: KeySet, *, access_ttl_s: int) -> None:
        self._store = store
        self._bus = bus
        self._keyset = keyset
        self._access_ttl_s = access_ttl_s
        self._private: dict[str, Ed25519PrivateKey] = {}
        self._log = get_logger("user_svc.keys")

    async def start(self) -> None:
        """Make sure a key signs, then teach the local KeySet and ``auth.keys`` every usable key (again: the topic
        is compacted, so publishing a key twice costs nothing and heals a publish that was lost)."""
        now = datetime.now(UTC)
        await self.ensure_current(now)
        await self._bus.broker.connect()  # start hooks run before the broker starts; publishing needs the producer
        for key in await self._store.all():
            if key.usable_at(now):
                await self._announce(key)

    async def ensure_current(self, now: datetime) -> str:
        kid = await self._store.current_kid()
        if kid is not None:
            return kid
        key = new_signing_key(now)
        await self._store.add(key)
        if await self._store.make_current(key.kid, replacing=None):
            self._log.info("keys.created", kid=key.kid)
            return key.kid
        await self._store.remove(key.kid)  # another instance made the first key at the same moment
        kid = await self._store.current_kid()
        assert kid is not None
        return kid

    async def rotate(self, now: datetime | None = None) -> str:
        """Sign with a new key from now on; the old one stays valid for the tokens it already signed."""
        now = now or datetime.now(UTC)
        old_kid = await self._store.current_kid()
        key = new_signing_key(now)
        await self._store.add(key)
        await self._announce(key)  # verifiers learn the key before any token is signed with it
        if not await self._store.make_current(key.kid, replacing=old_kid):
            await self._retire(key, now)
            raise RotationConflict("another rotation happened at the same moment; try again")
        old = await self._store.get(old_kid) if old_kid else None
        if old is not None:
            await self._retire(old, now)
        self._log.info("keys.rotated", kid=key.kid, retired=old_kid)
        return key.kid

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
            kid = await self.ensure_current(datetime.now(UTC))
        if kid not in self._private:
            key = await self._store.get(kid)
            if key is None or key.private_pem is None:
                raise RuntimeError(f"the current signing key {kid} has no private key")
            self._private[kid] = load_private_key(key.private_pem)
        return kid, self._private[kid]

    async def public_keys(self) -> list[dict[str, object]]:
        """The JWKs of every key that may have signed a still-valid token."""
        now = datetime.now(UTC)
        return [key.public_jwk for key in await self._store.all() if key.usable_at(now)]

    async def purge(self, now: datetime) -> int:
        return await self._store.purge(now)
