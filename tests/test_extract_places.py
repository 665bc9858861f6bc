"""Places: gazetteer lookups (locations.csv, Natural Earth, GeoNames) and place vs. actor."""

from __future__ import annotations

import pytest

from crisis.extract import default_gazetteer, read_actors
from crisis.extract.actors import ActorIndex
from crisis.extract.places import Gazetteer, haversine_km
from crisis.extract.text import normalise
from tests.conftest import DATA


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer(DATA)


@pytest.fixture(scope="module")
def index() -> ActorIndex:
    return ActorIndex.from_frame(read_actors(DATA))


def places(gaz: Gazetteer, index: ActorIndex, text: str) -> list[tuple[str, str]]:
    norm = normalise(text)
    known = index.find(norm)
    found = gaz.find(
        text,
        norm,
        [],
        [(a.start, a.end, a.actor_id) for a in known],
        {a.text.lower() for a in known},
    )
    return [(p.place.name, p.place.kind) for p in found]


def test_geonames_city_with_coordinates(gaz):
    kharkiv = gaz.lookup("Kharkiv")
    assert kharkiv is not None and kharkiv.kind == "city" and kharkiv.location_id is None
    assert haversine_km(kharkiv.latitude, kharkiv.longitude, 49.99, 36.23) < 15
    assert "GeoNames" in kharkiv.note


def test_known_places_keep_their_id(gaz):
    assert gaz.lookup("Geneva").location_id == "geneva"
    assert gaz.lookup("Kiev").location_id == "kyiv"  # an old spelling, within 25 km of Kyiv
    assert gaz.lookup("Crimean Peninsula").location_id == "crimea"


def test_country_centroid_from_natural_earth(gaz):
    poland = gaz.lookup("Poland")
    assert poland.kind == "country" and poland.precision == "approximate"
    assert haversine_km(poland.latitude, poland.longitude, 52.1, 19.4) < 150


def test_a_country_is_a_place_only_where_used_as_one(gaz, index):
    assert ("Ukraine", "country") in places(gaz, index, "Borrell will begin a visit to Ukraine.")
    assert places(gaz, index, "Ukraine and its allies are working on a package.") == []
    assert places(gaz, index, "Romania, Poland and Hungary agreed.") == []


def test_a_capital_standing_for_its_government_is_no_place(gaz, index):
    assert places(gaz, index, "something Moscow denies") == []
    assert places(gaz, index, "talks in Moscow on Monday") == [("Moscow", "city")]


def test_regions_borders_and_the_contact_line(gaz, index):
    found = places(gaz, index, "a stop at the contact line in eastern Ukraine where")
    assert [k for _, k in found] == ["contact line", "region"]
    (border,) = places(gaz, index, "troops near Ukraine’s borders could")
    assert border == ("Near Ukraine’s borders", "border area")
    (other,) = places(gaz, index, "troops gathered along the border with Belarus")
    assert other[1] == "border area"


def test_words_that_are_also_towns_are_not_places(gaz, index):
    assert places(gaz, index, "deployments in Central and Eastern Europe") == []
    assert places(gaz, index, "the Organization for Security and Cooperation in Europe") == []
