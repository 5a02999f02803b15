"""The realtime protocol's models: what a client may send parses, anything else is a MessageError with its code."""

import json
from datetime import UTC, datetime

import pytest

from contracts import REGISTRY, TOPICS, ContractError
from contracts.events.notify import UserNotification
from contracts.notices import NOTICES, MatchFoundNotice, MatchStateKind, MatchStateNotice
from contracts.ws import (
    NOTIFY_MESSAGES,
    Auth,
    CloseCode,
    Error,
    MatchFoundNotify,
    MatchStateNotify,
    MessageError,
    Ping,
    Pong,
    Ready,
    encode,
    json_schema,
    notify,
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
        MatchFoundNotify(
            notification_id="n1", data=MatchFoundNotice(request_id="r1", match_id="m1", partner_name=None), sent_at=now
        ),
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
    assert defs["ServerMessage"]["discriminator"]["mapping"]["notify"] == "#/$defs/Notify"
    assert defs["Notify"]["discriminator"]["propertyName"] == "kind"
    for name in ("Auth", "Ping", "Ready", "Pong", "MatchFoundNotify", "Error"):
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


def test_every_notice_has_one_notify_message_of_its_kind() -> None:
    kinds = {m.model_fields["kind"].default: m.model_fields["data"].annotation for m in NOTIFY_MESSAGES}
    assert kinds == {notice.KIND: notice for notice in NOTICES}
    assert json_schema()["noticeKinds"] == {notice.KIND: notice.__name__ for notice in NOTICES}


def test_a_notification_becomes_the_notify_of_its_kind_with_the_same_json() -> None:
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    answer = MatchStateNotice(
        ask_id="a1",
        difficulty="easy",
        state=MatchStateKind.NONE,
        queued=None,
        proposed=None,
        accepted=False,
        partner_accepted=False,
        following=None,
        following_ended=False,
    )
    note = answer.to("u1", notification_id="n1")
    frame = notify(note, now)
    assert isinstance(frame, MatchStateNotify)
    assert frame.data == answer
    assert json.loads(encode(frame)) == {
        "v": 1,
        "type": "notify",
        "notification_id": "n1",
        "kind": "match.state",
        "data": note.data,
        "sent_at": "2026-01-02T03:04:05Z",
    }
    assert parse_server_message(encode(frame)) == frame


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("test", {"n": 1}),
        ("match.found", {"session_id": "s1"}),
        ("match.timed_out", {"request_id": "r", "reason": "x"}),
    ],
)
def test_a_notification_that_is_not_its_kinds_notice_is_no_notify(kind: str, data: dict[str, object]) -> None:
    note = UserNotification(notification_id="n1", user_id="u1", kind=kind, data=data)
    with pytest.raises(ContractError):
        notify(note, datetime(2026, 1, 2, tzinfo=UTC))
