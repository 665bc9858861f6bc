"""The one place that owns caching and the session's view of the data.

The shared store is opened once per process (``st.cache_resource``) and read by every session.
A session that uploads a file gets its own overlay (``Store.overlay()``): a writable layer whose
queries read the shared rows and the session's own, so one visitor never sees another's upload.
Query results are cached per store and filter value (``st.cache_data``, bounded); the store key
is part of every cache key, so cached frames never leak between overlays.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from pathlib import Path

import pandas as pd
import streamlit as st

from crisis import Filters, Store
from crisis.loader import DATA_DIR

TTL = 600
ENTRIES = 256
BASE = "base"
OVERLAY_KEY = "_session_overlay"
VERSION_KEY = "_session_overlay_version"
MAX_OVERLAYS = 16  # sessions with uploads kept at once; the least recently used is dropped

_overlays: OrderedDict[str, tuple[Store, float]] = OrderedDict()
_lock = threading.Lock()


@st.cache_resource(show_spinner="Loading the crisis tables…")
def get_store() -> Store:
    """The shared store: the bundled data, or the database file named by ``CRISIS_DB``."""
    data_dir = Path(os.environ.get("CRISIS_DATA") or DATA_DIR)
    db = os.environ.get("CRISIS_DB")
    if db:
        return Store.open(Path(db), data_dir)
    # tolerant: a damaged data file leaves its rows out and is reported, the app still starts
    return Store.bundled(data_dir, tolerant=True)


def store_for(key: str) -> Store:
    """The store behind a cache key (``base``, or ``<overlay>@<version>``)."""
    key = key.split("@", 1)[0]
    if key == BASE:
        return get_store()
    with _lock:
        entry = _overlays.get(key)
        if entry is None:
            raise LookupError(key)
        _overlays.move_to_end(key)
        _overlays[key] = (entry[0], time.time())
        return entry[0]


def store_key() -> str:
    """The cache key of the store this session reads: its overlay (with the number of imports
    made into it, so cached frames are renewed after each import) or the shared store."""
    key = st.session_state.get(OVERLAY_KEY)
    if key and key in _overlays:
        return f"{key}@{st.session_state.get(VERSION_KEY, 0)}"
    if key:
        st.session_state.pop(OVERLAY_KEY, None)
        st.session_state["_overlay_expired"] = True
    return BASE


def current_store() -> Store:
    """The store this session reads (shared, or its own overlay after an upload)."""
    return store_for(store_key())


def session_overlay() -> Store:
    """This session's writable overlay, created on first use."""
    key = store_key()
    if key != BASE:
        return store_for(key)
    overlay = get_store().overlay()
    name = overlay._overlay_name  # noqa: SLF001 - the overlay's own id
    with _lock:
        _overlays[name] = (overlay, time.time())
        while len(_overlays) > MAX_OVERLAYS:
            _, (old, _) = _overlays.popitem(last=False)
            old.close()
    st.session_state[OVERLAY_KEY] = name
    return overlay


def overlay_changed() -> None:
    """Call after importing into this session's overlay: its cached frames are renewed."""
    st.session_state[VERSION_KEY] = st.session_state.get(VERSION_KEY, 0) + 1


def drop_session_overlay() -> None:
    """Forget this session's uploads."""
    key = st.session_state.pop(OVERLAY_KEY, None)
    with _lock:
        entry = _overlays.pop(key, None) if key else None
    if entry:
        entry[0].close()
    overlay_changed()


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _events(key: str, filters: Filters) -> pd.DataFrame:
    return store_for(key).events(filters)


def events(filters: Filters) -> pd.DataFrame:
    return _events(store_key(), filters)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _events_by_id(key: str, event_ids: tuple[str, ...]) -> pd.DataFrame:
    return store_for(key).events_by_id(list(event_ids))


