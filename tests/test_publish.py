"""Charts ready to publish (components/publish.py): the words, the source line, the as-of date,
the figure's title and footer, the download config, and the static map."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from components import deck as dk
from components import publish as pb
from components.timeline import troop_figure
from crisis import Filters, Store

NATO_WEEK = Filters(
    actors=("nato",),
    start=date(2022, 1, 9),
    end=date(2022, 1, 13),
    event_types=("meeting",),
    datasets=("article",),
)
HOSTILE = "<img src=x onerror=alert(1)>"


def _card(**kw: str) -> pb.Card:
    base = {
        "title": "Timeline",
        "subtitle": "All actors",
        "source": "Source: founding news article (4 Jan 2022)",
        "as_of": "As of 4 Jan 2022",
        "filename": "ukraine-crisis-timeline",
    }
    return pb.Card(**{**base, **kw})


# -- words ---------------------------------------------------------------------------------------


def test_filters_in_words_reads_like_a_caption() -> None:
    words = pb.filters_in_words(NATO_WEEK, {"nato": "NATO"}, {"article": "Founding article"})
    assert words == "Actor: NATO · 9–13 Jan 2022 · Meeting · Founding article"


def test_filters_in_words_without_filters_and_without_dates() -> None:
    assert pb.filters_in_words(Filters()) == "All actors · all dates"
    assert pb.filters_in_words(NATO_WEEK, {"nato": "NATO"}, dates=False).startswith(
        "Actor: NATO · Meeting"
    )
    two = Filters(actors=("nato", "blinken"), statuses=("scheduled",))
    assert pb.filters_in_words(two, {"nato": "NATO", "blinken": "Antony Blinken"}) == (
        "Actors: NATO, Antony Blinken · all dates · scheduled (as of 4 Jan 2022)"
    )


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (date(2022, 1, 9), date(2022, 1, 13), "9–13 Jan 2022"),
        (date(2022, 1, 9), date(2022, 1, 9), "9 Jan 2022"),
        (date(2021, 12, 28), date(2022, 1, 13), "28 Dec 2021 – 13 Jan 2022"),
        (date(2022, 1, 28), date(2022, 2, 3), "28 Jan – 3 Feb 2022"),
        (date(2022, 1, 9), None, "from 9 Jan 2022"),
        (None, date(2022, 1, 13), "to 13 Jan 2022"),
    ],
)
def test_date_span(start: date | None, end: date | None, text: str) -> None:
    assert pb.date_span(start, end) == text


def test_file_name_is_safe_and_carries_the_dates() -> None:
    assert pb.file_name("Timeline", NATO_WEEK) == "ukraine-crisis-timeline-2022-01-09_2022-01-13"
    assert pb.file_name("Troop estimates") == "ukraine-crisis-troop-estimates"
    assert pb.file_name("map", Filters(start=date(2022, 1, 9))) == (
        "ukraine-crisis-map-2022-01-09_end"
    )
    assert pb.file_name(HOSTILE) == "ukraine-crisis-img-src-x-onerror-alert-1"


# -- sources and dates ---------------------------------------------------------------------------


def test_source_line_names_the_sources_of_the_rows_drawn(store: Store) -> None:
    sources = store.sources()
    events = store.events(Filters(datasets=("article", "ucdp")))
    line = pb.source_line(events, sources)
    assert line == (
        "Sources: founding news article (4 Jan 2022); "
        "UCDP GED 22.1 (Uppsala Conflict Data Program), CC BY 4.0"
    )
    only_article = pb.source_line(store.events(Filters(datasets=("article",))), sources)
    assert only_article == "Source: founding news article (4 Jan 2022)"
    assert pb.source_line(pd.DataFrame(), sources) == ""


def test_troop_source_line_lists_every_outlet_in_date_order(store: Store) -> None:
    line = pb.source_line(store.figures("troops"), store.sources())
    assert line.startswith("Sources: founding news article (4 Jan 2022); UAWire; ")
    for outlet in ("Interfax-Ukraine", "The Independent", "CNN", "zmi.st (republishing Ukrinform)"):
        assert outlet in line
    assert line.index("UAWire") < line.index("CNN") < line.index("zmi.st")


def test_casualty_source_line_names_ohchr_and_ucdp(store: Store) -> None:
    line = pb.source_line(
        store.figures("casualties"), store.sources(), reporters=True, extra=[pb.UCDP_NAME]
    )
    assert "OHCHR via Euromaidan Press" in line
    assert line.endswith(pb.UCDP_NAME)
    assert line.startswith("Sources: founding news article (4 Jan 2022); ")


def test_an_imported_dataset_is_named_by_its_label() -> None:
    frame = pd.DataFrame({"dataset": ["acled-2022", "acled-2022"], "source_id": [None, None]})
    line = pb.source_line(frame, pd.DataFrame(), {"acled-2022": "ACLED export, Jan 2022"})
    assert line == "Source: ACLED export, Jan 2022"


def test_as_of_is_the_latest_publication_of_the_sources_drawn(store: Store) -> None:
    sources = store.sources()
    article = store.events(Filters(datasets=("article",)))
    assert pb.as_of_text(pb.as_of_date(article, sources)) == "As of 4 Jan 2022"
    assert pb.as_of_date(store.figures("troops"), sources) == date(2022, 2, 21)
    # UCDP GED states no publication date: the latest event date stands in
    ucdp = store.events(Filters(datasets=("ucdp",)))
    assert pb.as_of_date(ucdp, sources) == pd.to_datetime(ucdp["end_date"]).max().date()
    assert pb.as_of_text(None) == ""


# -- the figure and its download -----------------------------------------------------------------


def test_publish_layout_puts_title_filters_source_and_date_on_the_figure(store: Store) -> None:
    fig = troop_figure(store.figures("troops"))
    before = len(fig.layout.annotations)
    card = _card(title="Russian troops near Ukraine", subtitle="All actors · all dates")
    out = pb.publish_layout(fig, card, below_plot=50)
    assert out is fig
    assert fig.layout.title.text == "<b>Russian troops near Ukraine</b>"
    assert fig.layout.title.subtitle.text == "All actors · all dates"
    footer = pb.footer_text(fig)
    assert "Source: founding news article (4 Jan 2022)" in footer
    assert footer.endswith("As of 4 Jan 2022")
    assert len(fig.layout.annotations) == before + 1
    # room for the title above and the footer below the plot
    assert fig.layout.margin.t >= 30 + pb.TITLE_PX
    assert fig.layout.margin.b == 50 + 2 * pb.LINE_PX + 8


def test_text_from_data_is_escaped_for_plotly() -> None:
    card = _card(title=HOSTILE, subtitle=f"Actor: {HOSTILE}", source=f"Source: {HOSTILE}")
    fig = pb.publish_layout(go.Figure(), card)
    for text in (fig.layout.title.text, fig.layout.title.subtitle.text, pb.footer_text(fig)):
        assert "<img" not in text and "&lt;img" in text


def test_a_long_source_line_wraps_and_widens_the_footer() -> None:
    long = "Sources: " + "; ".join(f"Outlet number {i}" for i in range(20))
    fig = pb.publish_layout(go.Figure(), _card(source=long), below_plot=40)
    lines = pb.footer_text(fig).split("<br>")
    assert len(lines) >= 3
    assert all(len(line) <= pb.FOOTER_CHARS for line in lines)
    assert fig.layout.margin.b == 40 + pb.LINE_PX * len(lines) + 8


def test_chart_config_downloads_a_named_png_at_print_size() -> None:
    name = "ukraine-crisis-timeline-2022-01-09_2022-01-13"
    config = pb.chart_config(name, height=480, scrollZoom=False)
    assert config["displaylogo"] is False and config["scrollZoom"] is False
    assert config["toImageButtonOptions"] == {
        "format": "png",
        "filename": name,
        "width": 1200,
        "height": 480,
        "scale": 2,
    }
    assert "height" not in pb.chart_config(name)["toImageButtonOptions"]
    fig = go.Figure(layout={"height": 333})
    assert pb.config_for(fig, name)["toImageButtonOptions"]["height"] == 333
    assert fig.layout.height == 333 and not fig.layout.annotations


# -- the static map ------------------------------------------------------------------------------


def _map_data(store: Store, view: dk.View) -> dk.MapData:
    countries, labels = dk.country_layers_data(
        store.geometry("countries_region"), dk.visible_bounds(view)
    )
    disputed, disputed_labels = dk.disputed_layers_data(store.geometry("disputed"), view.scope)
    article = Filters(datasets=("article",))
    return dk.MapData(
        countries=countries,
        country_labels=labels,
        disputed=disputed,
        disputed_labels=disputed_labels,
        line=dk.line_frame(store.geometry("line_of_contact")),
        venues=dk.venue_frame(store.venue_counts(article)),
        troops=dk.troop_frame(store.figures("troops"), store.locations()),
    )


def test_map_figure_carries_the_layers_and_the_texts(store: Store) -> None:
    card = pb.Card(
        title="Where the diplomacy and the war took place",
        subtitle="All actors · all dates · Founding article",
        source="Source: founding news article (4 Jan 2022)",
        as_of="As of 4 Jan 2022",
        filename="ukraine-crisis-map",
        note=pb.NATURAL_EARTH,
    )
    data = _map_data(store, dk.DONBAS_VIEW)
    fig = pb.map_figure(data, dk.DONBAS_VIEW, card)
    names = [t.name for t in fig.data]
    assert names[0] == "countries"
    assert {"donbas", "crimea", "line of contact", "country names", "venues"} <= set(names)
    assert fig.layout.title.text == "<b>Where the diplomacy and the war took place</b>"
    assert fig.layout.title.subtitle.text == "All actors · all dates · Founding article"
    footer = pb.footer_text(fig)
    assert "Source: founding news article (4 Jan 2022)" in footer
    assert "As of 4 Jan 2022" in footer and "Made with Natural Earth" in footer
    texts = " ".join(a.text for a in fig.layout.annotations)
    for venue in data.venues["label"]:
        assert pb.html_text(venue) in texts
    assert "Crimea" in texts
    # no tiles, no topojson: a cartesian figure whose axes span the deck's view
    assert not any(t.type in ("scattergeo", "scattermap", "scattermapbox") for t in fig.data)
    west, _s, east, _n = dk.visible_bounds(dk.DONBAS_VIEW)
    assert list(fig.layout.xaxis.range) == pytest.approx([west, east])
    assert fig.layout.yaxis.scaleanchor == "x"
    venues = next(t for t in fig.data if t.name == "venues")
    assert set(venues.customdata) == set(data.venues["location_id"])


def test_map_figure_escapes_venue_names(store: Store) -> None:
    venues = pd.DataFrame(
        {
            "location_id": ["x"],
            "name": [HOSTILE],
            "kind": ["city"],
            "latitude": [48.0],
            "longitude": [37.0],
            "precision": ["city"],
            "stated_in_source": [True],
            "note": [""],
            "events": [1],
            "event_ids": [["e"]],
            "titles": [["t"]],
        }
    )
    data = dk.MapData(countries={"features": []}, country_labels=pd.DataFrame())
    data.venues = dk.venue_frame(venues)
    fig = pb.map_figure(data, dk.DONBAS_VIEW, _card())
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "<img" not in texts and "&lt;img" in texts


def test_merc_matches_the_decks_projection() -> None:
    assert pb.merc(30.0, 0.0) == (30.0, pytest.approx(0.0))
    north = pb.merc(0.0, 60.0)[1]
    assert north > 60.0  # Mercator stretches towards the poles
    assert pb.merc(0.0, -60.0)[1] == pytest.approx(-north)


def test_export_html_is_self_contained_with_an_svg_camera() -> None:
    fig = pb.publish_layout(go.Figure(layout={"height": 500}), _card(title="Map"))
    html = pb.export_html(fig, "ukraine-crisis-map")
    assert '"format": "svg"' in html and '"filename": "ukraine-crisis-map"' in html
    assert "cdn.plot.ly" not in html.split("<script", 2)[1][:200]  # plotly.js is inlined
    assert len(html) > 1_000_000
    assert "\\u003cb\\u003eMap\\u003c\\u002fb\\u003e" in html  # the title, JSON-escaped


def test_the_camera_downloads_the_format_chosen_in_the_sidebar() -> None:
    import json

    from streamlit.testing.v1 import AppTest

    from components import publish as pb
    from tests.conftest import ROOT

    assert pb.chart_config("x", 400, "svg")["toImageButtonOptions"]["format"] == "svg"
    with pytest.raises(ValueError, match="download format 'gif'"):
        pb.chart_config("x", 400, "gif")
    for fmt in ("png", "svg"):
        at = AppTest.from_file(str(ROOT / "pages" / "timeline.py"), default_timeout=120)
        at.session_state["chart_format"] = fmt
        at.run()
        assert not at.exception
        configs = [json.loads(c.proto.config) for c in at.get("plotly_chart")]
        assert configs and all(c["toImageButtonOptions"]["format"] == fmt for c in configs)
