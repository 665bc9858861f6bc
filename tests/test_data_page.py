"""Data page: the neutralised CSV export (components/tables.py) and the page (AppTest)."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import tables
from crisis import Filters, Store
from tests.conftest import ROOT


def _read(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            '=HYPERLINK("http://evil.example","click")',
            '\'=HYPERLINK("http://evil.example","click")',
        ),
        ("+SUM(A1:A2)", "'+SUM(A1:A2)"),
        ("-1", "'-1"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@cmd", "'@cmd"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("＝1+1", "'＝1+1"),
        ("normal text", "normal text"),
        ("a = b", "a = b"),
        ("", ""),
    ],
)
def test_neutralise_cell(cell: str, expected: str) -> None:
    assert tables.neutralise_cell(cell) == expected


@pytest.mark.parametrize("value", [-1, -1.5, 0, 3, np.int64(-7), None, True])
def test_non_strings_pass_through(value: object) -> None:
    assert tables.neutralise_cell(value) is value


def test_csv_round_trip() -> None:
    frame = pd.DataFrame(
        {
            "text": [
                '=HYPERLINK("x")',
                "-1",
                'he said "hi", then left',
                "line one\nline two",
                "@cmd",
                "plain",
            ],
            "number": [-1, 2, -3, 4, 5, 6],
            "maybe": pd.array([-1, None, 3, None, 5, -6], dtype="Int64"),
            "when": pd.to_datetime(["2022-01-04", None, "2014-04-14", None, None, None]),
            "ids": [["a", "b"], [], ["=c"], ["d"], [], ["e"]],
        }
    )
    rows = _read(tables.to_csv_bytes(frame))
    assert rows[0] == ["text", "number", "maybe", "when", "ids"]
    body = rows[1:]
    assert [r[0] for r in body] == [
        '\'=HYPERLINK("x")',
        "'-1",
        'he said "hi", then left',
        "line one\nline two",
        "'@cmd",
        "plain",
    ]
    assert [r[1] for r in body] == ["-1", "2", "-3", "4", "5", "6"]  # numbers untouched
    assert [r[2] for r in body] == ["-1", "", "3", "", "5", "-6"]
    assert body[0][3] == "2022-01-04" and body[1][3] == ""
    assert [r[4] for r in body] == ["a; b", "", "'=c", "d", "", "e"]


def test_export_of_the_real_events_is_neutralised(store: Store) -> None:
    events = store.events(Filters())
    rows = _read(tables.to_csv_bytes(events))
    assert len(rows) == len(events) + 1
    header = rows[0]
    danger = tables.FORMULA_PREFIXES
    for row in rows[1:]:
        for col, cell in zip(header, row, strict=True):
            if col in ("latitude", "longitude", "deaths_best", "deaths_low", "deaths_high"):
                continue
            assert not cell.startswith(danger), (row[0], col, cell)
    # UCDP headlines include cells like "-;-": they are exported with an apostrophe
    provenance = [r[header.index("provenance")] for r in rows[1:]]
    assert any(p.startswith("'-") for p in provenance)


def test_markdown_sections() -> None:
    text = "# T\n\n## A\n\na\n\n### A1\n\nx\n\n## B\n\nb\n\n## C\n\nc\n"
    out = tables.markdown_sections(text, ["C", "A"], demote=2)
    assert out.startswith("#### C\n\nc")
    assert "#### A\n\na\n\n##### A1" in out
    assert "## B" not in out and "\nb\n" not in out


# -- the page ----------------------------------------------------------------------------------


def _run(**state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    return at


def test_page_tables_and_downloads(store: Store) -> None:
    at = _run()
    assert len(at.tabs) == 6
    labels = [b.label for b in at.get("download_button")]
    assert labels == [
        f"Download {name} as CSV"
        for name in ("events", "actors", "locations", "troops", "casualties", "sources")
    ]
    frames = [df.value for df in at.dataframe]
    assert len(frames[0]) == store.count_events(Filters(datasets=("article",)))
    assert set(frames[1]["actor_id"]) == set(
        store.actor_stats(Filters(datasets=("article",)))["actor_id"]
    )
    assert "filtered_events" in frames[2].columns
    markdown = " ".join(m.value for m in at.markdown)
    assert "events.csv" in markdown and "value_high" in markdown  # the data dictionary


def test_page_follows_the_filters(store: Store) -> None:
    at = _run(f_actor=["nato"])
    events = at.dataframe[0].value
    expected = store.events(Filters(actors=("nato",), datasets=("article",)))
    assert list(events["event_id"]) == list(expected["event_id"])
    assert "nato-official" in set(at.dataframe[1].value["actor_id"])


def test_the_import_result_names_the_dataset_literally() -> None:
    """A dataset name with '-' or '.' shows as typed (a code span takes no markdown escapes)."""
    from streamlit.testing.v1 import AppTest

    def page() -> None:
        from components.upload import _show_result

        _show_result(
            {
                "ok": True,
                "file": "visitor-a.v2.csv",
                "summary": "10 rows read, 10 imported",
                "dataset": "visitor-a.v2",
                "rejected": 0,
                "reasons": {},
                "rejects_csv": None,
            }
        )

    at = AppTest.from_function(page).run()
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption]
    assert any("`visitor-a.v2`" in c for c in captions), captions
    assert not any("\\" in c for c in captions), captions
