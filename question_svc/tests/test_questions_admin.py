"""Admin editing of the question catalog through real Kafka and MongoDB: access (401/403), validation (422),
conflicts (409), revisions and `question.changed` on every write, tombstones, import/export, and every instance's
search index following the writes of another."""

import asyncio
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock

import pytest
import yaml

from contracts.events.question import QuestionChanged
from peerprep_testing import REPO_ROOT, EventLog, Servers, TokenMint, running
from question_svc.app import create_app
from question_svc.bank import BankQuestion
from question_svc.domain import RevisionConflict
from question_svc.repo import QuestionRepo, RevisionClaimDoc
from question_svc.settings import QuestionSettings

BANK = REPO_ROOT / "question_svc" / "bank"
SLUGS = ("two-sum", "coin-change")


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    for slug in SLUGS:
        shutil.copy(BANK / f"{slug}.yaml", tmp_path / f"{slug}.yaml")
    return tmp_path


@pytest.fixture
async def mint(servers: Servers, prefix: str) -> TokenMint:
    minted = TokenMint()
    await minted.publish_key(servers, prefix)
    return minted


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def admin_headers(mint: TokenMint) -> dict[str, str]:
    return bearer(mint.token("root", name="Root", roles=("user", "admin")))


def new_question(slug: str = "pair-finder", title: str = "Pair Finder") -> dict[str, Any]:
    body: dict[str, Any] = yaml.safe_load((BANK / "two-sum.yaml").read_text(encoding="utf-8"))
    return body | {"slug": slug, "title": title}


def slugs(body: dict[str, Any]) -> list[str]:
    return [item["slug"] for item in body["items"]]


async def test_only_admins_edit_and_bad_input_is_refused(
    settings_for: Callable[..., Any], bank_dir: Path, mint: TokenMint
) -> None:
    admin, user = admin_headers(mint), bearer(mint.token("ada"))
    async with running(create_app(settings_for(QuestionSettings, bank_dir=bank_dir))) as http:
        calls = [
            ("POST", "/api/questions", new_question()),
            ("PUT", "/api/questions/two-sum", new_question("two-sum")),
            ("DELETE", "/api/questions/two-sum", None),
            ("GET", "/api/questions/two-sum/full", None),
            ("GET", "/api/questions/export", None),
            ("POST", "/api/questions/import", [new_question()]),
        ]
        for method, url, body in calls:
            anonymous = await http.request(method, url, json=body)
            assert anonymous.status_code == 401, (method, url)
            assert anonymous.json()["error"]["code"] == "unauthenticated"
            refused = await http.request(method, url, json=body, headers=user)
            assert refused.status_code == 403, (method, url)
            assert refused.json()["error"]["code"] == "forbidden"

        invalid = await http.post(
            "/api/questions", json=new_question() | {"statement": "short", "topics": ["astrology"]}, headers=admin
        )
        exists = await http.post("/api/questions", json=new_question("two-sum"), headers=admin)
        mismatch = await http.put("/api/questions/coin-change", json=new_question("two-sum"), headers=admin)
        missing = await http.put("/api/questions/no-such", json=new_question("no-such"), headers=admin)
        bad_batch = await http.post(
            "/api/questions/import", json=[new_question(), new_question() | {"tests": []}], headers=admin
        )
        twice = await http.post("/api/questions/import", json=[new_question(), new_question()], headers=admin)
        after = (await http.get("/api/questions")).json()

    assert invalid.status_code == 422
    assert invalid.json()["error"]["code"] == "invalid_input"
    assert {"statement", "topics"} <= set(invalid.json()["error"]["details"]["fields"])
    assert exists.status_code == 409
    assert exists.json()["error"] == {
        "code": "conflict",
        "message": "A question with this slug exists.",
        "details": {"slug": "two-sum"},
    }
    assert mismatch.status_code == 422
    assert set(mismatch.json()["error"]["details"]["fields"]) == {"slug"}
    assert missing.status_code == 404
    assert bad_batch.status_code == 422
    assert "1.tests" in bad_batch.json()["error"]["details"]["fields"]
    assert twice.status_code == 422
    assert after["total"] == len(SLUGS)  # nothing of a refused batch was written


