"""The signing keys' private halves at rest: sealed with the key encryption key, never stored in the clear, kept
working across `peerprep admin rotate-keys`, a restart and a change of key encryption key, and a wrong or
missing key encryption key refuses to start in one line (docs/operations.md, "Signing keys at rest")."""

import contextlib
import signal
import stat
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jwt
import pytest
from accounts_helpers import PASSWORD, bearer, signup, user_settings
from pymongo import AsyncMongoClient

from peerprep.local_secrets import local_key_file
from peerprep_testing import Servers, free_ports, launch_peerprep, read_until, running
from user_svc.app import create_app
from user_svc.keys import KeysUnusable
from user_svc.ops import rotate_keys
from user_svc.sealing import Keyring, new_key_line
from user_svc.settings import UserSettings
from user_svc.tokens import AccessClaims, load_private_key, new_signing_key, sign_access_token


def key_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / f"kek-{len(list(tmp_path.iterdir()))}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def kid_of(session: dict[str, Any]) -> str:
    return str(jwt.get_unverified_header(session["access_token"])["kid"])


@contextlib.asynccontextmanager
async def database(settings: UserSettings) -> AsyncIterator[Any]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(settings.mongodb_url)
    try:
        yield client[settings.database]
    finally:
        await client.close()


async def stored_keys(settings: UserSettings) -> list[dict[str, Any]]:
    async with database(settings) as db:
        return [doc async for doc in db["signing_keys"].find({}, {"_id": 0})]


def assert_nothing_in_the_clear(keys: list[dict[str, Any]]) -> None:
    assert keys
    for doc in keys:
        assert doc.get("private_pem") is None, doc["kid"]
        assert "PRIVATE KEY" not in repr(doc)
        assert "d" not in doc["public_jwk"]


async def test_stored_private_keys_are_sealed_and_survive_rotation_restart_and_a_new_encryption_key(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], tmp_path: Path
) -> None:
    old, new = new_key_line("old"), new_key_line("new")
    settings = user_settings(settings_for, key_encryption_key_file=key_file(tmp_path, old))
    async with running(create_app(settings)) as users:
        ada = await signup(users, "ada")
    [first] = await stored_keys(settings)
    assert_nothing_in_the_clear([first])
    assert first["kid"] == kid_of(ada)
    assert first["private_sealed"].startswith("aes256gcm:old:")

    leftover = new_signing_key(datetime.now(UTC))  # as a rotation interrupted before it retired its old key leaves
    assert leftover.private_pem is not None
    async with database(settings) as db:
        sealed = Keyring.parse(old, source="test").seal(leftover.private_pem.encode(), context=leftover.kid)
        await db["signing_keys"].insert_one(
            {"kid": leftover.kid, "public_jwk": leftover.public_jwk, "created_at": leftover.created_at}
            | {"private_sealed": sealed, "retired_at": None, "expires_at": None}
        )

    # The operator's procedure to retire the "old" key encryption key: put a new one first, rotate, drop the old.
    both = user_settings(settings_for, key_encryption_key_file=key_file(tmp_path, new, old))
    said = await rotate_keys(settings=both)
    assert said.endswith("every stored private key is encrypted with key encryption key 'new'")
    new_kid = said.removeprefix("access tokens are now signed with key ").split(";")[0]
    keys = await stored_keys(settings)
    assert_nothing_in_the_clear(keys)
    assert {doc["kid"]: (doc["private_sealed"] or "")[:14] for doc in keys} == {
        first["kid"]: "",  # retired: its private half is gone
        leftover.kid: "aes256gcm:new:",  # encrypted again
        new_kid: "aes256gcm:new:",
    }

    only_new = user_settings(settings_for, key_encryption_key_file=key_file(tmp_path, new))
    async with running(create_app(only_new)) as users:  # a restart, without the old key encryption key
        assert (await users.get("/api/users/me", headers=bearer(ada))).status_code == 200  # signed before
        fresh = (await users.post("/api/users/auth/login", json={"login": "ada", "password": PASSWORD})).json()
        assert kid_of(fresh) == new_kid
        assert (await users.get("/api/users/me", headers=bearer(fresh))).status_code == 200
    assert_nothing_in_the_clear(await stored_keys(settings))


