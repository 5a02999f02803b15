"""Composition root of user_svc: accounts, sign-ins, signing keys and roles."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime

from fastapi import FastAPI

from contracts.events.auth import AccessRevoked, AuthKeyPublished
from contracts.events.user import UserDeleted, UserRegistered, UserUpdated
from svc_kit import ServiceContext, build_app
from svc_kit.auth import KeySet, current_principal, register_key_consumer, require_role
from svc_kit.logging import get_logger
from user_svc import api
from user_svc.keys import KeyService
from user_svc.passwords import Passwords
from user_svc.repo import (
    KeyRepo,
    KeyStateDoc,
    LoginThrottleDoc,
    RefreshRepo,
    RefreshRotationDoc,
    RefreshTokenDoc,
    RevokedFamilyDoc,
    SigningKeyDoc,
    ThrottleRepo,
    UserDoc,
    UserRepo,
)
from user_svc.roles import AdminService
from user_svc.service import AccountService
from user_svc.sessions import SessionIssuer
from user_svc.settings import UserSettings
from user_svc.throttle import LoginThrottle

DOCUMENTS = [
    UserDoc,
    RefreshTokenDoc,
    RefreshRotationDoc,
    RevokedFamilyDoc,
    LoginThrottleDoc,
    SigningKeyDoc,
    KeyStateDoc,
]


def create_app(settings: UserSettings | None = None) -> FastAPI:
    settings = settings or UserSettings()
    ctx = ServiceContext.build(settings)
    keyset = keyset_for(settings)
    register_key_consumer(ctx, keyset)  # keys rotated by another instance arrive here too
    keys = key_service(settings, ctx, keyset)
    passwords = Passwords(
        time_cost=settings.password_time_cost,
        memory_kib=settings.password_memory_kib,
        parallelism=settings.password_parallelism,
    )
    outbox = ctx.use_outbox()  # sign-ups, profile changes, deletions and role changes publish through it
    users = UserRepo(outbox)
    accounts = _accounts(settings, ctx, keys, passwords, users)
    admin = AdminService(users, outbox)
    housekeeping = Housekeeping(accounts, keys, interval_s=settings.housekeeping_interval_s)
    ctx.on_start += [keys.start, passwords.warm_up, housekeeping.start]
    ctx.on_stop.append(housekeeping.stop)

    current = current_principal(keyset)
    http = api.Http(settings)
    app = build_app(
        ctx,
        title="PeerPrep user service",
        description="Accounts, credentials, tokens and roles.",
        documents=DOCUMENTS,
        routers=[
            api.auth_router(accounts, http),
            api.me_router(accounts, http, current),
            api.admin_router(admin, require_role("admin", current)),
            api.keys_router(keys),
        ],
        publishes=[UserRegistered, UserUpdated, UserDeleted, AuthKeyPublished, AccessRevoked],
    )
    api.ERRORS.install(app)
    app.state.keyset, app.state.keys, app.state.accounts, app.state.admin = keyset, keys, accounts, admin
    return app


def keyset_for(settings: UserSettings) -> KeySet:
    """The verifier of user_svc's own tokens: its issuer and audience (``user_svc.ops`` builds its one here too)."""
    return KeySet(issuer=settings.issuer, audience=settings.audience)


def key_service(settings: UserSettings, ctx: ServiceContext, keyset: KeySet) -> KeyService:
    """The signing keys, as the app and the operator's ``rotate-keys`` (``user_svc.ops``) both use them."""
    return KeyService(KeyRepo(), ctx.bus, keyset, access_ttl_s=settings.access_ttl_s, keyring=settings.key_encryption)


def _accounts(
    settings: UserSettings, ctx: ServiceContext, keys: KeyService, passwords: Passwords, users: UserRepo
) -> AccountService:
    sessions = SessionIssuer(
        RefreshRepo(),
        keys,
        access_ttl_s=settings.access_ttl_s,
        refresh_ttl_s=settings.refresh_ttl_s,
        lifetime_s=settings.sign_in_lifetime_s,
        issuer=settings.issuer,
        audience=settings.audience,
    )
    throttle = LoginThrottle(ThrottleRepo(), settings.throttle_policy)
    assert ctx.outbox is not None
    return AccountService(users, sessions, throttle, passwords, ctx.outbox)


class Housekeeping:
    """Purges what has expired (refresh tokens, throttle windows, retired keys), as TTL indexes would."""

    def __init__(self, accounts: AccountService, keys: KeyService, *, interval_s: float) -> None:
        self._accounts = accounts
        self._keys = keys
        self._interval_s = interval_s
        self._task: asyncio.Task[None] | None = None
        self._log = get_logger("user_svc.housekeeping")

    async def run_once(self) -> None:
        now = datetime.now(UTC)
        purged = await self._accounts.purge_expired(now)
        purged["signing_keys"] = await self._keys.purge(now)
        if any(purged.values()):
            self._log.info("housekeeping.purged", **purged)

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # a database hiccup must not end housekeeping for good
                self._log.warning("housekeeping.failed", exc_info=True)
            await asyncio.sleep(self._interval_s)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="user_svc.housekeeping")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
