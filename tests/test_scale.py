"""Scale: one threshold decides raw events or DuckDB aggregates, and nothing large reaches pandas
or the browser.

Unit tests of components/scale.py and the aggregate builders, then the Timeline, Map and
Overview pages run (AppTest) over a session overlay holding 200,000 synthetic events, with a
spy on every frame the store hands to pandas.
"""

from __future__ import annotations

import base64
import json
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import data, scale
from components import deck as dk
from components.palette import EVENT_TYPE_COLORS
from components.timeline import counts_figure
from crisis import Filters, Store

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<img src=x onerror=alert(1)>"
BIG = 200_000
SYNTH = "synthetic"
SPEC_BYTES = 300_000  # a plotly spec of a large filter stays below this
DECK_BYTES = 700_000  # the whole deck (countries, areas, line, venues and the grid)


# -- synthetic events -------------------------------------------------------------------------


def synthetic_events(n: int, seed: int = 4, dataset: str = SYNTH) -> pd.DataFrame:
    """``n`` made-up events around eastern Ukraine, 2018-2023 (clearly not real data)."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2018-01-01") + rng.integers(0, 6 * 365, n).astype("timedelta64[D]")
    types = np.array(["armed_conflict", "military", "statement", HOSTILE])
    etype = types[rng.choice(4, n, p=[0.6, 0.3, 0.0999, 0.0001])]
    return pd.DataFrame(
        {
            "event_id": np.char.add(f"{dataset}-", np.arange(n).astype(str)),
            "dataset": dataset,
            "title": np.where(rng.random(n) < 0.001, HOSTILE, 'Synthetic shelling, "quoted"'),
            "event_type": etype,
            "start_date": pd.to_datetime(start),
            "date_precision": "day",
            "date_stated": True,
            "status": "occurred",
            "latitude": rng.normal(48.3, 1.2, n).clip(44.5, 52.3),
            "longitude": rng.normal(36.5, 2.5, n).clip(22.5, 40.2),
            "deaths_best": rng.poisson(0.8, n).astype("int32"),
        }
    )


@pytest.fixture(scope="module")
def big() -> str:
    """A session overlay of the app's shared store with BIG synthetic events; its name."""
    overlay = data.get_store().overlay()
    overlay.add_rows({"events": synthetic_events(BIG)})
    name = overlay._overlay_name  # noqa: SLF001 - the overlay's own id, as data.py uses it
    with data._lock:  # noqa: SLF001 - register it as a session's overlay
        data._overlays[name] = (overlay, time.time())  # noqa: SLF001
    yield name
    with data._lock:  # noqa: SLF001
        data._overlays.pop(name, None)  # noqa: SLF001
    overlay.close()


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Row counts of every frame any store returns (a spy on Store._df)."""
    sizes: list[int] = []
    original = Store._df  # noqa: SLF001

    def spy(self: Store, sql: str, params: object = None) -> pd.DataFrame:
        frame = original(self, sql, params)
        sizes.append(len(frame))
        return frame

    monkeypatch.setattr(Store, "_df", spy)
    return sizes


def _app(page: str, overlay: str | None = None, **state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=120)
    if overlay:
        at.session_state[data.OVERLAY_KEY] = overlay
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _values(array: object) -> list:
    """A plotly JSON array: a list, or a typed array {"dtype", "bdata"} (plotly >= 6)."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array or [])


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


# -- the rule -----------------------------------------------------------------------------------


def test_restrict_intersects_and_never_widens() -> None:
    f = Filters(datasets=("article",))
    assert scale.restrict(f, ("ucdp",)) is None  # () would mean every dataset
    assert scale.restrict(f, ("article", "ucdp")).datasets == ("article",)
    assert scale.restrict(Filters(), ("ucdp", "acled")).datasets == ("ucdp", "acled")


def test_split_keeps_the_curated_and_small_datasets_raw() -> None:
    counts = {"acled": 1_000_000, "article": 18, "ucdp": 2_989, "mine": 40, "empty": 0}
    raw, agg = scale.split_datasets(counts, limit=2_000)
    assert raw == ("article", "mine")
    assert agg == ("ucdp", "acled")
    raw, agg = scale.split_datasets({"article": 18, "ucdp": 1_900}, limit=2_000)
    assert raw == ("article", "ucdp") and agg == ()


