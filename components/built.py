"""Built figures and decks, shared by every viewer of the shared store (issue 9).

A filter change on a shared link asks the same question of the same read-only data for every
viewer, so the built chart is the same too. Building a Plotly timeline or a pydeck map from the
query results costs far more than sending it (profiled in bench/results.md), so the built
objects are kept here, keyed by the store and the full value that determines them (the filter
value, the lane mode, the map's view and layers, the chart's size), bounded and expiring like
the query caches in ``components.data``.

Rules:
- Only the shared store's charts are kept (``data.store_key() == data.BASE``). A session with an
  upload builds its own charts on every run: nothing that holds a session's upload is kept in a
  process-wide cache.
- ``st.cache_resource`` hands out the same object to every session (no copy), so what comes
  out of here is never changed by a caller: every option a page needs (height, legend, title)
  is an argument of the builder, and the deck's JSON is computed once
  (``deck.CompactDeck.to_json``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import data, scale
from components import deck as dk
from components import publish as pb
from components.map_panel import Layers, MapFrames, map_frames
from components.timeline import LANE_MODES, counts_figure, timeline_figure
from crisis import Filters

ENTRIES = 48  # per builder; a figure is tens to hundreds of KB, a deck a few hundred KB


def _shared() -> bool:
    return data.store_key() == data.BASE


def _shared_or_built(cached, builder, *args):
    """``cached(BASE, *args)`` for the shared store, ``builder(*args)`` for a session's own."""
    return cached(data.BASE, *args) if _shared() else builder(*args)


# -- the texts on a published chart (components.publish) --------------------------------------


def card(
    title: str,
    chart: str,
    frame: pd.DataFrame,
    filters: Filters | None = None,
    subtitle: str | None = None,
    reporters: bool = False,
    extra: tuple[str, ...] = (),
    note: str = "",
) -> pb.Card:
    """The card of a chart drawing ``frame``'s rows for ``filters`` (None: the chart does not
    use the filters; ``subtitle`` then says what it shows): the filters in words, the sources
    of the rows, the latest publication date among them and a file name with the dates."""
    actors = data.actors()
    labels = scale.dataset_labels()
    sources = data.sources()
    if subtitle is None:
        subtitle = pb.filters_in_words(
            filters or Filters(),
            dict(zip(actors["actor_id"], actors["label"], strict=True)),
            labels,
        )
    return pb.Card(
        title=title,
        subtitle=subtitle,
        source=pb.source_line(frame, sources, labels, reporters=reporters, extra=extra),
        as_of=pb.as_of_text(pb.as_of_date(frame, sources)),
        filename=pb.file_name(chart, filters),
        note=note,
    )


TIMELINE_TITLE = "Russia–Ukraine crisis: events by {lanes}"


# -- timeline ----------------------------------------------------------------------------------


def _timeline(filters: Filters, lane_by: str, height: int | None, legend: bool) -> go.Figure:
    plan = scale.plan_for(filters)
    events = scale.raw_events(plan)
    curated = events[events["dataset"] != "ucdp"]
    links = data.event_actors(tuple(curated["event_id"]) if not curated.empty else ("",))
    locs = data.locations()
    added = tuple(locs.loc[~locs["stated_in_source"].astype(bool), "location_id"])
    fig = timeline_figure(events, links, lane_by, added_venues=added)
    if height is not None:
        fig.update_layout(height=height)
    if not legend:
        fig.update_layout(showlegend=False)
    lanes = LANE_MODES.get(lane_by, lane_by).lower()
    title = TIMELINE_TITLE.format(lanes=lanes)
    grow = fig.layout.margin.t + fig.layout.margin.b
    pb.publish_layout(fig, card(title, "timeline", events, filters), below_plot=TIMELINE_BELOW)
    grow = fig.layout.margin.t + fig.layout.margin.b - grow  # the lanes keep their room
    fig.update_layout(height=(fig.layout.height or 450) + grow)
    return fig


TIMELINE_BELOW = 115  # the date ticks and the range slider under the lanes


@st.cache_resource(ttl=data.TTL, max_entries=ENTRIES, show_spinner=False)
def _timeline_shared(
    key: str, filters: Filters, lane_by: str, height: int | None, legend: bool
) -> go.Figure:
    return _timeline(filters, lane_by, height, legend)


