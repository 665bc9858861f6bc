"""Extract candidate events, figures, places and actors from a news article.

Rule- and gazetteer-based: nothing is downloaded and no model runs. The extractor reads the
text, the publication date, the known actors' names and aliases and the gazetteers
(``crisis.extract.places``); it never reads the curated events, figures or locations as answers.
Every candidate quotes the sentence(s) it came from verbatim and carries a confidence between 0
and 1 built from simple evidence counts (a stated date, known actors, a place, the kind of
trigger). Candidates are proposals: the "Add article" page and ``crisis.extract.rows`` turn the
ones a person accepts into rows.

Example (``actors``: the store's actors table, or ``read_actors(DATA_DIR)``)::

    result = extract("Kuleba met Truss in Geneva on January 10.", date(2022, 1, 4), actors)
    result.frames()["events"]
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from crisis.extract.actors import ActorIndex, ActorMention, propose_new
from crisis.extract.dates import DateMention, find_dates, find_day_counts
from crisis.extract.events import EventBuilder, EventCandidate, split_clauses
from crisis.extract.figures import SAY, FigureMention, find_figures
from crisis.extract.places import Gazetteer, PlaceMention, dedupe
from crisis.extract.text import Sentence, in_spans, normalise, quoted_spans, split_sentences

MAX_CHARS = 200_000
SUGGEST_AT = 0.5  # candidates at or above this confidence are ticked by "Accept suggested"
ENGLISH_WORDS = frozenset(
    "the of and to in a is that for on with as by at from was were said has have will it its "
    "be are this an not which".split()
)

EVENT_COLUMNS = [
    "candidate",
    "confidence",
    "why",
    "title",
    "event_type",
    "start_date",
    "end_date",
    "date_precision",
    "date_stated",
    "status",
    "format",
    "actors",
    "place",
    "summary",
    "source_id",
    "quote",
    "note",
    "roles",
]
FIGURE_COLUMNS = [
    "candidate",
    "confidence",
    "kind",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "subject",
    "scope",
    "reported_on",
    "period_start",
    "period_end",
    "reported_by",
    "source_id",
    "quote",
    "note",
]
LOCATION_COLUMNS = [
    "candidate",
    "confidence",
    "name",
    "kind",
    "latitude",
    "longitude",
    "precision",
    "country",
    "location_id",
    "gazetteer",
    "source_id",
    "quote",
    "note",
]
ACTOR_COLUMNS = [
    "candidate",
    "confidence",
    "name",
    "kind",
    "title",
    "parent_actor_id",
    "side",
    "evidence",
    "source_id",
    "quote",
]


class ExtractionError(ValueError):
    """The text cannot be read (too long, empty); the message says why in one sentence."""


def article_source_id(text: str, published: date) -> str:
    """``article-<published>-<8 hex digits of the text's SHA-1>``: one id per article text."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"article-{published.isoformat()}-{digest}"


def prepare_text(raw: str) -> str:
    """The article as it will be stored: line endings unified, outer blank space trimmed."""
    return raw.replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass
