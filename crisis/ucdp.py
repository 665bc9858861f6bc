"""Read a UCDP GED file (official 49 columns or HDX's variant) and map it onto the event model.

HDX's variant adds an ``iso3`` column and an HXL hashtag row (``#date+year``...) on line 2; both
are handled. Dates may carry a time part (``2014-01-22 00:00:00.000``). Each event keeps its UCDP
id (``external_id``) and the headlines it was coded from (``provenance``); deaths keep best, low
and high.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

UCDP_SOURCE_ID = "ucdp-ged-22.1"
GED_REQUIRED = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "source_headline",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "latitude",
    "longitude",
    "date_prec",
    "date_start",
    "date_end",
    "best",
    "high",
    "low",
)
TYPE_OF_VIOLENCE = {"1": "state-based", "2": "non-state", "3": "one-sided"}
# UCDP date_prec: 1 exact day, 2 within 2-6 days, 3 within a week, 4 within a month,
# 5 within a year or more
DATE_PRECISION = {"1": "day", "2": "day", "3": "day", "4": "month", "5": "year"}


class GedFormatError(ValueError):
    """The file is not a UCDP GED table."""


def read_ged(path: Path) -> pd.DataFrame:
    """Read a GED CSV as text, dropping HDX's HXL hashtag row when present."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in GED_REQUIRED if c not in frame.columns]
    if missing:
        raise GedFormatError(f"{path.name}: missing UCDP GED column(s): {', '.join(missing)}")
    # HDX's HXL row: no event id, and hashtags (#date+year, ...) in the tagged columns
    tags = frame.apply(lambda col: col.str.match(r"^#[a-z]")).any(axis=1)
    hxl = (frame["id"].str.strip() == "") & tags
    return frame[~hxl].reset_index(drop=True)


def _date(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series.str.slice(0, 10), format="%Y-%m-%d")


def _slug(text: str) -> str:
    return "ucdp-" + re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def to_events(
    raw: pd.DataFrame, actor_map: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Map GED rows to (events, event_actors, new_actors) frames of the store's layout."""
    start = _date(raw["date_start"])
    end = _date(raw["date_end"])
    best = pd.to_numeric(raw["best"]).astype("Int64")
    low = pd.to_numeric(raw["low"]).astype("Int64")
    high = pd.to_numeric(raw["high"]).astype("Int64")
    place = raw["where_coordinates"].where(raw["where_coordinates"] != "", raw["adm_1"])
    deaths = best.astype(str) + " deaths (low " + low.astype(str) + ", high " + high.astype(str)
    events = pd.DataFrame(
        {
            "event_id": "ucdp-" + raw["id"],
            "dataset": "ucdp",
            "title": raw["side_a"] + " vs " + raw["side_b"] + " — " + place,
            "event_type": "armed_conflict",
            "start_date": start,
            "end_date": end.where(end != start),
            "date_precision": raw["date_prec"].map(DATE_PRECISION).fillna("day"),
            "date_stated": True,
            "status": "occurred",
            "format": "unknown",
            "location_id": None,
            "location_name": place,
            "latitude": pd.to_numeric(raw["latitude"]),
            "longitude": pd.to_numeric(raw["longitude"]),
            "geo_precision": "ucdp where_prec " + raw["where_prec"],
            "summary": (
                raw["type_of_violence"].map(TYPE_OF_VIOLENCE).fillna("organised")
                + " violence at "
                + place
                + " ("
                + raw["adm_1"].where(raw["adm_1"] != "", "admin area not given")
                + "): "
                + deaths
                + ")."
            ),
            "source_id": UCDP_SOURCE_ID,
            "quote": None,
            "provenance": raw["source_headline"],
            "external_id": raw["id"],
            "deaths_best": best,
            "deaths_low": low,
            "deaths_high": high,
            "note": "Coded by UCDP GED 22.1; deaths are UCDP's best/low/high estimates.",
        }
    )
    mapping = dict(zip(actor_map["ucdp_name"], actor_map["actor_id"], strict=True))
    links = []
    for col in ("side_a", "side_b"):
        ids = raw[col].map(lambda n: mapping.get(n) or _slug(n))
        links.append(pd.DataFrame({"event_id": events["event_id"], "actor_id": ids}))
    event_actors = pd.concat(links, ignore_index=True)
    event_actors["role"] = "participant"
    event_actors = event_actors.drop_duplicates()

    known = actor_map[actor_map["name"].fillna("") != ""]
    new_actors = pd.DataFrame(
        {
            "actor_id": known["actor_id"],
            "name": known["name"],
            "kind": known["kind"],
            "parent_actor_id": known["parent_actor_id"].replace("", None),
            "side": known["side"],
            "note": known["note"],
        }
    )
    unmapped = sorted((set(raw["side_a"]) | set(raw["side_b"])) - set(mapping))
    if unmapped:
        new_actors = pd.concat(
            [
                new_actors,
                pd.DataFrame(
                    {
                        "actor_id": [_slug(n) for n in unmapped],
                        "name": unmapped,
                        "kind": "group",
                        "parent_actor_id": None,
                        "side": "other",
                        "note": "UCDP side name, not matched to a known actor.",
                    }
                ),
            ],
            ignore_index=True,
        )
    new_actors["source_id"] = UCDP_SOURCE_ID
    new_actors["dataset"] = "ucdp"
    return events, event_actors, new_actors
