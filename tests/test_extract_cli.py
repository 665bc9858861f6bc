"""python -m crisis extract / evaluate-extraction (called through crisis.extract.cli.run)."""

from __future__ import annotations

import argparse
import csv
import io

import pytest

from crisis.extract.cli import CSV_COLUMNS, add_parsers, run
from tests.conftest import DATA, ROOT

ARTICLE = DATA / "sources" / "founding-article.txt"
TROOPS_COLUMNS = [
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
]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m crisis")
    add_parsers(p.add_subparsers(dest="command", required=True))
    return p


def call(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = run(parser().parse_args(list(argv)), out)
    return code, out.getvalue()


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_events_csv_has_actors_in_one_column():
    code, out = call("extract", str(ARTICLE), "--published", "2022-01-04", "--csv")
    assert code == 0
    header = next(csv.reader(io.StringIO(out)))
    assert header == CSV_COLUMNS["events"]
    table = rows(out)
    geneva = next(r for r in table if r["start_date"] == "2022-01-09")
    assert geneva["actors"] == "United States; Russian officials"
    assert geneva["end_date"] == "2022-01-10" and geneva["place"] == "Geneva"
    for r in table:
        assert r["quote"] in ARTICLE.read_text(encoding="utf-8")
        assert 0 < float(r["confidence"]) <= 1


def test_figures_csv_has_the_figure_tables_columns_plus_kind():
    code, out = call(
        "extract", str(ARTICLE), "--published", "2022-01-04", "--table", "figures", "--csv"
    )
    assert code == 0
    header = next(csv.reader(io.StringIO(out)))
    assert header[0] == "kind" and header[1:-1] == TROOPS_COLUMNS and header[-1] == "confidence"
    by_value = {r["value_low"]: r for r in rows(out)}
    assert by_value["13200"]["value_high"] == "" and by_value["13200"]["qualifier"] == "more than"
    assert by_value["13200"]["kind"] == "casualties"
    assert by_value["100000"]["value_high"] == "100000" and by_value["100000"]["kind"] == "troops"


def test_locations_csv():
    code, out = call(
        "extract", str(ARTICLE), "--published", "2022-01-04", "--table", "locations", "--csv"
    )
    assert code == 0
    table = rows(out)
    assert list(table[0]) == CSV_COLUMNS["locations"]
    assert {r["stated_in_source"] for r in table} == {"true"}
    assert "Geneva" in {r["name"] for r in table}


def test_text_output_lists_every_table():
    fixture = ROOT / "tests" / "fixtures" / "articles" / "madeup-year-boundary.txt"
    code, out = call("extract", str(fixture), "--published", "2021-12-30")
    assert code == 0
    for name in ("events (", "figures (", "locations (", "actors (", "source_id for these rows"):
        assert name in out


def test_errors_exit_2(tmp_path, capsys):
    assert call("extract", str(tmp_path / "missing.txt"), "--published", "2022-01-04")[0] == 2
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert call("extract", str(empty), "--published", "2022-01-04")[0] == 2
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Kyiv \xe9t\xe9".encode("latin-1"))
    assert call("extract", str(latin), "--published", "2022-01-04")[0] == 2
    assert "UTF-8" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser().parse_args(["extract", str(ARTICLE), "--published", "4 Jan"])


def test_evaluate_extraction_prints_the_table():
    code, out = call("evaluate-extraction")
    assert code == 0
    lines = out.splitlines()
    assert "precision" in lines[1] and "recall" in lines[1] and "F1" in lines[1]
    events = next(line for line in lines if line.startswith("events "))
    assert float(events.split()[-1]) >= 0.8
    assert next(line for line in lines if line.startswith("figures ")).split()[-2] == "1.00"
