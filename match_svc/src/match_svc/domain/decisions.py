"""Decisions: what a call to a pool concluded, in order (the service turns them into events and pushes)."""

from __future__ import annotations

from dataclasses import dataclass

from contracts.events.match import TimeoutReason, WithdrawReason
from contracts.notices import RequeueReason
from match_svc.domain.requests import Proposal, Request


@dataclass(frozen=True)
class Queued:
    request: Request
    requeued: RequeueReason | None = None


@dataclass(frozen=True)
class Proposed:
    proposal: Proposal


@dataclass(frozen=True)
class PartnerAccepted:
    proposal: Proposal
    accepted_by: str  # request id; its partner is told


@dataclass(frozen=True)
class Ready:
    """Both accepted: the service confirms the pair (``conclude``) or reports who is unavailable (``fail``)."""

    proposal: Proposal


@dataclass(frozen=True)
class Found:
    proposal: Proposal


@dataclass(frozen=True)
class TimedOut:
    request: Request
    reason: TimeoutReason


@dataclass(frozen=True)
class Withdrawn:
    request: Request
    reason: WithdrawReason
    session_id: str | None = None


@dataclass(frozen=True)
class Standing:
    """Where one user stands in a pool, read without changing it (the answer to a state request)."""

    request: Request | None  # the user's live request here (waiting, or in ``proposal``)
    proposal: Proposal | None  # the ready-check it is in
    following_ended: bool  # the request the asker follows has ended here

    @property
    def accepted(self) -> bool:
        return (
            self.proposal is not None and self.request is not None and self.request.request_id in self.proposal.accepted
        )

    @property
    def partner_accepted(self) -> bool:
        if self.proposal is None or self.request is None:
            return False
        return self.proposal.other(self.request.request_id).request_id in self.proposal.accepted


Unavailable = tuple[WithdrawReason, str | None]  # why a user cannot be matched now, and their session if any
Decision = Queued | Proposed | PartnerAccepted | Ready | Found | TimedOut | Withdrawn
