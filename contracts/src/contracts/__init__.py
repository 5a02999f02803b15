"""PeerPrep contracts: the event envelope, every payload, the topic catalog. No I/O, no framework."""

from contracts.common import Difficulty, Language
from contracts.envelope import ContractError, Envelope, Payload, PayloadRegistry
from contracts.ids import uuid7
from contracts.topics import CATALOG, DEAD_LETTER, REGISTRY, TOPICS, TopicSpec, topic_for

__all__ = [
    "CATALOG",
    "DEAD_LETTER",
    "REGISTRY",
    "TOPICS",
    "ContractError",
    "Difficulty",
    "Envelope",
    "Language",
    "Payload",
    "PayloadRegistry",
    "TopicSpec",
    "topic_for",
    "uuid7",
]
