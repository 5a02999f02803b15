"""AccountService (sign-up, log-in, refresh, profile, password, deletion) with the in-memory adapters and a set
clock: what each use case stores, which events its outbox write publishes (or abandons), and the sign-in rules."""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contracts.events.auth import AccessRevoked
from contracts.events.user import UserDeleted, UserRegistered, UserUpdated
from peerprep_testing import STRONG_PASSWORD as PASSWORD
from svc_kit.memory import ManualClock, MemoryOutbox
from svc_kit.outbox import Write
from user_svc.domain import (
    MESSAGES,
    Account,
    AlreadyTaken,
    BadCredentials,
    InvalidFields,
    SignInRequired,
    Throttled,
    WrongPassword,
    hash_refresh_token,
)
from user_svc.domain.throttle import ThrottlePolicy
from user_svc.memory import MemoryRefreshStore, MemoryThrottleStore, MemoryUserStore
from user_svc.passwords import Passwords
from user_svc.roles import AdminService
from user_svc.service import AccountService
from user_svc.sessions import IssuedSession, SessionIssuer
from user_svc.throttle import LoginThrottle

T0 = datetime(2026, 12, 1, 9, 0, 0, 123_456, tzinfo=UTC)
IP = "203.0.113.7"
POLICY = ThrottlePolicy(free_failures=3, backoff_base_s=60)


class StaticSigner:
    def __init__(self) -> None:
        self._key = Ed25519PrivateKey.generate()

    async def signer(self) -> tuple[str, Ed25519PrivateKey]:
        return "test-kid", self._key


@dataclass
class World:
    clock: ManualClock
    users: MemoryUserStore
    refresh: MemoryRefreshStore
    throttle: MemoryThrottleStore
    outbox: MemoryOutbox
    accounts: AccountService

    async def signup(self, email: str = "ada@example.com", username: str = "ada") -> IssuedSession:
        return await self.accounts.signup(email, username, PASSWORD, "Ada")


def world(
    users: MemoryUserStore | None = None, throttle_policy: ThrottlePolicy = POLICY, **throttle_options: Any
) -> World:
    clock, refresh, throttle = ManualClock(T0), MemoryRefreshStore(), MemoryThrottleStore()
    users = users or MemoryUserStore()
    outbox = MemoryOutbox("user_svc", clock=clock)
    sessions = SessionIssuer(
        refresh,
        StaticSigner(),
        access_ttl_s=900,
        refresh_ttl_s=14 * 86_400,
        lifetime_s=30 * 86_400,
        issuer="peerprep-user-svc",
        audience="peerprep",
        clock=clock,
    )
    accounts = AccountService(
        users,
        sessions,
        LoginThrottle(throttle, throttle_policy, **throttle_options),
        Passwords(time_cost=1, memory_kib=8, parallelism=1),  # argon2id, as cheap as it gets
        outbox,
        clock=clock,
    )
    return World(clock, users, refresh, throttle, outbox, accounts)


@pytest.fixture
def w() -> World:
    return world()


def millis(at: datetime) -> datetime:
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


def claims(token: str) -> dict[str, object]:
    return jwt.decode(token, options={"verify_signature": False})


async def test_signing_up_stores_the_account_and_publishes_it_after_the_write(w: World) -> None:
    issued = await w.signup()
    user = w.users.users[issued.user.user_id]
    assert user.created_at == millis(T0) == T0.replace(microsecond=123_000)  # as MongoDB keeps them
    assert user.password_hash != PASSWORD
    assert [type(e.payload) for e in w.outbox.published] == [UserRegistered, UserUpdated]
    assert not w.outbox.pending
    [write_id] = w.users.marks[user.user_id]  # the write's mark went in with the insert
    assert w.outbox.published[0].occurred_at == T0
    assert write_id
    assert claims(issued.access_token)["sub"] == user.user_id
    assert w.refresh.tokens[hash_refresh_token(issued.refresh_token)].family_started_at == user.created_at


async def test_a_taken_email_or_username_is_refused_and_nothing_is_published(w: World) -> None:
    await w.signup()
    with pytest.raises(AlreadyTaken) as taken:
        await w.signup(email="ADA@example.com", username="Ada")
    assert set(taken.value.fields) == {"email", "username"}
    assert len(w.outbox.published) == 2  # the first sign-up's only
    assert not w.outbox.pending


class Racing(MemoryUserStore):
    """Another sign-up with the same username lands between the check and this insert."""

    async def add(self, account: Account, *, write: Write | None = None) -> bool:
        await super().add(replace(account, user_id="rival", email="rival@example.com"))
        return await super().add(account, write=write)


async def test_a_sign_up_that_loses_the_race_abandons_its_events() -> None:
    w = world(Racing())
    with pytest.raises(AlreadyTaken) as taken:
        await w.signup()
    assert taken.value.fields == {"username": MESSAGES["username_taken"]}
    assert w.outbox.published == []
    assert [type(e.payload) for e in w.outbox.abandoned] == [UserRegistered, UserUpdated]


async def test_log_in_backs_off_per_client_and_account_and_a_success_forgets(w: World) -> None:
    await w.signup()
    for _ in range(3):
        with pytest.raises(BadCredentials):
            await w.accounts.login("ada", "wrong password", ip=IP)
    with pytest.raises(Throttled) as throttled:
        await w.accounts.login("ada@example.com", PASSWORD, ip=IP)  # this client waits, even with the right one
    assert throttled.value.retry_after_s == 60
    assert (await w.accounts.login("ada", PASSWORD, ip="198.51.100.1")).user.username == "ada"  # another client
    w.clock.advance(seconds=throttled.value.retry_after_s)
    issued = await w.accounts.login("ADA", PASSWORD, ip=IP)
    assert issued.user.username == "ada"
    assert not any(key.startswith("pair:") for key in w.throttle.entries)  # forgotten on success
    drained = 60 * 100 / 3_600  # the client's bucket of 100 drains in an hour
    assert w.throttle.entries[f"client:{IP}"].counter.count == pytest.approx(3 - drained)  # the success refunded


