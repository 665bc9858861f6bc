"""Pure Plotly builders of the Timeline page: frames in, ``go.Figure`` / DataFrame out.

- :func:`timeline_figure`: the events in lanes (actor, venue or event type). Multi-day events
  (``end_date`` present) are bars from ``start_date`` to ``end_date`` + 1 day, the others
  markers placed in the middle of their day. Colour = event type (``palette``); status = filled
  (occurred, ongoing) or open (announced, scheduled); dates the source does not state are
  marked (hatched bars, a grey ring around markers). UCDP events are not drawn one by one: they
  are counted per week in one row of their own.
- :func:`troop_figure` / :func:`troop_table`: the troop estimates of Nov 2021 - Feb 2022.
- :func:`ucdp_monthly_figure`: UCDP deaths per month with a low-high band.

Every trace carries row ids as the first element of ``customdata``; every data string that
reaches hover text or tick labels is HTML-escaped (``components.text.html_text``: Plotly renders
some tags), and figures are worded by ``components.text.format_figure_row``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime, timedelta
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.palette import (
    EVENT_TYPE_COLORS,
    STATUS_LABELS,
    STATUS_SYMBOLS,
    event_type_color,
)
from components.text import format_figure_row, html_text, is_missing, shorten, to_text
from crisis import vocab

LaneBy = Literal["actor", "venue", "type"]
LANE_MODES: dict[str, str] = {"actor": "Actor", "venue": "Venue", "type": "Event type"}

PARTICIPATING_ROLES = ("participant", "organiser", "speaker")
FILLED_STATUSES = ("occurred", "ongoing")
OPEN_STATUSES = ("announced", "scheduled")
NO_VENUE = "No venue stated"
UCDP_LANE = "UCDP violence, events per week"
SIDE_ORDER = ("ukraine", "russia", "west", "multilateral", "other")
SCATTERGL_ABOVE = 1000  # markers per trace above which WebGL is used

SLOT = 0.42  # vertical distance (in lane units) between events that overlap in one lane
LANE_PX = 34  # pixels per lane unit
DAY = timedelta(days=1)
HALF_DAY = timedelta(hours=12)
NOT_STATED_RING = "#505050"
HOVER_TITLE_CHARS = 90


def _day(value: Any) -> date | None:
    if is_missing(value):
        return None
    return pd.Timestamp(value).date()


def _fmt_day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _canonical(s: date, e: date | None, precision: str | None) -> bool:
    """True when the dates only stand for a whole year or month (start on its first day)."""
    if precision == "year":
        return (s.month, s.day) == (1, 1) and (e is None or (e.month, e.day) == (12, 31))
    if precision == "month":
        last = (pd.Timestamp(s) + pd.offsets.MonthEnd(0)).date()
        return s.day == 1 and (e is None or e == last)
    return False


def format_dates(start: Any, end: Any = None, precision: str | None = "day") -> str:
    """'4 Jan 2022', '4–6 Jan 2022', '30 Dec 2021 – 2 Jan 2022', 'Jan 2014' or '2014'.

    A year- or month-precise date that stands for its whole year/month (1 January 2014 for
    "2014") is written as the year/month; other dates (e.g. a UCDP window dated only to within
    a month) are written as the days they span.
    """
    s, e = _day(start), _day(end)
    if s is None:
        return "date unknown"
    if _canonical(s, e, precision):
        return f"{s.year}" if precision == "year" else f"{s:%b %Y}"
    if e is None or e == s:
        return _fmt_day(s)
    if (e.year, e.month) == (s.year, s.month):
        return f"{s.day}–{e.day} {e:%b %Y}"
    if e.year == s.year:
        return f"{s.day} {s:%b} – {e.day} {e:%b %Y}"
    return f"{_fmt_day(s)} – {_fmt_day(e)}"


def date_note(row: Mapping[str, Any]) -> str:
    """Short statement of how sure the date is ('' when stated to the day)."""
    precision = row.get("date_precision") or "day"
    s, e = _day(row.get("start_date")), _day(row.get("end_date"))
    if s is None:
        return "date unknown"
    dates = format_dates(s, e, precision)
    canonical = _canonical(s, e, precision)
    drawn = f" (drawn at {_fmt_day(s)})" if canonical else ""
    if not bool(row.get("date_stated", True)):
        return f"date not stated by the source; placed at {dates}{drawn}"
    if canonical:
        return f"{precision} only; drawn at {_fmt_day(s)}"
    if precision != "day":
        return f"dated only to within a {precision}"
    return ""


def hover_text(row: Mapping[str, Any]) -> str:
    """Short, escaped hover: title, dates, status, type (and the date caveat)."""
    title = html_text(shorten(str(row.get("title", "")), HOVER_TITLE_CHARS))
    dates = html_text(
        format_dates(row.get("start_date"), row.get("end_date"), row.get("date_precision"))
    )
    status = html_text(STATUS_LABELS.get(row.get("status"), row.get("status")))
    etype = html_text(vocab.EVENT_TYPE_LABELS.get(row.get("event_type"), row.get("event_type")))
    text = f"<b>{title}</b><br>{dates} · {status} · {etype}"
    caveat = date_note(row)
    if caveat:
        text += f"<br><i>{html_text(caveat)}</i>"
    return text


def event_label(row: Mapping[str, Any]) -> str:
    """'2022-01-04 · Borrell's three-day visit to Ukraine' for the picker."""
    start = _day(row.get("start_date"))
    prefix = start.isoformat() if start else "????-??-??"
    if start and _canonical(start, _day(row.get("end_date")), row.get("date_precision")):
        prefix = format_dates(start, row.get("end_date"), row.get("date_precision"))
    return f"{prefix} · {shorten(str(row.get('title', '')), 110)}"


