"""The shared frame of every page: page config, the URL-synced filter sidebar and the header.

Pages live in ``pages/`` and run in Streamlit's file-based multipage mode, so a shared link to
``/timeline?...`` runs that page directly, even as the first request of a fresh server. Every page
calls :func:`page_frame`, which draws the same sidebar. Filter values persist across page
switches through ``persist_state="session"``; the URL is seeded from once per session and
written back on every run (see ``components/url_state.py``).
"""

from __future__ import annotations

import threading
from datetime import date

import streamlit as st
from streamlit.errors import StreamlitAPIException

from components import data, heap
from components.palette import STATUS_LABELS
from components.publish import DOWNLOAD_FORMATS
from components.reconnect import rerun_after_reconnect
from components.url_state import PARAMS, FilterValues, parse_query, to_query
from components.view_state import (
    PAGE_PARAMS,
    PageView,
    drop_other_pages_params,
    page_url,
    sync_query_params,
)
from crisis import Filters, ValidationFailed, vocab

AS_OF = "as of 4 January 2022, per the founding article"
KEYS = {
    "actors": "f_actor",
    "start": "f_from",
    "end": "f_to",
    "event_types": "f_type",
    "statuses": "f_status",
    "datasets": "f_dataset",
}
SEEDED = "_filters_seeded_from_url"
NOTICES = "_url_notices"
CANONICAL = "_filters_canonical"
FORMAT_KEY = "chart_format"


PAGES: tuple[tuple[str, str, str], ...] = (
    ("dashboard.py", "Overview", ":material/dashboard:"),
    ("pages/timeline.py", "Timeline", ":material/timeline:"),
    ("pages/map.py", "Map", ":material/map:"),
    ("pages/figures.py", "Figures", ":material/bar_chart:"),
    ("pages/actors.py", "Actors", ":material/groups:"),
    ("pages/sources.py", "Sources", ":material/article:"),
    ("pages/data.py", "Data", ":material/table:"),
    ("pages/add_article.py", "Add article", ":material/post_add:"),
)


_local = threading.local()  # this run's share box (each session's script runs on its thread)


def _page_path(title: str) -> str:
    """The URL path of the page titled ``title`` ("" for the Overview, "timeline", …)."""
    for path, label, _ in PAGES:
        if label == title:
            return "" if path == "dashboard.py" else path.removeprefix("pages/")[: -len(".py")]
    return ""


def chart_format() -> str:
    """The format the charts' camera downloads (the sidebar's "Chart downloads")."""
    value = st.session_state.get(FORMAT_KEY)
    return value if value in DOWNLOAD_FORMATS else "png"


def filters_query() -> dict[str, list[str]]:
    """The current filters as URL parameters (what every link of this session carries)."""
    return to_query(_values_from_state())


def event_link(event_id: str) -> str:
    """The permalink of an event's card: the Timeline with the current filters and ``event``."""
    return page_url("timeline", {**filters_query(), "event": [str(event_id)]})


def _share_box(path: str, page_query: dict[str, list[str]]) -> None:
    box = getattr(_local, "share", None)
    if box is None:
        return
    url = page_url(path, {**filters_query(), **page_query})
    with box:
        st.markdown("**Share this view**")
        st.code(url, language=None, wrap_lines=True)
        st.caption(
            "Copy the link (button at its right): it opens this page with these filters "
            "and this view, for anyone."
        )
    _local.share = None


def share_view(view: PageView, shown: dict) -> dict[str, list[str]]:
    """Write the page's view into the URL and show the page's canonical link in the sidebar.
    Call once per run, after the page's own widgets are drawn."""
    query = view.write(shown)
    _share_box(view.page, query)
    return query


def _navigation(query: dict[str, list[str]]) -> None:
    """Links to every page that carry the current filters, so a switch keeps the view."""
    for path, label, icon in PAGES:
        try:
            st.page_link(path, label=label, icon=icon, query_params=query)
        except StreamlitAPIException:
            # the page runs outside the multipage app (e.g. a test runs one file alone)
            return


