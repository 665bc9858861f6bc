"""Accepted candidates -> checked rows -> the session overlay, and the data/ layout download."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pandas as pd
import pytest

from crisis import Filters
from crisis.extract import default_gazetteer, extract
from crisis.extract.rows import CSV_LAYOUT, DATASET, build_rows, to_zip
from crisis.loader import read_text_csv
from tests.conftest import DATA, ROOT

TEXT = "\n".join(
    line
    for line in (ROOT / "tests/fixtures/articles/madeup-year-boundary.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if not line.startswith("#")
)
PUBLISHED = date(2021, 12, 30)


@pytest.fixture
def overlay(store):
    layer = store.overlay()
    yield layer
    layer.close()


@pytest.fixture
def frames(overlay):
    return extract(TEXT, PUBLISHED, overlay.actors(), default_gazetteer(DATA)).frames()


def build(overlay, frames, **changes):
    tables = {k: v.copy() for k, v in frames.items()} | changes
    return build_rows(
        text=extract(TEXT, PUBLISHED, overlay.actors()).text,
        published=PUBLISHED,
        events=tables["events"],
        figures=tables["figures"],
        locations=tables["locations"],
        actors=tables["actors"],
        known_actors=overlay.actors(),
        known_locations=overlay.locations(),
        known_sources=list(overlay.sources()["source_id"]),
        title="A made-up test article",
    )


def test_accepted_rows_join_the_overlay(overlay, frames):
    rows = build(overlay, frames)
    assert rows.ok, rows.problems
    assert rows.source_id.startswith("article-2021-12-30-")
    overlay.add_rows(rows.typed)
    added = overlay.events(Filters(datasets=(DATASET,)))
    assert len(added) == len(frames["events"])
    assert set(added["source_id"]) == {rows.source_id}
    assert overlay.source_text(rows.source_id) == rows.text
    links = overlay.event_actors(list(added["event_id"]))
    assert set(links["event_id"]) == set(added["event_id"])  # every event has an actor
    new_people = overlay.actors(dataset=DATASET)
    assert "Mari Tamm" in set(new_people["name"])
    assert "Kremlin" not in set(new_people["name"])  # the Kremlin stands for Russia, known
    geneva = added[added["start_date"] == pd.Timestamp("2022-01-10")].iloc[0]
    assert geneva["location_id"] == "geneva" and geneva["latitude"] == pytest.approx(46.2044)
    donetsk = overlay.locations().query("name == 'Donetsk'").iloc[0]
    assert bool(donetsk["stated_in_source"]) and donetsk["source_id"] == rows.source_id
    assert 100000 in set(overlay.figures("troops")["value_high"].dropna())
    # the bundled store is untouched
    assert overlay.count_events(Filters(datasets=(DATASET,))) == len(added)


def test_the_same_article_twice_is_refused(overlay, frames):
    first = build(overlay, frames)
    overlay.add_rows(first.typed)
    again = build(overlay, frames)
    assert not again.ok and "already" in again.problems[0]


def test_an_edited_quote_that_is_not_in_the_article_is_refused(overlay, frames):
    events = frames["events"].copy()
    events.loc[0, "quote"] = "Russia and the United States agreed on everything."
    rows = build(overlay, frames, events=events)
    assert not rows.ok
    assert any("row 1" in p and "word for word" in p for p in rows.problems)
    # shortening is fine, and so is different white space
    events.loc[0, "quote"] = "Russia  and the United States\nwill hold security talks"
    assert build(overlay, frames, events=events).ok


def test_vocabularies_dates_actors_and_places_are_checked(overlay, frames):
    events = frames["events"].copy()
    events.loc[0, "event_type"] = "party"
    events.loc[1, "start_date"] = "2021-13-01"
    events.loc[2, "actors"] = "Nobody Known"
    events.loc[3, "place"] = "Atlantis"
    problems = build(overlay, frames, events=events).problems
    text = "\n".join(problems)
    assert "'event_type'" in text and "party" in text
    assert "2021-13-01" in text
    assert "'Nobody Known' is not a known actor" in text
    assert "'Atlantis'" in text


def test_an_event_needs_its_new_actor_accepted(overlay, frames):
    rows = build(overlay, frames, actors=frames["actors"].iloc[0:0])
    assert any("is not a known actor" in p for p in rows.problems)


def test_download_is_in_the_data_layout(overlay, frames):
    rows = build(overlay, frames)
    archive = zipfile.ZipFile(io.BytesIO(to_zip(rows)))
    names = set(archive.namelist())
    assert f"sources/{rows.source_id}.txt" in names
    assert {"sources.csv", "events.csv", "event_actors.csv", "actors.csv"} <= names
    for name in names - {f"sources/{rows.source_id}.txt"}:
        table = name.removesuffix(".csv")
        header = archive.read(name).decode("utf-8").splitlines()[0].split(",")
        assert header == CSV_LAYOUT[table]
        assert header == list(read_text_csv(DATA / name).columns)
    text = archive.read(f"sources/{rows.source_id}.txt").decode("utf-8")
    events = pd.read_csv(io.BytesIO(archive.read("events.csv")), dtype=str)
    assert all(" ".join(q.split()) in " ".join(text.split()) for q in events["quote"])


def test_the_founding_article_again_is_refused(overlay):
    text = (DATA / "sources" / "founding-article.txt").read_text(encoding="utf-8")
    result = extract(text, date(2022, 1, 4), overlay.actors(), default_gazetteer(DATA))
    frames = result.frames()
    rows = build_rows(
        text=result.text,
        published=date(2022, 1, 4),
        events=frames["events"],
        figures=frames["figures"],
        locations=frames["locations"],
        actors=frames["actors"],
        known_actors=overlay.actors(),
        known_locations=overlay.locations(),
        known_sources=list(overlay.sources()["source_id"]),
        known_texts={"founding-article": overlay.source_text("founding-article")},
    )
    assert any("already in the data as source founding-article" in p for p in rows.problems)
