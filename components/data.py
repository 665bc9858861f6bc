"""The one place that owns caching: the store once per process, small query results briefly.

Pages ask these functions for frames; none of them caches widgets. The store is shared by all
sessions (``st.cache_resource``); query results are cached per filter value with a bounded size.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from crisis import Filters, Store

TTL = 600
ENTRIES = 256


@st.cache_resource(show_spinner="Loading the crisis tables…")
def get_store() -> Store:
    """The bundled data, validated and loaded into DuckDB, once per process."""
    db = os.environ.get("CRISIS_DB")
    if db:
        return Store.open(Path(db))
    return Store.bundled()


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def events(filters: Filters) -> pd.DataFrame:
    return get_store().events(filters)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def count_events(filters: Filters) -> int:
    return get_store().count_events(filters)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def event_actors(event_ids: tuple[str, ...] | None) -> pd.DataFrame:
    return get_store().event_actors(None if event_ids is None else list(event_ids))


@st.cache_data(ttl=TTL, show_spinner=False)
def actors() -> pd.DataFrame:
    return get_store().actors()


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def actor_stats(filters: Filters) -> pd.DataFrame:
    return get_store().actor_stats(filters)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def interactions(filters: Filters) -> pd.DataFrame:
    return get_store().interactions(filters)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def venue_counts(filters: Filters) -> pd.DataFrame:
    return get_store().venue_counts(filters)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def ucdp_monthly(filters: Filters) -> pd.DataFrame:
    return get_store().ucdp_monthly(filters)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def event_points(filters: Filters, dataset: str | None = None) -> pd.DataFrame:
    return get_store().event_points(filters, dataset)


@st.cache_data(ttl=TTL, show_spinner=False)
def figures(kind: str) -> pd.DataFrame:
    return get_store().figures(kind)


@st.cache_data(ttl=TTL, show_spinner=False)
def locations() -> pd.DataFrame:
    return get_store().locations()


@st.cache_data(ttl=TTL, show_spinner=False)
def sources() -> pd.DataFrame:
    return get_store().sources()
