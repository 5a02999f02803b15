"""The realtime protocol's models: what a client may send parses, anything else is a MessageError with its code."""

import json
from datetime import UTC, datetime

import pytest

from contracts import REGISTRY, TOPICS, ContractError
from contracts.events.notify import UserNotification
from contracts.ws import (
    Auth,
    CloseCode,
    Error,
    MessageError,
    Notify,
    Ping,
    Pong,
    Ready,
    encode,
    json_schema,
    parse_client_message,
    parse_server_message,
)


def test_auth_and_ping_parse_from_text_or_bytes() -> None:
    assert parse_client_message('{"v": 1, "type": "auth", "token": "abc"}') == Auth(token="abc")
    assert parse_client_message(b'{"v": 1, "type": "ping", "id": 7}') == Ping(id=7)


def test_a_missing_version_is_version_one_and_unknown_fields_are_ignored() -> None:
    assert parse_client_message('{"type": "ping", "id": 1, "extra": true}') == Ping(id=1)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ("not json", None),
        (b"\xff\xfe", None),
        ("[1, 2]", None),
        ('"auth"', None),
        ("null", None),
        ('{"v": 1}', None),
        ('{"v": 1, "type": "subscribe"}', None),
        ('{"v": 1, "type": 5}', None),
        ('{"v": 1, "type": "auth"}', "token"),
        ('{"v": 1, "type": "auth", "token": ""}', "token"),
        ('{"v": 1, "type": "auth", "token": 12}', "token"),
        ('{"v": 1, "type": "ping", "id": "x"}', "id"),
        ('{"v": 1, "type": "ping", "id": -1}', "id"),
        ('{"v": 1, "type": "ping", "id": 9007199254740992}', "id"),
        ('{"v": 1, "type": "ready", "user_id": "u"}', None),  # a server message is not a client's
    ],
)
def test_anything_else_is_an_invalid_message(raw: str | bytes, field: str | None) -> None:
    with pytest.raises(MessageError) as caught:
        parse_client_message(raw)
    assert caught.value.code == "invalid_message"
    assert isinstance(caught.value, ContractError)
    if field is not None:
        assert caught.value.details["field"] == field


@pytest.mark.parametrize("version", [2, 0, "1", True, None, 1.5])
def test_another_version_is_unsupported(version: object) -> None:
    raw = json.dumps({"v": version, "type": "ping", "id": 1})
    with pytest.raises(MessageError) as caught:
        parse_client_message(raw)
    assert caught.value.code == "unsupported_version"
    assert caught.value.details == {"supported": [1]}


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 100_000 + "]" * 100_000,
        "9" * 5000,  # past Python's digit limit: a ValueError that once closed the socket with 1011
        '{"type": "ping", "v": ' + "9" * 5000 + "}",
        '{"type": "match_cancel", "request_id": ' + "9" * 5000 + "}",
    ],
    ids=["deep-array", "huge-int", "huge-version", "huge-field"],
)
def test_a_hostile_frame_is_refused_not_crashed_on(raw: str) -> None:
    with pytest.raises(MessageError):
        parse_client_message(raw)


def test_server_messages_round_trip_with_every_field_present() -> None:
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    messages = [
        Ready(user_id="u1", connection_id="c1", expires_at=now, heartbeat_s=15),
        Pong(id=3),
        Notify(notification_id="n1", kind="match.found", data={"session_id": "s1"}, sent_at=now),
        Error(code="rate_limited", message="slow down", details={"retry_after_s": 1}),
    ]
    for message in messages:
        text = encode(message)
        assert json.loads(text)["v"] == 1
        assert parse_server_message(text) == message
    assert json.loads(encode(Error(code="forbidden", message="no")))["details"] == {}
    with pytest.raises(ContractError):
        parse_server_message('{"type": "auth", "token": "x"}')


def test_the_schema_names_both_unions_every_message_and_the_codes() -> None:
    schema = json_schema()
    json.dumps(schema)
    defs = schema["$defs"]
    assert {"Auth", "Ping", "Ready", "Pong", "Notify", "Error", "ClientMessage", "ServerMessage"} <= set(defs)
    assert defs["ClientMessage"]["discriminator"]["propertyName"] == "type"
    for name in ("Auth", "Ping", "Ready", "Pong", "Notify", "Error"):
        assert defs[name]["required"][:2] == ["type", "v"]
    assert "details" in defs["Error"]["required"]  # always sent, maybe empty
    assert schema["closeCodes"]["UNAUTHENTICATED"] == CloseCode.UNAUTHENTICATED == 4401
    assert "rate_limited" in schema["errorCodes"]


def test_user_notifications_are_keyed_by_user_on_their_own_short_lived_topic() -> None:
    spec = TOPICS["user.notify"]
    assert (spec.payload, spec.key, spec.partitions) == (UserNotification, "user_id", 6)
    assert spec.configs() == {"cleanup.policy": "delete", "retention.ms": str(3600 * 1000)}
    note = UserNotification(notification_id="n1", user_id="u1", kind="match.found", data={"a": 1})
    assert note.key() == "u1"
    assert REGISTRY.get("user.notify", 1) is UserNotification
