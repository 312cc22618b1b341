"""Real-browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

- One Chromium for the whole browser suite, one fresh browser context (cookies, storage) per user per test.
- The live server runs the tests' own settings on a transactional database (flushed after each test), so each
  test builds its data: reference data, users, and anything else through the real services or the UI.
- On failure, every page the test opened is saved (full-page PNG and HTML) into test-artifacts/failures/.
- Each page records console errors, uncaught exceptions, failed requests and 4xx/5xx answers for static files
  (`Browsing.problems(page)`), which tests/browser/test_pages.py asserts are empty.

Why the browser is package-scoped, not session-scoped: while sync Playwright is running, its asyncio loop counts
as "running" in the main thread. A session-long browser would make every later (non-browser) test run "inside an
event loop", where Django refuses ORM calls. Closing it when the tests/browser package is done keeps that
(and DJANGO_ALLOW_ASYNC_UNSAFE, which Django needs while the loop runs) confined to the browser tests; the
browser is still launched once for the whole browser suite.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.conftest import CHROMIUM
from tests.factories import ensure_reference_data

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
FAILURES = ARTIFACTS / "failures"
SCREENSHOTS = ARTIFACTS / "screenshots"

TIMEOUT_MS = 15_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Every user in tests/conftest.py's `users` fixture has this password (tests/factories.py UserFactory).
PASSWORD = "test-Password-123"
VIEWPORT = {"width": 1366, "height": 900}
# The Content-Security-Policy the pages are written for (no inline scripts, no eval, nothing from other sites).
# `Browsing.page(csp=True)` adds it to every page the live server sends, so Chromium reports any violation as a
# console error, whatever the server's own settings say.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell at teardown whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="package")
def chromium(django_db_blocker):
    """The one Chromium of the browser suite (see the module docstring for why it is package-scoped)."""
    shutil.rmtree(FAILURES, ignore_errors=True)  # only this run's failures are left to look at
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
        # The live server's transactional tests flushed the database, reference data included; put back what the
        # migrations load, so that tests running after this package find the database as they expect it.
        with django_db_blocker.unblock():
            ensure_reference_data()


class Browsing:
    """The browser contexts of one test: `page(user)` opens a new context signed in as `user` (by a session cookie,
    or through the sign-in page); `problems(page)` lists what went wrong in that page so far."""

    def __init__(self, browser: Browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.pages: list[tuple[str, Page]] = []
        self._problems: dict[int, list[str]] = {}

    def page(self, user=None, *, label: str = "", csp: bool = False, through_the_form: bool = False) -> Page:
        """A new context and page, signed in as `user` (by a session cookie; `through_the_form` signs in on the
        sign-in page, as a person does)."""
        context = self.browser.new_context(
            base_url=self.base_url,
            locale="en-GB",
            timezone_id="Asia/Almaty",
            viewport=VIEWPORT,
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        if csp:
            context.route("**/*", self._with_csp)
        page = context.new_page()
        self._listen(page)
        self.pages.append((label or (user.username if user else "anonymous"), page))
        if user is not None:
            if through_the_form:
                sign_in(page, user)
            else:  # on the home page, signed in, as after the form
                sign_in_by_cookie(context, user, self.base_url)
                page.goto("/")
                expect(page.locator("#user-menu")).to_contain_text(str(user))
        return page

    @staticmethod
    def _with_csp(route) -> None:
        """Pages (not static files) get the Content-Security-Policy header. Redirects are passed on as they are,
        so the browser follows them itself; cookies are shared with the context, so Set-Cookie needs no copy."""
        if route.request.resource_type != "document":
            route.continue_()
            return
        response = route.fetch(max_redirects=0)
        headers = {name: value for name, value in response.headers.items() if name.lower() != "set-cookie"}
        headers["content-security-policy"] = CONTENT_SECURITY_POLICY
        route.fulfill(response=response, headers=headers)

    def problems(self, page: Page) -> list[str]:
        return self._problems[id(page)]

    def _listen(self, page: Page) -> None:
        problems = self._problems.setdefault(id(page), [])
        base = self.base_url

        def on_console(message):
            if message.type == "error":
                problems.append(f"console error on {page.url}: {message.text}")

        def on_page_error(error):
            problems.append(f"uncaught exception on {page.url}: {error}")

        def on_request_failed(request):
            # A request still in flight when the page navigates away (htmx loading the notification badge, the
            # favicon) is aborted by the browser: that is navigation, not a failure. A missing file still shows,
            # as a 4xx answer (on_response).
            if "ERR_ABORTED" in str(request.failure) and request.resource_type != "document":
                return
            problems.append(f"request failed: {request.method} {request.url} ({request.failure})")

        def on_response(response):
            url = response.url
            if url.startswith(base) and (
                response.status >= 500 or (response.status >= 400 and url[len(base) :].startswith("/static/"))
            ):
                problems.append(f"HTTP {response.status} for {response.request.method} {url}")

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        page.on("requestfailed", on_request_failed)
        page.on("response", on_response)

    def save_failure_artifacts(self, test_name: str) -> list[Path]:
        FAILURES.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name)[:120]
        saved = []
        for index, (label, page) in enumerate(self.pages, start=1):
            if page.is_closed():
                continue
            base = FAILURES / f"{stem}-{index}-{label}"
            problems = self._problems.get(id(page)) or []
            if problems:  # a 5xx or a refused request behind a step that did not happen: shown in the report
                print(f"{label} ({page.url}):", *problems, sep="\n  ")
            try:
                page.screenshot(path=f"{base}.png", full_page=True, timeout=TIMEOUT_MS)
                saved.append(Path(f"{base}.png"))
                Path(f"{base}.html").write_text(page.content(), encoding="utf-8")
                saved.append(Path(f"{base}.html"))
            except Exception as exc:  # a page that cannot be saved must not hide the test's own failure
                Path(f"{base}.error.txt").write_text(f"{page.url}\n{exc}\n", encoding="utf-8")
        return saved

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(request, chromium, live_server, users):
    """New browser contexts for this test against the live server; saves screenshots and HTML if it fails."""
    session = Browsing(chromium, live_server.url)
    yield session
    if any(getattr(getattr(request.node, f"rep_{when}", None), "failed", False) for when in ("setup", "call")):
        session.save_failure_artifacts(request.node.nodeid.split("::", 1)[-1])
    session.close()


def sign_in(page: Page, user, *, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page, as a person would, and check the menu names the user."""
    page.goto("/accounts/login/")
    form = page.locator("form:has(input[name=login])")
    form.locator("input[name=login]").fill(user.username)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    expect(page.locator("#user-menu")).to_contain_text(str(user))


def sign_in_by_cookie(context: BrowserContext, user, base_url: str) -> None:
    """Sign the context in as `user` with a session made on the server (Django's `force_login`), without loading
    the sign-in page: the pages under test are what the test is about. The sign-in itself is driven through its
    form by the journey (tests/browser/test_journey.py) and tested in tests/iwg/test_access_audit.py."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url, "httpOnly": True}])


def settle(page: Page) -> None:
    """Wait until the page has loaded and htmx has no request in flight or content still swapping in (the
    notification badge loads after the page). Playwright's "networkidle" waits for half a second of quiet on every
    page, which the browser tests paid about 130 times."""
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG of `page` under test-artifacts/screenshots/<name>.png (stable names, overwritten)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
