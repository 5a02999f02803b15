"""Kafka -> this instance's sockets. Every gateway instance reads ``user.notify`` whole (no consumer group, from
the latest offset) and hands each notification to the tabs of its user that are connected here, so any instance
can serve any user. ``user.deleted`` closes that user's sockets with 4403. ``match.figures`` (one record per pool
and status round) refreshes the figures of this instance's waiting tabs (``waiting.WaitingTabs``).

A notification is encoded once, whatever the number of tabs; one for a user with no socket here costs only its
decoding. A repeated ``notification_id`` (a producer's retry with a new event id) is dropped, and so is one that is
not a notice of the realtime protocol (``contracts.ws.Notify``: an unknown ``kind``, or ``data`` not its notice),
with a warning: the gateway sends only what its schema says.
"""

from __future__ import annotations

from datetime import UTC, datetime

from contracts import ContractError, Envelope
from contracts.events.match import MatchFigures
from contracts.events.notify import UserNotification
from contracts.events.user import UserDeleted
from contracts.ws import Error, encode, notify
from gateway.realtime.registry import Registry
from gateway.realtime.waiting import WaitingTabs
from svc_kit.bus import EventBus
from svc_kit.errors import Forbidden, ws_close_code
from svc_kit.logging import get_logger
from svc_kit.recent import RecentIds


def register_fanout(bus: EventBus, registry: Registry, *, remember: int) -> None:
    log = get_logger("gateway.fanout")
    recent: RecentIds[str] = RecentIds(remember)
    waiting = WaitingTabs()

    def deliver(note: UserNotification, sent_at: datetime) -> None:
        try:
            frame = notify(note, sent_at)
        except ContractError as exc:  # a kind this gateway's protocol does not have, or data that is not its notice
            log.warning("ws.notice_refused", user_id=note.user_id, kind=note.kind, reason=str(exc))
            return
        tabs = registry.deliver(note.user_id, encode(frame))
        log.debug("ws.pushed", user_id=note.user_id, kind=note.kind, tabs=tabs)

    async def push_notification(event: Envelope[UserNotification]) -> None:
        note = event.payload
        if not registry.connected(note.user_id) or not recent.add(note.notification_id):
            return
        deliver(note, event.occurred_at)
        waiting.observe(note)

    async def refresh_figures(event: Envelope[MatchFigures]) -> None:
        for note in waiting.refresh(event.payload, connected=registry.connected, now=datetime.now(UTC)):
            deliver(note, event.occurred_at)

    async def close_deleted_account(event: Envelope[UserDeleted]) -> None:
        registry.forbid(event.payload.user_id)
        gone = Forbidden("This account was deleted.")
        last_words = encode(Error(code="forbidden", message=gone.message, details={}))
        closed = registry.close_user(event.payload.user_id, ws_close_code(gone), last_words=last_words)
        if closed:
            log.info("ws.account_deleted", user_id=event.payload.user_id, closed=closed)

    bus.subscribe_broadcast(UserNotification, push_notification, name="fanout")
    bus.subscribe_broadcast(UserDeleted, close_deleted_account, name="deleted_accounts")
    bus.subscribe_broadcast(MatchFigures, refresh_figures, name="match_figures")
