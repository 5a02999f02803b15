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
from svc_kit.outbox import Outbox
from svc_kit.ports import Clock, utc_now
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
from user_svc.reset_api import RESET_ERRORS, reset_router
from user_svc.reset_repo import RESET_DOCUMENTS, ResetRepo
from user_svc.resets import PasswordResets
from user_svc.roles import AdminService
from user_svc.service import AccountService
from user_svc.sessions import SessionIssuer
from user_svc.settings import UserSettings
from user_svc.smtp import SmtpMailer
from user_svc.throttle import LoginThrottle

DOCUMENTS = [
    UserDoc,
    RefreshTokenDoc,
    RefreshRotationDoc,
    RevokedFamilyDoc,
    LoginThrottleDoc,
    SigningKeyDoc,
    KeyStateDoc,
    *RESET_DOCUMENTS,
]


def create_app(settings: UserSettings | None = None, *, reset_clock: Clock = utc_now) -> FastAPI:
    """``reset_clock``: the clock reset links expire by (a test moves it)."""
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
    sessions = _session_issuer(settings, keys)
    accounts = _accounts(settings, ctx, sessions, passwords, users)
    admin = AdminService(users, outbox)
    resets = _resets(settings, sessions, passwords, users, outbox, reset_clock)
    housekeeping = Housekeeping(accounts, keys, resets, interval_s=settings.housekeeping_interval_s)
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
            reset_router(resets, http, ttl_s=settings.password_reset_ttl_s),
            api.me_router(accounts, http, current),
            api.admin_router(admin, require_role("admin", current)),
            api.keys_router(keys),
        ],
        publishes=[UserRegistered, UserUpdated, UserDeleted, AuthKeyPublished, AccessRevoked],
    )
    api.ERRORS.install(app)
    RESET_ERRORS.install(app)
    app.state.keyset, app.state.keys, app.state.accounts, app.state.admin = keyset, keys, accounts, admin
    app.state.resets = resets
    return app


def keyset_for(settings: UserSettings) -> KeySet:
    """The verifier of user_svc's own tokens: its issuer and audience (``user_svc.ops`` builds its one here too)."""
    return KeySet(issuer=settings.issuer, audience=settings.audience)


def key_service(settings: UserSettings, ctx: ServiceContext, keyset: KeySet) -> KeyService:
    """The signing keys, as the app and the operator's ``rotate-keys`` (``user_svc.ops``) both use them."""
    return KeyService(KeyRepo(), ctx.bus, keyset, access_ttl_s=settings.access_ttl_s, keyring=settings.key_encryption)


def _session_issuer(settings: UserSettings, keys: KeyService) -> SessionIssuer:
    """Sign-ins: issued by accounts, every one of an account revoked by a password reset."""
    return SessionIssuer(
        RefreshRepo(),
        keys,
        access_ttl_s=settings.access_ttl_s,
        refresh_ttl_s=settings.refresh_ttl_s,
        lifetime_s=settings.sign_in_lifetime_s,
        issuer=settings.issuer,
        audience=settings.audience,
    )


def _accounts(
    settings: UserSettings, ctx: ServiceContext, sessions: SessionIssuer, passwords: Passwords, users: UserRepo
) -> AccountService:
    throttle = LoginThrottle(ThrottleRepo(), settings.throttle_policy)
    assert ctx.outbox is not None
    return AccountService(users, sessions, throttle, passwords, ctx.outbox)


def _resets(
    settings: UserSettings,
    sessions: SessionIssuer,
    passwords: Passwords,
    users: UserRepo,
    outbox: Outbox,
    clock: Clock,
) -> PasswordResets:
    return PasswordResets(
        users,
        ResetRepo(),
        sessions,
        passwords,
        outbox,
        SmtpMailer(settings.smtp),
        public_web_url=settings.public_web_url,
        ttl_s=settings.password_reset_ttl_s,
        per_email=settings.password_resets_per_email,
        window_s=settings.password_reset_window_s,
        clock=clock,
    )


class Housekeeping:
    """Purges what has expired (refresh tokens, throttle windows, retired keys), as TTL indexes would."""

    def __init__(
        self, accounts: AccountService, keys: KeyService, resets: PasswordResets, *, interval_s: float
    ) -> None:
        self._accounts = accounts
        self._keys = keys
        self._resets = resets
        self._interval_s = interval_s
        self._task: asyncio.Task[None] | None = None
        self._log = get_logger("user_svc.housekeeping")

    async def run_once(self) -> None:
        now = datetime.now(UTC)
        purged = await self._accounts.purge_expired(now)
        purged["signing_keys"] = await self._keys.purge(now)
        purged["password_resets"] = await self._resets.purge(now)
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
