"""The admin question editor in a real browser (Debian's Chromium) against the whole stack: an admin (granted the
role by the operator command's own function, on the live app's database) creates a question with the form, sees the
server's validation errors by their fields, edits a question, exports and imports the bank; a student gets no editor.
Every question made here has a slug and title of its own: the live app's database is shared by all browser tests."""

import asyncio
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect

from contracts import uuid7
from peerprep_testing import REPO_ROOT, Servers
from peerprep_testing.browser import LiveApp, NewUser, accessibility_violations, in_both_themes, sign_up
from user_svc.ops import grant_admin
from user_svc.settings import UserSettings

BANK = REPO_ROOT / "question_svc" / "bank"
TWO_SUM: dict[str, Any] = yaml.safe_load((BANK / "two-sum.yaml").read_text(encoding="utf-8"))


def unique_question(tag: str) -> dict[str, Any]:
    """A valid bank question (Two Sum's content) under a slug and title no other test uses."""
    return TWO_SUM | {"slug": f"pair-sum-{tag}", "title": f"Pair Sum {tag}"}


def admin_tools(page: Page) -> Any:
    return page.get_by_role("region", name="Admin tools")


@pytest.fixture
def tag() -> str:
    return uuid7().hex[-10:]


@pytest.fixture
def admin(page: Page, new_user: NewUser, servers: Servers, live_app: LiveApp) -> Page:
    """A signed-up student made an admin as `peerprep admin grant EMAIL` does, on the live app's database; a reload
    refreshes the access token, which then carries the role."""
    sign_up(page, new_user)
    page.goto("/questions")
    expect(page.get_by_text(re.compile(r"Showing 1\u201320 of \d+ questions")).first).to_be_visible()
    expect(admin_tools(page)).to_have_count(0)  # a student so far
    settings = UserSettings(
        environment="test",
        mongodb_url=servers.mongodb_url,
        kafka_bootstrap=servers.kafka_bootstrap,
        topic_prefix=live_app.prefix,
    )
    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API holds this thread's event loop
        said = pool.submit(asyncio.run, grant_admin(new_user.email, settings=settings)).result(timeout=60)
    assert said.endswith("is now an admin; roles: user, admin")
    page.reload()
    expect(admin_tools(page)).to_be_visible()
    return page


def import_file(page: Page, path: Path, questions: list[dict[str, Any]]) -> None:
    """Import ``questions`` as a bank file through the question list's admin tools."""
    path.write_text(json.dumps(questions, indent=2), encoding="utf-8")
    page.goto("/questions")
    admin_tools(page).get_by_label("Import questions").set_input_files(path)


def assert_accessible(page: Page, name: str) -> None:
    """No serious or critical axe-core violation, in either theme."""
    for theme in in_both_themes(page):
        assert accessibility_violations(page) == [], f"{name} ({theme})"


