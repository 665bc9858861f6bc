"""Actor matching (names, aliases, titles, demonyms) and the proposal of new actors."""

from __future__ import annotations

import pytest

from crisis.extract import read_actors
from crisis.extract.actors import ActorIndex, propose_new
from crisis.extract.text import normalise
from tests.conftest import DATA


@pytest.fixture(scope="module")
def index() -> ActorIndex:
    return ActorIndex.from_frame(read_actors(DATA))


def ids(index: ActorIndex, text: str) -> list[str]:
    return [m.actor_id for m in index.find(normalise(text))]


def test_title_is_part_of_the_person(index):
    (m,) = index.find(normalise("U.S. Secretary of State Antony Blinken discussed it"))
    assert m.actor_id == "blinken"
    assert m.title == "U.S. Secretary of State"
    assert m.text.startswith("U.S. Secretary")  # the U.S. of the title is not an actor here


def test_counterpart_and_demonym_titles(index):
    text = "Ukrainian Foreign Minister Dmytro Kuleba spoke to his British counterpart Liz Truss."
    assert ids(index, text) == ["kuleba", "truss"]


def test_alias_phrases(index):
    assert ids(index, "the EU's top diplomat said") == ["borrell"]
    assert ids(index, "The European Union’s top diplomat told") == ["borrell"]  # curly apostrophe
    assert ids(index, "EU foreign policy chief Josep Borrell will") == ["borrell"]
    assert ids(index, "an official with the Western military alliance said") == ["nato-official"]
    assert ids(index, "the Western military alliance") == ["nato"]
    assert ids(index, "something Moscow denies") == ["russia"]


def test_capitals_of_an_alias_are_kept(index):
    assert ids(index, "amid Western concerns") == ["the-west"]
    assert ids(index, "in western Ukraine") == ["ukraine"]  # not the West
    assert ids(index, "The West has rejected") == ["the-west"]


def test_longest_name_wins(index):
    assert ids(index, "talks between U.S. and Russian officials") == [
        "united-states",
        "russian-officials",
    ]
    assert ids(index, "a meeting of the NATO-Russia Council") == ["nato-russia-council"]
    assert ids(index, "Russia-backed separatists battled") == ["separatists"]
    assert ids(index, "a Russian buildup") == ["russia"]


def test_lookup_by_name_alias_or_id(index):
    assert index.lookup("Bucharest Nine") == "b9"
    assert index.lookup("b9") == "b9"
    assert index.lookup("liz truss") == "truss"
    assert index.lookup("Nobody") is None
    assert index.ancestors("blinken") == ["united-states"]


def new(index: ActorIndex, text: str):
    norm = normalise(text)
    return propose_new(norm, index.find(norm), index, [], lambda name: name in {"Stockholm"})


def test_new_people_and_bodies_are_proposed(index):
    found = new(
        index,
        "Swedish Defence Minister Anna Lindqvist told reporters in Stockholm. Lindqvist said "
        "the Baltic Monitoring Group (BMG) agreed. Jane Roe said so.",
    )
    by_name = {(m.name, m.kind) for m in found}
    assert ("Anna Lindqvist", "person") in by_name
    assert ("Jane Roe", "person") in by_name
    assert ("Baltic Monitoring Group", "organisation") in by_name
    lindqvist = [m for m in found if m.name == "Anna Lindqvist"]
    assert lindqvist[0].title == "Swedish Defence Minister"
    assert len(lindqvist) == 2  # the later "Lindqvist said" is her too


def test_known_actors_and_places_are_not_proposed(index):
    found = new(index, "Kuleba said it. NATO Secretary General said so in Stockholm.")
    assert [m.name for m in found] == []


def test_parent_from_the_title(index):
    (m,) = new(index, "Estonian Prime Minister Mari Tamm will travel.")
    assert (m.name, m.parent_id, m.title) == ("Mari Tamm", "estonia", "Estonian Prime Minister")