def test_threshold_switches_both_ways() -> None:
    f = Filters()
    below = scale.make_plan(f, scale.RAW_LIMIT, None)
    assert not below.aggregate and below.raw_filters == f and below.aggregated_filters is None
    counts = {"article": 18, "ucdp": scale.RAW_LIMIT - 17}
    above = scale.make_plan(f, scale.RAW_LIMIT + 1, counts)
    assert above.aggregate
    assert above.raw_filters.datasets == ("article",)
    assert above.aggregated_filters.datasets == ("ucdp",)
    assert above.raw_count == 18 and above.aggregated_count == scale.RAW_LIMIT - 17
    assert scale.make_plan(f, 0, None).raw_filters is None


def test_captions_state_the_mode_and_the_threshold() -> None:
    labels = {"article": "Founding article", "acled": "ACLED"}
    plan = scale.make_plan(Filters(), 1_234_567, {"article": 18, "acled": 1_234_549})
    text = scale.mode_caption(plan, labels, "counts per week")
    assert text.startswith("1,234,567 events match, more than the 2,000 drawn one by one")
    assert "1,234,549 events of ACLED are shown as counts per week" in text
    assert "the 18 of Founding article are drawn one by one" in text
    small = scale.mode_caption(scale.make_plan(Filters(), 18, None), labels, "grid cells")
    assert small.startswith("18 events match (up to 2,000 events are drawn one by one;")


def test_bucket_gives_at_most_a_few_hundred_bars() -> None:
    assert scale.choose_bucket(date(2022, 1, 1), date(2022, 3, 31)) == "day"
    assert scale.choose_bucket(date(2021, 1, 1), date(2022, 12, 31)) == "week"
    assert scale.choose_bucket(date(2014, 1, 1), date(2023, 12, 31)) == "month"
    assert scale.choose_bucket(None, None) == "month"
    monthly = pd.DataFrame({"period": pd.to_datetime(["2018-01-01", "2023-12-01"])})
    first, last = scale.span_of(monthly, Filters(start=date(2020, 5, 3)))
    assert (first, last) == (date(2020, 5, 3), date(2023, 12, 31))
    assert scale.bucket_end(date(2021, 2, 1), "month") == date(2021, 2, 28)
    assert scale.bucket_end(date(2021, 2, 1), "week") == date(2021, 2, 7)


def test_cell_size_follows_the_zoom() -> None:
    assert scale.cell_for_zoom(dk.DONBAS_VIEW.zoom) == 0.25
    assert scale.cell_for_zoom(dk.EUROPE_VIEW.zoom) == scale.MAX_CELL
    assert scale.cell_for_zoom(9) == scale.MIN_CELL
    assert scale.coarser_cell(0.25) == 0.5 and scale.coarser_cell(5.0) is None


def test_clicked_bar_maps_back_to_period_and_type() -> None:
    points = [{"customdata": ["2021-03-01", "military", 4, "Mar 2021"]}]
    assert scale.clicked_bucket(points, "month") == (
        date(2021, 3, 1),
        date(2021, 3, 31),
        "military",
    )
    assert scale.clicked_bucket([{"customdata": ["x"]}], "week") is None


def test_recent_filters_start_where_the_last_n_events_begin() -> None:
    counts = pd.DataFrame(
        {
            "period": pd.to_datetime(["2021-01-04", "2021-01-11", "2021-01-18"]),
            "events": [500, 150, 40],
        }
    )
    assert scale.recent_filters(counts, Filters(), 200).start == date(2021, 1, 11)
    assert scale.recent_filters(counts, Filters(), 10).start == date(2021, 1, 18)


# -- builders with large aggregates ---------------------------------------------------------------


def test_counts_figure_ids_colours_escaping_and_size() -> None:
    periods = pd.date_range("2005-01-01", periods=scale.MAX_BUCKETS * 2, freq="MS")
    types = [*EVENT_TYPE_COLORS, HOSTILE]
    counts = pd.DataFrame(
        [
            {"period": p, "dataset": "acled", "event_type": t, "events": 1000, "deaths": 7}
            for p in periods
            for t in types
        ]
    )
    fig = counts_figure(counts, "month")
    spec = fig.to_json()
    assert len(spec.encode()) < SPEC_BYTES
    assert HOSTILE not in spec
    for trace in fig.data:
        etype = trace.meta["event_type"]
        assert {row[1] for row in trace.customdata} == {etype}
        assert trace.customdata[0][0] == "2005-01-01"
        if etype in EVENT_TYPE_COLORS:
            assert trace.marker.color == EVENT_TYPE_COLORS[etype]
    assert fig.layout.barmode == "stack"


