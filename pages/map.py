"""Map page: where the January 2022 diplomacy and the war in eastern Ukraine took place.

Thin: reads the filters, asks components.data for frames, hands them to the pure builders in
components/deck.py and lays the result out. The map is drawn from data/geo, so it reads the same
offline; basemap tiles are an optional extra.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from components import built, data, scale
from components import deck as dk
from components import publish as pb
from components.event_card import render_event_card
from components.map_panel import Layers, violence_caption
from components.palette import STATUS_LABELS
from components.sidebar import chart_format, event_link, page_frame, share_view
from components.text import blockquote, md_escape
from components.view_state import MANY, PageView, Param
from crisis import vocab

VIEW_LABELS = {"fit": "Fit to venues", "donbas": "Donbas close-up", "europe": "Europe"}
MAP_HEIGHT = 560
# layer name in the URL -> its toggle's key; the first five are on by default
LAYER_KEYS = {
    "areas": "map_show_areas",
    "line": "map_show_line",
    "venues": "map_show_venues",
    "arcs": "map_show_arcs",
    "troops": "map_show_troops",
    "violence": "map_show_violence",
}
DEFAULT_LAYERS = ["areas", "line", "venues", "arcs", "troops"]
LAYERS_KEY = "_map_layers"  # not a widget: the toggles' values as one list, for the URL
VENUE_KEY = "map_venue_pick"
VIEW = PageView(
    "map",
    [
        Param("view", "map_view", default="fit", what="map view"),
        Param("layers", LAYERS_KEY, MANY, default=DEFAULT_LAYERS, what="map layer"),
        Param("basemap", "map_basemap", "flag", default=False, what="basemap setting"),
        Param("venue", VENUE_KEY, default=None, what="venue"),
    ],
)

filters = page_frame("Map", icon="🗺️")
ss = st.session_state
if VIEW.seed(
    {
        "view": list(VIEW_LABELS),
        "layers": list(LAYER_KEYS),
        "venue": set(data.locations()["location_id"]),
    }
):
    for name, key in LAYER_KEYS.items():
        ss[key] = name in ss[LAYERS_KEY]
for name, key in LAYER_KEYS.items():  # a toggle's value lives in the session state only
    ss.setdefault(key, name in DEFAULT_LAYERS)
ss.setdefault("map_view", "fit")
ss.setdefault("map_basemap", False)
VIEW.show_notices()


# -- controls ---------------------------------------------------------------------------------

top = st.columns([3, 5], vertical_alignment="bottom")
choice = top[0].segmented_control(
    "View",
    list(VIEW_LABELS),
    format_func=VIEW_LABELS.get,
    required=True,
    key="map_view",
    help="“Fit to venues” zooms to the venues of the filtered events: Europe-wide when "
    "Geneva, Brussels or Vienna are among them, the Donbas close-up otherwise.",
)
basemap = top[1].toggle(
    "Basemap tiles (online)",
    key="map_basemap",
    help="Carto tiles under the layers; they need a network connection. Without them the map "
    "is drawn from the bundled Natural Earth geometry alone.",
)
row = st.container(horizontal=True, gap="medium")
show_areas = row.toggle(
    "Crimea & Donbas",
    key="map_show_areas",
    help="Crimea and the separatist-held areas of Donetsk and Luhansk (Natural Earth).",
)
show_line = row.toggle(
    "Line of contact", key="map_show_line", help="Approximate (Natural Earth 2017)."
)
show_venues = row.toggle("Venues", key="map_show_venues", help="Places of the filtered events.")
show_arcs = row.toggle(
    "Arcs",
    key="map_show_arcs",
    help="From each participant's capital or seat to the venue, coloured by side.",
)
show_troops = row.toggle(
    "Troops",
    key="map_show_troops",
    help="The founding article's figure for the Russian buildup near Ukraine's borders.",
)
show_violence = row.toggle(
    "Violence events",
    key="map_show_violence",
    help="Events of UCDP GED 22.1 (organised violence 2014–2021) and of imported datasets: "
    f"drawn one by one up to {scale.RAW_LIMIT:,} events, counted in grid cells (in DuckDB) "
    "above that; colour = deaths. Uses your actor and date filters over the datasets other "
    "than the founding article's.",
)

# -- frames -------------------------------------------------------------------------------------

frames, deck = built.map_chart(
    filters,
    choice if choice in VIEW_LABELS else "fit",
    Layers(show_areas, show_line, show_venues, show_arcs, show_troops, show_violence),
    basemap=basemap,
)
venue_counts, venues, violence = frames.venue_counts, frames.venues, frames.violence
locations = data.locations()

state = st.pydeck_chart(
    deck,
    on_select="rerun",
    selection_mode="single-object",
    key="map",
    height=MAP_HEIGHT,
    width="stretch",
    alt="Map of the venues of the filtered events, the arcs from the participants' capitals, "
    "Crimea, the separatist-held areas of Donetsk and Luhansk and the line of contact.",
)

# -- captions: what is drawn, with its caveats and credits ------------------------------------

if venue_counts.empty:
    hint = "" if show_violence else " Switch on “Violence events” to see where the fighting was."
    st.info(
        "No venue to show: none of the filtered events of the founding article has a place "
        "(calls, statements and virtual meetings have none; UCDP and imported events appear "
        "only in the violence layer)." + hint,
        icon="ℹ️",
    )
notes = [
    "Dots: venues of the filtered events, sized by number of events; labels give the count. "
    "Arcs run from each participant's home location (capital or seat) to the venue, coloured by "
    "side: blue Ukraine, red Russia and Russia-backed, green US, EU, NATO and allies, yellow "
    "multilateral forums. **Coordinates of venues and capitals are added context**, not stated "
    "in the article (hover a dot or arc for the note).",
    "Line of contact (dark magenta): approximate, Natural Earth 2017 digitisation, a median "
    "3 km off a 2022 trace and on the wrong side for Svitlodarsk and Popasna. Crimea (brown "
    "outline): annexed by Russia in 2014, internationally recognised as part of Ukraine; "
    "Natural Earth's country layer draws it inside Russia, so it is drawn on top. Pink area: "
    "separatist-held parts of Donetsk and Luhansk (approximate). The orange ring marks the "
    "troop figure at a symbolic point on the border (added context: the article does not say "
    "where the troops are).",
]
if show_violence:
    notes.append(violence_caption(violence, scale.dataset_labels()))
notes.append(
    "Made with Natural Earth (public domain)."
    + (" Basemap tiles © CARTO, © OpenStreetMap contributors." if basemap else "")
)
for note in notes:
    st.caption(note)

# -- a static version for publishing (title, filters, sources, date, Natural Earth) ------------
if st.toggle(
    "Static map for publishing",
    value=False,
    key="map_export",
    help="The same view and layers (without arcs and violence events) as a chart with its "
    "title, filters, sources, date and “Made with Natural Earth”: the camera in its toolbar "
    "downloads a PNG; the HTML file works offline and its camera downloads an SVG.",
):
    export = built.map_export(
        filters,
        choice if choice in VIEW_LABELS else "fit",
        Layers(show_areas, show_line, show_venues, False, show_troops, False),
    )
    export_name = pb.file_name("map", filters)
    st.plotly_chart(
        export,
        key="map_static",
        config=pb.config_for(export, export_name, scrollZoom=False, fmt=chart_format()),
    )
    st.download_button(
        "Download as HTML (offline, SVG camera)",
        data=lambda: pb.export_html(export, export_name),
        file_name=f"{export_name}.html",
        mime="text/html",
        icon=":material/download:",
        key="map_static_html",
    )

# -- a venue's events: from the map selection, or the picker -----------------------------------


def _selected_object(selection_state: Any) -> tuple[str | None, dict | None]:
    try:
        objects = selection_state.selection.objects or {}
    except AttributeError:
        return None, None
    for layer_id, objs in objects.items():
        if objs:
            return layer_id, objs[0]
    return None, None


def _event_card(event_id: str) -> None:
    event = data.current_store().event(event_id)
    if event is None:
        st.warning("That event is not in the data any more.")
        return
    srcs = data.sources()
    src = srcs[srcs["source_id"] == event.get("source_id")]
    render_event_card(
        event,
        data.event_actors((event_id,)),
        None,
        None if src.empty else src.iloc[0].to_dict(),
        permalink=event_link(event_id),
    )


layer_id, obj = _selected_object(state)
venue_id: str | None = None
if (
    obj
    and layer_id in (dk.VENUES, dk.ARCS)
    and obj.get("location_id") in set(venues["location_id"])
):
    venue_id = obj["location_id"]
    st.caption("Selected on the map; click an empty part of the map to clear the selection.")
elif obj and layer_id == dk.VIOLENCE_POINTS and obj.get("event_id"):
    _event_card(str(obj["event_id"]))
elif obj:
    st.text(str(obj.get("tooltip", "")))
    st.caption("Click a venue dot to list its events.")

shown_venues = set(venues["location_id"])
linked = ss.get(VENUE_KEY)
if linked is not None and linked not in shown_venues:
    ss[VENUE_KEY] = None
    locs = locations.set_index("location_id")
    name = str(locs.loc[linked, "name"]) if linked in locs.index else linked
    st.info(
        f"The linked venue ({md_escape(name)}) has no event in the current filters; "
        "widen the filters to list its events.",
        icon="ℹ️",
    )
if venue_id is None and not venues.empty:
    labels = dict(zip(venues["location_id"], venues["label"], strict=True))
    venue_id = st.selectbox(
        "Or pick a venue",
        options=list(labels),
        format_func=lambda v: labels.get(v, v),
        index=None,
        placeholder="Choose a venue to list its events",
        key=VENUE_KEY,
    )

if venue_id is not None:
    row = venues[venues["location_id"] == venue_id].iloc[0]
    loc = locations[locations["location_id"] == venue_id]
    st.subheader(md_escape(row["name"]))
    curated = scale.restrict(filters, scale.CURATED)
    events = data.events_head(curated, scale.RAW_LIMIT) if curated is not None else pd.DataFrame()
    here = events[events["location_id"] == venue_id] if not events.empty else events
    table = pd.DataFrame(
        {
            "Date": pd.to_datetime(here["start_date"]).dt.date,
            "Until": pd.to_datetime(here["end_date"]).dt.date,
            "Title": here["title"],
            "Status": here["status"].map(lambda s: STATUS_LABELS.get(s, s)),
            "Type": here["event_type"].map(lambda t: vocab.EVENT_TYPE_LABELS.get(t, t)),
            "event_id": here["event_id"],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    if not loc.empty:
        place = loc.iloc[0]
        if bool(place["stated_in_source"]) and isinstance(place.get("quote"), str):
            st.markdown(blockquote(place["quote"]))
            st.caption("— founding article, 4 January 2022 (names the place)")
        if isinstance(place.get("note"), str) and place["note"]:
            prefix = (
                "venue is added context"
                if not bool(place["stated_in_source"])
                else ("added context")
            )
            st.caption(f"{prefix}: {md_escape(place['note'])}")

# the view, the layers and the venue in the URL, beside the filters
share_view(
    VIEW,
    {
        "map_view": choice,
        LAYERS_KEY: [name for name, key in LAYER_KEYS.items() if ss.get(key)],
        "map_basemap": basemap,
        VENUE_KEY: venue_id,
    },
)
