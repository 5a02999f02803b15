"""The use cases (``MatchService``) with an injected clock and in-memory ports (``service.memory``): no Kafka, no
MongoDB. Each flow as a user lives it: request -> proposed -> accept -> found, decline, timeouts, cancel, refusal
of a user in a session, and the retry of a confirmation MongoDB did not answer. The same flows through the real
servers are tests/test_matching_flow.py."""

from __future__ import annotations

from datetime import UTC, datetime

from contracts import Envelope
from contracts.common import Difficulty, Language
from contracts.events.match import (
    MatchAccepted,
    MatchCancelled,
    MatchFound,
    MatchProposed,
    MatchRequested,
    MatchTimedOut,
    MatchWithdrawn,
    TimeoutReason,
    WithdrawReason,
)
from contracts.events.notify import UserNotification
from contracts.notices import (
    MatchFoundNotice,
    MatchPartnerAcceptedNotice,
    MatchProposedNotice,
    MatchQueuedNotice,
    MatchTimedOutNotice,
    MatchWithdrawnNotice,
)
from match_svc.domain import CONFIRM_RETRY_S, Profile, ProfileTable
from match_svc.service import Facts, MatchService
from match_svc.service.memory import MemoryClaims, MemoryPublisher
from match_svc.settings import MatchSettings

TIMEOUT_S = 60
READY_CHECK_S = 15.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class Matching:
    """One instance owning every pool, its clock, publisher and claims."""

    def __init__(self) -> None:
        self.clock = Clock()
        self.bus = MemoryPublisher()
        self.claims = MemoryClaims()
        self.profiles = ProfileTable()
        settings = MatchSettings(timeout_s=TIMEOUT_S, ready_check_s=READY_CHECK_S, status_every_s=1e9)
        self.service = MatchService(settings, self.bus, self.profiles, self.claims, clock=self.clock)
        self._seq = 0

    async def own_every_pool(self) -> Matching:
        for difficulty in Difficulty:
            await self.service.restore(difficulty, Facts())
        return self

    async def request(self, user_id: str, *, topics: tuple[str, ...] = ()) -> str:
        request_id = f"r-{user_id}-{self._seq}"
        payload = MatchRequested(
            request_id=request_id, user_id=user_id, difficulty=Difficulty.EASY, topics=topics, language=Language.PYTHON
        )
        at = datetime.fromtimestamp(self.clock.now, UTC)
        await self.service.requested(Envelope.wrap(payload, producer="gateway", occurred_at=at), seq=self._seq)
        self._seq += 1
        await self.service.drain()  # the session check beside the pool
        return request_id

    async def accept(self, match_id: str, request_id: str, user_id: str) -> None:
        accept = MatchAccepted(match_id=match_id, request_id=request_id, user_id=user_id, difficulty=Difficulty.EASY)
        await self.service.accepted(Envelope.wrap(accept, producer="gateway"))
        await self.service.drain()  # the confirmation beside the pool

    async def cancel(self, request_id: str, user_id: str) -> None:
        cancel = MatchCancelled(request_id=request_id, user_id=user_id, difficulty=Difficulty.EASY)
        await self.service.cancelled(Envelope.wrap(cancel, producer="gateway"))

    async def tick(self, after_s: float) -> None:
        self.clock.now += after_s
        await self.service.tick()
        await self.service.drain()

    def told(self, user_id: str) -> list[str]:
        """The kinds of the pushes to ``user_id``, in order."""
        return [n.kind for n in self.bus.of(UserNotification) if n.user_id == user_id]

    async def proposed(self) -> MatchProposed:
        await self.request("ann", topics=("arrays",))
        await self.request("bob", topics=("arrays",))
        [proposal] = self.bus.of(MatchProposed)
        return proposal


async def matching() -> Matching:
    return await Matching().own_every_pool()


async def test_two_compatible_requests_are_proposed_and_found_once_both_accept() -> None:
    m = await matching()
    m.profiles.save("bob", Profile("Bob", proficiency=3), at=1.0)
    proposal = await m.proposed()
    assert proposal.user_ids == ("ann", "bob")  # the one waiting longer first
    assert m.told("ann") == [MatchQueuedNotice.KIND, MatchProposedNotice.KIND]
    ann, bob = proposal.request_ids

    await m.accept(proposal.match_id, ann, "ann")
    assert m.told("bob")[-1] == MatchPartnerAcceptedNotice.KIND
    assert m.bus.of(MatchFound) == []
    await m.accept(proposal.match_id, bob, "bob")

    [found] = m.bus.of(MatchFound)
    assert (found.match_id, found.user_ids, found.topics) == (proposal.match_id, ("ann", "bob"), ("arrays",))
    assert m.told("ann")[-1] == m.told("bob")[-1] == MatchFoundNotice.KIND
    [pushed] = [n for n in m.bus.of(UserNotification) if n.user_id == "ann" and n.kind == MatchFoundNotice.KIND]
    assert pushed.data["partner_name"] == "Bob"
    assert m.claims.held() == {"ann": proposal.match_id, "bob": proposal.match_id}  # until their session ends
    assert m.service.pool(Difficulty.EASY).live_count() == 0


