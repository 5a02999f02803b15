from datetime import UTC, datetime

import pytest

from collab_svc.domain import SessionStatus, open_session
from contracts import Language


def test_a_new_session_is_active_and_seeded_with_the_starter_code() -> None:
    session = open_session(
        session_id="s-1",
        match_id="m-1",
        user_ids=("ada", "alan"),
        slug="two-sum",
        language=Language.PYTHON,
        starter_code="def two_sum(nums, target):\n    pass\n",
        now=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert session.status is SessionStatus.ACTIVE
    assert session.document_seed.startswith("def two_sum")
    assert session.has_participant("ada")
    assert not session.has_participant("eve")


def test_nobody_pairs_with_themselves() -> None:
    with pytest.raises(ValueError, match="two different users"):
        open_session(
            session_id="s-1",
            match_id="m-1",
            user_ids=("ada", "ada"),
            slug="two-sum",
            language=Language.PYTHON,
            starter_code="",
            now=datetime(2026, 1, 1, tzinfo=UTC),
        )
