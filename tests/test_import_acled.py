"""ACLED imports: both layouts, the mapping onto the event model, and every kind of bad input.

Fixtures: ``tests/fixtures/acled_current.csv`` (the 31-column export, LF) and ``acled_old.csv``
(the layout before March 2023, CRLF) hold the same seven synthetic rows: three date forms,
time precisions 1-3, notes with commas, quotes, a line break and Cyrillic, ``;``-separated
associated actors, an empty fatalities cell. Bad files are written by the tests.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from crisis import synth
from crisis.importers import ImportFailed
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
CURRENT = FIXTURES / "acled_current.csv"
OLD = FIXTURES / "acled_old.csv"


@pytest.fixture
def layer(store):
    """A session overlay of the shared bundled store: imports into it are its own."""
    overlay = store.overlay()
    yield overlay
    overlay.close()


def events_of(layer, dataset: str) -> pd.DataFrame:
    frame = layer._df("SELECT * FROM {events} WHERE dataset = $d ORDER BY event_id", {"d": dataset})
    return frame.set_index("external_id")


def links_of(layer, dataset: str) -> dict[str, set[str]]:
    frame = layer._df(
        "SELECT e.external_id, ea.actor_id FROM {event_actors} ea "
        "JOIN {events} e USING (event_id) WHERE e.dataset = $d",
        {"d": dataset},
    )
    return frame.groupby("external_id")["actor_id"].apply(set).to_dict()


def write_rows(path: Path, header: list[str], rows: list[list[str]], delim: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter=delim, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def fixture_rows(path: Path = CURRENT) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def test_current_layout_maps_types_dates_places_and_deaths(layer):
    report = layer.import_file(CURRENT, "acled", "fix")
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (7, 7, 0)
    ev = events_of(layer, "fix")
    assert ev.loc["FIX1", "event_id"] == "fix:FIX1"
    types = ev["event_type"].to_dict()
    assert types == {
        "FIX1": "armed_conflict",
        "FIX2": "unrest",
        "FIX3": "policy",  # Strategic developments / Agreement
        "FIX4": "military",  # Headquarters or base established
        "FIX5": "other",  # Arrests
        "FIX6": "unrest",  # Riots
        "FIX7": "armed_conflict",
    }
    assert ev.loc["FIX1", "original_type"] == "Battles / Armed clash"
    assert ev.loc["FIX1", "title"] == "Armed clash: Military Forces of Russia (2000-) — Bakhmut"
    assert pd.isna(ev.loc["FIX1", "summary"])  # title and ACLED's notes say it all
    # time_precision 1: the day; 2: the day ACLED placed it, not stated; 3: the whole month
    assert ev.loc["FIX1", "start_date"].date() == date(2020, 5, 9)
    assert ev.loc["FIX1", "date_precision"] == "day" and ev.loc["FIX1", "date_stated"]
    assert ev.loc["FIX2", "start_date"].date() == date(2020, 5, 10)
    assert not ev.loc["FIX2", "date_stated"] and "time_precision 2" in ev.loc["FIX2", "note"]
    assert ev.loc["FIX3", "date_precision"] == "month"
    assert ev.loc["FIX3", "start_date"].date() == date(2020, 5, 1)  # "9-May-20", month only
    assert ev.loc["FIX3", "span_end"].date() == date(2020, 5, 31)
    assert "9 May 2020" in ev.loc["FIX3", "note"]
    # places and coordinates
    assert ev.loc["FIX1", "location_name"] == "Bakhmut, Donetsk"
    assert ev.loc["FIX3", "location_name"] == "Kyiv"  # no admin1
    assert (ev.loc["FIX1", "latitude"], ev.loc["FIX1", "longitude"]) == (48.5956, 38.0003)
    assert ev.loc["FIX1", "geo_precision"] == "acled geo_precision 1"
    # one fatality figure: deaths_best only; an empty cell is unknown, not zero
    assert ev.loc["FIX1", "deaths_best"] == 3
    assert pd.isna(ev.loc["FIX1", "deaths_low"]) and pd.isna(ev.loc["FIX1", "deaths_high"])
    assert pd.isna(ev.loc["FIX7", "deaths_best"])
    assert set(ev["status"]) == {"occurred"} and set(ev["format"]) == {"unknown"}


def test_notes_with_commas_quotes_line_breaks_and_cyrillic_become_provenance(layer):
    layer.import_file(CURRENT, "acled", "fix")
    prov = events_of(layer, "fix").loc["FIX1", "provenance"]
    assert prov.startswith(
        "Source: SYNTHETIC fixture — not real events (National). Notes: SYNTHETIC. Forces"
    )
    assert 'officials said "heavy" fighting, shops closed;\nsecond line — «Бахмут».' in prov


def test_actors_matched_by_name_alias_and_mapping_or_created(layer):
    report = layer.import_file(CURRENT, "acled", "fix")
    links = links_of(layer, "fix")
    assert links["FIX1"] == {
        "fix:military-forces-of-russia-2000",
        "fix:military-forces-of-ukraine-2019",
        "fix:women-ukraine",  # associated actors, ';'-separated
        "fix:journalists-ukraine",
    }
    assert links["FIX3"] == {"ukraine", "russia"}  # "Government of Ukraine" (mapping), "Russia"
    actors = layer.actors().set_index("actor_id")
    russian = actors.loc["fix:military-forces-of-russia-2000"]
    assert russian["name"] == "Military Forces of Russia (2000-)"
    assert (russian["parent_actor_id"], russian["side"], russian["kind"]) == (
        "russia",
        "russia",
        "group",
    )
    assert actors.loc["fix:military-forces-of-ukraine-2019", "parent_actor_id"] == (
        "ukrainian-government-forces"
    )
    assert actors.loc["fix:naf-united-armed-forces-of-novorossiya", "parent_actor_id"] == (
        "separatists"
    )
    civilians = actors.loc["fix:civilians-ukraine"]
    assert civilians["side"] == "other" and pd.isna(civilians["parent_actor_id"])
    assert "not matched to a known actor" in civilians["note"]
    assert report.new_actors == len(actors[actors["dataset"] == "fix"])
    assert "ukraine" not in set(actors[actors["dataset"] == "fix"].index)


def test_imported_events_answer_the_store_filters(layer):
    from crisis import Filters

    layer.import_file(CURRENT, "acled", "fix")
    russia = layer.events(Filters(actors=("russia",), datasets=("fix",)))
    assert set(russia["external_id"]) == {"FIX1", "FIX3", "FIX7"}  # through parents, too
    unrest = layer.events(Filters(event_types=("unrest",), datasets=("fix",)))
    assert set(unrest["external_id"]) == {"FIX2", "FIX6"}
    may_10 = layer.events(Filters(start=date(2020, 5, 10), end=date(2020, 5, 10)))
    assert {"FIX2", "FIX3"} <= set(may_10["external_id"])  # FIX3 spans May


def test_old_layout_with_crlf_gives_the_same_events(layer):
    assert b"\r\n" in OLD.read_bytes() and b"\r\n" not in CURRENT.read_bytes()
    layer.import_file(CURRENT, "acled", "new-layout")
    report = layer.import_file(OLD, "acled", "old-layout")
    assert report.rows_imported == 7
    cols = ["title", "event_type", "start_date", "date_precision", "latitude", "provenance"]
    new = events_of(layer, "new-layout")[cols]
    old = events_of(layer, "old-layout")[cols]
    pd.testing.assert_frame_equal(new, old)


def test_synthetic_file_imports_cleanly(layer, tmp_path):
    path = synth.write("acled", 800, 3, tmp_path / "syn.csv")
    report = layer.import_file(path, "acled")
    assert report.dataset == "acled-syn"
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (800, 800, 0)
    assert any("synthetic" in n for n in report.notes)
    source = layer.sources().set_index("source_id").loc["import:acled-syn"]
    assert source["kind"] == "dataset" and "synthetic" in source["title"]
    text = layer.source_text("import:acled-syn")
    assert "syn.csv" in text and "800 rows read" in text and "acleddata.com/terms" in text


def test_partial_import_reports_counts_reasons_and_rows(layer, tmp_path):
    rows = 500
    path = synth.write("acled", rows, 5, tmp_path / "quirky.csv", quirks=True)
    assert b"\r\n" in path.read_bytes()
    report = layer.import_file(path, "acled")
    bad = synth.quirk_rows(rows)
    n = len(bad["bad_date"])
    assert report.reasons == {
        "coordinates out of range": n,
        "non-numeric value": n,
        "unparseable date": n,
    }
    assert report.rows_rejected == 3 * n and report.rows_imported == rows - 3 * n
    assert f"rejected {3 * n}" in report.summary()
    rejects = report.rejects_frame().set_index("line")
    first = bad["bad_date"][0] + 2  # header is line 1
    assert rejects.loc[first, "column"] == "event_date"
    assert rejects.loc[first, "value"].startswith("31 Febuary")
    assert "09 May 2020" in rejects.loc[first, "expected"]
    assert rejects.loc[bad["bad_latitude"][0] + 2, "reason"] == "coordinates out of range"
    assert rejects.loc[bad["bad_deaths"][0] + 2, "value"] == "many"
    assert {"event_id_cnty", "notes"} <= set(rejects.columns)  # the row's own fields follow
    # the re-saved ("9-May-20") and ISO dates of the same file were read
    ev = events_of(layer, report.dataset)
    row = bad["resaved"][0]
    assert f"SYNUKR{row + 1}" in ev.index


def test_duplicate_ids_keep_the_first_row(layer, tmp_path):
    header, rows = fixture_rows()
    path = write_rows(tmp_path / "dup.csv", header, [*rows, rows[1]])
    report = layer.import_file(path, "acled")
    assert report.reasons == {"duplicate event id": 1}
    reject = report.rejects.iloc[0]
    assert reject["line"] == 9 and reject["column"] == "event_id_cnty"
    assert reject["value"] == "FIX2" and "first used on line 3" in reject["expected"]


def test_missing_value_and_wrong_field_count_reject_rows(layer, tmp_path):
    header, rows = fixture_rows()
    rows[2][header.index("actor1")] = ""  # FIX3
    # a short row after FIX1 (whose notes hold a line break) and one at the end
    path = write_rows(tmp_path / "gaps.csv", header, [rows[0], ["FIX8", "short"], *rows[1:]])
    text = path.read_text(encoding="utf-8") + "FIX9,10 May 2020,2020\n"
    path.write_text(text, encoding="utf-8")
    report = layer.import_file(path, "acled")
    assert report.reasons == {"wrong number of fields": 2, "missing required value": 1}
    rejects = report.rejects.set_index("line")
    # lines count rows as a spreadsheet does: FIX1 is line 2 however many line breaks it holds
    assert rejects.loc[3, "value"] == "FIX8,short"
    assert rejects.loc[5, "column"] == "actor1" and rejects.loc[5, "event_id_cnty"] == "FIX3"
    assert rejects.loc[10, "value"] == "FIX9,10 May 2020,2020"
    assert report.rows_read == 9 and report.rows_imported == 6


def expect_failure(layer, path: Path, fmt: str = "acled", **kw) -> list:
    before = layer.table_counts()
    with pytest.raises(ImportFailed) as err:
        layer.import_file(path, fmt, **kw)
    assert layer.table_counts() == before  # nothing changed
    return err.value.problems


def test_missing_column_is_named(layer, tmp_path):
    header, rows = fixture_rows()
    keep = [i for i, c in enumerate(header) if c not in ("event_date", "latitude")]
    path = write_rows(
        tmp_path / "cols.csv", [header[i] for i in keep], [[r[i] for i in keep] for r in rows]
    )
    problems = expect_failure(layer, path)
    assert [(p.row, p.column) for p in problems] == [(1, "event_date"), (1, "latitude")]
    assert "cols.csv, line 1, column 'event_date'" in str(problems[0])


def test_wrong_delimiter_is_named(layer, tmp_path):
    header, rows = fixture_rows()
    for delim, word in ((";", "semicolon"), ("\t", "tab")):
        path = write_rows(tmp_path / "delim.csv", header, rows, delim=delim)
        (problem,) = expect_failure(layer, path)
        assert word in problem.expected and "commas" in problem.expected


def test_not_utf8_is_said(layer, tmp_path):
    text = CURRENT.read_text(encoding="utf-8").replace("—", "-").replace("«Бахмут»", "Kyïv")
    path = tmp_path / "latin.csv"
    path.write_bytes(text.encode("latin-1"))
    (problem,) = expect_failure(layer, path)
    assert "not UTF-8" in problem.expected and problem.row == 3
    utf16 = tmp_path / "utf16.csv"
    utf16.write_text(CURRENT.read_text(encoding="utf-8"), encoding="utf-16")
    (problem,) = expect_failure(layer, utf16)
    assert "UTF-16" in problem.expected


def test_not_utf8_far_into_a_big_file_is_said(layer, tmp_path):
    path = synth.write("acled", 4000, 1, tmp_path / "big.csv")
    data = path.read_bytes()
    assert len(data) > (1 << 20)  # past the head the importer checks itself
    path.write_bytes(data + b"SYN9,09 May 2020,2020,1,x,Battles,Armed clash,Caf\xe9\n")
    (problem,) = expect_failure(layer, path)
    assert "not UTF-8" in problem.expected and problem.row == 4002


def test_empty_and_header_only_files_are_said(layer, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    (problem,) = expect_failure(layer, empty)
    assert "empty" in problem.expected
    header, _ = fixture_rows()
    head_only = write_rows(tmp_path / "head.csv", header, [])
    (problem,) = expect_failure(layer, head_only)
    assert "no rows" in problem.expected


def test_file_of_the_other_format_is_said(layer):
    (problem,) = expect_failure(layer, FIXTURES / "ucdp_official.csv", "acled")
    assert "looks like a UCDP GED file; choose format ucdp" in problem.expected


def test_every_row_rejected_fails_with_the_rows(layer, tmp_path):
    header, rows = fixture_rows()
    for row in rows:
        row[header.index("latitude")] = "123"
    path = write_rows(tmp_path / "allbad.csv", header, rows)
    problems = expect_failure(layer, path)
    assert problems[0].row == 2 and problems[0].column == "latitude"
    assert "all 7 rows were rejected" in problems[-1].expected


def test_dataset_names_are_checked(layer):
    layer.import_file(CURRENT, "acled", "fix")
    (problem,) = expect_failure(layer, CURRENT, dataset="fix")
    assert problem.column == "dataset" and "not in the store" in problem.expected
    (problem,) = expect_failure(layer, CURRENT, dataset="article")
    layer.import_file(CURRENT, "acled", "Fix-2")  # names are kept in lower case
    assert "events (fix-2)" in layer.table_counts()
    (problem,) = expect_failure(layer, CURRENT, dataset="bad name!")
    assert "lower-case" in problem.expected


def test_overlays_do_not_see_each_others_imports(store):
    a, b = store.overlay(), store.overlay()
    try:
        before = store.table_counts()
        a.import_file(CURRENT, "acled", "mine")
        assert "events (mine)" in a.table_counts()
        assert "events (mine)" not in b.table_counts()
        assert store.table_counts() == before
        b.import_file(CURRENT, "acled", "mine")  # the same name in another session is fine
        assert a.table_counts()["events (mine)"] == b.table_counts()["events (mine)"] == 7
    finally:
        a.close()
        b.close()


def test_concurrent_imports_into_two_overlays(store, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    quirky = synth.write("acled", 600, 9, tmp_path / "q.csv", quirks=True)
    layers = [store.overlay(), store.overlay()]
    files = [CURRENT, quirky]
    try:
        with ThreadPoolExecutor(2) as pool:
            reports = list(
                pool.map(lambda i: layers[i].import_file(files[i], "acled", "x"), [0, 1])
            )
        assert reports[0].rows_imported == 7 and reports[0].rows_rejected == 0
        assert reports[1].rows_rejected == 18
        assert layers[0].table_counts()["events (x)"] == 7
        assert layers[1].table_counts()["events (x)"] == 600 - 18
    finally:
        for layer in layers:
            layer.close()


def test_progress_is_reported_in_steps(layer):
    seen = []
    layer.import_file(CURRENT, "acled", "fix", progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(seen) >= 5
    assert any("actors" in m for _, m in seen)


def test_rejects_frame_round_trips_through_csv(layer, tmp_path):
    path = synth.write("acled", 200, 2, tmp_path / "q.csv", quirks=True)
    report = layer.import_file(path, "acled")
    buffer = io.StringIO()
    report.rejects_frame().to_csv(buffer, index=False)
    back = pd.read_csv(io.StringIO(buffer.getvalue()), dtype=str)
    assert list(back.columns[:5]) == ["line", "column", "value", "reason", "expected"]
    assert len(back) == report.rows_rejected


def test_actor_aliases_are_documented_and_point_at_known_actors(store):
    from crisis import vocab
    from tests.conftest import DATA

    frame = pd.read_csv(DATA / "importers" / "actor_aliases.csv", dtype=str, keep_default_na=False)
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert all(f"`{column}`" in readme for column in frame.columns)
    known = set(store.actors()["actor_id"])
    for row in frame.itertuples(index=False):
        assert row.format in ("", "acled", "ucdp"), row
        assert row.actor_id in known | {""}, row
        assert row.parent_actor_id in known | {""}, row
        assert row.side in (*vocab.SIDES, ""), row
        assert row.kind in (*vocab.ACTOR_KINDS, ""), row
        assert row.note, row
    assert frame["name"].str.lower().is_unique
