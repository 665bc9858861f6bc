"""The "Add article" page through AppTest: extract, accept, add; odd text; no publication date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "pages" / "add_article.py")
ARTICLE = "\n".join(
    line
    for line in (ROOT / "tests/fixtures/articles/madeup-year-boundary.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if not line.startswith("#")
)


def page(text: str, published: date | None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception
    at.text_area(key="article_text").set_value(text)
    if published is not None:
        at.date_input(key="article_published").set_value(published)
    at.button(key="article_extract").click().run()
    assert not at.exception
    return at


def test_extract_accept_and_add():
    at = page(ARTICLE, date(2021, 12, 30))
    tables = at.dataframe
    assert len(tables) == 4  # events, figures, locations, new actors
    state = at.session_state["_article_extraction"]
    assert len(state["frames"]["events"]) == 6
    assert not state["frames"]["events"]["accept"].any()  # nothing is ticked for the user
    at.button(key="article_tick").click().run()
    assert not at.exception
    assert at.session_state["_article_extraction"]["frames"]["events"]["accept"].all()
    at.button(key="article_add").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    added = at.session_state["_article_added"]
    assert added["counts"]["events"] == 6
    assert added["source_id"].startswith("article-2021-12-30-")
    assert "Added to your session's data" in at.success[0].value
    assert "articles" in at.session_state["f_dataset"]  # the new dataset is in view
    assert "_article_extraction" not in at.session_state  # not offered twice


def test_nothing_ticked_adds_nothing():
    at = page(ARTICLE, date(2021, 12, 30))
    assert at.button(key="article_add").disabled
    assert "_article_added" not in at.session_state


def test_a_publication_date_is_required():
    at = page(ARTICLE, None)
    assert "publication date" in at.warning[0].value
    assert "_article_extraction" not in at.session_state


def test_hostile_text_is_shown_literally_with_a_message():
    at = page("<script>alert(1)</script> <img src=x onerror=alert(1)>", date(2022, 1, 4))
    messages = " ".join(i.value for i in at.info)
    assert "No dates found" in messages and "No candidate" in messages
    for element in at.markdown:
        assert "<script>" not in element.value and "<img" not in element.value


def test_too_long_text_is_refused_with_a_message():
    at = page("word " * 50_000, date(2022, 1, 4))
    assert "at most" in at.error[0].value
    assert "_article_extraction" not in at.session_state


def test_non_english_text_says_so():
    at = page("Министр сказал в понедельник, что переговоры продолжатся.", date(2022, 1, 4))
    assert "does not look like English" in " ".join(i.value for i in at.info)
