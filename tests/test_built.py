"""Built figures and decks (components/built.py) and the heap freeze (components/heap.py).

Runs outside a Streamlit server: st.cache_resource and st.session_state work in-process, so the
shared-store cache and the per-session overlay can be told apart by object identity.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
import streamlit as st

from components import built, data, heap
from components import deck as dk
from components import publish as pb
from components.map_panel import Layers, map_frames
from components.timeline import timeline_figure
from crisis import Filters

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = Filters(datasets=("article",))
NATO = Filters(actors=("nato",), datasets=("article",))


@pytest.fixture(autouse=True)
def _clean_session():
    for key in (data.OVERLAY_KEY, data.VERSION_KEY):
        st.session_state.pop(key, None)
    yield
    data.drop_session_overlay()
    for key in (data.OVERLAY_KEY, data.VERSION_KEY):
        st.session_state.pop(key, None)


def _spec(fig) -> dict:
    return json.loads(fig.to_json())


def test_shared_timeline_is_built_once_per_filter_and_lane() -> None:
    first = built.timeline_chart(NATO, "actor")
    assert built.timeline_chart(NATO, "actor") is first
    assert built.timeline_chart(NATO, "venue") is not first
    assert built.timeline_chart(ARTICLE, "actor") is not first


def test_shared_timeline_equals_a_fresh_build() -> None:
    store = data.get_store()
    events = store.events(NATO)
    links = store.event_actors(list(events["event_id"]))
    locs = store.locations()
    added = tuple(locs.loc[~locs["stated_in_source"].astype(bool), "location_id"])
    fresh = timeline_figure(events, links, "actor", added_venues=added)
    shared = built.timeline_chart(NATO, "actor")
    assert _spec(shared)["data"] == _spec(fresh)["data"]
    # the same figure, with the published chart's title, filters and footer on it
    assert shared.layout.title.text == "<b>Russia–Ukraine crisis: events by actor</b>"
    assert shared.layout.title.subtitle.text.startswith("Actor: NATO")
    assert "Source: founding news article (4 Jan 2022)" in pb.footer_text(shared)
    assert not fresh.layout.title.text and not pb.footer_text(fresh)


def test_overview_variant_sets_height_and_hides_the_legend_on_its_own_copy() -> None:
    small = built.timeline_chart(ARTICLE, "type", height=300, legend=False)
    full = built.timeline_chart(ARTICLE, "type")
    assert small is not full
    plot = small.layout.height - small.layout.margin.t - small.layout.margin.b
    assert plot == 300 - 30 - 10  # the plot area asked for; title and footer added
    assert small.layout.showlegend is False
    assert full.layout.showlegend is not False


def test_an_upload_session_builds_its_own_charts_and_never_reaches_the_shared_cache() -> None:
    mine_only = Filters(datasets=("mine",))
    shared = built.timeline_chart(mine_only, "type")
    assert len(shared.data) == 0  # the shared store has no dataset "mine"
    overlay = data.session_overlay()
    overlay.import_file(FIXTURES / "acled_current.csv", "acled", dataset="mine")
    data.overlay_changed()
    mine = built.timeline_chart(mine_only, "type")
    again = built.timeline_chart(mine_only, "type")
    assert mine is not shared and again is not mine  # built per run, never kept
    ids = {
        str(row[0])
        for trace in mine.data
        if trace.customdata is not None
        for row in trace.customdata
    }
    assert ids and ids <= set(overlay.events(mine_only)["event_id"])
    data.drop_session_overlay()
    st.session_state.pop(data.OVERLAY_KEY, None)
    assert built.timeline_chart(mine_only, "type") is shared  # the shared one is untouched
    assert len(shared.data) == 0


def test_shared_deck_is_cached_and_its_json_computed_once() -> None:
    frames, deck = built.map_chart(NATO, "fit", Layers())
    again_frames, again = built.map_chart(NATO, "fit", Layers())
    assert again is deck and again_frames is frames
    text = deck.to_json()
    assert deck.to_json() is text
    fresh = map_frames(NATO, "fit", Layers())
    assert json.loads(text) == json.loads(dk.build_deck(fresh.map_data, fresh.view).to_json())
    _, donbas = built.map_chart(NATO, "donbas", Layers())
    assert donbas is not deck and donbas.to_json() != text


def test_country_polygons_do_not_depend_on_the_view() -> None:
    geo = data.get_store().geometry("countries_region")
    wide, _ = dk.country_layers_data(geo, dk.visible_bounds(dk.EUROPE_VIEW))
    close, _ = dk.country_layers_data(geo, dk.visible_bounds(dk.DONBAS_VIEW))
    assert wide == close == dk.country_polygons(geo)
    assert all(set(f["properties"]) == {"name"} for f in wide["features"])


def test_the_europe_map_leaves_out_countries_far_from_every_view() -> None:
    world = data.get_store().geometry("countries_world")
    trimmed = dk.country_polygons(world, dk.EUROPE_EXTENT)
    names = {f["properties"]["name"] for f in trimmed["features"]}
    assert {"Ukraine", "Russia", "Poland", "Switzerland", "Turkey", "Belarus"} <= names
    assert not names & {"Brazil", "Australia", "Japan", "Canada"}
    assert len(json.dumps(trimmed)) < 0.7 * len(json.dumps(dk.country_polygons(world)))


def test_heap_freezes_on_the_first_runs_and_each_new_page_only(monkeypatch) -> None:
    monkeypatch.setattr(heap, "_runs", 0)
    monkeypatch.setattr(heap, "_pages", set())
    try:
        froze = [heap.freeze_long_lived(p) for p in ["Overview"] * 5]
        assert froze == [True] * heap.WARM_RUNS + [False] * (5 - heap.WARM_RUNS)
        assert heap.frozen_objects() > 10_000  # modules, the store: the long-lived heap
        assert heap.freeze_long_lived("Map") is True  # a page's first run
        assert heap.freeze_long_lived("Map") is False
    finally:
        gc.unfreeze()
