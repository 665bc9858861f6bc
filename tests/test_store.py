"""The store's queries: filters by actor membership, date overlap, types, status, dataset."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from crisis import Filters


def ids(frame) -> set[str]:
    return set(frame["event_id"])


ARTICLE = Filters(datasets=("article",))


def test_counts(store):
    counts = store.table_counts()
    assert counts["events (ucdp)"] == 2989
    assert counts["events (article)"] == counts["events"] - 2989
    assert counts["events (article)"] >= 16


@pytest.mark.parametrize(
    "event_id, start, end",
    [
        ("blinken-b9-call", date(2022, 1, 3), None),
        ("borrell-ukraine-visit", date(2022, 1, 4), date(2022, 1, 6)),
        ("kuleba-truss-call", date(2022, 1, 4), None),
        ("nato-official-reuters-statement", date(2022, 1, 4), None),
        ("nato-foreign-ministers-meeting", date(2022, 1, 7), None),
        ("us-russia-geneva-talks", date(2022, 1, 9), date(2022, 1, 10)),
        ("nato-russia-council-meeting", date(2022, 1, 12), None),
        ("osce-discussions", date(2022, 1, 13), None),
    ],
)
def test_article_events_have_the_right_dates(store, event_id, start, end):
    event = store.event(event_id)
    assert event is not None, event_id
    assert event["start_date"].date() == start
    got_end = event["end_date"]
    assert (None if got_end is None or got_end != got_end else got_end.date()) == end


def test_background_events_are_there(store):
    events = store.events(ARTICLE)
    by_type = events.groupby("event_type")["event_id"].apply(set).to_dict()
    assert "crimea-annexation" in by_type["annexation"]
    assert "donbas-war" in by_type["armed_conflict"]
    assert "russian-troop-buildup" in by_type["military"]
    assert {"russia-security-guarantees-demand", "west-sanctions-threat"} <= by_type["policy"]
    crimea = store.event("crimea-annexation")
    assert crimea["date_precision"] == "year" and crimea["start_date"].year == 2014


def test_actor_filter_matches_members_and_affiliates(store):
    nato = ids(store.events(Filters(actors=("nato",), datasets=("article",))))
    assert "nato-official-reuters-statement" in nato  # through the NATO official
    assert "nato-foreign-ministers-meeting" in nato
    us = ids(store.events(Filters(actors=("united-states",), datasets=("article",))))
    assert "blinken-b9-call" in us  # through Antony Blinken
    assert "us-russia-geneva-talks" in us
    assert "kuleba-truss-call" not in us


def test_actor_filter_reaches_ucdp_events_through_parents(store):
    separatists = store.events(Filters(actors=("separatists",), datasets=("ucdp",)))
    dpr = store.events(Filters(actors=("ucdp-dpr",), datasets=("ucdp",)))
    assert 0 < len(dpr) < len(separatists)
    assert ids(dpr) <= ids(separatists)


def test_several_actors_are_a_union(store):
    a = ids(store.events(Filters(actors=("kuleba",))))
    b = ids(store.events(Filters(actors=("blinken",))))
    both = ids(store.events(Filters(actors=("kuleba", "blinken"))))
    assert both == a | b


def test_date_overlap_is_inclusive_at_both_boundaries(store):
    # Geneva talks run 9-10 January: a range ending on the 9th or starting on the 10th keeps them
    ends_9th = ids(store.events(Filters(start=date(2022, 1, 8), end=date(2022, 1, 9))))
    starts_10th = ids(store.events(Filters(start=date(2022, 1, 10), end=date(2022, 1, 11))))
    assert "us-russia-geneva-talks" in ends_9th
    assert "us-russia-geneva-talks" in starts_10th
    just_before = ids(store.events(Filters(start=date(2022, 1, 7), end=date(2022, 1, 8))))
    assert "us-russia-geneva-talks" not in just_before
    assert "nato-foreign-ministers-meeting" in just_before
    just_after = ids(store.events(Filters(start=date(2022, 1, 11), end=date(2022, 1, 11))))
    assert "us-russia-geneva-talks" not in just_after


def test_year_precise_and_ongoing_events_overlap_their_span(store):
    mid_2014 = ids(store.events(Filters(start=date(2014, 6, 1), end=date(2014, 6, 30))))
    assert "crimea-annexation" in mid_2014  # "2014": the whole year
    assert "donbas-war" in mid_2014
    assert "donbas-war" in ids(store.events(Filters(start=date(2022, 1, 4), end=date(2022, 1, 4))))


def test_several_filters_at_once(store):
    f = Filters(
        actors=("nato",),
        start=date(2022, 1, 9),
        end=date(2022, 1, 13),
        event_types=("meeting",),
        statuses=("scheduled",),
        datasets=("article",),
    )
    got = ids(store.events(f))
    assert "nato-russia-council-meeting" in got
    assert "nato-foreign-ministers-meeting" not in got  # 7 January, announced
    assert "nato-official-reuters-statement" not in got
    assert store.count_events(f) == len(got)


def test_empty_result(store):
    f = Filters(actors=("kuleba",), event_types=("annexation",))
    assert store.events(f).empty
    assert store.count_events(f) == 0
    assert store.actor_stats(f).empty
    assert store.venue_counts(f).empty


def test_dataset_filter(store):
    assert set(store.events(Filters(datasets=("ucdp",)))["dataset"]) == {"ucdp"}
    assert store.count_events(Filters()) == store.count_events(
        Filters(datasets=("article", "ucdp"))
    )


def test_hostile_filter_values_are_parameters_not_sql(store):
    f = Filters(actors=("x'); DROP TABLE events; --",), event_types=("' OR 1=1 --",))
    assert store.events(f).empty
    assert store.table_counts()["events (ucdp)"] == 2989


def test_ucdp_deaths(store):
    totals = store.ucdp_totals()
    assert (totals["events"], totals["best"], totals["low"], totals["high"]) == (
        2989,
        7882,
        7424,
        8804,
    )
    monthly = store.ucdp_monthly(Filters(datasets=("ucdp",)))
    assert monthly["best"].sum() == 7882
    by_year = monthly.groupby(monthly["month"].map(lambda m: m.year))["best"].sum()
    assert by_year[2014] == 4528 and by_year[2021] == 208


def test_ucdp_events_keep_provenance(store):
    event = store.event("ucdp-147997")
    assert event["external_id"] == "147997"
    assert "Police disperse Kiev protest" in event["provenance"]
    assert event["deaths_best"] == 5 and event["source_id"] == "ucdp-ged-22.1"


def test_actor_labels_show_people_with_their_state_or_organisation(store):
    labels = dict(zip(store.actors()["actor_id"], store.actors()["label"], strict=True))
    assert labels["blinken"] == "Antony Blinken (United States)"
    assert labels["kuleba"] == "Dmytro Kuleba (Ukraine)"
    assert labels["nato"] == "NATO"


def test_interactions_pair_actors_of_the_same_event(store):
    pairs = store.interactions(Filters(datasets=("article",)))
    kt = pairs[(pairs["source"] == "kuleba") & (pairs["target"] == "truss")]
    assert len(kt) == 1 and "kuleba-truss-call" in list(kt.iloc[0]["event_ids"])


def test_venue_counts(store):
    venues = store.venue_counts(Filters(datasets=("article",)))
    geneva = venues[venues["location_id"] == "geneva"].iloc[0]
    assert geneva["events"] >= 1 and bool(geneva["stated_in_source"])
    brussels = venues[venues["location_id"] == "brussels"]
    assert not brussels.empty and not bool(brussels.iloc[0]["stated_in_source"])


def test_figures_keep_qualifiers(store):
    troops = store.figures("troops").set_index("figure_id")
    assert troops.loc["art-troops", "qualifier"] == "around"
    assert troops.loc["art-troops", "value_low"] == 100000
    casualties = store.figures("casualties").set_index("figure_id")
    killed = casualties.loc["art-killed"]
    assert killed["qualifier"] == "more than" and killed["value_low"] == 13200
    assert pd.isna(killed["value_high"])  # "more than": open-ended, no invented upper bound
    assert (casualties.loc["C01", "value_low"], casualties.loc["C01", "value_high"]) == (
        13200,
        13400,
    )
    with pytest.raises(ValueError):
        store.figures("events; DROP TABLE events")


def test_every_reference_fact_is_a_figure(store):
    import csv

    from tests.conftest import ROOT

    path = ROOT.parent / "shared" / "data" / "reference_facts.csv"
    if not path.exists():
        pytest.skip(f"shared reference facts not found at {path}")
    with path.open(encoding="utf-8") as f:
        facts = {row["fact_id"] for row in csv.DictReader(f)}
    figures = set(store.figures("troops")["figure_id"]) | set(
        store.figures("casualties")["figure_id"]
    )
    assert facts <= figures


def test_quotes_of_a_source(store):
    quotes = store.quotes("founding-article")
    assert {"events", "actors", "troops", "casualties"} <= set(quotes["table_name"])


def test_geometry(store):
    line = store.geometry("line_of_contact")
    assert line["features"][0]["geometry"]["type"] == "LineString"
    with pytest.raises(ValueError):
        store.geometry("../../etc/passwd")


def test_database_file_round_trip(tmp_path, store):
    from crisis import Store

    path = tmp_path / "crisis.duckdb"
    Store.bundled(db_path=path).close()
    opened = Store.open(path)
    try:
        assert opened.table_counts() == store.table_counts()
        assert ids(opened.events(Filters(actors=("nato",)))) == ids(
            store.events(Filters(actors=("nato",)))
        )
    finally:
        opened.close()


def test_overlays_are_private_layers(store):
    one, two = store.overlay(), store.overlay()
    try:
        assert one.count_events() == store.count_events()
        with one._con.cursor() as cur:
            cur.execute(
                f"INSERT INTO {one._own['events']} (event_id, dataset, title, event_type, "
                "start_date, span_end, status) VALUES ('x-1', 'mine', 'Mine', 'meeting', "
                "DATE '2022-01-05', DATE '2022-01-05', 'occurred')"
            )
        assert one.count_events() == store.count_events() + 1
        assert two.count_events() == store.count_events()
        assert "mine" in set(one.datasets()["dataset"])
        assert "mine" not in set(store.datasets()["dataset"])
    finally:
        one.close()
        two.close()


def test_opened_database_is_read_only(tmp_path):
    from crisis import Store

    path = tmp_path / "ro.duckdb"
    Store.bundled(db_path=path).close()
    opened = Store.open(path)
    try:
        with pytest.raises(PermissionError):
            opened.import_file(path, "native")
        overlay = opened.overlay()  # a session layer still works over a read-only file
        assert overlay.count_events() == opened.count_events()
        overlay.close()
    finally:
        opened.close()
