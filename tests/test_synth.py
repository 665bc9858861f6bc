"""Synthetic ACLED and UCDP files: real layouts, labelled synthetic, deterministic, importable."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date, datetime

import pytest

from crisis import synth
from crisis.cli import main


def read(path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "fmt, options, columns",
    [
        ("acled", {}, synth.ACLED_COLUMNS),
        ("acled", {"layout": "old"}, synth.ACLED_OLD_COLUMNS),
        ("ucdp", {}, synth.UCDP_COLUMNS),
    ],
)
def test_layout_rows_and_determinism(tmp_path, fmt, options, columns):
    a = synth.write(fmt, 300, 7, tmp_path / "a.csv", **options)
    b = synth.write(fmt, 300, 7, tmp_path / "b.csv", **options)
    c = synth.write(fmt, 300, 8, tmp_path / "c.csv", **options)
    assert digest(a) == digest(b) != digest(c)
    rows = read(a)
    assert len(rows) == 300 and tuple(rows[0]) == columns
    assert len(columns) == (31 if fmt == "acled" else 49)


def test_hdx_variant_has_iso3_and_the_hxl_row(tmp_path):
    rows = read(synth.write("ucdp", 50, 1, tmp_path / "h.csv", hdx=True))
    assert len(rows) == 51 and "iso3" in rows[0]
    assert rows[0]["id"] == "" and rows[0]["latitude"] == "#geo+lat"
    assert rows[1]["date_start"].endswith(" 00:00:00.000")


def test_acled_content_is_realistic_and_labelled(tmp_path):
    rows = read(synth.write("acled", 2000, 3, tmp_path / "a.csv"))
    assert {r["source"] for r in rows} == {synth.SYNTHETIC_LABEL}
    assert all(r["event_id_cnty"].startswith("SYN") for r in rows)
    assert all(r["notes"].startswith("SYNTHETIC.") for r in rows)
    lat_lo, lat_hi, lon_lo, lon_hi = synth.UKRAINE_BBOX
    assert all(lat_lo <= float(r["latitude"]) <= lat_hi for r in rows)
    assert all(lon_lo <= float(r["longitude"]) <= lon_hi for r in rows)
    days = [datetime.strptime(r["event_date"], "%d %B %Y").date() for r in rows]
    assert date(2014, 1, 1) <= min(days) and max(days) <= date(2022, 12, 31)
    types = {(t[0], s[0]) for t in synth.ACLED_TYPES for s in t[3]}
    assert {(r["event_type"], r["sub_event_type"]) for r in rows} <= types
    assert len({r["event_type"] for r in rows}) == 6
    notes = " ".join(r["notes"] for r in rows)
    assert "," in notes and '"' in notes and "\n" in notes and "Укрінформ" in notes
    assert any(";" in r["assoc_actor_1"] for r in rows)
    assert "Military Forces of Ukraine (2014-2019)" in {r["actor1"] for r in rows}


def test_ucdp_content_is_labelled(tmp_path):
    rows = read(synth.write("ucdp", 500, 3, tmp_path / "u.csv"))
    assert all(r["id"].startswith("SYN") for r in rows)
    assert {r["source_office"] for r in rows} == {synth.SYNTHETIC_LABEL}
    assert {r["type_of_violence"] for r in rows} == {"1", "2", "3"}
    assert all(int(r["low"]) <= int(r["best"]) <= int(r["high"]) for r in rows)


def test_quirks_are_at_the_documented_rows(tmp_path):
    path = synth.write("acled", 300, 2, tmp_path / "q.csv", quirks=True)
    data = path.read_bytes()
    assert data.count(b"\r\n") >= 301
    rows = read(path)
    bad = synth.quirk_rows(300)
    assert len(bad["bad_date"]) == 3
    assert rows[bad["bad_latitude"][0]]["latitude"] == "123.0000"
    assert rows[bad["bad_deaths"][0]]["fatalities"] == "many"
    resaved = rows[bad["resaved"][0]]["event_date"]
    assert datetime.strptime(resaved, "%d-%b-%y") and not resaved.startswith("0")
    assert date.fromisoformat(rows[bad["iso"][0]]["event_date"])


def test_synth_command(tmp_path):
    out = io.StringIO()
    target = tmp_path / "cli.csv"
    code = main(
        ["synth", "--format", "acled", "--rows", "120", "--seed", "4", "--out", str(target)], out
    )
    assert code == 0 and "120 rows of synthetic ACLED" in out.getvalue()
    assert digest(target) == digest(synth.write("acled", 120, 4, tmp_path / "same.csv"))
    assert main(["synth", "--format", "ucdp", "--rows", "0"], io.StringIO()) == 2
