"""Every quote occurs verbatim in its source; added context is marked."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from crisis.loader import fold
from tests.conftest import DATA, ROOT

QUOTED_TABLES = ["events", "actors", "locations", "troops", "casualties"]


def rows(table: str) -> list[dict[str, str]]:
    with (DATA / f"{table}.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("table", QUOTED_TABLES)
def test_every_quote_is_verbatim_in_its_source(table):
    checked = 0
    for line, row in enumerate(rows(table), start=2):
        if not row["quote"] and not row["source_id"]:
            continue
        text = (DATA / "sources" / f"{row['source_id']}.txt").read_text(encoding="utf-8")
        assert fold(row["quote"]) in fold(text), f"{table}.csv line {line}"
        checked += 1
    assert checked > 0


def test_founding_article_is_the_seed_verbatim():
    seed = ROOT.parent / "shared" / "seed" / "000_7658c4148b7d94c0.txt"
    if not seed.exists():
        pytest.skip(f"shared seed not found at {seed}")
    assert (DATA / "sources" / "founding-article.txt").read_bytes() == seed.read_bytes()


def test_shared_provenance_checker_agrees():
    tool = ROOT.parent / "shared" / "tools" / "provenance_check.py"
    if not tool.exists():
        pytest.skip(f"shared provenance checker not found at {tool}")
    out = subprocess.run([sys.executable, str(tool), str(ROOT)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
    assert out.stdout.strip().endswith("0 missing")


def test_added_locations_say_why():
    for row in rows("locations"):
        if row["stated_in_source"] == "false":
            assert row["note"] and not row["quote"], row["location_id"]


def test_venues_not_in_the_article_are_added_context():
    by_id = {r["location_id"]: r for r in rows("locations")}
    assert by_id["geneva"]["stated_in_source"] == "true"
    assert by_id["brussels"]["stated_in_source"] == "false"
    assert by_id["vienna"]["stated_in_source"] == "false"


def test_unstated_dates_have_a_note():
    for row in rows("events"):
        if row["date_stated"] == "false":
            assert row["note"], row["event_id"]


def test_figures_keep_their_qualifiers():
    for table in ("troops", "casualties"):
        for row in rows(table):
            if not row["value_high"]:
                assert row["qualifier"] in ("more than", "at least"), row["figure_id"]
