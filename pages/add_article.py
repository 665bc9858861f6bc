"""Add article: propose events, figures, places and actors from a news article; add the ones a
person accepts to the session's data, with the article as a new source."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import review
from components.sidebar import page_frame
from components.text import md_escape
from crisis.extract import MAX_CHARS, SUGGEST_AT, ExtractionError
from crisis.extract.rows import DATASET, TABLE_ORDER, to_csv_text, to_zip

filters = page_frame("Add article")

st.caption(
    "Paste tomorrow's article (or upload it as a .txt file), give its publication date and press "
    "Extract. The extractor proposes events, troop and casualty figures, places and new actors, "
    "each with the sentence it comes from and a confidence. Nothing is added until you tick "
    "rows and press **Add accepted rows**; what you add lives in your session only, with the "
    "article as a new source, and can be downloaded in the layout of the data folder."
)


def _load_upload() -> None:
    upload = st.session_state.get("article_file")
    if upload is None:
        return
    raw = upload.getvalue()
    try:
        st.session_state["article_text"] = raw.decode("utf-8-sig")
        st.session_state.pop("_article_upload_error", None)
    except UnicodeDecodeError:
        st.session_state["_article_upload_error"] = (
            f"{upload.name} is not UTF-8 text; save the article as plain text (UTF-8) and "
            "upload it again."
        )


left, right = st.columns([3, 1])
with left:
    text = st.text_area(
        "Article text",
        key="article_text",
        height=240,
        placeholder="Paste the article's text here…",
        help=f"Plain English news text, up to {MAX_CHARS:,} characters.",
    )
with right:
    published = st.date_input(
        "Publication date",
        value=None,
        key="article_published",
        min_value=date(1990, 1, 1),
        max_value=date(2100, 12, 31),
        help="Dates such as 'January 4', 'on Monday' or 'yesterday' are resolved against it.",
    )
    st.file_uploader(
        "…or upload a .txt file",
        type=["txt"],
        key="article_file",
        on_change=_load_upload,
        help="UTF-8 plain text; its content replaces the text box.",
    )
    with st.expander("Source details (optional)"):
        src_title = st.text_input("Title", key="article_title", max_chars=300)
        src_outlet = st.text_input("Outlet", key="article_outlet", max_chars=200)
        src_url = st.text_input("URL", key="article_url", max_chars=500, help="http(s)://…")

if error := st.session_state.get("_article_upload_error"):
    st.error(md_escape(error), icon="🚫")

if st.button("Extract", type="primary", key="article_extract"):
    if not (text or "").strip():
        st.warning("Paste an article (or upload a .txt file) first.", icon="⚠️")
    elif published is None:
        st.warning("Give the article's publication date first.", icon="⚠️")
    else:
        try:
            with st.spinner("Reading the article…"):
                review.store_candidates(review.run_extraction(text, published))
            st.session_state.pop(review.ADDED, None)
        except ExtractionError as err:
            st.session_state.pop(review.STATE, None)
            st.error(md_escape(str(err)), icon="🚫")

added = st.session_state.get(review.ADDED)
if added:
    counts = ", ".join(f"{name.replace('_', ' ')}: {n}" for name, n in added["counts"].items())
    st.success(
        f"Added to your session's data: {md_escape(counts)}. Source "
        f"`{added['source_id']}`; the events are in the dataset `{DATASET}`, now "
        "shown on every page (see the sidebar's Dataset filter).",
        icon="✅",
    )

state = st.session_state.get(review.STATE)
if state:
    for message in state["messages"]:
        st.info(md_escape(message), icon="ℹ️")
    frames = state["frames"]
    found = {name: len(frames[name]) for name in review.TABLES}
    st.subheader("Candidates")
    st.caption(
        f"From {state['sentences']} sentences published {state['published'].isoformat()}: "
        f"{found['events']} events, {found['figures']} figures, {found['locations']} places, "
        f"{found['actors']} new actors. Tick **Accept** on the rows to add; edit any cell. "
        "Dates the text does not state, coordinates and notes are added context (see each "
        "row's note)."
    )
    b1, b2, _ = st.columns([1.4, 1, 3])
    b1.button(
        f"Accept suggested (confidence ≥ {SUGGEST_AT:.1f})",
        key="article_tick",
        on_click=review.set_ticks,
        args=("suggested",),
    )
    b2.button("Untick all", key="article_untick", on_click=review.set_ticks, args=("none",))

    edited = {}
    for name in review.TABLES:
        frame = frames[name]
        st.markdown(f"**{review.TABLE_TITLES[name]}** ({len(frame)})")
        if frame.empty:
            st.caption("None found.")
            edited[name] = frame
            continue
        edited[name] = st.data_editor(
            frame,
            key=review.editor_key(name),
            column_config=review.column_config(name),
            column_order=review.COLUMN_ORDER[name],
            hide_index=True,
            num_rows="fixed",
            width="stretch",
        )

    rows = review.reviewed_rows(edited, src_title, src_outlet, src_url)
    n_accepted = sum(len(review.accepted(edited[name])) for name in review.TABLES)
    if st.button("Add accepted rows", type="primary", key="article_add", disabled=n_accepted == 0):
        if rows.ok:
            try:
                review.add_to_session(rows)
            except Exception as err:  # the overlay rolled back: nothing was added
                st.error(f"Nothing was added: {md_escape(str(err))}", icon="🚫")
            else:
                st.rerun()
        else:
            st.error(
                f"Nothing was added: {len(rows.problems)} problem(s) to fix in the tables above.",
                icon="🚫",
            )
            for problem in rows.problems:
                st.text(problem)
    if n_accepted == 0:
        st.caption("No row is ticked yet.")

    with st.expander("Download accepted rows (data/*.csv layout)"):
        if n_accepted and rows.ok:
            st.caption(
                "Append each CSV's rows to the file of the same name in `data/`, and save the "
                f"article as `data/sources/{rows.source_id}.txt` (both are in the "
                "zip). Then run `python -m crisis validate`."
            )
            st.download_button(
                "All tables and the article (.zip)",
                data=to_zip(rows),
                file_name=f"{rows.source_id}.zip",
                mime="application/zip",
                key="article_zip",
                on_click="ignore",
            )
            cols = st.columns(4)
            shown = [t for t in TABLE_ORDER if len(rows.csv.get(t, []))]
            for i, table in enumerate(shown):
                cols[i % 4].download_button(
                    f"{table}.csv ({len(rows.csv[table])})",
                    data=to_csv_text(rows.csv[table]).encode("utf-8"),
                    file_name=f"{table}.csv",
                    mime="text/csv",
                    key=f"article_csv_{table}",
                    on_click="ignore",
                )
        elif n_accepted:
            st.caption(
                f"{len(rows.problems)} problem(s) to fix first; press Add accepted rows to list "
                "them."
            )
        else:
            st.caption("Tick rows to download them.")
