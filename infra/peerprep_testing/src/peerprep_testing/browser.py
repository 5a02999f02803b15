"""pytest plugin for browser tests: the whole app started once per run, Debian's Chromium driven by Playwright.

Never downloads a browser: Chromium comes from the system (``/usr/bin/chromium`` or ``PEERPREP_CHROMIUM``).
Each test gets a fresh browser context (no cookies) and fresh users. A failing test leaves a screenshot in
``test-results/``. The pages the README shows are photographed into ``SCREENSHOTS``: ``test-results/screenshots``
(git-ignored: a test run changes no tracked file), or ``docs/screenshots`` under ``peerprep screenshots`` (which
sets ``PEERPREP_SCREENSHOT_DIR``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from contracts import uuid7
from peerprep.webbuild import ensure_web_build
from peerprep_testing import REPO_ROOT, Servers, free_ports, launch_peerprep, read_until

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS = REPO_ROOT / "test-results"
SCREENSHOT_DIR_VAR = "PEERPREP_SCREENSHOT_DIR"
SERVICE_PORT_VARS = {
    "users": "USER_HTTP_PORT",
    "match": "MATCH_HTTP_PORT",
    "questions": "QUESTION_HTTP_PORT",
    "sessions": "COLLAB_HTTP_PORT",
    "exec": "EXEC_HTTP_PORT",
    "ai": "AI_HTTP_PORT",
}


def screenshot_dir(env: dict[str, str] | None = None) -> Path:
    """Where browser tests photograph pages: ``PEERPREP_SCREENSHOT_DIR`` (relative to the repo), else
    ``test-results/screenshots``."""
    chosen = (os.environ if env is None else env).get(SCREENSHOT_DIR_VAR, "").strip()
    return (REPO_ROOT / chosen).resolve() if chosen else RESULTS / "screenshots"


SCREENSHOTS = screenshot_dir()


@dataclass(frozen=True)
class LiveApp:
    url: str
    prefix: str


@dataclass(frozen=True)
class NewUser:
    email: str
    username: str
    password: str
    display_name: str


def chromium_path() -> str:
    path = os.environ.get("PEERPREP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        pytest.fail("Chromium not found: apt-get install chromium (or set PEERPREP_CHROMIUM)", pytrace=False)
    return path


# The machine runs the whole stack, the browser and the tests on two cores: a page may take longer than
# Playwright's default 5 s to settle (a silent sign-in refresh behind a busy service), never 15 s.
expect.set_options(timeout=15_000)

MATCH_TIMEOUT_S = 10
MATCH_READY_CHECK_S = 6


@pytest.fixture(scope="session")
def live_app(servers: Servers) -> Iterator[LiveApp]:
    """Every service and the gateway serving the built web client, on free ports, in one launcher process."""
    web = ensure_web_build(REPO_ROOT, lambda line: print(f"[web] {line}"))
    if web is None:
        pytest.fail("no web client in this checkout (web/package.json)", pytrace=False)
    prefix = f"b{uuid7().hex[-10:]}."
    *service_ports, gateway_port = free_ports(len(SERVICE_PORT_VARS) + 1)
    ports = dict(zip(SERVICE_PORT_VARS, service_ports, strict=True))
    env = servers.env(prefix) | {
        "PEERPREP_ENVIRONMENT": "test",
        "GATEWAY_HTTP_PORT": str(gateway_port),
        "GATEWAY_WEB_DIR": str(web),
        "MATCH_TIMEOUT_S": str(MATCH_TIMEOUT_S),  # short, so a browser test can watch a search time out
        "MATCH_READY_CHECK_S": str(MATCH_READY_CHECK_S),
        "GATEWAY_ROUTES": json.dumps({name: f"http://127.0.0.1:{port}" for name, port in ports.items()}),
        **{SERVICE_PORT_VARS[name]: str(port) for name, port in ports.items()},
    }
    with launch_peerprep("up", "--no-infra", "--no-web-build", env=env) as proc:
        read_until(proc, "PeerPrep is up")
        # Keep reading what the services log (into test-results/live-app.log): a full pipe would block them.
        threading.Thread(target=_copy_lines, args=(proc, RESULTS / "live-app.log"), daemon=True).start()
        yield LiveApp(url=f"http://127.0.0.1:{gateway_port}", prefix=prefix)


def _copy_lines(proc: subprocess.Popen[str], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    assert proc.stdout is not None
    with path.open("w", encoding="utf-8") as log:
        for line in proc.stdout:
            log.write(line)


# Playwright's sync API keeps an event loop running while it is open, which asyncio tests cannot share: open it per
# browser-test module, and run browser tests after every other test.
@pytest.fixture(scope="module")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="module")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    chromium = playwright_driver.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
    yield chromium
    chromium.close()


_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


@pytest.fixture
def page(browser: Browser, live_app: LiveApp, request: pytest.FixtureRequest) -> Iterator[Page]:
    # bypass_csp: axe-core is injected as an inline script; the policy itself is tested on the headers
    context = browser.new_context(base_url=live_app.url, viewport={"width": 1280, "height": 800}, bypass_csp=True)
    tab = context.new_page()
    yield tab
    if request.node.stash.get(_FAILED, False):
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        for index, open_page in enumerate(context.pages):
            open_page.screenshot(path=str(RESULTS / f"{name}-{index}.png"), full_page=True)
    context.close()


@pytest.fixture
def new_user() -> NewUser:
    tag = uuid7().hex[-10:]
    return NewUser(
        email=f"student-{tag}@example.com",
        username=f"student_{tag}",
        password=f"correct horse {tag}",
        display_name=f"Student {tag[-4:]}",
    )


def accessibility_violations(page: Page, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[Any]:
    """axe-core's violations of at least ``impacts`` on the current page (axe-core comes from web/node_modules)."""
    axe = REPO_ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.is_file():
        pytest.fail("axe-core missing: run `npm ci` in web/", pytrace=False)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe))
    result: dict[str, Any] = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def sign_up(page: Page, user: NewUser) -> None:
    """Create ``user``'s account through the sign-up page; ends on the dashboard."""
    page.goto("/signup")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Display name").fill(user.display_name)
    page.get_by_label("Password", exact=True).fill(user.password)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Welcome"))).to_be_visible()  # rendered, settled


def settle(page: Page) -> None:
    """Wait until a theme switch has been painted and no CSS transition runs (axe reads computed colours)."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.wait_for_function("() => document.getAnimations().every(a => !(a instanceof CSSTransition))")


def in_both_themes(page: Page) -> Iterator[str]:
    """Switch the page to light, then dark (settled, motion reduced), yielding each theme; light again after."""
    for theme in ("light", "dark"):
        page.emulate_media(color_scheme=theme, reduced_motion="reduce")  # no colour transitions mid-check
        page.evaluate("t => document.documentElement.setAttribute('data-theme', t)", theme)
        settle(page)
        yield theme
    page.emulate_media(color_scheme="light")
