"""Pure text helpers shared by the components and pages: missing values, escaping, figures.

No streamlit (nor plotly or pydeck) here, so any module can import it.

- Missing values: :func:`is_missing` (None, NaN, NaT, ``pd.NA``), :func:`is_blank` (missing or
  ``""``) and :func:`to_text` (missing -> ``""``, anything else -> ``str``).
- Markdown: :func:`md_escape` makes data text literal in ``st.markdown`` / ``st.caption``,
  :func:`md_safe` says whether that is enough (Streamlit still turns bare URLs, e-mail addresses,
  ``--`` and ``:material/x:`` into links, dashes and icons, escaped or not), :func:`blockquote`
  quotes text as an escaped markdown block quote.
- HTML (Plotly hover text and labels render some tags): :func:`html_text`; :func:`shorten` cuts
  long labels.
- Figures: :func:`format_figure` keeps a figure's qualifier ("more than 13,200", never a bare
  13200), also from a figure row (:func:`format_figure_row`); :func:`format_number`,
  :func:`to_int` and :func:`is_open_ended`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

OPEN_ENDED = ("more than", "at least")
APPROXIMATE = ("about", "around", "nearly")
DASH = "–"  # en dash for ranges

# Markdown (CommonMark + Streamlit's extensions: :colour[...] directives, :emoji: codes, $math$)
# and HTML: every such character is backslash-escaped (CommonMark allows escaping any ASCII
# punctuation mark, so an escape never shows).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&=\"'^])")
# what markdown escaping cannot neutralise in Streamlit: autolinks, typographic dashes, icons
_MD_UNSAFE = re.compile(r"://|www\.|@|--|:[a-z_]+/|\bhttps?\b", re.IGNORECASE)


# -- missing values ------------------------------------------------------------------------------


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pandas' NA (not for empty lists or strings)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def is_blank(value: Any) -> bool:
    """True when :func:`is_missing` or the empty string."""
    return is_missing(value) or (isinstance(value, str) and value == "")


def to_text(value: Any) -> str:
    """``str(value)``, but ``""`` for a missing value (never 'None' or 'nan')."""
    return "" if is_missing(value) else str(value)


# -- markdown ------------------------------------------------------------------------------------


def md_escape(value: Any) -> str:
    """Text shown literally by ``st.markdown``: every markdown/HTML-significant character
    backslash-escaped, line breaks kept as markdown hard breaks; missing -> ``""``.

    Enough for controlled strings (vocabulary labels, formatted dates, titles without links);
    see :func:`md_safe` for what escaping cannot neutralise.
    """
    text = _MD_SPECIAL.sub(r"\\\1", to_text(value))
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "  \n")


def md_safe(value: Any) -> bool:
    """True when :func:`md_escape` renders ``value`` literally in Streamlit's markdown."""
    return is_blank(value) or not _MD_UNSAFE.search(str(value))


def blockquote(value: Any) -> str:
    """A quote as a markdown block quote, escaped (multi-line quotes stay inside the block)."""
    lines = to_text(value).splitlines() or [""]
    return "\n".join("> " + md_escape(line) for line in lines)


# -- HTML and labels -----------------------------------------------------------------------------


def html_text(value: Any) -> str:
    """Data -> text safe for HTML and Plotly hover/tick labels (HTML-escaped, never None)."""
    return html.escape(to_text(value))


def shorten(text: Any, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in '…' when cut."""
    text = to_text(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- figures -------------------------------------------------------------------------------------


def to_int(value: Any) -> int | None:
    """``int(value)``; None for a missing value."""
    return None if is_missing(value) else int(value)


def format_number(value: Any) -> str:
    """12345 -> '12,345'; missing -> ''."""
    number = to_int(value)
    return "" if number is None else f"{number:,}"


def format_figure(low: Any, high: Any = None, qualifier: Any = None) -> str:
    """A figure as its source words it, from value_low, value_high and qualifier.

    >>> format_figure(13200, None, "more than")
    'more than 13,200'
    >>> format_figure(13200, 13400, "")
    '13,200–13,400'
    >>> format_figure(100000, 100000, "around")
    'around 100,000'
    >>> format_figure(169000, 190000, "between")
    'between 169,000 and 190,000'
    """
    lo = to_int(low)
    hi = to_int(high)
    q = to_text(qualifier).strip()
    if lo is None:
        return ""
    if q == "between" and hi is not None:
        return f"between {lo:,} and {hi:,}"
    if hi is None or hi == lo:
        core = f"{lo:,}"
    else:
        core = f"{lo:,}{DASH}{hi:,}"
    if not q:
        return core
    if q == "planned":
        return f"{core} (planned)"
    return f"{q} {core}"


def format_figure_row(row: Mapping[str, Any]) -> str:
    """:func:`format_figure` of a figure row (a dict or Series with value_low, value_high and
    qualifier)."""
    return format_figure(row.get("value_low"), row.get("value_high"), row.get("qualifier"))


def is_open_ended(high: Any, qualifier: Any) -> bool:
    """A lower bound only: 'more than' / 'at least' with no upper value."""
    return is_missing(high) and to_text(qualifier) in OPEN_ENDED
