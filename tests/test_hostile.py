"""Hostile strings survive an import as plain data, and leave the CSV export neutralised."""

from __future__ import annotations

import csv
import io

from components.tables import to_csv_bytes
from crisis import Filters
from tests.browser.test_hostile_upload import HOSTILE, IMG, hostile_file


def test_hostile_file_imports_with_its_long_field_and_keeps_text_literal(store, tmp_path):
    overlay = store.overlay()
    try:
        report = overlay.import_file(hostile_file(tmp_path / "h.csv"), "acled", dataset="h")
        assert report.rows_imported == len(HOSTILE) and report.rows_rejected == 0
        events = overlay.events(Filters(datasets=("h",)))
        assert max(events["provenance"].str.len()) > 200_000
        names = set(overlay.actors()["name"])
        assert IMG in names  # stored as text, not interpreted
        exported = to_csv_bytes(events[["event_id", "location_name"]]).decode("utf-8")
        cells = [row[1] for row in csv.reader(io.StringIO(exported))][1:]
        for cell in cells:
            assert not cell.startswith(("=", "+", "@", "-")), cell
    finally:
        overlay.close()