def timeline_chart(
    filters: Filters, lane_by: str = "actor", height: int | None = None, legend: bool = True
) -> go.Figure:
    """The timeline of the events ``filters`` draws one by one (``scale.raw_events``).

    Shared and read-only: do not change the returned figure."""
    return _shared_or_built(_timeline_shared, _timeline, filters, lane_by, height, legend)


# -- counts (aggregated datasets) --------------------------------------------------------------


def _counts(filters: Filters, height: int | None, title: bool) -> go.Figure:
    plan = scale.plan_for(filters)
    counts, bucket = scale.bucketed_counts(plan)
    fig = counts_figure(counts, bucket, **({"height": height} if height else {}))
    names = ", ".join(scale.dataset_labels().get(d, d) for d in plan.aggregated)
    if title:
        fig.update_layout(showlegend=False)
    # the rows drawn are counts per dataset: UCDP by its source, an import by its name
    drawn = pd.DataFrame(
        {
            "dataset": list(plan.aggregated),
            "source_id": [pb.UCDP if d == "ucdp" else None for d in plan.aggregated],
            "end_date": counts["period"].max() if not counts.empty else None,
        }
    )
    chart = card(f"{names}: events per {bucket}", "event-counts", drawn, filters)
    grow = fig.layout.margin.t + fig.layout.margin.b
    pb.publish_layout(fig, chart, below_plot=COUNTS_BELOW, title_size=14 if title else 16)
    grow = fig.layout.margin.t + fig.layout.margin.b - grow
    fig.update_layout(height=(fig.layout.height or 380) + grow)
    return fig


COUNTS_BELOW = 30  # the date ticks under the bars


@st.cache_resource(ttl=data.TTL, max_entries=ENTRIES, show_spinner=False)
def _counts_shared(key: str, filters: Filters, height: int | None, title: bool) -> go.Figure:
    return _counts(filters, height, title)


def counts_chart(filters: Filters, height: int | None = None, title: bool = False) -> go.Figure:
    """Events per bucket of the datasets ``filters`` counts in DuckDB (``scale.plan_for``);
    ``title`` gives the compact variant (no legend, the datasets named in a title).

    Shared and read-only: do not change the returned figure."""
    return _shared_or_built(_counts_shared, _counts, filters, height, title)


# -- map ---------------------------------------------------------------------------------------


def _map(
    filters: Filters,
    view_choice: str,
    layers: Layers,
    size: tuple[int, int],
    margins: tuple[int, int, int, int],
    basemap: bool,
) -> tuple[MapFrames, dk.CompactDeck]:
    frames = map_frames(filters, view_choice, layers, size=size, margins=margins)
    deck = dk.build_deck(frames.map_data, frames.view, basemap=basemap)
    deck.to_json()  # computed once, while the deck is private to this call
    return frames, deck


@st.cache_resource(ttl=data.TTL, max_entries=ENTRIES, show_spinner=False)
def _map_shared(
    key: str,
    filters: Filters,
    view_choice: str,
    layers: Layers,
    size: tuple[int, int],
    margins: tuple[int, int, int, int],
    basemap: bool,
) -> tuple[MapFrames, dk.CompactDeck]:
    return _map(filters, view_choice, layers, size, margins, basemap)


def map_chart(
    filters: Filters,
    view_choice: str = "fit",
    layers: Layers | None = None,
    size: tuple[int, int] = dk.DEFAULT_SIZE,
    margins: tuple[int, int, int, int] = dk.FIT_MARGINS,
    basemap: bool = False,
) -> tuple[MapFrames, dk.CompactDeck]:
    """The map's frames (for captions and pickers) and its deck (``layers``: all but the
    violence layer when None).

    Shared and read-only: do not change the returned frames or deck."""
    args: tuple[Any, ...] = (filters, view_choice, layers or Layers(), size, margins, basemap)
    return _shared_or_built(_map_shared, _map, *args)


# -- the map as a static figure, for publishing ------------------------------------------------

MAP_TITLE = "Russia–Ukraine crisis, January 2022: where it took place"


def _map_export(filters: Filters, view_choice: str, layers: Layers) -> go.Figure:
    frames = map_frames(filters, view_choice, layers)
    drawn = frames.venue_counts.assign(source_id=pb.ARTICLE)
    if frames.map_data.troops is not None and not frames.map_data.troops.empty:
        drawn = pd.concat([drawn, data.figures("troops").query("figure_id == 'art-troops'")])
    chart = card(MAP_TITLE, "map", drawn, filters, note=pb.NATURAL_EARTH + MAP_NOTE)
    return pb.map_figure(frames.map_data, frames.view, chart)


