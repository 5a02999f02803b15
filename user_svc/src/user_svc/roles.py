"""Administration use cases: list users, grant and revoke the admin role."""

from __future__ import annotations

from datetime import UTC, datetime

from contracts.events.auth import AccessRevoked
from svc_kit import EventBus
from svc_kit.logging import get_logger
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
    def __init__(self, users: UserStore, bus: EventBus | None = None) -> None:
        """``bus``: where role changes void the user's older access tokens (``auth.revoked``); the operator's
        command runs without Kafka, and its change reaches tokens when they are next refreshed."""
        self._users = users
        self._bus = bus
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
        updated = await self._users.update(target.user_id, {"roles": roles})
        if updated is None:
            raise UserNotFound(f"no user {target.user_id}")
        self._log.info("account.roles_changed", user_id=target.user_id, roles=roles, by=by)
        if self._bus is not None:  # tokens carry roles: every service must stop believing the old ones now
            now = datetime.now(UTC)
            await self._bus.publish(AccessRevoked(user_id=target.user_id, not_before=now, reason="roles_changed"))
        return updated
