"""The topic catalog: every topic PeerPrep uses, declared once, created idempotently at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from contracts.envelope import Payload, PayloadRegistry
from contracts.events.ai import AiDelta, AiDone, AiRequested
from contracts.events.auth import AccessRevoked, AuthKeyPublished
from contracts.events.code import CodeResult, CodeRun
from contracts.events.match import (
    MatchAccepted,
    MatchCancelled,
    MatchFigures,
    MatchFound,
    MatchProposed,
    MatchRequested,
    MatchStateRequested,
    MatchTimedOut,
    MatchWithdrawn,
)
from contracts.events.notify import UserNotification
from contracts.events.question import QuestionAssigned, QuestionChanged
from contracts.events.session import (
    ChatMessage,
    CollabAwareness,
    CollabSync,
    CollabSyncRequested,
    CollabUpdate,
    SessionEnded,
    SessionEndRequested,
    SessionStarted,
)
from contracts.events.user import UserDeleted, UserRegistered, UserUpdated

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
MATCH_PARTITIONS = 3


@dataclass(frozen=True)
class TopicSpec:
    name: str
    payload: type[Payload] | None
    key: str
    partitions: int
    retention_ms: int | None = None  # None keeps the broker default (7 days)
    compacted: bool = False
    description: str = ""

    def configs(self) -> dict[str, str]:
        """Kafka topic-level configs for this topic."""
        configs = {"cleanup.policy": "compact" if self.compacted else "delete"}
        if self.retention_ms is not None:
            configs["retention.ms"] = str(self.retention_ms)
        return configs


DEAD_LETTER = TopicSpec(
    name="dead_letter",
    payload=None,
    key="the original record's key",
    partitions=1,
    retention_ms=30 * DAY_MS,
    description="records a consumer could not read or handle, with the reason in headers; replay by hand",
)

CATALOG: tuple[TopicSpec, ...] = (
    # Every match topic has MATCH_PARTITIONS partitions and the difficulty as key: a pool's owner reads them all.
    TopicSpec("match.requested", MatchRequested, "difficulty", MATCH_PARTITIONS, DAY_MS, description="join a pool"),
    TopicSpec("match.cancelled", MatchCancelled, "difficulty", MATCH_PARTITIONS, DAY_MS, description="leave a pool"),
    TopicSpec("match.accepted", MatchAccepted, "difficulty", MATCH_PARTITIONS, DAY_MS, description="ready-check: yes"),
    TopicSpec("match.proposed", MatchProposed, "difficulty", MATCH_PARTITIONS, DAY_MS, description="ready-check"),
    TopicSpec("match.found", MatchFound, "difficulty", MATCH_PARTITIONS, 7 * DAY_MS, description="two users paired"),
    TopicSpec("match.timed_out", MatchTimedOut, "difficulty", MATCH_PARTITIONS, DAY_MS, description="nobody in time"),
    TopicSpec("match.withdrawn", MatchWithdrawn, "difficulty", MATCH_PARTITIONS, DAY_MS, description="left unmatched"),
    TopicSpec(
        "match.state_requested",
        MatchStateRequested,
        "difficulty",
        MATCH_PARTITIONS,
        HOUR_MS,
        description="where a user stands in a pool (read-only: answered by a notice, never replayed by a rebuild)",
    ),
    TopicSpec("match.figures", MatchFigures, "difficulty", MATCH_PARTITIONS, HOUR_MS, description="pool figures"),
    TopicSpec("question.assigned", QuestionAssigned, "session_id", 6, 7 * DAY_MS, description="question chosen"),
    TopicSpec(
        "question.changed",
        QuestionChanged,
        "slug",
        3,
        compacted=True,
        description="the question catalog, one record per question (compacted)",
    ),
    TopicSpec("session.started", SessionStarted, "session_id", 6, 7 * DAY_MS, description="a room opened"),
    TopicSpec("session.end_requested", SessionEndRequested, "session_id", 6, 7 * DAY_MS, description="end asked"),
    TopicSpec("session.ended", SessionEnded, "session_id", 6, 30 * DAY_MS, description="a room closed"),
    TopicSpec(
        "collab.update",
        CollabUpdate,
        "session_id",
        6,
        7 * DAY_MS,
        description="Yjs document updates; collab_svc stores them, every gateway instance reads them all",
    ),
    TopicSpec(
        "collab.awareness",
        CollabAwareness,
        "session_id",
        6,
        10 * 60_000,
        description="presence and cursors across gateway instances (ephemeral); every gateway reads it all",
    ),
    TopicSpec(
        "collab.sync_requested", CollabSyncRequested, "session_id", 6, HOUR_MS, description="a gateway asks a room"
    ),
    TopicSpec(
        "collab.sync",
        CollabSync,
        "session_id",
        6,
        HOUR_MS,
        description="a room's document and participants, for the gateway that asked; every gateway reads it all",
    ),
    TopicSpec("chat.message", ChatMessage, "session_id", 6, 7 * DAY_MS, description="chat in a room"),
    TopicSpec("code.run", CodeRun, "session_id", 6, DAY_MS, description="run or submit code"),
    TopicSpec("code.result", CodeResult, "session_id", 6, 7 * DAY_MS, description="a run's verdict"),
    TopicSpec("ai.requested", AiRequested, "session_id", 3, DAY_MS, description="ask the assistant"),
    TopicSpec("ai.delta", AiDelta, "session_id", 3, HOUR_MS, description="a streamed piece of an answer"),
    TopicSpec("ai.done", AiDone, "session_id", 3, DAY_MS, description="an answer finished"),
    TopicSpec("user.registered", UserRegistered, "user_id", 3, 30 * DAY_MS, description="a new account"),
    TopicSpec(
        "user.updated", UserUpdated, "user_id", 3, compacted=True, description="latest public profile (compacted)"
    ),
    TopicSpec("user.deleted", UserDeleted, "user_id", 3, 30 * DAY_MS, description="an account removed"),
    TopicSpec(
        "user.notify",
        UserNotification,
        "user_id",
        6,
        HOUR_MS,
        description="a push to one user's browser tabs; every gateway instance reads it all, no consumer group",
    ),
    TopicSpec(
        "auth.keys",
        AuthKeyPublished,
        "kid",
        1,
        compacted=True,
        description="public keys that sign access tokens, one record per key (compacted); verifiers read it all",
    ),
    TopicSpec(
        "auth.revoked",
        AccessRevoked,
        "user_id",
        1,
        compacted=True,
        description="users whose earlier access tokens are void (roles changed, deleted); verifiers read it all",
    ),
    DEAD_LETTER,
)

TOPICS: dict[str, TopicSpec] = {spec.name: spec for spec in CATALOG}

REGISTRY = PayloadRegistry([spec.payload for spec in CATALOG if spec.payload is not None])


def topic_for(payload: type[Payload] | Payload) -> TopicSpec:
    """The topic an event of this payload type is published to."""
    return TOPICS[payload.EVENT_TYPE]
