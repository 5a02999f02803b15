"""Every page on a phone, in a real browser (Debian's Chromium) against the whole stack: at 360x740 and 390x844, in
light and dark themes, signed out and signed in (as an admin whose display name is one long word), no page is wider
than the screen: nothing scrolls sideways."""

import asyncio
import json
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from contracts import uuid7
from peerprep_testing import Servers
from peerprep_testing.browser import LiveApp, NewUser, in_both_themes, sign_up
from user_svc.ops import grant_admin
from user_svc.settings import UserSettings

PHONES = [pytest.param((360, 740), id="360x740"), pytest.param((390, 844), id="390x844")]
SESSION_ID = "0192f0c4-5f3a-7cc1-8000-00000000beef"  # any id: the room page shows what this tab saved for it

SIGNED_OUT = ["/", "/login", "/signup", "/no-such-page"]
SIGNED_IN = [
    "/dashboard",
    "/questions",
    "/questions/two-sum",
    "/profile",
    "/admin/questions/new",
    f"/room/{SESSION_ID}",
    "/no-such-page",
]


@pytest.fixture(params=PHONES)
def phone(browser: Browser, live_app: LiveApp, request: pytest.FixtureRequest) -> Any:
    width, height = request.param
    context = browser.new_context(
        base_url=live_app.url,
        viewport={"width": width, "height": height},
        device_scale_factor=2,  # not is_mobile: a mobile viewport widens itself to the content, hiding the overflow
    )
    yield context.new_page()
    context.close()


def horizontal_overflow(page: Page) -> dict[str, Any] | None:
    """None when the page fits the screen; else how wide it is and the widest elements that stick out."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            const scrolled = document.scrollingElement.scrollWidth;
            if (scrolled <= width) return null;
            const culprits = [...document.querySelectorAll('body *')]
              .filter(el => el.getBoundingClientRect().right > width + 0.5)
              .map(el => [el, Math.round(el.getBoundingClientRect().right)])
              .map(([el, right]) => `${el.tagName.toLowerCase()}.${el.className} (${right})`)
              .slice(0, 8);
            return {innerWidth: width, scrollWidth: scrolled, culprits};
        }"""
    )


def assert_fits(page: Page, path: str) -> None:
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Loading"))).to_have_count(0)
    for theme in in_both_themes(page):
        assert horizontal_overflow(page) is None, f"{path} ({theme})"


def make_admin(page: Page, user: NewUser, servers: Servers, live_app: LiveApp) -> None:
    settings = UserSettings(
        environment="test",
        mongodb_url=servers.mongodb_url,
        kafka_bootstrap=servers.kafka_bootstrap,
        topic_prefix=live_app.prefix,
    )
    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API holds this thread's event loop
        pool.submit(asyncio.run, grant_admin(user.email, settings=settings)).result(timeout=60)
    page.reload()  # a fresh access token, carrying the role


def test_no_page_scrolls_sideways_on_a_phone_signed_out_or_in_with_a_long_display_name(
    phone: Page, servers: Servers, live_app: LiveApp
) -> None:
    for path in SIGNED_OUT:
        assert_fits(phone, path)

    tag = uuid7().hex[-10:]
    student = NewUser(
        email=f"phone-{tag}@example.com",
        username=f"phone_{tag}",
        password=f"correct horse {tag}",
        display_name=f"Maximilianaugustinvonhohenzollernsigmaringen{tag}",  # one 54-character word
    )
    sign_up(phone, student)
    make_admin(phone, student, servers, live_app)
    expect(phone.get_by_role("heading", level=1, name=re.compile(student.display_name))).to_be_visible()
    phone.evaluate(
        "([id, room]) => sessionStorage.setItem(`peerprep.room.${id}`, room)",
        [SESSION_ID, json.dumps({"slug": "two-sum", "language": "python"})],
    )
    for path in SIGNED_IN:
        assert_fits(phone, path)

    phone.goto("/dashboard")  # the account menu opens inside the screen, the long name wrapped
    phone.get_by_role("button", name=re.compile(r"^Account menu")).click()
    expect(phone.get_by_role("button", name="Log out")).to_be_visible()
    assert horizontal_overflow(phone) is None, "account menu open"
