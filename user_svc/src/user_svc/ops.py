"""user_svc's operator commands, composed from the same factories as its app (``user_svc.app``).

``grant EMAIL`` bootstraps the first admin (after that, admins manage roles in the app); ``revoke EMAIL`` takes the
role away; ``rotate-keys`` makes user_svc sign access tokens with a new key (running instances and every verifier
pick it up from ``auth.keys`` without a restart) and encrypts every stored private key with the current key
encryption key; ``new-encryption-key [ID]`` prints a new key encryption key for the key file (docs/operations.md,
"Signing keys at rest").

Run as ``python -m user_svc.ops ACTION [EMAIL|ID]`` where user_svc is deployed, or as ``peerprep admin ACTION``,
which first points it at the databases ``peerprep up`` gives the services. Settings come from the environment
(``USER_*``, then ``PEERPREP_*``), exactly as user_svc reads them. This module is the one part of user_svc the
launcher may import (import-linter holds it to that).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from contracts import CATALOG
from svc_kit import ServiceContext
from svc_kit.kafka_topics import KafkaUnavailable, ensure_topics
from svc_kit.logging import configure_logging
from svc_kit.mongo import MongoUnavailable, init_documents, mongo_client
from user_svc.app import key_service, keyset_for
from user_svc.domain import UserNotFound
from user_svc.keys import KeyService, KeysUnusable, RotationConflict
from user_svc.repo import KeyStateDoc, SigningKeyDoc, UserDoc, UserRepo
from user_svc.roles import AdminService
from user_svc.sealing import FILE_SETTING, INLINE_SETTING, KeyringError, new_key_line
from user_svc.settings import UserSettings

COMMANDS = ("grant", "revoke", "rotate-keys", "new-encryption-key")
KEY_FILE_SETTING = FILE_SETTING
# Any of these configures user_svc's key encryption key (the USER_ ones first, then the shared PEERPREP_ ones).
KEY_SETTINGS = (FILE_SETTING, INLINE_SETTING, "PEERPREP_KEY_ENCRYPTION_KEY_FILE", "PEERPREP_KEY_ENCRYPTION_KEYS")


class OpsError(RuntimeError):
    """Why an operator command could not be done, in one line."""


@asynccontextmanager
async def _admin_service(settings: UserSettings) -> AsyncIterator[AdminService]:
    client = mongo_client(settings.mongodb_url, timeout_ms=settings.mongodb_timeout_ms)
    try:
        await init_documents(client[settings.database], [UserDoc], url=settings.mongodb_url)
        # No outbox: the command runs without Kafka; the change reaches tokens when they are next refreshed.
        yield AdminService(UserRepo())
    except MongoUnavailable as exc:
        raise OpsError(str(exc)) from exc
    finally:
        await client.close()


async def _set_admin(email: str, *, admin: bool, settings: UserSettings | None) -> str:
    try:
        async with _admin_service(settings or UserSettings()) as service:
            user = await service.set_admin_by_email(email, admin=admin)
    except UserNotFound as exc:
        raise OpsError(f"{exc}; the person must sign up first") from exc
    state = "is now an admin" if admin else "is no longer an admin"
    return f"{user.email} ({user.username}) {state}; roles: {', '.join(user.roles)}"


async def grant_admin(email: str, *, settings: UserSettings | None = None) -> str:
    """Give the account with this email the admin role; returns what was done, for the operator."""
    return await _set_admin(email, admin=True, settings=settings)


async def revoke_admin(email: str, *, settings: UserSettings | None = None) -> str:
    return await _set_admin(email, admin=False, settings=settings)


def signing_keys(settings: UserSettings, ctx: ServiceContext) -> KeyService:
    """The signing keys the commands rotate: built by the app's own factories (its issuer, audience, TTL, KEK)."""
    return key_service(settings, ctx, keyset_for(settings))


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
        keys = signing_keys(settings, ctx)
        kek = keys.keyring().current_id
        kid = await keys.rotate()
    except (KafkaUnavailable, MongoUnavailable, RotationConflict, KeysUnusable) as exc:
        raise OpsError(str(exc)) from exc
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
        raise OpsError(str(exc)) from exc


def run(action: str, arg: str | None, *, say: Callable[[str], None]) -> int:
    """Do one command (``COMMANDS``); what was done (or why not) goes to ``say``, a new key line to stdout.
    Exit status: 0 done, 1 the command failed, 2 a wrong argument."""
    configure_logging(json=False, level="WARNING")
    if action == "new-encryption-key":
        try:
            print(new_encryption_key(arg))
        except OpsError as exc:
            say(f"error: {exc}")
            return 2
        return 0
    if action in ("grant", "revoke") and not arg:
        say(f"error: admin {action} needs an EMAIL")
        return 2
    try:
        if action == "rotate-keys":
            message = asyncio.run(rotate_keys())
        elif action in ("grant", "revoke"):
            assert arg is not None
            message = asyncio.run((grant_admin if action == "grant" else revoke_admin)(arg))
        else:
            say(f"error: unknown command {action!r}; known: {', '.join(COMMANDS)}")
            return 2
    except OpsError as exc:
        say(f"error: {exc}")
        return 1
    say(message)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m user_svc.ops", description="user_svc's operator commands")
    parser.add_argument("action", choices=COMMANDS)
    parser.add_argument("arg", nargs="?", metavar="EMAIL|ID", help="the account's email, or the new key's id")
    args = parser.parse_args(argv)
    return run(args.action, args.arg, say=lambda line: print(f"user_svc: {line}", flush=True))


if __name__ == "__main__":
    sys.exit(main())
