"""Filter values <-> URL query parameters, as pure functions (no Streamlit here).

The sidebar seeds its widgets from the URL once per session and writes the URL back after every
run, so a copied link reopens the same view on any page. Parameters:

- ``actor`` (repeated): actor ids, e.g. ``?actor=nato&actor=blinken``
- ``from`` / ``to``: ISO dates, e.g. ``?from=2022-01-09&to=2022-01-13``
- ``type`` (repeated): event types; ``status`` (repeated): statuses
- ``dataset`` (repeated): ``article`` / ``ucdp`` / an imported dataset, or ``all`` (no
  restriction: every dataset, including ones added later)

Anything unknown or malformed is dropped with a one-line notice; nothing raises.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from components.text import shorten
from crisis import Filters, vocab

DEFAULT_DATASETS: tuple[str, ...] = ("article",)
PARAMS = ("actor", "from", "to", "type", "status", "dataset")


@dataclass
class FilterValues:
    """The sidebar's widget values, as plain Python values."""

    actors: list[str] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    event_types: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=lambda: list(DEFAULT_DATASETS))

    def to_filters(self) -> Filters:
        start, end = self.start, self.end
        if start and end and start > end:
            start, end = end, start
        return Filters(
            actors=tuple(self.actors),
            start=start,
            end=end,
            event_types=tuple(self.event_types),
            statuses=tuple(self.statuses),
            datasets=tuple(self.datasets),
        )


def _short(value: str, limit: int = 40) -> str:
    return repr(shorten(value, limit))


def _pick(
    name: str, values: Sequence[str], allowed: Sequence[str], notices: list[str]
) -> list[str]:
    kept: list[str] = []
    for value in values:
        if value in allowed:
            if value not in kept:
                kept.append(value)
        else:
            notices.append(f"Unknown {name} {_short(value)} in the link was ignored.")
    return kept


def _date(name: str, values: Sequence[str], notices: list[str]) -> date | None:
    if not values:
        return None
    raw = values[-1]
    try:
        return date.fromisoformat(raw)
    except ValueError:
        notices.append(f"Malformed date {_short(raw)} in '{name}' was ignored (use YYYY-MM-DD).")
        return None


def parse_query(
    params: Mapping[str, Sequence[str]],
    actor_ids: Sequence[str],
    datasets: Sequence[str] = vocab.DATASETS,
) -> tuple[FilterValues, list[str]]:
    """Read filter values from query parameters; return them with notices for what was dropped."""
    notices: list[str] = []
    values = FilterValues()
    values.actors = _pick("actor", params.get("actor", []), actor_ids, notices)
    values.start = _date("from", params.get("from", []), notices)
    values.end = _date("to", params.get("to", []), notices)
    if values.start and values.end and values.start > values.end:
        notices.append("The link's 'from' date is after its 'to' date; the two were swapped.")
        values.start, values.end = values.end, values.start
    values.event_types = _pick("event type", params.get("type", []), vocab.EVENT_TYPES, notices)
    values.statuses = _pick("status", params.get("status", []), vocab.STATUSES, notices)
    raw_ds = list(params.get("dataset", []))
    if raw_ds == ["all"]:
        values.datasets = []
    elif raw_ds:
        gone: list[str] = []
        picked = _pick("dataset", raw_ds, datasets, gone)
        if gone:
            missing = ", ".join(_short(d) for d in raw_ds if d not in datasets)
            notices.append(
                f"Dataset {missing} in the link is not here: an uploaded dataset lives only in "
                "the browser session that uploaded it and is gone when that session ends (the "
                "page reopened, the server restarted or handed the visitor to another server). "
                "To see it, upload the file again on the Data page."
            )
        values.datasets = picked or list(DEFAULT_DATASETS)
    return values, notices


def to_query(values: FilterValues) -> dict[str, list[str]]:
    """The query parameters for ``values``; defaults are left out to keep links short."""
    query: dict[str, list[str]] = {}
    if values.actors:
        query["actor"] = list(values.actors)
    if values.start:
        query["from"] = [values.start.isoformat()]
    if values.end:
        query["to"] = [values.end.isoformat()]
    if values.event_types:
        query["type"] = list(values.event_types)
    if values.statuses:
        query["status"] = list(values.statuses)
    datasets = list(values.datasets)
    if not datasets:
        query["dataset"] = ["all"]
    elif datasets != list(DEFAULT_DATASETS):
        query["dataset"] = datasets
    return query
