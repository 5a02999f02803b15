"""user_svc's account use cases: load -> decide (domain) -> persist -> publish."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping
from datetime import datetime

from contracts import uuid7
from contracts.events.auth import AccessRevoked
from contracts.events.user import UserDeleted, UserRegistered, UserUpdated
from svc_kit.logging import get_logger
from svc_kit.ports import Clock, EventOutbox, utc_now
from user_svc.domain import MESSAGES as M
from user_svc.domain import (
    Account,
    AlreadyTaken,
    BadCredentials,
    InvalidFields,
    NewAccount,
    SignInRequired,
    WrongPassword,
    normalise_email,
    open_account,
    password_problem,
    user_id_from,
    username_key,
    validate_profile_changes,
    validate_signup,
)
from user_svc.passwords import Passwords
from user_svc.ports import UserStore
from user_svc.sessions import IssuedSession, SessionIssuer
from user_svc.throttle import LoginThrottle

PUBLISHED_PROFILE = frozenset({"display_name", "language", "proficiency"})


def to_millis(now: datetime) -> datetime:
    """Milliseconds, as MongoDB stores them: what a response shows is what a later read gives back."""
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class AccountService:
    def __init__(
        self,
        users: UserStore,
        sessions: SessionIssuer,
        throttle: LoginThrottle,
        passwords: Passwords,
        outbox: EventOutbox,
        *,
        clock: Clock = utc_now,
    ) -> None:
        """Writes that other services must learn of record their events in ``outbox`` with the change (sign-up,
        a profile change, a deletion): they are published after it, even across a Kafka outage or a crash."""
        self._users = users
        self._sessions = sessions
        self._throttle = throttle
        self._passwords = passwords
        self._outbox = outbox
        self._clock = clock
        self._log = get_logger("user_svc.accounts")

    def _now(self) -> datetime:
        return to_millis(self._clock())

    async def signup(self, email: str, username: str, password: str, display_name: str | None) -> IssuedSession:
        # Off the event loop: the strength estimate of a long password takes up to a tenth of a second of CPU.
        account = await asyncio.to_thread(validate_signup, email, username, password, display_name)
        # Hashed before looking for a clash, so a taken email or username answers no faster than a free one.
        password_hash = await self._passwords.hash(account.password)
        taken = await self._taken(account)
        if taken:
            raise AlreadyTaken(taken)
        now = self._now()
        user = open_account(account, user_id=user_id_from(uuid7()), password_hash=password_hash, now=now)
        # user.updated too: its compacted topic holds every user's profile
        events = [_profile(UserRegistered, user), _profile(UserUpdated, user)]
        write = await self._outbox.prepare(events, self._users.outbox_check(user.user_id))
        if not await self._users.add(user, write=write):  # taken between the check and the insert
            await self._outbox.abandon(write)
            raise AlreadyTaken(await self._taken(account) or {"username": M["username_taken"]})
        self._outbox.commit(write)
        self._log.info("account.registered", user_id=user.user_id)
        return await self._sessions.open(user, now)

    async def _taken(self, account: NewAccount) -> dict[str, str]:
        taken = {}
        if await self._users.by_email(account.email) is not None:
            taken["email"] = M["email_taken"]
        if await self._users.by_username_key(username_key(account.username)) is not None:
            taken["username"] = M["username_taken"]
        return taken

    async def login(self, login: str, password: str, *, ip: str) -> IssuedSession:
        """One answer for an unknown user and a wrong password, in the same time (a dummy hash is verified)."""
        now = self._now()
        user = await self._find(login)
        account = user.user_id if user else f"unknown:{username_key(login)}"
        attempt = await self._throttle.attempt(account=account, ip=ip, now=now)  # counted as failed until it is not
        matches = await self._passwords.verify(user.password_hash if user else None, password)
        if user is None or not matches:
            raise BadCredentials()
        await self._throttle.succeeded(attempt)
        if self._passwords.needs_rehash(user.password_hash):
            await self._users.update(user.user_id, {"password_hash": await self._passwords.hash(password)})
        return await self._sessions.open(user, now)

    async def _find(self, login: str) -> Account | None:
        if "@" in login:
            return await self._users.by_email(normalise_email(login))
        return await self._users.by_username_key(username_key(login))

    async def refresh(self, presented: str | None) -> IssuedSession:
        now = self._now()
        record = await self._sessions.redeem(presented, now)
        user = await self._users.get(record.user_id)
        if user is None:
            await self._sessions.revoke_family(record.family_id)
            raise SignInRequired("account_gone")
        return await self._sessions.open(user, now, family=record)

    async def logout(self, presented: str | None) -> None:
        await self._sessions.close(presented)

    async def me(self, user_id: str) -> Account:
        user = await self._users.get(user_id)
        if user is None:  # deleted while an access token of theirs is still valid
            raise SignInRequired("account_gone")
        return user

    async def update_profile(self, user_id: str, changes: Mapping[str, object]) -> Account:
        values = validate_profile_changes(changes)
        user = await self.me(user_id)
        changed = user.changes(values)
        if not changed:
            return user
        if not PUBLISHED_PROFILE & changed.keys():
            updated = await self._users.update(user_id, changed)
        else:
            event = _profile(UserUpdated, dataclasses.replace(user, **changed))  # type: ignore[arg-type]
            write = await self._outbox.prepare([event], self._users.outbox_check(user_id))
            updated = await self._users.update(user_id, changed, write=write)
            if updated is None:  # deleted meanwhile: nothing changed, nothing to tell
                await self._outbox.abandon(write)
            else:
                self._outbox.commit(write)
        if updated is None:
            raise SignInRequired("account_gone")
        return updated

    async def change_password(self, user_id: str, current: str, new: str, *, ip: str) -> IssuedSession:
        """A new password signs every other sign-in out; this one continues in a new family."""
        now = self._now()
        user = await self.me(user_id)
        await self._confirm_password(user, current, ip=ip, now=now)
        problem = await asyncio.to_thread(
            password_problem, new, email=user.email, username=user.username, display_name=user.display_name
        )
        if problem:
            raise InvalidFields({"new_password": problem})
        await self._users.update(user_id, {"password_hash": await self._passwords.hash(new)})
        await self._sessions.revoke_user(user_id)
        self._log.info("account.password_changed", user_id=user_id)
        return await self._sessions.open(user, now)

    async def delete_account(self, user_id: str, password: str, *, ip: str) -> None:
        now = self._now()
        user = await self.me(user_id)
        await self._confirm_password(user, password, ip=ip, now=now)
        revoked = AccessRevoked(user_id=user_id, not_before=now, reason="account_deleted")
        events = [revoked, UserDeleted(user_id=user_id)]
        write = await self._outbox.prepare(events, self._users.outbox_check(user_id, expect="gone"))
        await self._sessions.revoke_user(user_id)
        await self._throttle.forget_account(user_id)
        await self._users.delete(user_id)
        self._outbox.commit(write)
        self._log.info("account.deleted", user_id=user_id)

    async def _confirm_password(self, user: Account, password: str, *, ip: str, now: datetime) -> None:
        """Password-confirmed actions share the log-in throttle: a stolen access token cannot guess freely."""
        attempt = await self._throttle.attempt(account=user.user_id, ip=ip, now=now)
        if not await self._passwords.verify(user.password_hash, password):
            raise WrongPassword()
        await self._throttle.succeeded(attempt)

    async def purge_expired(self, now: datetime) -> dict[str, int]:
        """What MongoDB would expire with TTL indexes, if FerretDB had them."""
        return {
            "refresh_tokens": await self._sessions.purge(now),
            "login_throttle": await self._throttle.purge(now),
        }


def _profile(event: type[UserRegistered] | type[UserUpdated], user: Account) -> UserRegistered | UserUpdated:
    return event(
        user_id=user.user_id, display_name=user.display_name, language=user.language, proficiency=user.proficiency
    )
