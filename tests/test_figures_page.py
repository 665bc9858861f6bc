"""Figures page: figure formatting, the three tolls side by side, range charts, and the page."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import tables
from components.palette import EVENT_TYPE_COLORS
from components.text import format_figure, is_open_ended
from crisis import Store
from tests.conftest import DATA, ROOT

# -- formatting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "qualifier", "expected"),
    [
        (13200, None, "more than", "more than 13,200"),
        (13200, pd.NA, "more than", "more than 13,200"),
        (3390, None, "at least", "at least 3,390"),
        (13200, 13400, "", "13,200–13,400"),
        (13200, 13400, None, "13,200–13,400"),
        (100000, 100000, "around", "around 100,000"),
        (90000, 90000, "about", "about 90,000"),
        (100000, 100000, "nearly", "nearly 100,000"),
        (169000, 190000, "between", "between 169,000 and 190,000"),
        (94000, 94000, "", "94,000"),
        (175000, 175000, "planned", "175,000 (planned)"),
        (25, 25, float("nan"), "25"),
    ],
)
def test_format_figure(low: int, high: object, qualifier: object, expected: str) -> None:
    assert format_figure(low, high, qualifier) == expected


def test_format_figure_never_drops_a_qualifier(store: Store) -> None:
    for kind in ("troops", "casualties"):
        for r in store.figures(kind).to_dict("records"):
            text = format_figure(r["value_low"], r["value_high"], r["qualifier"])
            assert f"{int(r['value_low']):,}" in text
            q = r["qualifier"]
            if isinstance(q, str) and q and q != "planned":
                assert text.startswith(q), (r["figure_id"], text)


def test_open_ended() -> None:
    assert is_open_ended(None, "more than")
    assert is_open_ended(pd.NA, "at least")
    assert not is_open_ended(13400, "")
    assert not is_open_ended(None, "around")


def test_format_period() -> None:
    start, end = pd.Timestamp("2014-04-14"), pd.Timestamp("2021-06-30")
    assert tables.format_period(start, end) == "14 Apr 2014–30 Jun 2021"
    assert tables.format_period(None, end).startswith("up to 30 Jun 2021")
    assert tables.format_period(pd.NaT, pd.NaT) == "not stated"


def test_figure_table_keeps_ids_qualifiers_quotes_and_notes(store: Store) -> None:
    raw = store.figures("casualties")
    table = tables.figure_table(raw)
    assert list(table.columns) == list(tables.FIGURE_COLUMNS)
    assert list(table["figure_id"]) == list(raw["figure_id"])
    by_id = table.set_index("figure_id")
    assert by_id.loc["art-killed", "value"] == "more than 13,200"
    assert by_id.loc["C01", "value"] == "13,200–13,400"
    assert by_id.loc["art-killed", "reported_by"].startswith("not attributed")
    assert (table["quote"] == raw["quote"]).all()
    assert (table["note"] != "").sum() == raw["note"].notna().sum()


# -- the three tolls ---------------------------------------------------------------------------


def _ucdp_from_file() -> dict[str, int]:
    """The UCDP totals computed here independently from the bundled CSV (HXL row skipped)."""
    raw = pd.read_csv(DATA / "ucdp" / "ged221_ukraine_2014_2021.csv", skiprows=[1], dtype=str)
    return {k: int(pd.to_numeric(raw[k]).sum()) for k in ("best", "low", "high")} | {
        "events": len(raw)
    }


def test_toll_cards_side_by_side_from_data(store: Store) -> None:
    ucdp = store.ucdp_totals()
    expected = _ucdp_from_file()
    cards = tables.toll_cards(store.figures("casualties"), ucdp, "a quote")
    assert [c["id"] for c in cards] == ["art-killed", "C01", "ucdp-ged-22.1"]
    values = {c["id"]: c["value"] for c in cards}
    assert values["art-killed"] == "more than 13,200"
    assert values["C01"] == "13,200–13,400"
    assert values["ucdp-ged-22.1"] == f"{expected['best']:,}" == "7,882"
    ucdp_card = cards[2]
    assert f"low {expected['low']:,}" in ucdp_card["qualifier"]
    assert f"high {expected['high']:,}" in ucdp_card["qualifier"]
    assert f"{expected['events']:,}" in ucdp_card["extra"]
    assert all(c["definition"] for c in cards)
    assert cards[0]["reporter"].startswith("not attributed")
    assert "OHCHR" in cards[1]["reporter"]


def test_toll_cards_follow_the_data_not_constants(store: Store) -> None:
    """Change the numbers and the cards change: nothing is typed in."""
    cas = store.figures("casualties").copy()
    cas.loc[cas["figure_id"] == "C01", ["value_low", "value_high"]] = [1, 2]
    cards = tables.toll_cards(cas, {"best": 5, "low": 4, "high": 6, "events": 3})
    values = {c["id"]: c["value"] for c in cards}
    assert values["C01"] == "1–2"
    assert values["ucdp-ged-22.1"] == "5"


def test_dataset_passage_is_verbatim(store: Store) -> None:
    text = store.source_text("ucdp-ged-22.1")
    passage = tables.dataset_passage(text, "UCDP counts deaths")
    assert passage and passage.startswith("UCDP counts deaths")
    assert passage in " ".join(text.split())
    assert tables.dataset_passage(text, "no such start") is None


# -- charts ------------------------------------------------------------------------------------


def _ids(fig) -> set[str]:
    ids: set[str] = set()
    for trace in fig.data:
        if trace.customdata is not None:
            ids.update(str(row[0]) for row in trace.customdata)
    return ids


def test_casualty_chart_has_every_figure_and_ucdp(store: Store) -> None:
    cas = store.figures("casualties")
    fig = tables.casualty_range_figure(cas, store.ucdp_totals())
    assert _ids(fig) == set(cas["figure_id"]) | {"ucdp-ged-22.1"}
    assert fig.layout.xaxis.type == "log"
    open_end = [t for t in fig.data if t.name == "open end"][0]
    assert {row[0] for row in open_end.customdata} == {"art-killed", "C02"}
    colours = {t.marker.color for t in fig.data if t.mode == "markers" and t.marker.color}
    assert colours <= {EVENT_TYPE_COLORS["armed_conflict"]}


def test_troop_chart_ranges_and_reporters(store: Store) -> None:
    troops = store.figures("troops")
    fig = tables.troop_range_figure(troops)
    assert _ids(fig) == set(troops["figure_id"])
    texts = [a.text for a in fig.layout.annotations]
    assert any("T09 · Michael Carpenter" in t for t in texts)
    assert any("art-troops · not attributed" in t for t in texts)
    ranged = [t for t in fig.data if t.name == "range (low–high)"][0]
    assert 169000 in ranged.y and 190000 in ranged.y
    planned = [t for t in fig.data if t.name == "planned force (not present)"][0]
    assert [row[0] for row in planned.customdata] == ["T02"]


def test_chart_hover_is_escaped(store: Store) -> None:
    cas = store.figures("casualties").copy()
    cas.loc[0, "subject"] = "<img src=x onerror=alert(1)>"
    cas.loc[0, "reported_by"] = "<script>alert(1)</script>"
    fig = tables.casualty_range_figure(cas)
    hover = " ".join(h for t in fig.data if t.hovertext is not None for h in t.hovertext)
    assert "<br>" in hover  # our own tags are kept
    assert "<img" not in hover and "<script>" not in hover
    assert "&lt;img src=x onerror=alert(1)&gt;" in hover
    assert "&lt;script&gt;" in hover


def test_troop_labels_are_escaped(store: Store) -> None:
    troops = store.figures("troops").copy()
    troops.loc[troops["figure_id"] == "T03", "reported_by"] = "<b onmouseover=alert(1)>x</b>"
    fig = tables.troop_range_figure(troops)
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "<b onmouseover" not in texts and "&lt;b onmouseover=alert(1)&gt;" in texts


# -- the page ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "figures.py"), default_timeout=120)
    at.run()
    return at


def test_page_runs_and_shows_the_three_tolls(page: AppTest) -> None:
    assert not page.exception
    metrics = {m.label: m.value for m in page.metric}
    expected = _ucdp_from_file()
    assert metrics["Founding article (art-killed)"] == "more than 13,200"
    assert metrics["OHCHR (C01)"] == "13,200–13,400"
    assert metrics["UCDP GED 22.1 (ucdp-ged-22.1)"] == f"{expected['best']:,}"


def test_page_says_filters_do_not_apply_and_shows_quotes(page: AppTest) -> None:
    captions = " ".join(c.value for c in page.caption)
    assert "Figures are not events; the sidebar filters do not apply here" in captions
    markdown = " ".join(m.value for m in page.markdown)
    assert "13,200 people" in markdown.replace("\\", "")  # the article's verbatim quote
    assert "Caveats and added context" in markdown


def test_page_has_both_charts_and_tables(page: AppTest) -> None:
    charts = page.get("plotly_chart")
    assert len(charts) == 2
    spec = json.loads(charts[1].proto.spec)
    ids = {c[0] for t in spec["data"] for c in (t.get("customdata") or [])}
    assert "T09" in ids and "art-troops" in ids
    frames = [df.value for df in page.dataframe]
    assert len(frames) == 2
    assert "more than 13,200" in set(frames[0]["value"])
    assert "between 169,000 and 190,000" in set(frames[1]["value"])
