"""The development set of real articles (tests/fixtures/articles/dev) and its scoring."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date

import pytest

from crisis.extract import read_actors
from crisis.extract.actors import ActorIndex
from crisis.extract.cli import run
from crisis.extract.devset import (
    BLIND2_DIR,
    BLIND3_DIR,
    BLIND4_DIR,
    BLIND5_DIR,
    BLIND6_DIR,
    BLIND7_DIR,
    BLIND8_DIR,
    BLIND9_DIR,
    BLIND10_DIR,
    BLIND11_DIR,
    BLIND12_DIR,
    BLIND13_DIR,
    BLIND14_DIR,
    BLIND15_DIR,
    DEV_DIR,
    FOLDER_SPLIT,
    SPLITS,
    DevArticle,
    _ActorMatch,
    evaluate_dev,
    format_dev,
    load_dev,
    score_article,
    totals,
)
from crisis.extract.evaluate import max_matching
from crisis.extract.events import EventCandidate
from tests.conftest import DATA


@pytest.fixture(scope="module")
def dev() -> list[DevArticle]:
    return load_dev()


@pytest.fixture(scope="module")
def scores():
    return evaluate_dev(DATA)


def test_the_dev_set_is_big_enough_and_in_the_period(dev):
    assert len(dev) >= 15
    assert all(date(2021, 12, 1) <= a.published <= date(2022, 2, 28) for a in dev)
    assert {a.split for a in dev} == set(SPLITS)


def test_every_article_says_where_it_is_from_and_quotes_its_gold(dev):
    for a in dev:
        meta = json.loads((a.folder / f"{a.article_id}.json").read_text(encoding="utf-8"))
        assert a.url.startswith("http") and a.outlet and meta["published_basis"], a.article_id
        assert sum(1 for e in a.events if e.get("lead")) == 1, a.article_id
        assert not any(e.get("lead") and e.get("optional") for e in a.events), a.article_id
        for item in a.events + a.figures:
            assert item["quote"] in a.text, (a.article_id, item["quote"])  # verbatim
        for e in a.events:
            date.fromisoformat(e["start_date"])
            assert e["actors"] and e["title"], a.article_id


def test_the_split_is_fixed_by_the_article_id_not_chosen(dev):
    """In dev/, held out: sha1(id) mod 5 < 2; in blind2/ ... blind15/, every article is
    its folder's split."""
    folders = {a.folder for a in dev}
    assert folders == {
        DEV_DIR,
        BLIND2_DIR,
        BLIND3_DIR,
        BLIND4_DIR,
        BLIND5_DIR,
        BLIND6_DIR,
        BLIND7_DIR,
        BLIND8_DIR,
        BLIND9_DIR,
        BLIND10_DIR,
        BLIND11_DIR,
        BLIND12_DIR,
        BLIND13_DIR,
        BLIND14_DIR,
        BLIND15_DIR,
    }
    assert len([a for a in dev if a.folder == BLIND2_DIR]) >= 8
    assert len([a for a in dev if a.folder == BLIND3_DIR]) >= 10
    assert len([a for a in dev if a.folder == BLIND4_DIR]) >= 10
    assert len([a for a in dev if a.folder == BLIND5_DIR]) >= 12
    assert len([a for a in dev if a.folder == BLIND6_DIR]) >= 12
    assert len([a for a in dev if a.folder == BLIND7_DIR]) >= 12
    assert len([a for a in dev if a.folder == BLIND8_DIR]) >= 12
    assert len([a for a in dev if a.folder == BLIND9_DIR]) >= 12
    assert len([a for a in dev if a.folder == BLIND10_DIR]) >= 12
    assert len([a for a in dev if a.folder == BLIND11_DIR]) >= 12
    assert len([a for a in dev if a.folder == BLIND12_DIR]) >= 12
    assert len([a for a in dev if a.folder == BLIND13_DIR]) >= 12
    assert len([a for a in dev if a.folder == BLIND14_DIR]) >= 12
    assert len([a for a in dev if a.folder == BLIND15_DIR]) >= 12
    for a in dev:
        if a.folder.name in FOLDER_SPLIT:
            assert a.split == a.folder.name, a.article_id
            continue
        h = int(hashlib.sha1(a.article_id.encode()).hexdigest()[:8], 16) % 5
        assert a.split == ("heldout" if h < 2 else "tune"), a.article_id
    assert len({a.article_id for a in dev}) == len(dev)
    assert len({a.url for a in dev}) == len(dev)  # no page twice