async def test_a_key_stored_in_the_clear_before_this_change_is_sealed_in_place_and_keeps_signing(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], tmp_path: Path
) -> None:
    settings = user_settings(settings_for, key_encryption_key_file=key_file(tmp_path, new_key_line("k1")))
    legacy = new_signing_key(datetime.now(UTC))
    assert legacy.private_pem is not None
    async with database(settings) as db:  # as the previous version stored its first key
        await db["signing_keys"].insert_one(
            {
                "kid": legacy.kid,
                "public_jwk": legacy.public_jwk,
                "created_at": legacy.created_at,
                "private_pem": legacy.private_pem,
                "retired_at": None,
                "expires_at": None,
            }
        )
        await db["signing_key_state"].insert_one({"name": "current", "kid": legacy.kid})
    async with running(create_app(settings)) as users:
        ada = await signup(users, "ada")
        assert kid_of(ada) == legacy.kid
        earlier = sign_access_token(
            AccessClaims(user_id=ada["user"]["id"], name="Ada", roles=("user",)),
            kid=legacy.kid,
            private_key=load_private_key(legacy.private_pem),
            now=datetime.now(UTC),
            ttl_s=900,
            issuer=settings.issuer,
            audience=settings.audience,
        )  # a token the previous version signed
        assert (await users.get("/api/users/me", headers=bearer(earlier))).status_code == 200
    [doc] = await stored_keys(settings)
    assert_nothing_in_the_clear([doc])
    assert doc["private_sealed"].startswith("aes256gcm:k1:")


async def refused_start(settings: UserSettings) -> str:
    app = create_app(settings)
    with pytest.raises(KeysUnusable):
        async with running(app):
            pass
    reason: str | None = app.state.ctx.startup_error
    assert reason is not None
    return reason


async def test_a_wrong_or_missing_key_encryption_key_refuses_to_start_in_one_line(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], tmp_path: Path
) -> None:
    settings = user_settings(settings_for, key_encryption_key_file=key_file(tmp_path, new_key_line("k1")))
    async with running(create_app(settings)) as users:
        await signup(users, "ada")
    [doc] = await stored_keys(settings)

    elsewhere = user_settings(settings_for, key_encryption_key_file=key_file(tmp_path, new_key_line("k2")))
    assert await refused_start(elsewhere) == (
        f"user_svc: the private key of signing key {doc['kid']} is encrypted with key encryption key 'k1', which is "
        "not configured (configured: k2); set USER_KEY_ENCRYPTION_KEY_FILE to the key file that holds it"
    )
    impostor = user_settings(settings_for, key_encryption_key_file=key_file(tmp_path, new_key_line("k1")))
    assert (await refused_start(impostor)).startswith(
        f"user_svc: the private key of signing key {doc['kid']} does not decrypt with key encryption key 'k1'"
    )
    unset = user_settings(settings_for, key_encryption_key_file=None, key_encryption_keys=None)
    assert (await refused_start(unset)).startswith(
        "user_svc: no key encryption key: set USER_KEY_ENCRYPTION_KEY_FILE to a file holding one"
    )
    assert await stored_keys(settings) == [doc]  # nothing was changed by the refused starts


def test_the_launcher_makes_the_local_key_and_prints_a_refusal_as_its_last_line(
    servers: Servers, prefix: str, clean_databases: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("USER_KEY_ENCRYPTION_KEY_FILE")  # as on a fresh clone: nothing configured
    checkout = tmp_path / "checkout"
    env = servers.env(prefix) | {"USER_HTTP_PORT": str(free_ports(1)[0]), "PEERPREP_ROOT": str(checkout)}
    with launch_peerprep("up", "--no-infra", "--services", "user_svc", env=env) as proc:
        lines = read_until(proc, "service(s) ready")
        assert "1 service(s) ready" in lines[-1]
        assert any("encrypted with the local key in .peerprep/secrets/" in line for line in lines)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    local = local_key_file(checkout)
    assert stat.S_IMODE(local.stat().st_mode) == 0o600
    local_id = local.read_text().splitlines()[-1].split(":")[0]

    wrong = {"USER_KEY_ENCRYPTION_KEY_FILE": str(key_file(tmp_path, new_key_line("wrong")))}
    with launch_peerprep("up", "--no-infra", "--services", "user_svc", env=env | wrong) as proc:
        output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 1
    last = output.strip().splitlines()[-1]
    assert last.startswith("peerprep: error: user_svc failed to start: user_svc: the private key of signing key")
    assert f"is encrypted with key encryption key '{local_id}', which is not configured (configured: wrong)" in last
