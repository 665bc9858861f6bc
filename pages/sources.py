"""Sources: each source document with the passages the tables quote highlighted.

Every highlight is numbered and listed with the rows it backs. The text is rendered with
``st.html`` from a string in which every piece of data went through ``html.escape``
(``components.provenance.render_html``, via ``components.text.html_text``); URLs are shown as
text, never as links.
"""

import pandas as pd
import streamlit as st

from components import data
from components.provenance import (
    build_highlights,
    bullet,
    highlight_rows,
    render_html,
    sentence_coverage,
)
from components.sidebar import page_frame, share_view
from components.tables import format_date
from components.text import blockquote, is_missing, md_escape
from components.view_state import PageView, Param

FOUNDING = "founding-article"
UCDP = "ucdp-ged-22.1"
PICK_KEY = "source_pick"
KIND_LABELS = {
    "news_article": "news article (whole text kept)",
    "web_page_quote": "web page (only the quoted passages kept)",
    "dataset": "dataset (its description is the text)",
}

VIEW = PageView("sources", [Param("source", PICK_KEY, default=FOUNDING, what="source")])

filters = page_frame("Sources")
VIEW.seed({"source": set(data.sources()["source_id"])})
VIEW.show_notices()
st.caption(
    "Sources are shown whole; the sidebar filters do not apply here. Highlighted passages are "
    "the verbatim quotes the tables rest on; the numbers link each passage to its rows."
)

sources = data.sources()
meta = sources.set_index("source_id")


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _highlights(key: str, source_id: str) -> tuple[str, list, list, tuple[int, int]]:
    store = data.store_for(key)
    text = store.source_text(source_id) or ""
    quotes = store.quotes(source_id)
    rows = list(quotes[["table_name", "row_id", "label", "quote"]].itertuples(index=False))
    highlights, missing = build_highlights(text, [tuple(r) for r in rows])
    coverage = sentence_coverage(text, [(h.start, h.end) for h in highlights])
    return text, highlights, missing, coverage


def _label(source_id: str) -> str:
    row = meta.loc[source_id]
    if source_id == FOUNDING:
        return "Founding article (4 Jan 2022)"
    name = row["title"] if isinstance(row["title"], str) else row["outlet"]
    when = format_date(row["published"])
    return f"{source_id} · {name}" + (f" ({when})" if when else "")


# -- the founding article's coverage -----------------------------------------------------------
_, _, _, (used, total) = _highlights(data.store_key(), FOUNDING)
c1, c2 = st.columns(2)
c1.metric(
    "Founding article: sentences the tables use",
    f"{used / total:.0%}" if total else "–",
    help="Sentences that overlap at least one quote of a table row, out of all sentences of the "
    "article (a new line or a full stop before a capital ends a sentence; “U.S.” does not).",
)
c1.caption(f"{used} of {total} sentences")
c2.metric("Source documents", f"{len(sources):,}")

# -- one source -----------------------------------------------------------------------------------
options = list(sources["source_id"])
if st.session_state.get(PICK_KEY) not in options:
    st.session_state[PICK_KEY] = FOUNDING if FOUNDING in options else options[0]
chosen = st.selectbox("Source", options, format_func=_label, key=PICK_KEY)
row = meta.loc[chosen]
text, highlights, missing, (s_used, s_total) = _highlights(data.store_key(), chosen)


def _value(v: object) -> str:
    return "not stated" if is_missing(v) else str(v)


left, right = st.columns([3, 2])
with left:
    st.markdown(
        "  \n".join(
            [
                f"**Title:** {md_escape(_value(row['title']))}",
                f"**Outlet:** {md_escape(_value(row['outlet']))}",
                f"**Published:** {md_escape(format_date(row['published']) or 'not stated')}",
                f"**Kind:** {md_escape(KIND_LABELS.get(row['kind'], row['kind']))}",
            ]
        )
    )
    st.markdown("**URL** (shown as text, not a link):")
    st.code(_value(row["url"]), language=None, wrap_lines=True)
with right:
    rows_backed = sum(len(h.rows) for h in highlights)
    st.metric("Quoted passages", f"{len(highlights):,}")
    st.caption(
        f"backing {rows_backed:,} table rows; {s_used} of {s_total} sentences of this text are "
        "quoted"
    )
if isinstance(row["note"], str) and row["note"]:
    st.caption("Note: " + md_escape(row["note"]))

st.subheader("Text")
if chosen == UCDP:
    st.caption(
        "The UCDP events are imported from the bundled dataset, not quoted: this text is the "
        "dataset's description (data/ucdp/SOURCES.md), shown as written."
    )
with st.container(border=True):
    st.html(render_html(text, highlights))

if missing:
    st.warning(
        f"{len(missing)} rows quote this source but their quote was not found in the text: "
        + ", ".join(md_escape(f"{m.table}/{m.row_id}") for m in missing)
    )

st.subheader("Highlights and the rows they back")
if highlights:
    st.dataframe(
        pd.DataFrame(highlight_rows(highlights)),
        hide_index=True,
        width="stretch",
        column_config={
            "highlight": st.column_config.TextColumn("highlight", width="small"),
            "table": st.column_config.TextColumn("table", width="small"),
            "row_id": st.column_config.TextColumn("row id"),
            "label": st.column_config.TextColumn("label / subject", width="large"),
        },
        key="highlight_rows",
    )
else:
    st.caption("No table row quotes this source.")

# -- the bundled dataset ----------------------------------------------------------------------
st.subheader("Bundled dataset: UCDP GED 22.1")
if UCDP in meta.index:
    ucdp = meta.loc[UCDP]
    st.markdown(f"**{md_escape(_value(ucdp['title']))}** — {md_escape(_value(ucdp['outlet']))}")
    citation = bullet(_highlights(data.store_key(), UCDP)[0], "Licence:")
    if citation:
        st.markdown("**Licence and citation**, as the dataset's description states them:")
        st.markdown(blockquote(citation) + "\n\n— data/ucdp/SOURCES.md")
    st.caption("Note: " + md_escape(_value(ucdp["note"])))
    st.markdown("**URL** (shown as text, not a link):")
    st.code(_value(ucdp["url"]), language=None, wrap_lines=True)

# the chosen source in the URL, beside the filters
share_view(VIEW, {PICK_KEY: chosen})
