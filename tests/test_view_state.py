"""A page's own view in the URL (components/view_state.py): the pure part, and every page
through AppTest (the URL's page parameters set before the first run, the view and the URL read
back). Cold deep links and copy-the-URL round trips in a real browser: tests/browser."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.view_state import (
    ALL_PAGE_PARAMS,
    FLAG,
    MANY,
    PAGE_PARAMS,
    Param,
    page_url,
    parse_view,
    view_query,
)
from tests.conftest import ROOT

PARAMS = [
    Param("lanes", "k_lanes", default="actor", what="lane mode"),
    Param("layers", "k_layers", MANY, default=["a", "b"], what="map layer"),
    Param("basemap", "k_basemap", FLAG, default=False),
    Param("event", "k_event", default=None, what="event"),
]
ALLOWED = {"lanes": ["actor", "venue"], "layers": ["a", "b", "c"], "event": lambda e: e == "x"}


def test_parse_reads_valid_values_and_defaults_the_rest() -> None:
    values, notices = parse_view(
        PARAMS, {"lanes": ["venue"], "layers": ["c,a"], "basemap": ["on"]}, ALLOWED
    )
    assert values == {
        "k_lanes": "venue",
        "k_layers": ["c", "a"],
        "k_basemap": True,
        "k_event": None,
    }
    assert notices == []


def test_parse_drops_unknown_values_with_one_notice_each() -> None:
    raw = {"lanes": ["sideways"], "layers": ["a,zzz,a"], "basemap": ["maybe"], "event": ["y"]}
    values, notices = parse_view(PARAMS, raw, ALLOWED)
    assert values == {"k_lanes": "actor", "k_layers": ["a"], "k_basemap": False, "k_event": None}
    assert notices == [
        "Unknown lane mode 'sideways' in the link was ignored.",
        "Unknown map layer 'zzz' in the link was ignored.",
        "Unknown basemap 'maybe' in the link was ignored. (use on or off)",
        "Unknown event 'y' in the link was ignored.",
    ]


def test_hostile_values_are_quoted_and_shortened_in_notices() -> None:
    evil = "<script>alert(1)</script>" + "x" * 200
    _, notices = parse_view(PARAMS, {"event": [evil]}, ALLOWED)
    assert len(notices) == 1 and len(notices[0]) < 120 and notices[0].startswith("Unknown event '")


def test_query_leaves_defaults_out_and_round_trips() -> None:
    shown = {"k_lanes": "venue", "k_layers": ["a", "b"], "k_basemap": True, "k_event": "x"}
    query = view_query(PARAMS, shown)
    assert query == {"lanes": ["venue"], "basemap": ["on"], "event": ["x"]}
    assert parse_view(PARAMS, query, ALLOWED)[0] == shown
    assert view_query(PARAMS, {"k_lanes": "actor", "k_layers": ["a", "b"]}) == {}


def test_every_layer_off_is_written_as_none_and_read_back() -> None:
    query = view_query(PARAMS, {"k_layers": []})
    assert query == {"layers": ["none"]}
    assert parse_view(PARAMS, query, ALLOWED)[0]["k_layers"] == []


def test_page_params_do_not_clash_with_the_filters() -> None:
    from components.url_state import PARAMS as FILTERS

    assert not set(ALL_PAGE_PARAMS) & set(FILTERS)
    assert len(ALL_PAGE_PARAMS) == sum(len(p) for p in PAGE_PARAMS.values())  # one page each


def test_page_url_is_relative_without_a_browser() -> None:
    assert page_url("timeline", {"actor": ["nato"], "event": ["a b"]}) == (
        "/timeline?actor=nato&event=a+b"
    )
    assert page_url("", {}) == "/"


# -- every page through AppTest -------------------------------------------------------------


def _run(page: str, query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=120)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _share(at: AppTest) -> str:
    """The link in the sidebar's "Share this view" box."""
    return next(c.value for c in at.sidebar.code if c.value.startswith("/"))


def test_timeline_link_opens_the_events_card_in_venue_lanes() -> None:
    at = _run("pages/timeline.py", {"event": "us-russia-geneva-talks", "lanes": "venue"})
    assert at.segmented_control(key="timeline_lanes").value == "venue"
    assert at.selectbox(key="timeline_pick").value == "us-russia-geneva-talks"
    card = " ".join(t.value for t in at.text)
    assert "Geneva" in card  # the card's quote
    codes = [c.value for c in at.code]
    assert "/timeline?event=us-russia-geneva-talks" in codes  # the card's permalink
    assert _share(at) == "/timeline?lanes=venue&event=us-russia-geneva-talks"
    assert dict(at.query_params) == {"lanes": "venue", "event": "us-russia-geneva-talks"}


def test_timeline_drops_an_unknown_event_and_another_pages_parameter() -> None:
    at = _run("pages/timeline.py", {"event": "no-such-event", "view": "donbas"})
    assert [w.value for w in at.warning] == [
        "Unknown event 'no-such-event' in the link was ignored."
    ]
    assert at.selectbox(key="timeline_pick").value is None
    assert dict(at.query_params) == {}  # nothing of the link's bad or foreign parameters stays


def test_timeline_writes_the_lanes_and_the_pick_into_the_url() -> None:
    at = _run("pages/timeline.py", {})
    at.segmented_control(key="timeline_lanes").set_value("type").run()
    at.selectbox(key="timeline_pick").set_value("kuleba-truss-call").run()
    assert dict(at.query_params) == {"lanes": "type", "event": "kuleba-truss-call"}


def test_map_link_sets_view_layers_basemap_and_venue() -> None:
    query = {"view": "donbas", "layers": "line,violence", "basemap": "on", "venue": "geneva"}
    at = _run("pages/map.py", query)
    assert at.segmented_control(key="map_view").value == "donbas"
    assert at.toggle(key="map_show_line").value and at.toggle(key="map_show_violence").value
    assert not at.toggle(key="map_show_arcs").value and at.toggle(key="map_basemap").value
    assert at.selectbox(key="map_venue_pick").value == "geneva"
    assert dict(at.query_params) == query
    at.toggle(key="map_show_line").set_value(False).run()
    assert at.query_params["layers"] == "violence"


def test_map_link_to_a_venue_outside_the_filters_says_so() -> None:
    at = _run("pages/map.py", {"venue": "geneva", "type": "call"})
    assert any("has no event in the current filters" in i.value for i in at.info)
    assert "venue" not in at.query_params


def test_actors_sources_and_data_links() -> None:
    at = _run("pages/actors.py", {"profile": "borrell"})
    assert at.selectbox(key="actor_pick").value == "borrell"
    assert _share(at) == "/actors?profile=borrell"
    at = _run("pages/sources.py", {"source": "ucdp-ged-22.1"})
    assert at.selectbox(key="source_pick").value == "ucdp-ged-22.1"
    at = _run("pages/data.py", {"table": "casualties"})
    assert at.tabs[0].label.startswith("Events")  # all tabs drawn; the open one is in the URL
    assert dict(at.query_params) == {"table": "casualties"}
    at = _run("pages/data.py", {"table": "bogus"})
    assert [w.value for w in at.warning] == ["Unknown table 'bogus' in the link was ignored."]


@pytest.mark.parametrize("page", ["dashboard.py", "pages/figures.py", "pages/add_article.py"])
def test_pages_without_a_view_drop_page_parameters_and_share_the_filters(page: str) -> None:
    at = _run(page, {"lanes": "venue", "actor": "nato"})
    assert dict(at.query_params) == {"actor": "nato"}
    assert _share(at).endswith("?actor=nato")
