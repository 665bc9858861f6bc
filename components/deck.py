"""Pure pydeck builders for the Map page: frames and GeoJSON in, ``pdk.Deck`` out.

No Streamlit here. Every layer has a stable ``id`` and every pickable row carries a plain-text
``tooltip`` (the deck's tooltip is ``{"text": "{tooltip}"}``, never HTML), so text from the data
is shown literally. The map must mean something offline: a sea background, country borders,
Crimea, the separatist-held area and the line of contact are all drawn from ``data/geo`` as
layers; basemap tiles are an optional extra.
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from components.palette import event_type_color, hex_to_rgb, side_color
from components.text import format_figure_row, is_missing, to_text

# -- layer ids (stable: the page maps selections back through them) ------------------------

SEA = "sea"
COUNTRIES = "countries"
COUNTRY_LABELS = "country_labels"
DISPUTED = "disputed"
DISPUTED_LABELS = "disputed_labels"
VIOLENCE_GRID = "violence_grid"  # events counted in grid cells (DuckDB), large filters
VIOLENCE_POINTS = "violence_points"  # events one by one, small filters
LINE = "line_of_contact"
LINE_LABEL = "line_of_contact_label"
ARCS = "arcs"
TROOPS = "troops"
TROOP_LABEL = "troops_label"
VENUES = "venues"
VENUE_LABELS = "venue_labels"

TOOLTIP: dict[str, Any] = {
    "text": "{tooltip}",
    "style": {
        "maxWidth": "26rem",
        "whiteSpace": "pre-wrap",
        "fontSize": "0.8rem",
        "lineHeight": "1.35",
    },
}

# -- map colours (data colours come from components.palette) ---------------------------------

SEA_RGBA = [214, 228, 238, 255]  # pale blue: an intentional background when tiles are off
LAND_RGBA = [236, 234, 228, 255]  # neutral light grey
LAND_RGBA_OVER_TILES = [236, 234, 228, 60]
BORDER_RGBA = [120, 120, 120, 255]
LABEL_RGBA = [90, 90, 90, 255]
TEXT_RGBA = [25, 25, 35, 255]
HALO_RGBA = [255, 255, 255, 235]
LINE_RGBA = [122, 0, 92, 255]  # dark magenta: distinct from every palette colour
VENUE_RGBA = [35, 45, 70, 235]  # neutral navy with a white rim
DONBAS_HEX = side_color("russia")  # separatist-held: the Russia-backed side's colour
CRIMEA_HEX = event_type_color("annexation")
TROOPS_HEX = event_type_color("military")
# deaths in the violence layer: a sequential yellow-orange-red ramp (readable over land and sea)
DEATHS_RAMP = ["#FFF3B0", "#FDB863", "#E66101", "#99000D"]

ARC_ROLES = ("participant", "organiser", "speaker")
DEFAULT_SIZE = (820, 560)  # the chart's assumed width and height in pixels, for fitting
FIT_MARGINS = (100, 90, 240, 90)  # left, top, right (venue labels), bottom; pixels


# -- text helpers ----------------------------------------------------------------------------


def wrap(text: str, width: int = 64) -> str:
    """Wrap long prose for a tooltip (the tooltip is plain text; nothing is escaped)."""
    return "\n".join(
        textwrap.fill(part, width=width, break_long_words=False, break_on_hyphens=False)
        for part in str(text).split("\n")
    )


def _date(value: Any, fmt: str = "%-d %b %Y") -> str:
    if is_missing(value):
        return ""
    return pd.Timestamp(value).strftime(fmt)


# -- views -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """Where the map looks and which country layer suits it."""

    latitude: float
    longitude: float
    zoom: float
    scope: str  # "region" (1:50m neighbours of Ukraine) or "europe" (1:110m world)

    def view_state(self) -> pdk.ViewState:
        return pdk.ViewState(
            latitude=round(self.latitude, 4),
            longitude=round(self.longitude, 4),
            zoom=round(self.zoom, 2),
            min_zoom=1.5,
            max_zoom=10,
            pitch=0,
            bearing=0,
        )


DONBAS_VIEW = View(latitude=47.7, longitude=36.2, zoom=5.4, scope="region")
EUROPE_VIEW = View(latitude=49.0, longitude=20.0, zoom=3.6, scope="europe")
EUROPE_BELOW_ZOOM = 5.0  # a fitted view wider than this shows the Europe-wide country layer
MIN_FIT_ZOOM, MAX_FIT_ZOOM = 2.5, 6.2
FAR_WEST_LON = 22.0  # west of this, the 1:50m neighbours-of-Ukraine layer has no countries
DONBAS_ANCHOR = (38.3, 48.2)  # lon, lat: roughly the middle of the separatist-held area


def _merc_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    rad = math.radians(lat)
    return (1 - math.log(math.tan(rad) + 1 / math.cos(rad)) / math.pi) / 2


def _merc_lat(y: float) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))


def fit_view(
    lons: Iterable[float],
    lats: Iterable[float],
    size: tuple[int, int] = DEFAULT_SIZE,
    margins: tuple[int, int, int, int] = FIT_MARGINS,
    min_span: float = 3.0,
    fallback: View = DONBAS_VIEW,
) -> View:
    """The view that shows every point: bounding box in Web Mercator -> centre and zoom.

    A point west of FAR_WEST_LON (Geneva, Brussels, Vienna: outside the 1:50m neighbours of
    Ukraine) makes the view Europe-wide: the Donbas anchor joins the box, so the crisis region
    stays in sight, and the world country layer is used.

    ``margins`` (left, top, right, bottom, in pixels) keep the points clear of the edges, with
    room on the right for the labels. A box narrower than ``min_span`` degrees is widened around
    its centre. The zoom is clamped to [MIN_FIT_ZOOM, MAX_FIT_ZOOM]; a view wider than
    EUROPE_BELOW_ZOOM is the Europe-wide one.
    """
    points = [
        (float(x), float(y))
        for x, y in zip(lons, lats, strict=True)
        if x is not None and y is not None and not (pd.isna(x) or pd.isna(y))
    ]
    if not points:
        return fallback
    far_west = any(x < FAR_WEST_LON for x, _ in points)
    if far_west:
        points.append(DONBAS_ANCHOR)
    xs = [(x + 180) / 360 for x, _ in points]
    ys = [_merc_y(y) for _, y in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    bx, by = (x0 + x1) / 2, (y0 + y1) / 2
    span = min_span / 360
    dx, dy = max(x1 - x0, span), max(y1 - y0, span)
    width, height = size
    left, top, right, bottom = margins
    zoom = min(
        math.log2(max(width - left - right, 1) / (512 * dx)),
        math.log2(max(height - top - bottom, 1) / (512 * dy)),
    )
    zoom = max(MIN_FIT_ZOOM, min(MAX_FIT_ZOOM, zoom))
    world = 512 * 2**zoom
    cx = bx + (right - left) / 2 / world
    cy = by + (bottom - top) / 2 / world
    scope = "europe" if far_west or zoom < EUROPE_BELOW_ZOOM else "region"
    return View(latitude=_merc_lat(cy), longitude=cx * 360 - 180, zoom=zoom, scope=scope)


def visible_bounds(
    view: View, size: tuple[int, int] = DEFAULT_SIZE
) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees that a ``size`` viewport shows at ``view``."""
    width, height = size
    world = 512 * 2**view.zoom
    cx = (view.longitude + 180) / 360
    cy = _merc_y(view.latitude)
    half_x, half_y = width / 2 / world, height / 2 / world
    west = (cx - half_x) * 360 - 180
    east = (cx + half_x) * 360 - 180
    north = _merc_lat(max(cy - half_y, 0.0))
    south = _merc_lat(min(cy + half_y, 1.0))
    return west, south, east, north


