"""Date resolution of the extractor: each pattern, the year boundary, weekday arithmetic."""

from __future__ import annotations

from datetime import date

import pytest

from crisis.extract.dates import find_dates, nearest_year
from crisis.extract.text import normalise

PUB = date(2022, 1, 4)  # a Tuesday


def one(text: str, published: date = PUB):
    found = [d for d in find_dates(normalise(text), published) if d.kind != "anchored"]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("will begin a visit on January 4 in", date(2022, 1, 4), None),
        ("talks in Geneva on Jan. 9-10 and", date(2022, 1, 9), date(2022, 1, 10)),
        ("talks on January 9 and 10", date(2022, 1, 9), date(2022, 1, 10)),
        ("met on 4 January to", date(2022, 1, 4), None),
        ("on 9-10 January 2023", date(2023, 1, 9), date(2023, 1, 10)),
        ("from January 31 to February 2", date(2022, 1, 31), date(2022, 2, 2)),
        ("on Jan 12th,", date(2022, 1, 12), None),
        ("On the 26th of January, I invited", date(2022, 1, 26), None),
    ],
)
def test_month_day_patterns(text, first, last):
    d = one(text)
    assert (d.first, d.last, d.precision, d.stated) == (first, last, "day", True)


def test_year_is_added_and_said_so():
    d = one("on January 4")
    assert "Year 2022 added" in d.note
    assert one("on January 4, 2021").note == ""


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("on Dec. 23 the", date(2022, 1, 4), date(2021, 12, 23)),  # previous year
        ("on Jan. 10 the", date(2021, 12, 30), date(2022, 1, 10)),  # next year
        ("on 23 December", date(2022, 1, 4), date(2021, 12, 23)),
        ("on June 1", date(2022, 1, 4), date(2022, 6, 1)),
    ],
)
def test_year_boundary(text, published, expected):
    assert one(text, published).first == expected


def test_nearest_year_skips_impossible_days():
    assert nearest_year(2, 29, date(2023, 3, 1)) == 2024
    assert nearest_year(2, 30, date(2023, 3, 1)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kuleba spoke with Truss on Monday.", date(2022, 1, 3)),  # past: most recent Monday
        ("Kuleba spoke with Truss on Tuesday.", date(2022, 1, 4)),  # the day itself
        ("Kuleba spoke with Truss last Tuesday.", date(2021, 12, 28)),
        ("They met Wednesday in Rome.", date(2021, 12, 29)),
        ("Ministers will meet on Wednesday.", date(2022, 1, 5)),  # future: the next one
        # the paper's own weekday is that day, in the future too (news says "on Tuesday" for
        # later today; a week on is "next Tuesday")
        ("Ministers will meet on Tuesday.", date(2022, 1, 4)),
        ("Ministers will meet next Tuesday.", date(2022, 1, 11)),
        ("After Tuesday's meeting, the parties would reflect on it.", date(2022, 1, 4)),
        ("Ryabkov said Russia was ready for talks as early as Saturday.", date(2022, 1, 8)),
        ("The talks are to resume next Monday.", date(2022, 1, 10)),
        ("Sunday's vote was calm.", date(2022, 1, 2)),
    ],
)
def test_weekdays(text, expected):
    d = one(text)
    assert d.first == expected
    assert d.stated is False and "weekday" in d.note


def test_weekday_plural_is_a_habit_not_a_date():
    assert find_dates(normalise("They meet on Mondays."), PUB) == []


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("He said yesterday that", date(2022, 1, 3), None),
        ("It is due today.", date(2022, 1, 4), None),
        ("It starts tomorrow.", date(2022, 1, 5), None),
        ("Earlier this week, fighting", date(2022, 1, 3), None),  # Monday .. the day before
        ("It happened last week.", date(2021, 12, 27), date(2022, 1, 2)),
        ("They meet next week.", date(2022, 1, 10), date(2022, 1, 16)),
    ],
)
def test_relative_words(text, first, last):
    d = one(text)
    assert (d.first, d.last) == (first, last)
    assert d.stated is False


