"""Events from news text: the founding article's evaluation target, and two made-up articles
with other wording (tests/fixtures/articles/madeup-*.txt, invented for these tests)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from crisis.extract import (
    MAX_CHARS,
    ExtractionError,
    Gazetteer,
    default_gazetteer,
    extract,
    read_actors,
)
from crisis.extract.evaluate import evaluate, format_scores
from tests.conftest import DATA, ROOT

ARTICLES = ROOT / "tests" / "fixtures" / "articles"


def article(name: str) -> str:
    """A made-up fixture article without its '#' header lines."""
    lines = (ARTICLES / name).read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#"))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer(DATA)


@pytest.fixture(scope="module")
def actors():
    return read_actors(DATA)


def test_fixtures_say_they_are_made_up():
    for path in ARTICLES.glob("*.txt"):
        assert path.name.startswith("madeup-")
        assert "MADE-UP TEST ARTICLE" in path.read_text(encoding="utf-8").splitlines()[0]


def test_founding_article_meets_the_target():
    events, figures, locations = evaluate(DATA)
    # the rules were written on this article: every curated event, and nothing else
    assert events.matched == events.curated == events.predicted, format_scores([events])
    assert figures.recall == 1.0, format_scores([figures])
    assert locations.f1 >= 0.8, format_scores([locations])


def test_extractor_does_not_read_the_curated_answers(tmp_path: Path, gaz, actors):
    """Without events.csv, troops.csv, casualties.csv the extraction is the same."""
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    for name in ("actors.csv", "locations.csv"):
        shutil.copy(DATA / name, data / name)
    (data / "geo").symlink_to(DATA / "geo")
    text = (DATA / "sources" / "founding-article.txt").read_text(encoding="utf-8")
    alone = extract(text, date(2022, 1, 4), read_actors(data), default_gazetteer(data)).frames()
    full = extract(text, date(2022, 1, 4), actors, gaz).frames()
    for name in ("events", "figures", "locations"):
        assert alone[name].equals(full[name]), name


def summary(result) -> set[tuple[str, str]]:
    """(start date, actor name) pairs of the proposed events."""
    return {(e.start_date.isoformat(), name) for e in result.events for _, name, _ in e.actors}


def matched(result, expected: list[tuple[str, str]]) -> int:
    got = summary(result)
    return sum((d, who) in got for d, who in expected)


def test_madeup_phone_call_and_summit(gaz, actors):
    # published on a Wednesday: "on Monday" is 14 Feb, "on Tuesday" 15 Feb
    result = extract(article("madeup-phone-call-and-summit.txt"), date(2022, 2, 16), actors, gaz)
    expected = [
        ("2022-02-14", "Dmytro Kuleba"),  # spoke by phone on Monday (past: the Monday before)
        ("2022-02-21", "Liz Truss"),  # "The two ministers will meet in Warsaw on Feb. 21-22"
        ("2022-02-15", "NATO"),  # NATO said on Tuesday
        ("2022-02-16", "Anna Lindqvist"),  # a new person; undated: the publication date
        ("2022-02-24", "Organization for Security and Cooperation in Europe"),
        ("2022-02-25", "European Union"),  # "the following day"
    ]
    assert matched(result, expected) == len(expected), summary(result)
    assert len(result.events) <= len(expected) + 1  # precision >= 0.85
    by_day = {e.start_date.isoformat(): e for e in result.events}
    call = by_day["2022-02-14"]
    assert (call.event_type, call.format, call.status) == ("call", "virtual", "occurred")
    meeting = by_day["2022-02-21"]
    assert meeting.end_date == date(2022, 2, 22) and meeting.place.place.name == "Warsaw"
    assert (meeting.status, meeting.format) == ("scheduled", "in-person")
    frames = result.frames()
    figures = frames["figures"].set_index("value_low")
    assert figures.loc[150000, "qualifier"] == "nearly"
    assert figures.loc[150000, "reported_by"] == "NATO"
    assert figures.loc[3390, "qualifier"] == "at least"
    assert figures.loc[3390, "reported_by"] == "Anna Lindqvist"
    assert {"Warsaw", "Stockholm", "Vienna"} <= set(frames["locations"]["name"])
    assert "Anna Lindqvist" in set(frames["actors"]["name"])


def test_madeup_year_boundary(gaz, actors):
    # published on Thursday 30 December 2021: "Jan. 10" is 2022, "Dec. 23" is 2021
    result = extract(article("madeup-year-boundary.txt"), date(2021, 12, 30), actors, gaz)
    expected = [
        ("2022-01-10", "Russia"),
        ("2021-12-23", "Russia"),
        ("2021-12-29", "Russia"),  # "yesterday", said by the Kremlin (it stands for Russia)
        ("2021-12-27", "Ukraine"),  # "Earlier this week" (Monday), reported by the army
        ("2021-12-31", "Mari Tamm"),  # "will travel ... on Friday": the next Friday
        ("2022-01-03", "Josep Borrell"),  # "the EU's top diplomat will visit Kyiv next week"
    ]
    assert matched(result, expected) == len(expected), summary(result)
    assert len(result.events) <= len(expected) + 1
    talks = next(e for e in result.events if e.start_date == date(2022, 1, 10))
    assert talks.place.place.name == "Geneva" and talks.status == "scheduled"
    figures = result.frames()["figures"].set_index("value_low")
    assert (figures.loc[90000, "value_high"], figures.loc[90000, "qualifier"]) == (
        100000,
        "between",
    )
    assert figures.loc[12, "kind"] == "casualties"


def test_quotes_are_verbatim_sentences(gaz, actors):
    text = (DATA / "sources" / "founding-article.txt").read_text(encoding="utf-8")
    frames = extract(text, date(2022, 1, 4), actors, gaz).frames()
    for name in ("events", "figures", "locations"):
        for quote in frames[name]["quote"]:
            assert quote and quote in text


def test_statements_reporters_and_anaphora(gaz, actors):
    text = (DATA / "sources" / "founding-article.txt").read_text(encoding="utf-8")
    result = extract(text, date(2022, 1, 4), actors, gaz)
    call = next(e for e in result.events if e.start_date == date(2022, 1, 3))
    assert ("us-state-department", "U.S. State Department", "reporter") in call.actors
    assert "b9-foreign-ministers" in call.actor_ids  # added by "The talks between ..."
    osce = next(e for e in result.events if e.start_date == date(2022, 1, 13))
    assert osce.actor_ids == {"osce"} and "the next day" in " ".join(osce.notes)
    pap = next(e for e in result.events if "PAP" in e.title)
    assert pap.last_sentence - pap.first_sentence == 2  # three sentences of one interview


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "Переговоры пройдут в понедельник. Министр сказал, что войска уйдут.",
        "no dates, no names, nothing at all",
        "January January January 4 4 4 ,,,, --- '''' \"\"\"",
        "A " * 5000,
    ],
)
def test_odd_text_gives_messages_not_errors(gaz, actors, text):
    result = extract(text, date(2022, 1, 4), actors, gaz)
    assert result.messages
    result.frames()


def test_empty_and_overlong_text_are_refused(gaz, actors):
    with pytest.raises(ExtractionError, match="empty"):
        extract("   \n ", date(2022, 1, 4), actors, gaz)
    with pytest.raises(ExtractionError, match="at most"):
        extract("x" * (MAX_CHARS + 1), date(2022, 1, 4), actors, gaz)
