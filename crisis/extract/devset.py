"""Score the extractor on the development set of real articles (``tests/fixtures/articles/dev``).

Each article is two files: ``<id>.txt``, verbatim paragraphs of a stored news page, and
``<id>.json``, its URL, outlet, publication date, split and the gold events and figures annotated
by hand (``dev/README.md`` gives the conventions). In ``dev/`` the split is ``tune`` or
``heldout`` by a hash of the id; every article of ``blind2/`` (added after the rules were tuned,
its gold committed before the extractor ran on it) is ``blind2``, every article of ``blind3/``
(added after the fixes that blind2 prompted, its gold likewise committed first) is ``blind3``, and
every article of ``blind4/`` (added after the fixes that blind3 prompted, likewise) is ``blind4``.
Matching is one to one, per article:

- events: the same start date and at least one common actor. A gold actor is an actor id of
  ``actors.csv`` (matching itself, its parents and its children, as in
  :mod:`crisis.extract.evaluate`) or a name (matching a proposed actor of the same name or the
  same last word: "Joe Biden" and "Biden"). Gold events marked ``optional`` (background the
  conventions allow but do not require) count neither way: a candidate matching one is left out
  of precision, and recall counts the required events only.
- of the matchings with the most pairs, one of the greatest weight (a pair weighs more when the
  candidate's quote overlaps the gold event's quote, then for each shared actor), so a candidate
  quoting one gold event does not stand in for another of the same day and actor by luck.
- lead: the article's one event marked ``lead`` must be matched.
- figures: the same ``value_low``, troops and casualties together.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from crisis.extract import (
    EventCandidate,
    default_gazetteer,
    extract,
    prepare_text,
    read_actors,
)
from crisis.extract.actors import ActorIndex
from crisis.extract.evaluate import max_matching
from crisis.extract.text import normalise
from crisis.loader import DATA_DIR

ARTICLES_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "articles"
DEV_DIR = ARTICLES_DIR / "dev"
BLIND2_DIR = ARTICLES_DIR / "blind2"
BLIND3_DIR = ARTICLES_DIR / "blind3"
BLIND4_DIR = ARTICLES_DIR / "blind4"
BLIND5_DIR = ARTICLES_DIR / "blind5"
BLIND6_DIR = ARTICLES_DIR / "blind6"
BLIND7_DIR = ARTICLES_DIR / "blind7"
BLIND8_DIR = ARTICLES_DIR / "blind8"
BLIND9_DIR = ARTICLES_DIR / "blind9"
BLIND10_DIR = ARTICLES_DIR / "blind10"
BLIND11_DIR = ARTICLES_DIR / "blind11"
BLIND12_DIR = ARTICLES_DIR / "blind12"
BLIND13_DIR = ARTICLES_DIR / "blind13"
BLIND14_DIR = ARTICLES_DIR / "blind14"
BLIND15_DIR = ARTICLES_DIR / "blind15"
# the blind splits, each a folder of its own, in the order they were built and scored
BLIND_SPLITS = tuple(f"blind{n}" for n in range(2, 16))
DEV_DIRS = (DEV_DIR, *(ARTICLES_DIR / name for name in BLIND_SPLITS))
SPLITS = ("tune", "heldout", *BLIND_SPLITS)
# a folder whose every article has one split, whatever its hash
FOLDER_SPLIT = {name: name for name in BLIND_SPLITS}


@dataclass(frozen=True)
class DevArticle:
    article_id: str
    text: str
    published: date
    split: str
    url: str
    outlet: str
    events: tuple[dict, ...]
    figures: tuple[dict, ...]
    folder: Path = DEV_DIR


@dataclass
class ArticleScore:
    """Counts for one article (``extra``/``missed``: what a reader checks)."""

    article_id: str
    split: str
    predicted: int = 0  # candidates, less those matching an optional gold event
    gold: int = 0  # required gold events
    matched: int = 0
    lead_found: bool = False
    figures_predicted: int = 0
    figures_gold: int = 0
    figures_matched: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    missed_figures: list[str] = field(default_factory=list)


def load_dev(dev_dirs: Path | Sequence[Path] = DEV_DIRS) -> list[DevArticle]:
    """Every article of the given folders, folder by folder, in file-name order.

    An article of a folder named in ``FOLDER_SPLIT`` must say that folder's split.
    """
    folders = [Path(dev_dirs)] if isinstance(dev_dirs, (str, Path)) else [Path(d) for d in dev_dirs]
    out = []
    for folder in folders:
        out.extend(_load_folder(folder))
    return out


def _load_folder(folder: Path) -> list[DevArticle]:
    out = []
    fixed = FOLDER_SPLIT.get(folder.name)
    for meta_path in sorted(folder.glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        text = meta_path.with_suffix(".txt").read_text(encoding="utf-8")
        if fixed and meta["split"] != fixed:
            raise ValueError(
                f"{meta_path}: split {meta['split']!r}, but every article here is {fixed!r}"
            )
        out.append(
            DevArticle(
                meta["id"],
                text,
                date.fromisoformat(meta["published"]),
                meta["split"],
                meta["url"],
                meta["outlet"],
                tuple(meta["events"]),
                tuple(meta["figures"]),
                folder,
            )
        )
    return out


def _name_keys(name: str) -> set[str]:
    words = normalise(name).lower().replace("'s", "").split()
    return {" ".join(words), words[-1]} if words else set()


class _ActorMatch:
    """Whether a candidate's actors share one with a gold event's actors."""

    def __init__(self, index: ActorIndex):
        self.index = index

    def family(self, actor_id: str) -> set[str]:
        return {actor_id, *self.index.ancestors(actor_id)}

    def candidate_keys(self, ev: EventCandidate) -> tuple[set[str], set[str]]:
        names: set[str] = set()
        for _, name, _ in ev.actors:
            names |= _name_keys(name)
        return set(ev.actor_ids), names

    def common(self, keys: tuple[set[str], set[str]], gold_actors: Iterable[str]) -> bool:
        """An id matches itself, its ancestors and its descendants; a name its name."""
        ids, names = keys
        for g in gold_actors:
            if g in self.index.kinds:
                if any(g in self.family(i) or i in self.family(g) for i in ids):
                    return True
            elif _name_keys(g) & names:
                return True
        return False


def _span(text: str, quote: str) -> tuple[int, int]:
    """Where a gold quote stands in the article (its first place), or an empty span."""
    at = text.find(quote) if quote else -1
    return (at, at + len(quote)) if at >= 0 else (0, 0)


def score_article(
    article: DevArticle,
    candidates: Sequence[EventCandidate],
    values: Sequence[int],
    match: _ActorMatch,
) -> ArticleScore:
    required = [e for e in article.events if not e.get("optional")]
    optional = [e for e in article.events if e.get("optional")]
    keys = [match.candidate_keys(ev) for ev in candidates]

    text = prepare_text(article.text)

    def ok(gold: list[dict]):
        return lambda i, j: (
            candidates[i].start_date.isoformat() == gold[j]["start_date"]
            and match.common(keys[i], gold[j]["actors"])
        )

    def weight(gold: list[dict]):
        """Which of the pairings that count prefer: the same words quoted, then more actors."""
        spans = [_span(text, g.get("quote", "")) for g in gold]

        def w(i: int, j: int) -> float:
            ev, (start, end) = candidates[i], spans[j]
            overlap = start < ev.quote_end and ev.quote_start < end
            shared = sum(match.common(keys[i], [g]) for g in gold[j]["actors"])
            return 10 * overlap + shared

        return w

    pairs = max_matching(len(candidates), len(required), ok(required), weight(required))
    rest = [i for i in range(len(candidates)) if i not in pairs]
    on_optional = max_matching(
        len(rest),
        len(optional),
        lambda i, j: ok(optional)(rest[i], j),
        lambda i, j: weight(optional)(rest[i], j),
    )
    unmatched = [rest[i] for i in range(len(rest)) if i not in on_optional]
    matched_gold = set(pairs.values())
    lead = next(j for j, e in enumerate(required) if e.get("lead"))
    score = ArticleScore(
        article.article_id,
        article.split,
        predicted=len(candidates) - len(on_optional),
        gold=len(required),
        matched=len(pairs),
        lead_found=lead in matched_gold,
        missed=[
            f"{e['start_date']} {e['title']}"
            for j, e in enumerate(required)
            if j not in matched_gold
        ],
        extra=[f"{candidates[i].start_date} {candidates[i].title}" for i in unmatched],
    )
    gold_values = [int(f["value_low"]) for f in article.figures]
    fig_pairs = max_matching(
        len(values), len(gold_values), lambda i, j: values[i] == gold_values[j]
    )
    found = set(fig_pairs.values())
    score.figures_predicted = len(values)
    score.figures_gold = len(gold_values)
    score.figures_matched = len(fig_pairs)
    score.missed_figures = [f"{v:,}" for j, v in enumerate(gold_values) if j not in found]
    return score


def evaluate_dev(
    data_dir: Path = DATA_DIR, dev_dirs: Path | Sequence[Path] = DEV_DIRS
) -> list[ArticleScore]:
    """Run the extractor on every dev article and score it against the gold annotations."""
    actors = read_actors(data_dir)
    gazetteer = default_gazetteer(data_dir)
    match = _ActorMatch(ActorIndex.from_frame(actors))
    scores = []
    for article in load_dev(dev_dirs):
        result = extract(article.text, article.published, actors, gazetteer)
        values = [int(f.value_low) for f, _, _ in result.figures]
        scores.append(score_article(article, result.events, values, match))
    return scores


@dataclass(frozen=True)
class Totals:
    label: str
    articles: int
    predicted: int
    gold: int
    matched: int
    leads: int
    figures_gold: int
    figures_matched: int
    figures_predicted: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def totals(scores: Sequence[ArticleScore], label: str) -> Totals:
    return Totals(
        label,
        len(scores),
        sum(s.predicted for s in scores),
        sum(s.gold for s in scores),
        sum(s.matched for s in scores),
        sum(s.lead_found for s in scores),
        sum(s.figures_gold for s in scores),
        sum(s.figures_matched for s in scores),
        sum(s.figures_predicted for s in scores),
    )


def format_dev(scores: Sequence[ArticleScore], detail: bool = True) -> str:
    """The dev-set table: all articles, then each split (tune, heldout, blind2 ... blind13)."""
    rows = [totals(scores, "all")] + [
        totals([s for s in scores if s.split == split], split) for split in SPLITS
    ]
    head = (
        f"{'split':<8} {'articles':>8} {'predicted':>9} {'gold':>5} {'matched':>7} "
        f"{'precision':>9} {'recall':>6} {'F1':>5} {'leads':>7} {'figures':>9}"
    )
    lines = [head, "-" * len(head)]
    for t in rows:
        lines.append(
            f"{t.label:<8} {t.articles:>8} {t.predicted:>9} {t.gold:>5} {t.matched:>7} "
            f"{t.precision:>9.2f} {t.recall:>6.2f} {t.f1:>5.2f} "
            f"{f'{t.leads}/{t.articles}':>7} {f'{t.figures_matched}/{t.figures_gold}':>9}"
        )
    if detail:
        for s in scores:
            for m in s.missed:
                lines.append(f"missed  {s.article_id}: {m}")
            for e in s.extra:
                lines.append(f"extra   {s.article_id}: {e}")
            for f in s.missed_figures:
                lines.append(f"missed figure  {s.article_id}: {f}")
    return "\n".join(lines)
