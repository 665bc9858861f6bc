"""Reviewed candidates -> rows of the data tables, checked before they join the data.

The "Add article" page hands the rows a person accepted (and perhaps edited) to
:func:`build_rows`, which gives every row an id, links events to actors and places, and checks
everything the bundled data is checked for: vocabularies, dates, references, and that every
quote occurs word for word in the article (runs of white space folded, as in
``python -m crisis validate``). The result has two forms: ``csv`` frames in the layouts of
``data/*.csv`` (for a maintainer to append, with the article as ``sources/<source_id>.txt``) and
``typed`` frames for ``Store.add_rows``. The article becomes a new source (kind
``news_article``); its events get the dataset :data:`DATASET`.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
import pandera.pandas as pa

from crisis import schema, vocab
from crisis.extract import article_source_id
from crisis.extract.actors import ActorIndex
from crisis.extract.text import fold_space, slug

DATASET = "articles"
TABLE_ORDER = (
    "sources",
    "locations",
    "actors",
    "events",
    "event_actors",
    "troops",
    "casualties",
)
CSV_LAYOUT = {
    "sources": ["source_id", "title", "outlet", "published", "url", "kind", "note"],
    "events": [
        "event_id",
        "dataset",
        "title",
        "event_type",
        "start_date",
        "end_date",
        "date_precision",
        "date_stated",
        "status",
        "format",
        "location_id",
        "summary",
        "source_id",
        "quote",
        "note",
    ],
    "actors": [
        "actor_id",
        "name",
        "kind",
        "parent_actor_id",
        "title",
        "aliases",
        "side",
        "home_location_id",
        "source_id",
        "quote",
        "note",
    ],
    "event_actors": ["event_id", "actor_id", "role"],
    "locations": [
        "location_id",
        "name",
        "kind",
        "latitude",
        "longitude",
        "precision",
        "country",
        "stated_in_source",
        "source_id",
        "quote",
        "note",
    ],
    "troops": [
        "figure_id",
        "value_low",
        "value_high",
        "qualifier",
        "unit",
        "subject",
        "scope",
        "reported_on",
        "period_start",
        "period_end",
        "reported_by",
        "source_id",
        "quote",
        "note",
    ],
}
CSV_LAYOUT["casualties"] = CSV_LAYOUT["troops"]


@dataclass
class ReviewedRows:
    source_id: str
    text: str
    csv: dict[str, pd.DataFrame] = field(default_factory=dict)
    typed: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.csv.items() if len(frame)}


def _text(value: Any) -> str:
    """A cell as text: dates ISO, booleans true/false, missing -> ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _bool(value: Any) -> bool:
    return _text(value).lower() in ("true", "1", "yes")


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def _or_none(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.replace({"": None})


def quote_in_text(quote: str, text: str) -> bool:
    """The provenance rule: the quote occurs in the text, runs of white space folded."""
    q = fold_space(quote)
    return bool(q) and q in fold_space(text)


def build_rows(
    *,
    text: str,
    published: date,
    events: pd.DataFrame,
    figures: pd.DataFrame,
    locations: pd.DataFrame,
    actors: pd.DataFrame,
    known_actors: pd.DataFrame,
    known_locations: pd.DataFrame,
    known_sources: list[str],
    known_texts: dict[str, str] | None = None,
    title: str = "",
    outlet: str = "",
    url: str = "",
    added_on: date | None = None,
) -> ReviewedRows:
    """Rows for the accepted candidates (each frame holds the accepted rows only)."""
    source_id = article_source_id(text, published)
    out = ReviewedRows(source_id, text)
    problems = out.problems
    if source_id in set(known_sources):
        problems.append(
            f"This article is already in your session's data (source {source_id}); its rows "
            "were added before."
        )
    same = [
        sid for sid, t in (known_texts or {}).items() if t and fold_space(t) == fold_space(text)
    ]
    if same and source_id not in set(known_sources):
        problems.append(
            f"This article's text is already in the data as source {same[0]}; adding it again "
            "would repeat its rows."
        )
    index = ActorIndex.from_frame(known_actors)
    actor_ids = set(known_actors["actor_id"])
    location_ids = set(known_locations["location_id"])
    loc_by_name = {
        _text(n).lower(): _text(i)
        for n, i in zip(known_locations["name"], known_locations["location_id"], strict=True)
    }
    loc_rows = {_text(r.location_id): r._asdict() for r in known_locations.itertuples(index=False)}

    def check_quote(table: str, n: int, label: str, quote: str) -> None:
        if not quote_in_text(quote, text):
            problems.append(
                f"{table}, row {n} ({label}): the quote is not in the article word for word. "
                "Copy it from the article (you may shorten it, not reword it)."
            )

    # sources and the article's text
    note = (
        "Added through the 'Add article' page: candidate rows extracted by the rule-based "
        "extractor (crisis.extract) and accepted on review"
        + (f" on {added_on.isoformat()}" if added_on else "")
        + ". Publication date as given by the reviewer."
    )
    if url and not re.match(r"^https?://", url):
        problems.append(
            f"Source URL {url!r}: expected an address starting with http:// or https://."
        )
    sources = pd.DataFrame(
        [
            {
                "source_id": source_id,
                "title": title.strip(),
                "outlet": outlet.strip(),
                "published": published.isoformat(),
                "url": url.strip(),
                "kind": "news_article",
                "note": note,
            }
        ]
    )

    # new actors
    new_actor_rows = []
    new_by_name: dict[str, str] = {}
    for n, row in enumerate(actors.to_dict("records"), start=1):
        name = _text(row.get("name"))
        if not name:
            problems.append(f"New actors, row {n}: a name is required.")
            continue
        quote = _text(row.get("quote"))
        check_quote("New actors", n, name, quote)
        aid = _unique(slug(name), actor_ids)
        new_by_name[name.lower()] = aid
        parent = _text(row.get("parent_actor_id"))
        new_actor_rows.append(
            {
                "actor_id": aid,
                "name": name,
                "kind": _text(row.get("kind")),
                "parent_actor_id": parent,
                "title": _text(row.get("title")),
                "aliases": name,
                "side": _text(row.get("side")) or "other",
                "home_location_id": "",
                "source_id": source_id,
                "quote": quote,
                "note": "Proposed by the extractor"
                + (f" ({_text(row.get('evidence'))})" if _text(row.get("evidence")) else "")
                + " and accepted on review; kind, side and parent are the reviewer's choice "
                "(side is analytical added context).",
            }
        )

    # locations
    new_location_rows = []
    for n, row in enumerate(locations.to_dict("records"), start=1):
        name = _text(row.get("name"))
        quote = _text(row.get("quote"))
        check_quote("Locations", n, name or "?", quote)
        existing = _text(row.get("location_id"))
        if existing and existing in location_ids:
            loc_by_name[name.lower()] = existing
            continue
        if not name:
            problems.append(f"Locations, row {n}: a name is required.")
            continue
        lid = _unique(slug(name), location_ids)
        loc_by_name[name.lower()] = lid
        record = {
            "location_id": lid,
            "name": name,
            "kind": _text(row.get("kind")),
            "latitude": _text(row.get("latitude")),
            "longitude": _text(row.get("longitude")),
            "precision": _text(row.get("precision")),
            "country": _text(row.get("country")),
            "stated_in_source": "true",
            "source_id": source_id,
            "quote": quote,
            "note": _text(row.get("note")) or "Coordinates added from a gazetteer (added context).",
        }
        new_location_rows.append(record)
        loc_rows[lid] = record

    # events and their actors
    event_rows, link_rows = [], []
    event_ids: set[str] = set()
    for n, row in enumerate(events.to_dict("records"), start=1):
        title_ = _text(row.get("title"))
        label = title_ or "untitled"
        quote = _text(row.get("quote"))
        check_quote("Events", n, label, quote)
        eid = _unique(f"{source_id}-{slug(title_ or 'event', 36)}", event_ids)
        place = _text(row.get("place"))
        location_id = ""
        if place:
            location_id = loc_by_name.get(place.lower(), "")
            if not location_id:
                problems.append(
                    f"Events, row {n} ({label}): place {place!r} is neither an accepted "
                    "location nor a known one; accept it in the Locations table or clear the place."
                )
        roles = {}
        for part in _text(row.get("roles")).split(";"):
            if "=" in part:
                who, role = part.rsplit("=", 1)
                roles[who.strip().lower()] = role.strip()
        names = [a.strip() for a in _text(row.get("actors")).split(";") if a.strip()]
        if not names:
            problems.append(f"Events, row {n} ({label}): at least one actor is required.")
        seen: set[tuple[str, str]] = set()
        for name in names:
            aid = new_by_name.get(name.lower()) or index.lookup(name)
            if aid is None:
                problems.append(
                    f"Events, row {n} ({label}): actor {name!r} is not a known actor; accept it "
                    "in the New actors table or correct the name."
                )
                continue
            role = roles.get(name.lower(), "participant")
            if role not in vocab.ROLES:
                role = "participant"
            if (aid, role) not in seen:
                seen.add((aid, role))
                link_rows.append({"event_id": eid, "actor_id": aid, "role": role})
        event_rows.append(
            {
                "event_id": eid,
                "dataset": DATASET,
                "title": title_,
                "event_type": _text(row.get("event_type")),
                "start_date": _text(row.get("start_date")),
                "end_date": _text(row.get("end_date")),
                "date_precision": _text(row.get("date_precision")) or "day",
                "date_stated": "true" if _bool(row.get("date_stated")) else "false",
                "status": _text(row.get("status")),
                "format": _text(row.get("format")),
                "location_id": location_id,
                "summary": _text(row.get("summary")) or title_,
                "source_id": source_id,
                "quote": quote,
                "note": _text(row.get("note")),
            }
        )

    # figures
    figure_rows: dict[str, list[dict]] = {"troops": [], "casualties": []}
    for n, row in enumerate(figures.to_dict("records"), start=1):
        kind = _text(row.get("kind"))
        quote = _text(row.get("quote"))
        check_quote("Figures", n, kind or "?", quote)
        if kind not in figure_rows:
            problems.append(f"Figures, row {n}: kind {kind!r}: expected troops or casualties.")
            continue
        fid = f"{source_id}-{'t' if kind == 'troops' else 'c'}{len(figure_rows[kind]) + 1}"
        figure_rows[kind].append(
            {
                "figure_id": fid,
                **{
                    col: _text(row.get(col))
                    for col in CSV_LAYOUT["troops"]
                    if col not in ("figure_id", "source_id", "quote")
                },
                "source_id": source_id,
                "quote": quote,
            }
        )

    csv = {
        "sources": sources,
        "locations": pd.DataFrame(new_location_rows, columns=CSV_LAYOUT["locations"]),
        "actors": pd.DataFrame(new_actor_rows, columns=CSV_LAYOUT["actors"]),
        "events": pd.DataFrame(event_rows, columns=CSV_LAYOUT["events"]),
        "event_actors": pd.DataFrame(link_rows, columns=CSV_LAYOUT["event_actors"]),
        "troops": pd.DataFrame(figure_rows["troops"], columns=CSV_LAYOUT["troops"]),
        "casualties": pd.DataFrame(figure_rows["casualties"], columns=CSV_LAYOUT["casualties"]),
    }
    csv = {k: v.fillna("").astype(str) for k, v in csv.items()}
    out.csv = csv
    if not (len(csv["events"]) or len(csv["troops"]) or len(csv["casualties"])):
        if not len(csv["locations"]) and not len(csv["actors"]):
            problems.append("No row is accepted: tick Accept on the rows to add.")

    # the bundled data's schemas, with the session's ids
    all_sources = sorted(set(known_sources) | {source_id})
    all_locations = sorted(location_ids)
    all_actors = sorted(actor_ids)
    events_schema = schema.events_schema(all_locations, all_sources).update_column(
        "dataset", checks=[pa.Check.isin([DATASET], error=f"the dataset {DATASET}")]
    )
    checks = {
        "sources": schema.sources_schema(),
        "locations": schema.locations_schema(all_sources),
        "actors": schema.actors_schema(all_actors, all_locations, all_sources),
        "events": events_schema,
        "event_actors": schema.event_actors_schema(sorted(event_ids), all_actors),
        "troops": schema.figures_schema("troops", all_sources),
        "casualties": schema.figures_schema("casualties", all_sources),
    }
    labels = {
        "sources": "Source",
        "locations": "Locations",
        "actors": "New actors",
        "events": "Events",
        "event_actors": "Event actors",
        "troops": "Figures (troops)",
        "casualties": "Figures (casualties)",
    }
    for name, frame in csv.items():
        if frame.empty:
            continue
        try:
            checks[name].validate(_or_none(frame), lazy=True)
        except pa.errors.SchemaErrors as err:
            for p in schema.problems_from(name, err, frame):
                where = labels[name] + (f", row {p.row - 1}" if p.row is not None else "")
                col = f", column {p.column!r}" if p.column else ""
                got = f": got {p.value!r}" if p.value not in (None, "") else ""
                problems.append(f"{where}{col}{got}: expected {p.expected}.")
    if not problems:
        out.typed = _typed(csv, loc_rows, text)
    return out


def _typed(
    csv: dict[str, pd.DataFrame], loc_rows: dict[str, dict], text: str
) -> dict[str, pd.DataFrame]:
    """Frames typed like the store's tables (dates, numbers, booleans), ready for add_rows."""
    typed: dict[str, pd.DataFrame] = {}
    sources = _or_none(csv["sources"]).copy()
    sources["published"] = pd.to_datetime(sources["published"], format="%Y-%m-%d")
    typed["sources"] = sources
    typed["source_texts"] = pd.DataFrame({"source_id": csv["sources"]["source_id"], "text": [text]})
    locations = _or_none(csv["locations"]).copy()
    if len(locations):
        locations["latitude"] = pd.to_numeric(locations["latitude"])
        locations["longitude"] = pd.to_numeric(locations["longitude"])
        locations["stated_in_source"] = locations["stated_in_source"] == "true"
    typed["locations"] = locations
    actors = _or_none(csv["actors"]).copy()
    actors["dataset"] = DATASET
    typed["actors"] = actors
    events = _or_none(csv["events"]).copy()
    if len(events):
        events["start_date"] = pd.to_datetime(events["start_date"], format="%Y-%m-%d").dt.date
        events["end_date"] = pd.to_datetime(events["end_date"], format="%Y-%m-%d").map(
            lambda v: None if pd.isna(v) else v.date()
        )
        events["date_stated"] = events["date_stated"] == "true"

        def loc(lid: Any, key: str) -> Any:
            row = loc_rows.get(lid) if isinstance(lid, str) else None
            if row is None:
                return None
            value = row.get(key)
            if key in ("latitude", "longitude") and value not in (None, ""):
                return float(value)
            return value if value not in ("",) else None

        events["location_name"] = events["location_id"].map(lambda i: loc(i, "name"))
        events["latitude"] = events["location_id"].map(lambda i: loc(i, "latitude"))
        events["longitude"] = events["location_id"].map(lambda i: loc(i, "longitude"))
        events["geo_precision"] = events["location_id"].map(lambda i: loc(i, "precision"))
    typed["events"] = events
    typed["event_actors"] = csv["event_actors"].copy()
    for kind in ("troops", "casualties"):
        frame = _or_none(csv[kind]).copy()
        if len(frame):
            for col in ("value_low", "value_high"):
                frame[col] = pd.array(pd.to_numeric(frame[col]), dtype="Int64")
            for col in ("reported_on", "period_start", "period_end"):
                frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
        typed[kind] = frame
    return {k: v for k, v in typed.items() if len(v)}


def to_csv_text(frame: pd.DataFrame) -> str:
    """A table as the data/ folder writes it: UTF-8, RFC 4180, '\\n' line ends, no index."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def to_zip(rows: ReviewedRows) -> bytes:
    """The rows in the data/ layout: one CSV per table with rows, and the article's text as
    ``sources/<source_id>.txt`` (append each CSV's rows to the file of the same name)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in TABLE_ORDER:
            frame = rows.csv.get(name)
            if frame is not None and len(frame):
                zf.writestr(f"{name}.csv", to_csv_text(frame))
        zf.writestr(f"sources/{rows.source_id}.txt", rows.text + "\n")
    return buffer.getvalue()
