"""Chromium through the real nginx of `make serve`, two replicas: what visitors see.

The cold deep link runs first, before any page of this module's deployment was served. Each
visitor is a browser context; a route cookie set on it picks the replica (the tests find
values that nginx sends to each), and a ``fetch`` from the page reads ``X-Upstream`` to say
which replica serves the tab.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import sidebar_text, wait_idle
from tests.browser.test_pages_in_browser import PAGES, SHARED_QUERY, caption_count
from tests.conftest import ROOT
from tests.proxy import conftest as proxy
from tests.proxy.conftest import COOKIE, cookie_for

pytestmark = pytest.mark.proxy  # and `browser`, from tests/browser/conftest.py
# the fixtures of tests/proxy: nginx found (or skipped/failed) and a two-replica deployment
nginx = proxy.nginx
deployment = proxy.deployment

UPLOAD = ROOT / "tests" / "fixtures" / "acled_current.csv"
SIDEBAR = "[data-testid='stSidebar']"
SELECTS = f"{SIDEBAR} [data-testid='stMultiSelect']"  # actor, event type, status, dataset
WHO = "() => fetch('/_stcore/health').then((r) => r.headers.get('X-Upstream'))"


def visitor(browser, deployment, cookie: str | None = None):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    if cookie is not None:
        context.add_cookies([{"name": COOKIE, "value": cookie, "url": deployment.url}])
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    return pg


def no_dialog_no_exception(pg) -> None:
    assert pg.locator("[role='dialog']").count() == 0
    assert pg.get_by_text("Page not found").count() == 0
    assert pg.locator("[data-testid='stException']").count() == 0


def upload(pg, dataset: str, folder: Path) -> str:
    """On the Data page: the upload panel, a small ACLED file named after the dataset, Import;
    wait for the result. Returns the file's name, which the Dataset filter's label shows."""
    path = folder / f"{dataset}_events.csv"
    shutil.copyfile(UPLOAD, path)
    pg.get_by_text("Add your own events").click()
    pg.get_by_label("Dataset name (optional)", exact=True).fill(dataset)
    pg.keyboard.press("Enter")
    wait_idle(pg)
    pg.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    pg.get_by_role("button", name="Import").click()
    pg.get_by_text(f"as dataset '{dataset}'").wait_for(timeout=120_000)
    wait_idle(pg, 800)
    return path.name


def pick(pg, nth: int, typed: str, in_url: str) -> None:
    """Pick an option in the sidebar's nth multiselect; wait for the URL and the rerun."""
    pg.locator(SELECTS).nth(nth).click()
    pg.keyboard.type(typed)
    pg.keyboard.press("Enter")
    pg.keyboard.press("Escape")
    pg.wait_for_function(f"() => window.location.search.includes({in_url!r})")
    wait_idle(pg, 800)


def two_visitors(browser, d, query: str = ""):
    """Visitor a on the first replica, b on the second, both on the Data page."""
    pages = []
    for replica, name in zip(d.replicas, "ab", strict=False):
        pg = visitor(browser, d, cookie_for(d, replica.address, name))
        pg.goto(f"{d.url}/data{query}")
        wait_idle(pg, 800)
        assert pg.evaluate(WHO) == replica.address
        pages.append(pg)
    return pages


def datasets_in_url(pg) -> list[str]:
    return parse_qs(urlparse(pg.url).query).get("dataset", [])


def test_cold_deep_link_through_the_proxy(deployment, browser):
    """First page this deployment serves: a shared link opens its page with its filters."""
    pg = visitor(browser, deployment)
    pg.goto(f"{deployment.url}/timeline?{SHARED_QUERY}")
    wait_idle(pg, 1500)
    no_dialog_no_exception(pg)
    assert pg.locator("h1").first.inner_text().strip() == "Timeline"
    assert parse_qs(urlparse(pg.url).query)["actor"] == ["nato"]
    assert "NATO" in sidebar_text(pg)
    pg.context.close()


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_renders_through_the_proxy(deployment, page, path):
    title, elements = PAGES[path]
    page.goto(f"{deployment.url}/{path}")
    wait_idle(page, 1500)
    no_dialog_no_exception(page)
    assert page.locator("h1").first.inner_text().strip() == title
    for test_id in elements:
        page.wait_for_selector(f"[data-testid='{test_id}']", timeout=30_000)
    assert page.evaluate(WHO) in {r.address for r in deployment.replicas}


