"""Timeline page: the filtered events in lanes, one event's card, troop estimates, UCDP deaths."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import streamlit as st

from components import built, data, scale
from components import publish as pb
from components.event_card import render_event_card
from components.sidebar import chart_format, event_link, page_frame, share_view
from components.text import md_escape
from components.timeline import (
    LANE_MODES,
    UCDP_LANE,
    default_x_range,
    event_label,
    format_dates,
)
from components.view_state import PageView, Param
from crisis import Filters, vocab

PICK_KEY = "timeline_pick"
CHART_KEY = "timeline_chart"
COUNTS_KEY = "timeline_counts"
RAW_AS = "fetched as single events"
LAST_CHART = "_timeline_last_chart_ids"
PREFER = "_timeline_prefer"  # "chart" or "pick": whichever the user touched last

LANES_KEY = "timeline_lanes"
VIEW = PageView(
    "timeline",
    [
        Param("lanes", LANES_KEY, default="actor", what="lane mode"),
        Param("event", PICK_KEY, default=None, what="event"),
    ],
)

filters = page_frame("Timeline", icon="📅")


def _known_event(event_id: str) -> bool:
    return data.current_store().event(event_id) is not None


if VIEW.seed({"lanes": list(LANE_MODES), "event": _known_event}):
    # a link (or a page switch) sets the card: it wins over an older chart selection
    st.session_state[PREFER] = "pick"
    st.session_state[LAST_CHART] = ()
VIEW.show_notices()
plan = scale.plan_for(filters)
events = scale.raw_events(plan)  # at most scale.RAW_LIMIT rows: the events drawn one by one
labels_of_datasets = {k: md_escape(v) for k, v in scale.dataset_labels().items()}


def _picked() -> None:
    st.session_state[PREFER] = "pick"


def _points(state: object) -> list[dict]:
    try:
        points = state.selection.points  # type: ignore[attr-defined]
    except AttributeError:
        return []
    return [p for p in points or [] if isinstance(p, dict)]


def _chart_ids(state: object) -> tuple[str, ...]:
    ids = []
    for point in _points(state):
        custom = point.get("customdata")
        if custom:
            ids.append(str(custom[0] if isinstance(custom, list | tuple) else custom))
    return tuple(ids)


def _narrow(first: date, last: date, event_type: str | None) -> None:
    """Callback: the sidebar filters narrowed to one bar (its dates and, if known, its type)."""
    st.session_state["f_from"] = first
    st.session_state["f_to"] = last
    if event_type:
        st.session_state["f_type"] = [event_type]


def _with_labels(labels: dict[str, str], rows: pd.DataFrame, first: bool = False) -> dict:
    """``labels`` with the picker labels of ``rows`` added (before the others with ``first``)."""
    new = {
        eid: event_label(r)
        for eid, r in zip(rows["event_id"], rows.to_dict("records"), strict=True)
        if eid not in labels
    }
    return {**new, **labels} if first else {**labels, **new}


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
    render_event_card(
        event,
        actors,
        location,
        None if src.empty else src.iloc[0].to_dict(),
        permalink=event_link(event_id),
    )


chosen: str | None = None
lane_by = st.session_state.get(LANES_KEY) or "actor"
if plan.total == 0:
    st.info(
        "No event matches the current filters. Widen the date range, remove an actor or "
        "event type, or use **Reset filters** in the sidebar."
    )
    chosen = st.session_state.get(PICK_KEY)  # a linked event's card is shown all the same
    if chosen:
        _card(chosen)
else:
    counts, bucket = scale.bucketed_counts(plan)
    shown_as = f"counts per {bucket}" if plan.aggregate else "counts per day, week or month"
    st.caption(scale.mode_caption(plan, labels_of_datasets, shown_as, RAW_AS))
    chart_ids: tuple[str, ...] = ()
    if not events.empty:
        curated = events[events["dataset"] != "ucdp"]
        n_ucdp = int((events["dataset"] == "ucdp").sum())
        if st.session_state.get(LANES_KEY) not in LANE_MODES:
            st.session_state[LANES_KEY] = "actor"
        lane_by = st.segmented_control(
            "Lanes",
            options=list(LANE_MODES),
            format_func=LANE_MODES.get,
            required=True,
            key=LANES_KEY,
            help="One row per actor taking part (participant, organiser or speaker), per venue, "
            "or per event type.",
        )
        timeline_fig = built.timeline_chart(filters, lane_by or "actor")
        state = st.plotly_chart(
            timeline_fig,
            on_select="rerun",
            selection_mode=("points",),
            key=CHART_KEY,
            config=pb.config_for(
                timeline_fig,
                pb.file_name("timeline", filters),
                scrollZoom=False,
                fmt=chart_format(),
            ),
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
                "their group when the group takes part too (the B9 states under the Bucharest "
                "Nine)."
            )
        rng = default_x_range(events)
        hidden = 0 if rng is None else int((pd.to_datetime(curated["start_date"]) < rng[0]).sum())
        if hidden:
            notes.append(
                f"{hidden} background event{'s' if hidden != 1 else ''} (e.g. 2014) lie before "
                "the opening view: drag the range slider below the chart to see them."
            )
        if n_ucdp:
            notes.append(
                f"The {n_ucdp:,} UCDP events (2014–2021) are not drawn one by one: the row "
                f"“{UCDP_LANE}” shows one dot per week, its size the number of events; clicking "
                "a dot opens that week's deadliest event."
            )
        st.caption(" ".join(notes))
        chart_ids = _chart_ids(state)

    # -- the large datasets: counts per bucket, computed in DuckDB ---------------------------
    chosen_bucket = None
    if plan.aggregate:
        names = ", ".join(labels_of_datasets.get(d, md_escape(d)) for d in plan.aggregated)
        st.subheader(f"Events per {bucket}: {names}", anchor=False)
        counts_fig = built.counts_chart(filters)
        counts_state = st.plotly_chart(
            counts_fig,
            on_select="rerun",
            selection_mode=("points",),
            key=COUNTS_KEY,
            config=pb.config_for(
                counts_fig,
                pb.file_name("event-counts", filters),
                scrollZoom=False,
                fmt=chart_format(),
            ),
        )
        st.caption(
            f"Bars: events per {bucket}, stacked by event type (colour), counted in DuckDB; "
            "hover a bar for its deaths. Click a bar to list its events below and to narrow the "
            "filters to it."
        )
        chosen_bucket = scale.clicked_bucket(_points(counts_state), bucket)
        if chosen_bucket:
            first, last, etype = chosen_bucket
            lo, hi = data.current_store().date_bounds()
            first, last = max(first, filters.start or first, lo), min(last, filters.end or last, hi)
            known = etype in vocab.EVENT_TYPES
            what = vocab.EVENT_TYPE_LABELS.get(etype, etype)
            span = format_dates(first, None if last == first else last)
            st.button(
                f"Narrow the filters to {span}" + (f", {what}" if known else ""),
                on_click=_narrow,
                args=(first, last, etype if known else None),
                key="timeline_narrow",
                help="Sets the sidebar's dates (and event type) to this bar; below "
                f"{scale.RAW_LIMIT:,} matching events they are drawn one by one.",
            )

    # -- the card: chart selection or the picker, whichever the user touched last ----------
    if chart_ids != st.session_state.get(LAST_CHART, ()):
        st.session_state[LAST_CHART] = chart_ids
        if chart_ids:
            st.session_state[PREFER] = "chart"
    # the events drawn one by one: their labels are built once per filter value (shared)
    labels = dict(built.event_labels(filters))
    pick_note = ""
    if plan.aggregate:
        bucket_filters = None
        if chosen_bucket and plan.aggregated_filters is not None:
            first, last, etype = chosen_bucket
            bucket_filters = dataclasses.replace(
                plan.aggregated_filters,
                start=max(first, filters.start or first),
                end=min(last, filters.end or last),
                event_types=(etype,),
            )
        labels = _with_labels(labels, scale.picker_events(plan, counts, bucket_filters))
        singly = "the events fetched singly and " if not events.empty else ""
        if bucket_filters:
            pick_note = (
                f"The picker lists {singly}at most {scale.PICK_LIMIT:,} events of the clicked "
                "bar (the first by date); narrow the filters to see them all."
            )
        else:
            pick_note = (
                f"The picker lists {singly}at most {scale.PICK_LIMIT:,} of the most recent of "
                f"the {plan.aggregated_count:,} counted events; click a bar to list its events "
                "instead, or narrow the filters."
            )
    linked = st.session_state.get(PICK_KEY)
    if linked and linked not in labels:
        # an event named by a link but outside the filters (or the picker's bound) is offered too
        labels = _with_labels(labels, data.events_by_id((linked,)), first=True)
    picked = st.selectbox(
        "Or pick an event",
        options=list(labels),
        format_func=lambda eid: labels.get(eid, eid),
        index=None,
        placeholder="Type to search the events by date or title",
        key=PICK_KEY,
        on_change=_picked,
    )
    if pick_note:
        st.caption(pick_note)
    prefer_chart = st.session_state.get(PREFER, "chart") == "chart"
    chosen = (chart_ids[0] if chart_ids and (prefer_chart or not picked) else picked) or None
    if chosen:
        _card(chosen)
    else:
        st.caption("Click an event in the chart, or pick one above, to see its card and source.")

# the lanes and the card in the URL, beside the filters: a copied link reopens this view
share_view(VIEW, {LANES_KEY: lane_by, PICK_KEY: chosen})

# -- troop estimates ----------------------------------------------------------------------
st.divider()
st.subheader("Russian troops near Ukraine: estimates, Nov 2021 – Feb 2022", anchor=False)
troop_fig, troop_rows = built.troops_chart()  # built once per process (shared, read-only)
c1, c2 = st.columns([1, 1])
with c1:
    st.plotly_chart(
        troop_fig,
        key="timeline_troops",
        config=pb.config_for(troop_fig, pb.file_name("troop-estimates"), fmt=chart_format()),
    )
with c2:
    st.dataframe(
        troop_rows,
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
ucdp_fig = built.ucdp_monthly_chart(ucdp_filters)  # shared per filter value, read-only
scope = "the sidebar's actor and date filters, always over the UCDP dataset"
if ucdp_fig is None:
    st.info(f"No UCDP event matches {scope}: the UCDP data covers 2014–2021.")
else:
    st.plotly_chart(
        ucdp_fig,
        key="timeline_ucdp_monthly",
        config=pb.config_for(
            ucdp_fig, pb.file_name("ucdp-deaths-per-month", ucdp_filters), fmt=chart_format()
        ),
    )
    st.caption(
        "UCDP GED 22.1, deaths in organised violence (best estimate, low–high band); not the "
        "same measure as OHCHR's 13,200–13,400. This chart uses "
        f"{scope} (event type, status and dataset filters do not apply). "
        "Data: UCDP Georeferenced Event Dataset 22.1, Uppsala Conflict Data Program, licensed "
        "CC BY 4.0 (Sundberg & Melander 2013; Davies, Pettersson & Öberg 2022)."
    )