def events_by_id(event_ids: tuple[str, ...]) -> pd.DataFrame:
    return _events_by_id(store_key(), event_ids)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _events_head(key: str, filters: Filters, limit: int) -> pd.DataFrame:
    return store_for(key).events(filters, limit=limit)


def events_head(filters: Filters, limit: int) -> pd.DataFrame:
    """The first ``limit`` filtered events (earliest first): bounded, for tables and pickers."""
    return _events_head(store_key(), filters, limit)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _count_events(key: str, filters: Filters) -> int:
    return store_for(key).count_events(filters)


def count_events(filters: Filters) -> int:
    return _count_events(store_key(), filters)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _event_actors(key: str, event_ids: tuple[str, ...] | None) -> pd.DataFrame:
    return store_for(key).event_actors(None if event_ids is None else list(event_ids))


def event_actors(event_ids: tuple[str, ...] | None) -> pd.DataFrame:
    return _event_actors(store_key(), event_ids)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _actors(key: str) -> pd.DataFrame:
    return store_for(key).actors()


def actors() -> pd.DataFrame:
    return _actors(store_key())


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _datasets(key: str) -> pd.DataFrame:
    return store_for(key).datasets()


def datasets() -> pd.DataFrame:
    return _datasets(store_key())


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _actor_stats(key: str, filters: Filters) -> pd.DataFrame:
    return store_for(key).actor_stats(filters)


def actor_stats(filters: Filters) -> pd.DataFrame:
    return _actor_stats(store_key(), filters)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _interactions(key: str, filters: Filters) -> pd.DataFrame:
    return store_for(key).interactions(filters)


def interactions(filters: Filters) -> pd.DataFrame:
    return _interactions(store_key(), filters)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _venue_counts(key: str, filters: Filters) -> pd.DataFrame:
    return store_for(key).venue_counts(filters)


def venue_counts(filters: Filters) -> pd.DataFrame:
    return _venue_counts(store_key(), filters)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _ucdp_monthly(key: str, filters: Filters) -> pd.DataFrame:
    return store_for(key).ucdp_monthly(filters)


def ucdp_monthly(filters: Filters) -> pd.DataFrame:
    return _ucdp_monthly(store_key(), filters)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _event_points(key: str, filters: Filters, dataset: str | None) -> pd.DataFrame:
    return store_for(key).event_points(filters, dataset)


def event_points(filters: Filters, dataset: str | None = None) -> pd.DataFrame:
    return _event_points(store_key(), filters, dataset)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _event_counts(key: str, filters: Filters, bucket: str) -> pd.DataFrame:
    return store_for(key).event_counts(filters, bucket)


def event_counts(filters: Filters, bucket: str = "week") -> pd.DataFrame:
    return _event_counts(store_key(), filters, bucket)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _event_grid(key: str, filters: Filters, cell_deg: float) -> pd.DataFrame:
    return store_for(key).event_grid(filters, cell_deg)


def event_grid(filters: Filters, cell_deg: float = 0.25) -> pd.DataFrame:
    return _event_grid(store_key(), filters, cell_deg)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=False)
def _date_bounds(key: str):
    return store_for(key).date_bounds()


def date_bounds():
    """The first and last day covered by any event (for the date pickers)."""
    return _date_bounds(store_key())


@st.cache_data(ttl=TTL, show_spinner=False)
def _figures(key: str, kind: str) -> pd.DataFrame:
    return store_for(key).figures(kind)


def figures(kind: str) -> pd.DataFrame:
    return _figures(store_key(), kind)


@st.cache_data(ttl=TTL, show_spinner=False)
def _locations(key: str) -> pd.DataFrame:
    return store_for(key).locations()


def locations() -> pd.DataFrame:
    return _locations(store_key())


@st.cache_data(ttl=TTL, show_spinner=False)
def _sources(key: str) -> pd.DataFrame:
    return store_for(key).sources()


def sources() -> pd.DataFrame:
    return _sources(store_key())