async def test_writes_take_revisions_publish_and_reach_every_instance(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], bank_dir: Path, mint: TokenMint
) -> None:
    admin = admin_headers(mint)
    async with EventLog(servers, prefix, QuestionChanged) as log:
        async with running(create_app(settings_for(QuestionSettings, bank_dir=bank_dir))) as writer:
            await log.wait_for(len(SLUGS))
            other_app = create_app(settings_for(QuestionSettings, load_bank=False))
            async with running(other_app) as other:
                other_bus = other_app.state.ctx.bus

                created = await writer.post("/api/questions", json=new_question(), headers=admin)
                assert created.status_code == 201
                assert created.json()["revision"] == 1
                [*_, first] = await log.wait_for(len(SLUGS) + 1)
                assert slugs((await writer.get("/api/questions", params={"q": "pair finder"})).json()) == [
                    "pair-finder"
                ]
                await other_bus.wait_handled(1, of=QuestionChanged)
                assert slugs((await other.get("/api/questions", params={"q": "pair finder"})).json()) == ["pair-finder"]

                updated = await writer.put(
                    "/api/questions/pair-finder", json=new_question(title="Pair Locator"), headers=admin
                )
                assert updated.json()["revision"] == 2
                same_again = await writer.put(
                    "/api/questions/pair-finder", json=new_question(title="Pair Locator"), headers=admin
                )
                assert same_again.json()["revision"] == 2  # no change, no revision
                [*_, second] = await log.wait_for(len(SLUGS) + 2)
                await other_bus.wait_handled(2, of=QuestionChanged)
                assert slugs((await other.get("/api/questions", params={"q": "locator"})).json()) == ["pair-finder"]
                assert (await other.get("/api/questions", params={"q": "pair finder"})).json()["total"] == 0

                full = (await other.get("/api/questions/pair-finder/full", headers=admin)).json()
                assert full["revision"] == 2
                assert full["title"] == "Pair Locator"
                assert "python" in full["solutions"]
                assert len(full["tests"]) == 10
                assert [t["sample"] for t in full["tests"]].count(False) == 8

                deleted = await writer.delete("/api/questions/pair-finder", headers=admin)
                assert deleted.status_code == 204
                [*_, third] = await log.wait_for(len(SLUGS) + 3)
                await other_bus.wait_handled(3, of=QuestionChanged)
                assert (await other.get("/api/questions")).json()["total"] == len(SLUGS)
                assert (await writer.get("/api/questions/pair-finder")).status_code == 404
                assert (await writer.get("/api/questions/pair-finder/full", headers=admin)).status_code == 404
                assert (await writer.delete("/api/questions/pair-finder", headers=admin)).status_code == 404

                again = await writer.post("/api/questions", json=new_question(), headers=admin)
                assert again.json()["revision"] == 4  # after the tombstone's: consumers keep the highest
        assert len(await log.drain()) == len(SLUGS) + 4

    events = [e.payload for e in (first, second, third)]
    assert all(isinstance(p, QuestionChanged) for p in events)
    changed = [p for p in events if isinstance(p, QuestionChanged)]
    assert [(p.slug, p.revision, p.deleted) for p in changed] == [
        ("pair-finder", 1, False),
        ("pair-finder", 2, False),
        ("pair-finder", 3, True),
    ]
    assert changed[1].title == "Pair Locator"
    assert len(changed[1].test_cases) == 10
    assert changed[2].test_cases == ()


