"""Pure table helpers: display frames, figure charts and a safe CSV export.

No streamlit here. Figures are worded by ``components.text.format_figure``, which keeps a
figure's qualifier ("more than 13,200", never a bare 13200); ``to_csv_bytes`` neutralises
spreadsheet formula injection (OWASP "CSV injection") while leaving numbers as numbers.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.palette import EVENT_TYPE_COLORS
from components.text import (
    DASH,
    format_figure,
    format_figure_row,
    format_number,
    html_text,
    is_missing,
    is_open_ended,
    to_int,
    to_text,
)

# OWASP: cells starting with these characters are read as formulas by spreadsheet programs.
# The full-width forms are included because some spreadsheet programs normalise them.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


# -- values -------------------------------------------------------------------------------------


def format_date(value: Any) -> str:
    """A date as '4 Jan 2022'; missing -> ''."""
    if is_missing(value):
        return ""
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp.strftime('%b %Y')}"


def format_period(start: Any, end: Any) -> str:
    """The period a figure covers: '14 Apr 2014–30 Jun 2021', 'to 4 Jan 2022', or 'not stated'."""
    s, e = format_date(start), format_date(end)
    if s and e:
        return s if s == e else f"{s}{DASH}{e}"
    if e:
        return f"up to {e} (start not stated)"
    if s:
        return f"from {s}"
    return "not stated"


# -- display frames ------------------------------------------------------------------------------

FIGURE_COLUMNS: tuple[str, ...] = (
    "figure_id",
    "value",
    "unit",
    "subject",
    "scope",
    "period",
    "reported_on",
    "reported_by",
    "outlet",
    "published",
    "note",
    "quote",
)


def figure_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Troop or casualty rows for display: the value formatted with its qualifier."""
    if figures.empty:
        return pd.DataFrame(columns=list(FIGURE_COLUMNS))
    out = pd.DataFrame(
        {
            "figure_id": figures["figure_id"],
            "value": [
                format_figure(lo, hi, q)
                for lo, hi, q in zip(
                    figures["value_low"], figures["value_high"], figures["qualifier"], strict=True
                )
            ],
            "unit": figures["unit"],
            "subject": figures["subject"],
            "scope": figures["scope"],
            "period": [
                format_period(s, e)
                for s, e in zip(figures["period_start"], figures["period_end"], strict=True)
            ],
            "reported_on": pd.to_datetime(figures["reported_on"]).dt.date,
            "reported_by": figures["reported_by"].fillna("not attributed in the source"),
            "outlet": [
                _outlet(o, s) for o, s in zip(figures["outlet"], figures["source_id"], strict=True)
            ],
            "published": pd.to_datetime(figures["source_published"]).dt.date,
            "note": figures["note"].fillna(""),
            "quote": figures["quote"],
        }
    )
    return out.reset_index(drop=True)


def _outlet(outlet: Any, source_id: Any) -> str:
    if not is_missing(outlet) and str(outlet):
        return str(outlet)
    if source_id == "founding-article":
        return "founding article (outlet not stated)"
    return ""


# -- CSV export ----------------------------------------------------------------------------------


