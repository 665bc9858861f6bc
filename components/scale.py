"""When to draw events one by one and when to count them in DuckDB: the one threshold.

A filter that matches at most :data:`RAW_LIMIT` events is drawn raw (every event a marker or a
map point). Above it, the large datasets are aggregated in DuckDB (counts per day, week or month
on the timelines, grid cells on the map) and only the aggregate crosses into pandas; the small
datasets (the founding article's 18 curated events) stay raw beside the aggregate. Pages state
the mode and the threshold in a caption (:func:`mode_caption`).

The pure part (dataset split, bucket and cell choice, wording) takes plain values; the
``*_for`` helpers at the end read the session's cached queries (``components.data``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from crisis import Filters

RAW_LIMIT = 2_000  # events drawn one by one; above this, large datasets are counted in DuckDB
PICK_LIMIT = 200  # events of aggregated datasets offered in an event picker (LIMIT in SQL)
MAX_BUCKETS = 200  # a timeline bucket is the finest of day/week/month giving at most this many
MAX_CELLS = 2_000  # grid cells sent to the map; the cell doubles until the grid fits
CURATED = ("article",)  # datasets drawn raw first (the curated events)
BUCKET_DAYS = {"day": 1, "week": 7, "month": 31}
BUCKET_LABELS = {"day": "day", "week": "week", "month": "month"}
CELL_STEPS = (0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0)
MIN_CELL, MAX_CELL = 0.1, 0.5  # degrees, chosen from the view's zoom
CELL_PX = 14.0  # target width of a grid cell on screen, in pixels


def restrict(filters: Filters, datasets: Iterable[str]) -> Filters | None:
    """``filters`` narrowed to ``datasets`` (intersected with its own dataset filter).

    None when nothing is left: an empty ``Filters.datasets`` means *all* datasets, so an empty
    intersection must not be passed on as a filter.
    """
    wanted = [d for d in dict.fromkeys(datasets) if not filters.datasets or d in filters.datasets]
    if not wanted:
        return None
    return dataclasses.replace(filters, datasets=tuple(wanted))


def split_datasets(
    counts: Mapping[str, int], limit: int = RAW_LIMIT, first: Sequence[str] = CURATED
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(raw, aggregated) datasets: the curated ones first, then the smallest, drawn raw while
    their events add up to at most ``limit``; the rest are aggregated. Datasets without a
    matching event are left out of both."""
    present = {d: int(n) for d, n in counts.items() if int(n) > 0}
    order = [d for d in first if d in present]
    order += sorted((d for d in present if d not in order), key=lambda d: (present[d], d))
    raw: list[str] = []
    total = 0
    for d in order:
        if total + present[d] <= limit:
            raw.append(d)
            total += present[d]
    return tuple(raw), tuple(d for d in order if d not in raw)


@dataclass(frozen=True)
class Plan:
    """How a filter's events are drawn: which datasets raw, which counted in DuckDB."""

    filters: Filters
    total: int
    counts: Mapping[str, int]  # filtered events per dataset (empty when all are raw)
    raw: tuple[str, ...]
    aggregated: tuple[str, ...]
    limit: int = RAW_LIMIT

    @property
    def aggregate(self) -> bool:
        return bool(self.aggregated)

    @property
    def raw_filters(self) -> Filters | None:
        """The filter of the events drawn one by one (None: none are)."""
        if not self.aggregate:
            return self.filters if self.total else None
        return restrict(self.filters, self.raw)

    @property
    def aggregated_filters(self) -> Filters | None:
        return restrict(self.filters, self.aggregated) if self.aggregate else None

    @property
    def raw_count(self) -> int:
        if not self.aggregate:
            return self.total
        return sum(int(self.counts.get(d, 0)) for d in self.raw)

    @property
    def aggregated_count(self) -> int:
        return sum(int(self.counts.get(d, 0)) for d in self.aggregated)


def make_plan(
    filters: Filters,
    total: int,
    count_dataset: Mapping[str, int] | None = None,
    limit: int = RAW_LIMIT,
) -> Plan:
    """The plan for ``filters`` matching ``total`` events; ``count_dataset`` (events per dataset
    under the filter) is needed only when ``total`` is above ``limit``."""
    if total <= limit:
        return Plan(filters, total, {}, (), (), limit)
    counts = dict(count_dataset or {})
    raw, aggregated = split_datasets(counts, limit)
    return Plan(filters, total, counts, raw, aggregated, limit)


# -- wording -----------------------------------------------------------------------------------


def _names(datasets: Sequence[str], labels: Mapping[str, str]) -> str:
    names = [labels.get(d, d) for d in datasets]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def mode_caption(
    plan: Plan, labels: Mapping[str, str], aggregate_as: str, raw_as: str = "drawn one by one"
) -> str:
    """How many events match, how they are shown, and the threshold, in one sentence.

    ``aggregate_as`` says what the aggregate is ("counts per week", "grid cells of 0.25°"),
    ``raw_as`` what happens to the events below the threshold. ``labels`` name the datasets;
    they come from the data, so pass them escaped when the sentence is shown as markdown.
    """
    n = plan.total
    head = f"{n:,} {'event matches' if n == 1 else 'events match'}"
    if not plan.aggregate:
        return (
            f"{head} (up to {plan.limit:,} events are {raw_as}; above that, large datasets "
            f"are shown as {aggregate_as}, computed in DuckDB)."
        )
    text = (
        f"{head}, more than the {plan.limit:,} {raw_as}: the {plan.aggregated_count:,} events "
        f"of {_names(plan.aggregated, labels)} are shown as {aggregate_as}, computed in DuckDB"
    )
    if plan.raw:
        text += f"; the {plan.raw_count:,} of {_names(plan.raw, labels)} are {raw_as}"
    return text + "."


