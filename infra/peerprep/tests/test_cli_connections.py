"""`peerprep admin` reaches the databases `peerprep up` gives the services: the same connection variables from the
same native config (``PEERPREP_MONGO_PORT`` once pointed it at another stack's database on 27017)."""

from __future__ import annotations

import argparse

import pytest

from peerprep import cli
from peerprep.native import Infra, InfraConfig
from user_svc import ops
from user_svc.settings import UserSettings

CONNECTION_VARS = (
    "PEERPREP_MONGODB_URL",
    "PEERPREP_KAFKA_BOOTSTRAP",
    "MONGODB_URL",
    "USER_MONGODB_URL",
    "USER_KAFKA_BOOTSTRAP",
    "PEERPREP_MONGO_PORT",
    "PEERPREP_KAFKA_PORT",
)


def connections(env: dict[str, str]) -> dict[str, str]:
    cli.use_infra_connections(Infra(InfraConfig.from_env(cli.repo_root(), env)), env)
    return {k: env[k] for k in ("PEERPREP_MONGODB_URL", "PEERPREP_KAFKA_BOOTSTRAP")}


def test_ports_of_the_native_config_make_the_urls() -> None:
    assert connections({"PEERPREP_MONGO_PORT": "27999", "PEERPREP_KAFKA_PORT": "19092"}) == {
        "PEERPREP_MONGODB_URL": "mongodb://127.0.0.1:27999/",
        "PEERPREP_KAFKA_BOOTSTRAP": "127.0.0.1:19092",
    }
    assert connections({})["PEERPREP_MONGODB_URL"] == "mongodb://127.0.0.1:27017/"


def test_urls_given_win_over_the_ports() -> None:
    external = {"MONGODB_URL": "mongodb://db.example:27020/", "PEERPREP_MONGO_PORT": "27999"}
    assert connections(external)["PEERPREP_MONGODB_URL"] == "mongodb://db.example:27020/"
    given = {"PEERPREP_MONGODB_URL": "mongodb://mine:1/", "MONGODB_URL": "mongodb://other:2/"}
    assert connections(given)["PEERPREP_MONGODB_URL"] == "mongodb://mine:1/"


@pytest.mark.parametrize("action", ["grant", "revoke"])
def test_admin_command_uses_the_mongo_port(monkeypatch: pytest.MonkeyPatch, action: str) -> None:
    for name in CONNECTION_VARS:  # set first, so what the command sets is undone too
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setenv("PEERPREP_MONGO_PORT", "27999")
    seen: list[str] = []

    async def fake(email: str, *, settings: UserSettings | None = None) -> str:
        seen.append((settings or UserSettings()).mongodb_url)
        return "done"

    monkeypatch.setattr(ops, "grant_admin", fake)
    monkeypatch.setattr(ops, "revoke_admin", fake)
    assert cli.cmd_admin(argparse.Namespace(action=action, email="ada@example.com")) == 0
    assert seen == ["mongodb://127.0.0.1:27999/"]


def test_the_admin_commands_are_user_svc_s(capsys: pytest.CaptureFixture[str]) -> None:
    """`peerprep admin` offers exactly the commands of user_svc's operations entry (it only forwards to them)."""
    for command in ops.COMMANDS:
        assert cli.parser().parse_args(["admin", command]).action == command
    with pytest.raises(SystemExit):
        cli.parser().parse_args(["admin", "no-such-command"])
    offered = capsys.readouterr().err.split("choose from ")[1].split(")")[0]
    assert offered.replace("'", "").split(", ") == list(ops.COMMANDS)
