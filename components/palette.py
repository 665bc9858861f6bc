"""One colour per event type and one per actor side, the same on every page.

Event types use the Okabe–Ito palette and sides Paul Tol's "bright" scheme: both are designed
to stay distinguishable for the common forms of colour blindness, and every colour used here
keeps enough contrast against both Streamlit's light and dark backgrounds (charts also vary
marker shape and line dash, so colour is never the only cue).
"""

from __future__ import annotations

EVENT_TYPE_COLORS: dict[str, str] = {
    "meeting": "#0072B2",  # blue
    "call": "#56B4E9",  # sky blue
    "visit": "#009E73",  # bluish green
    "statement": "#CC79A7",  # reddish purple
    "military": "#D55E00",  # vermillion
    "armed_conflict": "#E69F00",  # orange
    "annexation": "#8C6D31",  # brown (Okabe–Ito has no 8th hue that works on both themes)
    "policy": "#999999",  # grey
    # types of imported datasets: Paul Tol's muted olive, and a dark grey apart from policy's
    "unrest": "#999933",  # olive
    "other": "#5E5E5E",  # dark grey
}
SIDE_COLORS: dict[str, str] = {
    "ukraine": "#4477AA",  # blue
    "russia": "#EE6677",  # red
    "west": "#228833",  # green
    "multilateral": "#CCBB44",  # yellow
    "other": "#BBBBBB",  # grey
}
SIDE_LABELS: dict[str, str] = {
    "ukraine": "Ukraine",
    "russia": "Russia / Russia-backed",
    "west": "US, EU, NATO and allies",
    "multilateral": "Multilateral forums",
    "other": "Other",
}
# status: filled markers for what took place, open ones for what is still ahead
STATUS_SYMBOLS: dict[str, str] = {
    "occurred": "circle",
    "ongoing": "diamond",
    "announced": "circle-open",
    "scheduled": "square-open",
}
STATUS_LABELS: dict[str, str] = {
    "occurred": "Took place",
    "ongoing": "Ongoing",
    "announced": "Announced",
    "scheduled": "Scheduled",
}


def event_type_color(event_type: str) -> str:
    return EVENT_TYPE_COLORS.get(event_type, "#999999")


def side_color(side: str | None) -> str:
    return SIDE_COLORS.get(side or "other", SIDE_COLORS["other"])


def hex_to_rgb(color: str, alpha: int = 255) -> list[int]:
    """'#RRGGBB' -> [r, g, b, a] for pydeck."""
    color = color.lstrip("#")
    return [int(color[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]
