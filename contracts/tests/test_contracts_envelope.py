import json

import pytest
from pydantic import ValidationError

from contracts import REGISTRY, ContractError, Difficulty, Envelope, Language
from contracts.events.match import MatchRequested
from contracts.events.session import SessionStarted


def _request() -> MatchRequested:
    return MatchRequested(
        request_id="r1", user_id="u1", difficulty=Difficulty.EASY, topics=("arrays",), language=Language.PYTHON
    )


def test_an_envelope_round_trips_through_bytes_with_its_typed_payload() -> None:
    sent = Envelope.wrap(_request(), producer="gateway", correlation_id="c-1")
    received = REGISTRY.decode(sent.to_bytes())
    assert received == sent
    assert isinstance(received.payload, MatchRequested)
    assert received.type == "match.requested"
    assert received.version == 1
    assert received.occurred_at.tzinfo is not None


def test_a_new_trace_starts_at_an_event_without_correlation_id() -> None:
    envelope = Envelope.wrap(_request(), producer="gateway")
    assert envelope.correlation_id == str(envelope.event_id)
    assert envelope.event_id.version == 7


def test_envelopes_and_payloads_are_frozen() -> None:
    envelope = Envelope.wrap(_request(), producer="gateway")
    with pytest.raises(ValidationError):
        envelope.payload.user_id = "someone else"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        envelope.type = "match.found"  # type: ignore[misc]


def test_a_consumer_reads_a_payload_with_fields_added_later_in_the_same_version() -> None:
    raw = json.loads(Envelope.wrap(_request(), producer="gateway").to_bytes())
    raw["payload"]["added_in_a_later_release"] = "ignored"
    assert REGISTRY.decode(json.dumps(raw)).payload == _request()


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"\xff\xfe", "not JSON"),
        (b"{not json", "not JSON"),
        (b'{"type": "match.requested"}', "not an envelope: event_id"),
        (
            json.dumps({**json.loads(Envelope.wrap(_request(), producer="g").to_bytes()), "type": "nope"}).encode(),
            "unknown event nope v1",
        ),
        (
            json.dumps({**json.loads(Envelope.wrap(_request(), producer="g").to_bytes()), "version": 9}).encode(),
            "unknown event match.requested v9",
        ),
        (
            json.dumps(
                {**json.loads(Envelope.wrap(_request(), producer="g").to_bytes()), "payload": {"user_id": "u"}}
            ).encode(),
            "invalid match.requested v1 payload",
        ),
    ],
)
def test_decoding_a_bad_record_says_what_is_wrong(raw: bytes, says: str) -> None:
    with pytest.raises(ContractError, match=says):
        REGISTRY.decode(raw)


def test_a_session_needs_a_pair_of_users() -> None:
    with pytest.raises(ValidationError):
        SessionStarted(session_id="s", match_id="m", user_ids=("a",), slug="two-sum", language=Language.PYTHON)  # type: ignore[arg-type]


HUGE_INT = "9" * 5000  # past Python's 4,300-digit limit: json.loads raises ValueError, not JSONDecodeError


@pytest.mark.parametrize(
    "raw",
    [
        HUGE_INT,
        '{"type": "match.requested", "version": ' + HUGE_INT + "}",
        "[" * 100_000 + "]" * 100_000,  # RecursionError in json.loads
        '{"payload": ' + "[" * 100_000 + "]" * 100_000 + "}",
        b"\xff\xfe not utf-8",
        b"",
    ],
    ids=["huge-int", "huge-int-field", "deep-array", "deep-payload", "bad-utf8", "empty"],
)
def test_whatever_a_record_holds_it_is_a_contract_error_never_an_outage(raw: str | bytes) -> None:
    with pytest.raises(ContractError):
        REGISTRY.decode(raw)


def test_a_huge_integer_inside_a_payload_is_a_contract_error() -> None:
    sent = json.loads(Envelope.wrap(_request(), producer="gateway").to_bytes())
    raw = json.dumps(sent).replace('"r1"', HUGE_INT)
    with pytest.raises(ContractError):
        REGISTRY.decode(raw)
