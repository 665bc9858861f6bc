"""Streamlit-facing parts of the "Add article" page: the extractor's candidates in editable
tables, the ticks, and writing the accepted rows into the session's overlay.

The extraction and the row building are UI-free (``crisis.extract``, ``crisis.extract.rows``);
this module keeps the page's state: the candidate tables (with an ``accept`` column), their
editors' keys, and the last result. Text from the article is only ever shown by tables and
``st.text`` (literally), never as markdown or HTML.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from components import data
from crisis import vocab
from crisis.extract import SUGGEST_AT, Extraction, Gazetteer, default_gazetteer, extract
from crisis.extract.rows import DATASET, ReviewedRows, build_rows
from crisis.loader import DATA_DIR

STATE = "_article_extraction"  # the candidates of the last extraction
ADDED = "_article_added"  # what the last "Add accepted rows" added
TABLES = ("events", "figures", "locations", "actors")
TABLE_TITLES = {
    "events": "Events",
    "figures": "Figures (troops and casualties)",
    "locations": "Locations",
    "actors": "New actors",
}
UNITS = ["troops", "personnel", "people killed", "civilians killed", "people wounded"]

_DATE = r"^\d{4}-\d{2}-\d{2}$"
_OPTIONAL_DATE = r"^(\d{4}-\d{2}-\d{2})?$"


@st.cache_resource(show_spinner="Loading the gazetteer…")
def gazetteer() -> Gazetteer:
    """The gazetteer (locations.csv, Natural Earth, GeoNames cities), once per process."""
    return default_gazetteer(DATA_DIR)


def run_extraction(text: str, published: date) -> Extraction:
    """Extract with the session's known actors (the bundled ones and any the session added)."""
    actors = data.actors()[["actor_id", "name", "aliases", "kind", "parent_actor_id"]]
    return extract(text, published, actors, gazetteer())


def store_candidates(result: Extraction) -> None:
    """Keep an extraction's candidates as the page's editable tables (nothing ticked)."""
    frames = {}
    for name, frame in result.frames().items():
        frame = frame.copy()
        frame.insert(0, "accept", False)
        frames[name] = frame
    previous = st.session_state.get(STATE) or {}
    st.session_state[STATE] = {
        "frames": frames,
        "text": result.text,
        "published": result.published,
        "source_id": result.source_id,
        "messages": list(result.messages),
        "sentences": len(result.sentences),
        "version": previous.get("version", 0) + 1,
    }


def editor_key(table: str) -> str:
    state = st.session_state.get(STATE) or {}
    return f"review_{table}_{state.get('version', 0)}"