MAP_NOTE = (
    " Coordinates of venues are added context; the line of contact and the Donbas area are "
    "approximate."
)


@st.cache_resource(ttl=data.TTL, max_entries=ENTRIES, show_spinner=False)
def _map_export_shared(key: str, filters: Filters, view_choice: str, layers: Layers) -> go.Figure:
    return _map_export(filters, view_choice, layers)


def map_export(
    filters: Filters, view_choice: str = "fit", layers: Layers | None = None
) -> go.Figure:
    """The map's static layers (countries, Crimea and the Donbas area, the line of contact,
    venues with labels, the troop marker) as a Plotly figure with its title, filters, sources,
    as-of date and "Made with Natural Earth" (``publish.map_figure``).

    Shared and read-only: do not change the returned figure."""
    return _shared_or_built(
        _map_export_shared, _map_export, filters, view_choice, layers or Layers()
    )


# -- the Timeline's other charts and its picker ---------------------------------------------------


TROOP_TITLE = "Russian troops near Ukraine, Nov 2021 – Feb 2022"
TROOP_SUBTITLE = "Estimates at the date reported; the sources count different areas"


def _troops() -> tuple[go.Figure, pd.DataFrame]:
    from components.timeline import troop_figure, troop_table

    troops = data.figures("troops")
    chart_card = card(TROOP_TITLE, "troop-estimates", troops, subtitle=TROOP_SUBTITLE)
    fig = pb.publish_layout(
        troop_figure(troops), chart_card, below_plot=40, legend_rows=2, footer_chars=80
    )
    return fig, troop_table(troops)


@st.cache_resource(ttl=data.TTL, max_entries=4, show_spinner=False)
def _troops_shared(key: str) -> tuple[go.Figure, pd.DataFrame]:
    return _troops()


def troops_chart() -> tuple[go.Figure, pd.DataFrame]:
    """The troop estimates' chart and table (they do not depend on the filters).

    Shared and read-only: do not change the returned figure or frame."""
    return _shared_or_built(_troops_shared, _troops)


UCDP_TITLE = "Deaths in organised violence in eastern Ukraine by month (UCDP)"


def _ucdp_monthly(ucdp_filters: Filters) -> go.Figure | None:
    from components.timeline import ucdp_monthly_figure

    monthly = data.ucdp_monthly(ucdp_filters)
    if monthly.empty:
        return None
    chart_card = card(
        UCDP_TITLE,
        "ucdp-deaths-per-month",
        monthly.assign(
            source_id=pb.UCDP, end_date=pd.to_datetime(monthly["month"]) + pd.offsets.MonthEnd(0)
        ),
        ucdp_filters,
    )
    return pb.publish_layout(ucdp_monthly_figure(monthly), chart_card, below_plot=40)


@st.cache_resource(ttl=data.TTL, max_entries=ENTRIES, show_spinner=False)
def _ucdp_monthly_shared(key: str, ucdp_filters: Filters) -> go.Figure | None:
    return _ucdp_monthly(ucdp_filters)


def ucdp_monthly_chart(ucdp_filters: Filters) -> go.Figure | None:
    """UCDP deaths per month for ``ucdp_filters`` (None: no UCDP event matches).

    Shared and read-only: do not change the returned figure."""
    return _shared_or_built(_ucdp_monthly_shared, _ucdp_monthly, ucdp_filters)


def _event_labels(filters: Filters) -> dict[str, str]:
    from components.timeline import event_label

    events = scale.raw_events(scale.plan_for(filters))
    return dict(
        zip(events["event_id"], [event_label(r) for r in events.to_dict("records")], strict=True)
    )


@st.cache_resource(ttl=data.TTL, max_entries=ENTRIES, show_spinner=False)
def _event_labels_shared(key: str, filters: Filters) -> dict[str, str]:
    return _event_labels(filters)


def event_labels(filters: Filters) -> dict[str, str]:
    """Picker labels (event id -> "date · title") of the events ``filters`` draws one by one.

    Shared and read-only: copy the dict before changing it."""
    return _shared_or_built(_event_labels_shared, _event_labels, filters)
