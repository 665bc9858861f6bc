"""Figure parsing: qualifiers and ranges as data, what is counted, who reported it."""

from __future__ import annotations

import pytest

from crisis.extract.figures import find_figures, parse_figure, to_number
from crisis.extract.text import normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("more than 13,200", (13200, None, "more than")),
        ("over 150,000", (150000, None, "more than")),
        ("around 100,000", (100000, 100000, "around")),
        ("about 90 thousand", (90000, 90000, "about")),
        ("nearly 100,000", (100000, 100000, "nearly")),
        ("at least 3,390", (3390, None, "at least")),
        ("between 169,000 and 190,000", (169000, 190000, "between")),
        ("13,200-13,400", (13200, 13400, "")),
        ("90 thousand", (90000, 90000, "")),
        ("1.5 million", (1500000, 1500000, "")),
        ("127,000", (127000, 127000, "")),
    ],
)
def test_parse_figure(text, expected):
    assert parse_figure(text) == expected


def test_bad_ranges_are_not_taken():
    assert parse_figure("13,400-13,200") is None
    assert parse_figure("between 5 and 2") is None
    assert to_number("2.5") is None


def figures(text: str):
    return find_figures(normalise(text))


def test_troops_with_scope():
    (f,) = figures(
        "the Russian buildup of around 100,000 troops near Ukraine’s borders could be preparations"
    )
    assert (f.kind, f.unit, f.value_low, f.value_high, f.qualifier) == (
        "troops",
        "troops",
        100000,
        100000,
        "around",
    )
    assert f.subject == "Russian troops near Ukraine's borders"
    assert f.scope == "near Ukraine's borders"


def test_killed_and_lives_are_casualties():
    (f,) = figures("a war that has claimed the lives of more than 13,200 people.")
    assert (f.kind, f.unit, f.value_low, f.value_high) == (
        "casualties",
        "people killed",
        13200,
        None,
    )
    (g,) = figures("at least 3,390 civilians had been killed since 2014")
    assert (g.kind, g.unit, g.qualifier) == ("casualties", "civilians killed", "at least")
    (h,) = figures("fighting near Donetsk killed 12 soldiers")
    assert (h.kind, h.unit, h.value_low) == ("casualties", "people killed", 12)
    (w,) = figures("29,600-33,600 people were wounded")
    assert (w.unit, w.value_low, w.value_high) == ("people wounded", 29600, 33600)


def test_personnel_and_between():
    (f,) = figures("Russia has between 169,000 and 190,000 personnel there.")
    assert (f.kind, f.unit, f.qualifier, f.value_low, f.value_high) == (
        "troops",
        "personnel",
        "between",
        169000,
        190000,
    )


def test_other_numbers_are_not_figures():
    text = (
        "30 member nations met in 2014 for three-day talks; 25-26% of 9 states agreed on "
        "January 9-10."
    )
    assert figures(text) == []