def test_grid_deck_of_a_million_events_stays_small(store: Store) -> None:
    # the most cells the map ever gets, each with its polygon, colour and tooltip
    n = scale.MAX_CELLS
    side = int(np.ceil(np.sqrt(n)))
    grid = pd.DataFrame(
        {
            "longitude": [30 + 0.25 * (i % side) + 0.125 for i in range(n)],
            "latitude": [45 + 0.25 * (i // side) + 0.125 for i in range(n)],
            "events": 1_000_000 // n,
            "deaths": 12_345,
            "first": pd.Timestamp("2018-01-01"),
            "last": pd.Timestamp("2023-12-31"),
        }
    )
    view = dk.DONBAS_VIEW
    countries, labels = dk.country_layers_data(
        store.geometry("countries_region"), dk.visible_bounds(view)
    )
    deck = dk.build_deck(
        dk.MapData(
            countries=countries,
            country_labels=labels,
            violence_grid=dk.grid_frame(grid, 0.25),
        ),
        view,
    )
    assert len(deck.to_json().encode()) < DECK_BYTES


# -- the pages over 200,000 synthetic events ------------------------------------------------------


def test_timeline_counts_a_large_filter(big: str, fetched: list[int]) -> None:
    at = _app("pages/timeline.py", big, f_dataset=[])
    assert max(fetched) <= scale.RAW_LIMIT  # no frame above the threshold reached pandas
    specs = [c.proto.spec for c in at.get("plotly_chart")]
    assert all(len(s.encode()) < SPEC_BYTES for s in specs), [len(s) for s in specs]
    lanes, counts = json.loads(specs[0]), json.loads(specs[1])
    assert lanes["layout"]["meta"]["lane_by"] == "actor"  # the article's events, one by one
    assert counts["layout"]["meta"]["kind"] == "counts"
    total = sum(sum(_values(t["y"])) for t in counts["data"])
    assert total == BIG + 2_989
    captions = _captions(at)
    assert f"{BIG + 3_007:,} events match, more than the 2,000 fetched as single" in captions
    assert "counts per month" in captions and "the 18 of Founding article" in captions
    options = at.selectbox(key="timeline_pick").options
    assert 18 < len(options) <= 18 + scale.PICK_LIMIT
    assert f"at most {scale.PICK_LIMIT}" in captions
    assert HOSTILE not in " ".join(specs)


def test_timeline_switches_back_to_raw_when_narrowed(big: str, fetched: list[int]) -> None:
    at = _app(
        "pages/timeline.py",
        big,
        f_dataset=[SYNTH],
        f_from=date(2020, 3, 1),
        f_to=date(2020, 3, 3),
    )
    assert max(fetched) <= scale.RAW_LIMIT
    captions = _captions(at)
    assert "events match (up to 2,000 events are fetched as single events;" in captions
    assert len(at.get("plotly_chart")) == 3  # lanes, troops, UCDP monthly: no counts chart


def test_map_grid_for_a_large_filter(big: str, fetched: list[int]) -> None:
    at = _app("pages/map.py", big, f_dataset=[], map_view="donbas")
    at.toggle(key="map_show_violence").set_value(True).run()
    assert not at.exception
    assert max(fetched) <= scale.RAW_LIMIT
    deck_json = at.get("deck_gl_json_chart")[0].proto.json
    assert len(deck_json.encode()) < DECK_BYTES
    layers = {layer["id"]: layer for layer in json.loads(deck_json)["layers"]}
    assert dk.VIOLENCE_GRID in layers and dk.VIOLENCE_POINTS not in layers
    cells = layers[dk.VIOLENCE_GRID]["data"]
    assert len(cells) <= scale.MAX_CELLS
    assert sum(c["events"] for c in cells) == BIG + 2_989
    captions = _captions(at)
    assert f"{BIG + 2_989:,} events" in captions
    assert "more than the 2,000 drawn one by one" in captions and "grid cells of" in captions
    assert "synthetic" in captions and "UCDP GED 22.1 (CC BY 4.0)" in captions


def test_overview_does_not_pull_the_large_set(big: str, fetched: list[int]) -> None:
    at = _app("dashboard.py", big, f_dataset=[])
    assert max(fetched) <= scale.RAW_LIMIT
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Events in the filter"] == f"{BIG + 3_007:,}"
    specs = [c.proto.spec for c in at.get("plotly_chart")]
    assert len(specs) == 2 and all(len(s.encode()) < SPEC_BYTES for s in specs)
    assert "more than the 2,000 fetched as single events" in _captions(at)
