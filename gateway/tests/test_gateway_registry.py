"""This instance's sockets by user, without a server: every tab of a user gets a push, others none."""

import asyncio
from typing import Any

from gateway.realtime.connection import Connection
from gateway.realtime.registry import Registry


class FakeSocket:
    """What Connection's writer needs of a websocket: send and close, recorded."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.closed: tuple[int, str] | None = None

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message["text"])

    async def close(self, code: int, reason: str = "") -> None:
        self.closed = (code, reason)


def connection(registry: Registry, name: str, user_id: str | None, *, max_pending: int = 10) -> Connection:
    conn = Connection(FakeSocket(), name, max_pending=max_pending)  # type: ignore[arg-type]
    registry.open(conn)
    if user_id is not None:
        registry.bind(conn, user_id)
    return conn


def pending(conn: Connection) -> list[Any]:
    return list(conn._queue._queue)  # type: ignore[attr-defined]


def test_a_push_reaches_every_tab_of_its_user_and_no_one_else() -> None:
    registry = Registry(user_rate_per_s=50, user_burst=100)
    ada_one, ada_two = connection(registry, "a1", "ada"), connection(registry, "a2", "ada")
    alan, anonymous = connection(registry, "b1", "alan"), connection(registry, "x", None)
    assert registry.deliver("ada", "hello") == 2
    assert pending(ada_one) == pending(ada_two) == ["hello"]
    assert pending(alan) == pending(anonymous) == []
    assert registry.deliver("nobody", "hello") == 0
    assert (len(registry), registry.users) == (4, 2)


def test_tabs_share_the_users_bucket_until_the_last_one_goes() -> None:
    registry = Registry(user_rate_per_s=50, user_burst=100)
    one = connection(registry, "a1", "ada")
    bucket = registry.bind(connection(registry, "a2", "ada"), "ada")
    assert registry.bind(one, "ada") is bucket
    registry.forget(one)
    assert registry.connected("ada")
    registry.forget(registry._open["a2"])
    assert not registry.connected("ada")
    assert registry.bind(connection(registry, "a3", None), "ada") is not bucket


async def test_a_socket_too_far_behind_is_closed_instead_of_queueing_forever() -> None:
    registry = Registry(user_rate_per_s=50, user_burst=100)
    slow = connection(registry, "a1", "ada", max_pending=3)
    for n in range(5):
        registry.deliver("ada", f"m{n}")
    assert slow.close_code == 1013
    await slow.run_writer()
    socket: FakeSocket = slow._websocket  # type: ignore[assignment]
    assert socket.sent == ["m0", "m1", "m2"]
    assert socket.closed == (1013, "too far behind")


async def test_draining_closes_every_socket_with_1001_and_closing_a_user_says_why_first() -> None:
    registry = Registry(user_rate_per_s=50, user_burst=100)
    ada, alan = connection(registry, "a1", "ada"), connection(registry, "b1", None)
    assert registry.close_user("ada", 4403, last_words="bye") == 1
    await ada.run_writer()
    assert ada._websocket.sent == ["bye"]  # type: ignore[attr-defined]
    assert ada._websocket.closed == (4403, "")  # type: ignore[attr-defined]
    registry.forget(ada)  # as the endpoint does once the socket is done with
    ada.finished.set()
    writer = asyncio.create_task(alan.run_writer())
    writer.add_done_callback(lambda _: alan.finished.set())
    await registry.drain(timeout_s=5)
    assert registry.draining
    assert alan._websocket.closed == (1001, "server shutting down")  # type: ignore[attr-defined]
