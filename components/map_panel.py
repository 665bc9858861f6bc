"""Assemble the map's layers for a filter: shared by the Map page and the Overview's small map.

Streamlit-facing only through caching (the geometry is shaped once per process); the layers
themselves come from the pure builders in ``components/deck.py``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import data
from components import deck as dk
from crisis import Filters


@st.cache_data(ttl=data.TTL, max_entries=16, show_spinner=False)
def _countries(scope: str, box: tuple[float, float, float, float]) -> tuple[dict, pd.DataFrame]:
    name = "countries_world" if scope == "europe" else "countries_region"
    min_area = 12.0 if scope == "europe" else 2.0
    return dk.country_layers_data(data.get_store().geometry(name), box, min_label_area=min_area)


@st.cache_data(ttl=data.TTL, show_spinner=False)
def _disputed(scope: str) -> tuple[dict, pd.DataFrame]:
    return dk.disputed_layers_data(data.get_store().geometry("disputed"), scope)


@st.cache_data(ttl=data.TTL, show_spinner=False)
def _line() -> pd.DataFrame:
    return dk.line_frame(data.get_store().geometry("line_of_contact"))


@st.cache_data(ttl=data.TTL, max_entries=64, show_spinner=False)
def _ucdp_hexagons(points: pd.DataFrame) -> pd.DataFrame:
    return dk.hex_bins(points)


@dataclass(frozen=True)
class Layers:
    """Which layer groups to draw."""

    areas: bool = True
    line: bool = True
    venues: bool = True
    arcs: bool = True
    troops: bool = True
    ucdp: bool = False


@dataclass
class MapFrames:
    """What a page needs to draw the map and describe it."""

    map_data: dk.MapData
    view: dk.View
    venue_counts: pd.DataFrame
    venues: pd.DataFrame
    ucdp_points: pd.DataFrame


def ucdp_filters(filters: Filters) -> Filters:
    """The user's actor and date filters with the dataset set to UCDP (type/status dropped)."""
    return dataclasses.replace(filters, datasets=("ucdp",), event_types=(), statuses=())


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
    venue_counts = data.venue_counts(filters)
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
    if layers.arcs:
        events = data.events(filters)
        located = events[events["location_id"].notna() & (events["dataset"] == "article")]
        links = data.event_actors(tuple(located["event_id"]))
        map_data.arcs = dk.arc_frame(located, links, data.actors(), locations)
    if layers.troops:
        map_data.troops = dk.troop_frame(data.figures("troops"), locations)
    ucdp_points = pd.DataFrame()
    if layers.ucdp:
        ucdp_points = data.event_points(ucdp_filters(filters), "ucdp")
        map_data.ucdp = _ucdp_hexagons(ucdp_points)
    return MapFrames(map_data, view, venue_counts, venues, ucdp_points)
