"""python -m crisis: exit codes and output."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

from crisis.cli import main
from tests.conftest import ROOT


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()


def test_validate_ok():
    code, out = run("validate")
    assert code == 0
    assert "events" in out and "all tables valid" in out


def test_validate_reports_problems(data_copy):
    text = (data_copy / "events.csv").read_text(encoding="utf-8")
    (data_copy / "events.csv").write_text(text.replace(",meeting,", ",party,", 1), "utf-8")
    code, out = run("validate", str(data_copy))
    assert code == 1
    assert "events.csv, line" in out and "'event_type'" in out and "problem(s) found" in out


def test_show_events_with_filters():
    code, out = run(
        "show", "events", "--actor", "nato", "--from", "2022-01-09", "--to", "2022-01-13"
    )
    assert code == 0
    assert "nato-russia-council-meeting" in out
    assert "blinken-b9-call" not in out


def test_show_events_csv_has_header_and_rows():
    code, out = run("show", "events", "--type", "meeting", "--dataset", "article", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {"event_id", "start_date", "quote"} <= set(rows[0])
    assert {r["event_type"] for r in rows} == {"meeting"}


def test_show_other_tables():
    for table, expected in [
        ("actors", "Antony Blinken (United States)"),
        ("locations", "Geneva"),
        ("troops", "art-troops"),
        ("casualties", "C01"),
    ]:
        code, out = run("show", table)
        assert code == 0 and expected in out, table


def test_show_unknown_actor_exits_2():
    assert run("show", "events", "--actor", "nobody")[0] == 2


def test_show_empty_result():
    code, out = run("show", "events", "--actor", "kuleba", "--type", "annexation")
    assert code == 0 and "no rows match" in out


def test_build_db_and_show_from_it(tmp_path):
    db = tmp_path / "c.duckdb"
    code, out = run("build-db", str(db))
    assert code == 0 and db.exists()
    code, out = run("show", "events", "--db", str(db), "--actor", "united-states", "--csv")
    assert code == 0 and "blinken-b9-call" in out
    assert run("build-db", str(db))[0] == 2  # refuses to overwrite
    assert run("show", "events", "--db", str(tmp_path / "missing.duckdb"))[0] == 2


def test_module_entry_point_and_bad_date():
    ok = subprocess.run(
        [sys.executable, "-m", "crisis", "validate"], cwd=ROOT, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "crisis", "show", "events", "--from", "4 Jan"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "not a date as YYYY-MM-DD" in bad.stderr
