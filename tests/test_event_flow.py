"""An event published by one service is consumed by another service's handler, through real Kafka."""

from collections.abc import Callable
from typing import Any

from flow_helpers import match_found

from collab_svc.app import create_app as collab_app
from collab_svc.repo import SessionDoc
from collab_svc.settings import CollabSettings
from contracts import Difficulty, Language
from contracts.events.question import QuestionAssigned
from contracts.events.session import SessionStarted
from peerprep_testing import EventLog, Servers, publish, running
from question_svc.app import create_app as question_app
from question_svc.repo import QuestionDoc, QuestionRepo
from question_svc.settings import QuestionSettings


async def test_match_found_becomes_a_question_then_an_open_session(
    servers: Servers, prefix: str, settings_for: Callable[..., Any]
) -> None:
    found = match_found()
    async with (
        running(question_app(settings_for(QuestionSettings, load_bank=False))),
        running(collab_app(settings_for(CollabSettings))),
    ):
        await QuestionRepo().upsert(
            QuestionDoc(
                slug="two-sum",
                title="Two Sum",
                difficulty=Difficulty.EASY,
                topics=["arrays", "hash table"],
                starter_code={Language.PYTHON: "def two_sum(nums, target):\n    pass\n"},
            )
        )
        async with (
            EventLog(servers, prefix, QuestionAssigned) as assigned,
            EventLog(servers, prefix, SessionStarted) as started,
        ):
            await publish(servers, prefix, found)
            [assignment] = await assigned.wait_for(1)
            [opened] = await started.wait_for(1)

        session = await SessionDoc.find_one(SessionDoc.session_id == opened.payload.session_id)

    assert isinstance(assignment.payload, QuestionAssigned)
    assert assignment.payload.slug == "two-sum"
    assert assignment.payload.starter_code.startswith("def two_sum")
    # One trace from the match to the room: the correlation id travels with every hop.
    assert assignment.correlation_id == opened.correlation_id == found.correlation_id
    assert assignment.producer == "question_svc"
    assert opened.producer == "collab_svc"
    assert session is not None
    assert session.user_ids == ["ada", "alan"]
    assert session.document_seed.startswith("def two_sum")
