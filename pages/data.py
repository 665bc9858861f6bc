"""Data: the filtered tables, each downloadable as CSV, and the data dictionary.

The CSV exports neutralise spreadsheet formula injection (``components.tables.to_csv_bytes``):
a text cell starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe;
numbers stay numbers.
"""

from pathlib import Path

import pandas as pd
import streamlit as st

from components import data
from components.palette import SIDE_LABELS
from components.sidebar import event_link, page_frame, share_view
from components.tables import markdown_sections, to_csv_bytes
from components.upload import upload_panel
from components.view_state import PageView, Param
from crisis.loader import DATA_DIR

README = DATA_DIR / "README.md"
DICTIONARY_SECTIONS = ("Conventions for every table", "Provenance rules", "Tables and columns")

DISPLAY_LIMIT = 5_000  # rows of events shown in the table; the download has them all

TABLE_NAMES = ("events", "actors", "locations", "troops", "casualties", "sources")
TABLE_KEY = "_data_table"  # not a widget: the tab's table name (the tab labels carry counts)
TABS_KEY = "data_tabs"
VIEW = PageView("data", [Param("table", TABLE_KEY, default="events", what="table")])

filters = page_frame("Data")
VIEW.seed({"table": TABLE_NAMES})
VIEW.show_notices()
upload_panel()

n_events = data.count_events(filters)
events = data.events_head(filters, DISPLAY_LIMIT)
stats = data.actor_stats(filters)
actors = data.actors()
actor_table = stats[["actor_id", "events", "first_seen", "last_seen"]].merge(
    actors.drop(columns=["label"], errors="ignore"), on="actor_id", how="left"
)
actor_table.insert(1, "label", stats["label"].to_numpy())
actor_table.insert(
    actor_table.columns.get_loc("side") + 1,
    "side_label",
    actor_table["side"].map(lambda s: SIDE_LABELS.get(s, s)),
)
venues = data.venue_counts(filters)[["location_id", "events"]].rename(
    columns={"events": "filtered_events"}
)
locations = data.locations().merge(venues, on="location_id", how="left")
locations["filtered_events"] = locations["filtered_events"].fillna(0).astype(int)

TABLES: list[tuple[str, str, pd.DataFrame, str]] = [
    (
        "Events",
        "events",
        events,
        "The events that match the sidebar filters (article and, if selected, UCDP and "
        "uploaded events)."
        + (
            f" The table shows the first {DISPLAY_LIMIT:,} of {n_events:,}, earliest first; "
            "the download has them all."
            if n_events > DISPLAY_LIMIT
            else ""
        ),
    ),
    (
        "Actors",
        "actors",
        actor_table,
        "Actors of the filtered events, with their number of events and first/last appearance. "
        "side is our analytical grouping (added context).",
    ),
    (
        "Locations",
        "locations",
        locations,
        "All places; filtered_events counts the filtered events held there. Coordinates are "
        "always added context.",
    ),
    ("Troops", "troops", data.figures("troops"), "Troop figures (not filtered: not events)."),
    (
        "Casualties",
        "casualties",
        data.figures("casualties"),
        "Casualty figures (not filtered: not events).",
    ),
    ("Sources", "sources", data.sources(), "Every source document (not filtered)."),
]

st.caption(
    "Downloads are CSV (UTF-8). Text cells that a spreadsheet would run as a formula (starting "
    "with =, +, -, @, a tab or a carriage return) get a leading apostrophe; numbers are kept."
)
DATE_FORMAT = "YYYY-MM-DD"
COUNTS = {"events": n_events}


_store = data.current_store()


def _all_events_csv() -> bytes:
    """Every filtered event, built only when the user asks for the download."""
    return to_csv_bytes(_store.events(filters))


TAB_LABELS = {
    name: f"{title} ({COUNTS.get(name, len(frame)):,})" for title, name, frame, _ in TABLES
}


def _tab_changed() -> None:
    """A tab click -> the table's name (the labels change with the counts; the name does not)."""
    label = st.session_state.get(TABS_KEY)
    st.session_state[TABLE_KEY] = next(
        (n for n, lab in TAB_LABELS.items() if lab == label), "events"
    )


if st.session_state.get(TABLE_KEY) not in TAB_LABELS:
    st.session_state[TABLE_KEY] = "events"
st.session_state[TABS_KEY] = TAB_LABELS[st.session_state[TABLE_KEY]]
tabs = st.tabs(list(TAB_LABELS.values()), key=TABS_KEY, on_change=_tab_changed)
for tab, (title, name, frame, about) in zip(tabs, TABLES, strict=True):
    with tab:
        st.caption(about)
        config = {
            col: st.column_config.DateColumn(col, format=DATE_FORMAT)
            for col in frame.columns
            if pd.api.types.is_datetime64_any_dtype(frame[col])
        }
        shown = frame
        if name == "events" and not frame.empty:  # each row links to its card on the Timeline
            shown = frame.copy()
            shown.insert(0, "card", [event_link(e) for e in frame["event_id"]])
            config["card"] = st.column_config.LinkColumn("card", display_text="open card")
        st.dataframe(shown, hide_index=True, width="stretch", column_config=config, key=f"t_{name}")
        st.download_button(
            f"Download {title.lower()} as CSV",
            data=_all_events_csv
            if name == "events" and n_events > DISPLAY_LIMIT
            else to_csv_bytes(frame),
            file_name=f"ukraine-crisis-{name}.csv",
            mime="text/csv",
            key=f"dl_{name}",
            on_click="ignore",
            icon=":material/download:",
        )

st.subheader("Data dictionary")
st.caption("From data/README.md, the project's own documentation of every table and column.")
try:
    readme = Path(README).read_text(encoding="utf-8")
except OSError:
    st.warning("data/README.md could not be read, so the data dictionary is not shown.")
else:
    st.markdown(markdown_sections(readme, DICTIONARY_SECTIONS, demote=2))

# the open table in the URL, beside the filters
share_view(VIEW, {TABLE_KEY: st.session_state.get(TABLE_KEY, "events")})
