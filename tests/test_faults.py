"""Damaged data files: the app still starts, says which file is wrong, and serves the rest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crisis import Filters, Store
from tests.conftest import ROOT


def test_missing_table_is_reported_and_the_rest_loads(data_copy):
    (data_copy / "troops.csv").unlink()
    store = Store.bundled(data_copy, tolerant=True)
    assert any(p.file == "troops.csv" and "exist" in p.expected for p in store.problems)
    assert store.figures("troops").empty
    assert not store.figures("casualties").empty
    assert store.count_events(Filters(datasets=("article",))) > 0


def test_truncated_table_keeps_its_complete_rows(data_copy):
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: int(len(text) * 0.6)], encoding="utf-8")  # cut mid-row
    store = Store.bundled(data_copy, tolerant=True)
    assert any(p.file == "events.csv" for p in store.problems)
    kept = store.count_events(Filters(datasets=("article",)))
    assert 0 < kept < 18
    assert store.count_events(Filters(datasets=("ucdp",))) == 2989


def test_corrupt_table_is_left_out(data_copy):
    (data_copy / "actors.csv").write_bytes(b"\x00\xff\xfe garbage \x81\x82")
    store = Store.bundled(data_copy, tolerant=True)
    files = {p.file for p in store.problems}
    assert "actors.csv" in files
    assert store.count_events(Filters(datasets=("article",))) == 18  # events still load


def test_bad_rows_are_dropped_not_the_file(data_copy):
    path = data_copy / "casualties.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",more than,", ",roughly,", 1), encoding="utf-8")
    store = Store.bundled(data_copy, tolerant=True)
    assert any(p.file == "casualties.csv" and p.column == "qualifier" for p in store.problems)
    ids = set(store.figures("casualties")["figure_id"])
    assert "art-killed" not in ids and "C01" in ids


def test_missing_geometry_gives_an_empty_layer_and_a_problem(tmp_path, data_copy):
    geo = tmp_path / "geo"
    geo.mkdir()
    for f in (data_copy / "geo").iterdir():
        if "line_of_contact" not in f.name:
            (geo / f.name).symlink_to(f.resolve())
    (data_copy / "geo").unlink()
    (data_copy / "geo").symlink_to(geo)
    store = Store.bundled(data_copy, tolerant=True)
    assert store.geometry("line_of_contact")["features"] == []
    assert any("line_of_contact" in p.file for p in store.problems)
    assert store.geometry("disputed")["features"]


def test_corrupt_ucdp_file(tmp_path, data_copy):
    ucdp = tmp_path / "ucdp"
    ucdp.mkdir()
    (ucdp / "actor_map.csv").write_bytes((ROOT / "data/ucdp/actor_map.csv").read_bytes())
    (ucdp / "ged221_ukraine_2014_2021.csv").write_text("not,a,ged\n1,2,3\n", encoding="utf-8")
    (data_copy / "ucdp").unlink()
    (data_copy / "ucdp").symlink_to(ucdp)
    store = Store.bundled(data_copy, tolerant=True)
    assert any("ged221" in p.file for p in store.problems)
    assert store.count_events(Filters(datasets=("ucdp",))) == 0
    assert store.count_events(Filters(datasets=("article",))) == 18
    with pytest.raises(ValueError):
        Store.bundled(data_copy)  # strict mode (CLI, tests) refuses


@pytest.fixture
def damaged_app(data_copy, monkeypatch):
    from components import data

    (data_copy / "troops.csv").unlink()
    monkeypatch.setenv("CRISIS_DATA", str(data_copy))
    data.get_store.clear()
    yield
    data.get_store.clear()


@pytest.mark.parametrize(
    "page", ["dashboard.py", "pages/timeline.py", "pages/figures.py", "pages/map.py"]
)
def test_app_starts_and_says_which_file_is_wrong(damaged_app, page):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.run()
    assert not at.exception, page
    warnings = " ".join(w.value for w in at.warning)
    assert "troops.csv" in warnings and "everything else" in warnings


def test_two_processes_share_one_database_read_only(tmp_path):
    path = tmp_path / "shared.duckdb"
    Store.bundled(db_path=path).close()
    mine = Store.open(path)
    code = (
        "import sys; from crisis import Store; s = Store.open(sys.argv[1]); "
        "print(s.count_events()); s.close()"
    )
    other = subprocess.run(
        [sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, text=True
    )
    try:
        assert other.returncode == 0, other.stderr
        assert int(other.stdout.strip()) == mine.count_events()
    finally:
        mine.close()
    assert Path(path).exists()