def neutralise_cell(value: Any) -> Any:
    """Prefix a string cell that a spreadsheet would run as a formula with an apostrophe.

    Only strings change: numbers (also negative ones), dates and missing values pass through.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell_text(value: Any) -> Any:
    """Lists become '; '-joined text, dates ISO text; everything else is kept."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return "; ".join(to_text(v) for v in value)
    if isinstance(value, (pd.Timestamp, datetime)):
        if value.hour == 0 and value.minute == 0 and value.second == 0:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` safe to open in a spreadsheet: text cells neutralised."""
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_datetime64_any_dtype(series):
            out[col] = series.map(lambda v: "" if is_missing(v) else _cell_text(v))
            continue
        out[col] = series.map(
            lambda v: v if _is_scalar_missing(v) else neutralise_cell(_cell_text(v))
        ).astype(object)
    return out


def _is_scalar_missing(value: Any) -> bool:
    return not isinstance(value, (list, tuple, np.ndarray)) and is_missing(value)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV (RFC 4180, UTF-8 with a byte-order mark for spreadsheet programs), neutralised."""
    buffer = io.StringIO()
    neutralise_frame(frame).to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue().encode("utf-8-sig")


# -- data dictionary ------------------------------------------------------------------------------


def markdown_sections(text: str, titles: Iterable[str], demote: int = 1) -> str:
    """The ``## <title>`` sections of a markdown text, in the order given, headings demoted."""
    wanted = list(titles)
    parts: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        match = re.match(r"^## (.+?)\s*$", line)
        if match:
            if current is not None:
                parts[current] = "\n".join(lines).strip()
            current, lines = match.group(1), [line]
        elif current is not None:
            lines.append(line)
    if current is not None:
        parts[current] = "\n".join(lines).strip()
    chosen = [parts[t] for t in wanted if t in parts]
    body = "\n\n".join(chosen)
    if demote:
        body = re.sub(
            r"^(#+) ", lambda m: "#" * min(6, len(m.group(1)) + demote) + " ", body, flags=re.M
        )
    return body


# -- the three death tolls side by side -----------------------------------------------------------

ARTICLE_KILLED = "art-killed"
OHCHR_KILLED = "C01"
UCDP_SOURCE_ID = "ucdp-ged-22.1"

DEFINITIONS: dict[str, str] = {
    ARTICLE_KILLED: (
        "The article does not define its figure: it gives no source for it and no period beyond "
        "“a nearly eight-year war”."
    ),
    OHCHR_KILLED: (
        "OHCHR counts all conflict-related deaths — civilians, Ukrainian military and members of "
        "armed groups — from 14 April 2014 to 30 June 2021."
    ),
    UCDP_SOURCE_ID: (
        "UCDP counts deaths in organised violence (state-based, non-state and one-sided) under "
        "its own coding rules, event by event: a best estimate with a low and a high bound."
    ),
}


def toll_cards(
    casualties: pd.DataFrame, ucdp: dict[str, Any], ucdp_quote: str | None = None
) -> list[dict[str, Any]]:
    """The founding article's, OHCHR's and UCDP's death tolls as three comparable cards.

    The UCDP values come from ``ucdp`` (``Store.ucdp_totals()``), computed from the bundled
    events, never typed in. Each card: id, title, value, qualifier, period, reporter, source,
    definition, quote, extra.
    """
    rows = casualties.set_index("figure_id")
    cards: list[dict[str, Any]] = []
    for fid, title in ((ARTICLE_KILLED, "Founding article"), (OHCHR_KILLED, "OHCHR")):
        if fid not in rows.index:
            continue
        r = rows.loc[fid]
        qualifier = to_text(r["qualifier"])
        if not qualifier:
            qualifier = (
                "range (low–high)" if not is_missing(r["value_high"]) else "stated as a number"
            )
        elif is_open_ended(r["value_high"], r["qualifier"]):
            qualifier += " (open-ended: a lower bound)"
        source = (
            "founding article, 4 January 2022 (date inferred)"
            if r["source_id"] == "founding-article"
            else f"{r['outlet']}, {format_date(r['source_published'])}"
        )
        cards.append(
            {
                "id": fid,
                "title": title,
                "value": format_figure_row(r),
                "unit": r["unit"],
                "qualifier": qualifier,
                "period": format_period(r["period_start"], r["period_end"]),
                "reporter": r["reported_by"]
                if not is_missing(r["reported_by"])
                else "not attributed in the article",
                "source": source,
                "definition": DEFINITIONS[fid],
                "quote": r["quote"],
                "extra": "",
            }
        )
    best = to_int(ucdp.get("best"))
    if best is not None:
        low, high = to_int(ucdp.get("low")), to_int(ucdp.get("high"))
        events = to_int(ucdp.get("events"))
        cards.append(
            {
                "id": UCDP_SOURCE_ID,
                "title": "UCDP GED 22.1",
                "value": f"{best:,}",
                "unit": "deaths (best estimate)",
                "qualifier": f"best estimate; low {format_number(low)}, high {format_number(high)}",
                "period": format_period(ucdp.get("first"), ucdp.get("last"))
                + " (dates of the first and last event)",
                "reporter": "Uppsala Conflict Data Program (UCDP)",
                "source": "UCDP Georeferenced Event Dataset 22.1 (bundled), computed here",
                "definition": DEFINITIONS[UCDP_SOURCE_ID],
                "quote": ucdp_quote or "",
                "extra": f"Sum over {format_number(events)} UCDP events in the bundled file.",
            }
        )
    return cards


def dataset_passage(text: str | None, start: str) -> str | None:
    """The sentence of ``text`` (white space folded) that begins with ``start``, verbatim."""
    if not text:
        return None
    folded = " ".join(text.split())
    at = folded.find(start)
    if at < 0:
        return None
    end = folded.find(". ", at)
    return folded[at : (end + 1 if end >= 0 else len(folded))]


# -- figure charts: every figure as a range ----------------------------------------------------

RANGE_COLOR = EVENT_TYPE_COLORS["armed_conflict"]
TROOP_COLOR = EVENT_TYPE_COLORS["military"]
# how far the dashed "open-ended" stub reaches on the chart (drawing only, not data)
OPEN_STUB = {"x": 1.35, "y": 1.07}
CASUALTY_ORDER = (ARTICLE_KILLED, OHCHR_KILLED, UCDP_SOURCE_ID)
UNIT_ORDER = ("people killed", "deaths in organised violence", "civilians killed", "people wounded")
CLUSTER_DAYS = 20


def short_reporter(reported_by: Any) -> str:
    """'Oleksii Reznikov, Ukraine Defence Minister (…)' -> 'Oleksii Reznikov'."""
    if is_missing(reported_by) or not str(reported_by).strip():
        return "not attributed"
    text = str(reported_by)
    for sep in (" (", ", "):
        if sep in text:
            text = text.split(sep, 1)[0]
    return text.strip()


def _hover(row: dict[str, Any]) -> str:
    parts = [
        f"<b>{html_text(row['figure_id'])}</b>: {html_text(row['value'])} {html_text(row['unit'])}",
        html_text(row["subject"]),
        f"period: {html_text(row['period'])}",
        f"reported by: {html_text(row['reporter'])}",
        f"source: {html_text(row['source'])}",
    ]
    if row["open"]:
        parts.append("<i>open-ended: no upper bound</i>")
    return "<br>".join(parts)


def _range_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    for r in frame.to_dict("records"):
        source = (
            "founding article, 4 Jan 2022"
            if r["source_id"] == "founding-article"
            else f"{r.get('outlet') or r['source_id']}, {format_date(r.get('source_published'))}"
        )
        rows.append(
            {
                "figure_id": r["figure_id"],
                "low": to_int(r["value_low"]),
                "high": to_int(r["value_high"]),
                "best": None,
                "open": is_open_ended(r["value_high"], r["qualifier"]),
                "planned": r.get("qualifier") == "planned",
                "article": r["source_id"] == "founding-article",
                "value": format_figure_row(r),
                "unit": r["unit"],
                "subject": r["subject"],
                "period": format_period(r.get("period_start"), r.get("period_end")),
                "reporter": r["reported_by"]
                if not is_missing(r["reported_by"])
                else "not attributed in the source",
                "short": short_reporter(r["reported_by"]),
                "source": source,
                "reported_on": r.get("reported_on"),
            }
        )
    return rows


def _ucdp_row(ucdp: dict[str, Any]) -> dict[str, Any] | None:
    best = to_int(ucdp.get("best"))
    if best is None:
        return None
    return {
        "figure_id": UCDP_SOURCE_ID,
        "low": to_int(ucdp.get("low")),
        "high": to_int(ucdp.get("high")),
        "best": best,
        "open": False,
        "planned": False,
        "article": False,
        "value": f"{best:,} (low {format_number(ucdp.get('low'))}, "
        f"high {format_number(ucdp.get('high'))})",
        "unit": "deaths in organised violence",
        "subject": f"sum over {format_number(ucdp.get('events'))} UCDP GED events",
        "period": format_period(ucdp.get("first"), ucdp.get("last")),
        "reporter": "UCDP",
        "short": "UCDP (computed)",
        "source": "UCDP GED 22.1, computed from the bundled events",
        "reported_on": None,
    }


def _casualty_sort_key(row: dict[str, Any]) -> tuple[int, int, str]:
    fid = row["figure_id"]
    if fid in CASUALTY_ORDER:
        return (0, CASUALTY_ORDER.index(fid), "")
    unit = row["unit"]
    rank = UNIT_ORDER.index(unit) if unit in UNIT_ORDER else len(UNIT_ORDER)
    return (1, rank, str(row.get("reported_on") or ""))


def casualty_range_figure(
    casualties: pd.DataFrame, ucdp: dict[str, Any] | None = None
) -> go.Figure:
    """Every casualty figure as a low–high bar on a log axis; open-ended ones end in an arrow.

    UCDP's computed total (``Store.ucdp_totals()``) is added as its own row (low–high with the
    best estimate marked). ``customdata[0]`` is the figure_id (``ucdp-ged-22.1`` for UCDP); each
    row is labelled with its value as worded.
    """
    rows = _range_rows(casualties)
    extra = _ucdp_row(ucdp or {})
    if extra is not None:
        rows.append(extra)
    rows.sort(key=_casualty_sort_key)
    for r in rows:
        r["label"] = f"{r['figure_id']} · {r['unit']} · {r['short']}"
    fig = go.Figure()
    _add_range_traces(fig, rows, axis="x", color=RANGE_COLOR)
    ends = [
        (r["low"] * OPEN_STUB["x"]) if r["open"] else (r["high"] or r["low"])
        for r in rows
        if r["low"] is not None
    ]
    fig.add_trace(
        go.Scatter(
            x=ends,
            y=[r["label"] for r in rows if r["low"] is not None],
            mode="text",
            text=["\u2003" + html_text(r["value"]) for r in rows if r["low"] is not None],
            textposition="middle right",
            textfont={"size": 12},
            customdata=np.array(
                [[r["figure_id"]] for r in rows if r["low"] is not None], dtype=object
            ),
            hoverinfo="skip",
            showlegend=False,
            name="values",
        )
    )
    lows = [r["low"] for r in rows if r["low"]]
    lo = math.log10(max(min(lows), 1) * 0.6) if lows else 0
    hi = math.log10(max(ends) * 12) if ends else 5
    fig.update_layout(
        height=130 + 46 * len(rows),
        margin={"l": 10, "r": 20, "t": 50, "b": 50},
        xaxis={
            "type": "log",
            "title": "people (log scale)",
            "tickformat": ",d",
            "tickvals": [10, 100, 1_000, 10_000, 100_000, 1_000_000],
            "range": [lo, hi],
        },
        yaxis={
            "autorange": "reversed",
            "title": None,
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [r["label"] for r in rows],
        },
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        hovermode="closest",
    )
    return fig


def _clusters(rows: list[dict[str, Any]], days: int = CLUSTER_DAYS) -> list[list[dict[str, Any]]]:
    """Rows (sorted by date) grouped while each is within ``days`` of the previous one."""
    groups: list[list[dict[str, Any]]] = []
    for r in sorted(rows, key=lambda r: (r["label"], r["figure_id"])):
        if groups and (r["label"] - groups[-1][-1]["label"]).days <= days:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


def troop_range_figure(troops: pd.DataFrame, article_date: Any = "2022-01-04") -> go.Figure:
    """Troop estimates over time: a vertical low–high range per estimate at its report date.

    Open-ended estimates ('more than') continue as a dashed stub with an arrow; planned forces
    are drawn as open markers. ``customdata[0]`` is the figure_id. Each estimate is labelled
    with its id and reporter; labels of estimates reported close together are stacked to the
    right of the group with a leader line.
    """
    rows = _range_rows(troops)
    rows = [r for r in rows if r["low"] is not None and not is_missing(r["reported_on"])]
    for r in rows:
        r["label"] = pd.Timestamp(r["reported_on"])
    fig = go.Figure()
    _add_range_traces(fig, rows, axis="y", color=TROOP_COLOR)
    top = max(
        [(r["low"] * OPEN_STUB["y"]) if r["open"] else (r["high"] or r["low"]) for r in rows] or [1]
    )
    gap = top * 0.075
    for group in _clusters(rows):
        x_label = max(r["label"] for r in group) + pd.Timedelta(days=3)
        placed: float | None = None
        for r in sorted(group, key=lambda r: (-(r["high"] or r["low"]), -r["label"].value)):
            y = float(r["high"] or r["low"]) if r["high"] and r["high"] != r["low"] else r["low"]
            y_label = y if placed is None else min(y, placed - gap)
            placed = y_label
            fig.add_annotation(
                x=r["label"],
                y=y,
                ax=x_label,
                ay=y_label,
                axref="x",
                ayref="y",
                xref="x",
                yref="y",
                text=html_text(f"{r['figure_id']} · {r['short']}"),
                showarrow=True,
                arrowhead=0,
                arrowwidth=1,
                arrowcolor="rgba(120,120,120,0.6)",
                xanchor="left",
                font={"size": 11},
                standoff=7,
                startstandoff=2,
            )
    dates = [r["label"] for r in rows]
    if article_date is not None:
        fig.add_vline(
            x=pd.Timestamp(article_date).timestamp() * 1000,
            line={"dash": "dot", "width": 1, "color": "#888888"},
            annotation_text="founding article (4 Jan 2022)",
            annotation_position="top left",
            annotation_font={"size": 11},
        )
    fig.update_layout(
        height=500,
        margin={"l": 10, "r": 20, "t": 50, "b": 40},
        yaxis={
            "title": "troops / personnel",
            "range": [0, top * 1.12],
            "tickformat": ",d",
        },
        xaxis={
            "title": "reported on",
            "type": "date",
            "range": [min(dates) - pd.Timedelta(days=7), max(dates) + pd.Timedelta(days=38)]
            if dates
            else None,
        },
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        hovermode="closest",
    )
    return fig


def _add_range_traces(fig: go.Figure, rows: list[dict[str, Any]], axis: str, color: str) -> None:
    """Ranges, open-ended stubs and markers. ``axis`` is the value axis ('x' or 'y')."""

    def xy(value_pts: list[Any], label_pts: list[Any]) -> dict[str, list[Any]]:
        return {"x": value_pts, "y": label_pts} if axis == "x" else {"x": label_pts, "y": value_pts}

    def ids(part: list[dict[str, Any]]) -> np.ndarray:
        return np.array([[r["figure_id"]] for r in part], dtype=object)

    stub = OPEN_STUB[axis]
    ranged = [r for r in rows if r["high"] is not None and r["high"] != r["low"]]
    vals: list[Any] = []
    labs: list[Any] = []
    for r in ranged:
        vals += [r["low"], r["high"], None]
        labs += [r["label"], r["label"], None]
    if ranged:
        fig.add_trace(
            go.Scatter(
                **xy(vals, labs),
                mode="lines",
                line={"color": color, "width": 12},
                opacity=0.5,
                name="range (low–high)",
                hoverinfo="skip",
            )
        )
        tick = "line-ns" if axis == "x" else "line-ew"
        fig.add_trace(
            go.Scatter(
                **xy(
                    [v for r in ranged for v in (r["low"], r["high"])],
                    [r["label"] for r in ranged for _ in (0, 1)],
                ),
                mode="markers",
                marker={"symbol": tick, "size": 16, "line": {"width": 2.5, "color": color}},
                customdata=np.array(
                    [[r["figure_id"]] for r in ranged for _ in (0, 1)], dtype=object
                ),
                hovertext=[_hover(r) for r in ranged for _ in (0, 1)],
                hovertemplate="%{hovertext}<extra></extra>",
                name="low and high bounds",
                showlegend=False,
            )
        )
    opened = [r for r in rows if r["open"]]
    vals, labs = [], []
    for r in opened:
        vals += [r["low"], r["low"] * stub, None]
        labs += [r["label"], r["label"], None]
    if opened:
        fig.add_trace(
            go.Scatter(
                **xy(vals, labs),
                mode="lines",
                line={"color": color, "width": 3, "dash": "dot"},
                name="open-ended (“more than”, “at least”)",
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                **xy([r["low"] * stub for r in opened], [r["label"] for r in opened]),
                mode="markers",
                marker={
                    "symbol": "triangle-right" if axis == "x" else "triangle-up",
                    "size": 12,
                    "color": color,
                },
                customdata=ids(opened),
                hovertext=[_hover(r) for r in opened],
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
                name="open end",
            )
        )
    groups = (
        ("founding article", lambda r: r["article"], "diamond", 14),
        ("planned force (not present)", lambda r: r["planned"], "circle-open", 11),
        ("reference figure", lambda r: not r["article"] and not r["planned"], "circle", 10),
    )
    singles = [r for r in rows if r["best"] is None and r not in ranged]
    for name, test, symbol, size in groups:
        part = [r for r in singles if test(r)]
        if not part:
            continue
        fig.add_trace(
            go.Scatter(
                **xy([r["low"] for r in part], [r["label"] for r in part]),
                mode="markers",
                marker={
                    "symbol": symbol,
                    "size": size,
                    "color": color,
                    "line": {
                        "width": 2.5 if symbol == "circle-open" else 1.5,
                        "color": color if symbol == "circle-open" else "#333333",
                    },
                },
                customdata=ids(part),
                hovertext=[_hover(r) for r in part],
                hovertemplate="%{hovertext}<extra></extra>",
                name=name,
            )
        )
    computed = [r for r in rows if r["best"] is not None]
    if computed:
        fig.add_trace(
            go.Scatter(
                **xy([r["best"] for r in computed], [r["label"] for r in computed]),
                mode="markers",
                marker={
                    "symbol": "square",
                    "size": 10,
                    "color": color,
                    "line": {"width": 1.5, "color": "#333333"},
                },
                customdata=ids(computed),
                hovertext=[_hover(r) for r in computed],
                hovertemplate="%{hovertext}<extra></extra>",
                name="UCDP best estimate (computed)",
            )
        )
