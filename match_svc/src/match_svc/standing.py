"""The answer to a state request: where a user stands in one pool, as the ``match.state`` notice the tab reads.

Read-only by design: a state request changes nothing in the pool and is no fact a rebuild replays (see ``pools``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from contracts.events.match import MatchStateRequested
from contracts.notices import MatchProposedNotice, MatchQueuedNotice, MatchStateKind, MatchStateNotice
from match_svc.domain import Pool, Request, Standing, sharing_topics


def state_notice(
    pool: Pool,
    standing: Standing,
    ask: MatchStateRequested,
    *,
    estimate_s: int | None,
    name_of: Callable[[str], str | None],
) -> MatchStateNotice:
    request, proposal = standing.request, standing.proposal
    proposed = None
    if request is not None and proposal is not None:
        proposed = MatchProposedNotice(
            request_id=request.request_id,
            match_id=proposal.match_id,
            difficulty=request.difficulty,
            deadline=_utc(proposal.deadline),
            partner_name=name_of(proposal.other(request.request_id).user_id),
            language=proposal.language,
        )
    if request is None:
        state = MatchStateKind.NONE
    else:
        state = MatchStateKind.WAITING if proposal is None else MatchStateKind.READY_CHECK
    return MatchStateNotice(
        ask_id=ask.ask_id,
        difficulty=ask.difficulty,
        state=state,
        queued=None if request is None else _queued(pool, request, estimate_s),
        proposed=proposed,
        accepted=standing.accepted,
        partner_accepted=standing.partner_accepted,
        following=ask.following,
        following_ended=standing.following_ended,
    )


def _queued(pool: Pool, request: Request, estimate_s: int | None) -> MatchQueuedNotice:
    """What ``match.queued`` says of ``request`` now (the figures as the service computes them)."""
    return MatchQueuedNotice(
        request_id=request.request_id,
        difficulty=request.difficulty,
        topics=tuple(sorted(request.topics)),
        language=request.language,
        deadline=_utc(request.deadline),
        waiting=max(pool.live_count() - 1, 0),
        same_topics=sharing_topics(request, pool.topic_sets()),
        estimate_s=estimate_s,
    )


def _utc(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)
