"""Operator commands for accounts, run against the configured MongoDB (and Kafka) like user_svc itself.

``peerprep admin grant EMAIL`` bootstraps the first admin (after that, admins manage roles in the app);
``peerprep admin revoke EMAIL`` takes the role away; ``peerprep admin rotate-keys`` makes user_svc sign access
tokens with a new key (running instances and every verifier pick it up from ``auth.keys`` without a restart) and
encrypts every stored private key with the current key encryption key; ``peerprep admin new-encryption-key [ID]``
prints a new key encryption key for the key file (docs/operations.md, "Signing keys at rest").
Settings come from the environment (``USER_*``, then ``PEERPREP_*``), exactly as user_svc reads them; the
``peerprep admin`` command first fills in ``PEERPREP_MONGODB_URL`` and ``PEERPREP_KAFKA_BOOTSTRAP`` as
``peerprep up`` does for the services (from ``MONGODB_URL``, ``PEERPREP_MONGO_PORT``, ``PEERPREP_KAFKA_PORT``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from contracts import CATALOG
from svc_kit import ServiceContext
from svc_kit.auth import KeySet
from svc_kit.kafka_topics import KafkaUnavailable, ensure_topics
from svc_kit.mongo import MongoUnavailable, init_documents, mongo_client
from user_svc.domain import UserNotFound
from user_svc.keys import KeyService, KeysUnusable, RotationConflict
from user_svc.repo import KeyRepo, KeyStateDoc, SigningKeyDoc, UserDoc, UserRepo
from user_svc.roles import AdminService
from user_svc.sealing import KeyringError, new_key_line
from user_svc.settings import UserSettings


class AdminCommandError(RuntimeError):
    """Why an operator command could not be done, in one line."""


@asynccontextmanager
async def _admin_service(settings: UserSettings) -> AsyncIterator[AdminService]:
    client = mongo_client(settings.mongodb_url, timeout_ms=settings.mongodb_timeout_ms)
    try:
        await init_documents(client[settings.database], [UserDoc], url=settings.mongodb_url)
        yield AdminService(UserRepo())
    except MongoUnavailable as exc:
        raise AdminCommandError(str(exc)) from exc
    finally:
        await client.close()


async def _set_admin(email: str, *, admin: bool, settings: UserSettings | None) -> str:
    try:
        async with _admin_service(settings or UserSettings()) as service:
            user = await service.set_admin_by_email(email, admin=admin)
    except UserNotFound as exc:
        raise AdminCommandError(f"{exc}; the person must sign up first") from exc
    state = "is now an admin" if admin else "is no longer an admin"
    return f"{user.email} ({user.username}) {state}; roles: {', '.join(user.roles)}"


async def grant_admin(email: str, *, settings: UserSettings | None = None) -> str:
    """Give the account with this email the admin role; returns what was done, for the operator."""
    return await _set_admin(email, admin=True, settings=settings)


async def revoke_admin(email: str, *, settings: UserSettings | None = None) -> str:
    return await _set_admin(email, admin=False, settings=settings)


async def rotate_keys(*, settings: UserSettings | None = None) -> str:
    """Sign access tokens with a new key from now on; tokens signed with the old one stay valid until they expire."""
    settings = settings or UserSettings()
    ctx = ServiceContext.build(settings)
    try:
        await ensure_topics(
            settings.kafka_bootstrap, CATALOG, prefix=settings.topic_prefix, timeout_s=settings.kafka_timeout_s
        )
        await init_documents(ctx.db, [SigningKeyDoc, KeyStateDoc], url=settings.mongodb_url)
        await ctx.broker.connect()
        keys = KeyService(
            KeyRepo(), ctx.bus, KeySet(), access_ttl_s=settings.access_ttl_s, keyring=settings.key_encryption
        )
        kek = keys.keyring().current_id
        kid = await keys.rotate()
    except (KafkaUnavailable, MongoUnavailable, RotationConflict, KeysUnusable) as exc:
        raise AdminCommandError(str(exc)) from exc
    finally:
        await ctx.broker.stop()
        await ctx.mongo.close()
    return (
        f"access tokens are now signed with key {kid}; the previous key stays valid until its tokens expire; "
        f"every stored private key is encrypted with key encryption key {kek!r}"
    )


def new_encryption_key(key_id: str | None = None) -> str:
    """A new key encryption key as one ``ID:KEY`` line for the key file (put first, it encrypts from then on)."""
    try:
        return new_key_line(key_id or f"kek-{datetime.now(UTC):%Y%m%d}")
    except KeyringError as exc:
        raise AdminCommandError(str(exc)) from exc
