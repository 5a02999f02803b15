"""The local run's own secrets: the key that encrypts user_svc's signing keys at rest, made on first use.

``peerprep up``, ``peerprep admin`` and the tests point user_svc at ``.peerprep/secrets/user_svc-kek`` (mode 0600)
unless a key encryption key is configured, so the quick start needs no setup. Never outside development: a
production user_svc without a configured key refuses to start. The file lives beside ``data/``, not in it, so
``peerprep infra reset`` leaves it (a MongoDB at ``MONGODB_URL`` keeps keys sealed with it).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import MutableMapping
from datetime import UTC, datetime
from pathlib import Path

from user_svc.ops import KEY_FILE_SETTING, KEY_SETTINGS, new_encryption_key


def local_key_file(root: Path) -> Path:
    return root / ".peerprep" / "secrets" / "user_svc-kek"


def ensure_key_file(path: Path) -> Path:
    """Make ``path`` hold one new key encryption key, unless it exists (written whole, or not at all)."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("# made by peerprep for the local run; the first key encrypts, the others only decrypt\n")
            out.write(new_encryption_key(f"local-{datetime.now(UTC):%Y%m%d}") + "\n")
        with contextlib.suppress(FileExistsError):  # another process made it first: theirs is the one
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def use_local_key_file(root: Path, env: MutableMapping[str, str] | None = None) -> Path | None:
    """Point user_svc at the local key file (made if missing) unless a key is configured or this is production."""
    e = os.environ if env is None else env
    environment = e.get("USER_ENVIRONMENT") or e.get("PEERPREP_ENVIRONMENT") or "development"
    if environment == "production" or any(e.get(name) for name in KEY_SETTINGS):
        return None
    path = ensure_key_file(local_key_file(root))
    e[KEY_FILE_SETTING] = str(path)
    return path
