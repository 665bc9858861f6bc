"""Every page in Chromium: renders, filters live in the URL, shared links restore the view."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from crisis import Filters, Store
from tests.browser.conftest import sidebar_text, wait_idle
from tests.conftest import DATA

PAGES = {
    "": ("Overview", ["stPlotlyChart", "stDeckGlJsonChart"]),
    "timeline": ("Timeline", ["stPlotlyChart"]),
    "map": ("Map", ["stDeckGlJsonChart"]),
    "figures": ("Figures", ["stPlotlyChart"]),
    "actors": ("Actors", ["stPlotlyChart"]),
    "sources": ("Sources", []),
    "data": ("Data", ["stDataFrame"]),
    "add_article": ("Add article", []),
}
SHARED_QUERY = "actor=nato&from=2022-01-09&to=2022-01-13"


@pytest.fixture(scope="module")
def expected_nato_week() -> int:
    from datetime import date

    store = Store.bundled(DATA)
    n = store.count_events(
        Filters(
            actors=("nato",), start=date(2022, 1, 9), end=date(2022, 1, 13), datasets=("article",)
        )
    )
    store.close()
    return n


def caption_count(pg) -> int:
    text = pg.locator(
        "[data-testid='stMain'] [data-testid='stCaptionContainer']"
    ).first.inner_text()
    match = re.search(r"([\d,]+) events? match", text)
    assert match, text
    return int(match.group(1).replace(",", ""))


def assert_no_dialog(pg) -> None:
    assert pg.locator("[role='dialog']").count() == 0
    assert pg.get_by_text("Page not found").count() == 0


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_renders(app_server, page, path):
    title, elements = PAGES[path]
    page.goto(f"{app_server.url}/{path}")
    wait_idle(page, 1500)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1").first.inner_text().strip() == title
    for test_id in elements:
        page.wait_for_selector(f"[data-testid='{test_id}']", timeout=30_000)
    if "stDeckGlJsonChart" in elements:
        page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=30_000)
    assert_no_dialog(page)


def test_actor_filter_changes_the_url_and_the_url_restores_it(app_server, browser, page):
    page.goto(f"{app_server.url}/timeline")
    wait_idle(page)
    before = caption_count(page)
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    box.click()
    page.keyboard.type("NATO official")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => window.location.search.includes('actor=nato-official')")
    wait_idle(page, 800)
    after = caption_count(page)
    assert after < before
    url = page.url
    assert parse_qs(urlparse(url).query)["actor"] == ["nato-official"]

    other = browser.new_context().new_page()
    other.goto(url)
    wait_idle(other, 800)
    assert caption_count(other) == after
    assert "nato-official" in other.url
    assert "NATO official" in sidebar_text(other)
    other.context.close()


@pytest.mark.parametrize("path", [p for p in PAGES if p])
def test_cold_deep_link_opens_the_page_with_its_filters(
    fresh_server, page, path, expected_nato_week
):
    page.goto(f"{fresh_server.url}/{path}?{SHARED_QUERY}")
    wait_idle(page, 1500)
    assert_no_dialog(page)
    assert page.locator("h1").first.inner_text().strip() == PAGES[path][0]
    assert caption_count(page) == expected_nato_week
    assert parse_qs(urlparse(page.url).query)["actor"] == ["nato"]
    assert page.locator("[data-testid='stException']").count() == 0


def test_filter_set_on_one_page_applies_on_another(app_server, page, expected_nato_week):
    page.goto(f"{app_server.url}/?{SHARED_QUERY}")
    wait_idle(page)
    assert caption_count(page) == expected_nato_week
    page.locator("[data-testid='stSidebar'] a", has_text="Map").first.click()
    page.wait_for_url(re.compile(r"/map"))
    wait_idle(page, 1000)
    assert page.locator("h1").first.inner_text().strip() == "Map"
    assert caption_count(page) == expected_nato_week
    query = parse_qs(urlparse(page.url).query)
    assert query["actor"] == ["nato"] and query["from"] == ["2022-01-09"]


def test_bad_url_parameters_give_a_notice_not_an_error(app_server, page):
    page.goto(f"{app_server.url}/timeline?actor=nobody&from=2022-99-01&type=%3Cscript%3E")
    wait_idle(page, 800)
    assert page.locator("[data-testid='stException']").count() == 0
    alerts = page.locator("[data-testid='stAlert']").all_inner_texts()
    text = " ".join(alerts)
    assert "Unknown actor 'nobody'" in text
    assert "Malformed date '2022-99-01'" in text
    assert "<script>" in text  # shown literally