@pytest.mark.parametrize(
    "split",
    [
        "blind2",
        "blind3",
        "blind4",
        "blind5",
        "blind6",
        "blind7",
        "blind8",
        "blind9",
        "blind10",
        "blind11",
        "blind12",
        "blind13",
        "blind14",
        "blind15",
    ],
)
def test_a_blind_article_cannot_claim_another_split(tmp_path, split):
    folder = tmp_path / split
    folder.mkdir()
    meta = {
        "id": "madeup",
        "url": "https://example.org",
        "outlet": "made-up",
        "published": "2022-01-10",
        "split": "tune",
        "events": [],
        "figures": [],
    }
    (folder / "madeup.json").write_text(json.dumps(meta), encoding="utf-8")
    (folder / "madeup.txt").write_text("text", encoding="utf-8")
    with pytest.raises(ValueError, match=split):
        load_dev([folder])
    meta["split"] = split
    (folder / "madeup.json").write_text(json.dumps(meta), encoding="utf-8")
    assert [a.split for a in load_dev(folder)] == [split]


def candidate(
    day: str, *actors: tuple[str | None, str], quote: tuple[int, int] = (0, 0)
) -> EventCandidate:
    return EventCandidate(
        title=f"made-up {day}",
        event_type="meeting",
        lemma="meet",
        start_date=date.fromisoformat(day),
        end_date=None,
        date_precision="day",
        date_stated=True,
        status="occurred",
        format="unknown",
        actors=[(aid, name, "participant") for aid, name in actors],
        place=None,
        first_sentence=0,
        last_sentence=0,
        quote_start=quote[0],
        quote_end=quote[1],
    )


def test_scoring_names_families_optional_and_lead():
    """A made-up article: gold by id and by name, one optional event, figures by value."""
    article = DevArticle(
        "madeup",
        "text",
        date(2022, 1, 10),
        "tune",
        "https://example.org",
        "made-up",
        (
            {"start_date": "2022-01-10", "actors": ["united-states"], "title": "a", "lead": True},
            {"start_date": "2022-01-09", "actors": ["Jane Roe"], "title": "b"},
            {"start_date": "2014-01-01", "actors": ["russia"], "title": "c", "optional": True},
            {"start_date": "2022-01-12", "actors": ["nato"], "title": "d"},
        ),
        ({"value_low": 100000}, {"value_low": 13200}),
    )
    match = _ActorMatch(ActorIndex.from_frame(read_actors(DATA)))
    predicted = [
        candidate("2022-01-10", ("blinken", "Antony Blinken")),  # a child of the United States
        candidate("2022-01-09", (None, "Roe")),  # the same last name
        candidate("2014-01-01", ("russia", "Russia")),  # optional: counts neither way
        candidate("2022-01-11", ("nato", "NATO")),  # a wrong day
    ]
    s = score_article(article, predicted, [100000, 5], match)
    assert (s.predicted, s.gold, s.matched, s.lead_found) == (3, 3, 2, True)
    assert s.missed == ["2022-01-12 d"]
    assert len(s.extra) == 1 and s.extra[0].startswith("2022-01-11")
    assert (s.figures_matched, s.figures_gold, s.missed_figures) == (1, 2, ["13,200"])
    lost = score_article(article, predicted[1:], [], match)
    assert not lost.lead_found


