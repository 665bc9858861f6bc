"""Validation reports every problem at once, naming file, line and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from crisis.loader import load_tables
from crisis.schema import ValidationFailed


def rewrite(path: Path, edit) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0].keys())
    edit(rows, fields)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        load_tables(data_dir)
    return [str(p) for p in info.value.problems]


def set_cell(table: str, row: int, column: str, value: str):
    def edit(rows, fields):
        rows[row][column] = value

    return table, edit


def test_bundled_data_is_valid(data_copy):
    tables = load_tables(data_copy)
    assert tables.counts()["events"] >= 16


@pytest.mark.parametrize(
    "table, row, column, value, expected",
    [
        ("events.csv", 0, "event_type", "party", "an event type"),
        ("events.csv", 1, "start_date", "2022-13-01", "a real calendar date"),
        ("events.csv", 2, "start_date", "4 January", "a date as YYYY-MM-DD"),
        ("events.csv", 0, "status", "", "a value (this column is required)"),
        ("events.csv", 0, "location_id", "atlantis", "an id that exists in locations.csv"),
        ("events.csv", 0, "source_id", "nowhere", "an id that exists in sources.csv"),
        ("event_actors.csv", 0, "actor_id", "nobody", "an id that exists in actors.csv"),
        ("event_actors.csv", 0, "role", "cheerleader", "a role"),
        ("actors.csv", 0, "parent_actor_id", "nobody", "an id that exists in actors.csv"),
        ("actors.csv", 0, "side", "blue", "a side"),
        ("locations.csv", 0, "latitude", "123", "a latitude between -90 and 90"),
        ("troops.csv", 0, "value_low", "about 90k", "a whole number"),
        ("casualties.csv", 0, "qualifier", "roughly", "a qualifier"),
        ("sources.csv", 0, "url", "ftp://x", "an http(s) URL"),
    ],
)
def test_each_kind_of_bad_cell_is_named(data_copy, table, row, column, value, expected):
    name, edit = set_cell(table, row, column, value)
    rewrite(data_copy / name, edit)
    found = problems(data_copy)
    line = row + 2
    assert any(
        p.startswith(f"{table}, line {line}, column {column!r}") and expected in p for p in found
    ), found


def test_every_problem_is_reported_at_once(data_copy):
    rewrite(data_copy / "events.csv", set_cell("events.csv", 0, "event_type", "party")[1])
    rewrite(data_copy / "events.csv", set_cell("events.csv", 3, "status", "maybe")[1])
    rewrite(data_copy / "troops.csv", set_cell("troops.csv", 1, "value_low", "x")[1])
    found = problems(data_copy)
    assert any("events.csv, line 2" in p for p in found)
    assert any("events.csv, line 5" in p for p in found)
    assert any("troops.csv, line 3" in p for p in found)


def test_end_before_start_is_a_row_problem(data_copy):
    def edit(rows, fields):
        rows[0]["start_date"], rows[0]["end_date"] = "2022-01-05", "2022-01-01"

    rewrite(data_copy / "events.csv", edit)
    assert any(
        "line 2" in p and "end_date on or after start_date" in p for p in problems(data_copy)
    )


def test_duplicate_ids(data_copy):
    def edit(rows, fields):
        rows[1]["event_id"] = rows[0]["event_id"]

    rewrite(data_copy / "events.csv", edit)
    assert any("line 3" in p and "duplicate" in p for p in problems(data_copy))


def test_missing_and_unknown_columns(data_copy):
    def edit(rows, fields):
        fields.remove("summary")
        fields.append("mood")
        for r in rows:
            r.pop("summary")
            r["mood"] = "tense"

    rewrite(data_copy / "events.csv", edit)
    found = problems(data_copy)
    assert any("'summary'" in p and "present" in p for p in found)
    assert any("'mood'" in p and "unknown column" in p for p in found)


def test_quote_not_in_source(data_copy):
    rewrite(
        data_copy / "events.csv",
        set_cell("events.csv", 0, "quote", "Putin and Biden met on the Moon.")[1],
    )
    assert any("quote" in p and "verbatim" in p for p in problems(data_copy))


def test_quote_with_folded_whitespace_is_accepted(data_copy):
    def edit(rows, fields):
        rows[0]["quote"] = "  " + rows[0]["quote"].replace(" ", "\n  ", 2)

    rewrite(data_copy / "events.csv", edit)
    load_tables(data_copy)


def test_parent_cycle(data_copy):
    def edit(rows, fields):
        by_id = {r["actor_id"]: r for r in rows}
        by_id["nato"]["parent_actor_id"] = "nato-official"

    rewrite(data_copy / "actors.csv", edit)
    assert any("no cycle of parents" in p for p in problems(data_copy))


def test_event_without_actor(data_copy):
    def edit(rows, fields):
        rows[:] = [r for r in rows if r["event_id"] != "osce-discussions"]

    rewrite(data_copy / "event_actors.csv", edit)
    assert any("osce-discussions" in p and "at least one actor" in p for p in problems(data_copy))


def test_added_location_needs_a_note(data_copy):
    def edit(rows, fields):
        by_id = {r["location_id"]: r for r in rows}
        by_id["brussels"]["note"] = ""

    rewrite(data_copy / "locations.csv", edit)
    assert any("locations.csv" in p and "a note saying why" in p for p in problems(data_copy))


def test_missing_and_malformed_files(data_copy):
    (data_copy / "troops.csv").unlink()
    (data_copy / "casualties.csv").write_bytes(b"\xff\xfe\x00garbage")
    found = problems(data_copy)
    assert any(p.startswith("troops.csv") and "exist" in p for p in found)
    assert any(p.startswith("casualties.csv") and "readable CSV" in p for p in found)
