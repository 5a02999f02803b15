"""CatalogService (the bank loader and the admin edits) with the in-memory catalog store and outbox: revisions,
tombstones, what is published after each write (and what is abandoned), and the in-memory index."""

import shutil
from pathlib import Path

import pytest

from contracts import Envelope, Payload
from contracts.events.question import QuestionChanged
from question_svc.bank import BankQuestion, content_hash, load_file
from question_svc.catalog import CatalogService, DuplicateSlugs, QuestionExists, QuestionNotFound, SlugMismatch
from question_svc.domain import RevisionConflict
from question_svc.memory import MemoryCatalogStore
from svc_kit.memory import MemoryOutbox

BANK = Path(__file__).resolve().parents[1] / "bank"
TWO_SUM = load_file(BANK / "two-sum.yaml")
BINARY_SEARCH = load_file(BANK / "binary-search.yaml")


@pytest.fixture
def store() -> MemoryCatalogStore:
    return MemoryCatalogStore()


@pytest.fixture
def outbox() -> MemoryOutbox:
    return MemoryOutbox("question_svc")


@pytest.fixture
def catalog(store: MemoryCatalogStore, outbox: MemoryOutbox) -> CatalogService:
    return CatalogService(store, outbox)


def as_changed(envelope: Envelope[Payload]) -> Envelope[QuestionChanged]:
    assert isinstance(envelope.payload, QuestionChanged)
    return envelope  # type: ignore[return-value]


def changes(outbox: MemoryOutbox) -> list[tuple[str, int, bool]]:
    return [(c.slug, c.revision, c.deleted) for c in outbox.payloads(QuestionChanged)]


def retitled(question: BankQuestion, title: str) -> BankQuestion:
    return question.model_copy(update={"title": title})


def listed(catalog: CatalogService, q: str = "") -> list[str]:
    return [s.slug for s in catalog.list(difficulty=None, topics=[], q=q, sort=None, page=1, size=100).items]


async def test_loading_the_bank_stores_revision_one_and_publishes_each_question(
    tmp_path: Path, catalog: CatalogService, store: MemoryCatalogStore, outbox: MemoryOutbox
) -> None:
    for name in ("two-sum.yaml", "binary-search.yaml"):
        shutil.copy(BANK / name, tmp_path)
    assert await catalog.load(tmp_path) == ["binary-search", "two-sum"]
    assert changes(outbox) == [("binary-search", 1, False), ("two-sum", 1, False)]
    assert store.docs["two-sum"].content_hash == content_hash(TWO_SUM)
    assert store.docs["two-sum"].starter_code  # generated for every language at the write
    assert store.docs["two-sum"].marks  # the outbox write's mark went in with the save
    assert listed(catalog) == ["binary-search", "two-sum"]
    assert await catalog.load(tmp_path) == []  # the same files again: no new revision, nothing published
    assert len(outbox.published) == 2


async def test_an_edit_takes_the_next_revision_and_the_same_content_again_is_no_change(
    catalog: CatalogService, outbox: MemoryOutbox
) -> None:
    assert (await catalog.create(TWO_SUM)).revision == 1
    assert (await catalog.replace("two-sum", retitled(TWO_SUM, "Two Sum (pairs)"))).revision == 2
    assert (await catalog.replace("two-sum", retitled(TWO_SUM, "Two Sum (pairs)"))).revision == 2
    assert changes(outbox) == [("two-sum", 1, False), ("two-sum", 2, False)]
    assert (await catalog.full("two-sum")).question.title == "Two Sum (pairs)"
    with pytest.raises(QuestionExists):
        await catalog.create(TWO_SUM)
    with pytest.raises(SlugMismatch):
        await catalog.replace("binary-search", TWO_SUM)
    with pytest.raises(QuestionNotFound):
        await catalog.replace("binary-search", BINARY_SEARCH)


async def test_a_delete_publishes_a_tombstone_and_a_re_created_question_continues_its_revisions(
    catalog: CatalogService, store: MemoryCatalogStore, outbox: MemoryOutbox
) -> None:
    await catalog.create(TWO_SUM)
    await catalog.delete("two-sum")
    [tombstone] = [c for c in outbox.payloads(QuestionChanged) if c.deleted]
    assert (tombstone.revision, tombstone.title, tombstone.test_cases) == (2, TWO_SUM.title, ())
    assert store.docs["two-sum"].deleted
    assert listed(catalog) == []
    with pytest.raises(QuestionNotFound):
        await catalog.get("two-sum")
    with pytest.raises(QuestionNotFound):
        await catalog.delete("two-sum")
    assert (await catalog.create(TWO_SUM)).revision == 3
    assert changes(outbox) == [("two-sum", 1, False), ("two-sum", 2, True), ("two-sum", 3, False)]


async def test_a_revision_another_writer_stored_first_is_a_conflict_and_publishes_nothing(
    catalog: CatalogService, store: MemoryCatalogStore, outbox: MemoryOutbox
) -> None:
    await catalog.create(TWO_SUM)
    store.claim("two-sum", 2, "another instance's content")
    with pytest.raises(RevisionConflict):
        await catalog.replace("two-sum", retitled(TWO_SUM, "Mine"))
    assert changes(outbox) == [("two-sum", 1, False)]
    [abandoned] = outbox.abandoned
    assert abandoned.payload == outbox.published[0].payload.model_copy(update={"title": "Mine", "revision": 2})
    assert not outbox.pending
    assert (await catalog.get("two-sum")).title == TWO_SUM.title


async def test_the_bank_leaves_a_question_an_admin_changed_alone(
    tmp_path: Path, catalog: CatalogService, store: MemoryCatalogStore, outbox: MemoryOutbox
) -> None:
    shutil.copy(BANK / "two-sum.yaml", tmp_path)
    await catalog.load(tmp_path)
    await catalog.replace("two-sum", retitled(TWO_SUM, "Edited by an admin"))
    (tmp_path / "two-sum.yaml").write_text((BANK / "two-sum.yaml").read_text().replace(TWO_SUM.title, "From file"))
    assert await catalog.load(tmp_path) == []
    assert (await catalog.get("two-sum")).title == "Edited by an admin"
    assert store.docs["two-sum"].source == "admin"


async def test_an_import_counts_what_it_created_updated_and_left_alone(
    catalog: CatalogService, outbox: MemoryOutbox
) -> None:
    await catalog.create(TWO_SUM)
    result = await catalog.import_([retitled(TWO_SUM, "Two Sum, again"), BINARY_SEARCH])
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    result = await catalog.import_([retitled(TWO_SUM, "Two Sum, again"), BINARY_SEARCH])
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    with pytest.raises(DuplicateSlugs):
        await catalog.import_([TWO_SUM, TWO_SUM])
    assert len(outbox.published) == 3


async def test_another_instances_change_updates_the_index_and_an_older_one_does_not(
    catalog: CatalogService, store: MemoryCatalogStore, outbox: MemoryOutbox
) -> None:
    await catalog.create(TWO_SUM)
    other = CatalogService(store, MemoryOutbox("question_svc"))  # another instance, with its own index
    await other.refresh()
    await catalog.delete("two-sum")
    [created, tombstone] = map(as_changed, outbox.published)
    await other.on_changed(tombstone)
    assert listed(other) == []
    await other.on_changed(created)  # late, and older: ignored
    assert listed(other) == []
