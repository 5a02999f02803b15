"""Administration use cases: list users, grant and revoke the admin role."""

from __future__ import annotations

from contracts.events.auth import AccessRevoked
from svc_kit.logging import get_logger
from svc_kit.ports import Clock, EventOutbox, utc_now
from user_svc.domain import (
    Account,
    NotAllowed,
    Role,
    UserNotFound,
    check_role_removal,
    normalise_email,
    with_role,
    without_role,
)
from user_svc.ports import UserStore


class AdminService:
    def __init__(self, users: UserStore, outbox: EventOutbox | None = None, *, clock: Clock = utc_now) -> None:
        """``outbox``: where role changes void the user's older access tokens (``auth.revoked``, recorded with the
        change); the operator's command runs without Kafka, and its change reaches tokens when next refreshed."""
        self._users = users
        self._outbox = outbox
        self._clock = clock
        self._log = get_logger("user_svc.admin")

    async def _require_admin(self, actor_id: str) -> None:
        """The token said admin; the stored roles decide (a revoked admin's token lives up to 15 minutes)."""
        actor = await self._users.get(actor_id)
        if actor is None or not actor.has_role(Role.ADMIN):
            raise NotAllowed("the admin role is needed")

    async def list_users(self, actor_id: str, q: str, *, limit: int, offset: int) -> tuple[list[Account], int]:
        await self._require_admin(actor_id)
        return await self._users.search(q.strip(), limit=limit, offset=offset)

    async def grant_admin(self, actor_id: str, target_id: str) -> Account:
        await self._require_admin(actor_id)
        target = await self._target(target_id)
        return await self._set_roles(target, with_role(target.roles, Role.ADMIN), by=actor_id)

    async def revoke_admin(self, actor_id: str, target_id: str) -> Account:
        await self._require_admin(actor_id)
        target = await self._target(target_id)
        check_role_removal(Role.ADMIN, actor_id=actor_id, target_id=target_id)
        return await self._set_roles(target, without_role(target.roles, Role.ADMIN), by=actor_id)

    async def set_admin_by_email(self, email: str, *, admin: bool) -> Account:
        """For the operator's bootstrap command (``peerprep admin grant EMAIL``): no acting admin needed."""
        target = await self._users.by_email(normalise_email(email))
        if target is None:
            raise UserNotFound(f"no account with the email address {email}")
        roles = with_role(target.roles, Role.ADMIN) if admin else without_role(target.roles, Role.ADMIN)
        return await self._set_roles(target, roles, by="operator")

    async def _target(self, user_id: str) -> Account:
        target = await self._users.get(user_id)
        if target is None:
            raise UserNotFound(f"no user {user_id}")
        return target

    async def _set_roles(self, target: Account, roles: list[str], *, by: str) -> Account:
        if tuple(roles) == target.roles:
            return target
        if self._outbox is None:
            updated = await self._users.update(target.user_id, {"roles": roles})
        else:  # tokens carry roles: every service must stop believing the old ones now
            revoked = AccessRevoked(user_id=target.user_id, not_before=self._clock(), reason="roles_changed")
            write = await self._outbox.prepare([revoked], self._users.outbox_check(target.user_id))
            updated = await self._users.update(target.user_id, {"roles": roles}, write=write)
            if updated is None:
                await self._outbox.abandon(write)
            else:
                self._outbox.commit(write)
        if updated is None:
            raise UserNotFound(f"no user {target.user_id}")
        self._log.info("account.roles_changed", user_id=target.user_id, roles=roles, by=by)
        return updated
