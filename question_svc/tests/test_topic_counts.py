"""``GET /api/questions/topics?difficulty=``: the match form's topic list, on a real server with Kafka and MongoDB."""

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from peerprep_testing import REPO_ROOT, running
from question_svc.app import create_app
from question_svc.settings import QuestionSettings

BANK = REPO_ROOT / "question_svc" / "bank"


async def test_topic_counts_follow_the_chosen_difficulty(settings_for: Callable[..., Any], tmp_path: Path) -> None:
    for slug in ("two-sum", "coin-change", "group-anagrams", "n-queens-count"):
        shutil.copy(BANK / f"{slug}.yaml", tmp_path / f"{slug}.yaml")
    async with running(create_app(settings_for(QuestionSettings, bank_dir=tmp_path))) as http:

        async def counts(query: str) -> dict[str, int]:
            response = await http.get(f"/api/questions/topics{query}")
            assert response.status_code == 200
            return {t["topic"]: t["count"] for t in response.json()}

        medium = await counts("?difficulty=medium")
        assert medium["hash table"] == 1  # group-anagrams; two-sum is easy
        assert medium["dynamic programming"] == 1
        assert medium["backtracking"] == 0
        assert (await counts("?difficulty=hard"))["backtracking"] == 1
        assert (await counts(""))["hash table"] == 2
        assert (await http.get("/api/questions/topics?difficulty=impossible")).status_code == 422
