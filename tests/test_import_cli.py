"""``python -m crisis import``: report, progress line, rejected rows beside the file, exit codes."""

from __future__ import annotations

import csv
import io

from crisis import synth
from crisis.cli import main
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()


def test_import_without_db_reports_and_says_nothing_was_saved(capsys):
    code, out = run("import", "--format", "acled", str(FIXTURES / "acled_current.csv"))
    assert code == 0
    assert "Imported 7 of 7 rows of acled_current.csv (ACLED export)" in out
    assert "not saved" in out and "in-memory" in out
    assert "importing: " in capsys.readouterr().err  # the progress line


def test_rejected_rows_are_written_beside_the_file(tmp_path):
    path = synth.write("acled", 300, 1, tmp_path / "q.csv", quirks=True)
    code, out = run("import", "--format", "acled", str(path))
    assert code == 0 and "warning: 9 row(s) rejected" in out
    rejected = tmp_path / "q.rejected.csv"
    assert str(rejected) in out
    with rejected.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 9 and rows[0]["line"] == str(synth.quirk_rows(300)["bad_date"][0] + 2)
    other = tmp_path / "elsewhere.csv"
    code, out = run("import", "--format", "acled", str(path), "--rejects", str(other))
    assert code == 0 and other.exists()


def test_failed_import_exits_1_and_leaves_the_database_as_it_was(tmp_path):
    db = tmp_path / "c.duckdb"
    assert (
        run("import", "--format", "acled", str(FIXTURES / "acled_current.csv"), "--db", str(db))[0]
        == 0
    )
    code, out = run("import", "--format", "acled", str(FIXTURES / "ucdp_hdx.csv"), "--db", str(db))
    assert code == 1
    assert "ucdp_hdx.csv, line 1: expected an ACLED export: this looks like a UCDP GED" in out
    assert "import failed: nothing was imported" in out
    code, out = run(
        "import", "--format", "acled", str(FIXTURES / "acled_current.csv"), "--db", str(db)
    )
    assert code == 1 and "column 'dataset'" in out  # the name is taken
    code, out = run("show", "events", "--db", str(db), "--dataset", "acled_current")
    assert code == 0 and "(7 rows)" in out
    code, out = run(
        "show", "events", "--db", str(db), "--dataset", "acled_current", "--type", "unrest"
    )
    assert code == 0 and "(2 rows)" in out


def test_import_of_a_missing_file_fails_cleanly(tmp_path):
    code, out = run("import", "--format", "ucdp", str(tmp_path / "nope.csv"))
    assert code == 1 and "nope.csv: expected an existing CSV file" in out


def test_a_database_that_is_not_a_crisis_database_is_refused(tmp_path):
    import duckdb

    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE t (a INTEGER)")
    code, _ = run(
        "import", "--format", "acled", str(FIXTURES / "acled_current.csv"), "--db", str(other)
    )
    assert code == 2
