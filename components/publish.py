"""Charts ready to publish: a title, the filters in words, a source line and an "as of" date on
the image itself (Datawrapper's convention), a sensible size and file name for the download.

Pure: frames, filters and labels in, text, figures and config dicts out (no Streamlit here).

- :func:`filters_in_words` -> "Actors: NATO · 9–13 Jan 2022 · Meeting · Founding article".
- :func:`source_line` names the sources of the rows drawn (their ``source_id`` in
  ``data/sources.csv``, an imported dataset by its name); :func:`as_of_text` gives the latest
  publication date among them.
- :func:`publish_layout` puts a :class:`Card` on a figure the caller owns (title, subtitle,
  footer annotation, margins); never call it on a figure from ``components.built``'s cache.
- :func:`chart_config` is the ``config`` of ``st.plotly_chart``: the modebar camera downloads a
  PNG at 1200 px wide and scale 2 with the card's file name. Streamlit sends ``config`` as JSON,
  so a custom modebar button (a JavaScript click handler) cannot be added: the camera gives
  one format, PNG; the map's export (:func:`map_figure`) also downloads as a self-contained
  HTML file whose camera gives SVG.
- :func:`map_figure`: the map's layers (countries, Crimea and the Donbas area, the line of
  contact, venues with their labels) as a Plotly figure in Web Mercator x/y: no tiles, no
  topojson from a CDN, so it draws and exports offline.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from components import deck as dk
from components.text import DASH, html_text, is_blank, to_text
from crisis import Filters, vocab

SEP = " · "
PREFIX = "ukraine-crisis"
EXPORT_WIDTH = 1200  # px; the camera's PNG is EXPORT_WIDTH * EXPORT_SCALE wide
EXPORT_SCALE = 2
FOOTER_CHARS = 130  # wrap the source line at this many characters (fits ~700 px on screen)
TITLE_PX = 58  # room above the plot for the title and the subtitle
LINE_PX = 15  # one footer line
FOOTER_NAME = "publish_footer"
FOOTER_GREY = "#5f6368"
ARTICLE = "founding-article"
UCDP = "ucdp-ged-22.1"
UCDP_NAME = "UCDP GED 22.1 (Uppsala Conflict Data Program), CC BY 4.0"
NATURAL_EARTH = "Made with Natural Earth (public domain)."
STATUS_WORDS = {
    "occurred": "took place",
    "ongoing": "ongoing",
    "announced": "announced",
    "scheduled": "scheduled",
}


@dataclass(frozen=True)
class Card:
    """What goes on the published image, and its file name (without extension)."""

    title: str
    subtitle: str
    source: str
    as_of: str
    filename: str
    note: str = ""


# -- words -------------------------------------------------------------------------------------


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def date_span(start: date | None, end: date | None) -> str:
    """9–13 Jan 2022; 28 Dec 2021 – 13 Jan 2022; from 9 Jan 2022; to 13 Jan 2022; all dates."""
    if start and end:
        if start == end:
            return _day(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}{DASH}{end.day} {end:%b %Y}"
        if start.year == end.year:
            return f"{start.day} {start:%b} {DASH} {_day(end)}"
        return f"{_day(start)} {DASH} {_day(end)}"
    if start:
        return f"from {_day(start)}"
    if end:
        return f"to {_day(end)}"
    return "all dates"


def filters_in_words(
    filters: Filters,
    actor_labels: Mapping[str, str] | None = None,
    dataset_labels: Mapping[str, str] | None = None,
    dates: bool = True,
) -> str:
    """The filters as a reader would say them, e.g. "Actors: NATO · 9–13 Jan 2022 · Meeting".

    ``dates=False`` leaves the date range out (a chart that does not use it)."""
    actor_labels = actor_labels or {}
    dataset_labels = {**vocab.DATASET_LABELS, **(dataset_labels or {})}
    parts = []
    if filters.actors:
        names = ", ".join(actor_labels.get(a, a) for a in filters.actors)
        parts.append(("Actor: " if len(filters.actors) == 1 else "Actors: ") + names)
    else:
        parts.append("All actors")
    if dates:
        parts.append(date_span(filters.start, filters.end))
    if filters.event_types:
        parts.append(", ".join(vocab.EVENT_TYPE_LABELS.get(t, t) for t in filters.event_types))
    if filters.statuses:
        words = ", ".join(STATUS_WORDS.get(s, s) for s in filters.statuses)
        parts.append(f"{words} (as of 4 Jan 2022)")
    if filters.datasets:
        parts.append(", ".join(dataset_labels.get(d, d) for d in filters.datasets))
    return SEP.join(parts)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def file_name(chart: str, filters: Filters | None = None) -> str:
    """ukraine-crisis-<chart>[-<from>_<to>]: ASCII letters, digits, '-' and '_' only."""
    name = f"{PREFIX}-{_slug(chart)}"
    if filters is not None and (filters.start or filters.end):
        first = filters.start.isoformat() if filters.start else "start"
        last = filters.end.isoformat() if filters.end else "end"
        name += f"-{first}_{last}"
    return name


# -- sources -----------------------------------------------------------------------------------


def _source_rows(sources: pd.DataFrame) -> dict[str, dict[str, Any]]:
    if sources is None or sources.empty:
        return {}
    return {str(r["source_id"]): r for r in sources.to_dict("records")}


def source_name(source_id: str, sources: pd.DataFrame) -> str:
    """How a source is named in a source line: the founding article with its date, UCDP GED with
    its licence, a dataset by its title, a web page by its outlet."""
    if source_id == ARTICLE:
        return "founding news article (4 Jan 2022)"
    if source_id == UCDP:
        return UCDP_NAME
    row = _source_rows(sources).get(source_id)
    if row is None:
        return source_id
    if row.get("kind") == "dataset":
        return to_text(row.get("title")) or source_id
    return to_text(row.get("outlet")) or to_text(row.get("title")) or source_id


def _reporter(value: Any) -> str:
    """'OHCHR (reply to RFE/RL request)' -> 'OHCHR': the body, without the circumstances."""
    return to_text(value).split(" (")[0].strip()


def source_line(
    frame: pd.DataFrame,
    sources: pd.DataFrame,
    dataset_labels: Mapping[str, str] | None = None,
    reporters: bool = False,
    extra: Iterable[str] = (),
) -> str:
    """ "Source: ..." / "Sources: ..." naming the sources of the rows in ``frame``.

    Rows name their source in ``source_id``; rows of a dataset without one (imported events)
    are named by the dataset's label. With ``reporters``, a figure's ``reported_by`` comes
    first ("OHCHR via Euromaidan Press"). The founding article comes first, then the other
    sources by publication date. ``extra`` is appended (e.g. a named dataset)."""
    names: list[str] = []
    rows = _source_rows(sources)
    if frame is not None and not frame.empty:
        ids: list[str] = []
        if "source_id" in frame.columns:
            ids = [s for s in pd.unique(frame["source_id"].dropna().astype(str)) if s]
        published = {s: to_text(rows.get(s, {}).get("published")) or "9999" for s in ids}
        ids.sort(key=lambda s: (s != ARTICLE, published[s], s))
        for sid in ids:
            name = source_name(sid, sources)
            if reporters and "reported_by" in frame.columns:
                who = sorted(
                    {_reporter(v) for v in frame.loc[frame["source_id"] == sid, "reported_by"]}
                    - {""}
                )
                if who:
                    name = f"{', '.join(who)} via {name}"
            names.append(name)
        if "dataset" in frame.columns:
            labels = {**vocab.DATASET_LABELS, **(dataset_labels or {})}
            unnamed = frame["source_id"].isna() if "source_id" in frame.columns else None
            datasets = frame["dataset"] if unnamed is None else frame.loc[unnamed, "dataset"]
            for ds in pd.unique(datasets.dropna().astype(str)):
                names.append(labels.get(ds, ds))
    for name in extra:
        if name and name not in names:
            names.append(name)
    if not names:
        return ""
    return ("Source: " if len(names) == 1 else "Sources: ") + "; ".join(dict.fromkeys(names))


DATE_COLUMNS = ("end_date", "start_date", "reported_on", "month", "week", "bucket")


def as_of_date(frame: pd.DataFrame, sources: pd.DataFrame) -> date | None:
    """The latest publication date among the sources of ``frame``'s rows; for sources without
    one (a dataset), the latest date in the rows themselves."""
    if frame is None or frame.empty:
        return None
    rows = _source_rows(sources)
    dates: list[date] = []
    undated = False
    ids = frame["source_id"].dropna().astype(str).unique() if "source_id" in frame else []
    for sid in ids:
        published = rows.get(sid, {}).get("published")
        if is_blank(published):
            undated = True
        else:
            dates.append(pd.Timestamp(published).date())
    if undated or not dates:
        for col in DATE_COLUMNS:
            if col in frame.columns:
                values = pd.to_datetime(frame[col], errors="coerce").dropna()
                if not values.empty:
                    dates.append(values.max().date())
                    break
    return max(dates) if dates else None


def as_of_text(day: date | None) -> str:
    return f"As of {_day(day)}" if day else ""


# -- the figure --------------------------------------------------------------------------------


LEGEND_ROW_PX = 22  # one more row of a horizontal legend above the plot


def _footer_lines(card: Card, width: int = FOOTER_CHARS) -> list[str]:
    lines = textwrap.wrap(card.source, width) if card.source else []
    tail = SEP.join(t for t in (card.as_of, card.note) if t)
    lines += textwrap.wrap(tail, width) if tail else []
    return lines


def publish_layout(
    fig: go.Figure,
    card: Card,
    below_plot: int = 40,
    title_size: int = 16,
    legend_rows: int = 1,
    footer_chars: int = FOOTER_CHARS,
) -> go.Figure:
    """Put ``card`` on ``fig`` (changed in place and returned): the title and the filters as its
    subtitle above the plot, the source line and the as-of date (and the card's note) in a
    footer ``below_plot`` pixels under the plot area (room for ticks, axis titles, a range
    slider). ``legend_rows``: the rows a horizontal legend above the plot takes on screen;
    ``footer_chars``: where the footer wraps (the footer starts at the plot's left edge).
    Only for a figure the caller has just built: cached figures are shared."""
    margin = fig.layout.margin
    top = (margin.t if margin.t is not None else 30) + TITLE_PX
    top += LEGEND_ROW_PX * max(legend_rows - 1, 0)
    lines = _footer_lines(card, footer_chars)
    bottom = below_plot + LINE_PX * len(lines) + 8
    fig.update_layout(
        title={
            "text": f"<b>{html_text(card.title)}</b>",
            "subtitle": {"text": html_text(card.subtitle), "font": {"size": 12}},
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 10, "l": 10},
            "font": {"size": title_size},
        },
        margin={"t": top, "b": bottom},
    )
    if lines:
        fig.add_annotation(
            name=FOOTER_NAME,
            text="<br>".join(html_text(line) for line in lines),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            yshift=-below_plot,
            align="left",
            showarrow=False,
            font={"size": 11, "color": FOOTER_GREY},
        )
    return fig


def footer_text(fig: go.Figure) -> str:
    """The footer annotation's text (for tests and checks); "" when there is none."""
    for ann in fig.layout.annotations or ():
        if ann.name == FOOTER_NAME:
            return ann.text or ""
    return ""


DOWNLOAD_FORMATS = ("png", "svg")


def chart_config(
    filename: str, height: int | None = None, fmt: str = "png", **extra: Any
) -> dict[str, Any]:
    """``config`` for ``st.plotly_chart``: no Plotly logo, and the camera downloads a PNG (or,
    with ``fmt="svg"``, an SVG) of EXPORT_WIDTH px (scale EXPORT_SCALE) at ``height`` (the
    figure's), named ``filename``."""
    if fmt not in DOWNLOAD_FORMATS:
        raise ValueError(f"download format {fmt!r}: expected one of {DOWNLOAD_FORMATS}")
    options: dict[str, Any] = {
        "format": fmt,
        "filename": filename,
        "width": EXPORT_WIDTH,
        "scale": EXPORT_SCALE,
    }
    if height:
        options["height"] = int(height)
    return {"displaylogo": False, **extra, "toImageButtonOptions": options}


def config_for(fig: go.Figure, filename: str, fmt: str = "png", **extra: Any) -> dict[str, Any]:
    """:func:`chart_config` at ``fig``'s own height (read only: the figure is not changed)."""
    return chart_config(filename, fig.layout.height, fmt, **extra)


def export_html(fig: go.Figure, filename: str) -> str:
    """``fig`` as one self-contained HTML file (plotly.js inlined: opens offline) whose camera
    downloads an SVG named ``filename``; ``fig`` is not changed."""
    config = chart_config(filename, fig.layout.height)
    config["toImageButtonOptions"] = {**config["toImageButtonOptions"], "format": "svg"}
    return fig.to_html(include_plotlyjs=True, full_html=True, config=config)


# -- the map -----------------------------------------------------------------------------------

MAP_SIZE = (1200, 820)  # px, the exported map's width and height (the deck's aspect)


def merc(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator in degree-like units (x = longitude; y grows northwards, equal scale)."""
    return float(lon), (0.5 - dk._merc_y(float(lat))) * 360.0


_rings = dk._rings  # outer rings of a Polygon or MultiPolygon (the deck's own helper)


def _path_xy(rings: Iterable[Sequence[Sequence[float]]]) -> tuple[list, list]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in rings:
        for lon, lat, *_ in ring:
            x, y = merc(lon, lat)
            xs.append(round(x, 4))
            ys.append(round(y, 4))
        xs.append(None)
        ys.append(None)
    return xs, ys


def _rgba(rgba: Sequence[int]) -> str:
    r, g, b, *a = rgba
    alpha = (a[0] if a else 255) / 255
    return f"rgba({r},{g},{b},{alpha:.2f})"


ANCHOR_X = {"start": "left", "middle": "center", "end": "right"}
BASELINE_Y = {"top": "top", "center": "middle", "bottom": "bottom"}


def _label(text: Any) -> str:
    return "<br>".join(html_text(line) for line in to_text(text).split("\n"))


def map_figure(data: dk.MapData, view: dk.View, card: Card) -> go.Figure:
    """The map's static layers as a Plotly figure, with ``card`` on it: countries and their
    names, Crimea and the Donbas area, the line of contact, the venues with their labels and
    the troop marker (arcs and the violence layer are left out)."""
    fig = go.Figure()
    polys = [r for f in data.countries.get("features", []) for r in _rings(f["geometry"])]
    xs, ys = _path_xy(polys)
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor=_rgba(dk.LAND_RGBA),
            line={"color": _rgba(dk.BORDER_RGBA), "width": 0.6},
            hoverinfo="skip",
            name="countries",
            showlegend=False,
        )
    )
    if data.disputed is not None:
        for feat in data.disputed.get("features", []):
            props = feat.get("properties") or {}
            xs, ys = _path_xy(_rings(feat["geometry"]))
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    fill="toself",
                    fillcolor=_rgba(props.get("fill", [0, 0, 0, 40])),
                    line={"color": _rgba(props.get("line", [0, 0, 0, 255])), "width": 1.5},
                    hoverinfo="skip",
                    name=to_text(props.get("area_id")) or "area",
                    showlegend=False,
                )
            )
    if data.line is not None and not data.line.empty:
        xs, ys = _path_xy(data.line["path"])
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": _rgba(dk.LINE_RGBA), "width": 2.5},
                hoverinfo="skip",
                name="line of contact",
                showlegend=False,
            )
        )
    labels = data.country_labels
    if labels is not None and not labels.empty:
        pts = [merc(*p) for p in labels["position"]]
        fig.add_trace(
            go.Scatter(
                x=[p[0] for p in pts],
                y=[p[1] for p in pts],
                mode="text",
                text=[html_text(n) for n in labels["name"]],
                textfont={"size": 11, "color": _rgba(dk.LABEL_RGBA)},
                hoverinfo="skip",
                name="country names",
                showlegend=False,
            )
        )
    annotations: list[dict[str, Any]] = []
    if data.disputed_labels is not None:
        for row in data.disputed_labels.to_dict("records"):
            x, y = merc(*row["position"])
            annotations.append(
                {
                    "x": x,
                    "y": y,
                    "text": _label(row["label"]),
                    "xanchor": ANCHOR_X.get(to_text(row.get("anchor")), "center"),
                    "yanchor": BASELINE_Y.get(to_text(row.get("baseline")), "middle"),
                    "showarrow": False,
                    "font": {"size": 11, "color": _rgba(dk.TEXT_RGBA)},
                }
            )
    if data.troops is not None and not data.troops.empty:
        pts = [merc(*p) for p in data.troops["position"]]
        color = dk.TROOPS_HEX
        fig.add_trace(
            go.Scatter(
                x=[p[0] for p in pts],
                y=[p[1] for p in pts],
                mode="markers",
                marker={
                    "size": 40,
                    "color": "rgba(0,0,0,0)",
                    "line": {"color": color, "width": 3},
                },
                hoverinfo="skip",
                name="troops",
                showlegend=False,
            )
        )
        for (x, y), text in zip(pts, data.troops["label"], strict=True):
            annotations.append(
                {
                    "x": x,
                    "y": y,
                    "text": _label(text),
                    "xanchor": "right",
                    "yanchor": "bottom",
                    "xshift": -20,
                    "yshift": 18,
                    "showarrow": False,
                    "font": {"size": 11, "color": "#8A3B00"},
                }
            )
    if data.venues is not None and not data.venues.empty:
        placed = dk.place_venue_labels(data.venues, view)
        pts = [merc(*p) for p in placed["position"]]
        fig.add_trace(
            go.Scatter(
                x=[p[0] for p in pts],
                y=[p[1] for p in pts],
                mode="markers",
                marker={
                    "size": [2 * max(float(r), 6.0) for r in placed["radius"]],
                    "color": _rgba(dk.VENUE_RGBA),
                    "line": {"color": "white", "width": 2},
                },
                customdata=placed["location_id"].to_numpy(),
                hoverinfo="skip",
                name="venues",
                showlegend=False,
            )
        )
        for (x, y), text, offset in zip(pts, placed["label"], placed["offset"], strict=True):
            annotations.append(
                {
                    "x": x,
                    "y": y,
                    "text": f"<b>{_label(text)}</b>",
                    "xanchor": "left",
                    "yanchor": "middle",
                    "xshift": float(offset[0]),
                    "yshift": -float(offset[1]),
                    "showarrow": False,
                    "font": {"size": 12, "color": _rgba(dk.TEXT_RGBA)},
                    "bgcolor": "rgba(255,255,255,0.6)",
                }
            )
    west, south, east, north = dk.visible_bounds(view)
    x0, y0 = merc(west, south)
    x1, y1 = merc(east, north)
    fig.update_layout(
        annotations=annotations,
        width=None,
        height=MAP_SIZE[1],
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        plot_bgcolor=_rgba(dk.SEA_RGBA),
        paper_bgcolor="white",
        xaxis={"range": [x0, x1], "visible": False, "fixedrange": True},
        yaxis={
            "range": [y0, y1],
            "visible": False,
            "fixedrange": True,
            "scaleanchor": "x",
            "scaleratio": 1,
        },
        showlegend=False,
        dragmode=False,
    )
    return publish_layout(fig, card, below_plot=8)
