"""The waiting pool and its rules, pure: no I/O, no clock of its own (every call is given ``now``, in seconds).

One ``Pool`` holds the requests of one difficulty. Every call returns the decisions it made, in order; the
service turns them into events and notifications. The rules (docs/api-matching.md):

- Two requests are compatible when they are of different users and their topics overlap (no topics = any).
- A request entering the pool is paired at once with its best compatible waiting request: the same language
  first, then the closest proficiency, then the one waiting longest (FIFO). Pairing opens a ready-check.
- A ready-check lasts ``ready_check_s``. Both accept: ``Ready`` (the service confirms the pair, then ``Found``).
  One declines (cancels): it is withdrawn, the other goes back. Time runs out: whoever did not accept times out
  (missed the ready-check) and whoever accepted goes back. Going back keeps the place (the original request time)
  and adds the ready-check's length to the deadline. The one going back is told so (``Queued`` with the reason)
  even when a waiting request pairs with it at once: only then is it proposed again.
- A request past its deadline is nobody's partner: it times out (a late tick, or a pool rebuilt after a stop).
- A new request of a user replaces the user's older one (withdrawn as replaced), in this pool or, when another
  pool's owner says so (``replaced_elsewhere``), in another.
- Each request ends exactly once: found, timed out or withdrawn. Anything about an ended request is ignored.
"""

from match_svc.domain.confirmation import CONFIRM_RETRY_S, Busy, Confirmations, unavailable_of
from match_svc.domain.decisions import (
    Decision,
    Found,
    PartnerAccepted,
    Proposed,
    Queued,
    Ready,
    Standing,
    TimedOut,
    Unavailable,
    Withdrawn,
)
from match_svc.domain.pool import REMEMBER_ENDED_S, Pool, sharing_topics
from match_svc.domain.profiles import Profile, ProfileTable
from match_svc.domain.rebuild import ProposalRecord, rebuild
from match_svc.domain.requests import UNKNOWN_PROFICIENCY_GAP, Proposal, Request, match_id_for, preference

__all__ = [
    "CONFIRM_RETRY_S",
    "REMEMBER_ENDED_S",
    "UNKNOWN_PROFICIENCY_GAP",
    "Busy",
    "Confirmations",
    "Decision",
    "Found",
    "PartnerAccepted",
    "Pool",
    "Profile",
    "ProfileTable",
    "Proposal",
    "ProposalRecord",
    "Proposed",
    "Queued",
    "Ready",
    "Request",
    "Standing",
    "TimedOut",
    "Unavailable",
    "Withdrawn",
    "match_id_for",
    "preference",
    "rebuild",
    "sharing_topics",
    "unavailable_of",
]
