"""UCDP GED imports: the official layout and HDX's, and the bundled file through the same path.

Fixtures: ``tests/fixtures/ucdp_official.csv`` (49 columns, dates without time, active_year
1/0) and ``ucdp_hdx.csv`` (HDX: ``iso3``, the HXL hashtag row on line 2, dates with a time
part, active_year True/False) hold the same four synthetic events.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from crisis import Filters, synth
from crisis.importers import ImportFailed
from tests.conftest import DATA, ROOT

FIXTURES = ROOT / "tests" / "fixtures"
BUNDLED = DATA / "ucdp" / "ged221_ukraine_2014_2021.csv"


@pytest.fixture
def layer(store):
    overlay = store.overlay()
    yield overlay
    overlay.close()


def events_of(layer, dataset: str) -> pd.DataFrame:
    frame = layer._df("SELECT * FROM {events} WHERE dataset = $d ORDER BY event_id", {"d": dataset})
    return frame.set_index("external_id")


def test_bundled_file_imports_through_the_same_path(layer):
    report = layer.import_file(BUNDLED, "ucdp", "ged-again")
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (2989, 2989, 0)
    totals = layer._df(
        "SELECT count(*) AS n, sum(deaths_best) AS best, sum(deaths_low) AS low, "
        "sum(deaths_high) AS high FROM {events} WHERE dataset = 'ged-again'"
    ).iloc[0]
    assert (totals["n"], totals["best"], totals["low"], totals["high"]) == (2989, 7882, 7424, 8804)
    # side names meet the bundled store's actors: by mapping, by name
    links = layer.event_actors(["ged-again:147997"])
    assert set(links["actor_id"]) == {"ukraine", "ucdp-maidan"}
    assert report.new_actors == 0
    # the bundled dataset itself was loaded by the same importer: same rows, other ids
    bundled = events_of(layer, "ucdp").drop(columns=["event_id", "dataset", "source_id", "note"])
    again = events_of(layer, "ged-again").drop(columns=["event_id", "dataset", "source_id", "note"])
    pd.testing.assert_frame_equal(bundled, again)


def test_official_and_hdx_layouts_give_the_same_events(layer):
    official = layer.import_file(FIXTURES / "ucdp_official.csv", "ucdp", "official")
    hdx = layer.import_file(FIXTURES / "ucdp_hdx.csv", "ucdp", "hdx")
    assert official.rows_read == hdx.rows_read == 4  # the HXL row is not a row
    assert hdx.rows_rejected == 0
    cols = ["title", "start_date", "end_date", "date_precision", "deaths_best", "provenance"]
    pd.testing.assert_frame_equal(events_of(layer, "official")[cols], events_of(layer, "hdx")[cols])


def test_mapping_of_dates_deaths_places_and_provenance(layer):
    layer.import_file(FIXTURES / "ucdp_hdx.csv", "ucdp", "hdx")
    ev = events_of(layer, "hdx")
    first = ev.loc["9001"]
    assert first["event_id"] == "hdx:9001" and first["event_type"] == "armed_conflict"
    assert first["original_type"] == "UCDP type_of_violence 1 (state-based)"
    assert (first["deaths_best"], first["deaths_low"], first["deaths_high"]) == (12, 10, 15)
    assert first["start_date"].date() == date(2015, 2, 1) and pd.isna(first["end_date"])
    assert first["title"] == "Government of Ukraine vs DPR — Donetsk town"
    assert first["geo_precision"] == "ucdp where_prec 1"
    assert first["provenance"].startswith('Shelling near Donetsk, officials say; "heavy losses"')
    assert "\nArticles: " in first["provenance"]
    # date_prec 4: the month, 5: the year; a range keeps its end
    assert ev.loc["9002", "date_precision"] == "month"
    assert ev.loc["9002", "end_date"].date() == date(2015, 3, 31)
    assert ev.loc["9003", "date_precision"] == "year"
    assert ev.loc["9003", "location_name"] == "Luhansk oblast"  # no where_coordinates
    assert ev.loc["9002", "provenance"] == "Civilians killed;\nsecond report — «Горлівка»"
    assert ev.loc["9004", "end_date"].date() == date(2022, 3, 4)
    assert ev.loc["9003", "original_type"].endswith("(non-state)")


def test_sides_become_actors(layer):
    report = layer.import_file(FIXTURES / "ucdp_official.csv", "ucdp", "official")
    links = layer._df(
        "SELECT e.external_id, ea.actor_id FROM {event_actors} ea JOIN {events} e "
        "USING (event_id) WHERE e.dataset = 'official'"
    )
    by_event = links.groupby("external_id")["actor_id"].apply(set).to_dict()
    assert by_event["9001"] == {"ukraine", "ucdp-dpr"}  # mapping; the bundled DPR by name
    assert by_event["9004"] == {"russia", "ukraine"}
    assert "official:civilians" in by_event["9002"]
    assert report.new_actors == 1  # only "Civilians"
    dpr = layer.events(Filters(actors=("separatists",), datasets=("official",)))
    assert set(dpr["external_id"]) == {"9001", "9002", "9003"}


def test_synthetic_variants_and_quirks(layer, tmp_path):
    rows = 200
    official = synth.write("ucdp", rows, 8, tmp_path / "u.csv")
    hdx = synth.write("ucdp", rows, 8, tmp_path / "uh.csv", hdx=True)
    a = layer.import_file(official, "ucdp", "syn-a")
    b = layer.import_file(hdx, "ucdp", "syn-b")
    assert a.rows_imported == b.rows_imported == rows
    cols = ["start_date", "end_date", "deaths_best", "latitude", "title"]
    pd.testing.assert_frame_equal(events_of(layer, "syn-a")[cols], events_of(layer, "syn-b")[cols])
    quirky = synth.write("ucdp", rows, 8, tmp_path / "uq.csv", quirks=True, hdx=True)
    report = layer.import_file(quirky, "ucdp", "syn-q")
    n = len(synth.quirk_rows(rows)["bad_date"])
    assert report.reasons == {
        "coordinates out of range": n,
        "non-numeric value": n,
        "unparseable date": n,
    }
    # HXL row on line 2: the first data row is line 3
    line = report.rejects.set_index("column").loc["date_start", "line"].min()
    assert line == synth.quirk_rows(rows)["bad_date"][0] + 3


def test_acled_file_given_as_ucdp_is_said(layer):
    before = layer.table_counts()
    with pytest.raises(ImportFailed) as err:
        layer.import_file(FIXTURES / "acled_current.csv", "ucdp")
    (problem,) = err.value.problems
    assert problem.expected.endswith("this looks like an ACLED export; choose format acled")
    assert layer.table_counts() == before


def test_missing_ged_column_is_named(layer, tmp_path):
    text = (FIXTURES / "ucdp_official.csv").read_text(encoding="utf-8")
    path = tmp_path / "g.csv"
    path.write_text(text.replace(",best,", ",best_estimate,", 1), encoding="utf-8")
    with pytest.raises(ImportFailed) as err:
        layer.import_file(path, "ucdp")
    (problem,) = err.value.problems
    assert (problem.file, problem.row, problem.column) == ("g.csv", 1, "best")
