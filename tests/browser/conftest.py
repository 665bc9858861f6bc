"""Real-browser fixtures: a headless `streamlit run` on a free port, and Debian's Chromium.

After Streamlit's own e2e tests: the server is started headless, the fixture waits for
``/_stcore/health``; pages are awaited through ``stApp``'s ``data-test-script-state``.
Without /usr/bin/chromium the tests skip locally and fail in CI (``CI=true``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, IDLE, AppServer


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app_server(browser) -> Iterator[AppServer]:
    server = AppServer()
    yield server
    server.stop()


@pytest.fixture
def fresh_server(browser) -> Iterator[AppServer]:
    """A server that has served no request yet (a hosted app waking up on a shared link)."""
    server = AppServer()
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def wait_idle(pg, settle_ms: int = 400) -> None:
    """Wait until the script has run and stays idle."""
    pg.wait_for_selector(IDLE, timeout=60_000)
    pg.wait_for_timeout(settle_ms)
    pg.wait_for_selector(IDLE, timeout=60_000)


SIDEBAR_FILTERS = "[data-testid='stSidebar'] [data-testid='stMultiSelect']"


def sidebar_text(pg) -> str:
    """The sidebar's text once its filter widgets are drawn.

    Seen in CI (issue 9's landing run failed on it): right after the script went idle in a new
    browser context, the sidebar held its markdown only ("Filters", "Share this view"); the
    widgets' code is loaded lazily by the frontend and had not arrived on a busy machine. So
    wait for the four filter multiselects and the share link before reading.
    """
    pg.wait_for_function(
        f'() => document.querySelectorAll("{SIDEBAR_FILTERS}").length >= 4',
        timeout=30_000,
    )
    pg.wait_for_selector("[data-testid='stSidebar'] [data-testid='stCode']", timeout=30_000)
    return pg.locator("[data-testid='stSidebar']").inner_text()