def _values_from_state() -> FilterValues:
    ss = st.session_state
    return FilterValues(
        actors=list(ss.get(KEYS["actors"], [])),
        start=ss.get(KEYS["start"]),
        end=ss.get(KEYS["end"]),
        event_types=list(ss.get(KEYS["event_types"], [])),
        statuses=list(ss.get(KEYS["statuses"], [])),
        datasets=list(ss.get(KEYS["datasets"], [])),
    )


def _write_state(values: FilterValues) -> None:
    ss = st.session_state
    ss[KEYS["actors"]] = list(values.actors)
    ss[KEYS["start"]] = values.start
    ss[KEYS["end"]] = values.end
    ss[KEYS["event_types"]] = list(values.event_types)
    ss[KEYS["statuses"]] = list(values.statuses)
    ss[KEYS["datasets"]] = list(values.datasets)


def reset_filters() -> None:
    _write_state(FilterValues())


def set_actor_filter(actor_id: str) -> None:
    """Make ``actor_id`` the only actor in the filter (used by the Actors page)."""
    st.session_state[KEYS["actors"]] = [actor_id]


def _seed_once(actor_ids: list[str], datasets: list[str]) -> None:
    ss = st.session_state
    if ss.get(SEEDED):
        return
    params = {name: st.query_params.get_all(name) for name in PARAMS}
    values, notices = parse_query(params, actor_ids, datasets)
    defaults = FilterValues()
    for attr, key in KEYS.items():
        # a value set before the first run (AppTest, or a page's own seeding) wins over defaults
        if key not in ss or getattr(values, attr) != getattr(defaults, attr):
            ss[key] = getattr(values, attr)
    ss[NOTICES] = notices
    ss[SEEDED] = True


def _restore_after_page_switch() -> None:
    """Carry the filter values into the next page's widgets.

    Seen in Chromium with streamlit 1.67: after a page switch the session state still holds the
    multiselects' values, yet the new page's widgets come up empty unless the app re-assigns the
    values before drawing them (date inputs keep theirs). So every run re-assigns each filter
    key, from the session state or, when a key was dropped, from the last values kept under a
    non-widget key. tests/browser checks that a filter survives a page switch.
    """
    ss = st.session_state
    canonical: FilterValues | None = ss.get(CANONICAL)
    if canonical is None:
        return
    for attr, key in KEYS.items():
        # re-assigning marks the value as set by the app, which the next page's widget honours
        ss[key] = ss[key] if key in ss else getattr(canonical, attr)


def _show_new_dataset(known: list[str]) -> None:
    """After an upload, add its dataset to the dataset filter (unless every dataset is shown)."""
    ss = st.session_state
    pending = ss.pop("_pending_dataset", None)
    chosen = list(ss.get(KEYS["datasets"], []))
    if pending in known and chosen and pending not in chosen:
        ss[KEYS["datasets"]] = [*chosen, pending]


def _sync_url(values: FilterValues) -> None:
    sync_query_params(PARAMS, to_query(values))


