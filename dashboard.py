"""Entry point and Overview page: `streamlit run dashboard.py`.

The other pages live in ``pages/`` (Streamlit's file-based multipage mode); each calls the same
``page_frame`` so the sidebar, the URL state and the header are identical everywhere.
"""

import pandas as pd
import streamlit as st

from components import built, data, scale
from components import publish as pb
from components.map_panel import Layers
from components.palette import STATUS_LABELS
from components.sidebar import chart_format, event_link, page_frame
from components.tables import format_date
from components.text import format_figure_row, format_number, md_escape
from crisis import vocab

AHEAD = ("announced", "scheduled")

filters = page_frame("Overview", icon="🗺️")
store = data.current_store()
troops = data.figures("troops").set_index("figure_id")
casualties = data.figures("casualties").set_index("figure_id")
ucdp = store.ucdp_totals()
plan = scale.plan_for(filters)
events = scale.raw_events(plan)  # at most scale.RAW_LIMIT rows; large datasets are counted
curated = scale.restrict(filters, scale.CURATED)


def _citation(row: pd.Series) -> str:
    if row["source_id"] == "founding-article":
        return "Founding article, 4 January 2022"
    return f"{row['outlet']}, {format_date(row['source_published'])}"


def headline(column, label: str, row: pd.Series | None, help_text: str) -> None:
    """A figure as a metric with its qualifier kept, its citation and its verbatim quote."""
    if row is None:  # the figure's file or row could not be loaded (see the warning above)
        column.container(border=True).metric(label, "not available", help=help_text)
        return
    with column.container(border=True):
        st.metric(label, format_figure_row(row))
        who = row["reported_by"] if isinstance(row["reported_by"], str) else "not attributed"
        st.caption(f"{_citation(row)} · reported by: {who}", help=help_text)
        with st.expander("Source quote"):
            st.text(row["quote"])


# -- headline figures --------------------------------------------------------------------------
st.subheader("The military picture")
r1, r2 = st.columns(2), st.columns(2)
c1, c2, c3, c4 = r1[0], r1[1], r2[0], r2[1]
headline(
    c1,
    "Russian troops near Ukraine's borders",
    troops.loc["art-troops"] if "art-troops" in troops.index else None,
    "The article's figure; other estimates from November 2021 to February 2022 are on the "
    "Figures and Timeline pages.",
)
headline(
    c2,
    "Killed in the war in eastern Ukraine",
    casualties.loc["art-killed"] if "art-killed" in casualties.index else None,
    "The founding article does not define its count or name who gave it.",
)
headline(
    c3,
    "Killed, 14 Apr 2014 – 30 Jun 2021 (OHCHR)",
    casualties.loc["C01"] if "C01" in casualties.index else None,
    "OHCHR: all people killed in the conflict in eastern Ukraine — civilians, Ukrainian "
    "military and members of armed groups.",
)
with c4.container(border=True):
    st.metric(
        "Deaths in organised violence, 2014–2021 (UCDP)",
        format_number(ucdp["best"]),
        help="UCDP counts deaths in organised violence under its own coding rules; not the same "
        "measure as the article's or OHCHR's toll.",
    )
    st.caption(
        f"Best estimate, low {format_number(ucdp['low'])} – high {format_number(ucdp['high'])}, "
        f"summed over {format_number(ucdp['events'])} UCDP GED 22.1 events (CC BY 4.0)."
    )
st.caption(
    "The three death tolls are different measures from different sources: shown side by side, "
    "never merged. Definitions and every other figure: Figures page."
)

# -- the filtered week -------------------------------------------------------------------------
curated_events = (
    data.events_head(curated, scale.RAW_LIMIT) if curated is not None else pd.DataFrame()
)
ahead = (
    curated_events[curated_events["status"].isin(AHEAD)]
    if not curated_events.empty
    else curated_events
)
m1, m2, m3 = st.columns(3)
m1.metric("Events in the filter", format_number(plan.total))
m2.metric("Still ahead as of 4 January 2022", format_number(len(ahead)))
m3.metric(
    "Venues in the filter",
    format_number(len(data.venue_counts(curated)) if curated is not None else 0),
    help="Places of the filtered events of the founding article.",
)

if not ahead.empty:
    st.subheader("Meetings and visits still ahead")
    st.dataframe(
        pd.DataFrame(
            {
                "Date": pd.to_datetime(ahead["start_date"]),
                "Until": pd.to_datetime(ahead["end_date"]),  # blank for one-day events
                "Event": ahead["title"],
                "Venue": ahead["location_name"].fillna("not stated"),
                "Status": ahead["status"].map(lambda s: STATUS_LABELS.get(s, s)),
                "Type": ahead["event_type"].map(lambda t: vocab.EVENT_TYPE_LABELS.get(t, t)),
                "Card": [event_link(e) for e in ahead["event_id"]],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "Date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "Until": st.column_config.DateColumn("Until", format="YYYY-MM-DD"),
            "Card": st.column_config.LinkColumn("Card", display_text="open card"),
        },
    )

left, right = st.columns(2)
with left:
    st.subheader("Timeline")
    if plan.total == 0:
        st.info("No event matches the filters. Widen them or press “Reset filters”.")
    else:
        if not events.empty:
            fig = built.timeline_chart(
                filters, "type", height=300 if plan.aggregate else 420, legend=False
            )
            st.plotly_chart(
                fig,
                width="stretch",
                key="overview_timeline",
                config=pb.config_for(fig, pb.file_name("timeline", filters), fmt=chart_format()),
            )
        if plan.aggregate:
            _, bucket = scale.bucketed_counts(plan)
            small = built.counts_chart(filters, height=260 if not events.empty else 420, title=True)
            st.plotly_chart(
                small,
                width="stretch",
                key="overview_counts",
                config=pb.config_for(
                    small, pb.file_name("event-counts", filters), fmt=chart_format()
                ),
            )
        labels = {k: md_escape(v) for k, v in scale.dataset_labels().items()}
        shown_as = f"counts per {bucket}" if plan.aggregate else "counts per day, week or month"
        st.caption(
            scale.mode_caption(plan, labels, shown_as, "fetched as single events")
            + " Lanes by event type; open symbols are still ahead. Details: Timeline page."
        )
with right:
    st.subheader("Map")
    _, deck = built.map_chart(filters, "fit", Layers(), size=(460, 420), margins=(30, 30, 110, 30))
    st.pydeck_chart(
        deck,
        height=420,
        width="stretch",
        key="overview_map",
    )
    st.caption(
        "Venues of the filtered events, arcs from the participants' capitals (added context), "
        "the line of contact (approximate). Made with Natural Earth. Layers: Map page."
    )
