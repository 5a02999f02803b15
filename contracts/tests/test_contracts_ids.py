import uuid

import pytest

from contracts.ids import uuid7, uuid7_time_ms


def test_uuid7_has_version_7_and_the_rfc_variant() -> None:
    value = uuid7()
    assert value.version == 7
    assert value.variant == uuid.RFC_4122


def test_uuid7_carries_its_creation_time_and_sorts_by_it() -> None:
    early, late = uuid7(1_700_000_000_000), uuid7(1_700_000_000_001)
    assert uuid7_time_ms(early) == 1_700_000_000_000
    assert early < late
    assert str(early) < str(late)  # also as text, the form stored and logged


def test_uuid7_values_are_unique_within_one_millisecond() -> None:
    assert len({uuid7(1_700_000_000_000) for _ in range(1000)}) == 1000


def test_uuid7_refuses_times_outside_48_bits() -> None:
    with pytest.raises(ValueError, match="48 bits"):
        uuid7(1 << 48)
    with pytest.raises(ValueError, match="not a version 7"):
        uuid7_time_ms(uuid.uuid4())
