"""The local run's key encryption key: made once (mode 0600) for `peerprep up` and the tests, never in production
and never over a configured one."""

import stat
from pathlib import Path

from peerprep.local_secrets import local_key_file, use_local_key_file
from user_svc.sealing import KeyringSource


def test_the_local_key_file_is_made_once_private_and_readable_by_user_svc(tmp_path: Path) -> None:
    env: dict[str, str] = {}
    path = use_local_key_file(tmp_path, env)
    assert path == local_key_file(tmp_path)
    assert env == {"USER_KEY_ENCRYPTION_KEY_FILE": str(path)}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    ring = KeyringSource(file=path).load()
    assert ring.current_id.startswith("local-")
    content = path.read_text()
    assert use_local_key_file(tmp_path, {}) == path
    assert path.read_text() == content  # the same key at every run
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_a_configured_key_or_production_gets_no_local_key(tmp_path: Path) -> None:
    for env in (
        {"USER_KEY_ENCRYPTION_KEY_FILE": "/run/secrets/kek"},
        {"USER_KEY_ENCRYPTION_KEYS": "k1:..."},
        {"PEERPREP_KEY_ENCRYPTION_KEY_FILE": "/run/secrets/kek"},
        {"PEERPREP_ENVIRONMENT": "production"},
        {"USER_ENVIRONMENT": "production"},
    ):
        before = dict(env)
        assert use_local_key_file(tmp_path, env) is None
        assert env == before
    assert not local_key_file(tmp_path).exists()
