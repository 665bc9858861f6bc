"""Map page: the pure deck builders (components/deck.py) and the page itself (AppTest)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import deck as dk
from components.palette import hex_to_rgb, side_color
from components.text import format_figure_row, md_escape
from crisis import Filters, Store

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "pages" / "map.py"
HOSTILE = "<img src=x onerror=alert(1)>"
ARTICLE = Filters(datasets=("article",))
EXPECTED_IDS = {
    dk.SEA,
    dk.COUNTRIES,
    dk.COUNTRY_LABELS,
    dk.DISPUTED,
    dk.DISPUTED_LABELS,
    dk.LINE,
    dk.ARCS,
    dk.TROOPS,
    dk.TROOP_LABEL,
    dk.VENUES,
    dk.VENUE_LABELS,
}
VIOLENCE = {dk.VIOLENCE_GRID, dk.VIOLENCE_POINTS}


# -- helpers ---------------------------------------------------------------------------------


def _coords(locations: pd.DataFrame, location_id: str) -> list[float]:
    row = locations.set_index("location_id").loc[location_id]
    return [float(row["longitude"]), float(row["latitude"])]


def _arcs(store: Store, f: Filters = ARTICLE) -> pd.DataFrame:
    events = store.events(f)
    located = events[events["location_id"].notna()]
    links = store.event_actors(list(located["event_id"]))
    return dk.arc_frame(located, links, store.actors(), store.locations())


def _full_deck(store: Store, view: dk.View = dk.DONBAS_VIEW, basemap: bool = False) -> dict:
    countries, labels = dk.country_layers_data(
        store.geometry("countries_region"), dk.visible_bounds(view)
    )
    disputed, disputed_labels = dk.disputed_layers_data(store.geometry("disputed"), view.scope)
    ucdp = Filters(datasets=("ucdp",))
    grid = dk.grid_frame(store.event_grid(ucdp, 0.25), 0.25)
    points = dk.point_frame(store.event_points(ucdp).head(50), {"ucdp": "UCDP"})
    data = dk.MapData(
        countries=countries,
        country_labels=labels,
        disputed=disputed,
        disputed_labels=disputed_labels,
        line=dk.line_frame(store.geometry("line_of_contact")),
        venues=dk.venue_frame(store.venue_counts(ARTICLE)),
        arcs=_arcs(store),
        troops=dk.troop_frame(store.figures("troops"), store.locations()),
        violence_grid=grid,
        violence_points=points,
    )
    return json.loads(dk.build_deck(data, view, basemap=basemap).to_json())


def _walk(node: object):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


# -- layers and tooltips ---------------------------------------------------------------------


def test_every_layer_has_a_unique_id(store: Store) -> None:
    spec = _full_deck(store)
    ids = [layer.get("id") for layer in spec["layers"]]
    assert all(ids), ids
    assert len(ids) == len(set(ids))
    assert EXPECTED_IDS | VIOLENCE | {dk.LINE_LABEL} == set(ids)


def test_tooltip_is_text_only_and_every_pickable_row_has_one(store: Store) -> None:
    assert "html" not in dk.TOOLTIP and dk.TOOLTIP["text"] == "{tooltip}"
    spec = _full_deck(store)
    assert not any(key == "html" for key, _ in _walk(spec))
    for layer in spec["layers"]:
        if not layer.get("pickable"):
            continue
        data = layer["data"]
        rows = data["features"] if isinstance(data, dict) else data
        assert rows, layer["id"]
        for row in rows:
            text = row.get("tooltip") or row.get("properties", {}).get("tooltip")
            assert isinstance(text, str) and text.strip(), (layer["id"], row)


def test_only_labelled_layers_are_pickable(store: Store) -> None:
    spec = _full_deck(store)
    pickable = {layer["id"] for layer in spec["layers"] if layer.get("pickable")}
    assert pickable == {dk.DISPUTED, dk.LINE, dk.ARCS, dk.TROOPS, dk.VENUES} | VIOLENCE


def test_text_layers_use_a_glyph_atlas_that_keeps_thin_letters(store: Store) -> None:
    """deck.gl's default atlas (64 px, radius 12, buffer 4) is minified ~5x for 12 px labels and
    its mipmaps lose regular-weight stems in Chromium ("Po and", "Russ a"); see FONT_SETTINGS."""
    spec = _full_deck(store)
    texts = [layer for layer in spec["layers"] if layer["@@type"] == "TextLayer"]
    assert {layer["id"] for layer in texts} == {
        dk.COUNTRY_LABELS,
        dk.DISPUTED_LABELS,
        dk.LINE_LABEL,
        dk.TROOP_LABEL,
        dk.VENUE_LABELS,
    }
    for layer in texts:
        fs = layer["fontSettings"]
        assert fs == {"sdf": True, "fontSize": 32, "buffer": 8, "radius": 16}, layer["id"]
        # minification of the smallest label at most 3x; the field falls off over half an em
        assert fs["fontSize"] / layer["getSize"] <= 3, layer["id"]
        assert fs["radius"] / fs["fontSize"] >= 0.5, layer["id"]
        # the halo (0.75 * outlineWidth atlas px) must fit inside the glyph's buffer
        assert 0 < 0.75 * layer["outlineWidth"] < fs["buffer"], layer["id"]
        assert layer["characterSet"] == "auto"  # every character of the labels is in the atlas
        assert layer["fontFamily"] == "Helvetica, Arial, sans-serif"
    country = next(layer for layer in texts if layer["id"] == dk.COUNTRY_LABELS)
    assert country["fontWeight"] == 400 and country["getSize"] == 12


def test_crimea_is_drawn_over_the_countries(store: Store) -> None:
    spec = _full_deck(store)
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids.index(dk.COUNTRIES) < ids.index(dk.DISPUTED)
    disputed = next(layer for layer in spec["layers"] if layer["id"] == dk.DISPUTED)
    areas = [f["properties"]["area_id"] for f in disputed["data"]["features"]]
    assert areas == ["donbas", "crimea"]  # Crimea last: on top
    labels = next(layer for layer in spec["layers"] if layer["id"] == dk.DISPUTED_LABELS)
    texts = " ".join(row["label"] for row in labels["data"]).replace("\n", " ")
    assert "Crimea — annexed by Russia in 2014; internationally recognised as part of Ukraine" in (
        texts
    )
    assert "Separatist-held areas of Donetsk and Luhansk (approximate)" in texts


def test_line_of_contact_carries_its_caveat(store: Store) -> None:
    lines = dk.line_frame(store.geometry("line_of_contact"))
    assert not lines.empty
    text = lines["tooltip"].iloc[0].replace("\n", " ")
    assert "median 3 km off" in text and "Svitlodarsk and Popasna" in text


def test_basemap_off_means_no_tile_provider_and_a_sea(store: Store) -> None:
    off = _full_deck(store, basemap=False)
    assert "mapProvider" not in off and off.get("mapStyle") == "__MAP_STYLE__"
    assert off["layers"][0]["id"] == dk.SEA
    on = _full_deck(store, basemap=True)
    assert on.get("mapProvider") == "carto" and "mapStyle" not in on  # Streamlit picks the theme
    assert dk.SEA not in {layer["id"] for layer in on["layers"]}


# -- arcs ------------------------------------------------------------------------------------


def test_arcs_start_at_the_participants_capitals_and_are_coloured_by_side(store: Store) -> None:
    arcs = _arcs(store)
    locations = store.locations()
    geneva = arcs[arcs["event_id"] == "us-russia-geneva-talks"].set_index("side")
    assert set(geneva.index) == {"west", "russia"}
    us, ru = geneva.loc["west"], geneva.loc["russia"]
    assert us["source"] == _coords(locations, "washington")  # U.S. officials -> parent's capital
    assert ru["source"] == _coords(locations, "moscow")
    assert us["target"] == ru["target"] == _coords(locations, "geneva")
    assert us["source_color"][:3] == hex_to_rgb(side_color("west"))[:3]
    assert ru["source_color"][:3] == hex_to_rgb(side_color("russia"))[:3]
    assert us["source_color"] != ru["source_color"]
    assert (
        "U.S. officials" in us["tooltip"]
        and "→ Geneva: U.S.-Russia talks in Geneva" in (us["tooltip"])
    )
    assert "added context" in us["tooltip"]


def test_no_arc_for_targets_reporters_or_a_home_at_the_venue(store: Store) -> None:
    arcs = _arcs(store)
    # the troop buildup: Russia takes part (arc from Moscow), Ukraine is its target (no arc)
    buildup = arcs[arcs["event_id"] == "russian-troop-buildup"]
    assert list(buildup["home_location_id"]) == ["moscow"]
    # the NATO-Russia Council and NATO are based in Brussels, where it meets: only Russia's arc
    council = arcs[arcs["event_id"] == "nato-russia-council-meeting"]
    assert list(council["home_location_id"]) == ["moscow"]
    # the OSCE meets at home in Vienna: no arc at all
    assert arcs[arcs["event_id"] == "osce-discussions"].empty
    # Ukraine (Kyiv) taking part in a visit to Ukraine is not a journey
    visit = arcs[arcs["event_id"] == "borrell-ukraine-visit"]
    assert list(visit["home_location_id"]) == ["brussels"]  # Borrell -> EU -> Brussels


def test_arc_tooltips_keep_hostile_titles_literal(store: Store) -> None:
    events = store.events(ARTICLE)
    events = events[events["event_id"] == "us-russia-geneva-talks"].assign(title=HOSTILE)
    links = store.event_actors(["us-russia-geneva-talks"])
    arcs = dk.arc_frame(events, links, store.actors(), store.locations())
    assert all(HOSTILE in text for text in arcs["tooltip"])


# -- venues ----------------------------------------------------------------------------------


def _venues(**overrides: object) -> pd.DataFrame:
    row = {
        "location_id": "geneva",
        "name": "Geneva",
        "kind": "city",
        "latitude": 46.2,
        "longitude": 6.14,
        "precision": "city",
        "stated_in_source": True,
        "note": "Coordinates: city centre, added.",
        "events": 1,
        "event_ids": ["a"],
        "titles": ["Talks"],
    }
    row.update(overrides)
    return pd.DataFrame([row])


def test_venue_radius_grows_with_events() -> None:
    sizes = [dk.venue_radius(n) for n in (1, 2, 4, 9)]
    assert sizes == sorted(sizes) and len(set(sizes)) == 4
    assert sizes[0] >= 6
    frame = dk.venue_frame(
        pd.concat([_venues(), _venues(location_id="x", events=5, titles=["a"] * 5)])
    )
    assert frame["radius"].iloc[1] > frame["radius"].iloc[0]
    assert list(frame["label"]) == ["Geneva (1)", "Geneva (5)"]


def test_venue_not_in_the_source_says_it_is_added_context(store: Store) -> None:
    frame = dk.venue_frame(store.venue_counts(ARTICLE)).set_index("location_id")
    assert (
        frame.loc["brussels", "tooltip"]
        .replace("\n", " ")
        .count("venue is added context: Not in the article.")
    )
    assert "venue is added context" in frame.loc["vienna", "tooltip"]
    assert "venue is added context" not in frame.loc["geneva", "tooltip"]
    assert "added context: Coordinates" in frame.loc["geneva", "tooltip"]


def test_hostile_venue_and_event_names_stay_literal() -> None:
    frame = dk.venue_frame(_venues(name=HOSTILE, titles=[HOSTILE], note=HOSTILE))
    text = frame["tooltip"].iloc[0]
    assert text.startswith(HOSTILE) and f"• {HOSTILE}" in text
    assert "&lt;" not in text
    assert frame["label"].iloc[0] == f"{HOSTILE} (1)"
    view = dk.DONBAS_VIEW
    data = dk.MapData(
        countries={"type": "FeatureCollection", "features": []},
        country_labels=pd.DataFrame(columns=["name", "position"]),
        venues=frame,
    )
    spec = json.loads(dk.build_deck(data, view).to_json())
    venues = next(layer for layer in spec["layers"] if layer["id"] == dk.VENUES)
    assert venues["data"][0]["name"] == HOSTILE


def test_md_escape_leaves_no_markup() -> None:
    raw = f"[x](javascript:alert(1)) {HOSTILE} :red[boo] **b**\nline"
    escaped = md_escape(raw)
    for i, ch in enumerate(escaped):
        if ch in "[]()<>:*=" and (i == 0 or escaped[i - 1] != "\\"):
            raise AssertionError(f"unescaped {ch!r} at {i} in {escaped!r}")
    # line breaks are kept as markdown hard breaks (components.text.md_escape)
    assert escaped.replace("\\", "") == raw.replace("\n", "  \n")


def test_crowded_country_labels_are_dropped_and_venue_labels_stack() -> None:
    venues = dk.venue_frame(
        pd.concat(
            [
                _venues(location_id="a", name="Alpha", longitude=38.0, latitude=48.4),
                _venues(location_id="b", name="Beta", longitude=38.05, latitude=48.35),
            ]
        )
    )
    labels = pd.DataFrame(
        [{"name": "Ukraine", "position": [38.1, 48.4]}, {"name": "Far", "position": [30, 45]}]
    )
    kept = dk.drop_crowded_labels(labels, venues, dk.DONBAS_VIEW)
    assert list(kept["name"]) == ["Far"]
    placed = dk.place_venue_labels(venues, dk.DONBAS_VIEW)
    world = 512 * 2**dk.DONBAS_VIEW.zoom
    ys = [
        dk._merc_y(pos[1]) * world + offset[1]
        for pos, offset in zip(placed["position"], placed["offset"], strict=True)
    ]
    assert abs(ys[0] - ys[1]) >= 16  # the southern label moved clear of the northern one
    assert placed["offset"].iloc[0][1] == 0


# -- the troop figure ------------------------------------------------------------------------


def test_troop_label_comes_from_the_figure_row(store: Store) -> None:
    figures = store.figures("troops")
    frame = dk.troop_frame(figures, store.locations())
    assert frame["label"].iloc[0] == (
        "around 100,000 Russian troops\n(founding article, 4 Jan 2022)"
    )
    assert frame["position"].iloc[0] == _coords(store.locations(), "ukraine-borders")
    assert "Marker position is added context" in frame["tooltip"].iloc[0]
    changed = figures.copy()
    row = changed["figure_id"] == "art-troops"
    changed.loc[row, ["value_low", "value_high"]] = 123456
    changed.loc[row, "qualifier"] = "more than"
    label = dk.troop_frame(changed, store.locations())["label"].iloc[0]
    assert label.startswith("more than 123,456 Russian troops")


@pytest.mark.parametrize(
    ("low", "high", "qualifier", "text"),
    [
        (100000, 100000, "around", "around 100,000"),
        (169000, 190000, "between", "between 169,000 and 190,000"),
        (150000, None, "more than", "more than 150,000"),
        (94000, 94000, None, "94,000"),
    ],
)
def test_format_figure(low: int, high: int | None, qualifier: str | None, text: str) -> None:
    assert format_figure_row({"value_low": low, "value_high": high, "qualifier": qualifier}) == text


# -- violence events: grid cells and points -------------------------------------------------


def test_grid_cells_keep_every_event_and_deaths(store: Store) -> None:
    ucdp = Filters(datasets=("ucdp",))
    points = store.event_points(ucdp)
    cells = dk.grid_frame(store.event_grid(ucdp, 0.25), 0.25)
    assert cells["events"].sum() == len(points)
    assert cells["deaths"].sum() == points["deaths"].sum()
    assert cells["cell_id"].is_unique
    for poly in cells["polygon"]:
        xs, ys = [p[0] for p in poly], [p[1] for p in poly]
        assert len(poly) == 4
        assert max(xs) - min(xs) == pytest.approx(0.25) and max(ys) - min(ys) == pytest.approx(0.25)
    top = cells.sort_values("deaths").iloc[[0, -1]]
    low_rgb, high_rgb = top["color"].iloc[0], top["color"].iloc[1]
    assert sum(high_rgb[:3]) < sum(low_rgb[:3])  # more deaths, darker
    first = cells.iloc[0]
    assert first["tooltip"].startswith(f"{first['events']:,} events, ")
    assert " – " in first["tooltip"]  # first – last date
    assert dk.grid_frame(store.event_grid(ucdp, 0.25).iloc[0:0], 0.25).empty


def test_points_carry_ids_and_literal_tooltips() -> None:
    points = pd.DataFrame(
        {
            "event_id": ["e1", "e2"],
            "dataset": ["acled", "ucdp"],
            "title": [HOSTILE, "x" * 200],
            "start_date": pd.to_datetime(["2022-03-01", "2022-03-02"]),
            "latitude": [48.0, 47.5],
            "longitude": [37.8, 36.1],
            "deaths": [0, 40],
        }
    )
    frame = dk.point_frame(points, {"ucdp": "UCDP GED"})
    assert list(frame["event_id"]) == ["e1", "e2"]
    assert frame["tooltip"].iloc[0].startswith(HOSTILE)  # plain text tooltip: kept literal
    assert "0 deaths · acled" in frame["tooltip"].iloc[0]
    assert "40 deaths · UCDP GED" in frame["tooltip"].iloc[1]
    assert len(frame["tooltip"].iloc[1].split("\n")[0]) <= dk.POINT_TITLE_CHARS
    assert frame["radius"].iloc[1] > frame["radius"].iloc[0]
    assert frame["position"].iloc[0] == [37.8, 48.0]


# -- view fitting ----------------------------------------------------------------------------


def test_fit_view_is_europe_wide_when_geneva_is_in(store: Store) -> None:
    venues = store.venue_counts(ARTICLE)
    view = dk.fit_view(venues["longitude"], venues["latitude"])
    assert view.zoom < 5 and view.scope == "europe"
    geneva = venues[venues["location_id"] == "geneva"]
    alone = dk.fit_view(geneva["longitude"], geneva["latitude"])
    assert alone.zoom < 5 and alone.scope == "europe"  # Donbas stays in sight
    west, _south, east, _north = dk.visible_bounds(alone)
    assert west < 6.14 < east and west < 38.3 < east


def test_fit_view_closes_in_on_donbas_only_venues(store: Store) -> None:
    venues = store.venue_counts(ARTICLE)
    donbas = venues[venues["location_id"].isin(["contact-line", "eastern-ukraine"])]
    view = dk.fit_view(donbas["longitude"], donbas["latitude"])
    assert view.zoom >= 6 and view.scope == "region"
    west, south, east, north = dk.visible_bounds(view)
    for lon, lat in zip(donbas["longitude"], donbas["latitude"], strict=True):
        assert west < lon < east and south < lat < north


def test_fit_view_without_venues_falls_back() -> None:
    assert dk.fit_view([], []) == dk.DONBAS_VIEW


def test_country_label_for_russia_sits_in_the_visible_part(store: Store) -> None:
    box = dk.visible_bounds(dk.DONBAS_VIEW)
    _, labels = dk.country_layers_data(store.geometry("countries_region"), box)
    russia = labels.set_index("name").loc["Russia", "position"]
    assert box[0] < russia[0] < box[2] and box[1] < russia[1] < box[3]


# -- the page (AppTest) ----------------------------------------------------------------------


def _page(**state: object) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _deck(at: AppTest) -> tuple[dict, str]:
    proto = at.get("deck_gl_json_chart")[0].proto
    return json.loads(proto.json), proto.tooltip


def test_page_runs_with_defaults() -> None:
    at = _page()
    spec, tooltip = _deck(at)
    ids = {layer["id"] for layer in spec["layers"]}
    assert EXPECTED_IDS <= ids
    assert not ids & VIOLENCE  # off by default
    assert json.loads(tooltip)["text"] == "{tooltip}" and "html" not in json.loads(tooltip)
    assert "__MAP_STYLE__" == spec.get("mapStyle")  # no tiles unless asked for
    captions = " ".join(c.value for c in at.caption)
    assert "Made with Natural Earth" in captions
    assert "added context" in captions
    assert "UCDP GED" not in captions


def test_page_with_an_actor_filter_draws_arcs_from_the_capitals() -> None:
    at = _page(f_actor=["united-states"])
    spec, _ = _deck(at)
    layers = {layer["id"]: layer for layer in spec["layers"]}
    venues = layers[dk.VENUES]["data"]
    assert [v["location_id"] for v in venues] == ["geneva"]
    sources = {tuple(a["source"]) for a in layers[dk.ARCS]["data"]}
    assert (-77.0369, 38.9072) in sources and (37.6173, 55.7558) in sources
    assert spec["initialViewState"]["zoom"] < 5


def test_violence_toggle_adds_the_aggregated_layer() -> None:
    at = _page()
    at.toggle(key="map_show_violence").set_value(True).run()
    assert not at.exception
    spec, _ = _deck(at)
    ids = {layer["id"] for layer in spec["layers"]}
    # all 2,989 UCDP events are above the threshold: grid cells counted in DuckDB
    assert dk.VIOLENCE_GRID in ids and dk.VIOLENCE_POINTS not in ids
    grid = next(layer for layer in spec["layers"] if layer["id"] == dk.VIOLENCE_GRID)
    assert grid["pickable"] and grid["data"]
    assert sum(cell["events"] for cell in grid["data"]) == 2989
    captions = " ".join(c.value for c in at.caption)
    assert "UCDP GED 22.1 (CC BY 4.0)" in captions
    assert "more than the 2,000 drawn one by one" in captions
    assert "type and status filters do not apply" in captions


def test_violence_layer_draws_points_below_the_threshold(store: Store) -> None:
    from datetime import date

    at = _page(f_from=date(2016, 1, 1), f_to=date(2016, 3, 31))
    at.toggle(key="map_show_violence").set_value(True).run()
    assert not at.exception
    spec, _ = _deck(at)
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert dk.VIOLENCE_POINTS in layers and dk.VIOLENCE_GRID not in layers
    expected = store.event_points(
        Filters(datasets=("ucdp",), start=date(2016, 1, 1), end=date(2016, 3, 31))
    )
    assert {p["event_id"] for p in layers[dk.VIOLENCE_POINTS]["data"]} == set(expected["event_id"])
    captions = " ".join(c.value for c in at.caption)
    assert f"{len(expected):,} events" in captions and "drawn one by one (up to 2,000" in captions


def test_picking_a_venue_lists_its_events() -> None:
    at = _page()
    at.selectbox(key="map_venue_pick").set_value("geneva").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["event_id"]) == ["us-russia-geneva-talks"]
    assert {"Date", "Title", "Status", "Type"} <= set(table.columns)
    assert table["Status"].iloc[0] == "Scheduled"


def test_view_choice_switches_the_country_layer() -> None:
    at = _page()
    spec, _ = _deck(at)
    default_count = len(
        next(x for x in spec["layers"] if x["id"] == dk.COUNTRIES)["data"]["features"]
    )
    at.segmented_control(key="map_view").set_value("donbas").run()
    spec, _ = _deck(at)
    countries = next(x for x in spec["layers"] if x["id"] == dk.COUNTRIES)["data"]["features"]
    # Europe-wide: the 1:110m world layer, trimmed to the countries near every view (86)
    assert len(countries) == 16 and default_count > 50
    assert spec["initialViewState"]["zoom"] == dk.DONBAS_VIEW.zoom


def test_static_map_for_publishing_follows_the_view_and_carries_its_credits() -> None:
    at = _page()
    at.segmented_control(key="map_view").set_value("donbas").run()
    at.toggle(key="map_export").set_value(True).run()
    assert not at.exception, at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    texts = json.dumps(spec["layout"])
    assert "Made with Natural Earth" in texts
    assert at.query_params["view"] == "donbas"  # the export did not change the view