# -- timeline buckets --------------------------------------------------------------------------


def choose_bucket(first: date | None, last: date | None, max_buckets: int = MAX_BUCKETS) -> str:
    """The finest of day, week and month that splits [first, last] into at most
    ``max_buckets`` buckets (month when the span is longer still)."""
    if first is None or last is None:
        return "month"
    days = (pd.Timestamp(last) - pd.Timestamp(first)).days + 1
    if days <= max_buckets:
        return "day"
    if days <= max_buckets * 7:
        return "week"
    return "month"


def span_of(monthly: pd.DataFrame, filters: Filters) -> tuple[date | None, date | None]:
    """The dates the counts cover: the months present, clipped to the filter's dates."""
    if monthly.empty:
        return None, None
    periods = pd.to_datetime(monthly["period"])
    first = periods.min().date()
    last = (periods.max() + pd.offsets.MonthEnd(0)).date()
    if filters.start:
        first = max(first, filters.start)
    if filters.end:
        last = min(last, filters.end)
    return first, max(first, last)


def clicked_bucket(points: Iterable[object], bucket: str) -> tuple[date, date, str] | None:
    """(first day, last day, event type) of the first clicked bar of a counts chart, from the
    selection's points (``customdata`` = [period, event_type, ...]); None when none is."""
    for point in points:
        custom = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(custom, list | tuple) and len(custom) >= 2:
            try:
                first = date.fromisoformat(str(custom[0])[:10])
            except ValueError:
                continue
            return first, bucket_end(first, bucket), str(custom[1])
    return None


def bucket_end(period: date, bucket: str) -> date:
    """The last day of the bucket starting on ``period``."""
    if bucket == "day":
        return period
    if bucket == "week":
        return period + timedelta(days=6)
    return (pd.Timestamp(period) + pd.offsets.MonthEnd(0)).date()


# -- map cells ---------------------------------------------------------------------------------


def cell_for_zoom(zoom: float, target_px: float = CELL_PX) -> float:
    """Grid cell size in degrees for a map zoom: about ``target_px`` pixels wide, snapped to
    a round step and kept within [MIN_CELL, MAX_CELL]."""
    px_per_degree = 512 * 2**zoom / 360
    want = target_px / px_per_degree
    step = min(CELL_STEPS, key=lambda s: abs(s - want))
    return max(MIN_CELL, min(MAX_CELL, step))


def coarser_cell(cell: float) -> float | None:
    """The next step up (None at the largest)."""
    bigger = [s for s in CELL_STEPS if s > cell + 1e-9]
    return bigger[0] if bigger else None


# -- the session's data (Streamlit-cached queries) -----------------------------------------------


def dataset_labels() -> dict[str, str]:
    from components import data

    ds = data.datasets()
    return dict(zip(ds["dataset"], ds["label"], strict=True))


def plan_for(filters: Filters, limit: int = RAW_LIMIT) -> Plan:
    """The plan for the session's store: one cheap count first; per-dataset counts only when
    the filter matches more than ``limit`` events."""
    from components import data

    total = data.count_events(filters)
    if total <= limit:
        return make_plan(filters, total, None, limit)
    counts = {}
    for dataset in data.datasets()["dataset"]:
        narrowed = restrict(filters, (dataset,))
        if narrowed is not None:
            counts[dataset] = data.count_events(narrowed)
    return make_plan(filters, total, counts, limit)


def raw_events(plan: Plan) -> pd.DataFrame:
    """The events drawn one by one (at most ``plan.limit`` rows, enforced by a LIMIT)."""
    from components import data

    f = plan.raw_filters
    if f is None:
        return pd.DataFrame(columns=["event_id", "dataset", "start_date", "event_type"])
    if plan.raw_count <= plan.limit:
        return data.events(f)
    return data.events_head(f, plan.limit)  # a guard: the split keeps raw_count <= limit


def bucketed_counts(plan: Plan) -> tuple[pd.DataFrame, str]:
    """Counts of the aggregated datasets per day, week or month (chosen from their span)."""
    from components import data

    f = plan.aggregated_filters
    if f is None:
        return pd.DataFrame(columns=["period", "dataset", "event_type", "events", "deaths"]), "week"
    monthly = data.event_counts(f, "month")
    bucket = choose_bucket(*span_of(monthly, f))
    return (monthly if bucket == "month" else data.event_counts(f, bucket)), bucket


def recent_filters(counts: pd.DataFrame, filters: Filters, n: int = PICK_LIMIT) -> Filters:
    """``filters`` starting at the latest period from which on at most ``n`` events are counted
    (at least the last period): the most recent events, fetched with a LIMIT."""
    if counts.empty:
        return filters
    per = counts.groupby("period")["events"].sum().sort_index(ascending=False)
    cumulative = per.cumsum()
    within = cumulative[cumulative <= n]
    start = pd.Timestamp(within.index[-1] if len(within) else per.index[0]).date()
    if filters.start and filters.start > start:
        start = filters.start
    if filters.end and start > filters.end:
        start = filters.end
    return dataclasses.replace(filters, start=start)


def picker_events(plan: Plan, counts: pd.DataFrame, bucket_filters: Filters | None) -> pd.DataFrame:
    """Events of the aggregated datasets for a picker: those of the chosen bucket
    (``bucket_filters``) or the most recent ones, at most PICK_LIMIT (LIMIT in SQL)."""
    from components import data

    f = bucket_filters or (
        recent_filters(counts, plan.aggregated_filters) if plan.aggregated_filters else None
    )
    if f is None:
        return pd.DataFrame(columns=["event_id", "start_date", "title"])
    return data.events_head(f, PICK_LIMIT)
