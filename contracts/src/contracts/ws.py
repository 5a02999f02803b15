"""The realtime protocol on the gateway's ``/ws`` (docs/api-realtime.md): every message, both directions.

One JSON text frame per message, with a ``type`` (the discriminator) and a protocol version ``v``. The web client's
types are generated from ``docs/ws.schema.json``, which ``json_schema()`` writes. Parsing a client's frame never
raises anything but ``MessageError``, whose ``code`` is the ``error`` code the gateway answers with.
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import IntEnum
from typing import Annotated, Any, Final, Literal, get_args

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic.json_schema import JsonSchemaMode

from contracts.common import Difficulty, Language, Topic
from contracts.envelope import ContractError
from contracts.events.match import MAX_TOPICS
from contracts.events.notify import UserNotification
from contracts.notices import (
    NOTICES,
    MatchFoundNotice,
    MatchPartnerAcceptedNotice,
    MatchProposedNotice,
    MatchQueuedNotice,
    MatchStateNotice,
    MatchTimedOutNotice,
    MatchWithdrawnNotice,
    SessionStartedNotice,
)

PROTOCOL_VERSION: Final = 1
MAX_TOKEN_CHARS: Final = 8192
MAX_SAFE_INTEGER: Final = 2**53 - 1  # a ping id must round-trip through a JavaScript number

ErrorCode = Literal[
    "invalid_message",
    "unsupported_version",
    "unauthenticated",
    "forbidden",
    "token_expired",
    "rate_limited",
    "unavailable",
]


class CloseCode(IntEnum):
    """Why the gateway closed a socket (the close frame's code)."""

    NORMAL = 1000  # log-out, tab closed
    GOING_AWAY = 1001  # the gateway is shutting down: reconnect, another instance takes it
    INVALID_PAYLOAD = 1007  # /collab: a frame that is not a y-websocket message (that socket only)
    MESSAGE_TOO_BIG = 1009  # a frame larger than GATEWAY_WS_MAX_BYTES
    INTERNAL_ERROR = 1011  # an unexpected error in the gateway, or a peer that missed its heartbeats
    TRY_AGAIN_LATER = 1013  # the client fell too far behind reading its messages: reconnect
    UNAUTHENTICATED = 4401  # no valid token in time, or it expired without renewal: refresh, then reconnect
    FORBIDDEN = 4403  # the account was deleted; /collab: not a participant of the session
    NOT_FOUND = 4404  # /collab: no such session
    SESSION_ENDED = 4410  # /collab: the session has ended (or ends now): do not reconnect
    RATE_LIMITED = 4429  # flooding past the burst: reconnect after a pause


class _Message(BaseModel):
    # Unknown fields are ignored: a newer peer may add optional fields within a version. What the gateway sends
    # always carries every field, so the schema of a sent message lists defaulted fields as required too.
    model_config = ConfigDict(frozen=True, extra="ignore", json_schema_serialization_defaults_required=True)

    v: Literal[1] = Field(default=1, description="protocol version")


# Client -> gateway


class Auth(_Message):
    """The access token: the first message on a socket, and again before ``expires_at`` to stay connected."""

    type: Literal["auth"] = "auth"
    token: str = Field(min_length=1, max_length=MAX_TOKEN_CHARS)


class Ping(_Message):
    """An application-level round trip (the UI's latency display); answered by ``pong`` with the same id."""

    type: Literal["ping"] = "ping"
    id: int = Field(ge=0, le=MAX_SAFE_INTEGER)


_UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class MatchRequest(_Message):
    """Join the pool of a difficulty (docs/api-matching.md). ``request_id`` is a UUID the tab makes, so a resent
    message is the same request; a new request of the same user replaces the one before it."""

    type: Literal["match_request"] = "match_request"
    request_id: str = Field(pattern=_UUID)
    difficulty: Difficulty
    topics: tuple[Topic, ...] = Field(default=(), max_length=MAX_TOPICS, description="empty: any topic")
    language: Language


class MatchCancel(_Message):
    """Leave the pool, or decline the partner proposed in the ready-check."""

    type: Literal["match_cancel"] = "match_cancel"
    request_id: str = Field(pattern=_UUID)
    difficulty: Difficulty


class MatchAccept(_Message):
    """Accept the partner proposed in the ready-check."""

    type: Literal["match_accept"] = "match_accept"
    request_id: str = Field(pattern=_UUID)
    match_id: str = Field(min_length=1, max_length=64)
    difficulty: Difficulty


class MatchStateQuery(_Message):
    """Ask where this user stands in every pool: sent after each (re)connect, so a push missed while the socket was
    down, or a reload, costs nothing. Answered by ``ack``, then one ``match.state`` notice per difficulty."""

    type: Literal["match_state"] = "match_state"
    request_id: str = Field(pattern=_UUID, description="this ask's id (a UUID the tab makes); the answers' ask_id")
    following: str | None = Field(default=None, pattern=_UUID, description="the search this tab follows, if any")


# Gateway -> client


class Ready(_Message):
    """Authenticated (again): who, this socket's id, when the token expires, how often the gateway pings."""

    type: Literal["ready"] = "ready"
    user_id: str
    connection_id: str
    expires_at: AwareDatetime
    heartbeat_s: int = Field(ge=1)


class Pong(_Message):
    type: Literal["pong"] = "pong"
    id: int = Field(ge=0, le=MAX_SAFE_INTEGER)


_NOTIFY_DOC: Final = "Something a service published for this user (`user.notify`), one message per `kind`."


class _Notify(_Message):
    """A ``notify`` of one ``kind``, whose ``data`` is that kind's notice (``contracts.notices``). Adding a notice:
    its model there, its class here, and the class in ``AnyNotify``."""

    type: Literal["notify"] = "notify"
    notification_id: str
    sent_at: AwareDatetime = Field(description="when the service published it")


class MatchQueuedNotify(_Notify):
    kind: Literal["match.queued"] = "match.queued"
    data: MatchQueuedNotice


class MatchProposedNotify(_Notify):
    kind: Literal["match.proposed"] = "match.proposed"
    data: MatchProposedNotice


class MatchPartnerAcceptedNotify(_Notify):
    kind: Literal["match.partner_accepted"] = "match.partner_accepted"
    data: MatchPartnerAcceptedNotice


class MatchFoundNotify(_Notify):
    kind: Literal["match.found"] = "match.found"
    data: MatchFoundNotice


class MatchTimedOutNotify(_Notify):
    kind: Literal["match.timed_out"] = "match.timed_out"
    data: MatchTimedOutNotice


class MatchWithdrawnNotify(_Notify):
    kind: Literal["match.withdrawn"] = "match.withdrawn"
    data: MatchWithdrawnNotice


class MatchStateNotify(_Notify):
    kind: Literal["match.state"] = "match.state"
    data: MatchStateNotice


class SessionStartedNotify(_Notify):
    kind: Literal["session.started"] = "session.started"
    data: SessionStartedNotice


AnyNotify = (
    MatchQueuedNotify
    | MatchProposedNotify
    | MatchPartnerAcceptedNotify
    | MatchFoundNotify
    | MatchTimedOutNotify
    | MatchWithdrawnNotify
    | MatchStateNotify
    | SessionStartedNotify
)
Notify = Annotated[AnyNotify, Field(discriminator="kind")]
NOTIFY_MESSAGES: Final = get_args(AnyNotify)


class Ack(_Message):
    """A match message was passed on to the match service (what happens next comes as ``notify``)."""

    type: Literal["ack"] = "ack"
    request_id: str


class Error(_Message):
    """A message was refused; the socket stays open unless a close follows."""

    type: Literal["error"] = "error"
    code: ErrorCode
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


AnyClientMessage = Auth | Ping | MatchRequest | MatchCancel | MatchAccept | MatchStateQuery
AnyServerMessage = Ready | Pong | AnyNotify | Ack | Error
ClientMessage = Annotated[AnyClientMessage, Field(discriminator="type")]
ServerMessage = Annotated[Ready | Pong | Notify | Ack | Error, Field(discriminator="type")]

CLIENT_MESSAGES: Final = (Auth, Ping, MatchRequest, MatchCancel, MatchAccept, MatchStateQuery)
SERVER_MESSAGES: Final = (Ready, Pong, *NOTIFY_MESSAGES, Ack, Error)
_CLIENT_TYPES: Final = [m.model_fields["type"].default for m in CLIENT_MESSAGES]

_client: TypeAdapter[AnyClientMessage] = TypeAdapter(ClientMessage)
_server: TypeAdapter[AnyServerMessage] = TypeAdapter(ServerMessage)


class MessageError(ContractError):
    """A client frame the gateway cannot take; ``code`` is the ``error`` message's code."""

    def __init__(self, code: Literal["invalid_message", "unsupported_version"], message: str, **details: Any) -> None:
        super().__init__(message)
        self.code: Literal["invalid_message", "unsupported_version"] = code
        self.message = message
        self.details = details


def parse_client_message(raw: str | bytes) -> AnyClientMessage:
    """One client frame as a typed message, or ``MessageError`` saying why not (never anything else)."""
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError):  # ValueError: bad JSON, bad UTF-8, an integer past Python's digit limit
        raise MessageError("invalid_message", "The message is not JSON.") from None
    if not isinstance(obj, dict):
        raise MessageError("invalid_message", "The message is not a JSON object.")
    version = obj.get("v", PROTOCOL_VERSION)
    if type(version) is not int or version != PROTOCOL_VERSION:  # `True == 1` in Python: compare the type too
        raise MessageError(
            "unsupported_version", f"Protocol version {version!r} is not supported.", supported=[PROTOCOL_VERSION]
        )
    kind = obj.get("type")
    if kind not in _CLIENT_TYPES:
        raise MessageError("invalid_message", f"Unknown message type {kind!r}.", known=_CLIENT_TYPES)
    try:
        return _client.validate_python(obj)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"][1:]) or "(root)"  # loc[0] is the union tag
        raise MessageError("invalid_message", f"Invalid {kind} message: {field}: {err['msg']}.", field=field) from None


