"""Command line: ``python -m crisis COMMAND`` (validate, show, build-db, import, synth,
extract, evaluate-extraction)."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from crisis.extract import cli as extract_cli
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

    imp = sub.add_parser(
        "import",
        help="import an ACLED export, a UCDP GED file or a native events file",
        description="Import a file as a new dataset. With --db the database file is created "
        "from the bundled data when missing and the import is saved in it; without --db the "
        "file is imported into a throwaway in-memory copy and only the report is printed.",
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--format", required=True, choices=("acled", "ucdp", "native"))
    imp.add_argument("--db", type=Path, help="the database file to import into")
    imp.add_argument("--dataset", help="the new dataset's name (default: from the file name)")
    imp.add_argument(
        "--rejects",
        type=Path,
        help="where to write rejected rows (default: <file stem>.rejected.csv beside the file)",
    )
    imp.add_argument("--data", type=Path, default=DATA_DIR, help="the data directory")

    syn = sub.add_parser(
        "synth",
        help="write a synthetic ACLED or UCDP GED file (clearly labelled, not real events)",
    )
    syn.add_argument("--format", required=True, choices=("acled", "ucdp"))
    syn.add_argument("--rows", type=int, required=True)
    syn.add_argument("--seed", type=int, default=0)
    syn.add_argument("--out", type=Path, help="the file to write (default: in this folder)")
    syn.add_argument(
        "--quirks",
        action="store_true",
        help="CRLF line ends, re-saved and ISO dates, and 3%% bad rows an import must reject",
    )
    syn.add_argument(
        "--layout",
        choices=("current", "old"),
        default="current",
        help="ACLED: the current 31 columns or the layout before March 2023",
    )
    syn.add_argument("--hdx", action="store_true", help="UCDP: HDX's variant (iso3, HXL row)")
    extract_cli.add_parsers(sub)  # extract, evaluate-extraction (issue 6)
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
            if args.csv:
                ids = list(frame["event_id"])
                store_links = store.event_actors(ids if len(ids) <= 5000 else None)
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
        if args.table == "events":
            frame = frame.assign(actors=_actor_cells(store_links, frame))
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


def _actor_cells(links: pd.DataFrame, events: pd.DataFrame) -> list[str]:
    """Each event's actors for the native layout: ``id`` or ``id [role]``, ``;``-separated."""
    if links.empty:
        return [""] * len(events)
    role = links["role"].astype(str)
    entry = (
        links["actor_id"]
        .astype(str)
        .where(role == "participant", links["actor_id"].astype(str) + " [" + role + "]")
    )
    cells = entry.groupby(links["event_id"]).agg(";".join)
    return [cells.get(e, "") for e in events["event_id"]]


def cmd_build(args: argparse.Namespace, out) -> int:
    if args.db.exists():
        print(f"{args.db} exists; remove it first", file=sys.stderr)
        return 2
    store = Store.bundled(args.data, db_path=args.db)
    counts = store.table_counts()
    store.close()
    print(f"wrote {args.db}: " + ", ".join(f"{k} {v}" for k, v in counts.items()), file=out)
    return 0


def _progress(stream):
    """A progress line rewritten in place: ``importing: mapping rows 45%``."""
    state = {"width": 0}

    def show(fraction: float, message: str) -> None:
        text = f"importing: {message} {fraction:.0%}"
        pad = max(state["width"] - len(text), 0)
        state["width"] = len(text)
        print("\r" + text + " " * pad, end="", file=stream, flush=True)

    return show


def _write_rejects(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def cmd_import(args: argparse.Namespace, out) -> int:
    from crisis.importers import ImportFailed

    path: Path = args.file
    rejects_path = args.rejects or path.with_name(f"{path.stem}.rejected.csv")
    if args.db:
        store = None
        try:
            store = Store.writable(args.db, args.data)
            store.table_counts()  # a crisis database, not any DuckDB file
        except (duckdb.Error, OSError) as err:
            if store is not None:
                store.close()
            first = str(err).strip().splitlines()[0]
            print(f"cannot import into {args.db}: {first}", file=sys.stderr)
            return 2
        target = f"saved in {args.db}"
    else:
        store = Store.bundled(args.data)
        target = (
            "not saved: no --db given, so the file was imported into a throwaway in-memory copy"
        )
    started = time.perf_counter()
    try:
        report = store.import_file(path, args.format, args.dataset, progress=_progress(sys.stderr))
    except ImportFailed as err:
        print("", file=sys.stderr)
        for problem in err.problems:
            print(problem, file=out)
        if err.rejects is not None and not err.rejects.empty:
            _write_rejects(err.rejects, rejects_path)
            print(f"the rejected rows are in {rejects_path}", file=out)
        print(f"import failed: nothing was imported from {path.name}", file=out)
        return 1
    finally:
        store.close()
    print("", file=sys.stderr)
    report.seconds = time.perf_counter() - started
    print(report.summary(), file=out)
    for note in report.notes:
        print(f"note: {note}", file=out)
    if report.rows_rejected:
        _write_rejects(report.rejects, rejects_path)
        print(
            f"warning: {report.rows_rejected:,} row(s) rejected; they are in {rejects_path} "
            "(line, column, value, reason, expected, then the row's fields)",
            file=out,
        )
    print(f"dataset '{report.dataset}' {target}", file=out)
    if args.db:
        print(
            f"check it: python -m crisis show events --db {args.db} --dataset {report.dataset}",
            file=out,
        )
    return 0


def cmd_synth(args: argparse.Namespace, out) -> int:
    from crisis import synth

    if args.rows < 1:
        print("--rows must be at least 1", file=sys.stderr)
        return 2
    options = {"layout": args.layout} if args.format == "acled" else {"hdx": args.hdx}
    target = args.out or Path(synth.default_name(args.format, args.rows, args.seed, args.quirks))
    started = time.perf_counter()
    synth.write(args.format, args.rows, args.seed, target, quirks=args.quirks, **options)
    print(
        f"wrote {target}: {args.rows:,} rows of synthetic {args.format.upper()} data "
        f"(seed {args.seed}{', with quirks' if args.quirks else ''}; not real events) "
        f"in {time.perf_counter() - started:.1f} s",
        file=out,
    )
    return 0


COMMANDS = {
    "validate": cmd_validate,
    "show": cmd_show,
    "build-db": cmd_build,
    "import": cmd_import,
    "synth": cmd_synth,
}


def main(argv: list[str] | None = None, out=None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        if args.command in extract_cli.COMMANDS:
            return extract_cli.run(args, out)
        return COMMANDS[args.command](args, out)
    except ValidationFailed as err:
        print(
            f"the data is not valid ({len(err.problems)} problems); run: python -m crisis validate",
            file=sys.stderr,
        )
        return 1
    except FileNotFoundError as err:
        print(str(err), file=sys.stderr)
        return 2