# -- geometry helpers ------------------------------------------------------------------------


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    """Outer rings of a Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    return []


def _clip(ring: Sequence[Sequence[float]], box: tuple[float, float, float, float]) -> list:
    """Sutherland-Hodgman clip of a ring to a (west, south, east, north) box."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cut_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cut_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cut_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cut_y(a, b, north)),
    ]
    out = [tuple(p[:2]) for p in ring]
    for inside, cut in edges:
        if not out:
            break
        pts, out = out, []
        prev = pts[-1]
        for cur in pts:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
    return out


def _cut_x(a: Sequence[float], b: Sequence[float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cut_y(a: Sequence[float], b: Sequence[float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def _area_centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """(area, x, y) of a ring in degrees (shoelace); area is absolute."""
    a = cx = cy = 0.0
    n = len(ring)
    for i in range(n):
        x0, y0 = ring[i][0], ring[i][1]
        x1, y1 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        return 0.0, 0.0, 0.0
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def label_point(
    geometry: dict[str, Any], box: tuple[float, float, float, float]
) -> tuple[float, float, float] | None:
    """Where to put a feature's name inside ``box``: the area-weighted centre of its visible
    part (Russia gets a label in European Russia, not in Siberia). Returns (lon, lat, area)."""
    total = sx = sy = 0.0
    for ring in _rings(geometry):
        clipped = _clip(ring, box)
        if len(clipped) < 3:
            continue
        area, x, y = _area_centroid(clipped)
        total += area
        sx += area * x
        sy += area * y
    if total <= 0:
        return None
    return sx / total, sy / total, total


def _round_coords(coords: Any, digits: int = 3) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), digits)
    return [_round_coords(c, digits) for c in coords]


def _feature(geometry: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {
            "type": geometry["type"],
            "coordinates": _round_coords(geometry["coordinates"]),
        },
        "properties": properties,
    }


# -- countries -------------------------------------------------------------------------------


def country_layers_data(
    geojson: dict[str, Any],
    box: tuple[float, float, float, float],
    min_label_area: float = 4.0,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """Slim country polygons (name only) and label points for the countries visible in ``box``.

    Label points are computed here (added context, used only to place names).
    """
    return country_polygons(geojson), country_labels(geojson, box, min_label_area)


def _country_name(feat: dict[str, Any]) -> str:
    props = feat.get("properties") or {}
    return to_text(props.get("NAME") or props.get("ADMIN"))


# countries drawn on the Europe-wide map: those reaching into this box (west, south, east,
# north), which holds every view the map opens on (the widest fitted view, zoom 2.5, spans
# about 100 degrees of longitude); the Americas and East Asia would only add weight on the wire
EUROPE_EXTENT = (-35.0, 15.0, 90.0, 82.0)


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def country_polygons(
    geojson: dict[str, Any], extent: tuple[float, float, float, float] | None = None
) -> dict[str, Any]:
    """The countries as slim polygons: rounded coordinates, the name as the only property;
    with ``extent``, only those whose bounding box reaches into it (kept whole, not clipped).
    Independent of the view, so it is shaped once per process (``components.map_panel``)."""
    features = [
        _feature(f["geometry"], name=_country_name(f))
        for f in geojson.get("features", [])
        if extent is None or _overlaps(_bbox(f["geometry"]), extent)
    ]
    return {"type": "FeatureCollection", "features": features}


def country_labels(
    geojson: dict[str, Any], box: tuple[float, float, float, float], min_label_area: float = 4.0
) -> pd.DataFrame:
    """A label point (name, [lon, lat]) for each country with at least ``min_label_area``
    square degrees inside ``box``."""
    labels = []
    for feat in geojson.get("features", []):
        name = _country_name(feat)
        where = label_point(feat["geometry"], box)
        if where is not None and where[2] >= min_label_area and name:
            labels.append({"name": name, "position": [round(where[0], 3), round(where[1], 3)]})
    return pd.DataFrame(labels, columns=["name", "position"])


def _text_box(
    x: float, y: float, text: str, px_per_char: float, anchor: str, height: float = 16.0
) -> tuple[float, float, float, float]:
    longest = max((len(line) for line in text.split("\n")), default=0)
    w = longest * px_per_char
    h = height * max(1, text.count("\n") + 1)
    if anchor == "start":
        return x, y - h / 2, x + w, y + h / 2
    return x - w / 2, y - h / 2, x + w / 2, y + h / 2


def drop_crowded_labels(
    labels: pd.DataFrame, venues: pd.DataFrame | None, view: View, gap: float = 4.0
) -> pd.DataFrame:
    """Country labels that would collide with a venue's dot or label at ``view`` are dropped
    (the venue label names the place; the country name would only be hidden under it)."""
    if labels.empty or venues is None or venues.empty:
        return labels
    world = 512 * 2**view.zoom

    def px(lon: float, lat: float) -> tuple[float, float]:
        return (lon + 180) / 360 * world, _merc_y(lat) * world

    boxes = []
    for v in venues.to_dict("records"):
        x, y = px(*v["position"])
        r = float(v["radius"])
        boxes.append((x - r, y - r, x + r, y + r))
        boxes.append(_text_box(x + r + 5, y, str(v["label"]), 7.5, "start"))
    keep = []
    for lab in labels.to_dict("records"):
        x, y = px(*lab["position"])
        a = _text_box(x, y, str(lab["name"]), 7.0, "middle")
        hit = any(
            a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap
            for b in boxes
        )
        keep.append(not hit)
    return labels[keep].reset_index(drop=True)


# -- Crimea and the separatist-held area -----------------------------------------------------

CRIMEA_LABEL = "Crimea — annexed by Russia in 2014;\ninternationally recognised\nas part of Ukraine"
DONBAS_LABEL = "Separatist-held areas of\nDonetsk and Luhansk (approximate)"
CRIMEA_TOOLTIP = (
    "Crimea: annexed by Russia in 2014 (founding article: “since 2014, when Russia invaded and "
    "annexed Ukraine's Crimean Peninsula”); internationally recognised as part of Ukraine. "
    "Natural Earth's country layer draws it inside Russia; this outline (Natural Earth "
    "disputed areas) is drawn on top."
)
DONBAS_TOOLTIP = (
    "Separatist-held areas of Donetsk and Luhansk oblasts (approximate; Natural Earth 2017, "
    "“Self admin.; Claimed by Ukraine”). The founding article speaks of “Russia-backed "
    "separatists” in eastern Ukraine."
)


def _bbox(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    xs = [p[0] for ring in _rings(geometry) for p in ring]
    ys = [p[1] for ring in _rings(geometry) for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def disputed_layers_data(
    geojson: dict[str, Any], scope: str = "region"
) -> tuple[dict[str, Any], pd.DataFrame]:
    """The Donbas and Crimea polygons (Crimea last, so drawn on top) and their labels.

    Label positions are added context, placed just off each area so they do not cover the
    venues inside it: beside it in the close-up, below it in the Europe-wide view.
    """
    found: dict[str, dict[str, Any]] = {}
    for feat in geojson.get("features", []):
        props = feat.get("properties") or {}
        name = to_text(props.get("BRK_NAME") or props.get("NAME"))
        if name in ("Donbass", "Crimea"):
            found[name] = feat
    features = []
    labels = []
    if "Donbass" in found:
        geom = found["Donbass"]["geometry"]
        features.append(
            _feature(
                geom,
                area_id="donbas",
                tooltip=wrap(DONBAS_TOOLTIP),
                fill=hex_to_rgb(DONBAS_HEX, 70),
                line=hex_to_rgb(DONBAS_HEX, 255),
            )
        )
        _west, south, east, north = _bbox(geom)
        if scope == "europe":
            where, baseline = [east + 0.3, south - 0.3], "top"
        else:
            where, baseline = [east + 0.1, (south + north) / 2 - 0.15], "center"
        labels.append(
            {
                "area_id": "donbas",
                "label": DONBAS_LABEL,
                "position": [round(where[0], 3), round(where[1], 3)],
                "anchor": "start",
                "baseline": baseline,
            }
        )
    if "Crimea" in found:
        geom = found["Crimea"]["geometry"]
        features.append(
            _feature(
                geom,
                area_id="crimea",
                tooltip=wrap(CRIMEA_TOOLTIP),
                fill=hex_to_rgb(CRIMEA_HEX, 90),
                line=hex_to_rgb(CRIMEA_HEX, 255),
            )
        )
        west, south, _east, north = _bbox(geom)
        if scope == "europe":
            where, anchor, baseline = [west + 0.6, south - 0.1], "middle", "top"
        else:
            where, anchor, baseline = [west - 0.1, (south + north) / 2 - 0.2], "end", "center"
        labels.append(
            {
                "area_id": "crimea",
                "label": CRIMEA_LABEL,
                "position": [round(where[0], 3), round(where[1], 3)],
                "anchor": anchor,
                "baseline": baseline,
            }
        )
    return (
        {"type": "FeatureCollection", "features": features},
        pd.DataFrame(labels, columns=["area_id", "label", "position", "anchor", "baseline"]),
    )


# -- line of contact -------------------------------------------------------------------------

LINE_TOOLTIP = (
    "Line of contact (approximate: Natural Earth 2017 digitisation, median 3 km off; "
    "wrong side for Svitlodarsk and Popasna)"
)


def line_frame(geojson: dict[str, Any]) -> pd.DataFrame:
    """One row per LineString of the line of contact, with its caveat as tooltip."""
    rows = []
    for i, feat in enumerate(geojson.get("features", [])):
        geom = feat["geometry"]
        parts = [geom["coordinates"]] if geom["type"] == "LineString" else list(geom["coordinates"])
        for j, part in enumerate(parts):
            rows.append(
                {
                    "line_id": f"line-{i}-{j}",
                    "path": _round_coords([p[:2] for p in part], 4),
                    "tooltip": wrap(LINE_TOOLTIP),
                }
            )
    return pd.DataFrame(rows, columns=["line_id", "path", "tooltip"])


def line_label_frame(lines: pd.DataFrame) -> pd.DataFrame:
    """A short label at the line's southern end, on the coast (its caveat is in the tooltip)."""
    if lines.empty:
        return pd.DataFrame(columns=["label", "position"])
    pts = [p for path in lines["path"] for p in path]
    south = min(pts, key=lambda p: p[1])
    return pd.DataFrame([{"label": "Line of contact\n(approximate)", "position": list(south)}])


# -- venues ----------------------------------------------------------------------------------


def venue_radius(events: int) -> float:
    """Marker radius in pixels: at least 7, growing with the square root of the events."""
    return round(7 + 5 * math.sqrt(max(int(events), 1) - 1), 2)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    try:
        return list(value)
    except TypeError:
        return [value]


def venue_frame(venues: pd.DataFrame) -> pd.DataFrame:
    """venue_counts -> one row per venue: position, radius, label and tooltip.

    A venue not stated in the source (``stated_in_source`` false) says so: "venue is added
    context: <note>"; for the others the note (added coordinates) is shown as added context.
    """
    columns = [
        "location_id",
        "name",
        "kind",
        "events",
        "position",
        "radius",
        "label",
        "stated_in_source",
        "tooltip",
    ]
    rows = []
    for v in venues.to_dict("records"):
        n = int(v["events"])
        titles = [str(t) for t in _as_list(v.get("titles"))]
        stated = bool(v.get("stated_in_source"))
        note = to_text(v.get("note"))
        lines = [f"{v['name']} — {n} {'event' if n == 1 else 'events'}"]
        lines += [f"• {t}" for t in titles]
        if not stated:
            lines.append(wrap(f"venue is added context: {note}"))
        elif note:
            lines.append(wrap(f"added context: {note}"))
        rows.append(
            {
                "location_id": str(v["location_id"]),
                "name": str(v["name"]),
                "kind": to_text(v.get("kind")),
                "events": n,
                "position": [float(v["longitude"]), float(v["latitude"])],
                "radius": venue_radius(n),
                "label": f"{v['name']} ({n})",
                "stated_in_source": stated,
                "tooltip": "\n".join(lines),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def place_venue_labels(venues: pd.DataFrame, view: View, line_px: float = 16.0) -> pd.DataFrame:
    """Pixel offsets for the venue labels (right of each dot) so that labels of nearby venues
    stack instead of overprinting: a label that would overlap one above it moves down."""
    if venues.empty:
        return venues.assign(offset=[])
    world = 512 * 2**view.zoom
    rows = venues.to_dict("records")
    order = sorted(range(len(rows)), key=lambda i: _merc_y(rows[i]["position"][1]))
    placed: list[tuple[float, float, float, float]] = []
    offsets: dict[int, list[float]] = {}
    for i in order:
        v = rows[i]
        x = (v["position"][0] + 180) / 360 * world
        y = _merc_y(v["position"][1]) * world
        dx = float(v["radius"]) + 5
        dy = 0.0
        width = len(str(v["label"])) * 7.5
        for _ in range(len(rows)):
            box = (x + dx, y + dy - line_px / 2, x + dx + width, y + dy + line_px / 2)
            clash = [
                b
                for b in placed
                if box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
            ]
            if not clash:
                break
            dy = max(b[3] for b in clash) - y + line_px / 2 + 1
        placed.append(box)
        offsets[i] = [round(dx, 1), round(dy, 1)]
    return venues.assign(offset=[offsets[i] for i in range(len(rows))])


# -- arcs from the participants' home locations ----------------------------------------------


def home_location(actor_id: str, actors: pd.DataFrame, max_depth: int = 6) -> str | None:
    """The actor's home location, or the nearest ancestor's (people and bodies)."""
    by_id = actors.set_index("actor_id")
    current: str | None = actor_id
    for _ in range(max_depth):
        if current is None or current not in by_id.index:
            return None
        row = by_id.loc[current]
        home = to_text(row.get("home_location_id"))
        if home:
            return home
        current = to_text(row.get("parent_actor_id")) or None
    return None


def arc_frame(
    events: pd.DataFrame,
    links: pd.DataFrame,
    actors: pd.DataFrame,
    locations: pd.DataFrame,
) -> pd.DataFrame:
    """One arc per (event, taking-part actor) from the actor's home to the event's venue.

    Only actors who take part (participant, organiser, speaker) get an arc; targets and
    reporters do not. The home is the actor's ``home_location_id`` or its parent's; no arc
    when the home is the venue itself, or when the venue is a whole country and the home lies
    in it (Kyiv -> Ukraine is not a journey). Actors of one event with the same home and side share
    one arc. Home locations (capitals, seats) are added context.
    """
    columns = [
        "arc_id",
        "event_id",
        "location_id",
        "home_location_id",
        "side",
        "actors",
        "source",
        "target",
        "source_color",
        "target_color",
        "tooltip",
    ]
    if events.empty or links.empty:
        return pd.DataFrame(columns=columns)
    located = events[events["location_id"].notna() & (events["dataset"] == "article")]
    loc = locations.set_index("location_id")
    homes = {a: home_location(a, actors) for a in links["actor_id"].unique()}
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for ev in located.to_dict("records"):
        venue_id = str(ev["location_id"])
        if venue_id not in loc.index:
            continue
        venue = loc.loc[venue_id]
        part = links[(links["event_id"] == ev["event_id"]) & links["role"].isin(ARC_ROLES)]
        for link in part.to_dict("records"):
            home_id = homes.get(link["actor_id"])
            if not home_id or home_id == venue_id or home_id not in loc.index:
                continue
            home = loc.loc[home_id]
            if (home["longitude"], home["latitude"]) == (venue["longitude"], venue["latitude"]):
                continue
            if venue.get("kind") == "country" and to_text(home.get("country")) == to_text(
                venue.get("country")
            ):
                continue
            side = to_text(link.get("side")) or "other"
            key = (str(ev["event_id"]), home_id, side)
            g = groups.setdefault(
                key,
                {
                    "event": ev,
                    "venue": venue,
                    "venue_id": venue_id,
                    "home": home,
                    "labels": [],
                },
            )
            label = to_text(link.get("label")) or to_text(link.get("name")) or link["actor_id"]
            if label not in g["labels"]:
                g["labels"].append(label)
    rows = []
    for (event_id, home_id, side), g in groups.items():
        color = side_color(side)
        who = ", ".join(g["labels"])
        tooltip = f"{who} → {g['venue']['name']}: {g['event']['title']}\n" + wrap(
            f"Arc starts at {g['home']['name']}, the home location (capital or seat) "
            "used for the map: added context, not stated in the source."
        )
        rows.append(
            {
                "arc_id": f"{event_id}|{home_id}|{side}",
                "event_id": event_id,
                "location_id": g["venue_id"],
                "home_location_id": home_id,
                "side": side,
                "actors": who,
                "source": [float(g["home"]["longitude"]), float(g["home"]["latitude"])],
                "target": [float(g["venue"]["longitude"]), float(g["venue"]["latitude"])],
                "source_color": hex_to_rgb(color, 235),
                "target_color": hex_to_rgb(color, 235),
                "tooltip": tooltip,
            }
        )
    return pd.DataFrame(rows, columns=columns)


# -- the troop buildup -----------------------------------------------------------------------


def troop_frame(
    figures: pd.DataFrame,
    locations: pd.DataFrame,
    figure_id: str = "art-troops",
    location_id: str = "ukraine-borders",
) -> pd.DataFrame:
    """The founding article's troop figure at its (symbolic, added) border location.

    The label's number comes from the figure row (value, qualifier), never from literal text.
    """
    columns = ["figure_id", "location_id", "position", "label", "tooltip"]
    fig = figures[figures["figure_id"] == figure_id]
    loc = locations[locations["location_id"] == location_id]
    if fig.empty or loc.empty:
        return pd.DataFrame(columns=columns)
    f = fig.iloc[0]
    place = loc.iloc[0]
    amount = format_figure_row(f)
    unit = to_text(f.get("unit")) or "troops"
    when = _date(f.get("reported_on")) or _date(f.get("source_published"))
    if f.get("source_id") == "founding-article":
        cite = "founding article"
    else:
        cite = to_text(f.get("outlet")) or to_text(f.get("source_id"))
    short_when = _date(f.get("reported_on"), "%-d %b %Y")
    label = f"{amount} Russian {unit}\n({cite}, {short_when})"
    tooltip = "\n".join(
        [
            f"{to_text(f.get('subject'))}: {amount} {unit}",
            wrap(f"“{to_text(f.get('quote'))}”"),
            f"— {cite}, {when}",
            wrap(f"Marker position is added context: {to_text(place.get('note'))}"),
        ]
    )
    return pd.DataFrame(
        [
            {
                "figure_id": str(f["figure_id"]),
                "location_id": location_id,
                "position": [float(place["longitude"]), float(place["latitude"])],
                "label": label,
                "tooltip": tooltip,
            }
        ],
        columns=columns,
    )


# -- violence events (UCDP and imported datasets): grid cells or points ----------------------


def _ramp(t: float, stops: Sequence[str] = DEATHS_RAMP, alpha: int = 200) -> list[int]:
    t = max(0.0, min(1.0, t))
    pos = t * (len(stops) - 1)
    i = min(int(pos), len(stops) - 2)
    frac = pos - i
    a, b = hex_to_rgb(stops[i]), hex_to_rgb(stops[i + 1])
    return [round(a[k] + (b[k] - a[k]) * frac) for k in range(3)] + [alpha]


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def grid_frame(grid: pd.DataFrame, cell_deg: float) -> pd.DataFrame:
    """Grid cells counted in DuckDB (``Store.event_grid``: cell centres, events, deaths, first,
    last) -> one square polygon per cell with a colour and a plain-text tooltip.

    Colour grows with the log of deaths (best estimate); cells without deaths keep the palest
    colour, so every event stays visible. ``cell_id`` is the cell's centre ("lon,lat"). The
    tooltip is short on purpose (a 1M-event filter sends up to MAX_CELLS of them).
    """
    columns = ["cell_id", "polygon", "events", "deaths", "color", "tooltip"]
    if grid.empty:
        return pd.DataFrame(columns=columns)
    half = float(cell_deg) / 2
    digits = 3 if cell_deg < 0.5 else 2
    lon = grid["longitude"].astype(float).round(4).to_numpy()
    lat = grid["latitude"].astype(float).round(4).to_numpy()
    events = grid["events"].astype("int64").to_numpy()
    deaths = grid["deaths"].fillna(0).astype("int64").to_numpy()
    max_log = math.log1p(max(int(deaths.max()), 1))
    first = pd.to_datetime(grid["first"])
    last = pd.to_datetime(grid["last"])
    rows = []
    for x, y, n, d, a, b in zip(lon, lat, events, deaths, first, last, strict=True):
        x0, x1 = round(x - half, digits), round(x + half, digits)
        y0, y1 = round(y - half, digits), round(y + half, digits)
        fa, fb = _date(a), _date(b)
        rows.append(
            {
                "cell_id": f"{x:.3f},{y:.3f}",
                "polygon": [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
                "events": int(n),
                "deaths": int(d),
                "color": _ramp(math.log1p(int(d)) / max_log, alpha=170),
                "tooltip": f"{_plural(int(n), 'event')}, {_plural(int(d), 'death')}\n"
                f"{fa if fa == fb else f'{fa} – {fb}'}",
            }
        )
    return pd.DataFrame(rows, columns=columns)


POINT_TITLE_CHARS = 70


def point_frame(points: pd.DataFrame, dataset_labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Events one by one (``Store.event_points``) -> position, radius (grows with deaths),
    colour (the deaths ramp) and a plain-text tooltip (title, date, deaths, dataset)."""
    columns = ["event_id", "position", "radius", "color", "tooltip"]
    if points.empty:
        return pd.DataFrame(columns=columns)
    labels = dataset_labels or {}
    deaths = points["deaths"].fillna(0).astype("int64").to_numpy()
    max_log = math.log1p(max(int(deaths.max()), 1))
    rows = []
    for r, d in zip(points.to_dict("records"), deaths, strict=True):
        title = to_text(r.get("title"))
        if len(title) > POINT_TITLE_CHARS:
            title = title[: POINT_TITLE_CHARS - 1].rstrip() + "…"
        ds = to_text(r.get("dataset"))
        rows.append(
            {
                "event_id": str(r["event_id"]),
                "position": [round(float(r["longitude"]), 4), round(float(r["latitude"]), 4)],
                "radius": round(3 + min(math.sqrt(int(d)), 9.0), 1),
                "color": _ramp(math.log1p(int(d)) / max_log, alpha=190),
                "tooltip": f"{title}\n{_date(r.get('start_date'))} · {_plural(int(d), 'death')}"
                f" · {labels.get(ds, ds)}",
            }
        )
    return pd.DataFrame(rows, columns=columns)


# -- the deck --------------------------------------------------------------------------------


class CompactDeck(pdk.Deck):
    """A pydeck Deck whose JSON has no indentation (pydeck indents every coordinate, which
    makes the country geometry several times larger on the wire).

    The JSON is computed on the first call and kept: a deck is built, then drawn, never changed
    (``components.built`` shares one deck between viewers, and Streamlit serialises it on
    every run)."""

    _json: str | None = None

    def to_json(self) -> str:
        if self._json is None:
            self._json = json.dumps(
                self,
                sort_keys=True,
                default=default_serialize,
                separators=(",", ":"),
                ensure_ascii=False,
            )
        return self._json


def _records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    """Layer data as plain records (pydeck cannot serialise a DataFrame under pandas 3)."""
    if frame is None or frame.empty:
        return []
    return frame.to_dict("records")


# The labels' glyph atlas (deck.gl TextLayer ``fontSettings``). deck.gl draws each glyph once into
# a signed-distance-field atlas and samples it with trilinear mipmapping (IconLayer's sampler).
# Its defaults (a 64 px atlas, radius 12, 4 px of buffer around each glyph) shrink to our 12-13 px
# labels by 5x: the sampled mip level averages a regular-weight stem ("l", "i", "r" are about
# 6 atlas px wide and sit in cells bordered by the atlas's empty background) below the SDF edge,
# so thin letters vanished in Chromium ("Po and", "Russ a", "Bu gar a"); bold labels survived.
# A 32 px atlas halves the minification, radius 16 (half the font size) makes the distance field
# fall off gently enough to survive the averaging, and an 8 px buffer keeps neighbours apart.
# Checked in Chromium at device pixel ratio 1 and 2 (tests/test_map.py pins these values).
FONT_SETTINGS: dict[str, Any] = {"sdf": True, "fontSize": 32, "buffer": 8, "radius": 16}
FONT_FAMILY = "Helvetica, Arial, sans-serif"  # Liberation Sans on Debian (fontconfig alias)


def _text_layer(layer_id: str, data: pd.DataFrame, **kwargs: Any) -> pdk.Layer:
    params: dict[str, Any] = {
        "get_position": "position",
        "get_text": "label",
        "get_size": 13,
        "size_units": "'pixels'",
        "get_color": TEXT_RGBA,
        "font_family": json.dumps(FONT_FAMILY),
        "font_weight": 600,
        "character_set": '"auto"',
        "font_settings": dict(FONT_SETTINGS),
        "outline_width": 4,
        "outline_color": HALO_RGBA,
        "line_height": 1.15,
        "pickable": False,
    }
    params.update(kwargs)
    return pdk.Layer("TextLayer", data=_records(data), id=layer_id, **params)


@dataclass
class MapData:
    """Everything the deck draws, already shaped by the builders above."""

    countries: dict[str, Any]
    country_labels: pd.DataFrame
    disputed: dict[str, Any] | None = None
    disputed_labels: pd.DataFrame | None = None
    line: pd.DataFrame | None = None
    venues: pd.DataFrame | None = None
    arcs: pd.DataFrame | None = None
    troops: pd.DataFrame | None = None
    violence_grid: pd.DataFrame | None = None
    violence_points: pd.DataFrame | None = None


def build_deck(data: MapData, view: View, basemap: bool = False) -> pdk.Deck:
    """Stack the layers (sea, land, areas, violence, line, arcs, markers, labels) into a deck.

    Optional parts are None (their layer is left out). With ``basemap`` off there is no tile
    provider at all and a sea-coloured background layer is drawn, so the map looks the same
    offline; with it on, Carto tiles (no token) show under translucent land.
    """
    layers: list[pdk.Layer] = []
    if not basemap:
        layers.append(
            pdk.Layer(
                "SolidPolygonLayer",
                id=SEA,
                data=[{"polygon": [[-180, -85], [180, -85], [180, 85], [-180, 85]]}],
                get_polygon="polygon",
                get_fill_color=SEA_RGBA,
                pickable=False,
            )
        )
    layers.append(
        pdk.Layer(
            "GeoJsonLayer",
            id=COUNTRIES,
            data=data.countries,
            filled=True,
            stroked=True,
            get_fill_color=LAND_RGBA_OVER_TILES if basemap else LAND_RGBA,
            get_line_color=BORDER_RGBA,
            line_width_units="'pixels'",
            get_line_width=1,
            line_width_min_pixels=1,
            pickable=False,
        )
    )
    if data.disputed is not None:
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                id=DISPUTED,
                data=data.disputed,
                filled=True,
                stroked=True,
                get_fill_color="properties.fill",
                get_line_color="properties.line",
                line_width_units="'pixels'",
                get_line_width=2,
                line_width_min_pixels=2,
                pickable=True,
            )
        )
    if data.violence_grid is not None and not data.violence_grid.empty:
        layers.append(
            pdk.Layer(
                "PolygonLayer",
                id=VIOLENCE_GRID,
                data=_records(data.violence_grid),
                get_polygon="polygon",
                get_fill_color="color",
                get_line_color=[120, 40, 0, 120],
                line_width_units="'pixels'",
                get_line_width=0.5,
                stroked=True,
                filled=True,
                pickable=True,
                auto_highlight=True,
            )
        )
    if data.violence_points is not None and not data.violence_points.empty:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                id=VIOLENCE_POINTS,
                data=_records(data.violence_points),
                get_position="position",
                radius_units="'pixels'",
                get_radius="radius",
                filled=True,
                stroked=True,
                get_fill_color="color",
                get_line_color=[120, 40, 0, 200],
                line_width_units="'pixels'",
                get_line_width=0.5,
                pickable=True,
                auto_highlight=True,
            )
        )
    if data.line is not None and not data.line.empty:
        layers.append(
            pdk.Layer(
                "PathLayer",
                id=LINE,
                data=_records(data.line),
                get_path="path",
                get_color=LINE_RGBA,
                width_units="'pixels'",
                get_width=3,
                width_min_pixels=3,
                cap_rounded=True,
                joint_rounded=True,
                pickable=True,
            )
        )
    layers.append(
        _text_layer(
            COUNTRY_LABELS,
            data.country_labels.rename(columns={"name": "label"}),
            get_color=LABEL_RGBA,
            get_size=12,
            font_weight=400,
            outline_width=3,
        )
    )
    if data.disputed_labels is not None and not data.disputed_labels.empty:
        layers.append(
            _text_layer(
                DISPUTED_LABELS,
                data.disputed_labels,
                get_size=12,
                get_text_anchor="anchor",
                get_alignment_baseline="baseline",
            )
        )
    if data.line is not None and not data.line.empty and view.scope == "region":
        layers.append(
            _text_layer(
                LINE_LABEL,
                line_label_frame(data.line),
                get_size=12,
                get_color=LINE_RGBA,
                get_text_anchor='"end"',
                get_alignment_baseline='"top"',
                get_pixel_offset=[-4, 4],
            )
        )
    if data.arcs is not None and not data.arcs.empty:
        layers.append(
            pdk.Layer(
                "ArcLayer",
                id=ARCS,
                data=_records(data.arcs),
                get_source_position="source",
                get_target_position="target",
                get_source_color="source_color",
                get_target_color="target_color",
                width_units="'pixels'",
                get_width=2.5,
                get_height=0.3,
                get_tilt=90,
                pickable=True,
            )
        )
    if data.troops is not None and not data.troops.empty:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                id=TROOPS,
                data=_records(data.troops),
                get_position="position",
                radius_units="'pixels'",
                get_radius=26,
                filled=True,
                stroked=True,
                get_fill_color=hex_to_rgb(TROOPS_HEX, 45),
                get_line_color=hex_to_rgb(TROOPS_HEX, 255),
                line_width_units="'pixels'",
                get_line_width=3,
                pickable=True,
            )
        )
    if data.venues is not None and not data.venues.empty:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                id=VENUES,
                data=_records(data.venues),
                get_position="position",
                radius_units="'pixels'",
                get_radius="radius",
                radius_min_pixels=6,
                filled=True,
                stroked=True,
                get_fill_color=VENUE_RGBA,
                get_line_color=[255, 255, 255, 255],
                line_width_units="'pixels'",
                get_line_width=2,
                pickable=True,
                auto_highlight=True,
            )
        )
    if data.troops is not None and not data.troops.empty:
        layers.append(
            _text_layer(
                TROOP_LABEL,
                data.troops,
                get_size=12,
                get_color=hex_to_rgb("#8A3B00"),
                get_text_anchor='"end"',
                get_alignment_baseline='"bottom"',
                get_pixel_offset=[-20, -18],
            )
        )
    if data.venues is not None and not data.venues.empty:
        layers.append(
            _text_layer(
                VENUE_LABELS,
                place_venue_labels(data.venues, view),
                get_text_anchor='"start"',
                get_alignment_baseline='"center"',
                get_pixel_offset="offset",
            )
        )
    kwargs: dict[str, Any] = {"map_style": None} if basemap else {"map_provider": None}
    return CompactDeck(
        layers=layers,
        initial_view_state=view.view_state(),
        tooltip=TOOLTIP,
        **kwargs,
    )
