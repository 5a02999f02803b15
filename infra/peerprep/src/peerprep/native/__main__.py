"""`python -m peerprep.native COMMAND`: a minimal entry point for scripts.

Commands: kafka-libs (fetch the jars if missing, print their dir), prepare,
up, down, status, reset. The repo root is found from this file's location.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .build import ensure_kafka_libs
from .config import InfraConfig, InfraError
from .infra import Infra


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def main(argv: list[str]) -> int:
    repo = Path(__file__).resolve().parents[5]
    cmds = ("kafka-libs", "prepare", "up", "down", "status", "reset")
    if len(argv) != 1 or argv[0] not in cmds:
        _err(f"usage: python -m peerprep.native {{{','.join(cmds)}}}")
        return 2
    try:
        cfg = InfraConfig.from_env(repo)
        infra = Infra(cfg, progress=_err)
        cmd = argv[0]
        if cmd == "kafka-libs":
            print(ensure_kafka_libs(cfg, _err))
        elif cmd == "prepare":
            infra.prepare()
        elif cmd == "up":
            infra.up()
        elif cmd == "down":
            infra.down()
        elif cmd == "reset":
            infra.reset()
        else:
            for name, state in infra.status().items():
                print(f"{name}: {state}")
    except InfraError as e:
        _err(f"error: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
