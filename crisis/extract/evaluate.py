"""Score the extractor against the curated tables of one source (the founding article).

Only this module reads the curated events, figures and locations, as the answers; the
extractor itself never does. Matches are one to one (a maximum matching, so a candidate counts
for at most one curated row):

- events: the same start date and at least one common actor, where an actor also matches its
  parent and, recursively, its parent's parent (Blinken matches the United States; a B9 state
  matches the Bucharest Nine) — the hierarchy of ``actors.csv``'s ``parent_actor_id``;
- figures: the same ``value_low`` (troops and casualties together);
- locations: the curated places the source names (``stated_in_source`` true) against every
  proposed place: the same name (case, apostrophes and a leading "the" aside) or within 25 km.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from crisis.extract import default_gazetteer, extract, read_actors
from crisis.extract.actors import ActorIndex
from crisis.extract.places import haversine_km
from crisis.extract.text import normalise
from crisis.loader import DATA_DIR, read_text_csv

FOUNDING = "founding-article"
FOUNDING_PUBLISHED = date(2022, 1, 4)
NEAR_KM = 25.0


@dataclass(frozen=True)
class Score:
    table: str
    predicted: int
    curated: int
    matched: int
    missed: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.curated if self.curated else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def max_matching(
    n_left: int,
    n_right: int,
    ok: Callable[[int, int], bool],
    weight: Callable[[int, int], float] | None = None,
) -> dict[int, int]:
    """A maximum one-to-one matching: left index -> right index.

    Without ``weight``, Kuhn's augmenting paths (the first pairing that fits). With it, of all
    the matchings of that maximum size, one of the greatest total weight (``_heaviest``): it
    changes which rows pair, never how many do.
    """
    if weight is not None:
        return _heaviest(n_left, n_right, ok, weight)
    match_right: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in range(n_right):
            if j in seen or not ok(i, j):
                continue
            seen.add(j)
            if j not in match_right or augment(match_right[j], seen):
                match_right[j] = i
                return True
        return False

    for i in range(n_left):
        augment(i, set())
    return {i: j for j, i in match_right.items()}


def _heaviest(
    n_left: int,
    n_right: int,
    ok: Callable[[int, int], bool],
    weight: Callable[[int, int], float],
) -> dict[int, int]:
    """A maximum matching of greatest weight, by the Hungarian method on a square matrix.

    A pair that fits costs ``-(big + weight)``, any other pair (and padding) costs 0; ``big``
    outweighs every sum of weights, so the cheapest assignment has the most fitting pairs first
    and the heaviest of those second.
    """
    if not n_left or not n_right:
        return {}
    fits = {(i, j): float(weight(i, j)) for i in range(n_left) for j in range(n_right) if ok(i, j)}
    if not fits:
        return {}
    big = 1.0 + sum(abs(w) for w in fits.values())
    n = max(n_left, n_right)
    cost = [[-(big + fits[i, j]) if (i, j) in fits else 0.0 for j in range(n)] for i in range(n)]
    # e-maxx's O(n^3) Hungarian algorithm, 1-based with potentials u, v
    inf = float("inf")
    u, v, p, way = [0.0] * (n + 1), [0.0] * (n + 1), [0] * (n + 1), [0] * (n + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (n + 1), [False] * (n + 1)
        while p[j0]:
            used[j0], i0, delta, j1 = True, p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return {p[j] - 1: j - 1 for j in range(1, n + 1) if (p[j] - 1, j - 1) in fits}


def _score(
    table: str,
    predicted: Sequence[str],
    curated: Sequence[str],
    ok: Callable[[int, int], bool],
) -> Score:
    pairs = max_matching(len(predicted), len(curated), ok)
    matched_right = set(pairs.values())
    return Score(
        table,
        len(predicted),
        len(curated),
        len(pairs),
        tuple(c for j, c in enumerate(curated) if j not in matched_right),
        tuple(p for i, p in enumerate(predicted) if i not in pairs),
    )


def _name_key(name: str) -> str:
    key = " ".join(normalise(str(name)).lower().split())
    return key[4:] if key.startswith("the ") else key


def evaluate(
    data_dir: Path = DATA_DIR,
    source_id: str = FOUNDING,
    published: date = FOUNDING_PUBLISHED,
) -> list[Score]:
    """Run the extractor on ``sources/<source_id>.txt`` and score it against the curated rows."""
    data_dir = Path(data_dir)
    text = (data_dir / "sources" / f"{source_id}.txt").read_text(encoding="utf-8")
    actors = read_actors(data_dir)
    result = extract(text, published, actors, default_gazetteer(data_dir))
    frames = result.frames()
    index = ActorIndex.from_frame(actors)

    def family(actor_id: str) -> set[str]:
        return {actor_id, *index.ancestors(actor_id)}

    # events
    events = read_text_csv(data_dir / "events.csv")
    events = events[events["source_id"] == source_id].reset_index(drop=True)
    links = read_text_csv(data_dir / "event_actors.csv")
    gold_actors = {
        eid: {a for aid in group["actor_id"] for a in family(aid)}
        for eid, group in links.groupby("event_id")
    }
    predicted = [
        (ev.start_date.isoformat(), {a for aid in ev.actor_ids for a in family(aid)}, ev.title)
        for ev in result.events
    ]

    def event_ok(i: int, j: int) -> bool:
        start, fam, _ = predicted[i]
        gold = events.iloc[j]
        return start == gold["start_date"] and bool(fam & gold_actors.get(gold["event_id"], set()))

    scores = [
        _score(
            "events",
            [f"{s} {t}" for s, _, t in predicted],
            [f"{r.start_date} {r.event_id}" for r in events.itertuples()],
            event_ok,
        )
    ]

    # figures
    curated_figures = pd.concat(
        [read_text_csv(data_dir / f"{k}.csv") for k in ("troops", "casualties")], ignore_index=True
    )
    curated_figures = curated_figures[curated_figures["source_id"] == source_id]
    gold_values = [int(v) for v in curated_figures["value_low"]]
    found_values = [int(v) for v in frames["figures"]["value_low"]]
    scores.append(
        _score(
            "figures",
            [f"{v:,}" for v in found_values],
            [
                f"{v:,} ({fid})"
                for v, fid in zip(gold_values, curated_figures["figure_id"], strict=True)
            ],
            lambda i, j: found_values[i] == gold_values[j],
        )
    )

    # locations
    locations = read_text_csv(data_dir / "locations.csv")
    locations = locations[
        (locations["stated_in_source"] == "true") & (locations["source_id"] == source_id)
    ].reset_index(drop=True)
    found = frames["locations"]

    def place_ok(i: int, j: int) -> bool:
        p, g = found.iloc[i], locations.iloc[j]
        if _name_key(p["name"]) == _name_key(g["name"]):
            return True
        gap = haversine_km(
            float(p["latitude"]), float(p["longitude"]), float(g["latitude"]), float(g["longitude"])
        )
        return not math.isnan(gap) and gap <= NEAR_KM

    scores.append(_score("locations", list(found["name"]), list(locations["name"]), place_ok))
    return scores


def format_scores(scores: Sequence[Score], detail: bool = True) -> str:
    """The scores as a plain-text table, with what was missed and what was extra."""
    head = (
        f"{'table':<10} {'predicted':>9} {'curated':>7} {'matched':>7} {'precision':>9} "
        f"{'recall':>6} {'F1':>5}"
    )
    lines = [head, "-" * len(head)]
    for s in scores:
        lines.append(
            f"{s.table:<10} {s.predicted:>9} {s.curated:>7} {s.matched:>7} "
            f"{s.precision:>9.2f} {s.recall:>6.2f} {s.f1:>5.2f}"
        )
    if detail:
        for s in scores:
            for m in s.missed:
                lines.append(f"missed  {s.table}: {m}")
            for e in s.extra:
                lines.append(f"extra   {s.table}: {e}")
    return "\n".join(lines)
