"""The app in a real browser (Debian's Chromium) against the whole stack: sign up, log out, log in, edit the
profile, reload and stay logged in, log out in every tab, delete the account, browse and read questions. Each page
is checked with axe-core and photographed in light and dark themes for the README."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from peerprep_testing.browser import SCREENSHOTS, NewUser, accessibility_violations, in_both_themes, sign_up


def look_at(page: Page, name: str) -> None:
    """No serious or critical accessibility violation, in either theme; a screenshot of each for the docs."""
    expect(page.get_by_role("heading", level=1)).to_be_visible()  # the page, not its loading state
    expect(page.get_by_text("Loading…")).to_have_count(0)
    for theme in in_both_themes(page):
        assert accessibility_violations(page) == [], f"{name} ({theme})"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS / f"{name}-{theme}.png")))


def log_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Account menu")).click()
    page.get_by_role("button", name="Log out").click()


def log_in(page: Page, login: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Email or username").fill(login)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


def test_a_new_student_signs_up_logs_out_and_back_in_edits_the_profile_and_deletes_the_account(
    page: Page, new_user: NewUser
) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    look_at(page, "landing")
    page.goto("/signup")
    look_at(page, "signup")

    sign_up(page, new_user)
    expect(page.get_by_role("button", name="Account menu")).to_contain_text(new_user.display_name)
    # the header's presence signal: the tab's websocket to the gateway authenticated with the new token
    expect(page.get_by_test_id("connection-status")).to_contain_text("Connected")
    look_at(page, "dashboard")

    log_out(page)
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("status")).to_have_text("You have logged out.")
    page.goto("/dashboard")
    expect(page).to_have_url(re.compile(r"/login"))  # protected: back to log in
    look_at(page, "login")

    log_in(page, new_user.username, new_user.password)
    expect(page).to_have_url(re.compile(r"/dashboard$"))

    page.goto("/profile")
    look_at(page, "profile")
    page.get_by_label("Display name").fill("Ada Lovelace")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status").filter(has_text=re.compile("saved", re.IGNORECASE))).to_be_visible()

    page.reload()  # the access token lives in memory only: the refresh cookie logs the student back in
    expect(page).to_have_url(re.compile(r"/profile$"))
    expect(page.get_by_role("button", name="Account menu")).to_contain_text("Ada Lovelace")
    expect(page.get_by_label("Display name")).to_have_value("Ada Lovelace")

    page.get_by_role("button", name="Delete account").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Password", exact=True).fill(new_user.password)
    dialog.get_by_role("button", name="Delete my account").click()
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("status")).to_have_text("Your account has been deleted.")

    log_in(page, new_user.email, new_user.password)
    expect(page.get_by_text("Email/username or password is incorrect.")).to_be_visible()


def test_sign_up_explains_each_rule_as_the_student_types_and_shows_the_servers_answer(
    page: Page, new_user: NewUser
) -> None:
    sign_up(page, new_user)
    log_out(page)

    page.goto("/signup")
    password = page.get_by_label("Password", exact=True)
    password.fill("short")
    password.blur()
    expect(page.get_by_text("Use at least 10 characters.")).to_be_visible()

    page.get_by_label("Email").fill(new_user.email)  # taken: only the server knows
    page.get_by_label("Username").fill(f"{new_user.username}x")
    password.fill(new_user.password)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text(re.compile("already", re.IGNORECASE)).first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/signup$"))


def test_logging_out_in_one_tab_logs_out_every_tab(page: Page, new_user: NewUser) -> None:
    sign_up(page, new_user)
    other = page.context.new_page()
    other.goto("/dashboard")
    expect(other.get_by_role("button", name="Account menu")).to_be_visible()

    log_out(page)
    expect(other).to_have_url(re.compile(r"/login"))
    expect(other.get_by_role("button", name="Account menu")).to_have_count(0)


def test_the_theme_toggle_switches_and_is_remembered(page: Page) -> None:
    page.goto("/")
    html = page.locator("html")
    page.emulate_media(color_scheme="light")
    page.reload()
    page.get_by_role("button", name="Switch to dark theme").click()
    expect(html).to_have_attribute("data-theme", "dark")
    page.reload()
    expect(html).to_have_attribute("data-theme", "dark")
    page.get_by_role("button", name="Switch to light theme").click()
    expect(html).to_have_attribute("data-theme", "light")


def test_a_student_browses_searches_and_reads_a_question(page: Page, new_user: NewUser) -> None:
    sign_up(page, new_user)
    page.get_by_role("link", name="Questions", exact=True).click()
    expect(page.get_by_text(re.compile(r"Showing 1\u201320 of \d+ questions")).first).to_be_visible()  # the loaded bank
    look_at(page, "questions")

    page.get_by_label("Search questions").fill("two sum")
    expect(page).to_have_url(re.compile(r"q=two"))
    expect(page.get_by_role("link", name="Two Sum")).to_be_visible()
    page.get_by_label("Difficulty").select_option("hard")
    expect(page).to_have_url(re.compile(r"difficulty=hard"))
    expect(page.get_by_text("No questions match")).to_be_visible()
    page.get_by_label("Difficulty").select_option("easy")
    page.get_by_role("link", name="Two Sum").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Two Sum")
    page.get_by_role("button", name=re.compile(r"^Show hint 1 of")).click()
    expect(page.get_by_text("which other value would complete the sum")).to_be_visible()
    page.get_by_role("button", name="Show the editorial").click()
    expect(page.get_by_text("O(n)").first).to_be_visible()
    look_at(page, "question")
