"""Command line: ``python -m crisis validate|show|build-db``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from crisis.filters import Filters
from crisis.loader import DATA_DIR, load_tables
from crisis.schema import ValidationFailed
from crisis.store import Store

SHOW_TABLES = ("events", "actors", "locations", "troops", "casualties")
SHOW_COLUMNS = {
    "events": [
        "event_id",
        "dataset",
        "start_date",
        "end_date",
        "event_type",
        "status",
        "title",
        "location_name",
    ],
    "actors": ["actor_id", "label", "kind", "side", "dataset"],
    "locations": ["location_id", "name", "kind", "latitude", "longitude", "stated_in_source"],
    "troops": ["figure_id", "reported_on", "qualifier", "value_low", "value_high", "reported_by"],
    "casualties": [
        "figure_id",
        "reported_on",
        "qualifier",
        "value_low",
        "value_high",
        "reported_by",
    ],
}


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m crisis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    val = sub.add_parser("validate", help="check the bundled tables; exit 1 on any problem")
    val.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR)

    show = sub.add_parser("show", help="print the rows a filter keeps")
    show.add_argument("table", choices=SHOW_TABLES)
    show.add_argument("--actor", action="append", default=[], metavar="ID")
    show.add_argument("--from", dest="start", type=_iso_date, metavar="DATE")
    show.add_argument("--to", dest="end", type=_iso_date, metavar="DATE")
    show.add_argument("--type", action="append", default=[], metavar="T")
    show.add_argument("--status", action="append", default=[], metavar="S")
    show.add_argument("--dataset", action="append", default=[], metavar="D")
    show.add_argument("--db", type=Path, help="a database file (default: the bundled data)")
    show.add_argument("--data", type=Path, default=DATA_DIR, help="the data directory")
    show.add_argument("--csv", action="store_true", help="CSV with a header row, all columns")
    show.add_argument("--limit", type=int, default=None)

    build = sub.add_parser("build-db", help="write the bundled data into a DuckDB file")
    build.add_argument("db", type=Path)
    build.add_argument("--data", type=Path, default=DATA_DIR)
    return parser


def cmd_validate(args: argparse.Namespace, out) -> int:
    try:
        tables = load_tables(args.data_dir)
    except ValidationFailed as err:
        for problem in err.problems:
            print(problem, file=out)
        print(f"{len(err.problems)} problem(s) found in {args.data_dir}", file=out)
        return 1
    for name, count in tables.counts().items():
        print(f"{name:<14} {count:>6} rows", file=out)
    print("all tables valid", file=out)
    return 0


def _open_store(args: argparse.Namespace) -> Store:
    return Store.open(args.db, args.data) if args.db else Store.bundled(args.data)


def cmd_show(args: argparse.Namespace, out) -> int:
    filters = Filters(
        actors=tuple(args.actor),
        start=args.start,
        end=args.end,
        event_types=tuple(args.type),
        statuses=tuple(args.status),
        datasets=tuple(args.dataset),
    )
    store = _open_store(args)
    try:
        if args.table == "events":
            known = set(store.actors()["actor_id"])
            unknown = [a for a in args.actor if a not in known]
            if unknown:
                print(f"unknown actor id(s): {', '.join(unknown)}", file=sys.stderr)
                return 2
            frame = store.events(filters, limit=args.limit)
        elif args.table == "actors":
            frame = store.actors()
        elif args.table == "locations":
            frame = store.locations()
        else:
            frame = store.figures(args.table)
    finally:
        store.close()
    if args.limit is not None:
        frame = frame.head(args.limit)
    if args.csv:
        frame.to_csv(out, index=False, lineterminator="\n")
        return 0
    cols = [c for c in SHOW_COLUMNS[args.table] if c in frame.columns]
    if frame.empty:
        print("no rows match", file=out)
        return 0
    with pd.option_context("display.max_colwidth", 60, "display.width", 200):
        print(frame[cols].to_string(index=False), file=out)
    print(f"({len(frame)} rows)", file=out)
    return 0


def cmd_build(args: argparse.Namespace, out) -> int:
    if args.db.exists():
        print(f"{args.db} exists; remove it first", file=sys.stderr)
        return 2
    store = Store.bundled(args.data, db_path=args.db)
    counts = store.table_counts()
    store.close()
    print(f"wrote {args.db}: " + ", ".join(f"{k} {v}" for k, v in counts.items()), file=out)
    return 0


def main(argv: list[str] | None = None, out=None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args, out)
        if args.command == "show":
            return cmd_show(args, out)
        return cmd_build(args, out)
    except ValidationFailed as err:
        print(
            f"the data is not valid ({len(err.problems)} problems); run: python -m crisis validate",
            file=sys.stderr,
        )
        return 1
    except FileNotFoundError as err:
        print(str(err), file=sys.stderr)
        return 2
