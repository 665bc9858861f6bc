"""The floor for bench/rerun.py: a bare Streamlit app that rebuilds its figures on every run.

    .venv/bin/python -m streamlit run bench/bare_app.py      (CRISIS_DB=... for a database)

What a first version of this dashboard would be, written the plain way: the same sidebar widgets
(actor, from, to, event type, status, dataset, reset), the store opened once per process, the
filtered events (at most 2,000, as the dashboard draws) fetched per run, one ``px.timeline`` and
one pydeck map (Crimea and the Donbas area, the line of contact, the events' points) built from
scratch on every run. No figure caching, no fragments, no URL state. It reads through the same
``crisis.Store``, so the data access costs the same; the difference bench/rerun.py prints is
the page work.

Not part of the dashboard and not reachable from it; only the benchmark starts it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import plotly.express as px  # noqa: E402
import pydeck as pdk  # noqa: E402
import streamlit as st  # noqa: E402

from crisis import Filters, Store, vocab  # noqa: E402
from crisis.loader import DATA_DIR  # noqa: E402

LIMIT = 2_000


@st.cache_resource
def store() -> Store:
    db = os.environ.get("CRISIS_DB")
    return Store.open(Path(db), DATA_DIR) if db else Store.bundled(DATA_DIR, tolerant=True)


st.set_page_config(page_title="Bare app", layout="wide")
s = store()
actors = s.actors()
labels = dict(zip(actors["actor_id"], actors["label"], strict=True))
datasets = list(s.datasets()["dataset"])
lo, hi = s.date_bounds()

with st.sidebar:
    chosen = st.multiselect("Actor", list(labels), format_func=labels.get, key="actor")
    c1, c2 = st.columns(2)
    start = c1.date_input("From", value=None, min_value=lo, max_value=hi, key="from")
    end = c2.date_input("To", value=None, min_value=lo, max_value=hi, key="to")
    types = st.multiselect(
        "Event type", list(vocab.EVENT_TYPES), format_func=vocab.EVENT_TYPE_LABELS.get, key="type"
    )
    statuses = st.multiselect("Status (as of the source's date)", list(vocab.STATUSES))
    ds = st.multiselect("Dataset", datasets, default=["article"], key="dataset")
    st.button("Reset filters", width="stretch")

filters = Filters(
    actors=tuple(chosen),
    start=start,
    end=end,
    event_types=tuple(types),
    statuses=tuple(statuses),
    datasets=tuple(ds),
)
st.title("Timeline")
events = s.events(filters, limit=LIMIT)
st.caption(f"{len(events):,} events")
if not events.empty:
    frame = events.assign(
        start=pd.to_datetime(events["start_date"]),
        end=pd.to_datetime(events["end_date"].fillna(events["start_date"])) + pd.Timedelta(days=1),
    )
    fig = px.timeline(
        frame,
        x_start="start",
        x_end="end",
        y="event_type",
        color="event_type",
        hover_name="title",
        custom_data=["event_id"],
    )
    st.plotly_chart(fig, on_select="rerun", key="chart")
points = events.dropna(subset=["latitude", "longitude"])[
    ["event_id", "title", "latitude", "longitude"]
]
deck = pdk.Deck(
    layers=[
        pdk.Layer(
            "GeoJsonLayer",
            s.geometry("disputed"),
            id="disputed",
            stroked=True,
            filled=True,
            get_fill_color=[230, 230, 230],
            get_line_color=[120, 120, 120],
        ),
        pdk.Layer(
            "GeoJsonLayer",
            s.geometry("line_of_contact"),
            id="line",
            get_line_color=[200, 0, 0],
            line_width_min_pixels=2,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            points,
            id="points",
            get_position=["longitude", "latitude"],
            get_radius=8000,
            get_fill_color=[200, 30, 0],
            pickable=True,
        ),
    ],
    initial_view_state=pdk.ViewState(latitude=49, longitude=32, zoom=4),
    map_style=None,
    tooltip={"text": "{title}"},
)
st.pydeck_chart(deck, key="map")
