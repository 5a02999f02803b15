"""Rebuilding a pool from its topics: what a new owner reads back, folded into the pool it was."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from contracts.common import Difficulty
from contracts.events.match import WithdrawReason
from match_svc.domain.decisions import Decision, PartnerAccepted
from match_svc.domain.pool import Pool
from match_svc.domain.requests import Proposal, Request


@dataclass(frozen=True)
class ProposalRecord:
    """A ``match.proposed`` read back: which requests, until when."""

    match_id: str
    request_ids: tuple[str, str]
    deadline: float


def rebuild(
    difficulty: Difficulty,
    *,
    ready_check_s: float,
    requests: Iterable[Request],
    cancels: Iterable[tuple[str, str, float | None]],
    accepts: Iterable[tuple[str, str, str]],
    proposals: Iterable[ProposalRecord],
    ended: dict[str, float],
    now: float,
) -> tuple[Pool, list[Decision]]:
    """The pool as its topics say it is, and what the previous owner had not done yet.

    ``requests`` in log order; ``cancels`` are (request id, user id, and for a replacement in another pool the
    time of the newer request, else None); ``accepts`` are (match id, request id, user id); ``proposals`` in log
    order; ``ended`` maps the request ids that have an outcome (found, timed out, withdrawn) to when. A ready-check
    is still open when none of its requests has ended and it is the latest one of both; each earlier failed
    ready-check of a request gives its time back, as it did live. A request that replaced a live one of its user
    was read but not answered: it replaces it and is placed now, as it was live.
    """
    pool = Pool(difficulty, ready_check_s=ready_check_s)
    for request_id, at in ended.items():
        pool.restore_ended(request_id, at)
    live: dict[str, Request] = {}
    latest_of_user: dict[str, Request] = {}
    superseded: list[Request] = []
    replacing: list[Request] = []  # each replaced a live request of its user: not answered yet
    for request in requests:
        if request.request_id in ended or request.request_id in live:
            continue
        live[request.request_id] = request
        older = latest_of_user.get(request.user_id)
        if older is not None:
            superseded.append(older)
            replacing.append(request)
        latest_of_user[request.user_id] = request
    latest_proposal: dict[str, ProposalRecord] = {}
    failed_checks: dict[str, int] = {}
    for record in proposals:
        for request_id in record.request_ids:
            if request_id in latest_proposal:
                failed_checks[request_id] = failed_checks.get(request_id, 0) + 1
            latest_proposal[request_id] = record
    for request_id, count in failed_checks.items():
        if request_id in live:
            request = live[request_id]
            live[request_id] = replace(request, extended_s=request.extended_s + count * ready_check_s)
    open_records = {
        r.match_id: r
        for r in latest_proposal.values()
        if all(rid in live and latest_proposal[rid] is r for rid in r.request_ids)
    }
    for request_id, record in latest_proposal.items():  # a ready-check that failed: its time was given back
        if record.match_id not in open_records and request_id in live:
            request = live[request_id]
            live[request_id] = replace(request, extended_s=request.extended_s + ready_check_s)
    in_open = {rid for r in open_records.values() for rid in r.request_ids}
    unanswered = [r.request_id for r in replacing if r.request_id not in in_open]  # placed below, as they came
    for request in live.values():
        if request.request_id not in in_open and request.request_id not in unanswered:
            pool.restore_waiting(request)
    for record in open_records.values():
        first, second = sorted((live[rid] for rid in record.request_ids), key=lambda r: (r.requested_at, r.seq))
        pool.restore_proposal(Proposal(record.match_id, (first, second), record.deadline))
    for request in live.values():  # the user is in their newest request that is in the pool
        if request.request_id not in unanswered:
            pool.restore_user(request.user_id, request.request_id)
    decisions: list[Decision] = []
    for request_id in unanswered:  # replaces the user's older request, then is placed
        decisions += pool.request(live[request_id], now)
    for request in superseded:
        if pool.live(request.request_id) is not None:
            decisions += pool.withdraw(request.request_id, WithdrawReason.REPLACED, now)
    for request_id, user_id, replaced_at in cancels:
        if replaced_at is None:
            decisions += pool.cancel(request_id, user_id, now)
        else:
            decisions += pool.replaced_elsewhere(user_id, replaced_at, now)
    for match_id, request_id, user_id in accepts:
        decisions += pool.accept(match_id, request_id, user_id)
    decisions = [d for d in decisions if not isinstance(d, PartnerAccepted)]  # told when it happened
    decisions += pool.tick(now)
    decisions += pool.settle(now)
    return pool, decisions
