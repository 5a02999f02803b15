"""A user's new request replaces their older one in every pool, whichever instance owns it: the service tells the
pools it does not own through their own topic (the publisher and the claims are in memory here)."""

from __future__ import annotations

from datetime import UTC, datetime

from contracts import Envelope
from contracts.common import Difficulty, Language
from contracts.events.match import MatchCancelled, MatchRequested, MatchWithdrawn, WithdrawReason
from match_svc.domain import ProfileTable
from match_svc.service import Facts, MatchService
from match_svc.service.memory import MemoryClaims, MemoryPublisher
from match_svc.settings import MatchSettings

NOW = 1_000.0


async def owning(*difficulties: Difficulty) -> tuple[MatchService, MemoryPublisher]:
    bus = MemoryPublisher()
    service = MatchService(MatchSettings(), bus, ProfileTable(), MemoryClaims(), clock=lambda: NOW)
    for difficulty in difficulties:
        await service.restore(difficulty, Facts())
    return service, bus


def requested(request_id: str, difficulty: Difficulty, at: float) -> Envelope[MatchRequested]:
    payload = MatchRequested(request_id=request_id, user_id="ann", difficulty=difficulty, language=Language.PYTHON)
    return Envelope.wrap(payload, producer="gateway", occurred_at=datetime.fromtimestamp(at, UTC))


async def test_a_request_tells_each_pool_another_instance_owns_that_it_replaces_the_users_request_there() -> None:
    service, bus = await owning(Difficulty.EASY)
    event = requested("r-easy", Difficulty.EASY, NOW - 1)
    await service.requested(event, seq=0)
    cancels = bus.of(MatchCancelled)
    assert {c.difficulty for c in cancels} == {Difficulty.MEDIUM, Difficulty.HARD}
    for cancel in cancels:
        assert cancel == MatchCancelled(
            request_id="r-easy",
            user_id="ann",
            difficulty=cancel.difficulty,
            replaced=True,
            replaced_at=event.occurred_at,
        )


async def test_an_instance_owning_every_pool_replaces_in_them_itself_and_publishes_no_cancel() -> None:
    service, bus = await owning(*Difficulty)
    await service.requested(requested("r-easy", Difficulty.EASY, NOW - 2), seq=0)
    await service.requested(requested("r-hard", Difficulty.HARD, NOW - 1), seq=1)
    assert bus.of(MatchCancelled) == []
    [withdrawn] = bus.of(MatchWithdrawn)
    assert (withdrawn.request_id, withdrawn.reason) == ("r-easy", WithdrawReason.REPLACED)


async def test_the_owner_of_the_older_request_withdraws_it_as_replaced_on_that_word() -> None:
    hard_owner, hard_bus = await owning(Difficulty.HARD)
    await hard_owner.requested(requested("r-hard", Difficulty.HARD, NOW - 5), seq=0)
    easy_owner, easy_bus = await owning(Difficulty.EASY)
    await easy_owner.requested(requested("r-easy", Difficulty.EASY, NOW - 1), seq=0)
    [word] = [c for c in easy_bus.of(MatchCancelled) if c.difficulty is Difficulty.HARD]
    await hard_owner.cancelled(Envelope.wrap(word, producer="match_svc"))
    [withdrawn] = hard_bus.of(MatchWithdrawn)
    assert (withdrawn.request_id, withdrawn.reason) == ("r-hard", WithdrawReason.REPLACED)
    assert easy_bus.of(MatchWithdrawn) == []  # the newer request stays
