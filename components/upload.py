"""The upload panel of the Data page: a user's ACLED, UCDP GED or native events file.

An upload lives in the uploader's session only: it is imported into the session's overlay
(``components.data.session_overlay``), never into the shared store. The import is all or
nothing, so a failed upload leaves what the session had loaded as it was.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from components import data
from components.tables import to_csv_bytes
from components.text import md_escape

FORMATS = {
    "acled": "ACLED export",
    "ucdp": "UCDP GED (official or HDX)",
    "native": "This dashboard's events CSV",
}
MAX_UPLOAD_MB = 200  # keep in step with .streamlit/config.toml server.maxUploadSize
MAX_UPLOAD_ROWS = 2_000_000  # rows in one upload (larger sets: the CLI and CRISIS_DB)


def upload_panel() -> None:
    """Draw the uploader; import on request and report what happened."""
    has_own = data.store_key() != data.BASE
    with st.expander(
        "Add your own events: ACLED, UCDP GED or this dashboard's CSV", expanded=False
    ):
        st.caption(
            f"CSV files up to {MAX_UPLOAD_MB} MB and {MAX_UPLOAD_ROWS:,} rows. Your file is "
            "imported for your session only: other visitors never see it, and it is gone "
            "when the server drops your session. "
            "Rows that cannot be read are set aside and offered for download; the rest is "
            "imported. A file that cannot be imported at all changes nothing."
        )
        c1, c2 = st.columns([2, 3])
        fmt = c1.radio(
            "Format", list(FORMATS), format_func=FORMATS.get, key="upload_format", horizontal=False
        )
        name = c2.text_input(
            "Dataset name (optional)",
            key="upload_dataset",
            max_chars=40,
            help="Letters, digits, dots, hyphens and underscores (lower-cased); defaults to the "
            "format and the file name.",
        )
        upload = c2.file_uploader("CSV file", type=["csv", "txt"], key="upload_file")
        if upload is not None and st.button("Import", key="upload_go", type="primary"):
            _import(upload, fmt, name.strip() or None)
        if has_own:
            st.button(
                "Remove my uploaded datasets",
                key="upload_drop",
                on_click=data.drop_session_overlay,
                help="Back to the bundled data only.",
            )
    result = st.session_state.get("_upload_result")
    if result:
        _show_result(result)


def _import(upload, fmt: str, dataset: str | None) -> None:
    from crisis.importers import ImportFailed

    st.session_state.pop("_upload_result", None)
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        st.error(f"{upload.name}: {upload.size / 1e6:.0f} MB is over the {MAX_UPLOAD_MB} MB limit.")
        return
    bar = st.progress(0.0, text="Reading the file…")

    def progress(share: float, step: str) -> None:
        bar.progress(min(max(share, 0.0), 1.0), text=f"Importing {upload.name}: {step}")

    with tempfile.TemporaryDirectory() as tmp:
        # the original name (without any folder part) keeps messages about the user's file
        path = Path(tmp) / Path(upload.name).name
        path.write_bytes(upload.getbuffer())
        overlay = data.session_overlay()
        try:
            report = overlay.import_file(
                path, fmt, dataset=dataset, progress=progress, max_rows=MAX_UPLOAD_ROWS
            )
        except ImportFailed as err:
            bar.empty()
            st.session_state["_upload_result"] = {
                "ok": False,
                "file": upload.name,
                "problems": [str(p) for p in err.problems],
            }
            return
    bar.empty()
    data.overlay_changed()
    st.session_state["_pending_dataset"] = report.dataset  # shown at once (see sidebar)
    rejects = getattr(report, "rejects", None)
    st.session_state["_upload_result"] = {
        "ok": True,
        "file": upload.name,
        "summary": report.summary(),
        "dataset": report.dataset,
        "rejected": int(report.rows_rejected),
        "reasons": dict(report.reasons),
        "rejects_csv": to_csv_bytes(rejects) if rejects is not None and len(rejects) else None,
    }
    st.rerun()


def _show_result(result: dict) -> None:
    if not result["ok"]:
        st.error(
            f"{md_escape(result['file'])} was not imported; nothing you had loaded changed.",
            icon="🚫",
        )
        for problem in result["problems"]:
            st.text(problem)
        return
    st.success(md_escape(result["summary"]), icon="✅")
    st.caption(
        # a code span shows its text literally (no markdown escapes inside it); the name matches
        # crisis.importers.DATASET_RE ([a-z0-9._-]), so it cannot hold a backtick
        f"Dataset `{result['dataset']}` is now in the sidebar's Dataset filter and on "
        "every page, for your session."
    )
    if result["rejected"]:
        reasons = "; ".join(f"{n:,} × {r}" for r, n in result["reasons"].items())
        st.warning(
            f"{result['rejected']:,} rows were rejected and not imported: {md_escape(reasons)}.",
            icon="⚠️",
        )
        if result["rejects_csv"]:
            st.download_button(
                "Download the rejected rows (CSV)",
                data=result["rejects_csv"],
                file_name=f"{Path(result['file']).stem}.rejected.csv",
                mime="text/csv",
                key="upload_rejects",
                on_click="ignore",
            )
