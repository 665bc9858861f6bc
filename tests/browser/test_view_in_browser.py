"""A page's own view in Chromium: set it by clicking, copy the link from "Share this view",
open it in a new browser context as the first request of a freshly started server, and the same
view comes back (issue 11)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from tests.browser.conftest import wait_idle
from tests.browser.server import AppServer

SHARE = "[data-testid='stSidebar'] .st-key-share_view [data-testid='stCode']"
MAIN = "[data-testid='stMain']"


def _select(pg, label: str, typed: str, option: str) -> None:
    """Pick ``option`` in the main area's selectbox labelled ``label``."""
    box = pg.locator(f"{MAIN} [data-testid='stSelectbox']").filter(has_text=label).first
    box.click()
    pg.keyboard.type(typed)
    pg.get_by_role("option", name=option).first.click()
    wait_idle(pg, 800)


def _segment(pg, label: str) -> None:
    pg.locator(f"{MAIN} [data-testid='stButtonGroup'] [role='radio']", has_text=label).first.click()
    wait_idle(pg, 800)


def _active_segment(pg) -> str:
    group = pg.locator(f"{MAIN} [data-testid='stButtonGroup']").first
    return group.locator("[role='radio'][aria-checked='true']").inner_text().strip()


def _shared_link(pg, server: AppServer, **expected: str) -> str:
    """The link the Share box shows: equal to the address bar's, holding ``expected``."""
    for name, value in expected.items():
        pg.wait_for_function(
            "([n, v]) => new URLSearchParams(window.location.search).get(n) === v",
            arg=[name, value],
        )
    wait_idle(pg, 500)
    link = pg.locator(SHARE).first.inner_text().strip()
    shown, address = urlparse(link), urlparse(pg.url)
    assert (shown.path, parse_qs(shown.query)) == (address.path, parse_qs(address.query))
    query = parse_qs(shown.query)
    for name, value in expected.items():
        assert query[name] == [value], query
    assert link.startswith(server.url)
    return link


def _reopen(browser, link: str, old: AppServer):
    """``link`` opened in a new context, on a server started for it (its first request)."""
    fresh = AppServer()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.goto(link.replace(old.url, fresh.url))
    wait_idle(pg, 1500)
    assert pg.locator("[role='dialog']").count() == 0
    assert pg.locator("[data-testid='stException']").count() == 0
    return fresh, pg


def test_timeline_lanes_and_event_card_come_back(app_server, browser, page):
    page.goto(f"{app_server.url}/timeline?actor=united-states")
    wait_idle(page, 1000)
    _segment(page, "Venue")
    _select(page, "Or pick an event", "Geneva", re.compile("Geneva"))
    link = _shared_link(page, app_server, lanes="venue", event="us-russia-geneva-talks")
    card = page.locator(".st-key-event_permalink [data-testid='stCode']").inner_text().strip()
    assert parse_qs(urlparse(card).query) == {
        "actor": ["united-states"],
        "event": ["us-russia-geneva-talks"],
    }
    fresh, other = _reopen(browser, link, app_server)
    try:
        assert _active_segment(other) == "Venue"
        quote = other.locator(".st-key-event_quote").inner_text()
        assert "Geneva" in quote
        assert "united-states" in other.url and "event=us-russia-geneva-talks" in other.url
    finally:
        other.context.close()
        fresh.stop()


def test_timeline_cold_link_to_an_event_shows_its_card(browser, fresh_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.goto(f"{fresh_server.url}/timeline?event=us-russia-geneva-talks")
    wait_idle(pg, 1500)
    assert pg.locator("[role='dialog']").count() == 0
    assert "Geneva" in pg.locator(".st-key-event_card").inner_text()
    assert pg.locator(".st-key-event_quote").inner_text().strip()
    pg.goto(f"{fresh_server.url}/timeline?event=no-such-event")
    wait_idle(pg, 1000)
    alerts = " ".join(pg.locator("[data-testid='stAlert']").all_inner_texts())
    assert "Unknown event 'no-such-event' in the link was ignored." in alerts
    context.close()


def test_map_view_layers_and_venue_come_back(app_server, browser, page):
    page.goto(f"{app_server.url}/map")
    wait_idle(page, 1000)
    _segment(page, "Donbas close-up")
    page.locator(f"{MAIN} .st-key-map_show_violence label").first.click()
    wait_idle(page, 800)
    _select(page, "Or pick a venue", "Geneva", re.compile("Geneva"))
    link = _shared_link(page, app_server, view="donbas", venue="geneva")
    assert "violence" in parse_qs(urlparse(link).query)["layers"][0]
    fresh, other = _reopen(browser, link, app_server)
    try:
        assert _active_segment(other) == "Donbas close-up"
        assert other.locator(f"{MAIN} .st-key-map_show_violence input").is_checked()
        assert other.locator(f"{MAIN} h3", has_text="Geneva").count() == 1
    finally:
        other.context.close()
        fresh.stop()


def test_actor_source_and_table_come_back(app_server, browser, page):
    cases = [
        ("actors", "Actor", "Borrell", re.compile("Borrell"), "profile", "borrell"),
        ("sources", "Source", "ucdp", re.compile("ucdp-ged"), "source", "ucdp-ged-22.1"),
    ]
    for path, label, typed, option, name, value in cases:
        page.goto(f"{app_server.url}/{path}")
        wait_idle(page, 1000)
        _select(page, label, typed, option)
        link = _shared_link(page, app_server, **{name: value})
        fresh, other = _reopen(browser, link, app_server)
        try:
            box = other.locator(f"{MAIN} [data-testid='stSelectbox']").filter(has_text=label)
            assert typed.lower() in box.first.locator("input").input_value().lower()
        finally:
            other.context.close()
            fresh.stop()

    page.goto(f"{app_server.url}/data")
    wait_idle(page, 1000)
    page.get_by_role("tab", name=re.compile(r"^Troops")).click()
    wait_idle(page, 800)
    link = _shared_link(page, app_server, table="troops")
    fresh, other = _reopen(browser, link, app_server)
    try:
        selected = other.get_by_role("tab", selected=True).inner_text()
        assert selected.startswith("Troops")
    finally:
        other.context.close()
        fresh.stop()


def test_a_page_switch_keeps_the_filters_not_the_page_view(app_server, page):
    page.goto(f"{app_server.url}/timeline?actor=nato&lanes=venue")
    wait_idle(page, 1000)
    page.locator("[data-testid='stSidebar'] a", has_text="Map").first.click()
    page.wait_for_url(re.compile(r"/map"))
    wait_idle(page, 1000)
    query = parse_qs(urlparse(page.url).query)
    assert query.get("actor") == ["nato"] and "lanes" not in query
