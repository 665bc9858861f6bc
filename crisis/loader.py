"""Read and validate the bundled tables under ``data/``.

``load_tables`` reads every CSV as text, validates each with its schema (collecting every
problem across all files) and returns typed frames ready for the store.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from crisis import schema
from crisis.schema import Problem, ValidationFailed

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

TABLE_FILES = {
    "sources": "sources.csv",
    "locations": "locations.csv",
    "actors": "actors.csv",
    "events": "events.csv",
    "event_actors": "event_actors.csv",
    "troops": "troops.csv",
    "casualties": "casualties.csv",
}


@dataclass
class Tables:
    """The validated bundled tables, typed."""

    sources: pd.DataFrame
    locations: pd.DataFrame
    actors: pd.DataFrame
    events: pd.DataFrame
    event_actors: pd.DataFrame
    troops: pd.DataFrame
    casualties: pd.DataFrame

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in TABLE_FILES}


def read_text_csv(path: Path) -> pd.DataFrame:
    """Read a CSV with every cell as text; empty cells become missing values."""
    frame = pd.read_csv(
        path,
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
        quoting=csv.QUOTE_MINIMAL,
    )
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _read(data_dir: Path, name: str, problems: list[Problem]) -> pd.DataFrame | None:
    path = data_dir / TABLE_FILES[name]
    if not path.exists():
        problems.append(Problem(TABLE_FILES[name], None, None, None, "the file to exist"))
        return None
    try:
        return read_text_csv(path)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        problems.append(Problem(TABLE_FILES[name], None, None, None, f"readable CSV ({exc})"))
        return None


def _ids(frame: pd.DataFrame | None, column: str) -> list[str]:
    if frame is None or column not in frame.columns:
        return []
    return frame[column].dropna().astype(str).tolist()


def _validate(
    name: str, frame: pd.DataFrame | None, sch: pa.DataFrameSchema, problems: list[Problem]
) -> pd.DataFrame | None:
    if frame is None:
        return None
    try:
        return sch.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems.extend(schema.problems_from(TABLE_FILES[name], err, frame))
        return None


def _parent_cycles(actors: pd.DataFrame) -> list[Problem]:
    parent = dict(zip(actors["actor_id"], actors["parent_actor_id"], strict=True))
    problems = []
    for idx, actor in zip(actors.index, actors["actor_id"], strict=True):
        seen = {actor}
        cur = parent.get(actor)
        while isinstance(cur, str):
            if cur in seen:
                problems.append(
                    Problem("actors.csv", idx + 2, "parent_actor_id", actor, "no cycle of parents")
                )
                break
            seen.add(cur)
            cur = parent.get(cur)
    return problems


def _events_without_actors(events: pd.DataFrame, links: pd.DataFrame) -> list[Problem]:
    linked = set(links["event_id"])
    return [
        Problem("events.csv", line, "event_id", eid, "at least one actor in event_actors.csv")
        for line, eid in enumerate(events["event_id"], start=2)
        if eid not in linked
    ]


def load_tables(data_dir: Path = DATA_DIR) -> Tables:
    """Read and validate every bundled table; raise :class:`ValidationFailed` with all problems."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    raw = {name: _read(data_dir, name, problems) for name in TABLE_FILES}
    source_ids = _ids(raw["sources"], "source_id")
    location_ids = _ids(raw["locations"], "location_id")
    actor_ids = _ids(raw["actors"], "actor_id")
    event_ids = _ids(raw["events"], "event_id")

    schemas = {
        "sources": schema.sources_schema(),
        "locations": schema.locations_schema(source_ids),
        "actors": schema.actors_schema(actor_ids, location_ids, source_ids),
        "events": schema.events_schema(location_ids, source_ids),
        "event_actors": schema.event_actors_schema(event_ids, actor_ids),
        "troops": schema.figures_schema("troops", source_ids),
        "casualties": schema.figures_schema("casualties", source_ids),
    }
    valid = {name: _validate(name, raw[name], schemas[name], problems) for name in TABLE_FILES}
    if valid["actors"] is not None:
        problems.extend(_parent_cycles(valid["actors"]))
    if valid["events"] is not None and valid["event_actors"] is not None:
        problems.extend(_events_without_actors(valid["events"], valid["event_actors"]))
    problems.extend(check_quotes(data_dir, raw))
    if problems:
        raise ValidationFailed(problems)
    return Tables(**{name: _typed(name, frame) for name, frame in valid.items()})


ORDER = ("sources", "locations", "actors", "events", "event_actors", "troops", "casualties")


