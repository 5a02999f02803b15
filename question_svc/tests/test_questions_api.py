"""The question catalog through real Kafka and MongoDB: the bank loaded at start-up (publishing only what changed)
and the public browse API."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from contracts import Language
from contracts.events.question import QuestionChanged
from peerprep_testing import REPO_ROOT, EventLog, Servers, running
from question_svc.app import create_app
from question_svc.repo import QuestionRepo
from question_svc.settings import QuestionSettings

BANK = REPO_ROOT / "question_svc" / "bank"
SLUGS = ("two-sum", "coin-change", "n-queens-count", "group-anagrams")


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    for slug in SLUGS:
        shutil.copy(BANK / f"{slug}.yaml", tmp_path / f"{slug}.yaml")
    return tmp_path


def slugs(body: dict[str, Any]) -> list[str]:
    return [item["slug"] for item in body["items"]]


async def test_browse_filter_search_sort_and_paginate(settings_for: Callable[..., Any], bank_dir: Path) -> None:
    async with running(create_app(settings_for(QuestionSettings, bank_dir=bank_dir))) as http:
        everything = (await http.get("/api/questions")).json()
        assert everything["total"] == 4
        assert slugs(everything) == ["coin-change", "group-anagrams", "n-queens-count", "two-sum"]
        assert everything["items"][3] == {
            "slug": "two-sum",
            "title": "Two Sum",
            "difficulty": "easy",
            "topics": ["arrays", "hash table"],
        }

        medium = (await http.get("/api/questions", params={"difficulty": "medium"})).json()
        assert slugs(medium) == ["coin-change", "group-anagrams"]
        by_topic = (await http.get("/api/questions", params=[("topic", "backtracking"), ("topic", "arrays")])).json()
        assert slugs(by_topic) == ["n-queens-count", "two-sum"]

        # "hash": a title match would come first; here two topic matches, ordered by title.
        hashed = (await http.get("/api/questions", params={"q": "HASH"})).json()
        assert slugs(hashed) == ["group-anagrams", "two-sum"]
        assert slugs((await http.get("/api/questions", params={"q": "sum positions"})).json()) == ["two-sum"]
        assert (await http.get("/api/questions", params={"q": "sum zebra"})).json()["total"] == 0

        by_level = (await http.get("/api/questions", params={"sort": "difficulty"})).json()
        assert slugs(by_level) == ["two-sum", "coin-change", "group-anagrams", "n-queens-count"]

        second = (await http.get("/api/questions", params={"page": 2, "size": 3})).json()
        assert (second["total"], second["page"], second["size"], slugs(second)) == (4, 2, 3, ["two-sum"])
        assert (await http.get("/api/questions", params={"page": 9})).json()["items"] == []

        for bad in ({"page": 0}, {"size": 101}, {"size": "many"}, {"sort": "random"}):
            response = await http.get("/api/questions", params=bad)
            assert response.status_code == 422, bad
            error = response.json()["error"]
            assert error["code"] == "invalid_input"
            assert set(error["details"]["fields"]) == set(bad)

        topics = {t["topic"]: t["count"] for t in (await http.get("/api/questions/topics")).json()}
        assert topics["hash table"] == 2
        assert topics["graphs"] == 0
        assert len(topics) >= 20


async def test_a_question_page_shows_samples_but_never_hidden_tests_or_solutions(
    settings_for: Callable[..., Any], bank_dir: Path
) -> None:
    async with running(create_app(settings_for(QuestionSettings, bank_dir=bank_dir))) as http:
        response = await http.get("/api/questions/two-sum")
        missing = await http.get("/api/questions/no-such-question")
        stored = await QuestionRepo().get("two-sum")

    # the session's document is seeded with starter code generated at load, one per language
    assert stored is not None
    assert set(stored.starter_code) == set(Language)
    assert stored.starter_code[Language.JAVA].startswith("class Solution {")

    assert response.status_code == 200
    view = response.json()
    assert view["title"] == "Two Sum"
    assert view["signature"]["function"] == "two_sum"
    assert view["comparison"] == "exact"
    assert view["editorial"]["time"] == "O(n)"
    assert view["hints"]
    assert view["constraints"]
    assert view["examples"]
    assert view["sample_tests"] == [
        {"args": [[2, 7, 11, 15], 9], "expected": [0, 1], "explanation": None},
        {"args": [[3, 2, 4], 6], "expected": [1, 2], "explanation": None},
    ]
    text = json.dumps(view)
    assert "solutions" not in view
    assert "def two_sum" not in text
    assert "1000000000" not in text  # an argument of a hidden test
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


async def test_the_catalog_is_published_once_per_revision(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], bank_dir: Path
) -> None:
    settings = settings_for(QuestionSettings, bank_dir=bank_dir)
    async with EventLog(servers, prefix, QuestionChanged) as log:
        async with running(create_app(settings)):
            first = list(await log.wait_for(len(SLUGS)))
        assert len(await log.drain()) == len(SLUGS)

        async with running(create_app(settings)):  # unchanged files: nothing written, nothing published
            pass
        assert len(await log.drain()) == len(SLUGS)

        edited = bank_dir / "coin-change.yaml"
        edited.write_text(edited.read_text().replace("title: Coin Change", "title: Coin Change (fewest coins)"))
        async with running(create_app(settings)) as http:
            page = (await http.get("/api/questions", params={"q": "fewest coins"})).json()
        seen = await log.drain()

    changed = [e.payload for e in first]
    assert all(isinstance(p, QuestionChanged) for p in changed)
    assert sorted(p.slug for p in changed if isinstance(p, QuestionChanged)) == sorted(SLUGS)
    two_sum = next(p for p in changed if isinstance(p, QuestionChanged) and p.slug == "two-sum")
    assert two_sum.revision == 1
    assert two_sum.comparison == "exact"
    assert two_sum.signature is not None
    assert two_sum.signature.function == "two_sum"
    assert len(two_sum.test_cases) == 10
    assert [t.hidden for t in two_sum.test_cases].count(False) == 2
    assert json.loads(two_sum.test_cases[0].input) == [[2, 7, 11, 15], 9]
    assert json.loads(two_sum.test_cases[0].expected) == [0, 1]
    assert "statement" not in two_sum.model_dump()

    [bumped] = seen[len(SLUGS) :]
    assert isinstance(bumped.payload, QuestionChanged)
    assert (bumped.payload.slug, bumped.payload.revision) == ("coin-change", 2)
    assert bumped.payload.title == "Coin Change (fewest coins)"
    assert slugs(page) == ["coin-change"]
