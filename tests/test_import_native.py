"""Native imports: ``python -m crisis show events --csv`` re-imports losslessly.

The export's ``actors`` column lists each event's actors (``id`` or ``id [role]``); an import
keeps every field but ``event_id`` (prefixed with the new dataset), ``dataset`` and
``span_end`` (computed again, to the same value).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from crisis import Store
from crisis.cli import main
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()


@pytest.fixture
def layer(store):
    overlay = store.overlay()
    yield overlay
    overlay.close()


def comparable(store: Store, dataset: str) -> pd.DataFrame:
    events = store._df("SELECT * FROM {events} WHERE dataset = $d", {"d": dataset})
    events["key"] = events["event_id"].str.replace(f"{dataset}:", "", n=1, regex=False)
    return events.drop(columns=["event_id", "dataset"]).set_index("key").sort_index()


def links(store: Store, dataset: str) -> set[tuple[str, str, str]]:
    frame = store._df(
        "SELECT ea.* FROM {event_actors} ea JOIN {events} e USING (event_id) WHERE e.dataset = $d",
        {"d": dataset},
    )
    return {
        (e.removeprefix(f"{dataset}:"), a, r)
        for e, a, r in frame[["event_id", "actor_id", "role"]].itertuples(index=False)
    }


def test_article_events_round_trip(layer, tmp_path):
    code, out = run("show", "events", "--dataset", "article", "--csv")
    assert code == 0
    path = tmp_path / "article.csv"
    path.write_text(out, encoding="utf-8")
    header = next(csv.reader(io.StringIO(out)))
    assert "actors" in header and "quote" in header
    report = layer.import_file(path, "native", "copy")
    assert report.rows_rejected == 0 and report.new_actors == 0
    pd.testing.assert_frame_equal(comparable(layer, "article"), comparable(layer, "copy"))
    assert links(layer, "article") == links(layer, "copy")
    assert any(role == "target" for _, _, role in links(layer, "copy"))


def test_imported_dataset_round_trips_through_a_database_file(tmp_path):
    db = tmp_path / "crisis.duckdb"
    code, out = run(
        "import", "--format", "acled", str(FIXTURES / "acled_current.csv"), "--db", str(db)
    )
    assert code == 0 and "dataset 'acled_current' saved in" in out
    code, out = run("show", "events", "--db", str(db), "--dataset", "acled_current", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 7 and rows[0]["dataset"] == "acled_current"
    export = tmp_path / "export.csv"
    export.write_text(out, encoding="utf-8")
    code, out = run(
        "import", "--format", "native", str(export), "--db", str(db), "--dataset", "again"
    )
    assert code == 0, out
    store = Store.open(db)
    try:
        pd.testing.assert_frame_equal(
            comparable(store, "acled_current"),
            comparable(store, "again").rename(index=lambda k: k.removeprefix("acled_current:")),
        )
        first = {(e.removeprefix("acled_current:"), a, r) for e, a, r in links(store, "again")}
        assert first == links(store, "acled_current")
        assert store.count_events() > 14  # beside the bundled data
    finally:
        store.close()


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_minimal_file_with_actor_names_and_roles(layer, tmp_path):
    path = write(
        tmp_path / "mine.csv",
        ["event_id", "title", "event_type", "start_date", "end_date", "actors"],
        [
            ["talks", "Talks", "meeting", "2022-01-10", "2022-01-11", "NATO; Moscow [target]"],
            ["rally", "A rally", "unrest", "2022-01-12 00:00:00", "", "Kyiv residents"],
        ],
    )
    report = layer.import_file(path, "native", "mine")
    assert report.rows_imported == 2 and report.new_actors == 1
    ev = layer._df("SELECT * FROM {events} WHERE dataset = 'mine' ORDER BY event_id")
    assert list(ev["status"]) == ["occurred", "occurred"] and list(ev["format"]) == ["unknown"] * 2
    assert set(ev["source_id"]) == {"import:mine"}
    assert links(layer, "mine") == {
        ("talks", "nato", "participant"),
        ("talks", "russia", "target"),  # "Moscow" is an alias of Russia
        ("rally", "mine:kyiv-residents", "participant"),
    }


def test_bad_native_values_reject_their_rows(layer, tmp_path):
    header = ["event_id", "title", "event_type", "start_date", "end_date", "date_stated"]
    path = write(
        tmp_path / "bad.csv",
        header,
        [
            ["a", "A", "meeting", "2022-01-10", "", "true"],
            ["b", "B", "party", "2022-01-10", "", "true"],
            ["c", "C", "call", "2022-01-10", "2022-01-09", "false"],
            ["d", "D", "call", "2022-01-10", "", "maybe"],
            ["e", "E", "call", "10/01/2022", "", ""],
        ],
    )
    report = layer.import_file(path, "native", "bad")
    assert report.rows_imported == 1
    rejects = report.rejects.set_index("line")
    assert (
        rejects.loc[3, "reason"] == "not in vocabulary" and "meeting" in rejects.loc[3, "expected"]
    )
    assert rejects.loc[4, "reason"] == "end date before start date"
    assert rejects.loc[5, "column"] == "date_stated"
    assert (
        rejects.loc[6, "reason"] == "unparseable date" and rejects.loc[6, "value"] == "10/01/2022"
    )