def test_earlier_this_week_is_a_span():
    d = one("Earlier this week, fighting", date(2021, 12, 30))  # a Thursday
    assert (d.first, d.last) == (date(2021, 12, 27), date(2021, 12, 29))


def test_anchored_dates_wait_for_an_anchor():
    (d,) = find_dates(normalise("followed the next day by talks"), PUB)
    assert d.kind == "anchored" and d.first is None and d.offset == 1
    resolved = d.anchored_to(date(2022, 1, 12), "the council meeting")
    assert resolved.first == date(2022, 1, 13) and "computed" in resolved.note
    (two,) = find_dates(normalise("two days later"), PUB)
    assert two.offset == 2
    (before,) = find_dates(normalise("the day before"), PUB)
    assert before.offset == -1


def test_years_months_and_durations():
    assert one("has met only sporadically since 2014, when").first == date(2014, 1, 1)
    assert one("has met only sporadically since 2014, when").precision == "year"
    month = one("troops arrived in December")
    assert (month.first, month.precision) == (date(2021, 12, 1), "month")
    war = one("in a nearly eight-year war that")
    assert (war.first, war.precision, war.stated, war.kind) == (
        date(2014, 1, 1),
        "year",
        False,
        "duration",
    )


def test_numbers_are_not_dates():
    assert find_dates(normalise("more than 13,200 people and 30 member nations"), PUB) == []


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # a Friday paper: the talks named after "next week" are in that week
        (
            "The minister will visit Kyiv next week. Her first talks in Kyiv on Monday come "
            "amid attempts to ease tensions.",
            date(2022, 1, 17),
        ),
        # a day told in the past after it stays in the past
        (
            "The minister will visit Kyiv next week. She spoke to her counterpart on Monday.",
            date(2022, 1, 10),
        ),
        # another week named since: "next week" no longer holds
        (
            "The minister will visit Kyiv next week. Talks last week on Monday came to nothing.",
            date(2022, 1, 10),
        ),
    ],
)
def test_a_tenseless_weekday_after_next_week_is_in_that_week(text, first):
    norm = normalise(text)

    def sentence(pos: int) -> str:  # the tense is read in the sentence, as the extractor does
        start = norm.rfind(". ", 0, pos) + 1
        return norm[start : norm.find(".", pos) + 1]

    found = [d for d in find_dates(norm, date(2022, 1, 14), sentence) if d.kind == "weekday"]
    assert [d.first for d in found] == [first], found


def test_last_week_in_a_sunday_paper_is_the_week_now_ending():
    sunday = date(2022, 2, 6)
    (d,) = find_dates(normalise("Kirby said last week that troops would deploy."), sunday)
    assert (d.first, d.last) == (date(2022, 1, 31), date(2022, 2, 5))
    (d,) = find_dates(normalise("Kirby said last week that troops would deploy."), PUB)
    assert (d.first, d.last) == (date(2021, 12, 27), date(2022, 1, 2))  # a Tuesday paper


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Two weeks ago we sent weapons.", date(2021, 12, 21)),
        ("He said so three days ago.", date(2022, 1, 1)),
        ("A week ago the talks failed.", date(2021, 12, 28)),
        ("He noted several days ago that", date(2022, 1, 1)),  # 'several' taken as three
    ],
)
def test_days_and_weeks_ago_count_back_from_the_paper(text, first):
    d = one(text)
    assert (d.first, d.last, d.precision, d.stated) == (first, None, "day", False)


def test_this_week_is_the_week_of_the_paper():
    d = one("The ministry announced this week that drills would start.")
    assert (d.first, d.last) == (date(2022, 1, 3), date(2022, 1, 9))


def test_a_day_after_an_event_puts_that_event_the_day_before():
    (d,) = [
        d
        for d in find_dates(
            normalise("Russia announced it on Tuesday, a day after Putin recognised them."), PUB
        )
        if d.kind == "anchored"
    ]
    assert (d.text, d.offset) == ("a day after", -1)
