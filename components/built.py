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

import plotly.graph_objects as go
import streamlit as st

from components import data, scale
from components import deck as dk
from components.map_panel import Layers, MapFrames, map_frames
from components.text import html_text
from components.timeline import counts_figure, timeline_figure
from crisis import Filters

ENTRIES = 48  # per builder; a figure is tens to hundreds of KB, a deck a few hundred KB


def _shared() -> bool:
    return data.store_key() == data.BASE


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
    return fig


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
    if _shared():
        return _timeline_shared(data.BASE, filters, lane_by, height, legend)
    return _timeline(filters, lane_by, height, legend)


# -- counts (aggregated datasets) --------------------------------------------------------------


def _counts(filters: Filters, height: int | None, title: bool) -> go.Figure:
    plan = scale.plan_for(filters)
    counts, bucket = scale.bucketed_counts(plan)
    fig = counts_figure(counts, bucket, **({"height": height} if height else {}))
    if title:
        names = ", ".join(scale.dataset_labels().get(d, d) for d in plan.aggregated)
        fig.update_layout(
            showlegend=False,
            title={"text": html_text(f"{names}: events per {bucket}"), "font": {"size": 13}},
            margin={"t": 40},
        )
    return fig


@st.cache_resource(ttl=data.TTL, max_entries=ENTRIES, show_spinner=False)
def _counts_shared(key: str, filters: Filters, height: int | None, title: bool) -> go.Figure:
    return _counts(filters, height, title)


def counts_chart(filters: Filters, height: int | None = None, title: bool = False) -> go.Figure:
    """Events per bucket of the datasets ``filters`` counts in DuckDB (``scale.plan_for``);
    ``title`` gives the compact variant (no legend, the datasets named in a title).

    Shared and read-only: do not change the returned figure."""
    if _shared():
        return _counts_shared(data.BASE, filters, height, title)
    return _counts(filters, height, title)


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
    if _shared():
        return _map_shared(data.BASE, *args)
    return _map(*args)
