"""Docker-free local infrastructure for PeerPrep: Kafka (KRaft) and FerretDB.

from peerprep.native import InfraConfig, Infra, InfraError

infra = Infra(InfraConfig.from_env(repo_root), progress=print)
infra.up()            # prepare() + start + wait until both answer
infra.kafka_bootstrap, infra.mongodb_url
infra.down()
"""

from .config import InfraConfig, InfraError
from .infra import Infra

__all__ = ["Infra", "InfraConfig", "InfraError"]