def _schema_for(name: str, kept: dict[str, pd.DataFrame]) -> pa.DataFrameSchema:
    ids = {
        "source": _ids(kept.get("sources"), "source_id"),
        "location": _ids(kept.get("locations"), "location_id"),
        "event": _ids(kept.get("events"), "event_id"),
    }
    if name == "sources":
        return schema.sources_schema()
    if name == "locations":
        return schema.locations_schema(ids["source"])
    if name == "actors":
        raw_actor_ids = _ids(kept.get("_raw_actors"), "actor_id")
        return schema.actors_schema(raw_actor_ids, ids["location"], ids["source"])
    if name == "events":
        return schema.events_schema(ids["location"], ids["source"])
    if name == "event_actors":
        return schema.event_actors_schema(ids["event"], _ids(kept.get("actors"), "actor_id"))
    return schema.figures_schema(name, ids["source"])


def load_tables_tolerant(data_dir: Path = DATA_DIR) -> tuple[Tables, list[Problem]]:
    """Load what is valid and report the rest: for an app that must start with a damaged file.

    A missing or unreadable file gives an empty table; a row with a problem (a bad value, a
    reference to a row that was not loaded, a quote not found verbatim) is left out. Returns
    the tables and every problem; with no problem this equals :func:`load_tables`.
    """
    data_dir = Path(data_dir)
    try:
        return load_tables(data_dir), []
    except ValidationFailed:
        pass
    problems: list[Problem] = []
    kept: dict[str, pd.DataFrame] = {}
    for name in ORDER:
        frame = _read(data_dir, name, problems)
        if name == "actors":
            kept["_raw_actors"] = frame
        sch = _schema_for(name, kept)
        empty = pd.DataFrame({c: pd.Series(dtype="str") for c in sch.columns})
        if frame is None:
            kept[name] = empty
            continue
        try:
            frame = sch.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as err:
            found = schema.problems_from(TABLE_FILES[name], err, frame)
            problems.extend(found)
            if any(p.row is None for p in found):  # a whole-table problem (a missing column)
                kept[name] = empty
                continue
            bad = {p.row - 2 for p in found}
            frame = frame.drop(index=[i for i in bad if i in frame.index])
        quote_problems = check_quotes(data_dir, {name: frame})
        problems.extend(quote_problems)
        frame = frame.drop(index=[p.row - 2 for p in quote_problems if p.row - 2 in frame.index])
        if name == "actors":
            cycles = _parent_cycles(frame)
            problems.extend(cycles)
            frame = frame.drop(index=[p.row - 2 for p in cycles])
        kept[name] = frame.reset_index(drop=True)
    kept.pop("_raw_actors", None)
    return Tables(**{n: _typed(n, kept[n]) for n in ORDER}), problems


def fold(text: str) -> str:
    """Fold runs of white space, as the provenance check does."""
    return " ".join(text.split())


def check_quotes(data_dir: Path, raw: dict[str, pd.DataFrame | None]) -> list[Problem]:
    """Every quote must occur verbatim (white space folded) in its source's text file."""
    problems: list[Problem] = []
    texts: dict[str, str | None] = {}
    for name, frame in raw.items():
        if frame is None or not {"source_id", "quote"} <= set(frame.columns):
            continue
        for idx, sid, quote in zip(frame.index, frame["source_id"], frame["quote"], strict=True):
            line = idx + 2
            if not isinstance(sid, str) or not isinstance(quote, str):
                continue
            if sid not in texts:
                path = data_dir / "sources" / f"{sid}.txt"
                texts[sid] = fold(path.read_text(encoding="utf-8")) if path.exists() else None
            text = texts[sid]
            if text is None:
                problems.append(
                    Problem(TABLE_FILES[name], line, "source_id", sid, f"data/sources/{sid}.txt")
                )
            elif fold(quote) not in text:
                problems.append(
                    Problem(
                        TABLE_FILES[name],
                        line,
                        "quote",
                        quote[:80],
                        f"text found verbatim in data/sources/{sid}.txt",
                    )
                )
    return problems


def _typed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for col in frame.columns:
        if col in {"published", "start_date", "end_date", "reported_on"} or col.startswith(
            "period_"
        ):
            frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
        elif col in {"latitude", "longitude"}:
            frame[col] = pd.to_numeric(frame[col])
        elif col in {"value_low", "value_high"}:
            frame[col] = pd.to_numeric(frame[col]).astype("Int64")
        elif col in {"date_stated", "stated_in_source"}:
            frame[col] = frame[col] == "true"
    return frame
