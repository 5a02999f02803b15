"""Matching in real browsers (two students, two browser contexts) against the whole stack: the live countdown and
waiting figures, the ready-check dialog, both entering the same room; a search that times out, widened by the
student's choice, a partner who declines, and cancelling. The live app runs with a 10 s timeout and a 6 s
ready-check (``peerprep_testing.browser``). Each test uses its own difficulty and topic, so tests never meet."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from peerprep_testing.browser import (
    MATCH_TIMEOUT_S,
    SCREENSHOTS,
    LiveApp,
    NewUser,
    accessibility_violations,
    in_both_themes,
    sign_up,
)

WAIT_MS = (MATCH_TIMEOUT_S + 10) * 1000  # long enough to watch a search time out


@pytest.fixture
def partner(browser: Browser, live_app: LiveApp) -> Iterator[Page]:
    """A second student's browser: another context, so another session and socket."""
    context = browser.new_context(base_url=live_app.url, viewport={"width": 1280, "height": 800}, bypass_csp=True)
    yield context.new_page()
    context.close()


def other_user(user: NewUser) -> NewUser:
    return NewUser(
        email=f"partner-{user.email}",
        username=f"p_{user.username}"[:32],
        password=user.password,
        display_name=f"Partner {user.display_name[-4:]}",
    )


def search(page: Page, difficulty: str, topics: tuple[str, ...] = ()) -> None:
    """Fill the dashboard's form and start a search (connected first: a search needs the live socket)."""
    expect(page.get_by_text("Connected")).to_be_visible()
    page.get_by_label("Difficulty").select_option(label=difficulty)
    for topic in topics:
        page.get_by_label(topic, exact=True).check()
    if not topics:
        page.get_by_label("Any topic").check()
    page.get_by_role("button", name="Find a partner").click()


def snapshot(page: Page, name: str) -> None:
    """No serious or critical accessibility violation in either theme; a screenshot of each for the README."""
    for theme in in_both_themes(page):
        assert accessibility_violations(page) == [], f"{name} ({theme})"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS / f"{name}-{theme}.png")))


def test_two_students_are_matched_accept_and_enter_the_same_room(page: Page, partner: Page, new_user: NewUser) -> None:
    second = other_user(new_user)
    sign_up(page, new_user)
    sign_up(partner, second)

    search(page, "Hard", ("graphs",))
    expect(page.get_by_text("Searching: Hard · graphs · Python")).to_be_visible()
    expect(page.get_by_test_id("match-countdown")).to_contain_text(re.compile(r"\d"))
    expect(page.get_by_test_id("match-waiting")).to_contain_text("waiting at this difficulty")
    snapshot(page, "match-queued")

    search(partner, "Hard", ("graphs", "strings"))
    for tab, other in ((page, second), (partner, new_user)):
        dialog = tab.get_by_role("dialog", name="Partner found")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text(other.display_name)
        expect(dialog.get_by_role("button", name="Accept")).to_be_focused()
    snapshot(page, "match-ready-check")

    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("dialog").get_by_text("You accepted — waiting for your partner…")).to_be_visible()
    expect(partner.get_by_role("dialog").get_by_text("Your partner accepted.")).to_be_visible()
    partner.get_by_role("button", name="Accept").click()

    for tab in (page, partner):
        expect(tab).to_have_url(re.compile(r"/room/[^/]+$"), timeout=WAIT_MS)
        expect(tab.get_by_role("heading", name="Your practice room")).to_be_visible()
    assert page.url == partner.url  # the same room
    expect(page.get_by_role("article")).to_contain_text("Hard")


def test_a_search_times_out_is_widened_by_choice_and_a_declining_partner_sends_it_back(
    page: Page, partner: Page, new_user: NewUser
) -> None:
    second = other_user(new_user)
    sign_up(page, new_user)
    sign_up(partner, second)

    search(page, "Easy", ("matrix",))
    expect(page.get_by_role("status")).to_contain_text("Nobody matched in time.", timeout=WAIT_MS)
    retry = page.get_by_role("button")
    for label in ("Try again", "Any topic", "Try Medium"):
        expect(retry.filter(has_text=label)).to_be_visible()
    page.get_by_role("button", name="Any topic").click()  # widening is the student's choice, and shown
    expect(page.get_by_text("Searching: Easy · Any topic · Python")).to_be_visible()

    search(partner, "Easy", ("stack",))
    expect(partner.get_by_role("dialog", name="Partner found")).to_be_visible()
    expect(page.get_by_role("dialog", name="Partner found")).to_be_visible()
    partner.get_by_role("button", name="Decline").click()
    expect(page.get_by_text(re.compile(r"Your partner didn.t accept .+ keeping your place\."))).to_be_visible()
    expect(partner.get_by_role("button", name="Find a partner")).to_be_visible()  # the decliner is back at the form

    page.get_by_role("button", name="Cancel search").click()
    expect(page.get_by_role("button", name="Find a partner")).to_be_visible()
    expect(page.get_by_test_id("match-countdown")).to_have_count(0)


def test_a_tab_offline_while_its_partner_was_found_shows_the_ready_check_once_back(
    page: Page, partner: Page, new_user: NewUser
) -> None:
    second = other_user(new_user)
    sign_up(page, new_user)
    sign_up(partner, second)

    search(page, "Medium", ("graphs",))
    expect(page.get_by_text("Searching: Medium · graphs · Python")).to_be_visible()
    page.context.set_offline(True)  # the socket drops: what is pushed now reaches no tab of this student
    expect(page.get_by_text("Offline")).to_be_visible()
    search(partner, "Medium", ("graphs",))
    expect(partner.get_by_role("dialog", name="Partner found")).to_be_visible()
    partner.get_by_role("button", name="Accept").click()

    page.context.set_offline(False)  # back: the tab asks where its search stands and shows what it missed
    dialog = page.get_by_role("dialog", name="Partner found")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(second.display_name)
    expect(dialog.get_by_text("Your partner accepted.")).to_be_visible()
