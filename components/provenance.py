"""Pure provenance helpers: where each quote sits in its source, and safe text rendering.

No streamlit here. Quotes are matched the way the loader checks them (``crisis.loader.fold``:
runs of white space folded to one space), then mapped back to offsets in the original text so
the highlight covers exactly the quoted characters. Everything that comes from data is escaped
(``components.text.html_text`` for HTML; ``components.text.md_escape`` and ``blockquote`` for
Streamlit markdown); only this module's own fixed tags are emitted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from components.text import html_text
from crisis.loader import fold

Span = tuple[int, int]

_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.){2,}$|\b(?:Mr|Mrs|Ms|Dr|St|No|Gen|Lt|Col|vs)\.$")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s)")
_NEXT_STARTS = re.compile(r"\s+[\"“‘'(\[]*[A-Z0-9]")


def bullet(text: str, start: str) -> str | None:
    """The markdown list item of ``text`` that begins with ``start`` (continuation lines joined,
    white space folded), verbatim; None when there is none."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith(f"- {start}"):
            item = [line.lstrip()[2:]]
            for more in lines[i + 1 :]:
                if not more.strip() or more.lstrip().startswith("- ") or not more.startswith(" "):
                    break
                item.append(more)
            return fold(" ".join(item))
    return None


# -- locating quotes ------------------------------------------------------------------------------


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for every character of it, its offset in ``text``."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, match in enumerate(re.finditer(r"\S+", text)):
        if i:
            chars.append(" ")
            offsets.append(match.start() - 1)
        chars.extend(match.group())
        offsets.extend(range(match.start(), match.end()))
    return "".join(chars), offsets


def find_quote(text: str, quote: str) -> Span | None:
    """Offsets ``(start, end)`` in ``text`` of ``quote`` (white space folded), or None."""
    needle = fold(quote or "")
    if not needle:
        return None
    folded, offsets = _folded_with_map(text)
    at = folded.find(needle)
    if at < 0:
        return None
    return offsets[at], offsets[at + len(needle) - 1] + 1


def find_quotes(text: str, quotes: Iterable[str]) -> list[Span | None]:
    """:func:`find_quote` for many quotes, folding the text once."""
    folded, offsets = _folded_with_map(text)
    spans: list[Span | None] = []
    for quote in quotes:
        needle = fold(quote or "")
        at = folded.find(needle) if needle else -1
        spans.append(None if at < 0 else (offsets[at], offsets[at + len(needle) - 1] + 1))
    return spans


