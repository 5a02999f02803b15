"""What a partition's topics say about one pool, read back by a new owner (folded by ``domain.rebuild``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from contracts import Envelope, Payload
from contracts.common import Difficulty
from contracts.events.match import (
    MatchAccepted,
    MatchCancelled,
    MatchFound,
    MatchProposed,
    MatchRequested,
    MatchTimedOut,
    MatchWithdrawn,
)

FACTS = (MatchRequested, MatchCancelled, MatchAccepted, MatchProposed, MatchFound, MatchTimedOut, MatchWithdrawn)


@dataclass(frozen=True)
class Requested:
    """A ``match.requested`` as the pools take it: the payload, what its envelope says of it, and its offset."""

    payload: MatchRequested
    occurred_at: datetime
    correlation_id: str
    seq: int  # arrival order among requests of the same instant (the record's offset)

    @classmethod
    def of(cls, event: Envelope[MatchRequested], seq: int) -> Requested:
        return cls(event.payload, event.occurred_at, event.correlation_id, seq)


@dataclass
class Facts:
    requests: list[Requested] = field(default_factory=list)  # in log order
    cancels: list[MatchCancelled] = field(default_factory=list)
    accepts: list[MatchAccepted] = field(default_factory=list)
    proposals: list[MatchProposed] = field(default_factory=list)
    ended: dict[str, float] = field(default_factory=dict)


def collect(facts: Mapping[Difficulty, Facts], envelope: Envelope[Payload] | None, offset: int) -> None:
    """Add one record read back to the facts of its pool (none: not one of the pools read, or not a fact)."""
    if envelope is None or not isinstance(envelope.payload, FACTS):
        return
    known = facts.get(envelope.payload.difficulty)
    if known is None:
        return
    at = envelope.occurred_at
    match envelope.payload:
        case MatchRequested() as asked:
            known.requests.append(Requested(asked, at, envelope.correlation_id, offset))
        case MatchCancelled() as cancel:
            known.cancels.append(cancel)
        case MatchAccepted() as accept:
            known.accepts.append(accept)
        case MatchProposed() as proposal:
            known.proposals.append(proposal)
        case MatchFound() as found:
            for request_id in found.request_ids:
                known.ended[request_id] = at.timestamp()
        case MatchTimedOut() | MatchWithdrawn() as ended:
            known.ended[ended.request_id] = at.timestamp()