# -- lanes -----------------------------------------------------------------------------------


def actor_lanes(links: pd.DataFrame) -> pd.DataFrame:
    """(event_id, actor_id, lane, side) rows: the actors taking part in each event.

    Roles participant/organiser/speaker count as taking part; an event with none of those falls
    back to all its actors. An actor whose parent also takes part in the same event is folded
    into the parent's lane (the nine B9 states and their ministers appear under the B9).
    """
    cols = ["event_id", "actor_id", "lane", "side"]
    if links.empty:
        return pd.DataFrame(columns=cols)
    part = links[links["role"].isin(PARTICIPATING_ROLES)]
    missing = set(links["event_id"]) - set(part["event_id"])
    chosen = pd.concat([part, links[links["event_id"].isin(missing)]], ignore_index=True)
    present = set(zip(chosen["event_id"], chosen["actor_id"], strict=True))
    keep = [
        not (isinstance(p, str) and (e, p) in present)
        for e, p in zip(chosen["event_id"], chosen["parent_actor_id"], strict=True)
    ]
    chosen = chosen[keep].drop_duplicates(["event_id", "actor_id"])
    return pd.DataFrame(
        {
            "event_id": chosen["event_id"].to_numpy(),
            "actor_id": chosen["actor_id"].to_numpy(),
            "lane": chosen["label"].fillna(chosen["name"]).to_numpy(),
            "side": chosen["side"].fillna("other").to_numpy(),
        }
    )


def assign_lanes(
    events: pd.DataFrame,
    links: pd.DataFrame,
    lane_by: LaneBy = "actor",
    added_venues: Collection[str] = (),
) -> tuple[pd.DataFrame, list[str]]:
    """One row per (event, lane) and the lanes in display order (top first)."""
    if events.empty:
        return events.assign(lane=pd.Series(dtype=str)), []
    ev = events.reset_index(drop=True)
    if lane_by == "actor":
        lanes = actor_lanes(links)
        rows = ev.merge(lanes, on="event_id", how="left")
        rows["lane"] = rows["lane"].fillna("No actor recorded")
        rows["side"] = rows["side"].fillna("other")
        rank = {s: i for i, s in enumerate(SIDE_ORDER)}
        order = (
            rows.assign(side_rank=rows["side"].map(rank).fillna(len(rank)))
            .groupby("lane")
            .agg(
                side_rank=("side_rank", "min"), first=("start_date", "min"), n=("event_id", "size")
            )
            .reset_index()
            .sort_values(["side_rank", "first", "n", "lane"], ascending=[True, True, False, True])
        )
        return rows, list(order["lane"])
    if lane_by == "venue":
        names = ev["location_name"].where(ev["location_name"].notna(), NO_VENUE).astype(str)
        added = ev["location_id"].isin(list(added_venues))
        rows = ev.assign(lane=np.where(added, names + " (added context)", names))
        order = rows.groupby("lane")["start_date"].min().reset_index()
        order["none"] = order["lane"] == NO_VENUE
        order = order.sort_values(["none", "start_date", "lane"])
        return rows, list(order["lane"])
    if lane_by == "type":
        rows = ev.assign(
            lane=ev["event_type"].map(vocab.EVENT_TYPE_LABELS).fillna(ev["event_type"])
        )
        known = [vocab.EVENT_TYPE_LABELS[t] for t in vocab.EVENT_TYPES]
        present = set(rows["lane"])
        return rows, [t for t in known if t in present] + sorted(present - set(known))
    raise ValueError(f"unknown lane mode {lane_by!r}: expected actor, venue or type")


