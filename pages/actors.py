"""Actors: who met or spoke with whom in the filtered events, and each actor's record.

Clicking a node, or choosing an actor and pressing the button, makes that actor the dashboard's
actor filter (through ``set_actor_filter``, in a callback, so the sidebar widget is updated
before it is drawn).
"""

import dataclasses

import pandas as pd
import streamlit as st

from components import built, data
from components import publish as pb
from components.network import ancestors, descendants, network_figure
from components.palette import SIDE_LABELS, STATUS_LABELS
from components.sidebar import chart_format, event_link, page_frame, set_actor_filter, share_view
from components.text import blockquote, md_escape
from components.view_state import PageView, Param
from crisis import vocab

CHART_KEY = "actor_network"
PICK_KEY = "actor_pick"

VIEW = PageView("actors", [Param("profile", PICK_KEY, default=None, what="actor")])

filters = page_frame("Actors")

all_actors = data.actors()
VIEW.seed({"profile": set(all_actors["actor_id"])})
VIEW.show_notices()
by_id = all_actors.set_index("actor_id")
stats = data.actor_stats(filters)
pairs = data.interactions(filters)
n_events = data.count_events(filters)
# titles for the edge hovers: the events the pairs name (bounded: at most 20 per pair)
pair_ids = tuple(sorted({e for ids in pairs["event_ids"] for e in ids}))[:5_000]
events = data.events_by_id(pair_ids)
titles = dict(zip(events["event_id"], events["title"], strict=True))
node_ids = set(stats["actor_id"])


def _filter_from_chart() -> None:
    """Node click -> actor filter (edges and empty selections are ignored)."""
    state = st.session_state.get(CHART_KEY)
    points = state.selection.points if state is not None else []
    for point in points:
        custom = point.get("customdata") or []
        if custom and custom[0] in node_ids:
            set_actor_filter(custom[0])
            st.session_state[PICK_KEY] = custom[0]
            return


st.subheader("Who met or spoke with whom")
if stats.empty:
    st.info("No event matches the filters, so there is no actor to show. Widen the filters.")
    share_view(VIEW, {PICK_KEY: st.session_state.get(PICK_KEY)})  # keep the linked actor
    st.stop()

st.caption(
    f"{len(stats):,} actors in {n_events:,} events; {len(pairs):,} pairs took part together "
    "(as participant, organiser or speaker) in at least one event. Node size: number of events; "
    "line width: number of shared events (hover a line's middle for the list). Colour: side — "
    "our analytical grouping, not the sources'. Click a node to filter the dashboard by it."
)
current = st.session_state.get("f_actor") or []
drawn = events if not events.empty else data.events_head(filters, 1_000)
network_card = built.card("Who met or spoke with whom", "actors", drawn, filters)
network_fig = pb.publish_layout(
    network_figure(stats, pairs, titles, highlight=current[0] if len(current) == 1 else None),
    network_card,
    below_plot=75,  # the side legend under the network
)
st.plotly_chart(
    network_fig,
    width="stretch",
    key=CHART_KEY,
    on_select=_filter_from_chart,
    selection_mode=("points",),
    config=pb.config_for(network_fig, network_card.filename, fmt=chart_format()),
)

# -- one actor ------------------------------------------------------------------------------------
st.subheader("An actor")
options = list(stats["actor_id"])
default_pick = current[0] if current and current[0] in options else options[0]
linked = st.session_state.get(PICK_KEY)
if linked is not None and linked not in options and linked in by_id.index:
    st.info(
        f"The linked actor ({md_escape(str(by_id.loc[linked, 'label']))}) takes part in no "
        "event of the current filters; widen the filters to see them.",
        icon="ℹ️",
    )
if st.session_state.get(PICK_KEY) not in options:
    st.session_state[PICK_KEY] = default_pick
labels = dict(zip(stats["actor_id"], stats["label"], strict=True))
left, right = st.columns([3, 2], vertical_alignment="bottom")
chosen = left.selectbox("Actor", options, format_func=lambda a: labels.get(a, a), key=PICK_KEY)
right.button(
    "Filter the dashboard by this actor",
    on_click=set_actor_filter,
    args=(chosen,),
    type="primary",
    icon=":material/filter_alt:",
    disabled=current == [chosen],
    width="stretch",
)