def test_a_candidate_pairs_with_the_gold_event_whose_words_it_quotes():
    """Two gold events of one day and actor, one candidate: it counts for the event it quotes,
    not for whichever comes first, so a lead told only by another event's words is missed."""
    text = "Ministers met in Riga on Monday. NATO said on Monday that the talks were useful."
    lead, said = "Ministers met in Riga", "NATO said on Monday"
    article = DevArticle(
        "madeup",
        text,
        date(2022, 1, 10),
        "tune",
        "https://example.org",
        "made-up",
        (
            {
                "start_date": "2022-01-10",
                "actors": ["nato"],
                "title": "meeting",
                "lead": True,
                "quote": lead,
            },
            {"start_date": "2022-01-10", "actors": ["nato"], "title": "saying", "quote": said},
        ),
        (),
    )
    match = _ActorMatch(ActorIndex.from_frame(read_actors(DATA)))
    at = text.index(said)
    saying = candidate("2022-01-10", ("nato", "NATO"), quote=(at, at + len(said)))
    s = score_article(article, [saying], [], match)
    assert (s.matched, s.lead_found, s.missed) == (1, False, ["2022-01-10 meeting"])
    meeting = candidate("2022-01-10", ("nato", "NATO"), quote=(0, len(lead)))
    both = score_article(article, [saying, meeting], [], match)
    assert (both.matched, both.lead_found, both.missed) == (2, True, [])


def test_weighted_matching_keeps_the_size_and_prefers_heavier_pairs():
    ok = lambda i, j: (i, j) in {(0, 0), (0, 1), (1, 0)}  # noqa: E731
    heavy = {(0, 1): 5.0}
    assert max_matching(2, 2, ok, lambda i, j: heavy.get((i, j), 1.0)) == {0: 1, 1: 0}
    assert max_matching(1, 2, ok, lambda i, j: heavy.get((i, j), 1.0)) == {0: 1}
    assert max_matching(1, 2, ok) == {0: 0}  # unweighted: the first that fits
    # a chain: the best needs two moves at once (1 to its second choice, 0 to its first)
    fits = {(0, 0): 3.0, (0, 1): 1.0, (1, 0): 2.0, (1, 2): 1.9}
    chain = max_matching(2, 3, lambda i, j: (i, j) in fits, lambda i, j: fits.get((i, j), 0))
    assert chain == {0: 0, 1: 2}
    # size first: a heavy pair that would leave another row unmatched is not taken
    size = {(0, 0): 100.0, (0, 1): 1.0, (1, 0): 1.0}
    assert max_matching(2, 2, lambda i, j: (i, j) in size, lambda i, j: size.get((i, j), 0)) == {
        0: 1,
        1: 0,
    }
    assert max_matching(3, 0, ok, lambda i, j: 1.0) == {}


def test_dev_set_meets_the_floors_the_rules_reached(scores):
    """Regression floors: the tuning split's targets, and every lead on the articles the rules
    have been read against (tune, heldout, blind2). blind3 to blind15 (read after their blind
    runs, leads still missed) are recorded in the README, not floors: a test that held a blind
    score would invite tuning on it."""
    tune = totals([s for s in scores if s.split == "tune"], "tune")
    assert tune.precision >= 0.85 and tune.recall >= 0.85, format_dev(scores, detail=False)
    assert tune.figures_matched == tune.figures_gold, format_dev(scores)
    later = (
        "blind3",
        "blind4",
        "blind5",
        "blind6",
        "blind7",
        "blind8",
        "blind9",
        "blind10",
        "blind11",
        "blind12",
        "blind13",
        "blind14",
        "blind15",
    )
    read = totals([s for s in scores if s.split not in later], "read")
    assert read.leads == read.articles, format_dev(scores)
    scored = {s.split for s in scores}
    assert set(later) <= scored  # scored all the same, own rows


def test_cli_prints_the_dev_table():
    import argparse

    out = io.StringIO()
    args = argparse.Namespace(command="evaluate-extraction", data=DATA, quiet=True, set="dev")
    assert run(args, out) == 0
    lines = out.getvalue().splitlines()
    assert "precision" in lines[1] and "leads" in lines[1]
    assert [line.split()[0] for line in lines[3:20]] == [
        "all",
        "tune",
        "heldout",
        "blind2",
        "blind3",
        "blind4",
        "blind5",
        "blind6",
        "blind7",
        "blind8",
        "blind9",
        "blind10",
        "blind11",
        "blind12",
        "blind13",
        "blind14",
        "blind15",
    ]
