"""Who may do what and for how long: roles, ids, refresh-token families, the client's address."""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from user_svc.domain.errors import OwnAdminRole

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class Role(StrEnum):
    USER = "user"
    ADMIN = "admin"


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def user_id_from(uuid: UUID) -> str:
    """A UUIDv7 written as a ULID (26 Crockford base-32 characters): sortable by creation time, URL-safe."""
    value = uuid.int
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def with_role(roles: Iterable[str], role: Role) -> list[str]:
    return sorted({*roles, Role.USER.value, role.value}, key=lambda r: (r != Role.USER.value, r))


def without_role(roles: Iterable[str], role: Role) -> list[str]:
    """Every user keeps the ``user`` role."""
    return [r for r in with_role(roles, Role.USER) if r != role.value or role is Role.USER]


def check_role_removal(role: Role, *, actor_id: str, target_id: str) -> None:
    """An admin may not remove their own admin role: someone must stay able to administer."""
    if role is Role.ADMIN and actor_id == target_id:
        raise OwnAdminRole("an admin cannot remove their own admin role")


# --- refresh-token families -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefreshRecord:
    """One refresh token of a family (a sign-in). Each refresh rotates it: the old one is marked, a new one made."""

    family_id: str
    user_id: str
    expires_at: datetime
    rotated_at: datetime | None
    family_started_at: datetime  # the sign-in's: every rotation passes it on


class RefreshVerdict(StrEnum):
    VALID = "valid"
    UNKNOWN = "unknown"  # never issued, or its family was revoked
    EXPIRED = "expired"
    REUSED = "reused"  # already rotated: someone holds a stolen copy, so the whole family goes
    LIFETIME_EXCEEDED = "lifetime_exceeded"  # the sign-in is older than its absolute lifetime: the family goes


def judge_refresh(record: RefreshRecord | None, now: datetime, *, lifetime_s: int) -> RefreshVerdict:
    """``lifetime_s``: a sign-in's absolute lifetime, however often it was refreshed."""
    if record is None:
        return RefreshVerdict.UNKNOWN
    if record.rotated_at is not None:
        return RefreshVerdict.REUSED
    if now >= family_end(record.family_started_at, lifetime_s):
        return RefreshVerdict.LIFETIME_EXCEEDED
    if now >= record.expires_at:
        return RefreshVerdict.EXPIRED
    return RefreshVerdict.VALID


def family_end(started_at: datetime, lifetime_s: int) -> datetime:
    return started_at + timedelta(seconds=lifetime_s)


def refresh_expiry(now: datetime, *, family_started_at: datetime, ttl_s: int, lifetime_s: int) -> datetime:
    """A new refresh token of a family lives ``ttl_s``, but never past the family's absolute lifetime."""
    return min(now + timedelta(seconds=ttl_s), family_end(family_started_at, lifetime_s))


def hash_refresh_token(token: str) -> str:
    """Refresh tokens are stored only as this hash: a database leak gives no usable token."""
    return hashlib.sha256(token.encode()).hexdigest()


# --- the client's address ------------------------------------------------------------------------------------


def client_ip(peer: str | None, forwarded_for: str | None, trusted: Sequence[IpNetwork]) -> str:
    """The client's address: the nearest hop, walking back from the peer through trusted proxies only.

    Each trusted proxy appends the address it saw to X-Forwarded-For, so the rightmost untrusted entry is the one
    no client can forge; entries left of it (which a client may have sent itself) are never believed.
    """
    try:
        address = ipaddress.ip_address(peer or "")
    except ValueError:
        return peer or "unknown"
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    while hops and any(address in network for network in trusted):
        try:
            address = ipaddress.ip_address(hops.pop())
        except ValueError:
            break  # junk from a client: stop at the last address a trusted proxy vouched for
    return str(address)