async def test_an_unknown_user_fails_as_a_wrong_password_does(w: World) -> None:
    with pytest.raises(BadCredentials):
        await w.accounts.login("nobody", PASSWORD, ip=IP)
    assert w.throttle.entries[f"pair:{IP}|unknown:nobody"].counter.count == 1
    assert w.throttle.entries["account:unknown:nobody"].counter.count == 1


async def test_a_refresh_rotates_the_token_and_a_reused_one_ends_the_sign_in(w: World) -> None:
    first = await w.signup()
    w.clock.advance(minutes=20)
    second = await w.accounts.refresh(first.refresh_token)
    assert second.refresh_token != first.refresh_token
    assert claims(second.access_token)["iat"] == round(millis(T0 + timedelta(minutes=20)).timestamp(), 3)
    with pytest.raises(SignInRequired) as reused:
        await w.accounts.refresh(first.refresh_token)  # a copy of the old token: someone else has it
    assert reused.value.reason == "reused"
    with pytest.raises(SignInRequired) as gone:
        await w.accounts.refresh(second.refresh_token)  # the whole family went, the legitimate token too
    assert gone.value.reason == "unknown"


async def test_a_refresh_for_a_deleted_account_revokes_its_family(w: World) -> None:
    issued = await w.signup()
    family = w.refresh.tokens[hash_refresh_token(issued.refresh_token)].family_id
    await w.users.delete(issued.user.user_id)
    with pytest.raises(SignInRequired) as gone:
        await w.accounts.refresh(issued.refresh_token)
    assert gone.value.reason == "account_gone"
    assert await w.refresh.family_revoked(family)


async def test_only_a_published_profile_field_publishes_user_updated(w: World) -> None:
    user_id = (await w.signup()).user.user_id
    await w.accounts.update_profile(user_id, {"timezone": "Europe/Paris"})
    assert len(w.outbox.published) == 2  # the sign-up's: the time zone is not in the profile others read
    updated = await w.accounts.update_profile(user_id, {"display_name": "Ada L."})
    assert updated.display_name == "Ada L."
    [_, _, event] = w.outbox.published
    assert isinstance(event.payload, UserUpdated)
    assert event.payload.display_name == "Ada L."
    assert await w.accounts.update_profile(user_id, {"display_name": "Ada L."}) == updated  # no change: no event
    assert len(w.outbox.published) == 3
    with pytest.raises(InvalidFields):
        await w.accounts.update_profile(user_id, {"display_name": ""})


async def test_changing_the_password_ends_every_other_sign_in(w: World) -> None:
    other = await w.signup()  # another browser
    here = await w.accounts.login("ada", PASSWORD, ip=IP)
    with pytest.raises(WrongPassword):
        await w.accounts.change_password(other.user.user_id, "not it", "a new long passphrase", ip=IP)
    again = await w.accounts.change_password(other.user.user_id, PASSWORD, "a new long passphrase", ip=IP)
    for old in (other, here):
        with pytest.raises(SignInRequired):
            await w.accounts.refresh(old.refresh_token)
    await w.accounts.refresh(again.refresh_token)  # this sign-in continues, in a new family
    await w.accounts.login("ada", "a new long passphrase", ip=IP)


async def test_deleting_the_account_revokes_access_and_publishes_after_the_delete(w: World) -> None:
    issued = await w.signup()
    user_id = issued.user.user_id
    w.clock.advance(hours=1)
    await w.accounts.delete_account(user_id, PASSWORD, ip=IP)
    assert user_id not in w.users.users
    revoked, deleted = (e.payload for e in w.outbox.published[2:])
    assert isinstance(revoked, AccessRevoked)
    assert (revoked.user_id, revoked.not_before, revoked.reason) == (user_id, millis(w.clock()), "account_deleted")
    assert deleted == UserDeleted(user_id=user_id)
    with pytest.raises(SignInRequired):
        await w.accounts.refresh(issued.refresh_token)
    with pytest.raises(SignInRequired):
        await w.accounts.me(user_id)


async def test_a_role_change_voids_older_access_tokens_from_the_clocks_now(w: World) -> None:
    admin_id = (await w.signup()).user.user_id
    await w.users.update(admin_id, {"roles": ["user", "admin"]})
    target_id = (await w.signup("alan@example.com", "alan")).user.user_id
    admin = AdminService(w.users, w.outbox, clock=w.clock)
    w.clock.advance(minutes=5)
    granted = await admin.grant_admin(admin_id, target_id)
    assert granted.roles == ("user", "admin")
    [revoked] = w.outbox.payloads(AccessRevoked)
    assert (revoked.user_id, revoked.not_before, revoked.reason) == (target_id, w.clock(), "roles_changed")
    await admin.grant_admin(admin_id, target_id)  # already an admin: nothing changes, nothing is published
    assert len(w.outbox.payloads(AccessRevoked)) == 1


async def test_an_account_under_attack_from_many_clients_slows_its_owner_but_lets_them_in() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    w = world(throttle_policy=ThrottlePolicy(account_slow_after=2, account_slowdown_s=2), sleep=sleep)
    await w.signup()
    for n in range(2):
        with pytest.raises(BadCredentials):
            await w.accounts.login("ada", "wrong password", ip=f"203.0.113.{n}")
    assert slept == []
    assert (await w.accounts.login("ada", PASSWORD, ip="198.51.100.1")).user.username == "ada"
    assert slept == [2]  # slowed before the password was checked, never refused