# -- sentences ------------------------------------------------------------------------------------


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``: every line break ends one; within a paragraph a sentence ends
    at . ! ? (with closing quotation marks) followed by a capital, except after abbreviations
    such as "U.S."."""
    spans: list[Span] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        body = para.group()
        cursor = 0
        for end_match in _SENTENCE_END.finditer(body):
            cut = end_match.end()
            if not _NEXT_STARTS.match(body, cut):
                continue
            before = body[cursor:cut].rstrip("\"”’')]")
            if _ABBREVIATION.search(before):
                continue
            spans.append((start + cursor, start + cut))
            rest = re.match(r"\s+", body[cut:])
            cursor = cut + (rest.end() if rest else 0)
        if body[cursor:].strip():
            tail = body[cursor:]
            spans.append((start + cursor, start + cursor + len(tail.rstrip())))
    # trim leading white space of each sentence
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def sentence_coverage(text: str, spans: Iterable[Span | None]) -> tuple[int, int]:
    """(sentences overlapping at least one span, all sentences)."""
    sentences = split_sentences(text)
    real = [s for s in spans if s is not None]
    used = sum(1 for s, e in sentences if any(a < e and s < b for a, b in real))
    return used, len(sentences)


def sentence_share(text: str, spans: Iterable[Span | None]) -> float:
    """Share of the sentences of ``text`` that at least one quote overlaps (0 for no text)."""
    used, total = sentence_coverage(text, spans)
    return used / total if total else 0.0


# -- highlights -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Backing:
    """One row that quotes a source."""

    table: str
    row_id: str
    label: str


@dataclass
class Highlight:
    """A distinct quoted passage, numbered in reading order, with the rows it backs."""

    number: int
    start: int
    end: int
    rows: list[Backing] = field(default_factory=list)


@dataclass(frozen=True)
class Segment:
    """A piece of the text: plain, or covered by the highlights ``numbers``; ``marks`` are the
    highlight numbers that end right after this piece."""

    text: str
    numbers: tuple[int, ...] = ()
    marks: tuple[int, ...] = ()


def build_highlights(
    text: str, rows: Sequence[tuple[str, str, str, str]]
) -> tuple[list[Highlight], list[Backing]]:
    """Group rows ``(table, row_id, label, quote)`` by the passage they quote.

    Returns the highlights in reading order (numbered from 1) and the rows whose quote was not
    found in ``text`` (there should be none: the loader rejects such rows).
    """
    spans = find_quotes(text, [r[3] for r in rows])
    by_span: dict[Span, list[Backing]] = {}
    missing: list[Backing] = []
    for (table, row_id, label, _quote), span in zip(rows, spans, strict=True):
        backing = Backing(str(table), str(row_id), "" if label is None else str(label))
        if span is None:
            missing.append(backing)
        else:
            by_span.setdefault(span, []).append(backing)
    ordered = sorted(by_span, key=lambda s: (s[0], -s[1]))
    highlights = [
        Highlight(number=i, start=s, end=e, rows=by_span[(s, e)])
        for i, (s, e) in enumerate(ordered, start=1)
    ]
    return highlights, missing


def segments(text: str, highlights: Sequence[Highlight]) -> list[Segment]:
    """Cut ``text`` at every highlight boundary; each piece knows which highlights cover it."""
    cuts = {0, len(text)}
    for h in highlights:
        cuts.update((h.start, h.end))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    out: list[Segment] = []
    for a, b in zip(points, points[1:], strict=False):
        if a == b:
            continue
        covering = tuple(h.number for h in highlights if h.start <= a and b <= h.end)
        ending = tuple(h.number for h in highlights if h.end == b)
        out.append(Segment(text[a:b], covering, ending))
    return out


# nested passages (one row quoting a sentence, another the paragraph) get a deeper shade
MARK_ALPHAS = (0.28, 0.5, 0.7)
MARK_STYLE = (
    "background-color: rgba(255, 190, 0, {alpha}); color: inherit; "
    "padding: 0.05em 0; border-radius: 0.2em"
)
SUP_STYLE = "font-size: 0.75em; font-weight: 600; color: inherit"
BOX_STYLE = "white-space: pre-wrap; line-height: 1.7; font-size: 1rem; overflow-wrap: anywhere"


def render_html(text: str, highlights: Sequence[Highlight]) -> str:
    """The text as HTML with quoted passages in ``<mark>`` and numbered ``[n]`` markers.

    Every piece of ``text`` goes through ``html_text`` (``html.escape``); the only tags are this
    function's own.
    """
    parts = [f'<div class="source-text" style="{BOX_STYLE}">']
    for seg in segments(text, highlights):
        body = html_text(seg.text)
        if seg.numbers:
            title = html_text("Quoted by highlight " + ", ".join(f"[{n}]" for n in seg.numbers))
            alpha = MARK_ALPHAS[min(len(seg.numbers), len(MARK_ALPHAS)) - 1]
            style = MARK_STYLE.format(alpha=alpha)
            body = f'<mark style="{style}" title="{title}">{body}</mark>'
        parts.append(body)
        if seg.marks:
            label = "".join(f"[{n}]" for n in seg.marks)
            parts.append(f'<sup style="{SUP_STYLE}">{html_text(label)}</sup>')
    parts.append("</div>")
    return "".join(parts)


def highlight_rows(highlights: Sequence[Highlight]) -> list[dict[str, object]]:
    """One record per (highlight, backed row), for a table under the text."""
    return [
        {
            "highlight": f"[{h.number}]",
            "table": b.table,
            "row_id": b.row_id,
            "label": b.label,
        }
        for h in highlights
        for b in h.rows
    ]