def _slots(rows: pd.DataFrame) -> np.ndarray:
    """Greedy interval packing per lane: overlapping events get different slots."""
    slot = np.zeros(len(rows), dtype=int)
    for _, idx in rows.groupby("lane", sort=False).indices.items():
        ends: list[pd.Timestamp] = []  # end of the last item in each slot
        order = sorted(idx, key=lambda i: (rows["x0"].iat[i], rows["event_id"].iat[i]))
        for i in order:
            x0, x1 = rows["x0"].iat[i], rows["x1"].iat[i]
            for k, end in enumerate(ends):
                if end <= x0:
                    ends[k] = x1
                    slot[i] = k
                    break
            else:
                ends.append(x1)
                slot[i] = len(ends) - 1
    return slot


# -- the timeline ----------------------------------------------------------------------------


def ucdp_weekly(events: pd.DataFrame) -> pd.DataFrame:
    """UCDP events counted per ISO week (Monday), with deaths and the deadliest event's id."""
    cols = ["week", "events", "best", "low", "high", "top_event_id", "top_title"]
    ucdp = events[events["dataset"] == "ucdp"]
    if ucdp.empty:
        return pd.DataFrame(columns=cols)
    start = pd.to_datetime(ucdp["start_date"])
    week = (start - pd.to_timedelta(start.dt.day_of_week, unit="D")).dt.normalize()
    frame = ucdp.assign(
        week=week,
        best=ucdp["deaths_best"].fillna(0).astype("int64"),
        low=ucdp["deaths_low"].fillna(0).astype("int64"),
        high=ucdp["deaths_high"].fillna(0).astype("int64"),
    )
    top = frame.sort_values(["best", "start_date", "event_id"], ascending=[False, True, True])
    top = top.drop_duplicates("week").set_index("week")
    agg = frame.groupby("week").agg(
        events=("event_id", "size"), best=("best", "sum"), low=("low", "sum"), high=("high", "sum")
    )
    agg["top_event_id"] = top["event_id"]
    agg["top_title"] = top["title"]
    return agg.reset_index()[cols]


def default_x_range(events: pd.DataFrame) -> tuple[datetime, datetime] | None:
    """The view that opens: the diplomatic days of the article's day-precise events.

    Background events (year precision, e.g. 2014) and UCDP's 2014-2021 events stay reachable
    through the range slider. ``None`` (autorange over everything) when no such event is shown.
    """
    if events.empty:
        return None
    focus = events[(events["dataset"] != "ucdp") & (events["date_precision"] == "day")]
    if focus.empty:
        return None
    lo = pd.Timestamp(focus["start_date"].min()).to_pydatetime()
    ends = focus["end_date"].fillna(focus["span_end"]).fillna(focus["start_date"])
    hi = pd.Timestamp(ends.max()).to_pydatetime() + DAY
    return lo - 2 * DAY, hi + DAY


def _type_label(t: str) -> str:
    return vocab.EVENT_TYPE_LABELS.get(t, t)