def _sidebar(bounds: tuple[date, date]) -> Filters:
    actors = data.actors()
    labels = dict(zip(actors["actor_id"], actors["label"], strict=True))
    ds = data.datasets()
    dataset_labels = dict(zip(ds["dataset"], ds["label"], strict=True))
    _seed_once(list(labels), list(dataset_labels))
    _restore_after_page_switch()
    _show_new_dataset(list(dataset_labels))
    lo, hi = bounds
    with st.sidebar:
        _navigation(to_query(_values_from_state()))
        st.divider()
        st.subheader("Filters")
        for notice in st.session_state.get(NOTICES, []):
            st.warning(notice, icon="⚠️")
        st.multiselect(
            "Actor",
            options=list(labels),
            format_func=lambda a: labels.get(a, a),
            key=KEYS["actors"],
            persist_state="session",
            placeholder="All actors",
            help="An organisation or state also matches its people and bodies "
            "(NATO finds the NATO official).",
        )
        c1, c2 = st.columns(2)
        c1.date_input(
            "From", min_value=lo, max_value=hi, key=KEYS["start"], persist_state="session"
        )
        c2.date_input("To", min_value=lo, max_value=hi, key=KEYS["end"], persist_state="session")
        st.multiselect(
            "Event type",
            options=list(vocab.EVENT_TYPES),
            format_func=lambda t: vocab.EVENT_TYPE_LABELS.get(t, t),
            key=KEYS["event_types"],
            persist_state="session",
            placeholder="All types",
        )
        st.multiselect(
            "Status (as of the source's date)",
            options=list(vocab.STATUSES),
            format_func=lambda s: STATUS_LABELS.get(s, s),
            key=KEYS["statuses"],
            persist_state="session",
            placeholder="Any status",
        )
        st.multiselect(
            "Dataset",
            options=list(dataset_labels),
            format_func=lambda d: dataset_labels.get(d, d),
            key=KEYS["datasets"],
            persist_state="session",
            placeholder="All datasets",
        )
        st.button("Reset filters", on_click=reset_filters, width="stretch")
        st.divider()
        st.segmented_control(
            "Chart downloads",
            options=list(DOWNLOAD_FORMATS),
            format_func=str.upper,
            default="png",
            required=True,
            key=FORMAT_KEY,
            persist_state="session",
            help="What the camera in a chart's toolbar downloads: a PNG image or an SVG "
            "(vector, for print). Either carries the chart's title, filters, sources and date.",
        )
        _local.share = st.container(key="share_view")
    values = _values_from_state()
    st.session_state[CANONICAL] = values
    _sync_url(values)
    return values.to_filters()


def _data_problems(problems: list) -> None:
    """Say which data file is damaged and that the rest still works (faults never stop the app)."""
    if not problems:
        return
    files = sorted({p.file for p in problems})
    st.warning(
        f"Some data could not be loaded: {', '.join(files)}. The rows and files named below are "
        "left out; everything else on every page works. Run `python -m crisis validate` for "
        "the full list.",
        icon="⚠️",
    )
    with st.expander(f"What could not be loaded ({len(problems)} problems)"):
        st.text("\n".join(str(p) for p in problems[:50]))


def page_frame(title: str, icon: str = "🗺️") -> Filters:
    """Page config, sidebar and header. Returns the filters every query of the page takes."""
    st.set_page_config(
        page_title=f"{title} · Ukraine crisis, January 2022",
        page_icon=icon,
        layout="wide",
    )
    try:
        data.get_store()
    except ValidationFailed as err:
        st.error(
            f"The bundled data did not pass validation ({len(err.problems)} problems); "
            "the dashboard cannot start. Run `python -m crisis validate` for the full list."
        )
        st.code("\n".join(str(p) for p in err.problems[:20]), language=None)
        st.stop()
    heap.freeze_long_lived(title)  # keeps Streamlit's gc after each run cheap (components/heap.py)
    _data_problems(data.get_store().problems)
    if st.session_state.pop("_overlay_expired", False):
        st.warning(
            "Your uploaded data was dropped (the server keeps a limited number of sessions' "
            "uploads); the bundled data is shown. Upload the file again on the Data page."
        )
    filters = _sidebar(data.date_bounds())
    path = _page_path(title)
    if path not in PAGE_PARAMS:  # no view of its own: the link is the filters'
        drop_other_pages_params(path)
        _share_box(path, {})
    with st.sidebar:
        rerun_after_reconnect()
    st.title(title)
    n = data.count_events(filters)
    st.caption(
        f"Russia–Ukraine crisis, {AS_OF}. "
        f"**{n:,}** {'event matches' if n == 1 else 'events match'} the filters."
    )
    return filters
