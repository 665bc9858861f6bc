"""URL query parameters <-> filter values."""

from __future__ import annotations

from datetime import date

from components.url_state import FilterValues, parse_query, to_query

ACTORS = ["nato", "blinken", "united-states"]


def test_round_trip():
    values = FilterValues(
        actors=["nato", "blinken"],
        start=date(2022, 1, 9),
        end=date(2022, 1, 13),
        event_types=["meeting"],
        statuses=["scheduled"],
        datasets=["article", "ucdp"],
    )
    parsed, notices = parse_query(to_query(values), ACTORS)
    assert notices == []
    assert parsed == values


def test_defaults_make_an_empty_query():
    assert to_query(FilterValues()) == {}
    parsed, notices = parse_query({}, ACTORS)
    assert parsed == FilterValues() and notices == []


def test_unknown_actor_and_malformed_date_are_dropped_with_a_notice():
    parsed, notices = parse_query(
        {"actor": ["nato", "<script>alert(1)</script>"], "from": ["2022-02-30"]}, ACTORS
    )
    assert parsed.actors == ["nato"]
    assert parsed.start is None
    assert len(notices) == 2
    assert "Unknown actor" in notices[0] and "Malformed date" in notices[1]


def test_unknown_type_status_dataset():
    parsed, notices = parse_query(
        {"type": ["meeting", "rave"], "status": ["maybe"], "dataset": ["acled"]}, ACTORS
    )
    assert parsed.event_types == ["meeting"] and parsed.statuses == []
    assert parsed.datasets == ["article"]
    assert len(notices) == 3


def test_swapped_dates_are_put_in_order():
    parsed, notices = parse_query({"from": ["2022-01-13"], "to": ["2022-01-09"]}, ACTORS)
    assert (parsed.start, parsed.end) == (date(2022, 1, 9), date(2022, 1, 13))
    assert notices


def test_dataset_all():
    parsed, _ = parse_query({"dataset": ["all"]}, ACTORS)
    assert parsed.datasets == []  # no restriction: every dataset, imported ones too
    assert to_query(parsed) == {"dataset": ["all"]}
    assert to_query(FilterValues(datasets=[])) == {"dataset": ["all"]}
    assert FilterValues(datasets=[]).to_filters().datasets == ()


def test_long_hostile_values_are_shortened_in_notices():
    parsed, notices = parse_query({"actor": ["x" * 10_000]}, ACTORS)
    assert parsed.actors == [] and len(notices[0]) < 120


def test_imported_datasets_are_accepted_when_known():
    parsed, notices = parse_query(
        {"dataset": ["acled-ukraine"]}, ACTORS, ["article", "ucdp", "acled-ukraine"]
    )
    assert parsed.datasets == ["acled-ukraine"] and notices == []
    parsed, notices = parse_query({"dataset": ["acled-ukraine"]}, ACTORS)
    assert parsed.datasets == ["article"] and notices


def test_duplicates_are_dropped():
    parsed, _ = parse_query({"actor": ["nato", "nato"]}, ACTORS)
    assert parsed.actors == ["nato"]