async def test_a_declined_ready_check_withdraws_the_one_who_declined_and_requeues_the_other() -> None:
    m = await matching()
    proposal = await m.proposed()
    ann, bob = proposal.request_ids
    await m.accept(proposal.match_id, ann, "ann")
    await m.cancel(bob, "bob")  # a cancel during the ready-check declines it
    [withdrawn] = m.bus.of(MatchWithdrawn)
    assert (withdrawn.request_id, withdrawn.reason) == (bob, WithdrawReason.DECLINED)
    assert m.told("bob")[-1] == MatchWithdrawnNotice.KIND
    assert m.told("ann")[-1] == MatchQueuedNotice.KIND
    [requeued] = [n for n in m.bus.of(UserNotification) if n.user_id == "ann"][-1:]
    assert requeued.data["requeued"] == "partner_declined"
    assert m.service.pool(Difficulty.EASY).live(ann) is not None
    assert m.claims.held() == {}


async def test_a_request_nobody_pairs_with_times_out_at_its_deadline() -> None:
    m = await matching()
    alone = await m.request("ann")
    await m.tick(TIMEOUT_S - 1)
    assert m.bus.of(MatchTimedOut) == []
    await m.tick(1)
    [out] = m.bus.of(MatchTimedOut)
    assert (out.request_id, out.reason) == (alone, TimeoutReason.NO_PARTNER)
    assert m.told("ann")[-1] == MatchTimedOutNotice.KIND


async def test_a_missed_ready_check_times_out_who_did_not_accept_and_requeues_who_did() -> None:
    m = await matching()
    proposal = await m.proposed()
    ann, bob = proposal.request_ids
    await m.accept(proposal.match_id, bob, "bob")
    await m.tick(READY_CHECK_S)
    [out] = m.bus.of(MatchTimedOut)
    assert (out.request_id, out.reason) == (ann, TimeoutReason.MISSED_READY_CHECK)
    assert m.told("bob")[-1] == MatchQueuedNotice.KIND
    assert m.service.pool(Difficulty.EASY).live(bob) is not None


async def test_a_waiting_request_cancelled_is_withdrawn_and_another_users_cancel_is_ignored() -> None:
    m = await matching()
    waiting = await m.request("ann")
    await m.cancel(waiting, "mallory")
    assert m.bus.of(MatchWithdrawn) == []
    await m.cancel(waiting, "ann")
    [withdrawn] = m.bus.of(MatchWithdrawn)
    assert (withdrawn.request_id, withdrawn.reason) == (waiting, WithdrawReason.CANCELLED)
    assert m.told("ann") == [MatchQueuedNotice.KIND, MatchWithdrawnNotice.KIND]


async def test_a_request_of_a_user_in_a_session_is_withdrawn_with_the_session_to_rejoin() -> None:
    m = await matching()
    await m.claims.claim([("ann", "r-old")], "m-old", datetime.fromtimestamp(m.clock.now, UTC))
    await m.claims.session_started("m-old", "s-1", ["ann"])
    request_id = await m.request("ann")
    [withdrawn] = m.bus.of(MatchWithdrawn)
    assert (withdrawn.request_id, withdrawn.reason, withdrawn.session_id) == (
        request_id,
        WithdrawReason.IN_SESSION,
        "s-1",
    )
    await m.claims.session_ended("s-1", ["ann"])  # the session over, the user may be matched again
    await m.request("ann")
    assert len(m.bus.of(MatchWithdrawn)) == 1


async def test_a_pair_one_of_which_is_held_by_another_match_by_the_time_both_accept_is_not_found() -> None:
    m = await matching()
    proposal = await m.proposed()
    ann, bob = proposal.request_ids
    await m.accept(proposal.match_id, ann, "ann")
    await m.claims.claim([("bob", "r-other")], "m-other", datetime.fromtimestamp(m.clock.now, UTC))  # another tab
    await m.accept(proposal.match_id, bob, "bob")
    assert m.bus.of(MatchFound) == []
    [withdrawn] = m.bus.of(MatchWithdrawn)
    assert (withdrawn.request_id, withdrawn.reason) == (bob, WithdrawReason.IN_SESSION)
    assert m.service.pool(Difficulty.EASY).live(ann) is not None  # back in the queue
    assert m.claims.held() == {"bob": "m-other"}  # ann's claim undone


async def test_a_confirmation_the_claims_store_did_not_answer_is_retried_by_the_tick_a_second_later() -> None:
    m = await matching()
    proposal = await m.proposed()
    ann, bob = proposal.request_ids
    await m.accept(proposal.match_id, ann, "ann")
    m.claims.down = True
    await m.accept(proposal.match_id, bob, "bob")  # the confirmation fails
    assert m.bus.of(MatchFound) == []
    m.claims.down = False
    await m.tick(CONFIRM_RETRY_S / 2)
    assert m.bus.of(MatchFound) == []  # too soon after the failure
    await m.tick(CONFIRM_RETRY_S / 2)
    [found] = m.bus.of(MatchFound)
    assert found.match_id == proposal.match_id
    await m.tick(CONFIRM_RETRY_S)
    assert len(m.bus.of(MatchFound)) == 1  # found once


async def test_the_pool_loop_dispatches_each_input_by_its_payload_type() -> None:
    m = await matching()
    asked = MatchRequested(request_id="r1", user_id="ann", difficulty=Difficulty.EASY, language=Language.PYTHON)
    await m.service.take(Envelope.wrap(asked, producer="gateway"), offset=0)
    cancel = MatchCancelled(request_id="r1", user_id="ann", difficulty=Difficulty.EASY)
    await m.service.take(Envelope.wrap(cancel, producer="gateway"), offset=1)
    await m.service.take(Envelope.wrap(m.bus.of(MatchWithdrawn)[0], producer="match_svc"), offset=2)  # not input
    await m.service.drain()
    assert m.told("ann") == [MatchQueuedNotice.KIND, MatchWithdrawnNotice.KIND]
