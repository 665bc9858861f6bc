"""Assemble the map's layers for a filter: shared by the Map page and the Overview's small map.

Streamlit-facing only through caching: the static geometry (countries, Crimea and the Donbas
area, the line of contact) is shaped once per process and shared read-only by every deck
(``st.cache_resource``: no copy per run); the layers themselves come from the pure builders in
``components/deck.py``. Built decks are cached in ``components/built.py``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import data, scale
from components import deck as dk
from components.text import md_escape
from crisis import Filters


def _country_file(scope: str) -> str:
    return "countries_world" if scope == "europe" else "countries_region"


@st.cache_resource(show_spinner=False)
def _country_polygons(scope: str) -> dict:
    extent = dk.EUROPE_EXTENT if scope == "europe" else None
    return dk.country_polygons(data.get_store().geometry(_country_file(scope)), extent)


@st.cache_resource(max_entries=64, show_spinner=False)
def _country_labels(scope: str, box: tuple[float, float, float, float]) -> pd.DataFrame:
    min_area = 12.0 if scope == "europe" else 2.0
    return dk.country_labels(data.get_store().geometry(_country_file(scope)), box, min_area)


def _countries(scope: str, box: tuple[float, float, float, float]) -> tuple[dict, pd.DataFrame]:
    return _country_polygons(scope), _country_labels(scope, box)


@st.cache_resource(show_spinner=False)
def _disputed(scope: str) -> tuple[dict, pd.DataFrame]:
    return dk.disputed_layers_data(data.get_store().geometry("disputed"), scope)


@st.cache_resource(show_spinner=False)
def _line() -> pd.DataFrame:
    return dk.line_frame(data.get_store().geometry("line_of_contact"))


@st.cache_data(ttl=data.TTL, max_entries=64, show_spinner=False)
def _grid_frame(grid: pd.DataFrame, cell_deg: float) -> pd.DataFrame:
    return dk.grid_frame(grid, cell_deg)


@st.cache_data(ttl=data.TTL, max_entries=64, show_spinner=False)
def _point_frame(points: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    return dk.point_frame(points, labels)


VENUE_COLUMNS = [
    "location_id",
    "name",
    "kind",
    "latitude",
    "longitude",
    "precision",
    "stated_in_source",
    "note",
    "events",
    "event_ids",
    "titles",
]


@dataclass(frozen=True)
class Layers:
    """Which layer groups to draw."""

    areas: bool = True
    line: bool = True
    venues: bool = True
    arcs: bool = True
    troops: bool = True
    violence: bool = False


@dataclass
class Violence:
    """The violence layer as drawn: events one by one ("points") or counted in grid cells
    ("grid"), with what the caption needs."""

    filters: Filters | None
    mode: str = "off"  # "off", "none" (nothing matches), "points" or "grid"
    events: int = 0
    deaths: int = 0
    cell_deg: float | None = None
    datasets: tuple[str, ...] = ()
    limit: int = scale.RAW_LIMIT


@dataclass
class MapFrames:
    """What a page needs to draw the map and describe it."""

    map_data: dk.MapData
    view: dk.View
    venue_counts: pd.DataFrame
    venues: pd.DataFrame
    violence: Violence


def violence_filters(filters: Filters, datasets: Iterable[str]) -> Filters | None:
    """The filter of the violence layer: the user's actor and date filters over the datasets
    other than the curated ones (those the dataset filter names, or all of them when it names
    none); type and status filters do not apply. None when the store has no such dataset."""
    others = [d for d in datasets if d not in scale.CURATED]
    chosen = [d for d in filters.datasets if d in others] or others
    if not chosen:
        return None
    return dataclasses.replace(filters, datasets=tuple(chosen), event_types=(), statuses=())


def violence_layer(
    filters: Filters, zoom: float
) -> tuple[Violence, pd.DataFrame | None, pd.DataFrame | None]:
    """(description, grid frame, point frame) of the violence layer for ``filters``.

    One count first; up to RAW_LIMIT events are fetched as points, above it DuckDB counts them
    in grid cells sized from the map's ``zoom`` (coarsened until at most MAX_CELLS remain).
    """
    labels = scale.dataset_labels()
    vf = violence_filters(filters, labels)
    if vf is None:
        return Violence(None, "none"), None, None
    n = data.count_events(vf)
    if n == 0:
        return Violence(vf, "none", datasets=vf.datasets), None, None
    if n <= scale.RAW_LIMIT:
        points = data.event_points(vf)
        frame = _point_frame(points, labels)
        deaths = int(points["deaths"].sum()) if not points.empty else 0
        return Violence(vf, "points", n, deaths, None, vf.datasets), None, frame
    cell: float | None = scale.cell_for_zoom(zoom)
    grid = data.event_grid(vf, cell)
    while len(grid) > scale.MAX_CELLS and scale.coarser_cell(cell) is not None:
        cell = scale.coarser_cell(cell)
        grid = data.event_grid(vf, cell)
    deaths = int(grid["deaths"].sum()) if not grid.empty else 0
    return Violence(vf, "grid", n, deaths, cell, vf.datasets), _grid_frame(grid, cell), None


def map_frames(
    filters: Filters,
    view_choice: str = "fit",
    layers: Layers = Layers(),
    size: tuple[int, int] = dk.DEFAULT_SIZE,
    margins: tuple[int, int, int, int] = dk.FIT_MARGINS,
) -> MapFrames:
    """Frames and view for ``filters``; ``view_choice`` is "fit", "donbas" or "europe";
    ``size`` is the chart's width and height and ``margins`` its left, top, right and bottom
    margins in pixels (for fitting the venues)."""
    # venues and arcs are the curated events' (article) only: other datasets are on the
    # violence layer, so a large import never reaches these per-event frames
    curated = scale.restrict(filters, scale.CURATED)
    if curated is None:
        venue_counts = pd.DataFrame(columns=VENUE_COLUMNS)
    else:
        venue_counts = data.venue_counts(curated)
    venues = dk.venue_frame(venue_counts)
    locations = data.locations()
    if view_choice == "donbas":
        view = dk.DONBAS_VIEW
    elif view_choice == "europe":
        view = dk.EUROPE_VIEW
    else:
        view = dk.fit_view(
            venue_counts["longitude"], venue_counts["latitude"], size=size, margins=margins
        )

    countries, country_labels = _countries(view.scope, dk.visible_bounds(view))
    country_labels = dk.drop_crowded_labels(country_labels, venues if layers.venues else None, view)
    map_data = dk.MapData(countries=countries, country_labels=country_labels)
    if layers.areas:
        map_data.disputed, map_data.disputed_labels = _disputed(view.scope)
    if layers.line:
        map_data.line = _line()
    if layers.venues:
        map_data.venues = venues
    if layers.arcs and curated is not None:
        events = data.events_head(curated, scale.RAW_LIMIT)
        located = events[events["location_id"].notna()]
        links = data.event_actors(tuple(located["event_id"]))
        map_data.arcs = dk.arc_frame(located, links, data.actors(), locations)
    if layers.troops:
        map_data.troops = dk.troop_frame(data.figures("troops"), locations)
    violence = Violence(None)
    if layers.violence:
        violence, map_data.violence_grid, map_data.violence_points = violence_layer(
            filters, view.zoom
        )
    return MapFrames(map_data, view, venue_counts, venues, violence)


UCDP_CREDIT = "UCDP GED 22.1 (CC BY 4.0)"


def violence_caption(layer: Violence, labels: dict[str, str]) -> str:
    """What the violence layer shows, how (points or grid cells) and the threshold."""
    names = [md_escape(labels.get(d, d)) for d in layer.datasets]
    credit = f" Data: {UCDP_CREDIT}." if "ucdp" in layer.datasets else ""
    scope = (
        "It uses your actor and date filters over "
        + (", ".join(names) if names else "the datasets other than the founding article's")
        + "; the type and status filters do not apply to it."
    )
    if layer.mode == "none" or layer.filters is None:
        return (
            "Violence layer on, but no UCDP or imported event matches your actor and date "
            f"filters. {scope}{credit}"
        )
    head = (
        f"Violence layer on: {layer.events:,} events with {layer.deaths:,} deaths (best estimate)"
    )
    if layer.mode == "grid":
        how = (
            f", more than the {layer.limit:,} drawn one by one, so they are counted in grid "
            f"cells of {layer.cell_deg:g}° computed in DuckDB (darker = more deaths; hover a cell "
            "for its counts and dates)."
        )
    else:
        how = (
            f", drawn one by one (up to {layer.limit:,} events are; above that they are counted "
            "in grid cells). Size and colour grow with deaths; click a point for its card."
        )
    return f"{head}{how} {scope}{credit} Locations as the datasets code them."