def _rgba(color: str, alpha: float) -> str:
    c = color.lstrip("#")
    r, g, b = (int(c[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def timeline_figure(
    events: pd.DataFrame,
    links: pd.DataFrame,
    lane_by: LaneBy = "actor",
    added_venues: Collection[str] = (),
    x_range: tuple[datetime, datetime] | None | Literal["auto"] = "auto",
) -> go.Figure:
    """The events in lanes, coloured by type, shaped by status, UCDP aggregated per week.

    ``events``: rows of ``Store.events``; ``links``: ``Store.event_actors`` of those events;
    ``added_venues``: location ids the source does not state (marked "added context" in venue
    lanes); ``x_range``: the initial view ("auto": :func:`default_x_range`).
    Every trace's ``customdata[:, 0]`` is an event id.
    """
    fig = go.Figure()
    curated = events[events["dataset"] != "ucdp"]
    weekly = ucdp_weekly(events)
    rows, lanes = assign_lanes(curated, links, lane_by, added_venues)

    # lane geometry: a lane grows with the number of events that overlap in it
    lane_names = ([UCDP_LANE] if not weekly.empty else []) + lanes
    if not rows.empty:
        rows = rows.reset_index(drop=True)
        start = pd.to_datetime(rows["start_date"])
        multi = rows["end_date"].notna()
        end = pd.to_datetime(rows["end_date"]).where(multi, start) + DAY
        rows = rows.assign(multi=multi.to_numpy(), x0=start, x1=end)
        rows["slot"] = _slots(rows)
        n_slots = rows.groupby("lane")["slot"].max().add(1).to_dict()
    else:
        n_slots = {}
    heights = {
        lane: (1.6 if lane == UCDP_LANE else max(1.0, SLOT * n_slots.get(lane, 1) + 0.45))
        for lane in lane_names
    }
    centers: dict[str, float] = {}
    top = 0.0
    for lane in lane_names:
        centers[lane] = top + heights[lane] / 2
        top += heights[lane]

    if not rows.empty:
        offset = (rows["slot"] - (rows["lane"].map(n_slots) - 1) / 2) * SLOT
        rows["y"] = rows["lane"].map(centers) + offset
        rows["hover"] = [hover_text(r) for r in rows.to_dict("records")]
        rows["open"] = rows["status"].isin(OPEN_STATUSES)
        _add_event_traces(fig, rows)

    if not weekly.empty:
        _add_ucdp_trace(fig, weekly, centers[UCDP_LANE])

    # separators between lanes, escaped tick labels at lane centres
    bounds = np.cumsum([heights[lane] for lane in lane_names])[:-1]
    # one layout list, not add_hline per lane (plotly validates each call: ~5 ms a line)
    separators = [
        {
            "type": "line",
            "xref": "x domain",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": float(b),
            "y1": float(b),
            "line": {"width": 1, "color": "rgba(128,128,128,0.25)"},
        }
        for b in bounds
    ]
    fig.update_layout(shapes=separators)
    tick_text = [html_text(shorten(lane, 42)) for lane in lane_names]
    height = int(max(1.0, top) * LANE_PX + 190)
    fig.update_layout(
        height=max(height, 340),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        barmode="overlay",
        hovermode="closest",
        clickmode="event+select",
        dragmode="pan",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": None},
        yaxis={
            "tickmode": "array",
            "tickvals": [centers[lane] for lane in lane_names],
            "ticktext": tick_text,
            "range": [top, 0] if top else [1, 0],
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
        },
        xaxis={
            "type": "date",
            "rangeslider": {"visible": True, "thickness": 0.08},
            "rangeselector": {
                "buttons": [
                    {"count": 14, "step": "day", "stepmode": "backward", "label": "2 weeks"},
                    {"count": 1, "step": "year", "stepmode": "backward", "label": "1 year"},
                    {"step": "all", "label": "all"},
                ],
                "x": 1,
                "xanchor": "right",
                "y": 1.0,
                "yanchor": "bottom",
            },
            "showgrid": True,
        },
        meta={"lane_by": lane_by, "lanes": lane_names},
    )
    rng = default_x_range(events) if x_range == "auto" else x_range
    if rng is not None:
        fig.update_xaxes(range=[rng[0], rng[1]])
    return fig


def _customdata(rows: pd.DataFrame) -> np.ndarray:
    """One row per point: [event_id]."""
    return rows["event_id"].to_numpy(dtype=object).reshape(-1, 1)


def _add_event_traces(fig: go.Figure, rows: pd.DataFrame) -> None:
    shown_types: set[str] = set()
    types = [t for t in EVENT_TYPE_COLORS if t in set(rows["event_type"])]
    types += sorted(set(rows["event_type"]) - set(types))
    for etype in types:
        color = event_type_color(etype)
        of_type = rows[rows["event_type"] == etype]
        for is_open in (False, True):
            part = of_type[of_type["open"] == is_open]
            for multi in (True, False):
                sub = part[part["multi"] == multi]
                if sub.empty:
                    continue
                common = {
                    "name": _type_label(etype),
                    "legendgroup": etype,
                    "showlegend": etype not in shown_types,
                    "customdata": _customdata(sub),
                    "hovertext": sub["hover"].to_numpy(dtype=object),
                    "hoverinfo": "text",
                    "meta": {
                        "event_type": etype,
                        "open": is_open,
                        "kind": "bar" if multi else "marker",
                    },
                }
                shown_types.add(etype)
                if multi:
                    fig.add_trace(_bar_trace(sub, color, is_open, common))
                else:
                    fig.add_trace(_marker_trace(sub, color, is_open, common))
    # a grey ring marks one-day events whose date the source does not state
    ring = rows[~rows["multi"] & ~rows["date_stated"].astype(bool)]
    if not ring.empty:
        fig.add_trace(
            go.Scatter(
                x=(pd.to_datetime(ring["start_date"]) + HALF_DAY).to_numpy(),
                y=ring["y"].to_numpy(),
                mode="markers",
                name="Date not stated (placed)",
                legendgroup="not-stated",
                marker={
                    "symbol": "hexagon2-open",
                    "size": 19,
                    "color": NOT_STATED_RING,
                    "line": {"width": 1.5, "color": NOT_STATED_RING},
                },
                customdata=_customdata(ring),
                hovertext=ring["hover"].to_numpy(dtype=object),
                hoverinfo="text",
                meta={"kind": "not-stated"},
            )
        )


def _bar_trace(sub: pd.DataFrame, color: str, is_open: bool, common: dict[str, Any]) -> go.Bar:
    start = pd.to_datetime(sub["x0"])
    duration_ms = (pd.to_datetime(sub["x1"]) - start) / pd.Timedelta(milliseconds=1)
    not_stated = ~sub["date_stated"].astype(bool)
    n_slots = sub["lane"].map(sub.groupby("lane")["slot"].max() + 1)
    return go.Bar(
        orientation="h",
        base=start.to_numpy(),
        x=duration_ms.to_numpy(),
        y=sub["y"].to_numpy(),
        width=np.where(n_slots > 1, SLOT * 0.8, 0.5),
        marker={
            "color": _rgba(color, 0.2) if is_open else color,
            "line": {"color": color, "width": 2 if is_open else 0},
            "pattern": {
                "shape": np.where(not_stated, "/", "").tolist(),
                "fgcolor": color if is_open else "white",
                "size": 7,
                "solidity": 0.25,
            },
        },
        **common,
    )


def _marker_trace(
    sub: pd.DataFrame, color: str, is_open: bool, common: dict[str, Any]
) -> go.Scatter | go.Scattergl:
    cls = go.Scattergl if len(sub) > SCATTERGL_ABOVE else go.Scatter
    symbols = sub["status"].map(STATUS_SYMBOLS).fillna("circle").to_numpy(dtype=object)
    return cls(
        x=(pd.to_datetime(sub["x0"]) + HALF_DAY).to_numpy(),
        y=sub["y"].to_numpy(),
        mode="markers",
        marker={
            "symbol": symbols,
            "size": 11,
            "color": color,
            "line": {"width": 2 if is_open else 0.5, "color": color if is_open else "white"},
        },
        **common,
    )


def _add_ucdp_trace(fig: go.Figure, weekly: pd.DataFrame, y: float) -> None:
    color = event_type_color("armed_conflict")
    counts = weekly["events"].to_numpy(dtype=float)
    size = 4 + 16 * np.sqrt(counts / max(counts.max(), 1.0))
    week = pd.to_datetime(weekly["week"])
    hover = [
        f"<b>{n} UCDP event{'s' if n != 1 else ''}, week of {_fmt_day(w.date())}</b><br>"
        f"{b:,} deaths (best; {lo:,}–{hi:,})<br>"
        f"deadliest: {html_text(shorten(str(t), 70))}<br><i>click to open the deadliest event</i>"
        for n, b, lo, hi, w, t in zip(
            weekly["events"],
            weekly["best"],
            weekly["low"],
            weekly["high"],
            week,
            weekly["top_title"],
            strict=True,
        )
    ]
    cls = go.Scattergl if len(weekly) > SCATTERGL_ABOVE else go.Scatter
    fig.add_trace(
        cls(
            x=(week + pd.Timedelta(days=3, hours=12)).to_numpy(),
            y=np.full(len(weekly), y),
            mode="markers",
            name="UCDP violence (per week)",
            legendgroup="ucdp",
            marker={
                "symbol": "circle",
                "size": size,
                "color": _rgba(color, 0.55),
                "line": {"width": 0.5, "color": color},
            },
            customdata=np.column_stack(
                [
                    weekly["top_event_id"].to_numpy(dtype=object),
                    week.dt.strftime("%Y-%m-%d").to_numpy(dtype=object),
                    weekly["events"].to_numpy(dtype=object),
                ]
            ),
            hovertext=np.array(hover, dtype=object),
            hoverinfo="text",
            meta={"kind": "ucdp-weekly", "event_type": "armed_conflict"},
        )
    )


# -- troop estimates -------------------------------------------------------------------------

TROOP_KINDS: dict[str, dict[str, Any]] = {
    "estimate": {"name": "Estimate", "symbol": "circle", "color": "#0072B2", "size": 10},
    "range": {"name": "Range", "symbol": "line-ew-open", "color": "#0072B2", "size": 14},
    "open": {
        "name": "“More than” ↑",
        "symbol": "triangle-up",
        "color": "#D55E00",
        "size": 13,
    },
    "planned": {
        "name": "Planned force",
        "symbol": "diamond-open",
        "color": "#CC79A7",
        "size": 13,
    },
    "article": {
        "name": "The article",
        "symbol": "star",
        "color": "#E69F00",
        "size": 20,
    },
}


def troop_kind(row: Mapping[str, Any]) -> str:
    q = to_text(row.get("qualifier"))
    if row.get("figure_id") == "art-troops" or row.get("source_id") == "founding-article":
        return "article"
    if q == "planned":
        return "planned"
    high = row.get("value_high")
    if is_missing(high):
        return "open"
    if int(high) > int(row.get("value_low")):
        return "range"
    return "estimate"


TROOP_HEIGHT = 420
_LABEL_POSITIONS = ("middle right", "top center", "bottom center", "middle left")


def _place_labels(
    x: pd.Series,
    y: np.ndarray,
    labels: list[str],
    x_span: float,
    y_span: float,
    width_px: float = 560,
    height_px: float = 330,
) -> list[str]:
    """Greedy text positions so that labels of nearby points do not overlap (approximate).

    Boxes are estimated in pixels from the axis spans and a typical plot size; the first
    position whose box overlaps no earlier box (nor a point) wins.
    """
    xs = (pd.to_datetime(x) - pd.to_datetime(x).min()).dt.total_seconds().to_numpy()
    px = xs / max(x_span, 1.0) * width_px
    py = np.asarray(y, dtype=float) / max(y_span, 1.0) * height_px
    boxes: list[tuple[float, float, float, float]] = [
        (a - 7, b - 7, a + 7, b + 7) for a, b in zip(px, py, strict=True)
    ]
    out = [_LABEL_POSITIONS[0]] * len(labels)
    for i in np.argsort(xs, kind="stable"):
        w, h = 7.0 * len(labels[i]) + 4, 14.0
        cands = {
            "middle right": (px[i] + 9, py[i] - h / 2, px[i] + 9 + w, py[i] + h / 2),
            "top center": (px[i] - w / 2, py[i] + 8, px[i] + w / 2, py[i] + 8 + h),
            "bottom center": (px[i] - w / 2, py[i] - 8 - h, px[i] + w / 2, py[i] - 8),
            "middle left": (px[i] - 9 - w, py[i] - h / 2, px[i] - 9, py[i] + h / 2),
        }
        own = boxes[i]
        pick = _LABEL_POSITIONS[0]
        for pos in _LABEL_POSITIONS:
            b = cands[pos]
            clash = any(
                not (b[2] <= o[0] or b[0] >= o[2] or b[3] <= o[1] or b[1] >= o[3])
                for o in boxes
                if o is not own
            )
            if not clash:
                pick = pos
                break
        boxes.append(cands[pick])
        out[i] = pick
    return out


def troop_figure(troops: pd.DataFrame) -> go.Figure:
    """Troop estimates at their report date: ranges as error bars, open-ended as ▲, planned apart.

    Points are labelled with their figure id (the table beside gives the rest); the founding
    article's "around 100,000" is a large star. ``customdata[:, 0]`` is the figure_id of every
    point.
    """
    fig = go.Figure()
    if troops.empty:
        return fig
    rows = troops.reset_index(drop=True).copy()
    records = rows.to_dict("records")
    rows["kind"] = [troop_kind(r) for r in records]
    rows["label"] = [format_figure_row(r) for r in records]
    rows["text"] = [
        "the article: around 100,000" if k == "article" else str(fid)
        for k, fid in zip(rows["kind"], rows["figure_id"], strict=True)
    ]
    high_all = rows["value_high"].astype("Float64")
    lo = float(rows["value_low"].min())
    hi = float(max(rows["value_low"].max(), high_all.max(skipna=True) or 0))
    y_min, y_max = max(0.0, lo - 30_000), hi + 20_000
    xs = pd.to_datetime(rows["reported_on"])
    x_min, x_max = xs.min() - pd.Timedelta(days=6), xs.max() + pd.Timedelta(days=12)
    rows["pos"] = _place_labels(
        rows["reported_on"],
        rows["value_low"].to_numpy(dtype=float) - y_min,
        list(rows["text"].map(str)),
        (x_max - x_min).total_seconds(),
        y_max - y_min,
    )
    for kind, style in TROOP_KINDS.items():
        sub = rows[rows["kind"] == kind]
        if sub.empty:
            continue
        low = sub["value_low"].astype("int64").to_numpy()
        high = sub["value_high"].astype("Float64").fillna(np.nan).to_numpy(dtype=float)
        hover = [
            f"<b>{html_text(r['figure_id'])}: {html_text(format_figure_row(r))} "
            f"{html_text(r.get('unit'))}</b><br>"
            f"{html_text(shorten(str(r.get('subject') or ''), 80))}<br>"
            f"reported {html_text(format_dates(r['reported_on']))} by "
            f"{html_text(shorten(str(r.get('reported_by') or 'not attributed'), 80))}<br>"
            f"source: {html_text(r.get('outlet') or 'founding article')}"
            for r in sub.to_dict("records")
        ]
        error_y = None
        if kind == "range":
            error_y = {
                "type": "data",
                "symmetric": False,
                "array": high - low,
                "arrayminus": np.zeros(len(sub)),
                "color": style["color"],
                "thickness": 2,
                "width": 8,
            }
        is_open = "open" in style["symbol"]
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(sub["reported_on"]).to_numpy(),
                y=low,
                mode="markers+text",
                name=style["name"],
                text=[html_text(t) for t in sub["text"]],
                textposition=list(sub["pos"]),
                textfont={"size": 12 if kind == "article" else 11},
                marker={
                    "symbol": style["symbol"],
                    "size": style["size"],
                    "color": style["color"],
                    "line": {
                        "width": 2 if is_open else 0.5,
                        "color": style["color"] if is_open else "white",
                    },
                },
                error_y=error_y,
                customdata=np.column_stack(
                    [sub["figure_id"].to_numpy(dtype=object), sub["label"].to_numpy(dtype=object)]
                ),
                hovertext=np.array(hover, dtype=object),
                hoverinfo="text",
                meta={"kind": kind},
            )
        )
    fig.update_layout(
        height=TROOP_HEIGHT,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        hovermode="closest",
        yaxis={"title": "troops / personnel", "tickformat": ",d", "range": [y_min, y_max]},
        xaxis={"type": "date", "range": [x_min, x_max]},
    )
    return fig


def troop_table(troops: pd.DataFrame) -> pd.DataFrame:
    """The figures beside the chart: id, date, figure, who, where published, the quote."""
    if troops.empty:
        return pd.DataFrame(columns=["figure_id", "reported_on", "figure", "reported_by"])
    rows = troops.reset_index(drop=True)
    return pd.DataFrame(
        {
            "figure_id": rows["figure_id"],
            "reported_on": pd.to_datetime(rows["reported_on"]).dt.date,
            "figure": [
                f"{format_figure_row(r)} {r['unit']}".strip() for r in rows.to_dict("records")
            ],
            "scope": rows["scope"],
            "reported_by": rows["reported_by"].fillna("not attributed in the source"),
            "published in": rows["outlet"].fillna("founding article (4 Jan 2022)"),
            "quote": rows["quote"],
            "note": rows["note"],
        }
    )


# -- UCDP deaths per month -------------------------------------------------------------------


def ucdp_monthly_figure(monthly: pd.DataFrame) -> go.Figure:
    """Deaths per month: the best estimate as a line over a low-high band.

    Traces in order: low (band floor), high (filled to low), best. ``customdata[:, 0]`` is the
    month (YYYY-MM) of each point.
    """
    fig = go.Figure()
    if monthly.empty:
        return fig
    m = monthly.sort_values("month").reset_index(drop=True)
    month = pd.to_datetime(m["month"])
    # complete the monthly series so that months without events read as zero, not as a gap
    full = pd.date_range(month.min(), month.max(), freq="MS")
    m = m.assign(month=month).set_index("month").reindex(full).rename_axis("month").reset_index()
    for col in ("events", "best", "low", "high"):
        m[col] = m[col].fillna(0).astype("int64")
    # steps ("hv") need an end: repeat the last month one month later so it has a width
    tail = m.iloc[[-1]].assign(month=m["month"].iloc[-1] + pd.offsets.MonthBegin(1))
    m = pd.concat([m, tail], ignore_index=True)
    # band bounds: UCDP's low/high per event; guard the order so the band encloses the best
    low = np.minimum(m["low"].to_numpy(), m["best"].to_numpy())
    high = np.maximum(m["high"].to_numpy(), m["best"].to_numpy())
    best = m["best"].to_numpy()
    keys = m["month"].dt.strftime("%Y-%m").to_numpy(dtype=object)
    custom = np.column_stack([keys, m["events"].to_numpy(dtype=object)])
    hover = [
        f"<b>{mo:%b %Y}</b><br>{b:,} deaths (best), {lo:,}–{hi:,} (low–high)<br>{n:,} events"
        for mo, b, lo, hi, n in zip(m["month"], best, low, high, m["events"], strict=True)
    ]
    color = event_type_color("armed_conflict")
    fig.add_trace(
        go.Scatter(
            x=m["month"].to_numpy(),
            y=low,
            mode="lines",
            line={"width": 0, "shape": "hv"},
            name="low",
            showlegend=False,
            hoverinfo="skip",
            customdata=custom,
            meta={"kind": "low"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=m["month"].to_numpy(),
            y=high,
            mode="lines",
            line={"width": 0, "shape": "hv"},
            fill="tonexty",
            fillcolor=_rgba(color, 0.3),
            name="low–high range",
            hoverinfo="skip",
            customdata=custom,
            meta={"kind": "high"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=m["month"].to_numpy(),
            y=best,
            mode="lines",
            line={"width": 2, "color": color, "shape": "hv"},
            name="best estimate",
            customdata=custom,
            hovertext=np.array(hover, dtype=object),
            hoverinfo="text",
            meta={"kind": "best"},
        )
    )
    fig.update_layout(
        height=340,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        hovermode="x",
        yaxis={
            "title": "deaths per month",
            "range": [0, max(float(high.max()), 1.0) * 1.08],
            "tickformat": ",d",
        },
        xaxis={"type": "date"},
    )
    return fig


# -- counts per day, week or month (large filters) --------------------------------------------

BUCKET_MS = {"day": 86_400_000, "week": 7 * 86_400_000}


def _bucket_label(period: date, bucket: str) -> str:
    """'4 Jan 2021', 'week of 4 Jan 2021' or 'Jan 2021'."""
    if bucket == "month":
        return f"{period:%b %Y}"
    return f"week of {_fmt_day(period)}" if bucket == "week" else _fmt_day(period)


def counts_figure(counts: pd.DataFrame, bucket: str, height: int = 380) -> go.Figure:
    """Events per ``bucket`` (day, week or month) as bars stacked by event type.

    ``counts``: rows of ``Store.event_counts`` (period, dataset, event_type, events, deaths),
    already aggregated in DuckDB; datasets are summed. One trace per event type, coloured from
    the palette; ``customdata`` rows are [period (YYYY-MM-DD), event_type, deaths, label], so a
    click maps back to a period and a type. Hover text is a template over escaped values.
    """
    fig = go.Figure()
    if counts.empty:
        return fig
    frame = (
        counts.assign(period=pd.to_datetime(counts["period"]))
        .groupby(["period", "event_type"], as_index=False)[["events", "deaths"]]
        .sum()
        .sort_values(["period", "event_type"])
    )
    present = set(frame["event_type"])
    types = [t for t in EVENT_TYPE_COLORS if t in present] + sorted(
        present - set(EVENT_TYPE_COLORS)
    )
    period_key = frame["period"].dt.strftime("%Y-%m-%d")
    period_label = [_bucket_label(p.date(), bucket) for p in frame["period"]]
    frame = frame.assign(key=period_key.to_numpy(), label=period_label)
    xperiod: int | str = BUCKET_MS.get(bucket, "M1")
    for etype in types:
        sub = frame[frame["event_type"] == etype]
        fig.add_trace(
            go.Bar(
                x=sub["key"].to_numpy(dtype=object),
                y=sub["events"].to_numpy(dtype="int64"),
                xperiod=xperiod,
                xperiodalignment="middle",
                name=html_text(_type_label(etype)),
                showlegend=True,
                marker={"color": event_type_color(etype), "line": {"width": 0}},
                customdata=np.column_stack(
                    [
                        sub["key"].to_numpy(dtype=object),
                        np.full(len(sub), etype, dtype=object),
                        sub["deaths"].fillna(0).astype("int64").to_numpy(dtype=object),
                        sub["label"].to_numpy(dtype=object),
                    ]
                ),
                hovertemplate="<b>%{fullData.name}</b>, %{customdata[3]}<br>"
                "%{y:,} events, %{customdata[2]:,} deaths<extra></extra>",
                meta={"kind": "counts", "event_type": etype, "bucket": bucket},
            )
        )
    fig.update_layout(
        height=height,
        barmode="stack",
        bargap=0.1,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        hovermode="closest",
        clickmode="event+select",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": None},
        yaxis={"title": f"events per {bucket}", "tickformat": ",d", "rangemode": "tozero"},
        xaxis={"type": "date", "showgrid": True},
        meta={"kind": "counts", "bucket": bucket},
    )
    return fig
