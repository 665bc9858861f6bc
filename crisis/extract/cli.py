"""``python -m crisis extract`` and ``python -m crisis evaluate-extraction``.

Wire into ``crisis/cli.py`` with ``add_parsers(sub)`` on its subparsers and dispatch
``extract`` / ``evaluate-extraction`` to :func:`run`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

import pandas as pd

from crisis.loader import DATA_DIR

COMMANDS = ("extract", "evaluate-extraction")
TABLES = ("events", "figures", "locations", "actors")

# CSV layouts: the columns of data/*.csv (figures: troops.csv/casualties.csv plus ``kind``),
# each candidate with its verbatim ``quote`` and a ``confidence``
CSV_COLUMNS = {
    "events": [
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
        "confidence",
        "why",
    ],
    "figures": [
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
        "confidence",
    ],
    "locations": [
        "name",
        "kind",
        "latitude",
        "longitude",
        "precision",
        "country",
        "stated_in_source",
        "location_id",
        "gazetteer",
        "source_id",
        "quote",
        "note",
        "confidence",
    ],
    "actors": [
        "name",
        "kind",
        "title",
        "parent_actor_id",
        "side",
        "evidence",
        "source_id",
        "quote",
        "confidence",
    ],
}
TEXT_COLUMNS = {
    "events": [
        "start_date",
        "end_date",
        "event_type",
        "status",
        "format",
        "confidence",
        "title",
        "why",
    ],
    "figures": [
        "kind",
        "qualifier",
        "value_low",
        "value_high",
        "unit",
        "reported_by",
        "confidence",
    ],
    "locations": [
        "name",
        "kind",
        "latitude",
        "longitude",
        "precision",
        "location_id",
        "confidence",
    ],
    "actors": ["name", "kind", "title", "evidence", "confidence"],
}


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Register ``extract`` and ``evaluate-extraction`` on a CLI's subparsers."""
    ex = subparsers.add_parser(
        "extract", help="propose events, figures, places and new actors from a news article"
    )
    ex.add_argument("article", type=Path, help="a plain-text (UTF-8) news article")
    ex.add_argument(
        "--published",
        type=_iso_date,
        required=True,
        metavar="YYYY-MM-DD",
        help="the article's publication date (resolves 'January 4', 'on Monday', 'yesterday')",
    )
    ex.add_argument(
        "--table",
        choices=TABLES,
        default=None,
        help="one table only (default: all; with --csv: events)",
    )
    ex.add_argument("--csv", action="store_true", help="CSV with a header row")
    ex.add_argument("--data", type=Path, default=DATA_DIR, help="the data directory")
    ev = subparsers.add_parser(
        "evaluate-extraction",
        help="score the extractor on the founding article against the curated tables",
    )
    ev.add_argument("--data", type=Path, default=DATA_DIR, help="the data directory")
    ev.add_argument("--quiet", action="store_true", help="the table only, no missed/extra rows")
    ev.add_argument(
        "--set",
        choices=("founding", "dev"),
        default="founding",
        help="founding: the founding article against the curated tables (default); dev: the "
        "real articles of tests/fixtures/articles/dev, blind2, blind3 and blind4 against their "
        "gold, "
        "by split",
    )


def csv_frame(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """A candidate table in its CSV layout (columns above; whole numbers stay whole)."""
    out = frame.copy()
    if table == "locations":
        out["stated_in_source"] = "true"
    if table == "events":
        out["date_stated"] = out["date_stated"].map(lambda b: "true" if b else "false")
    if table == "figures":
        for col in ("value_low", "value_high"):
            out[col] = pd.array(out[col], dtype="Int64")
    return out[CSV_COLUMNS[table]]


def cmd_extract(args: argparse.Namespace, out: TextIO) -> int:
    from crisis.extract import ExtractionError, default_gazetteer, extract, read_actors

    path: Path = args.article
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        print(f"{path}: no such file", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"{path}: not UTF-8 text; save the article as UTF-8 plain text", file=sys.stderr)
        return 2
    try:
        result = extract(raw, args.published, read_actors(args.data), default_gazetteer(args.data))
    except ExtractionError as err:
        print(f"{path}: {err}", file=sys.stderr)
        return 2
    frames = result.frames()
    if args.csv:
        table = args.table or "events"
        csv_frame(frames[table], table).to_csv(out, index=False, lineterminator="\n")
        return 0
    for message in result.messages:
        print(f"note: {message}", file=out)
    print(f"source_id for these rows: {result.source_id}", file=out)
    for table in [args.table] if args.table else TABLES:
        frame = frames[table]
        print(f"\n{table} ({len(frame)} candidates)", file=out)
        if frame.empty:
            print("  none", file=out)
            continue
        shown = csv_frame(frame, table) if table == "figures" else frame
        with pd.option_context("display.max_colwidth", 70, "display.width", 200):
            print(shown[TEXT_COLUMNS[table]].to_string(index=False), file=out)
    return 0


def cmd_evaluate(args: argparse.Namespace, out: TextIO) -> int:
    from crisis.extract.evaluate import FOUNDING, FOUNDING_PUBLISHED, evaluate, format_scores

    if getattr(args, "set", "founding") == "dev":
        from crisis.extract.devset import ARTICLES_DIR, DEV_DIRS, evaluate_dev, format_dev

        scores = evaluate_dev(args.data)
        where = ", ".join(str(d.relative_to(ARTICLES_DIR.parents[2])) for d in DEV_DIRS)
        print(
            f"Extractor on the dev set ({len(scores)} real articles in {where}) "
            "against the hand-annotated gold:",
            file=out,
        )
        print(format_dev(scores, detail=not args.quiet), file=out)
        return 0

    scores = evaluate(args.data)
    print(
        f"Extractor on {FOUNDING} (published {FOUNDING_PUBLISHED.isoformat()}) against the "
        "curated tables:",
        file=out,
    )
    print(format_scores(scores, detail=not args.quiet), file=out)
    return 0


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run ``extract`` or ``evaluate-extraction`` (``args.command``); returns the exit code."""
    out = out or sys.stdout
    if args.command == "extract":
        return cmd_extract(args, out)
    if args.command == "evaluate-extraction":
        return cmd_evaluate(args, out)
    raise ValueError(f"not an extraction command: {args.command!r}")
