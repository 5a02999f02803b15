"""Question assignment through real Kafka and MongoDB: attempts recorded from `session.ended` (once per session
and user), the never-attempted rule on `match.found`, replay determinism, and the attempt history API."""

import asyncio
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from contracts import Difficulty, Envelope, Language, uuid7
from contracts.events.match import MatchFound
from contracts.events.question import QuestionAssigned
from contracts.events.session import SessionEnded
from peerprep_testing import REPO_ROOT, EventLog, Servers, TokenMint, publish, running
from question_svc.app import create_app
from question_svc.repo import AttemptDoc
from question_svc.settings import QuestionSettings

BANK = REPO_ROOT / "question_svc" / "bank"
EASY = ("binary-search", "climbing-stairs", "contains-duplicate")


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    for slug in EASY:
        shutil.copy(BANK / f"{slug}.yaml", tmp_path / f"{slug}.yaml")
    return tmp_path


def session_ended(session_id: str, slug: str, at: datetime) -> Envelope[SessionEnded]:
    return Envelope.wrap(
        SessionEnded(
            session_id=session_id,
            user_ids=("ada", "alan"),
            ended_by="ada",
            slug=slug,
            language=Language.PYTHON,
            final_code=f"# {slug}\n",
        ),
        producer="collab_svc",
        occurred_at=at,
    )


def match_found() -> Envelope[MatchFound]:
    mid = f"m-{uuid7().hex[-8:]}"
    return Envelope.wrap(
        MatchFound(
            match_id=mid,
            difficulty=Difficulty.EASY,
            language=Language.PYTHON,
            user_ids=("ada", "alan"),
            request_ids=("r-ada", "r-alan"),
        ),
        producer="match_svc",
    )


async def history_of(http: httpx.AsyncClient, token: str, count: int) -> list[dict[str, Any]]:
    """The user's history once it holds ``count`` attempts (the consumer records them asynchronously)."""
    async with asyncio.timeout(30):
        while True:
            response = await http.get("/api/questions/history", headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200, response.text
            if len(body := response.json()) >= count:
                return list(body)
            await asyncio.sleep(0.1)


async def test_a_match_gets_a_question_neither_user_attempted_and_a_replay_gets_the_same(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], bank_dir: Path
) -> None:
    mint = TokenMint()
    await mint.publish_key(servers, prefix)
    ada, alan = mint.token("ada"), mint.token("alan")
    now = datetime.now(UTC)
    first = session_ended("s-one", EASY[0], now - timedelta(hours=2))
    second = session_ended("s-two", EASY[1], now - timedelta(hours=1))
    found = match_found()

    async with (
        running(create_app(settings_for(QuestionSettings, bank_dir=bank_dir))) as http,
        EventLog(servers, prefix, QuestionAssigned) as assigned,
    ):
        anonymous = await http.get("/api/questions/history")
        for event in (first, first, second):  # the first delivered twice
            await publish(servers, prefix, event)
        await publish(servers, prefix, session_ended("s-one", EASY[0], now - timedelta(hours=2)))  # re-sent anew
        history = await history_of(http, ada, 2)
        assert len(await history_of(http, alan, 2)) == 2

        await publish(servers, prefix, found)
        [assignment] = await assigned.wait_for(1)
        # Later the pair attempts that question too. The same event delivered again is skipped (the bus remembers
        # its id); replayed past that memory (a new event id: a restored store, a re-publish), it still gets the
        # same question, as the attempts count as of the match's time.
        await publish(servers, prefix, session_ended("s-three", EASY[2], datetime.now(UTC)))
        later = await history_of(http, ada, 3)
        await publish(servers, prefix, found)
        await publish(
            servers, prefix, Envelope.wrap(found.payload, producer="match_svc", occurred_at=found.occurred_at)
        )
        [_, replayed] = await assigned.wait_for(2)
        extra = await assigned.drain()
        per_session = {sid: await AttemptDoc.find(AttemptDoc.session_id == sid).count() for sid in ("s-one", "s-two")}

    assert anonymous.status_code == 401
    assert isinstance(assignment.payload, QuestionAssigned)
    assert isinstance(replayed.payload, QuestionAssigned)
    assert assignment.payload.slug == EASY[2]
    assert assignment.payload.title == "Contains Duplicate"
    assert replayed.payload.slug == assignment.payload.slug
    assert len(extra) == 2  # nothing more: the duplicate assigned nothing
    assert [h["slug"] for h in history] == [EASY[1], EASY[0]]  # newest first
    assert history[0] == {
        "slug": EASY[1],
        "title": "Climbing Stairs",
        "difficulty": "easy",
        "session_id": "s-two",
        "language": "python",
        "ended_at": history[0]["ended_at"],
        "final_code": f"# {EASY[1]}\n",
    }
    ended_at = datetime.fromisoformat(history[0]["ended_at"])
    assert abs(ended_at - (now - timedelta(hours=1))) < timedelta(milliseconds=1)  # the event's time
    assert [h["session_id"] for h in later] == ["s-three", "s-two", "s-one"]
    assert per_session == {"s-one": 2, "s-two": 2}  # one attempt per user, however often the end was delivered
