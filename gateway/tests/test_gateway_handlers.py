"""The /ws message table: every client message but ``auth`` has a handler, and dispatch goes through it."""

from typing import cast

from contracts.ws import CLIENT_MESSAGES, Auth, Ping, Pong
from gateway.realtime.handlers import HANDLERS, Caller, dispatch
from svc_kit import EventBus


def test_every_client_message_but_auth_has_one_handler() -> None:
    assert set(HANDLERS) == set(CLIENT_MESSAGES) - {Auth}


async def test_a_ping_is_answered_by_its_handler_with_a_pong_of_the_same_id() -> None:
    caller = Caller(user_id="ada", bus=cast(EventBus, object()))  # a ping publishes nothing
    assert await dispatch(Ping(id=7), caller) == Pong(id=7)
