"""Sign-ins: a refresh-token family per sign-in (rotated at each refresh) and the access tokens it yields.

A token's rotation is one insert that can win only once (FerretDB has no compare-and-set update): the refresh
that loses the race takes it for reuse and revokes the family. Revocation marks the family first, and a refresh
checks that mark both before it claims its token and after it has written the successor, so a winner that
finishes after the loser's revocation keeps nothing.

A sign-in also has an absolute lifetime (``lifetime_s``) from its first token: each rotation passes the family's
start on, no token of it outlives that end, and a refresh after it is refused and revokes the family.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from contracts import uuid7
from svc_kit.logging import get_logger
from svc_kit.ports import Clock, utc_now
from user_svc.domain import (
    Account,
    RefreshRecord,
    RefreshVerdict,
    SignInRequired,
    hash_refresh_token,
    judge_refresh,
    refresh_expiry,
)
from user_svc.ports import RefreshStore, Signer
from user_svc.tokens import AccessClaims, new_refresh_token, sign_access_token


@dataclass(frozen=True)
class IssuedSession:
    user: Account
    access_token: str
    expires_in: int
    refresh_token: str
    refresh_max_age_s: int


class SessionIssuer:
    def __init__(
        self,
        refresh: RefreshStore,
        keys: Signer,
        *,
        access_ttl_s: int,
        refresh_ttl_s: int,
        lifetime_s: int,
        issuer: str,
        audience: str,
        clock: Clock = utc_now,
    ) -> None:
        self._refresh = refresh
        self._keys = keys
        self._access_ttl_s = access_ttl_s
        self._refresh_ttl_s = refresh_ttl_s
        self._lifetime_s = lifetime_s
        self._clock = clock
        self._issuer = issuer
        self._audience = audience
        self._log = get_logger("user_svc.sessions")

    async def open(self, user: Account, now: datetime, *, family: RefreshRecord | None = None) -> IssuedSession:
        """A new refresh token (in a new family unless continuing ``family``, a redeemed token's) and a fresh
        access token."""
        token = new_refresh_token()
        family_id = family.family_id if family else None
        started_at = family.family_started_at if family else now
        expires_at = refresh_expiry(
            now, family_started_at=started_at, ttl_s=self._refresh_ttl_s, lifetime_s=self._lifetime_s
        )
        await self._refresh.add(
            hash_refresh_token(token),
            family_id=family_id or uuid7().hex,
            user_id=user.user_id,
            now=now,
            expires_at=expires_at,
            family_started_at=started_at,
        )
        if family_id is not None and await self._refresh.family_revoked(family_id):
            # Revoked while we rotated (a racing refresh with the same token lost and revoked it): the successor
            # just written may have missed the revocation's delete, so it goes now, and is refused anyway.
            await self._refresh.revoke_family(family_id, **self._revocation(now))
            raise SignInRequired(RefreshVerdict.REUSED.value)
        return IssuedSession(
            user=user,
            access_token=await self.access_token(user, now),
            expires_in=self._access_ttl_s,
            refresh_token=token,
            refresh_max_age_s=max(1, int((expires_at - now).total_seconds())),
        )

    async def access_token(self, user: Account, now: datetime) -> str:
        kid, private_key = await self._keys.signer()
        claims = AccessClaims(user_id=user.user_id, name=user.display_name, roles=tuple(user.roles))
        return sign_access_token(
            claims,
            kid=kid,
            private_key=private_key,
            now=now,
            ttl_s=self._access_ttl_s,
            issuer=self._issuer,
            audience=self._audience,
        )

    async def redeem(self, presented: str | None, now: datetime) -> RefreshRecord:
        """Use up a refresh token. A token used twice means a copy is loose: its whole family is revoked."""
        if not presented:
            raise SignInRequired("missing_refresh")
        token_hash = hash_refresh_token(presented)
        record = await self._refresh.get(token_hash)
        verdict = judge_refresh(record, now, lifetime_s=self._lifetime_s)
        if record is not None and verdict is RefreshVerdict.VALID:
            if await self._refresh.family_revoked(record.family_id):
                verdict = RefreshVerdict.UNKNOWN  # a token that outlived its family's revocation
            elif not await self._refresh.claim_rotation(token_hash, record, now):
                verdict = RefreshVerdict.REUSED  # used before, or a concurrent refresh with it won the race
        if record is not None and verdict is RefreshVerdict.REUSED:
            await self._refresh.revoke_family(record.family_id, **self._revocation(now))
            self._log.warning("refresh.reuse_detected", user_id=record.user_id, family_id=record.family_id)
        if record is not None and verdict is RefreshVerdict.LIFETIME_EXCEEDED:
            await self._refresh.revoke_family(record.family_id, **self._revocation(now))
            self._log.info("refresh.lifetime_exceeded", user_id=record.user_id, family_id=record.family_id)
        if record is None or verdict is not RefreshVerdict.VALID:
            raise SignInRequired(verdict.value)
        return record

    async def close(self, presented: str | None) -> None:
        """Log out: revoke the family of the presented token, if it is one of ours."""
        record = await self._refresh.get(hash_refresh_token(presented)) if presented else None
        if record is not None:
            await self._refresh.revoke_family(record.family_id, **self._revocation(self._clock()))

    async def revoke_family(self, family_id: str) -> None:
        await self._refresh.revoke_family(family_id, **self._revocation(self._clock()))

    async def revoke_user(self, user_id: str) -> None:
        await self._refresh.revoke_user(user_id, **self._revocation(self._clock()))

    def _revocation(self, now: datetime) -> dict[str, datetime]:
        """A revocation mark lasts until every token the family can have issued has expired (an hour to spare)."""
        return {"now": now, "until": now + timedelta(seconds=self._refresh_ttl_s + 3600)}

    async def purge(self, now: datetime) -> int:
        return await self._refresh.purge(now)
