"""Timeline page: the filtered events in lanes, one event's card, troop estimates, UCDP deaths."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data
from components.event_card import render_event_card
from components.sidebar import page_frame
from components.timeline import (
    LANE_MODES,
    UCDP_LANE,
    default_x_range,
    event_label,
    timeline_figure,
    troop_figure,
    troop_table,
    ucdp_monthly_figure,
)
from crisis import Filters

PICK_KEY = "timeline_pick"
CHART_KEY = "timeline_chart"
LAST_CHART = "_timeline_last_chart_ids"
PREFER = "_timeline_prefer"  # "chart" or "pick": whichever the user touched last

filters = page_frame("Timeline", icon="📅")
events = data.events(filters)


def _picked() -> None:
    st.session_state[PREFER] = "pick"


def _chart_ids(state: object) -> tuple[str, ...]:
    try:
        points = state.selection.points  # type: ignore[attr-defined]
    except AttributeError:
        return ()
    ids = []
    for point in points or []:
        custom = point.get("customdata") if isinstance(point, dict) else None
        if custom:
            ids.append(str(custom[0] if isinstance(custom, list | tuple) else custom))
    return tuple(ids)


def _card(event_id: str) -> None:
    store = data.current_store()
    event = store.event(event_id)
    if event is None:
        st.warning("That event is not in the data any more; pick another one.")
        return
    actors = data.event_actors((event_id,))
    location = None
    if isinstance(event.get("location_id"), str):
        locs = data.locations()
        match = locs[locs["location_id"] == event["location_id"]]
        location = None if match.empty else match.iloc[0].to_dict()
    srcs = data.sources()
    src = srcs[srcs["source_id"] == event.get("source_id")]
    render_event_card(event, actors, location, None if src.empty else src.iloc[0].to_dict())


if events.empty:
    st.info(
        "No event matches the current filters. Widen the date range, remove an actor or "
        "event type, or use **Reset filters** in the sidebar."
    )
else:
    curated = events[events["dataset"] != "ucdp"]
    n_ucdp = int((events["dataset"] == "ucdp").sum())
    lane_by = st.segmented_control(
        "Lanes",
        options=list(LANE_MODES),
        format_func=LANE_MODES.get,
        default="actor",
        required=True,
        key="timeline_lanes",
        help="One row per actor taking part (participant, organiser or speaker), per venue, "
        "or per event type.",
    )
    links = data.event_actors(tuple(curated["event_id"])) if not curated.empty else None
    if links is None:
        links = data.event_actors(("",))
    locs = data.locations()
    added = tuple(locs.loc[~locs["stated_in_source"].astype(bool), "location_id"])
    fig = timeline_figure(events, links, lane_by or "actor", added_venues=added)
    state = st.plotly_chart(
        fig,
        on_select="rerun",
        selection_mode=("points",),
        key=CHART_KEY,
        config={"scrollZoom": False, "displaylogo": False},
    )
    notes = [
        "Colour: event type. ● filled: took place or ongoing; ○ open symbols and pale bars: "
        "announced or scheduled (as of 4 Jan 2022). Hatched bars and a grey ring: the source "
        "does not state the date; it was placed (see the card). Bars run from the first to "
        "the last day; one-day events sit in the middle of their day.",
    ]
    if lane_by == "actor":
        notes.append(
            "An event appears in the lane of each actor taking part; members are folded into "
            "their group when the group takes part too (the B9 states under the Bucharest Nine)."
        )
    rng = default_x_range(events)
    hidden = 0 if rng is None else int((pd.to_datetime(curated["start_date"]) < rng[0]).sum())
    if hidden:
        notes.append(
            f"{hidden} background event{'s' if hidden != 1 else ''} (e.g. 2014) lie before the "
            "opening view: drag the range slider below the chart to see them."
        )
    if n_ucdp:
        notes.append(
            f"The {n_ucdp:,} UCDP events (2014–2021) are not drawn one by one: the row "
            f"“{UCDP_LANE}” shows one dot per week, its size the number of events; clicking a "
            "dot opens that week's deadliest event."
        )
    st.caption(" ".join(notes))

    # -- the card: chart selection or the picker, whichever the user touched last ----------
    chart_ids = _chart_ids(state)
    if chart_ids != st.session_state.get(LAST_CHART, ()):
        st.session_state[LAST_CHART] = chart_ids
        if chart_ids:
            st.session_state[PREFER] = "chart"
    labels = dict(
        zip(events["event_id"], [event_label(r) for r in events.to_dict("records")], strict=True)
    )
    picked = st.selectbox(
        "Or pick an event",
        options=list(labels),
        format_func=lambda eid: labels.get(eid, eid),
        index=None,
        placeholder="Type to search the events by date or title",
        key=PICK_KEY,
        on_change=_picked,
    )
    prefer_chart = st.session_state.get(PREFER, "chart") == "chart"
    chosen = (chart_ids[0] if chart_ids and (prefer_chart or not picked) else picked) or None
    if chosen:
        _card(chosen)
    else:
        st.caption("Click an event in the chart, or pick one above, to see its card and source.")

# -- troop estimates ----------------------------------------------------------------------
st.divider()
st.subheader("Russian troops near Ukraine: estimates, Nov 2021 – Feb 2022", anchor=False)
troops = data.figures("troops")
c1, c2 = st.columns([1, 1])
with c1:
    st.plotly_chart(troop_figure(troops), key="timeline_troops", config={"displaylogo": False})
with c2:
    st.dataframe(
        troop_table(troops),
        hide_index=True,
        height=420,
        column_config={
            "figure_id": st.column_config.TextColumn("id", width="small"),
            "reported_on": st.column_config.DateColumn("reported", format="D MMM YYYY"),
            "quote": st.column_config.TextColumn("quote", width="large"),
        },
    )
st.caption(
    "Each point is one estimate at the date it was reported; the sources count different things "
    "(near the border, in occupied territories, incl. Belarus, naval and air components): compare "
    "them only with their scope. ▲ = “more than” (open-ended upward); the bar on T09 is its "
    "169,000–190,000 range; ◇ = a planned force, not a present one. The star is the founding "
    "article's unattributed “around 100,000” (4 Jan 2022). Sources: the outlets in the table "
    "(UAWire, YC.News, Interfax-Ukraine, The Independent, Newser, Just the News, CNN, Business "
    "Insider India, zmi.st) and the founding article."
)

# -- UCDP deaths per month -----------------------------------------------------------------
st.divider()
st.subheader("Deaths in the war in eastern Ukraine by month, 2014–2021 (UCDP)", anchor=False)
ucdp_filters = Filters(
    actors=filters.actors, start=filters.start, end=filters.end, datasets=("ucdp",)
)
monthly = data.ucdp_monthly(ucdp_filters)
scope = "the sidebar's actor and date filters, always over the UCDP dataset"
if monthly.empty:
    st.info(f"No UCDP event matches {scope}: the UCDP data covers 2014–2021.")
else:
    st.plotly_chart(
        ucdp_monthly_figure(monthly), key="timeline_ucdp_monthly", config={"displaylogo": False}
    )
    st.caption(
        "UCDP GED 22.1, deaths in organised violence (best estimate, low–high band); not the "
        "same measure as OHCHR's 13,200–13,400. This chart uses "
        f"{scope} (event type, status and dataset filters do not apply). "
        "Data: UCDP Georeferenced Event Dataset 22.1, Uppsala Conflict Data Program, licensed "
        "CC BY 4.0 (Sundberg & Melander 2013; Davies, Pettersson & Öberg 2022)."
    )