def test_an_admin_creates_a_question_with_the_editor_and_finds_it_in_the_question_browser(
    admin: Page, tag: str
) -> None:
    page = admin
    title, slug = f"Pair Sum {tag}", f"pair-sum-{tag}"
    admin_tools(page).get_by_role("link", name="New question").click()
    expect(page).to_have_url(re.compile(r"/admin/questions/new$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("New question")

    page.get_by_label("Title").fill(title)
    expect(page.get_by_label("Slug")).to_have_value(slug)  # made from the title
    page.get_by_label("Difficulty").select_option("medium")
    page.get_by_label("arrays", exact=True).check()
    page.get_by_label("hash table", exact=True).check()

    page.get_by_label("Statement").fill(
        f"Given a list `nums` and a **target sum** ({tag}), return the positions `[i, j]` of the *two* numbers "
        "that add up to the target."
    )
    preview = page.get_by_test_id("statement-preview")
    expect(preview.locator("strong")).to_have_text("target sum")
    expect(preview.locator("em")).to_have_text("two")
    expect(preview.locator("code").first).to_have_text("nums")
    expect(preview).not_to_contain_text("**")

    example = TWO_SUM["examples"][0]  # the server wants one example at least
    page.get_by_label("Example 1 Input", exact=True).fill(example["input"])
    page.get_by_label("Example 1 Output", exact=True).fill(example["output"])
    page.get_by_label("Example 1 Explanation", exact=True).fill("Because `nums[0] + nums[1] == 9`.")
    examples_preview = page.get_by_test_id("examples-preview")
    expect(examples_preview.get_by_role("heading", name="Example 1")).to_be_visible()
    expect(examples_preview.locator("dd code").first).to_have_text(example["input"])
    expect(examples_preview.locator("dd code").nth(2)).to_have_text("nums[0] + nums[1] == 9")

    page.get_by_label("Constraints").fill("2 <= len(nums) <= 10^4\nExactly one valid pair exists.")
    page.get_by_label("Hints").fill("Which value completes the sum?\nRemember what you have seen.")
    page.get_by_label("Function name").fill("two_sum")
    page.get_by_label("Parameters").fill("nums: list[int]\ntarget: int")
    page.get_by_label("Return type").fill("list[int]")

    tests = TWO_SUM["tests"]
    assert len(tests) >= 10  # the server wants ten at least, sample and hidden
    for index, case in enumerate(tests):
        n = index + 1
        if index > 0:
            page.get_by_role("button", name="Add test").click()
        expect(page.get_by_role("button", name=f"Remove test {n}", exact=True)).to_be_visible()  # the new row
        page.get_by_label(f"Test {n} Args", exact=True).fill(json.dumps(case["args"]))
        page.get_by_label(f"Test {n} Expected", exact=True).fill(json.dumps(case["expected"]))
        if case.get("sample"):
            page.get_by_label(f"Test {n} sample", exact=True).check()
    expect(page.locator("table.editor__tests tbody tr")).to_have_count(len(tests))

    page.get_by_label("Reference solution (Python)").fill(TWO_SUM["solutions"]["python"])
    page.get_by_label("Approach").fill(TWO_SUM["editorial"]["approach"])
    page.get_by_label("Time", exact=True).fill("O(n)")
    page.get_by_label("Space", exact=True).fill("O(n)")
    page.get_by_role("button", name="Save question").click()

    expect(page).to_have_url(re.compile(rf"/questions/{slug}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("article strong")).to_have_text("target sum")
    expect(page.locator("pre code")).to_have_text("two_sum(nums: list[int], target: int) -> list[int]")
    expect(page.locator(".question__meta")).to_contain_text("Medium")
    expect(page.locator(".example dd code").first).to_have_text(example["input"])

    page.goto("/questions")
    page.get_by_label("Search questions").fill(tag)
    expect(page.get_by_role("link", name=title)).to_be_visible()
    expect(page.get_by_text("Showing 1\u20131 of 1 question")).to_be_visible()


def test_the_editor_shows_the_servers_validation_errors_next_to_their_fields(
    admin: Page, tag: str, tmp_path: Path
) -> None:
    page = admin
    question = unique_question(tag)
    import_file(page, tmp_path / "one.json", [question])
    expect(admin_tools(page).get_by_role("status")).to_contain_text("1 created")
    page.goto(f"/admin/questions/{question['slug']}/edit")
    expect(page.get_by_label("Return type")).to_have_value("list[int]")

    returns = page.get_by_label("Return type")
    returns.fill("integer")  # not a signature type: only the server's rules know
    page.get_by_role("button", name="Save question").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please fix the highlighted fields.")
    expect(summary.get_by_role("link", name=re.compile(r"^Return type: .*unknown type 'integer'"))).to_be_visible()
    expect(returns).to_have_attribute("aria-invalid", "true")
    expect(returns).to_have_accessible_description(re.compile(r"unknown type 'integer'"))
    expect(page.get_by_label("Title")).not_to_have_attribute("aria-invalid", "true")
    expect(page).to_have_url(re.compile(r"/edit$"))  # not saved

    returns.fill("list[int]")  # fixing the field clears its error
    expect(returns).not_to_have_attribute("aria-invalid", "true")
    slug = page.get_by_label("Slug")  # a question keeps its slug (the server refuses another): shown, not editable
    expect(slug).to_have_value(question["slug"])
    expect(slug).not_to_be_editable()
    expect(slug).to_have_accessible_description(re.compile(r"Can't be changed"))

    first_args = page.get_by_label("Test 1 Args", exact=True)
    first_args.fill('[["2", "7"], 9]')  # JSON, but not the signature's types: the whole-question check says so
    page.get_by_role("button", name="Save question").click()
    expect(summary.get_by_role("link", name="Test 1 Args: argument nums is not a list[int]")).to_be_visible()
    expect(first_args).to_have_attribute("aria-invalid", "true")
    expect(first_args).to_have_accessible_description("argument nums is not a list[int]")  # numbered from 1
    expect(page.get_by_label("Test 2 Args", exact=True)).not_to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "editor with server errors")

    page.goto(f"/questions/{question['slug']}")  # nothing of the refused saves was written
    expect(page.locator("pre code")).to_have_text("two_sum(nums: list[int], target: int) -> list[int]")
    expect(page.get_by_role("heading", level=1)).to_have_text(question["title"])


def test_an_admin_edits_a_question_and_its_page_shows_the_change(admin: Page, tag: str, tmp_path: Path) -> None:
    page = admin
    question = unique_question(tag)
    import_file(page, tmp_path / "one.json", [question])
    expect(admin_tools(page).get_by_role("status")).to_contain_text("1 created")

    page.goto(f"/questions/{question['slug']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(question["title"])
    page.get_by_role("link", name="Edit question").click()
    expect(page).to_have_url(re.compile(rf"/admin/questions/{question['slug']}/edit$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit question")
    title = page.get_by_label("Title")
    expect(title).to_have_value(question["title"])
    expect(page.get_by_label("Slug")).to_have_value(question["slug"])  # kept when the title changes
    expect(page.locator("table.editor__tests tbody tr")).to_have_count(len(question["tests"]))

    new_title = f"Pair Finder {tag}"
    title.fill(new_title)
    expect(page.get_by_label("Slug")).to_have_value(question["slug"])
    page.get_by_label("Difficulty").select_option("hard")
    statement = page.get_by_label("Statement")
    statement.fill(f"{question['statement']}\nThis edition is **revised** for {tag}.")
    expect(page.get_by_test_id("statement-preview").locator("strong")).to_have_text("revised")
    page.get_by_role("button", name="Save question").click()

    expect(page).to_have_url(re.compile(rf"/questions/{question['slug']}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(new_title)
    page.reload()  # stored, not just shown
    expect(page.get_by_role("heading", level=1)).to_have_text(new_title)
    expect(page.locator("article strong")).to_have_text("revised")
    expect(page.locator(".question__meta")).to_contain_text("Hard")

    page.goto(f"/questions?q={tag}")
    expect(page.get_by_role("link", name=new_title)).to_be_visible()
    expect(page.get_by_role("link", name=question["title"], exact=True)).to_have_count(0)


def test_an_admin_imports_a_bank_file_and_exports_the_bank_as_a_download(admin: Page, tag: str, tmp_path: Path) -> None:
    page = admin
    question = unique_question(tag)
    bank_file = tmp_path / "bank.json"
    import_file(page, bank_file, [question])
    status = admin_tools(page).get_by_role("status")
    expect(status).to_have_text("Imported: 1 created, 0 updated, 0 unchanged.")
    page.get_by_label("Search questions").fill(tag)
    expect(page.get_by_role("link", name=question["title"])).to_be_visible()

    admin_tools(page).get_by_label("Import questions").set_input_files(bank_file)  # the same file again
    expect(status).to_have_text("Imported: 0 created, 0 updated, 1 unchanged.")
    not_json = tmp_path / "notes.json"
    not_json.write_text("not json", encoding="utf-8")
    admin_tools(page).get_by_label("Import questions").set_input_files(not_json)
    expect(status).to_have_text("notes.json isn't JSON.")

    with page.expect_download() as info:
        admin_tools(page).get_by_role("button", name="Export questions").click()
    download = info.value
    assert re.fullmatch(r"questions-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    exported = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    by_slug = {q["slug"]: q for q in exported}
    assert by_slug[question["slug"]]["title"] == question["title"]
    cases = [(t["args"], t["expected"], t.get("sample", False)) for t in question["tests"]]
    assert [(t["args"], t["expected"], t["sample"]) for t in by_slug[question["slug"]]["tests"]] == cases
    assert by_slug["two-sum"]["title"] == "Two Sum"  # the whole bank, not only what was imported

    page.get_by_role("link", name=question["title"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(question["title"])


def test_the_question_editor_has_no_serious_accessibility_violations(admin: Page) -> None:
    page = admin
    page.goto("/admin/questions/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("New question")
    expect(page.get_by_label("arrays", exact=True)).to_be_visible()  # the form, not its loading state
    assert_accessible(page, "new question")

    page.get_by_role("button", name="Save question").click()  # the editor's own checks: empty required fields
    expect(page.get_by_role("alert")).to_contain_text("Please fix the highlighted fields.")
    expect(page.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "new question with errors")

    page.goto("/admin/questions/two-sum/edit")
    expect(page.get_by_label("Title")).to_have_value("Two Sum")
    assert_accessible(page, "edit question")


def test_a_student_does_not_get_the_question_editor(page: Page, new_user: NewUser) -> None:
    sign_up(page, new_user)
    page.goto("/questions")
    expect(page.get_by_text(re.compile(r"Showing 1\u201320 of \d+ questions")).first).to_be_visible()
    expect(admin_tools(page)).to_have_count(0)
    expect(page.get_by_role("link", name="New question")).to_have_count(0)

    page.goto("/questions/two-sum")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two Sum")
    expect(page.get_by_role("link", name="Edit question")).to_have_count(0)

    for path in ("/admin/questions/new", "/admin/questions/two-sum/edit"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text("Admins only")
        expect(page.get_by_role("button", name="Save question")).to_have_count(0)
        expect(page.get_by_label("Title")).to_have_count(0)
