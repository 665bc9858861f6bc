"""AppTest smoke test over the entry point and every page (after streamlit-app-action), and
URL query parameters seeding the filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crisis import Filters

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


def test_entry_point_runs():
    at = app()
    at.run()
    assert not at.exception
    assert at.title[0].value == "Overview"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(page):
    at = app()
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, page
    assert at.title[0].value == Path(page).stem.replace("_", " ").capitalize()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_its_own(page):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.run()
    assert not at.exception, page


def header_count(at: AppTest) -> int:
    text = at.caption[0].value
    return int(text.split("**")[1].replace(",", ""))


def test_query_parameters_seed_the_filters():
    at = app()
    at.query_params["actor"] = "nato"
    at.query_params["from"] = "2022-01-09"
    at.query_params["to"] = "2022-01-13"
    at.run()
    assert not at.exception
    assert header_count(at) == 1  # the NATO-Russia Council meeting
    assert at.session_state["f_actor"] == ["nato"]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    ids = {c[0] for trace in spec["data"] for c in (trace.get("customdata") or []) if c}
    assert ids == {"nato-russia-council-meeting"}


def test_bad_query_parameters_give_notices():
    at = app()
    at.query_params["actor"] = ["nato", "<b>nobody</b>"]
    at.query_params["from"] = "2022-99-99"
    at.query_params["type"] = "rave"
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("Unknown actor '<b>nobody</b>'" in w for w in warnings)
    assert any("Malformed date '2022-99-99'" in w for w in warnings)
    assert any("Unknown event type 'rave'" in w for w in warnings)
    assert at.session_state["f_actor"] == ["nato"]


def test_dataset_all_includes_ucdp():
    at = app()
    at.query_params["dataset"] = "all"
    at.run()
    assert header_count(at) > 2989


def test_reset_restores_defaults(store):
    default_count = store.count_events(Filters(datasets=("article",)))
    at = app()
    at.query_params["actor"] = "nato"
    at.query_params["type"] = "meeting"
    at.run()
    assert header_count(at) < default_count
    reset = next(b for b in at.button if b.label == "Reset filters")
    reset.click().run()
    assert not at.exception
    assert at.session_state["f_actor"] == [] and at.session_state["f_type"] == []
    assert header_count(at) == default_count
