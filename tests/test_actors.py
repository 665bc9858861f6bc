"""Actors page: the network builder (components/network.py) and the page (AppTest)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import network
from components.palette import SIDE_COLORS, SIDE_LABELS
from crisis import Filters, Store
from tests.conftest import ROOT

ARTICLE = Filters(datasets=("article",))
ALL = Filters()


def _node_traces(fig) -> list:
    labels = set(SIDE_LABELS.values())
    return [t for t in fig.data if t.name in labels]


def _edge_trace(fig):
    return [t for t in fig.data if t.name == network.EDGE_TRACE][0]


@pytest.mark.parametrize("filters", [ARTICLE, ALL, Filters(actors=("nato",))])
def test_nodes_carry_actor_ids_and_edges_match_interactions(store: Store, filters: Filters) -> None:
    stats = store.actor_stats(filters)
    pairs = store.interactions(filters)
    fig = network.network_figure(stats, pairs)
    ids = [row[0] for t in _node_traces(fig) for row in t.customdata]
    assert sorted(ids) == sorted(stats["actor_id"])
    edge = _edge_trace(fig)
    assert len(edge.customdata) == len(pairs)
    assert {row[0] for row in edge.customdata} == {
        f"{s}|{t}" for s, t in zip(pairs["source"], pairs["target"], strict=True)
    }


def test_node_colours_come_from_the_palette(store: Store) -> None:
    stats = store.actor_stats(ALL)
    fig = network.network_figure(stats, store.interactions(ALL))
    side_of = dict(zip(stats["actor_id"], stats["side"], strict=True))
    traces = _node_traces(fig)
    assert traces
    for trace in traces:
        sides = {side_of[row[0]] for row in trace.customdata}
        assert len(sides) == 1
        side = sides.pop()
        assert trace.marker.color == SIDE_COLORS[side]
        assert trace.name == SIDE_LABELS[side]


def test_sizes_grow_with_events(store: Store) -> None:
    stats = store.actor_stats(ARTICLE)
    fig = network.network_figure(stats, store.interactions(ARTICLE))
    size = {
        row[0]: s
        for t in _node_traces(fig)
        for row, s in zip(t.customdata, t.marker.size, strict=True)
    }
    assert size["russia"] > size["nato"] > size["blinken"]


def test_layout_is_deterministic_and_grouped_by_side(store: Store) -> None:
    stats = store.actor_stats(ARTICLE)
    a = network.circular_layout(stats)
    b = network.circular_layout(stats.sample(frac=1, random_state=3))
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    assert np.allclose(a["x"] ** 2 + a["y"] ** 2, 1)
    # sides take contiguous arcs, in vocabulary order
    order = list(dict.fromkeys(a["side"]))
    assert order == [
        s for s in ("ukraine", "russia", "west", "multilateral", "other") if s in order
    ]


def test_labels_do_not_overlap(store: Store) -> None:
    placed = network.circular_layout(store.actor_stats(ALL))
    spots = network.label_positions(placed)
    for side in (True, False):
        ys = np.sort(spots.loc[(spots["label_x"] > 0) == side, "label_y"].to_numpy())
        assert (np.diff(ys) > 0.05).all()


def test_edge_hover_lists_escaped_titles() -> None:
    nodes = pd.DataFrame(
        {
            "actor_id": ["a", "b"],
            "label": ["<img src=x onerror=alert(1)>", "B"],
            "kind": ["person", "state"],
            "side": ["west", "russia"],
            "events": [2, 1],
        }
    )
    edges = pd.DataFrame({"source": ["a"], "target": ["b"], "events": [1], "event_ids": [["e1"]]})
    fig = network.network_figure(nodes, edges, {"e1": "<script>alert(1)</script> talks"})
    hover = _edge_trace(fig).hovertext[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; talks" in hover
    assert "<script>" not in hover and "<img" not in hover
    texts = [t for t in fig.data if t.name == "labels"][0].text
    assert "<img" not in " ".join(texts)
    node_hover = " ".join(h for t in _node_traces(fig) for h in t.hovertext)
    assert "&lt;img src=x onerror=alert(1)&gt;" in node_hover


def test_empty_network() -> None:
    nodes = pd.DataFrame(columns=["actor_id", "label", "kind", "side", "events"])
    edges = pd.DataFrame(columns=["source", "target", "events", "event_ids"])
    assert len(network.network_figure(nodes, edges).data) == 0


def test_member_rule(store: Store) -> None:
    actors = store.actors()
    assert set(network.descendants(actors, "nato")) == {"nato-official", "nato-foreign-ministers"}
    assert "romania" in network.descendants(actors, "b9")
    assert "b9-foreign-ministers" in network.descendants(actors, "b9")
    assert network.ancestors(actors, "nato-official") == ["nato"]
    assert network.ancestors(actors, "ucdp-dpr") == ["separatists"]
    assert network.descendants(actors, "reuters") == []


# -- the page ----------------------------------------------------------------------------------


def _run(**state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "actors.py"), default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    return at


def _chart_ids(at: AppTest) -> set[str]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels = set(SIDE_LABELS.values())
    return {row[0] for t in spec["data"] if t.get("name") in labels for row in t["customdata"]}


def test_page_default(store: Store) -> None:
    at = _run()
    assert _chart_ids(at) == set(store.actor_stats(ARTICLE)["actor_id"])
    events = at.dataframe[0].value  # the picked actor's events, each linked to its card
    assert list(events.columns) == ["Date", "Event", "Type", "Status", "Card"]
    picked = at.selectbox(key="actor_pick").value
    ids = set(store.events(dataclasses.replace(ARTICLE, actors=(picked,)))["event_id"])
    assert {u.split("event=")[1] for u in events["Card"]} == ids
    assert all(u.startswith("/timeline?") for u in events["Card"])
    table = at.dataframe[1].value
    assert list(table.columns) == [
        "actor_id",
        "label",
        "kind",
        "side_label",
        "events",
        "first_seen",
        "last_seen",
    ]
    assert at.selectbox(key="actor_pick").value == table["actor_id"].iloc[0]


def test_page_with_seeded_actor_filter(store: Store) -> None:
    at = _run(f_actor=["nato"])
    assert _chart_ids(at) == set(store.actor_stats(Filters(actors=("nato",)))["actor_id"])
    assert "nato-official" in _chart_ids(at)
    assert at.selectbox(key="actor_pick").value == "nato"
    info = " ".join(i.value for i in at.info).replace("\\", "")
    assert "NATO official (unnamed)" in info  # the member rule
    button = [b for b in at.button if b.label == "Filter the dashboard by this actor"][0]
    assert button.disabled  # already the filter


def test_filter_button_sets_the_actor_filter() -> None:
    at = _run()
    at.selectbox(key="actor_pick").set_value("blinken").run()
    assert not at.exception
    assert at.session_state["f_actor"] == []
    button = [b for b in at.button if b.label == "Filter the dashboard by this actor"][0]
    button.click().run()
    assert not at.exception
    assert at.session_state["f_actor"] == ["blinken"]
    assert _chart_ids(at) >= {"blinken", "b9"}
    markdown = " ".join(m.value for m in at.markdown)
    assert "U.S. Secretary of State" in markdown.replace("\\", "")


def test_page_with_no_matching_events() -> None:
    at = _run(f_type=["annexation"], f_actor=["pap"])
    assert any("No event matches" in i.value for i in at.info)