class Extraction:
    """What the extractor found in one article."""

    text: str
    published: date
    source_id: str
    sentences: list[Sentence]
    events: list[EventCandidate]
    figures: list[tuple[FigureMention, Sentence, str]]  # (figure, sentence, reported_by)
    places: list[tuple[PlaceMention, Sentence]]
    new_actors: list[tuple[ActorMention, Sentence]]
    dates: list[DateMention]
    known_actors: list[ActorMention]
    messages: list[str] = field(default_factory=list)

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]

    def frames(self) -> dict[str, pd.DataFrame]:
        """Candidate tables: events, figures, locations, actors (new ones)."""
        events = []
        for i, ev in enumerate(self.events, start=1):
            names = [name for _, name, _ in ev.actors]
            events.append(
                {
                    "candidate": f"E{i}",
                    "confidence": ev.confidence,
                    "why": ev.why,
                    "title": ev.title,
                    "event_type": ev.event_type,
                    "start_date": ev.start_date.isoformat(),
                    "end_date": ev.end_date.isoformat() if ev.end_date else "",
                    "date_precision": ev.date_precision,
                    "date_stated": ev.date_stated,
                    "status": ev.status,
                    "format": ev.format,
                    "actors": "; ".join(names),
                    "place": ev.place.place.name if ev.place else "",
                    "summary": ev.title + ".",
                    "source_id": self.source_id,
                    "quote": self.quote(ev.quote_start, ev.quote_end),
                    "note": " ".join(n for n in ev.notes if n),
                    "roles": "; ".join(f"{name}={role}" for _, name, role in ev.actors),
                }
            )
        figures = []
        for i, (fig, sent, who) in enumerate(self.figures, start=1):
            figures.append(
                {
                    "candidate": f"F{i}",
                    "confidence": fig.confidence,
                    "kind": fig.kind,
                    "value_low": fig.value_low,
                    "value_high": fig.value_high,
                    "qualifier": fig.qualifier,
                    "unit": fig.unit,
                    "subject": fig.subject,
                    "scope": fig.scope,
                    "reported_on": self.published.isoformat(),
                    "period_start": "",
                    "period_end": self.published.isoformat(),
                    "reported_by": who,
                    "source_id": self.source_id,
                    "quote": sent.text,
                    "note": (
                        f"Figure as worded: '{fig.text}'. reported_on is the publication date; "
                        "period_end set to it (a snapshot); the period's start is not stated."
                        + ("" if who else " Not attributed in the text.")
                    ),
                }
            )
        locations = []
        for i, (pm, sent) in enumerate(self.places, start=1):
            p = pm.place
            locations.append(
                {
                    "candidate": f"L{i}",
                    "confidence": pm.confidence,
                    "name": p.name,
                    "kind": p.kind,
                    "latitude": p.latitude,
                    "longitude": p.longitude,
                    "precision": p.precision,
                    "country": p.country,
                    "location_id": p.location_id or "",
                    "gazetteer": p.gazetteer,
                    "source_id": self.source_id,
                    "quote": sent.text,
                    "note": p.note + f" Named in the text as '{pm.text}'.",
                }
            )
        actors = []
        for i, (am, sent) in enumerate(self.new_actors, start=1):
            actors.append(
                {
                    "candidate": f"A{i}",
                    "confidence": 0.6 if am.kind == "person" and am.title else 0.45,
                    "name": am.name,
                    "kind": am.kind or "organisation",
                    "title": am.title,
                    "parent_actor_id": am.parent_id or "",
                    "side": "other",
                    "evidence": am.evidence,
                    "source_id": self.source_id,
                    "quote": sent.text,
                }
            )
        return {
            "events": pd.DataFrame(events, columns=EVENT_COLUMNS),
            "figures": pd.DataFrame(figures, columns=FIGURE_COLUMNS),
            "locations": pd.DataFrame(locations, columns=LOCATION_COLUMNS),
            "actors": pd.DataFrame(actors, columns=ACTOR_COLUMNS),
        }


def _sentence_at(sentences: list[Sentence], pos: int) -> Sentence | None:
    for s in sentences:
        if s.start <= pos < s.end:
            return s
    return None


def _looks_english(norm: str) -> bool:
    words = re.findall(r"[A-Za-z]+", norm.lower())
    letters = sum(ch.isalpha() for ch in norm)
    ascii_letters = sum(ch.isascii() and ch.isalpha() for ch in norm)
    if letters and ascii_letters / letters < 0.6:
        return False
    if len(words) < 12:
        return True
    return sum(w in ENGLISH_WORDS for w in words) / len(words) >= 0.08