async def test_export_then_import_round_trips(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], bank_dir: Path, mint: TokenMint
) -> None:
    admin = admin_headers(mint)
    app = create_app(settings_for(QuestionSettings, bank_dir=bank_dir))
    async with EventLog(servers, prefix, QuestionChanged) as log, running(app) as http:
        await log.wait_for(len(SLUGS))
        exported = await http.get("/api/questions/export", headers=admin)
        assert exported.status_code == 200
        questions = exported.json()
        assert [q["slug"] for q in questions] == sorted(SLUGS)
        assert all("solutions" in q and "revision" not in q for q in questions)

        unchanged = await http.post("/api/questions/import", json=questions, headers=admin)
        assert unchanged.json() == {"created": 0, "updated": 0, "unchanged": len(SLUGS)}

        edited = [q | {"title": "Coin Change (fewest)"} if q["slug"] == "coin-change" else q for q in questions]
        mixed = await http.post("/api/questions/import", json=[*edited, new_question()], headers=admin)
        assert mixed.json() == {"created": 1, "updated": 1, "unchanged": 1}
        page = (await http.get("/api/questions", params={"q": "fewest"})).json()
        full = (await http.get("/api/questions/coin-change/full", headers=admin)).json()
        seen = await log.wait_for(len(SLUGS) + 2)

    assert slugs(page) == ["coin-change"]
    assert full["revision"] == 2
    later = [e.payload for e in seen[len(SLUGS) :]]
    assert sorted((p.slug, p.revision) for p in later if isinstance(p, QuestionChanged)) == [
        ("coin-change", 2),
        ("pair-finder", 1),
    ]


async def test_admin_deletes_and_edits_survive_a_restart_with_the_bank_files(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], bank_dir: Path, mint: TokenMint
) -> None:
    """The loader leaves alone what an admin deleted or edited: neither the unchanged file nor a changed one
    brings the bank's version back (or publishes a revision for it); a question only the bank wrote follows its
    file."""
    admin = admin_headers(mint)
    shutil.copy(BANK / "climbing-stairs.yaml", bank_dir / "climbing-stairs.yaml")
    loaded = len(SLUGS) + 1
    settings = settings_for(QuestionSettings, bank_dir=bank_dir)
    async with EventLog(servers, prefix, QuestionChanged) as log:
        async with running(create_app(settings)) as http:
            await log.wait_for(loaded)
            assert (await http.delete("/api/questions/two-sum", headers=admin)).status_code == 204
            edited = yaml.safe_load((bank_dir / "coin-change.yaml").read_text(encoding="utf-8"))
            edited["title"] = "Coin Change (admin)"
            assert (await http.put("/api/questions/coin-change", json=edited, headers=admin)).status_code == 200
            await log.wait_for(loaded + 2)

        async with running(create_app(settings)) as http:  # a restart: the same files in the bank folder
            assert (await http.get("/api/questions/two-sum")).status_code == 404
            assert sorted(slugs((await http.get("/api/questions")).json())) == ["climbing-stairs", "coin-change"]
            assert (await http.get("/api/questions/coin-change")).json()["title"] == "Coin Change (admin)"
        assert (await log.drain())[loaded + 2 :] == []

        for slug in (*SLUGS, "climbing-stairs"):  # the bank's files change: still the admin's versions
            changed = yaml.safe_load((bank_dir / f"{slug}.yaml").read_text(encoding="utf-8"))
            changed["title"] = f"{changed['title']} (bank v2)"
            (bank_dir / f"{slug}.yaml").write_text(yaml.safe_dump(changed), encoding="utf-8")
        async with running(create_app(settings)) as http:
            assert (await http.get("/api/questions/two-sum")).status_code == 404
            assert sorted(slugs((await http.get("/api/questions")).json())) == ["climbing-stairs", "coin-change"]
            full = (await http.get("/api/questions/coin-change/full", headers=admin)).json()
            assert (full["title"], full["revision"]) == ("Coin Change (admin)", 2)
            bank_only = (await http.get("/api/questions/climbing-stairs/full", headers=admin)).json()
            assert (bank_only["title"].endswith("(bank v2)"), bank_only["revision"]) == (True, 2)
        later = (await log.drain())[loaded + 2 :]
    published = [(p.slug, p.revision) for p in (e.payload for e in later) if isinstance(p, QuestionChanged)]
    assert (len(later), published) == (1, [("climbing-stairs", 2)])  # nothing for the admin's questions