def parse_server_message(raw: str | bytes) -> AnyServerMessage:
    """A gateway frame as a typed message (for clients and tests); ``ContractError`` when it is not one."""
    try:
        return _server.validate_json(raw)
    except ValidationError as exc:
        raise ContractError(f"not a server message: {exc.errors()[0]['msg']}") from None


_notify: TypeAdapter[AnyNotify] = TypeAdapter(Notify)


def notify(note: UserNotification, sent_at: datetime) -> AnyNotify:
    """The ``notify`` message that brings ``note`` to its user's tabs; ``ContractError`` when its ``kind`` is not
    a notice of this protocol version or its ``data`` is not that notice (the gateway sends only what its schema
    says)."""
    frame = {"notification_id": note.notification_id, "kind": note.kind, "data": note.data, "sent_at": sent_at}
    try:
        return _notify.validate_python(frame)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ContractError(f"not a {note.kind!r} notice: {'.'.join(map(str, err['loc']))}: {err['msg']}") from None


def encode(message: AnyServerMessage) -> str:
    """The text frame for a server message."""
    return message.model_dump_json()


def json_schema() -> dict[str, Any]:
    """``docs/ws.schema.json``: every message under ``$defs``, the two unions, the error and close codes."""
    defs: dict[str, Any] = {}
    unions: dict[str, Any] = {}
    sides: tuple[tuple[str, TypeAdapter[Any], JsonSchemaMode], ...] = (
        ("ClientMessage", _client, "validation"),  # what a client may send
        ("ServerMessage", _server, "serialization"),  # what the gateway sends
    )
    for name, adapter, mode in sides:
        schema = adapter.json_schema(ref_template="#/$defs/{model}", mode=mode)
        defs.update(schema.pop("$defs", {}))
        unions[name] = {"title": name, **schema}
    for model in defs.values():  # a client must send `type` and `v` too (the parser takes a missing `v` as 1)
        if "type" in model.get("properties", {}):
            model["required"] = ["type", "v", *(f for f in model.get("required", []) if f not in ("type", "v"))]
    for notice in NOTICES:  # what each kind's `data` is, with the kind named first
        prefix = f"`data` of a notify of kind {notice.KIND!r}. "
        defs[notice.__name__]["description"] = prefix + defs[notice.__name__].get("description", "")
    # `notify` is itself a union on `kind`: one named definition the server union points to.
    notify_union = _notify.json_schema(ref_template="#/$defs/{model}", mode="serialization")
    notify_union.pop("$defs", None)
    server = unions["ServerMessage"]
    server["oneOf"] = [{"$ref": "#/$defs/Notify"} if "oneOf" in m else m for m in server["oneOf"]]
    server["discriminator"]["mapping"]["notify"] = "#/$defs/Notify"
    defs["Notify"] = {"title": "Notify", "description": _NOTIFY_DOC, **notify_union}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "PeerPrep realtime messages",
        "description": "Messages on the gateway's /ws, version 1 (docs/api-realtime.md).",
        "oneOf": [{"$ref": "#/$defs/ClientMessage"}, {"$ref": "#/$defs/ServerMessage"}],
        "$defs": {**defs, **unions},
        "noticeKinds": {notice.KIND: notice.__name__ for notice in NOTICES},
        "protocolVersion": PROTOCOL_VERSION,
        "closeCodes": {code.name: code.value for code in CloseCode},
        "errorCodes": list(get_args(ErrorCode)),
    }