def _with_edits(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """``frame`` with the edits its data editor holds (``edited_rows``) applied."""
    edits = st.session_state.get(key)
    frame = frame.copy()
    if not isinstance(edits, dict):
        return frame
    for row, changes in (edits.get("edited_rows") or {}).items():
        for col, value in changes.items():
            if col in frame.columns and int(row) < len(frame):
                frame.iat[int(row), frame.columns.get_loc(col)] = value
    return frame


def set_ticks(mode: str) -> None:
    """Callback: tick the suggested rows (``suggested``) or untick all (``none``); the
    editors' own edits are carried over."""
    state = st.session_state.get(STATE)
    if not state:
        return
    frames = {t: _with_edits(state["frames"][t], editor_key(t)) for t in TABLES}
    for frame in frames.values():
        if mode == "suggested":
            frame["accept"] = frame["confidence"].astype(float) >= SUGGEST_AT
        else:
            frame["accept"] = False
    if mode == "suggested":
        # the new actors and the places that ticked events name are needed with them
        events = frames["events"][frames["events"]["accept"]]
        names = {
            n.strip().lower()
            for cell in events["actors"]
            for n in str(cell).split(";")
            if n.strip()
        }
        places = {str(p).strip().lower() for p in events["place"] if str(p).strip()}
        actors, locations = frames["actors"], frames["locations"]
        actors.loc[actors["name"].str.lower().isin(names), "accept"] = True
        locations.loc[locations["name"].str.lower().isin(places), "accept"] = True
    state["frames"] = frames
    state["version"] += 1


COLUMN_ORDER = {
    "events": [
        "accept",
        "confidence",
        "why",
        "start_date",
        "end_date",
        "event_type",
        "status",
        "format",
        "title",
        "actors",
        "place",
        "quote",
        "date_stated",
        "date_precision",
        "summary",
        "note",
        "candidate",
    ],
    "figures": [
        "accept",
        "confidence",
        "kind",
        "qualifier",
        "value_low",
        "value_high",
        "unit",
        "subject",
        "scope",
        "reported_by",
        "quote",
        "reported_on",
        "period_start",
        "period_end",
        "note",
        "candidate",
    ],
    "locations": [
        "accept",
        "confidence",
        "name",
        "kind",
        "location_id",
        "latitude",
        "longitude",
        "precision",
        "country",
        "quote",
        "gazetteer",
        "note",
        "candidate",
    ],
    "actors": [
        "accept",
        "confidence",
        "name",
        "kind",
        "title",
        "parent_actor_id",
        "side",
        "evidence",
        "quote",
        "candidate",
    ],
}


def column_config(table: str) -> dict[str, Any]:
    cc = st.column_config
    common = {
        "accept": cc.CheckboxColumn("Accept", help="Tick to add this row", default=False),
        "confidence": cc.ProgressColumn(
            "Confidence",
            min_value=0.0,
            max_value=1.0,
            format="%.2f",
            help="From simple evidence counts: a stated date, known actors, a place, the trigger.",
        ),
        "candidate": cc.TextColumn("#", disabled=True, width="small"),
        "quote": cc.TextColumn(
            "Quote (verbatim)",
            width="large",
            help="The sentence(s) the row comes from. You may shorten it, not reword it: "
            "it must occur in the article word for word.",
        ),
        "source_id": None,
        "note": cc.TextColumn("Note (added context)", width="medium"),
    }
    if table == "events":
        return common | {
            "why": cc.TextColumn(
                "Why proposed",
                disabled=True,
                width="large",
                help="The trigger word and the date phrase the event was proposed from",
            ),
            "title": cc.TextColumn("Title", width="medium", required=True),
            "event_type": cc.SelectboxColumn(
                "Type", options=list(vocab.EVENT_TYPES), required=True
            ),
            "start_date": cc.TextColumn("Start", validate=_DATE, required=True),
            "end_date": cc.TextColumn("End", validate=_OPTIONAL_DATE),
            "date_precision": cc.SelectboxColumn(
                "Precision", options=list(vocab.DATE_PRECISIONS), required=True
            ),
            "date_stated": cc.CheckboxColumn(
                "Date stated", help="False when the date was computed or placed (see the note)"
            ),
            "status": cc.SelectboxColumn("Status", options=list(vocab.STATUSES), required=True),
            "format": cc.SelectboxColumn("Format", options=list(vocab.FORMATS), required=True),
            "actors": cc.TextColumn(
                "Actors",
                width="medium",
                help="Names separated by ';': known actors (names or aliases) or accepted new ones",
            ),
            "place": cc.TextColumn("Place", help="A known or accepted location's name, or empty"),
            "summary": cc.TextColumn("Summary", width="medium"),
            "roles": None,
        }
    if table == "figures":
        return common | {
            "kind": cc.SelectboxColumn("Table", options=["troops", "casualties"], required=True),
            "value_low": cc.NumberColumn("Low", step=1, format="%d", required=True),
            "value_high": cc.NumberColumn(
                "High", step=1, format="%d", help="Empty: open-ended (more than / at least)"
            ),
            "qualifier": cc.SelectboxColumn("Qualifier", options=list(vocab.QUALIFIERS)),
            "unit": cc.SelectboxColumn("Unit", options=UNITS, required=True),
            "subject": cc.TextColumn("Subject", width="medium", required=True),
            "scope": cc.TextColumn("Scope"),
            "reported_on": cc.TextColumn("Reported on", validate=_DATE, required=True),
            "period_start": cc.TextColumn("Period from", validate=_OPTIONAL_DATE),
            "period_end": cc.TextColumn("Period to", validate=_OPTIONAL_DATE),
            "reported_by": cc.TextColumn("Reported by"),
        }
    if table == "locations":
        return common | {
            "name": cc.TextColumn("Name", required=True),
            "kind": cc.SelectboxColumn("Kind", options=list(vocab.LOCATION_KINDS), required=True),
            "latitude": cc.NumberColumn("Lat", format="%.4f", min_value=-90, max_value=90),
            "longitude": cc.NumberColumn("Lon", format="%.4f", min_value=-180, max_value=180),
            "precision": cc.SelectboxColumn(
                "Precision", options=list(vocab.LOCATION_PRECISIONS), required=True
            ),
            "country": cc.TextColumn("Country"),
            "location_id": cc.TextColumn(
                "Known as", disabled=True, help="A location the data already has (reused)"
            ),
            "gazetteer": cc.TextColumn("Gazetteer", disabled=True),
        }
    return common | {
        "name": cc.TextColumn("Name", required=True),
        "kind": cc.SelectboxColumn("Kind", options=list(vocab.ACTOR_KINDS), required=True),
        "title": cc.TextColumn("Title"),
        "parent_actor_id": cc.TextColumn("Parent (actor id)"),
        "side": cc.SelectboxColumn("Side (ours)", options=list(vocab.SIDES), required=True),
        "evidence": cc.TextColumn("Why proposed", disabled=True),
    }


def accepted(frame: pd.DataFrame) -> pd.DataFrame:
    """The ticked rows, without the ``accept`` column."""
    if frame is None or frame.empty:
        return pd.DataFrame(columns=[c for c in getattr(frame, "columns", []) if c != "accept"])
    ticked = frame[frame["accept"].fillna(False).astype(bool)]
    return ticked.drop(columns=["accept"]).reset_index(drop=True)


def reviewed_rows(
    edited: dict[str, pd.DataFrame], title: str = "", outlet: str = "", url: str = ""
) -> ReviewedRows:
    """The accepted candidates as checked table rows (see ``crisis.extract.rows``)."""
    state = st.session_state[STATE]
    store = data.current_store()
    sources = store.sources()
    articles = sources[sources["kind"] == "news_article"]["source_id"]
    return build_rows(
        text=state["text"],
        published=state["published"],
        events=accepted(edited["events"]),
        figures=accepted(edited["figures"]),
        locations=accepted(edited["locations"]),
        actors=accepted(edited["actors"]),
        known_actors=data.actors(),
        known_locations=data.locations(),
        known_sources=list(sources["source_id"]),
        known_texts={sid: store.source_text(sid) or "" for sid in articles},
        title=title,
        outlet=outlet,
        url=url,
        added_on=date.today(),
    )


def add_to_session(rows: ReviewedRows) -> None:
    """Write checked rows into this session's overlay (all or nothing) and show them."""
    overlay = data.session_overlay()
    overlay.add_rows(rows.typed)
    data.overlay_changed()
    st.session_state["_pending_dataset"] = DATASET  # the sidebar adds it to the filter
    st.session_state[ADDED] = {"source_id": rows.source_id, "counts": rows.counts()}
    st.session_state.pop(STATE, None)
