"""Sources page: provenance helpers (components/provenance.py) and the page (AppTest)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from components import provenance as prov
from components.text import blockquote, md_escape
from crisis import Store
from crisis.loader import fold
from tests.conftest import ROOT

HOSTILE = "<script>alert(1)</script>"


def _rows(store: Store, source_id: str) -> list[tuple[str, str, str, str]]:
    quotes = store.quotes(source_id)
    return [tuple(r) for r in quotes[["table_name", "row_id", "label", "quote"]].itertuples(False)]


# -- locating quotes ---------------------------------------------------------------------------


def test_every_quote_of_the_founding_article_is_found(store: Store) -> None:
    text = store.source_text("founding-article")
    rows = _rows(store, "founding-article")
    assert len(rows) > 40
    spans = prov.find_quotes(text, [r[3] for r in rows])
    for (table, row_id, _, quote), span in zip(rows, spans, strict=True):
        assert span is not None, (table, row_id)
        start, end = span
        assert fold(text[start:end]) == fold(quote), (table, row_id)


@pytest.mark.parametrize(
    "source_id", ["ref-c01-c03", "ref-t08-t09", "ref-t03", "ref-c04", "ucdp-ged-22.1"]
)
def test_every_quote_of_other_sources_is_found(store: Store, source_id: str) -> None:
    text = store.source_text(source_id)
    highlights, missing = prov.build_highlights(text, _rows(store, source_id))
    assert missing == []
    assert sum(len(h.rows) for h in highlights) == len(_rows(store, source_id))


def test_quote_across_a_line_break_maps_back_to_the_original_text() -> None:
    text = "First line ends here.\nSecond   line\n\nthird."
    span = prov.find_quote(text, "ends here. Second line third.")
    assert span == (11, len(text))
    assert prov.find_quote(text, "not there") is None
    assert prov.find_quote(text, "   ") is None


# -- sentences ---------------------------------------------------------------------------------


def test_sentences_respect_abbreviations_and_lines() -> None:
    text = (
        "U.S. Secretary of State Antony Blinken spoke. He said “yes.” Then he left...and came "
        "back.\nA new line starts a sentence"
    )
    sentences = [text[a:b] for a, b in prov.split_sentences(text)]
    assert sentences == [
        "U.S. Secretary of State Antony Blinken spoke.",
        "He said “yes.”",
        "Then he left...and came back.",
        "A new line starts a sentence",
    ]


def test_share_of_the_founding_article_used(store: Store) -> None:
    text = store.source_text("founding-article")
    highlights, _ = prov.build_highlights(text, _rows(store, "founding-article"))
    spans = [(h.start, h.end) for h in highlights]
    used, total = prov.sentence_coverage(text, spans)
    share = prov.sentence_share(text, spans)
    assert 0 < share <= 1
    assert share > 0.5
    assert share == used / total
    assert total >= 18  # one paragraph per line, some with two sentences


def test_share_bounds() -> None:
    assert prov.sentence_share("", []) == 0.0
    assert prov.sentence_share("One. Two.", []) == 0.0
    assert prov.sentence_share("One. Two.", [(0, 9)]) == 1.0
    assert prov.sentence_share("One. Two.", [(0, 3), None]) == 0.5


# -- highlights and rendering ------------------------------------------------------------------


def test_highlights_group_rows_by_passage_in_reading_order(store: Store) -> None:
    text = store.source_text("founding-article")
    highlights, _ = prov.build_highlights(text, _rows(store, "founding-article"))
    assert [h.number for h in highlights] == list(range(1, len(highlights) + 1))
    assert [h.start for h in highlights] == sorted(h.start for h in highlights)
    b9 = [h for h in highlights if any(r.row_id == "romania" for r in h.rows)][0]
    assert {r.row_id for r in b9.rows} >= {"b9", "poland", "lithuania"}
    rows = prov.highlight_rows(highlights)
    assert {r["highlight"] for r in rows} == {f"[{h.number}]" for h in highlights}


def test_segments_cover_the_text_exactly() -> None:
    text = "abcdefghij"
    hl = [prov.Highlight(1, 0, 6), prov.Highlight(2, 3, 8)]
    segs = prov.segments(text, hl)
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.numbers, s.marks) for s in segs] == [
        ("abc", (1,), ()),
        ("def", (1, 2), (1,)),
        ("gh", (2,), (2,)),
        ("ij", (), ()),
    ]


def test_hostile_text_stays_escaped() -> None:
    text = f"Intro {HOSTILE} and <img src=x onerror=alert(1)> & more."
    rows = [("events", "<b>id</b>", "label", HOSTILE)]
    highlights, missing = prov.build_highlights(text, rows)
    assert missing == []
    out = prov.render_html(text, highlights)
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "&amp; more." in out
    assert '<mark style="' in out and "<sup" in out  # our own tags only
    tags = {t.strip("</").split()[0].rstrip(">") for t in re.findall(r"</?[a-z]+[^>]*>", out)}
    assert tags <= {"div", "mark", "sup"}


def test_escape_markdown() -> None:
    hostile = "**bold** [link](javascript:alert(1)) :red[x] $x$ <b>t</b> # h https://x.io"
    escaped = md_escape(hostile)
    for raw in ("**", "](", ":red[", "$x$", "<b>", "https://"):
        assert raw not in escaped
    assert escaped.replace("\\", "") == hostile
    assert blockquote("a\nb") == "> a\n> b"


def test_bullet(store: Store) -> None:
    item = prov.bullet(store.source_text("ucdp-ged-22.1"), "Licence:")
    assert item and item.startswith("Licence: CC BY 4.0")
    assert "Sundberg" in item and "Davies" in item
    assert item in fold(store.source_text("ucdp-ged-22.1"))


# -- the page ----------------------------------------------------------------------------------


def _run(**state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "sources.py"), default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    return at


def test_page_shows_the_founding_article_with_highlights(store: Store) -> None:
    at = _run()
    assert at.selectbox(key="source_pick").value == "founding-article"
    share = [m for m in at.metric if m.label.startswith("Founding article: sentences")][0]
    assert share.value.endswith("%") and int(share.value[:-1]) > 50
    body = at.html[0].value
    assert body.count("<mark") >= 20 and "[21]" in body
    table = at.dataframe[0].value
    assert list(table.columns) == ["highlight", "table", "row_id", "label"]
    assert len(table) == len(store.quotes("founding-article"))
    assert {"art-killed", "kyiv", "blinken-b9-call"} <= set(table["row_id"])


def test_page_other_source_and_url_as_text() -> None:
    at = _run()
    at.selectbox(key="source_pick").set_value("ref-c01-c03").run()
    assert not at.exception
    assert at.html[0].value.count("<sup") == 3
    assert set(at.dataframe[0].value["row_id"]) == {"C01", "C02", "C03"}
    codes = [c.value for c in at.code]
    assert any(c.startswith("http://euromaidanpress.com/") for c in codes)
    markdown = " ".join(m.value for m in at.markdown)
    assert "](http" not in markdown and "href" not in markdown


def test_page_ucdp_source_and_citation() -> None:
    at = _run(source_pick="ucdp-ged-22.1")
    assert "<mark" not in at.html[0].value
    markdown = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "Sundberg, Ralph and Erik Melander (2013)" in markdown
    assert any("No table row quotes this source" in c.value for c in at.caption)
