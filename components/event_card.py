"""One event's card in Streamlit: what happened, when, who, where, and where that comes from.

Data text is never rendered as HTML or markdown. Free text (quotes, headlines, summaries,
notes, actor and place names, citations) goes through ``st.text``, which shows it literally:
escaped markdown is not enough, because Streamlit's markdown still turns bare URLs and e-mail
addresses into links, ``--`` into a dash and ``:material/x:`` into an icon, even when escaped.
Only the title is a markdown heading, escaped, and only when it holds none of those patterns.
Added context (placed dates, added venues, notes) is labelled as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from components.palette import STATUS_LABELS
from components.text import is_blank, md_escape, md_safe, to_text
from components.timeline import date_note, format_dates
from crisis import vocab

UCDP_CITATION = "UCDP GED 22.1 (CC BY 4.0), Uppsala Conflict Data Program"
ARTICLE_CITATION = "founding article (published 4 January 2022; date inferred from its text)"
FORMAT_LABELS = {"in-person": "in person", "virtual": "virtual", "unknown": "not stated"}


def citation(source: Mapping[str, Any] | None, source_id: str | None) -> str:
    """Plain-text citation: title, outlet, published (or the founding article / UCDP)."""
    if source_id == "founding-article":
        return ARTICLE_CITATION
    if source_id and source_id.startswith("ucdp"):
        return UCDP_CITATION
    if not source:
        return f"source {source_id or 'not recorded'}"
    parts = [str(source[k]) for k in ("title", "outlet") if not is_blank(source.get(k))]
    published = source.get("published")
    if not is_blank(published):
        parts.append(format_dates(published))
    return ", ".join(parts) or f"source {source_id}"


def _field(label: str, value: str) -> None:
    """A bold label and its value shown literally, on one line when there is room."""
    with st.container(horizontal=True, gap="xsmall"):
        st.markdown(f"**{label}:**", width="content")
        st.text(value, width="stretch")


def render_event_card(
    event: Mapping[str, Any],
    actors: pd.DataFrame,
    location: Mapping[str, Any] | None = None,
    source: Mapping[str, Any] | None = None,
    permalink: str | None = None,
) -> None:
    """Draw one event's card (``permalink``: the card's own link, shown ready to copy).

    ``event``: a row of ``Store.events``; ``actors``: its ``event_actors`` rows; ``location``:
    its ``locations()`` row (None for UCDP places and events without venue); ``source``: its
    ``sources()`` row.
    """
    # coded events (UCDP, imported ACLED/UCDP files) carry their dataset's provenance, no quote
    is_ucdp = is_blank(event.get("quote")) and not is_blank(event.get("provenance"))
    from_ucdp = event.get("dataset") == "ucdp"
    title = str(event.get("title") or "Untitled event")
    with st.container(border=True, key="event_card", gap="small"):
        if md_safe(title):
            st.subheader(md_escape(title), anchor=False)
        else:
            st.text(title)
        dates = format_dates(
            event.get("start_date"), event.get("end_date"), event.get("date_precision")
        )
        precision = event.get("date_precision") or "day"
        status = STATUS_LABELS.get(event.get("status"), str(event.get("status")))
        etype = vocab.EVENT_TYPE_LABELS.get(event.get("event_type"), str(event.get("event_type")))
        with st.container(gap="xxsmall"):
            _field("When", f"{dates} (precision: {precision})")
            _field(
                "Status",
                status + ("" if is_ucdp else " (as of the source's date, 4 January 2022)"),
            )
            _field("Type", etype)
            if not is_ucdp:
                _field("Format", FORMAT_LABELS.get(event.get("format"), str(event.get("format"))))
            caveat = date_note(event)
            if caveat:
                more = " (see added context below)" if not event.get("date_stated", True) else ""
                st.caption(
                    ("⚠️ " if more else "") + md_escape(caveat[0].upper() + caveat[1:] + more)
                )
            _actors(actors)
            _venue(event, location, is_ucdp)
            if is_ucdp:
                _ucdp_facts(event)
            if not is_blank(event.get("summary")):
                _field("Summary", str(event.get("summary")))

        quote = event.get("provenance") if is_ucdp else event.get("quote")
        label = (
            "Headlines UCDP coded the event from"
            if from_ucdp
            else ("Provenance recorded in the imported file" if is_ucdp else "The source says")
        )
        st.markdown(f"**{label}:**")
        with st.container(border=True, key="event_quote", gap="xxsmall"):
            if is_blank(quote):
                st.caption("No quote recorded.")
            else:
                st.text(str(quote))
            st.text("— " + citation(source, event.get("source_id")))
        if not is_blank(event.get("note")):
            _field("Added context", str(event.get("note")))
        if permalink:
            with st.container(key="event_permalink", gap="xxsmall"):
                st.markdown("**Link to this card** (with the current filters):")
                st.code(permalink, language=None, wrap_lines=True)


def _actors(actors: pd.DataFrame) -> None:
    if actors.empty:
        _field("Actors", "none recorded")
        return
    items = [
        f"{label} ({role})"
        for label, role in zip(actors["label"].fillna(actors["name"]), actors["role"], strict=True)
    ]
    _field("Actors", "; ".join(items))


def _venue(event: Mapping[str, Any], location: Mapping[str, Any] | None, is_ucdp: bool) -> None:
    name = event.get("location_name")
    if is_blank(name):
        _field("Venue", "no venue stated")
        return
    if is_ucdp:
        precision = event.get("geo_precision")
        extra = "" if is_blank(precision) else f" (location precision: {precision})"
        _field("Venue", f"{name}{extra}")
        return
    stated = True if location is None else bool(location.get("stated_in_source"))
    _field("Venue", str(name) + ("" if stated else " — added context, not stated in the source"))
    if location is not None and not stated and not is_blank(location.get("note")):
        _field("Added context (venue)", str(location.get("note")))


def _ucdp_facts(event: Mapping[str, Any]) -> None:
    def num(key: str) -> str:
        v = event.get(key)
        return "?" if is_blank(v) else f"{int(v):,}"

    if is_blank(event.get("deaths_low")) and is_blank(event.get("deaths_high")):
        _field("Deaths (as coded in the dataset)", num("deaths_best"))
    else:
        _field(
            "Deaths (as coded in the dataset)",
            f"{num('deaths_best')} best estimate "
            f"({num('deaths_low')}–{num('deaths_high')}, low–high)",
        )
    _field("Dataset id", to_text(event.get("external_id")))
