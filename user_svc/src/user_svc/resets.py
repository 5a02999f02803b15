"""Password reset by mail: ask for a link (answered the same whether or not an account uses the address), then set
a new password with it, which signs the account out everywhere.

``request`` runs after the HTTP answer has gone (a background task), so neither its answer nor its timing says
whether an account exists; it never raises, and a mail that cannot be sent is logged, not reported.
"""

from __future__ import annotations

import asyncio
import secrets
from datetime import datetime

from contracts.events.auth import AccessRevoked
from svc_kit.logging import get_logger
from svc_kit.ports import Clock, EventOutbox, utc_now
from user_svc.domain import InvalidFields, normalise_email, password_problem
from user_svc.domain.reset import (
    ResetLinkRefused,
    ResetVerdict,
    hash_reset_token,
    judge_reset,
    request_key,
    reset_expiry,
    reset_link,
    reset_mail,
)
from user_svc.passwords import Passwords
from user_svc.ports import UserStore
from user_svc.reset_ports import Mailer, MailUnavailable, ResetStore
from user_svc.sessions import SessionIssuer


class PasswordResets:
    def __init__(
        self,
        users: UserStore,
        resets: ResetStore,
        sessions: SessionIssuer,
        passwords: Passwords,
        outbox: EventOutbox,
        mailer: Mailer,
        *,
        public_web_url: str,
        ttl_s: int,
        per_email: int,
        window_s: int,
        clock: Clock = utc_now,
    ) -> None:
        self._users = users
        self._resets = resets
        self._sessions = sessions
        self._passwords = passwords
        self._outbox = outbox
        self._mailer = mailer
        self._public_web_url = public_web_url
        self._ttl_s = ttl_s
        self._per_email = per_email
        self._window_s = window_s
        self._clock = clock
        self._log = get_logger("user_svc.resets")

    async def request(self, email: str) -> None:
        """Mail a reset link if an account uses ``email``, at most ``per_email`` times a window per address."""
        try:
            await self._request(normalise_email(email))
        except Exception:  # the caller has answered already: nothing to raise to
            self._log.exception("password_reset.request_failed")

    async def _request(self, email: str) -> None:
        now = self._clock()
        key, window_end = request_key(email, now, self._window_s)
        if await self._resets.count_request(key, window_end=window_end) > self._per_email:
            self._log.info("password_reset.rate_limited")
            return
        user = await self._users.by_email(email)
        if user is None:
            self._log.info("password_reset.no_account")
            return
        token = secrets.token_urlsafe(32)
        await self._resets.replace(
            user.user_id, hash_reset_token(token), now=now, expires_at=reset_expiry(now, self._ttl_s)
        )
        link = reset_link(self._public_web_url, token)
        mail = reset_mail(to=user.email, display_name=user.display_name, link=link, ttl_s=self._ttl_s)
        try:
            await self._mailer.send(mail)
        except MailUnavailable as exc:
            self._log.warning("password_reset.mail_failed", user_id=user.user_id, reason=str(exc))
            return
        self._log.info("password_reset.mailed", user_id=user.user_id)

    async def confirm(self, token: str, new_password: str) -> None:
        """Set the password with a reset link's token: once, before it expires. Every sign-in of the account ends
        (its refresh tokens now, its access tokens through ``auth.revoked``)."""
        now = self._clock()
        token_hash = hash_reset_token(token)
        record = await self._resets.get(token_hash)
        verdict = judge_reset(record, now)
        if record is None or verdict is not ResetVerdict.VALID:
            raise ResetLinkRefused(verdict)
        user = await self._users.get(record.user_id)
        if user is None:
            raise ResetLinkRefused(ResetVerdict.UNKNOWN)
        # Off the event loop: a strength estimate may take a while. Checked before the link is used up, so a
        # refused password can be corrected with the same link.
        problem = await asyncio.to_thread(
            password_problem, new_password, email=user.email, username=user.username, display_name=user.display_name
        )
        if problem:
            raise InvalidFields({"new_password": problem})
        password_hash = await self._passwords.hash(new_password)
        if not await self._resets.claim(token_hash, record, now):
            raise ResetLinkRefused(ResetVerdict.USED)
        revoked = AccessRevoked(user_id=user.user_id, not_before=now, reason="password_reset")
        write = await self._outbox.prepare([revoked], self._users.outbox_check(user.user_id))
        if await self._users.update(user.user_id, {"password_hash": password_hash}, write=write) is None:
            await self._outbox.abandon(write)  # deleted meanwhile
            raise ResetLinkRefused(ResetVerdict.UNKNOWN)
        self._outbox.commit(write)
        await self._sessions.revoke_user(user.user_id)
        self._log.info("account.password_reset", user_id=user.user_id)

    async def purge(self, now: datetime) -> int:
        return await self._resets.purge(now)