def _reporter(
    norm: str, sent: Sentence, fig: FigureMention, actors: list[ActorMention], quotes
) -> str:
    """Who gave a figure: the actor next to "said", "according to", "estimated" ..."""
    for m in SAY.finditer(norm, sent.start, sent.end):
        if in_spans(m.start(), quotes):
            continue
        near = [
            a for a in actors if sent.start <= a.start < sent.end and not in_spans(a.start, quotes)
        ]
        if m.group().lower() == "according to":
            after = [a for a in near if a.start >= m.end() and a.start - m.end() <= 3]
            if after:
                return after[0].name
            continue
        before = [
            a for a in near if a.end <= m.start() and len(norm[a.end : m.start()].split()) <= 3
        ]
        if before:
            return before[-1].name
        after = [a for a in near if a.start >= m.end() and not norm[m.end() : a.start].strip()]
        if after:
            return after[0].name
    return ""


def extract(
    raw_text: str,
    published: date,
    actors: pd.DataFrame,
    gazetteer: Gazetteer | None = None,
) -> Extraction:
    """Candidates from ``raw_text`` published on ``published``.

    ``actors``: the known actors (actor_id, name, aliases, kind, parent_actor_id).
    Raises :class:`ExtractionError` for an empty or over-long text.
    """
    text = prepare_text(raw_text)
    if not text:
        raise ExtractionError("The text is empty: paste an article or upload a .txt file.")
    if len(text) > MAX_CHARS:
        raise ExtractionError(
            f"The text has {len(text):,} characters; the extractor reads at most {MAX_CHARS:,} "
            "at a time (one article). Paste a single article."
        )
    gazetteer = gazetteer or Gazetteer()
    norm = normalise(text)
    sentences = split_sentences(text)
    quotes = quoted_spans(norm)
    clause_spans = []
    sentence_of = []  # the sentence span of each clause
    for s in sentences:
        spans = [(c.start, c.end) for c in split_clauses(norm, s, quotes)]
        clause_spans += spans
        sentence_of += [(s.start, s.end)] * len(spans)

    # the words of a quotation have their own tense: '"The world will react," X told CNN
    # Monday' is in the past, so a date outside the quotes reads the clause without them (but
    # a quoted phrase of a few words is the narrator's: 'ready for talks "as early as" Saturday')
    unquoted = list(norm)
    for qa, qb in quotes:
        if len(norm[qa:qb].split()) > 4:
            unquoted[qa + 1 : qb - 1] = " " * max(0, qb - qa - 2)
    unquoted_norm = "".join(unquoted)

    def clause_of(pos: int) -> str:
        text = norm if in_spans(pos, quotes) else unquoted_norm
        return _clause_text(text, pos)

    def _clause_text(norm: str, pos: int) -> str:
        for i, (a, b) in enumerate(clause_spans):
            if a <= pos < b:
                last = i + 1 == len(clause_spans) or sentence_of[i + 1] != sentence_of[i]
                if (
                    len(norm[a:b].split()) <= 3
                    and last
                    and i > 0
                    and sentence_of[i] == (sentence_of[i - 1])
                ):
                    # "... to travel to Moscow for consultations with X, on Friday.": a date
                    # that ends the sentence takes the tense of the clause before it, past
                    # appositions ("..., Robles said on Thursday." is in the past)
                    j = i - 1
                    while (
                        j > 0
                        and sentence_of[j - 1] == sentence_of[i]
                        and len(norm[clause_spans[j][0] : clause_spans[j][1]].split()) <= 3
                    ):
                        j -= 1
                    return norm[clause_spans[j][0] : b]
                if len(norm[a:b].split()) <= 3 and i + 1 < len(clause_spans):
                    # "On Thursday, Vienna will host ...": a leading date phrase takes the
                    # tense of the clause it introduces
                    return norm[a : clause_spans[i + 1][1]]
                dashed = [
                    (c, d) for c, d in clause_spans[i + 1 : i + 3] if re.match(r"\s*-\s", norm[c:d])
                ]
                if len(dashed) == 2:
                    # "on Wednesday talks involving Nato - including its members - and Russia
                    # will take place": the tense is after the aside set off by dashes
                    return norm[a:b] + norm[dashed[1][0] : dashed[1][1]]
                return norm[a:b]
        return norm[max(0, pos - 80) : pos + 40]

    dates = find_dates(norm, published, clause_of)
    day_counts = find_day_counts(norm)
    index = ActorIndex.from_frame(actors)
    known = index.find(norm)
    date_spans = [(d.start, d.end) for d in dates]
    new = propose_new(norm, known, index, date_spans + quotes, gazetteer.is_place_name)
    # a known state in a new person's title ("Estonian Prime Minister Mari Tamm") is the title
    known = [a for a in known if not any(n.start <= a.start and a.end <= n.end for n in new)]
    actor_spans = [(a.start, a.end, a.actor_id) for a in known + new]
    place_mentions = gazetteer.find(
        text, norm, date_spans, actor_spans, {a.text.lower() for a in known}
    )
    # an actor named inside a longer place ("eastern Ukraine") is part of the place there
    inside = [(p.start, p.end) for p in place_mentions]
    known = [
        a
        for a in known
        if not any(s <= a.start and a.end <= e and (e - s) > (a.end - a.start) for s, e in inside)
    ]
    builder = EventBuilder(
        text,
        norm,
        sentences,
        published,
        dates,
        day_counts,
        known + new,
        place_mentions,
        quotes,
        index.kinds,
        index.ancestors,
    )
    events = builder.run()
    source_id = article_source_id(text, published)

    figures = []
    for fig in find_figures(norm):
        sent = _sentence_at(sentences, fig.start)
        if sent is None:
            continue
        figures.append((fig, sent, _reporter(norm, sent, fig, known + new, quotes)))
    places = []
    for pm in dedupe([p for p in place_mentions if p.locative or p.confidence >= 0.6]):
        sent = _sentence_at(sentences, pm.start)
        if sent is not None:
            places.append((pm, sent))
    seen: set[str] = set()
    new_actors = []
    for am in new:
        key = am.name.lower()
        sent = _sentence_at(sentences, am.start)
        if key in seen or sent is None:
            continue
        seen.add(key)
        new_actors.append((am, sent))

    messages = []
    if not _looks_english(norm):
        messages.append(
            "This text does not look like English news prose; the extractor reads English and "
            "may find little or nothing."
        )
    if not dates:
        messages.append(
            "No dates found (such as 'January 4', 'on Monday', 'yesterday'): events the text "
            "reports as done are placed at the publication date, future ones are left out."
        )
    if not known:
        messages.append(
            "No known actor is named; new people and organisations are proposed where the text "
            "introduces them (a title before a name, 'X said')."
        )
    if not events and not figures and not places:
        messages.append("No candidate events, figures or places were found in this text.")
    return Extraction(
        text=text,
        published=published,
        source_id=source_id,
        sentences=sentences,
        events=events,
        figures=figures,
        places=places,
        new_actors=new_actors,
        dates=dates,
        known_actors=known,
        messages=messages,
    )


def default_gazetteer(data_dir: Path) -> Gazetteer:
    """The project's gazetteer: locations.csv names and coordinates, Natural Earth, GeoNames."""
    from crisis.loader import read_text_csv

    path = Path(data_dir) / "locations.csv"
    columns = ["location_id", "name", "kind", "latitude", "longitude", "precision", "country"]
    locations = read_text_csv(path)[columns] if path.exists() else None
    return Gazetteer(locations, Path(data_dir) / "geo")


def read_actors(data_dir: Path) -> pd.DataFrame:
    """Known actors' names and aliases from ``actors.csv`` (only those columns)."""
    from crisis.loader import read_text_csv

    frame = read_text_csv(Path(data_dir) / "actors.csv")
    return frame[["actor_id", "name", "aliases", "kind", "parent_actor_id"]]


__all__ = [
    "MAX_CHARS",
    "SUGGEST_AT",
    "Extraction",
    "ExtractionError",
    "Gazetteer",
    "article_source_id",
    "default_gazetteer",
    "extract",
    "prepare_text",
    "read_actors",
]
