"""Browser tests: Playwright for Python driving Debian's Chromium against the real server.

Nothing here is skipped: without the ``playwright`` package or without ``/usr/bin/chromium``
the tests fail and say how to install them (``./dev test`` installs both). Every page a test
opens is watched: a console error, an uncaught exception, an answer with status 500 or more,
or a request to anywhere but the server under test fails the test. Screenshots of the main
pages go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import ROOT, Server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "the browser tests need the playwright package: `./dev setup` installs it with the dev "
            "extras (or `.venv/bin/pip install playwright`); never `playwright install`, the tests "
            "use Debian's chromium",
            pytrace=False,
        )
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"the browser tests need Chromium at {CHROMIUM}: `./dev test` installs it "
            "(apt-get install chromium)",
            pytrace=False,
        )
    launched = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@dataclass
class Watched:
    """A page with everything that went wrong on it so far."""

    page: Page
    context: BrowserContext
    server: Server
    problems: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.server.url + path

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.url(path))
        assert response is not None, f"no response for {path}"
        assert response.status == 200, f"{path} answered {response.status}"
        return response

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        assert not self.problems, "problems in the browser:\n" + "\n".join(self.problems)


def _watch(page: Page, server: Server, context: BrowserContext) -> Watched:
    watched = Watched(page, context, server)
    local = re.compile(re.escape(server.url) + r"(/|$)")

    def console(message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            watched.problems.append(f"console error on {page.url}: {message.text} ({where})")

    def response(answer: Any) -> None:
        if answer.status >= 500:
            watched.problems.append(f"HTTP {answer.status} for {answer.url}")

    def route(intercepted: Any) -> None:
        url = intercepted.request.url
        if local.match(url) or url.startswith(("data:", "blob:", "about:")):
            intercepted.continue_()
        else:
            watched.problems.append(f"request to another host (only the server is allowed): {url}")
            intercepted.abort()

    page.on("console", console)
    page.on("pageerror", lambda error: watched.problems.append(f"uncaught exception on {page.url}: {error}"))
    page.on("response", response)
    context.route("**/*", route)
    return watched


def _open(browser: Browser, server: Server, viewport: dict[str, int]) -> Iterator[Watched]:
    context = browser.new_context(viewport=viewport, accept_downloads=True)  # type: ignore[arg-type]
    context.set_default_timeout(15_000)
    watched = _watch(context.new_page(), server, context)
    yield watched
    context.close()
    watched.assert_clean()


@pytest.fixture
def web(browser: Browser, server: Server) -> Iterator[Watched]:
    """A fresh browser context (empty storage) at desktop size, watched for problems."""
    yield from _open(browser, server, DESKTOP)


@pytest.fixture
def phone(browser: Browser, server: Server) -> Iterator[Watched]:
    """A fresh browser context with a phone's screen, watched for problems."""
    yield from _open(browser, server, PHONE)
