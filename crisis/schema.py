"""Schemas of the bundled tables, validated with pandera.

Every table is read as text (empty cells become missing values) and checked as a whole with
``lazy=True``, so one run reports every problem at once. Cross-table references (an event's
location, an actor's parent, a row's source) are checks too, built from the ids of the tables
they point at. Problems are turned into :class:`Problem` rows that name file, CSV line, column,
value and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pandera.pandas as pa

from crisis import vocab

DATE_RE = r"^\d{4}-\d{2}-\d{2}$"
INT_RE = r"^-?\d+$"
SLUG_RE = r"^[a-z0-9][a-z0-9.\-_]*$"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell, row or file."""

    file: str
    row: int | None  # line number in the CSV file (the header is line 1)
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", line {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        got = "" if self.value is None else f": got {self.value!r}"
        return f"{where}{got}: expected {self.expected}"


class ValidationFailed(Exception):
    """Raised with every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _is_real_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _one_of(values: tuple[str, ...] | list[str], what: str) -> pa.Check:
    allowed = [v for v in values if v]
    shown = ", ".join(allowed[:12]) + (", ..." if len(allowed) > 12 else "")
    return pa.Check.isin(allowed, error=f"{what} (one of: {shown})")


def _date_check() -> list[pa.Check]:
    return [
        pa.Check.str_matches(DATE_RE, error="a date as YYYY-MM-DD"),
        pa.Check(
            lambda s: s.map(_is_real_date).astype(bool),
            element_wise=False,
            error="a real calendar date",
        ),
    ]


def _text(required: bool = True, checks: list[pa.Check] | None = None) -> pa.Column:
    return pa.Column(str, checks=checks or [], nullable=not required, required=True)


def _ids_check(ids: list[str], table: str) -> pa.Check:
    return pa.Check.isin(sorted(set(ids)), error=f"an id that exists in {table}")


def _unique_id() -> pa.Column:
    return pa.Column(
        str,
        checks=[pa.Check.str_matches(SLUG_RE, error="an id of lowercase letters, digits, . - _")],
        unique=True,
        nullable=False,
    )


BOOL_CHECK = pa.Check.isin(["true", "false"], error="true or false")


def sources_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "source_id": _unique_id(),
            "title": _text(False),
            "outlet": _text(False),
            "published": _text(False, _date_check()),
            "url": _text(False, [pa.Check.str_matches(r"^https?://", error="an http(s) URL")]),
            "kind": _text(True, [_one_of(vocab.SOURCE_KINDS, "a source kind")]),
            "note": _text(False),
        },
        strict=True,
        name="sources",
    )


def _span_checks(start: str, end: str) -> list[pa.Check]:
    def ordered(df: pd.DataFrame) -> pd.Series:
        s, e = df[start], df[end]
        return e.isna() | s.isna() | (e.fillna("") >= s.fillna(""))

    return [pa.Check(ordered, error=f"{end} on or after {start}")]


def events_schema(location_ids: list[str], source_ids: list[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "event_id": _unique_id(),
            "dataset": _text(True, [_one_of(["article"], "the bundled dataset name")]),
            "title": _text(True),
            "event_type": _text(True, [_one_of(vocab.EVENT_TYPES, "an event type")]),
            "start_date": _text(True, _date_check()),
            "end_date": _text(False, _date_check()),
            "date_precision": _text(True, [_one_of(vocab.DATE_PRECISIONS, "a date precision")]),
            "date_stated": _text(True, [BOOL_CHECK]),
            "status": _text(True, [_one_of(vocab.STATUSES, "a status")]),
            "format": _text(True, [_one_of(vocab.FORMATS, "a format")]),
            "location_id": _text(False, [_ids_check(location_ids, "locations.csv")]),
            "summary": _text(True),
            "source_id": _text(True, [_ids_check(source_ids, "sources.csv")]),
            "quote": _text(True),
            "note": _text(False),
        },
        checks=_span_checks("start_date", "end_date"),
        strict=True,
        name="events",
    )


def actors_schema(
    actor_ids: list[str], location_ids: list[str], source_ids: list[str]
) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "actor_id": _unique_id(),
            "name": _text(True),
            "kind": _text(True, [_one_of(vocab.ACTOR_KINDS, "an actor kind")]),
            "parent_actor_id": _text(False, [_ids_check(actor_ids, "actors.csv")]),
            "title": _text(False),
            "aliases": _text(False),
            "side": _text(True, [_one_of(vocab.SIDES, "a side")]),
            "home_location_id": _text(False, [_ids_check(location_ids, "locations.csv")]),
            "source_id": _text(True, [_ids_check(source_ids, "sources.csv")]),
            "quote": _text(True),
            "note": _text(False),
        },
        checks=[
            pa.Check(
                lambda df: df["parent_actor_id"].isna() | (df["parent_actor_id"] != df["actor_id"]),
                error="a parent other than the actor itself",
            )
        ],
        strict=True,
        name="actors",
    )


def event_actors_schema(event_ids: list[str], actor_ids: list[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "event_id": _text(True, [_ids_check(event_ids, "events.csv")]),
            "actor_id": _text(True, [_ids_check(actor_ids, "actors.csv")]),
            "role": _text(True, [_one_of(vocab.ROLES, "a role")]),
        },
        unique=["event_id", "actor_id", "role"],
        strict=True,
        name="event_actors",
    )


def _float_in(lo: float, hi: float, what: str) -> list[pa.Check]:
    def ok(s: pd.Series) -> pd.Series:
        num = pd.to_numeric(s, errors="coerce")
        return num.between(lo, hi)

    return [pa.Check(ok, error=f"a {what} between {lo} and {hi}")]


def locations_schema(source_ids: list[str]) -> pa.DataFrameSchema:
    def stated_has_quote(df: pd.DataFrame) -> pd.Series:
        stated = df["stated_in_source"] == "true"
        return ~stated | (df["quote"].notna() & df["source_id"].notna())

    def added_has_note(df: pd.DataFrame) -> pd.Series:
        return (df["stated_in_source"] == "true") | df["note"].notna()

    return pa.DataFrameSchema(
        {
            "location_id": _unique_id(),
            "name": _text(True),
            "kind": _text(True, [_one_of(vocab.LOCATION_KINDS, "a location kind")]),
            "latitude": _text(True, _float_in(-90, 90, "latitude")),
            "longitude": _text(True, _float_in(-180, 180, "longitude")),
            "precision": _text(True, [_one_of(vocab.LOCATION_PRECISIONS, "a precision")]),
            "country": _text(False),
            "stated_in_source": _text(True, [BOOL_CHECK]),
            "source_id": _text(False, [_ids_check(source_ids, "sources.csv")]),
            "quote": _text(False),
            "note": _text(False),
        },
        checks=[
            pa.Check(stated_has_quote, error="a source_id and quote when stated_in_source"),
            pa.Check(added_has_note, error="a note saying why a place not stated was added"),
        ],
        strict=True,
        name="locations",
    )


def figures_schema(name: str, source_ids: list[str]) -> pa.DataFrameSchema:
    def high_not_below_low(df: pd.DataFrame) -> pd.Series:
        lo = pd.to_numeric(df["value_low"], errors="coerce")
        hi = pd.to_numeric(df["value_high"], errors="coerce")
        return hi.isna() | lo.isna() | (hi >= lo)

    def open_ended_has_qualifier(df: pd.DataFrame) -> pd.Series:
        return df["value_high"].notna() | df["qualifier"].isin(["more than", "at least"])

    integer = [pa.Check.str_matches(INT_RE, error="a whole number")]
    return pa.DataFrameSchema(
        {
            "figure_id": pa.Column(str, unique=True, nullable=False),
            "value_low": _text(True, integer),
            "value_high": _text(False, integer),
            "qualifier": _text(False, [_one_of(vocab.QUALIFIERS, "a qualifier")]),
            "unit": _text(True),
            "subject": _text(True),
            "scope": _text(False),
            "reported_on": _text(True, _date_check()),
            "period_start": _text(False, _date_check()),
            "period_end": _text(False, _date_check()),
            "reported_by": _text(False),
            "source_id": _text(True, [_ids_check(source_ids, "sources.csv")]),
            "quote": _text(True),
            "note": _text(False),
        },
        checks=[
            pa.Check(high_not_below_low, error="value_high at least value_low"),
            pa.Check(
                open_ended_has_qualifier,
                error="value_high, or a 'more than'/'at least' qualifier for an open range",
            ),
            *_span_checks("period_start", "period_end"),
        ],
        strict=True,
        name=name,
    )


def problems_from(file: str, err: pa.errors.SchemaErrors, frame: pd.DataFrame) -> list[Problem]:
    """Turn pandera's failure cases into one :class:`Problem` per failing cell or row."""
    out: list[Problem] = []
    cases = err.failure_cases
    for case in cases.itertuples(index=False):
        index = case.index
        row = None if index is None or pd.isna(index) else int(index) + 2
        column = None if case.column is None or pd.isna(case.column) else str(case.column)
        check = str(case.check)
        value = case.failure_case
        if check == "column_in_dataframe":
            out.append(Problem(file, None, str(value), None, "this column to be present"))
            continue
        if check == "column_in_schema":
            out.append(Problem(file, None, str(value), None, "no such column (unknown column)"))
            continue
        if check == "not_nullable":
            out.append(Problem(file, row, column, "", "a value (this column is required)"))
            continue
        if check.startswith("field_uniqueness") or check.startswith("multiple_fields_uniqueness"):
            out.append(Problem(file, row, column, _cell(value), "a unique value (duplicate)"))
            continue
        if case.schema_context == "DataFrameSchema" and row is not None:
            # a row-level check: show the row's id for orientation
            ident = str(frame.iloc[int(index), 0]) if int(index) < len(frame) else None
            out.append(Problem(file, row, None, ident, _clean(check)))
            continue
        out.append(Problem(file, row, column, _cell(value), _clean(check)))
    # one row per failing cell: pandera repeats a row for each failing column of a frame check
    seen: set[Problem] = set()
    unique = []
    for p in sorted(out, key=lambda p: (p.row or 0, p.column or "", p.expected)):
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return unique


def _cell(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def _clean(check: str) -> str:
    return re.sub(r"\s+", " ", check).strip()
