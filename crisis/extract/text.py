"""Plain-text plumbing of the extractor: matching text, sentences with offsets, quotations.

Every candidate quotes its sentence verbatim, so nothing here changes the article's text:
:func:`normalise` returns a string of the same length (curly quotes and dashes folded to ASCII)
that the matchers search, and every match's offsets point straight back into the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# one character in, one character out: offsets into the normalised text are offsets into the text
_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)

# abbreviations after which a full stop does not end a sentence
ABBREVIATIONS = frozenset(
    {
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "sen",
        "rep",
        "gov",
        "pres",
        "prof",
        "no",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "corp",
        "ltd",
        "co",
        "jr",
        "sr",
    }
)

# AP-style abbreviations of US states, as in the dateline "WILMINGTON, Del. (AP) -"
STATE_ABBREVIATIONS = frozenset(
    "Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo "
    "Mont Neb Nev Okla Ore Pa Tenn Vt Va Wash Wis Wyo".split()
)

QUOTE_MARKS = '"'  # after normalise(): straight, curly and guillemets are all '"'


def normalise(text: str) -> str:
    """``text`` with typographic quotes, dashes and spaces folded to ASCII; same length."""
    return text.translate(_FOLD)


def fold_space(text: str) -> str:
    """Runs of white space folded to one space (as the provenance check compares quotes)."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Sentence:
    """One sentence: its offsets in the article and its verbatim text."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int


_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9\"'])|[.!?]+[\"')\]]*\s*$")


def _ends_with_abbreviation(norm: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial (``J.``)."""
    j = dot
    while j > 0 and (norm[j - 1].isalpha() or norm[j - 1] == "."):
        j -= 1
    word = norm[j:dot].lower()
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    # "WILMINGTON, Del.": a state after a place and a comma, capitalised as written
    if norm[j:dot] in STATE_ABBREVIATIONS and norm[max(0, j - 2) : j] == ", ":
        return True
    # a single capital letter: an initial ("J. Smith") or a part of "U.S."
    return len(word) == 1 and norm[dot - 1].isupper()


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets; a line break always ends a sentence (paragraphs)."""
    norm = normalise(text)
    quotes = quoted_spans(norm)
    out: list[Sentence] = []
    para = 0
    pos = 0
    for line_start, line_end in _lines(norm):
        if line_start > pos and "\n\n" in norm[pos:line_start]:
            para += 1
        pos = line_end
        start = line_start
        for m in _END.finditer(norm, line_start, line_end):
            dot = m.start()
            group = m.group()
            if in_spans(m.start(), quotes) and not in_spans(
                m.end() - 1, [(q[1] - 1, q[1]) for q in quotes]
            ):
                continue  # a full stop inside a quotation does not end the reporting sentence
            if (
                group[0] == "."
                and not group.startswith("..")
                and _ends_with_abbreviation(norm, dot)
            ):
                continue
            end = m.end()
            _add(out, text, start, end, para)
            start = end
        _add(out, text, start, line_end, para)
        para += 1
    return out


# a transcript's heading broken over two lines: "Press conference" / "by NATO Secretary ..."
_HEADING = re.compile(r"^[A-Z][\w'-]*(?: [\w'-]+){0,4}$")


def _lines(norm: str) -> list[tuple[int, int]]:
    """The non-empty lines' spans; a short heading line without a full stop runs on into a
    next line that starts with "by " (the byline of the same heading, also after a blank
    line: no paragraph of prose starts with a lower-case "by")."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", norm)]
    out: list[tuple[int, int]] = []
    for start, end in lines:
        if (
            out
            and norm[start:end].startswith("by ")
            and _HEADING.match(norm[out[-1][0] : out[-1][1]].strip())
        ):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, para: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), start, end, text[start:end], para))


_ATTRIBUTION = re.compile(
    r",\s+(?:he|she|they|it|[A-Z][a-z]+)\s+(?:said|stressed|added|noted|told|insisted|warned)\b"
)


def quoted_spans(norm: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks (the mark included), paired in order within each line.

    An unpaired opening mark runs to the end of its line. Used to keep a speaker's words (which
    name actors and events the narrator does not report) out of the event triggers.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", norm):
        marks = [line.start() + m.start() for m in re.finditer('"', line.group())]
        for i in range(0, len(marks) - 1, 2):
            spans.append((marks[i], marks[i + 1] + 1))
        if len(marks) % 2 == 1:
            # a closing mark left out before the attribution ("... borders, she stressed."):
            # the quotation ends there, else at the end of the line
            close = _ATTRIBUTION.search(norm, marks[-1], line.end())
            spans.append((marks[-1], close.start() if close else line.end()))
    return spans


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def slug(text: str, limit: int = 48) -> str:
    """A lowercase id slug (``a-z0-9`` and hyphens)."""
    value = re.sub(r"[^a-z0-9]+", "-", normalise(text).lower()).strip("-")
    return value[:limit].strip("-") or "x"
