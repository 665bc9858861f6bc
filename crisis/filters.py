"""The one value that describes what the user is looking at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Filters:
    """What the user is looking at. Every store query takes one.

    Empty tuples and ``None`` mean "no restriction". ``actors`` match an event when the event
    names the actor or any of its members/affiliates (children through ``parent_actor_id``).
    Dates select events whose span overlaps ``[start, end]`` (both inclusive).
    """

    actors: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    event_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")

    @property
    def is_empty(self) -> bool:
        return self == Filters()
