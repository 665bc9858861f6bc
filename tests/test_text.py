"""Shared text helpers (components/text.py): missing values, escaping, labels, figure wording."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from components.text import (
    blockquote,
    format_figure,
    format_figure_row,
    format_number,
    html_text,
    is_blank,
    is_missing,
    is_open_ended,
    md_escape,
    md_safe,
    shorten,
    to_int,
    to_text,
)

MISSING = [None, float("nan"), np.nan, pd.NA, pd.NaT]
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    ":material/home:",
    "**bold**",
    "$x$",
    "# heading",
    "`code`",
    ":red[colour]",
]
MD_SIGNIFICANT = set("\\`*_{}[]()#+-.!|~<>$:&=\"'^")


def _unescaped(text: str) -> list[str]:
    """Markdown-significant characters of ``text`` not preceded by an escaping backslash."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in MD_SIGNIFICANT:
            out.append(text[i])
        i += 1
    return out


# -- missing values ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", MISSING)
def test_missing_values(value: object) -> None:
    assert is_missing(value)
    assert is_blank(value)
    assert to_text(value) == ""
    assert to_int(value) is None
    assert md_escape(value) == ""
    assert html_text(value) == ""
    assert format_number(value) == ""


@pytest.mark.parametrize("value", ["", "x", 0, 0.0, ("a", "b"), np.array([1, 2])])
def test_present_values_are_not_missing(value: object) -> None:
    assert not is_missing(value)


def test_blank_is_missing_or_empty() -> None:
    assert is_blank("")
    assert not is_blank(" ")
    assert not is_blank(0)
    assert to_text(0) == "0"
    assert to_text("nan") == "nan"  # only real missing values vanish


# -- markdown ------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", HOSTILE)
def test_md_escape_leaves_no_markup(raw: str) -> None:
    escaped = md_escape(raw)
    assert _unescaped(escaped) == []
    assert escaped.replace("\\", "") == raw  # every character is still there, literally


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<img src=x onerror=alert(1)>", r"\<img src\=x onerror\=alert\(1\)\>"),
        ("[x](javascript:alert(1))", r"\[x\]\(javascript\:alert\(1\)\)"),
        (":material/home:", r"\:material/home\:"),
        ("**bold**", r"\*\*bold\*\*"),
        ("$x$", r"\$x\$"),
        ("a & b = 'c' \"d\" ^e", r"a \& b \= \'c\' \"d\" \^e"),
    ],
)
def test_md_escape_exact(raw: str, expected: str) -> None:
    assert md_escape(raw) == expected


def test_md_escape_all_at_once() -> None:
    raw = " ".join(HOSTILE)
    escaped = md_escape(raw)
    for piece in ("](", "**", "$x$", "`code`"):
        assert piece not in escaped
    assert _unescaped(escaped) == []
    assert escaped.replace("\\", "") == raw


def test_md_escape_keeps_line_breaks_as_hard_breaks() -> None:
    assert md_escape("one\ntwo") == "one  \ntwo"
    assert md_escape("one\r\ntwo\rthree") == "one  \ntwo  \nthree"
    assert md_escape("a.\n**b**") == "a\\.  \n\\*\\*b\\*\\*"


def test_md_escape_of_non_strings() -> None:
    assert md_escape(12.5) == "12\\.5"
    assert md_escape(3) == "3"


def test_md_safe() -> None:
    assert md_safe("U.S.-Russia talks in Geneva")
    # escaping is enough for these: brackets, tags and dollars are shown as typed
    assert md_safe("**bold** <b>x</b> $x$ [x](javascript:alert(1))")
    assert md_safe(None) and md_safe("") and md_safe(float("nan"))
    for unsafe in (
        ":material/home:",
        "see http://e.vil",
        "[x](https://e.vil)",
        "www.e.vil",
        "x@e.vil",
        "a -- b",
    ):
        assert not md_safe(unsafe), unsafe


def test_blockquote() -> None:
    assert blockquote("a\nb") == "> a\n> b"
    assert blockquote("**x**\r\n[y](z)") == "> \\*\\*x\\*\\*\n> \\[y\\]\\(z\\)"
    assert blockquote("") == "> "
    assert blockquote(None) == "> "
    for line in blockquote("line one\n<img src=x onerror=alert(1)>\n$x$").split("\n"):
        assert line.startswith("> ")
        assert _unescaped(line[2:]) == []


# -- HTML and labels -----------------------------------------------------------------------------


def test_html_text() -> None:
    assert html_text("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert html_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert html_text("Tom & \"Jerry\" 'x'") == "Tom &amp; &quot;Jerry&quot; &#x27;x&#x27;"
    assert html_text("[x](javascript:alert(1))") == "[x](javascript:alert(1))"  # not HTML
    assert html_text(42) == "42"


def test_shorten() -> None:
    assert shorten("short", 10) == "short"
    assert shorten("exactly10!", 10) == "exactly10!"
    cut = shorten("a" * 50, 10)
    assert cut == "a" * 9 + "…" and len(cut) == 10
    assert shorten("abc   defghijkl", 7) == "abc…"  # no white space before the ellipsis
    assert shorten(None, 5) == ""
    # shortened, then escaped: the cut never splits an entity
    assert html_text(shorten("<b>" * 10, 8)) == "&lt;b&gt;" * 2 + "&lt;…"


# -- figures -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "qualifier", "expected"),
    [
        (13200, None, "more than", "more than 13,200"),
        (13200, 13400, "", "13,200–13,400"),
        (13200, 13400, None, "13,200–13,400"),
        (100000, 100000, "around", "around 100,000"),
        (100000, None, "around", "around 100,000"),
        (169000, 190000, "between", "between 169,000 and 190,000"),
        (175000, 175000, "planned", "175,000 (planned)"),
        (3390, pd.NA, "at least", "at least 3,390"),
        (94000, 94000, float("nan"), "94,000"),
        (None, None, "around", ""),
    ],
)
def test_format_figure(low: object, high: object, qualifier: object, expected: str) -> None:
    assert format_figure(low, high, qualifier) == expected
    row = {"value_low": low, "value_high": high, "qualifier": qualifier}
    assert format_figure_row(row) == expected
    assert format_figure_row(pd.Series(row)) == expected


def test_open_ended_and_numbers() -> None:
    assert is_open_ended(None, "more than")
    assert is_open_ended(math.nan, "at least")
    assert not is_open_ended(13400, "more than")
    assert not is_open_ended(None, "around")
    assert not is_open_ended(None, None)
    assert format_number(12345) == "12,345"
    assert format_number(np.int64(7)) == "7"
    assert to_int(12.0) == 12