def test_a_filter_change_works_through_the_proxy(deployment, page):
    page.goto(f"{deployment.url}/timeline")
    wait_idle(page)
    before = caption_count(page)
    pick(page, 0, "NATO official", "actor=nato-official")
    assert caption_count(page) < before
    no_dialog_no_exception(page)


def test_an_upload_stays_with_its_visitor_across_reruns_and_pages(deployment, browser, tmp_path):
    pg = visitor(browser, deployment)
    pg.goto(f"{deployment.url}/data")
    wait_idle(pg, 800)
    replica = pg.evaluate(WHO)
    label = upload(pg, "mine", tmp_path)
    assert "mine" in datasets_in_url(pg)
    # a rerun (a filter change), then a page switch: the dataset is still there
    pick(pg, 1, "Meeting", "type=meeting")
    assert "mine" in datasets_in_url(pg) and label in sidebar_text(pg)
    pg.locator(f"{SIDEBAR} a", has_text="Timeline").first.click()
    pg.wait_for_url(re.compile(r"/timeline"))
    wait_idle(pg, 1000)
    assert pg.locator("h1").first.inner_text().strip() == "Timeline"
    assert "mine" in datasets_in_url(pg) and label in sidebar_text(pg)
    no_dialog_no_exception(pg)
    assert pg.evaluate(WHO) == replica, "the tab moved to another replica"
    pg.context.close()


def test_two_visitors_on_two_replicas_never_see_each_others_uploads(deployment, browser, tmp_path):
    first, second = deployment.replicas
    a, b = two_visitors(browser, deployment)
    label_a = upload(a, "visitor-a", tmp_path)
    label_b = upload(b, "visitor-b", tmp_path)
    for pg, own, other in ((a, label_a, label_b), (b, label_b, label_a)):
        wait_idle(pg, 800)
        assert own in sidebar_text(pg)
        # the Dataset filter's remaining options: open the list and read it
        pg.locator(SELECTS).last.locator("input").click()
        pg.get_by_role("option").first.wait_for()
        options = " ".join(pg.get_by_role("option").all_inner_texts())
        pg.keyboard.press("Escape")
        assert "UCDP" in options, options  # the list was read
        assert other not in options and other not in sidebar_text(pg)
        assert pg.evaluate(WHO) == (first if pg is a else second).address
    a.context.close()
    b.context.close()


def test_a_killed_replica_its_visitor_reconnects_to_another_and_is_told(nginx, browser, tmp_path):
    from deploy.serve import Deployment, free_port

    with Deployment(port=free_port(), replicas=2) as d:
        doomed, kept = d.replicas
        a, b = two_visitors(browser, d, f"?{SHARED_QUERY}")
        upload(a, "lost", tmp_path)
        label_b = upload(b, "kept", tmp_path)
        url_a = a.url
        assert "lost" in datasets_in_url(a)

        d.kill_replica(doomed)
        # Streamlit's reconnect: the tab finds the server again (now the other replica), a new
        # session reruns the page from the URL
        a.get_by_text("in the link is not here").wait_for(timeout=90_000)
        wait_idle(a, 1500)
        assert a.evaluate(WHO).split(",")[-1].strip() == kept.address
        assert a.locator("h1").first.inner_text().strip() == "Data"
        assert parse_qs(urlparse(a.url).query)["actor"] == ["nato"]
        assert "NATO" in sidebar_text(a)
        notices = " ".join(a.locator("[data-testid='stAlert']").all_inner_texts())
        assert "Dataset 'lost' in the link is not here" in notices, notices
        assert "upload the file again on the Data page" in notices
        assert "Imported" not in notices, "the old session's result is still shown"
        assert "lost" not in datasets_in_url(a), url_a
        no_dialog_no_exception(a)

        # the other visitor: same replica, upload still there, filters still work
        assert b.evaluate(WHO) == kept.address
        assert label_b in sidebar_text(b)
        pick(b, 1, "Meeting", "type=meeting")
        assert "kept" in datasets_in_url(b) and label_b in sidebar_text(b)
        no_dialog_no_exception(b)
        a.context.close()
        b.context.close()
