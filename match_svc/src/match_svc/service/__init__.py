"""match_svc use cases, by job: the inputs and the clock (``inputs.MatchService``), what a decision announces
(``announcements``), the confirmation of a ready pair (``confirmation``), the facts a new owner reads back
(``facts``), the read models (``read_models``) and the ports they need (``ports``; in-memory ones in ``memory``)."""

from match_svc.service.facts import Facts, Requested, collect
from match_svc.service.inputs import MatchService
from match_svc.service.ports import Claims, Publisher
from match_svc.service.read_models import ReadModels

__all__ = ["Claims", "Facts", "MatchService", "Publisher", "ReadModels", "Requested", "collect"]