actor = by_id.loc[chosen]


def _name(actor_id: str) -> str:
    return str(by_id.loc[actor_id, "label"]) if actor_id in by_id.index else actor_id


def _text(value: object) -> str | None:
    return None if pd.isna(value) or str(value).strip() == "" else str(value)


row = stats.set_index("actor_id").loc[chosen]
facts = [
    f"**Kind:** {md_escape(actor['kind'])}",
    f"**Side (our grouping):** {md_escape(SIDE_LABELS.get(actor['side'], actor['side']))}",
    f"**Events matching the filters:** {int(row['events']):,} "
    f"({md_escape(str(row['first_seen'])[:10])} to "
    f"{md_escape(str(row['last_seen'])[:10])})",
]
if _text(actor["title"]):
    facts.append(f"**Title, as the article words it:** {md_escape(actor['title'])}")
if _text(actor["aliases"]):
    aliases = [a.strip() for a in str(actor["aliases"]).split(";") if a.strip()]
    facts.append("**Also called:** " + ", ".join(f"“{md_escape(a)}”" for a in aliases))
st.markdown("  \n".join(facts))

# the member/affiliate rule of the actor filter
parents = ancestors(all_actors, chosen)
members = descendants(all_actors, chosen)
rule = []
if members:
    listed = ", ".join(md_escape(_name(m)) for m in members)
    rule.append(
        f"Filtering by **{md_escape(_name(chosen))}** also finds the events of its "
        f"members and affiliates: {listed}."
    )
if parents:
    chain = " and ".join(f"**{md_escape(_name(p))}**" for p in parents)
    rule.append(
        f"**{md_escape(_name(chosen))}** belongs to {chain}: filtering by "
        f"{'it' if len(parents) == 1 else 'any of them'} also finds this actor's events."
    )
if rule:
    st.info("  \n".join(rule), icon=":material/account_tree:")
else:
    st.caption("This actor has no members or parent in the data: the filter finds its own events.")

source_id = _text(actor["source_id"])
quote = _text(actor["quote"])
if quote:
    citation = (
        "founding article, 4 January 2022"
        if source_id == "founding-article"
        else f"source {md_escape(source_id)}"
    )
    st.markdown(f"{blockquote(quote)}\n\n— {citation}")
elif source_id == "ucdp-ged-22.1":
    st.caption("A side name in the UCDP GED dataset (no quote: the dataset codes the events).")
if _text(actor["note"]):
    st.caption("Added context: " + md_escape(actor["note"]))

# the actor's events under the other filters, each linked to its card on the Timeline
mine = data.events_head(dataclasses.replace(filters, actors=(chosen,)), 500)
if not mine.empty:
    st.markdown(f"**Events of {md_escape(_name(chosen))} in the filters** ({len(mine):,}):")
    st.dataframe(
        pd.DataFrame(
            {
                "Date": pd.to_datetime(mine["start_date"]).dt.date,
                "Event": mine["title"],
                "Type": mine["event_type"].map(lambda t: vocab.EVENT_TYPE_LABELS.get(t, t)),
                "Status": mine["status"].map(lambda v: STATUS_LABELS.get(v, v)),
                "Card": [event_link(e) for e in mine["event_id"]],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={"Card": st.column_config.LinkColumn("Card", display_text="open card")},
        key="actor_events",
    )

# -- table ----------------------------------------------------------------------------------------
st.subheader("Actors of the filtered events")
table = stats.assign(side_label=stats["side"].map(lambda s: SIDE_LABELS.get(s, s)))[
    ["actor_id", "label", "kind", "side_label", "events", "first_seen", "last_seen"]
]
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "actor_id": st.column_config.TextColumn("actor_id"),
        "side_label": st.column_config.TextColumn("side (our grouping)"),
        "events": st.column_config.NumberColumn("events", format="%d"),
        "first_seen": st.column_config.DateColumn("first seen", format="D MMM YYYY"),
        "last_seen": st.column_config.DateColumn("last seen", format="D MMM YYYY"),
    },
    key="actor_table",
)

# the chosen actor in the URL, beside the filters (left out when it is the page's default)
share_view(VIEW, {PICK_KEY: None if chosen == default_pick else chosen})
