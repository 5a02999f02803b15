"""The one envelope every PeerPrep event travels in, and the base class of every payload."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, SerializeAsAny, ValidationError

from contracts.ids import uuid7


class ContractError(ValueError):
    """A record that is not a valid PeerPrep event (bad JSON, unknown type or version, invalid payload)."""


class Payload(BaseModel):
    """Base of every event payload.

    Payloads are frozen. Within a version only optional fields are added (old consumers ignore them); a breaking
    change is a new class with ``VERSION`` + 1 registered beside the old one.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    EVENT_TYPE: ClassVar[str]
    VERSION: ClassVar[int] = 1

    def key(self) -> str:
        """The Kafka record key: events with the same key keep their order."""
        raise NotImplementedError


P = TypeVar("P", bound=Payload)


class Envelope(BaseModel, Generic[P]):
    model_config = ConfigDict(frozen=True)

    event_id: UUID = Field(description="UUIDv7 of this event; consumers deduplicate on it")
    type: str = Field(description="event type, equal to the topic's logical name, e.g. match.requested")
    version: int = Field(ge=1)
    occurred_at: AwareDatetime
    correlation_id: str = Field(min_length=1, max_length=128)
    producer: str = Field(min_length=1, max_length=64)
    payload: SerializeAsAny[P]  # a decoded Envelope[Payload] still writes every field of its concrete payload

    @classmethod
    def wrap(
        cls,
        payload: P,
        *,
        producer: str,
        correlation_id: str | None = None,
        event_id: UUID | None = None,
        occurred_at: datetime | None = None,
    ) -> Envelope[P]:
        """Put ``payload`` in a new envelope; a missing correlation id starts a new trace at this event."""
        eid = event_id or uuid7()
        return Envelope[P](
            event_id=eid,
            type=payload.EVENT_TYPE,
            version=payload.VERSION,
            occurred_at=occurred_at or datetime.now(UTC),
            correlation_id=correlation_id or str(eid),
            producer=producer,
            payload=payload,
        )

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()


class _RawEnvelope(BaseModel):
    event_id: UUID
    type: str
    version: int
    occurred_at: AwareDatetime
    correlation_id: str
    producer: str
    payload: dict[str, Any]


class PayloadRegistry:
    """Maps (type, version) to the payload class that reads it."""

    def __init__(self, payloads: list[type[Payload]]) -> None:
        self._by_key: dict[tuple[str, int], type[Payload]] = {}
        for payload in payloads:
            key = (payload.EVENT_TYPE, payload.VERSION)
            if key in self._by_key:
                raise ValueError(f"two payload classes for {key}")
            self._by_key[key] = payload

    def __iter__(self) -> Any:
        return iter(self._by_key.values())

    def get(self, event_type: str, version: int) -> type[Payload]:
        try:
            return self._by_key[(event_type, version)]
        except KeyError:
            raise ContractError(f"unknown event {event_type} v{version}") from None

    def decode(self, raw: bytes | str) -> Envelope[Payload]:
        """Parse one record's value into a typed envelope, or raise ContractError saying why."""
        try:
            outer = _RawEnvelope.model_validate(json.loads(raw))
        except ValidationError as exc:
            raise ContractError(f"not an envelope: {_first_error(exc)}") from None
        except (ValueError, TypeError, RecursionError) as exc:
            # ValueError: bad JSON, bad UTF-8, an integer past Python's digit limit; RecursionError: deep nesting.
            # Whatever the record holds, it is the record's fault: never an outage to retry.
            raise ContractError(f"not JSON: {type(exc).__name__}: {str(exc)[:200]}") from None
        payload_cls = self.get(outer.type, outer.version)
        try:
            payload = payload_cls.model_validate(outer.payload)
        except ValidationError as exc:
            raise ContractError(f"invalid {outer.type} v{outer.version} payload: {_first_error(exc)}") from None
        except (ValueError, TypeError, RecursionError) as exc:
            raise ContractError(f"invalid {outer.type} v{outer.version} payload: {type(exc).__name__}") from None
        return Envelope[Payload](**{**outer.model_dump(), "payload": payload})


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "(root)"
    return f"{where}: {err['msg']} ({exc.error_count()} error(s))"
