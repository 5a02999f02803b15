"""KeyService (signing keys: the first one, rotation, retirement, sealing) with the in-memory key store, an
in-memory publisher and a set clock."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from contracts.events.auth import AuthKeyPublished
from svc_kit.auth import KeySet
from svc_kit.memory import ManualClock, MemoryPublisher
from user_svc.keys import CLOCK_SKEW_S, KeyService, KeysUnusable, RotationConflict
from user_svc.memory import MemoryKeyStore
from user_svc.sealing import Keyring, KeyringSource, new_key_line
from user_svc.tokens import SigningKey, new_signing_key

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ACCESS_TTL_S = 900
KEK = new_key_line("kek-1")


def service(
    store: MemoryKeyStore, bus: MemoryPublisher, clock: ManualClock, *, kek: str | None = KEK
) -> tuple[KeyService, KeySet]:
    keyset = KeySet()
    keys = KeyService(store, bus, keyset, access_ttl_s=ACCESS_TTL_S, keyring=KeyringSource(inline=kek), clock=clock)
    return keys, keyset


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def store() -> MemoryKeyStore:
    return MemoryKeyStore()


@pytest.fixture
def bus() -> MemoryPublisher:
    return MemoryPublisher("user_svc")


async def test_the_first_start_makes_one_sealed_key_and_announces_it(
    store: MemoryKeyStore, bus: MemoryPublisher, clock: ManualClock
) -> None:
    keys, keyset = service(store, bus, clock)
    await keys.start()
    [key] = store.keys.values()
    assert store.current == key.kid
    assert key.private_pem is None
    assert key.private_sealed is not None
    assert Keyring.sealed_with(key.private_sealed) == "kek-1"
    assert key.created_at == T0
    assert [p.kid for p in bus.payloads(AuthKeyPublished)] == [key.kid]
    assert keyset.get(key.kid) is not None
    assert (await keys.signer())[0] == key.kid


async def test_another_start_keeps_the_key_and_announces_it_again(
    store: MemoryKeyStore, bus: MemoryPublisher, clock: ManualClock
) -> None:
    await service(store, bus, clock)[0].start()
    await service(store, bus, clock)[0].start()  # a restart, or a second instance
    assert len(store.keys) == 1
    kid = store.current
    assert [p.kid for p in bus.payloads(AuthKeyPublished)] == [kid, kid]  # a compacted topic: heals a lost one


async def test_no_key_encryption_key_refuses_before_anything_is_written(
    store: MemoryKeyStore, bus: MemoryPublisher, clock: ManualClock
) -> None:
    keys, _ = service(store, bus, clock, kek=None)
    with pytest.raises(KeysUnusable, match="no key encryption key"):
        await keys.start()
    assert store.keys == {}
    assert bus.published == []


async def test_a_key_stored_in_the_clear_is_sealed_in_place_at_start(
    store: MemoryKeyStore, bus: MemoryPublisher, clock: ManualClock
) -> None:
    old = new_signing_key(T0 - timedelta(days=30))  # stored by a version before encryption at rest
    store.keys[old.kid], store.current = old, old.kid
    keys, _ = service(store, bus, clock)
    await keys.start()
    stored = store.keys[old.kid]
    assert stored.private_pem is None
    assert stored.private_sealed is not None
    assert (await keys.signer())[0] == old.kid


async def test_rotation_announces_the_new_key_first_and_retires_the_old_one(
    store: MemoryKeyStore, bus: MemoryPublisher, clock: ManualClock
) -> None:
    keys, keyset = service(store, bus, clock)
    await keys.start()
    old_kid = store.current
    clock.advance(days=7)
    new_kid = await keys.rotate()
    assert store.current == new_kid != old_kid
    announced = bus.payloads(AuthKeyPublished)[1:]
    assert [(p.kid, p.retired) for p in announced] == [(new_kid, False), (old_kid, True)]
    retired = store.keys[old_kid]
    assert (retired.private_sealed, retired.private_pem) == (None, None)  # no longer able to sign
    assert retired.retired_at == clock()
    assert retired.expires_at == clock() + timedelta(seconds=ACCESS_TTL_S + keyset.leeway_s + CLOCK_SKEW_S)
    assert (await keys.signer())[0] == new_kid
    assert {jwk["kid"] for jwk in await keys.public_keys()} == {old_kid, new_kid}  # old tokens still verify


async def test_a_retired_key_is_purged_once_no_token_it_signed_is_valid(
    store: MemoryKeyStore, bus: MemoryPublisher, clock: ManualClock
) -> None:
    keys, _ = service(store, bus, clock)
    await keys.start()
    old_kid = store.current
    await keys.rotate()
    assert old_kid is not None
    expires_at = store.keys[old_kid].expires_at
    assert expires_at is not None
    clock.now = expires_at
    assert await keys.purge(clock()) == 0  # not yet: expiry is exclusive
    assert old_kid not in {jwk["kid"] for jwk in await keys.public_keys()}  # but no longer served
    clock.advance(seconds=1)
    assert await keys.purge(clock()) == 1
    assert set(store.keys) == {store.current}


class RotatedMeanwhile(MemoryKeyStore):
    """Another instance rotates between this rotation's read of the current key and its compare-and-set."""

    rival: SigningKey | None = None

    async def add(self, key: SigningKey) -> None:
        await super().add(key)
        if self.rival is not None and self.rival.kid not in self.keys:
            await super().add(self.rival)
            self.current = self.rival.kid


async def test_a_rotation_that_loses_the_race_retires_its_key_and_says_so(
    bus: MemoryPublisher, clock: ManualClock
) -> None:
    store = RotatedMeanwhile()
    keys, _ = service(store, bus, clock)
    await keys.start()
    rival = new_signing_key(T0)
    store.rival = replace(rival, private_pem=None, private_sealed="sealed-elsewhere")
    with pytest.raises(RotationConflict):
        await keys.rotate()
    assert store.current == rival.kid
    [lost] = [k for k in store.keys.values() if k.kid not in (rival.kid,) and k.retired_at is not None]
    assert lost.private_sealed is None
    assert bus.payloads(AuthKeyPublished)[-1] == lost.published()  # verifiers learn it signs nothing
