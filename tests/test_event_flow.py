"""A match found becomes a question assigned (question_svc) and then an open room (collab_svc) that both users'
tabs are sent to: the services launched as deployed, in both shapes, observed only through Kafka and ``/ws``."""

import shutil
from pathlib import Path

from flow_helpers import match_found

from contracts.events.question import QuestionAssigned
from contracts.events.session import SessionStarted
from peerprep_testing import REPO_ROOT, EventLog, Servers, publish
from peerprep_testing.matching import Seeker
from peerprep_testing.stack import Shape, both_shapes, launched_app
from peerprep_testing.ws import tab


@both_shapes
async def test_match_found_becomes_a_question_then_an_open_session_both_users_enter(
    servers: Servers, prefix: str, tmp_path: Path, shape: Shape
) -> None:
    shutil.copy(REPO_ROOT / "question_svc" / "bank" / "two-sum.yaml", tmp_path / "two-sum.yaml")  # the one easy one
    found = match_found()
    async with (
        launched_app(
            servers, prefix, shape, ["question_svc", "collab_svc"], env={"QUESTION_BANK_DIR": str(tmp_path)}
        ) as app,
        tab(app.url, app.mint.token("ada")) as ada_tab,
        tab(app.url, app.mint.token("alan")) as alan_tab,
        EventLog(servers, prefix, QuestionAssigned) as assigned,
        EventLog(servers, prefix, SessionStarted) as started,
    ):
        await publish(servers, prefix, found)
        [assignment] = await assigned.wait_for(1)
        [opened] = await started.wait_for(1)
        ada_room = await Seeker(ada_tab).until("session.started", match_id=found.payload.match_id)
        alan_room = await Seeker(alan_tab).until("session.started", match_id=found.payload.match_id)

    assert isinstance(assignment.payload, QuestionAssigned)
    assert isinstance(opened.payload, SessionStarted)
    assert assignment.payload.slug == "two-sum"
    assert assignment.payload.starter_code.startswith("def two_sum")  # what the room's document starts from
    # One trace from the match to the room: the correlation id travels with every hop.
    assert assignment.correlation_id == opened.correlation_id == found.correlation_id
    assert assignment.producer == "question_svc"
    assert opened.producer == "collab_svc"
    assert opened.payload.user_ids == ("ada", "alan")
    assert (opened.payload.session_id, opened.payload.slug) == (assignment.payload.session_id, "two-sum")
    assert (
        ada_room
        == alan_room
        == {
            "session_id": opened.payload.session_id,
            "match_id": found.payload.match_id,
            "slug": "two-sum",
            "language": "python",
        }
    )