async def test_two_writers_of_one_revision_give_one_winner_and_one_conflict(
    settings_for: Callable[..., Any], bank_dir: Path, mint: TokenMint, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two instances that read the same revision cannot both store the next one (one revision, two contents)."""
    admin = admin_headers(mint)
    writer_app = create_app(settings_for(QuestionSettings, bank_dir=bank_dir))
    other_app = create_app(settings_for(QuestionSettings, load_bank=False))
    async with running(writer_app) as writer, running(other_app) as other:
        repo = QuestionRepo()
        body = new_question("two-sum")
        first, second = (
            BankQuestion.model_validate(body | {"title": "Two Sum A"}),
            BankQuestion.model_validate(body | {"title": "Two Sum B"}),
        )
        for revision, slug in ((2, "two-sum"), (1, "pair-finder")):  # over a stored revision, and a new slug
            a, b = (q.model_copy(update={"slug": slug}) for q in (first, second))
            results = await asyncio.gather(
                *(
                    repo.save_question(q, revision=revision, content_hash=q.title, starter_code={}, source="admin")
                    for q in (a, b)
                ),
                return_exceptions=True,
            )
            assert sorted(type(r).__name__ for r in results) == ["NoneType", "RevisionConflict"], results
            winner = (a, b)[results.index(None)]
            stored = await repo.question(slug)
            assert stored is not None
            assert stored.title == winner.title

        # A writer that died between its claim and its save does not block the revision for good.
        orphan = RevisionClaimDoc(slug="two-sum", revision=3, content_hash="died", claimed_at=datetime.now(UTC))
        await orphan.insert()
        retry = repo.save_question(first, revision=3, content_hash="retry", starter_code={}, source="admin")
        with pytest.raises(RevisionConflict):  # a fresh claim: its writer may be saving right now
            await retry
        await orphan.set({"claimed_at": datetime(2020, 1, 1, tzinfo=UTC)})
        await repo.save_question(first, revision=3, content_hash="retry", starter_code={}, source="admin")

        # Through the API: the other instance read revision 3 of two-sum before the writer stored revision 4.
        stale = await repo.revisions()
        monkeypatch.setattr(other_app.state.catalog._repo, "revisions", AsyncMock(return_value=stale))
        won = await writer.put("/api/questions/two-sum", json=body | {"title": "Two Sum (writer)"}, headers=admin)
        lost = await other.put("/api/questions/two-sum", json=body | {"title": "Two Sum (other)"}, headers=admin)
        gone = await other.delete("/api/questions/two-sum", headers=admin)
        full = (await writer.get("/api/questions/two-sum/full", headers=admin)).json()
    assert won.json()["revision"] == 4
    assert lost.status_code == 409
    assert lost.json()["error"] == {
        "code": "conflict",
        "message": "Another change to this question was saved first; reload it and try again.",
        "details": {"slug": "two-sum", "revision": 4},
    }
    assert gone.status_code == 409
    assert (full["title"], full["revision"]) == ("Two Sum (writer)", 4)


async def test_a_write_publishes_question_changed_only_once_it_is_saved(
    servers: Servers, prefix: str, settings_for: Callable[..., Any], bank_dir: Path, mint: TokenMint
) -> None:
    """A save that fails publishes nothing (the event went out before the save, once); the next one does."""
    admin = admin_headers(mint)
    app = create_app(settings_for(QuestionSettings, bank_dir=bank_dir))
    async with EventLog(servers, prefix, QuestionChanged) as log, running(app) as http:
        await log.wait_for(len(SLUGS))
        # Another writer claimed revision 2 of two-sum with other content: this edit cannot be stored.
        await RevisionClaimDoc(slug="two-sum", revision=2, content_hash="another writer's").insert()
        refused = await http.put("/api/questions/two-sum", json=new_question("two-sum", "Never Saved"), headers=admin)
        assert refused.status_code == 409
        await RevisionClaimDoc.find({"slug": "two-sum", "revision": 2}).delete()
        saved = await http.put("/api/questions/two-sum", json=new_question("two-sum", "Saved"), headers=admin)
        assert saved.json()["revision"] == 2
        [*_, last] = await log.wait_for(len(SLUGS) + 1)
        stored = await QuestionRepo().get("two-sum")
    assert stored is not None
    assert (stored.title, stored.revision) == ("Saved", 2)
    titles = [e.payload.title for e in log.seen if e.payload.slug == "two-sum"]  # type: ignore[attr-defined]
    assert titles == ["Two Sum", "Saved"]
    assert last.payload.revision == 2  # type: ignore[attr-defined]
