"""Timeline page: pure builders (components/timeline.py, event_card helpers) and AppTests."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.event_card import citation
from components.palette import EVENT_TYPE_COLORS, STATUS_SYMBOLS
from components.text import md_escape, md_safe
from components.timeline import (
    UCDP_LANE,
    actor_lanes,
    default_x_range,
    format_dates,
    timeline_figure,
    troop_figure,
    troop_table,
    ucdp_monthly_figure,
    ucdp_weekly,
)
from crisis import Filters, Store

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<img src=x onerror=alert(1)>"


# -- fixtures ----------------------------------------------------------------------------------


def _event(event_id: str, **kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        "event_id": event_id,
        "dataset": "article",
        "title": f"Event {event_id}",
        "event_type": "meeting",
        "start_date": pd.Timestamp("2022-01-10"),
        "end_date": pd.NaT,
        "span_end": pd.Timestamp("2022-01-10"),
        "date_precision": "day",
        "date_stated": True,
        "status": "occurred",
        "format": "unknown",
        "location_id": None,
        "location_name": None,
        "deaths_best": pd.NA,
        "deaths_low": pd.NA,
        "deaths_high": pd.NA,
    }
    row.update(kw)
    return row


def _link(event_id: str, actor_id: str, role: str = "participant", **kw: object) -> dict:
    row = {
        "event_id": event_id,
        "actor_id": actor_id,
        "role": role,
        "name": actor_id.title(),
        "kind": "state",
        "side": "west",
        "parent_actor_id": None,
        "label": actor_id.title(),
    }
    row.update(kw)
    return row


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for col in ("start_date", "end_date", "span_end"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


@pytest.fixture(scope="module")
def small() -> tuple[pd.DataFrame, pd.DataFrame]:
    events = _frame(
        [
            _event(
                "talks",
                end_date=pd.Timestamp("2022-01-11"),
                span_end=pd.Timestamp("2022-01-11"),
                status="scheduled",
            ),
            _event("call", event_type="call", start_date=pd.Timestamp("2022-01-04")),
            _event("plan", event_type="policy", status="announced", date_stated=False),
            _event("buildup", event_type="military", status="ongoing"),
        ]
    )
    links = pd.DataFrame(
        [
            _link("talks", "usa"),
            _link("talks", "russia", side="russia"),
            _link("call", "usa"),
            _link("plan", "nato"),
            _link("buildup", "russia", side="russia"),
        ]
    )
    return events, links


def _ids(trace: object) -> list[str]:
    custom = np.asarray(trace.customdata, dtype=object)  # type: ignore[attr-defined]
    assert custom.ndim == 2 and len(custom), f"trace {trace.name!r} has no customdata rows"  # type: ignore[attr-defined]
    return [str(v) for v in custom[:, 0]]


# -- timeline builder --------------------------------------------------------------------------


def test_bars_for_multi_day_markers_for_one_day(small: tuple) -> None:
    events, links = small
    fig = timeline_figure(events, links)
    bar_ids = {i for t in fig.data if t.type == "bar" for i in _ids(t)}
    marker_ids = {
        i
        for t in fig.data
        if t.type in ("scatter", "scattergl") and t.meta["kind"] == "marker"
        for i in _ids(t)
    }
    assert bar_ids == {"talks"}
    assert marker_ids == {"call", "plan", "buildup"}
    bar = next(t for t in fig.data if t.type == "bar")
    # 10-11 January: two days long (end + 1 day)
    assert list(bar.x) == [2 * 86_400_000] * 2  # one bar per lane (USA, Russia)
    assert pd.Timestamp(bar.base[0]) == pd.Timestamp("2022-01-10")


def test_every_trace_carries_event_ids(store: Store) -> None:
    events = store.events(Filters(datasets=("article", "ucdp")))
    curated = events[events["dataset"] == "article"]
    links = store.event_actors(list(curated["event_id"]))
    for lane_by in ("actor", "venue", "type"):
        fig = timeline_figure(events, links, lane_by)  # type: ignore[arg-type]
        known = set(events["event_id"])
        seen: set[str] = set()
        for trace in fig.data:
            ids = _ids(trace)
            assert set(ids) <= known, trace.name
            seen |= set(ids)
        assert set(curated["event_id"]) <= seen, lane_by
        # UCDP is aggregated per week, not drawn one marker per event
        assert max(len(t.customdata) for t in fig.data) < 600
        assert UCDP_LANE in fig.layout.meta["lanes"]


def test_colours_come_from_the_palette(store: Store) -> None:
    events = store.events(Filters(datasets=("article",)))
    fig = timeline_figure(events, store.event_actors(list(events["event_id"])))
    checked = set()
    for trace in fig.data:
        etype = (trace.meta or {}).get("event_type")
        if trace.meta.get("kind") not in ("bar", "marker"):
            continue
        expected = EVENT_TYPE_COLORS[etype]
        if trace.type == "bar":
            assert trace.marker.line.color == expected
            if not trace.meta["open"]:
                assert trace.marker.color == expected
        else:
            assert trace.marker.color == expected
        assert trace.name  # the legend shows the type label
        checked.add(etype)
    assert checked == set(events["event_type"])


def test_open_symbols_for_announced_and_scheduled(small: tuple) -> None:
    events, links = small
    fig = timeline_figure(events, links)
    for trace in fig.data:
        if trace.meta.get("kind") != "marker":
            continue
        statuses = events.set_index("event_id").loc[_ids(trace), "status"]
        for status, symbol in zip(statuses, trace.marker.symbol, strict=True):
            assert symbol == STATUS_SYMBOLS[status]
            assert symbol.endswith("-open") == (status in ("announced", "scheduled"))
    bars = [t for t in fig.data if t.type == "bar"]
    assert all(t.meta["open"] and "0.2" in t.marker.color for t in bars)  # scheduled: pale fill


def test_date_not_stated_is_marked(small: tuple) -> None:
    events, links = small
    fig = timeline_figure(events, links)
    ring = [t for t in fig.data if t.meta.get("kind") == "not-stated"]
    assert len(ring) == 1 and _ids(ring[0]) == ["plan"]
    hover = " ".join(h for t in fig.data for h in t.hovertext)
    assert "date not stated by the source; placed at 10 Jan 2022" in hover


def test_hostile_strings_are_escaped(small: tuple) -> None:
    events, links = small
    events = events.assign(title=[HOSTILE, "ok", "ok", "ok"])
    links = links.assign(label=[HOSTILE] + ["fine"] * (len(links) - 1))
    fig = timeline_figure(events, links, "actor")
    text = json.dumps(_rendered(fig))
    assert "<img" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert any("&lt;img" in t for t in fig.layout.yaxis.ticktext)
    venue = timeline_figure(events.assign(location_name=HOSTILE), links, "venue")
    assert "<img" not in json.dumps(_rendered(venue))
    assert any("&lt;img" in t for t in venue.layout.yaxis.ticktext)


def _strings(values: object) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    return [str(v) for v in values]  # type: ignore[attr-defined]


def _rendered(fig: object) -> list[object]:
    """Every string Plotly renders: trace names, hover, text, tick labels, annotations."""
    out: list[object] = []
    for t in fig.data:  # type: ignore[attr-defined]
        text = getattr(t, "text", None)
        out += [t.name, _strings(t.hovertext), _strings(text)]
    layout = fig.layout  # type: ignore[attr-defined]
    out += [list(layout.yaxis.ticktext or []), [a.text for a in layout.annotations]]
    return out


def test_members_fold_into_their_group_lane() -> None:
    links = pd.DataFrame(
        [
            _link("call", "blinken", kind="person"),
            _link("call", "b9", kind="group"),
            _link("call", "poland", parent_actor_id="b9"),
            _link("call", "state-dept", role="reporter"),
            _link("speech", "reuters", role="reporter"),
        ]
    )
    lanes = actor_lanes(links)
    assert set(lanes.loc[lanes["event_id"] == "call", "actor_id"]) == {"blinken", "b9"}
    # no participant at all: falls back to any role
    assert list(lanes.loc[lanes["event_id"] == "speech", "actor_id"]) == ["reuters"]


def test_default_range_focuses_on_the_diplomatic_days(store: Store) -> None:
    events = store.events(Filters(datasets=("article", "ucdp")))
    lo, hi = default_x_range(events)  # type: ignore[misc]
    assert datetime(2021, 12, 31) <= lo <= datetime(2022, 1, 3)
    assert datetime(2022, 1, 13) <= hi <= datetime(2022, 1, 16)
    fig = timeline_figure(events, store.event_actors([]))
    assert fig.layout.xaxis.rangeslider.visible
    assert pd.Timestamp(fig.layout.xaxis.range[0]).year == 2022
    only_ucdp = events[events["dataset"] == "ucdp"]
    assert default_x_range(only_ucdp) is None  # the whole 2014-2021 span


def test_ucdp_weekly_counts_add_up(store: Store) -> None:
    ucdp = store.events(Filters(datasets=("ucdp",)))
    weekly = ucdp_weekly(ucdp)
    assert weekly["events"].sum() == len(ucdp)
    assert weekly["best"].sum() == int(ucdp["deaths_best"].sum())
    assert (pd.to_datetime(weekly["week"]).dt.day_of_week == 0).all()
    assert set(weekly["top_event_id"]) <= set(ucdp["event_id"])


def test_empty_frames_give_empty_figures() -> None:
    empty = _frame([_event("x")]).iloc[0:0]
    assert len(timeline_figure(empty, pd.DataFrame()).data) == 0
    assert len(ucdp_monthly_figure(pd.DataFrame(columns=["month"])).data) == 0


# -- troops and UCDP monthly --------------------------------------------------------------------


def test_troop_chart_has_every_figure(store: Store) -> None:
    troops = store.figures("troops")
    fig = troop_figure(troops)
    ids = [i for t in fig.data for i in _ids(t)]
    assert sorted(ids) == sorted(troops["figure_id"])
    kinds = {i: t.meta["kind"] for t in fig.data for i in _ids(t)}
    assert kinds["art-troops"] == "article"
    assert kinds["T02"] == "planned"
    assert kinds["T06"] == kinds["T07"] == "open"  # "more than", open-ended
    assert kinds["T09"] == "range"
    rng = next(t for t in fig.data if t.meta["kind"] == "range")
    assert list(rng.error_y.array) == [190_000 - 169_000]
    opened = next(t for t in fig.data if t.meta["kind"] == "open")
    assert opened.marker.symbol == "triangle-up"
    hover = " ".join(h for t in fig.data for h in t.hovertext)
    assert "Michael Carpenter" in hover  # the reporter is in the hover
    table = troop_table(troops)
    assert set(table["figure_id"]) == set(troops["figure_id"])
    assert "more than 150,000 troops" in set(table["figure"])


def test_ucdp_monthly_band_encloses_best(store: Store) -> None:
    monthly = store.ucdp_monthly(Filters(datasets=("ucdp",)))
    fig = ucdp_monthly_figure(monthly)
    by_kind = {t.meta["kind"]: t for t in fig.data}
    low, high, best = (np.asarray(by_kind[k].y, dtype=float) for k in ("low", "high", "best"))
    assert (low <= best).all() and (best <= high).all()
    assert by_kind["high"].fill == "tonexty"
    assert best.sum() >= monthly["best"].sum()  # last month repeated as the step's end
    assert list(fig.data).index(by_kind["low"]) < list(fig.data).index(by_kind["high"])


# -- text helpers ----------------------------------------------------------------------------


def test_format_dates() -> None:
    assert format_dates(date(2022, 1, 4)) == "4 Jan 2022"
    assert format_dates(date(2022, 1, 4), date(2022, 1, 6)) == "4–6 Jan 2022"
    assert format_dates(date(2021, 12, 30), date(2022, 1, 2)) == "30 Dec 2021 – 2 Jan 2022"
    assert format_dates(date(2014, 1, 1), None, "year") == "2014"
    assert format_dates(date(2015, 1, 1), None, "month") == "Jan 2015"
    # a UCDP window dated only to within a month keeps its days
    assert format_dates(date(2014, 4, 14), date(2014, 4, 30), "month") == "14–30 Apr 2014"


def test_markdown_escaping() -> None:
    text = md_escape("**bold** [x](http://e.vil) <b>:red[hi]</b> $x$")
    for raw in ("**bold**", "[x](", "<b>", ":red[", "$x$"):
        assert raw not in text
    assert md_safe("U.S.-Russia talks in Geneva")
    for unsafe in ("see http://e.vil", "www.e.vil", "x@e.vil", "a -- b", ":material/home:"):
        assert not md_safe(unsafe)
    assert citation(None, "founding-article").startswith("founding article")
    assert "CC BY 4.0" in citation(None, "ucdp-ged-22.1")


# -- the page (AppTest) ----------------------------------------------------------------------


def _run(**state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "timeline.py"), default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _spec_ids(at: AppTest) -> set[str]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    ids: set[str] = set()
    for trace in spec["data"]:
        custom = trace.get("customdata")
        if isinstance(custom, dict):  # typed array
            pytest.fail("customdata should be a list of rows")
        ids |= {row[0] for row in custom}
    return ids


def test_page_runs_with_defaults(store: Store) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/timeline.py")
    at.run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 3  # timeline, troops, UCDP monthly
    article = set(store.events(Filters(datasets=("article",)))["event_id"])
    assert _spec_ids(at) == article
    assert at.selectbox(key="timeline_pick").value is None


def test_actor_filter_keeps_only_its_events(store: Store) -> None:
    at = _run(f_actor=["nato"])
    expected = set(store.events(Filters(actors=("nato",), datasets=("article",)))["event_id"])
    assert expected and _spec_ids(at) == expected
    assert "nato-foreign-ministers-meeting" in expected
    assert "kuleba-truss-call" not in _spec_ids(at)


def test_both_datasets_above_the_threshold_count_ucdp_per_month(store: Store) -> None:
    # article (18) + UCDP (2,989) is above scale.RAW_LIMIT: UCDP is counted in DuckDB, the
    # article's events stay in the lanes
    at = _run(f_dataset=["article", "ucdp"])
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    lanes, counts = charts[0], charts[1]
    assert UCDP_LANE not in lanes["layout"]["meta"]["lanes"]
    assert _spec_ids(at) == set(store.events(Filters(datasets=("article",)))["event_id"])
    assert counts["layout"]["meta"] == {"kind": "counts", "bucket": "month"}
    assert sum(sum(t["y"]) if isinstance(t["y"], list) else 0 for t in counts["data"]) in (
        0,
        2989,
    )
    captions = " ".join(c.value for c in at.caption)
    assert "3,007 events match, more than the 2,000 fetched as single events" in captions
    assert "counts per month" in captions


def test_below_the_threshold_ucdp_keeps_its_weekly_row() -> None:
    at = _run(f_dataset=["article", "ucdp"], f_from=date(2021, 1, 1))
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert UCDP_LANE in spec["layout"]["meta"]["lanes"]
    assert any("UCDP events (2014–2021) are not drawn one by one" in c.value for c in at.caption)
    assert any(t.get("meta", {}).get("kind") == "ucdp-weekly" for t in spec["data"])
    assert any("(up to 2,000 events are fetched as single events;" in c.value for c in at.caption)


def test_picking_an_event_shows_its_card(store: Store) -> None:
    at = _run()
    at.selectbox(key="timeline_pick").select("us-russia-geneva-talks").run()
    assert not at.exception
    texts = [t.value for t in at.text]
    event = store.event("us-russia-geneva-talks")
    assert event is not None
    assert event["quote"] in texts  # the verbatim quote, shown literally
    assert "U.S.-Russia talks in Geneva" in " ".join(h.value for h in at.subheader).replace(
        "\\", ""
    )
    assert any(t.startswith("— founding article") for t in texts)
    assert any(t.startswith("Year 2022 added") for t in texts)  # the note, as added context


def test_picking_a_ucdp_event_shows_deaths_and_headlines(store: Store) -> None:
    at = _run(f_dataset=["ucdp"], f_from=date(2015, 1, 1), f_to=date(2015, 1, 31))
    ucdp = store.events(Filters(datasets=("ucdp",), start=date(2015, 1, 1), end=date(2015, 1, 31)))
    assert len(at.selectbox(key="timeline_pick").options) == len(ucdp)
    row = ucdp.sort_values("deaths_best", ascending=False).iloc[0]
    at.selectbox(key="timeline_pick").select(row["event_id"]).run()
    texts = [t.value for t in at.text]
    assert str(row["external_id"]) in texts
    assert any(t.startswith(f"{int(row['deaths_best']):,} best estimate") for t in texts)
    assert str(row["provenance"]) in texts
    assert "— UCDP GED 22.1 (CC BY 4.0), Uppsala Conflict Data Program" in texts


def test_empty_result_shows_a_friendly_message() -> None:
    at = _run(f_from=date(2016, 1, 1), f_to=date(2016, 2, 1), f_type=["meeting"])
    assert any("No event matches" in i.value for i in at.info)
