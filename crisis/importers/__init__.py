"""Import ACLED exports, UCDP GED files and native event files into the store, in DuckDB.

:func:`stage` reads one file into TEMP tables of the cursor it is given (per connection, so
concurrent imports do not collide) and :meth:`crisis.store.Store.import_file` copies them into
the store in one transaction:

- ``stage_events``, ``stage_actors`` (only actors the store does not know yet),
  ``stage_event_actors``, ``stage_sources`` and ``stage_source_texts`` (one row describing the
  import), in the store's own layouts;
- ``stage_rejects``: the rows that were not imported, with their line, column, value, reason
  and what was expected, followed by the fields the importer reads.

A whole-file problem (empty file, wrong delimiter, not UTF-8, a missing column, a file of the
other format, a dataset name already taken) raises :class:`ImportFailed` with one
:class:`~crisis.schema.Problem` per problem; nothing is staged. A problem in a row (an
unparseable date, coordinates out of range, a non-numeric count, a duplicate id, a missing
value) rejects that row only, and the report counts rejected rows by reason.

Line numbers count records the way a spreadsheet numbers rows: the header is line 1, the first
row line 2 (a quoted value with line breaks still counts as one line). All the work is SQL over
DuckDB's own CSV reader; no Python loop touches the rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from crisis.importers.layouts import (
    LAYOUTS,
    ROLE_RE,
    Check,
    Context,
    Layout,
    ident,
    macros_sql,
    q,
)
from crisis.loader import DATA_DIR
from crisis.schema import Problem
from crisis.store import ACTOR_COLUMNS, EVENT_COLUMNS

__all__ = [
    "FORMATS",
    "ImportFailed",
    "ImportReport",
    "LAYOUTS",
    "default_dataset_name",
    "stage",
    "stage_bundled_ucdp",
]

FORMATS: tuple[str, ...] = tuple(LAYOUTS)
ALIASES_FILE = DATA_DIR / "importers" / "actor_aliases.csv"
HEAD_BYTES = 1 << 20
DATASET_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")
REJECTS_KEPT = 100_000  # rejected rows kept in the report (all are counted)
SOURCE_COLUMNS = (
    "source_id VARCHAR, title VARCHAR, outlet VARCHAR, published TIMESTAMP, url VARCHAR, "
    "kind VARCHAR, note VARCHAR"
)
CSV_ERRORS = {
    "MISSING COLUMNS": ("wrong number of fields", "as many fields as the header has"),
    "TOO MANY COLUMNS": ("wrong number of fields", "as many fields as the header has"),
    "UNQUOTED VALUE": (
        "unclosed quote",
        'a quoted value closed by a quote (write a quote inside a value as "")',
    ),
    "LINE SIZE OVER MAXIMUM": ("line too long", "a row shorter than 2 MB"),
}

Progress = Callable[[float, str], None]


class ImportFailed(ValueError):
    """The whole file cannot be imported; ``problems`` says why (file, line, column, expected)."""

    def __init__(self, problems: list[Problem], rejects: pd.DataFrame | None = None):
        self.problems = problems
        self.rejects = rejects  # when every row was rejected: the rows, as in ImportReport
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ImportReport:
    """What an import did: rows read, imported and rejected (with reasons), new actors."""

    dataset: str
    fmt: str
    path: Path
    rows_read: int
    rows_imported: int
    rows_rejected: int
    reasons: dict[str, int]
    new_actors: int
    seconds: float
    rejects: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)

    def rejects_frame(self) -> pd.DataFrame:
        """The rejected rows: line, column, value, reason, expected, then the row's fields."""
        return self.rejects

    def summary(self) -> str:
        label = LAYOUTS[self.fmt].label if self.fmt in LAYOUTS else self.fmt
        text = (
            f"Imported {self.rows_imported:,} of {self.rows_read:,} rows of {self.path.name} "
            f"({label}) as dataset '{self.dataset}'"
        )
        if self.rows_rejected:
            why = ", ".join(f"{n:,} {reason}" for reason, n in self.reasons.items())
            text += f"; rejected {self.rows_rejected:,} ({why})"
        text += f"; {self.new_actors:,} new actor{'s' if self.new_actors != 1 else ''}"
        return text + f"; {self.seconds:.1f} s."


# -- the file as a whole -----------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    """The header of a file and what its first lines say about it."""

    columns: tuple[str, ...]  # normalised: trimmed, lower case, unique
    hxl: bool  # HDX's hashtag row under the header
    whole_file: bool  # the head read is the whole file
    data_rows_in_head: int


def _fail(name: str, expected: str, line: int | None = None, column=None, value=None):
    raise ImportFailed([Problem(name, line, column, value, expected)])


def _records(text: str, limit: int) -> list[list[str]]:
    # a note may be hundreds of thousands of characters long: lift the csv module's 128 KiB cap
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=",", quotechar='"')
    out = []
    try:
        for row in reader:
            out.append(row)
            if len(out) >= limit:
                break
    except csv.Error:
        pass
    return out


def inspect_file(path: Path) -> Head:
    """Check the file as a whole (exists, not empty, UTF-8, comma-separated) and read its header."""
    name = path.name
    if not path.is_file():
        _fail(name, "an existing CSV file")
    with path.open("rb") as f:
        head = f.read(HEAD_BYTES)
        whole = len(head) < HEAD_BYTES or not f.read(1)
    if not head.strip():
        _fail(name, "a CSV file with a header row and at least one row: the file is empty")
    for bom, enc in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if head.startswith(bom):
            _fail(name, f"UTF-8 text: the file is {enc} encoded, not UTF-8")
    try:
        text = codecs.getincrementaldecoder("utf-8")("strict").decode(head, final=whole)
    except UnicodeDecodeError as err:
        line = head[: err.start].count(b"\n") + 1
        byte = f"byte 0x{head[err.start]:02X}"
        _fail(name, "UTF-8 text: the file is not UTF-8 encoded", line, None, byte)
    text = text.removeprefix("\ufeff")
    if "\x00" in text[:4096]:
        _fail(name, "UTF-8 text: the file is not UTF-8 encoded (it holds NUL bytes)")
    records = _records(text, 4)
    if not records or not any(cell.strip() for cell in records[0]):
        _fail(name, "a CSV file with a header row and at least one row: the file is empty")
    header = records[0]
    if len(header) == 1:
        first_line = text.splitlines()[0]
        for delim, label in ((";", "semicolon"), ("\t", "tab"), ("|", "vertical bar")):
            if delim in first_line:
                _fail(
                    name,
                    f"fields separated by commas (','); this file separates them by {label}s "
                    f"({delim!r}): export it again as comma-separated CSV",
                    1,
                )
    columns: list[str] = []
    for i, raw in enumerate(header):
        col = raw.strip().lower() or f"column_{i + 1}"
        base, n = col, 2
        while col in columns:
            col, n = f"{base}_{n}", n + 1
        columns.append(col)
    rows = records[1:]
    hxl = bool(rows) and not rows[0][0].strip() and any(c.startswith("#") for c in rows[0])
    return Head(tuple(columns), hxl, whole, len(rows) - int(hxl))


def check_layout(path: Path, head: Head, layout: Layout) -> None:
    """Fail when the header lacks a required column; say so when it is another format's file."""
    cols = set(head.columns)
    missing = [c for c in layout.required if c not in cols]
    if not missing:
        return
    for other in LAYOUTS.values():
        if other is not layout and other.signature <= cols:
            _fail(
                path.name,
                f"{layout.a_label}: this looks like {other.a_label}; choose format {other.name}",
                1,
            )
    raise ImportFailed(
        [
            Problem(path.name, 1, c, None, f"a column {c!r} in the header ({layout.label})")
            for c in missing
        ]
    )


def default_dataset_name(path: Path, fmt: str) -> str:
    """A dataset name from the file name: ``Acled Ukraine.csv`` -> ``acled-ukraine``,
    ``2022.csv`` -> ``acled-2022`` (the format first when the name does not start with it)."""
    stem = re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-._")[:48] or "import"
    return stem if stem.startswith(fmt) else f"{fmt}-{stem}"


def check_dataset(name: str, path: Path, known: list[str]) -> None:
    if not DATASET_RE.match(name):
        _fail(
            path.name,
            "a dataset name of lower-case letters, digits, '.', '-' or '_' (at most 63, "
            "starting with a letter or digit)",
            None,
            "dataset",
            name,
        )
    if name in known:
        _fail(
            path.name,
            "a dataset name that is not in the store yet: choose another name",
            None,
            "dataset",
            name,
        )


# -- reading -----------------------------------------------------------------------------------


def _read(
    cur, path: Path, head: Head, layout: Layout, ctx: Context, notes: list[str]
) -> list[Check]:
    """Read the file into ``stage_raw`` in one pass: the used columns as text, their parsed
    dates (``d_*``) and numbers (``n_*``), and ``check_no``, the first check the row fails
    (NULL: the row is kept). The reader's own rejects go to ``stage_csv_errors``."""
    used = [c for c in layout.used if c in head.columns]
    checks = layout.checks(ctx)
    whens = " ".join(f"WHEN {c.bad} THEN {i}" for i, c in enumerate(checks))
    parsed = layout.parsed_sql(ctx)
    params = {"path": str(path), "cols": {c: "VARCHAR" for c in head.columns}}
    last: Exception | None = None
    for strict in (True, False):
        cur.execute("DROP TABLE IF EXISTS stage_csv_errors")
        cur.execute("DROP TABLE IF EXISTS stage_csv_scans")
        try:
            cur.execute(
                f"""
                CREATE OR REPLACE TEMP TABLE stage_raw AS
                SELECT *, CASE {whens} END AS check_no, CAST(NULL AS BIGINT) AS first_rec
                FROM (
                    SELECT {", ".join(ident(c) for c in used)}, {", ".join(parsed)}
                    FROM read_csv($path, auto_detect = false, header = true, columns = $cols,
                        delim = ',', quote = '"', escape = '"',
                        strict_mode = {str(strict).lower()}, store_rejects = true,
                        rejects_table = 'stage_csv_errors', rejects_scan = 'stage_csv_scans')
                )
                """,
                params,
            )
        except duckdb.Error as err:
            last = err
            if "utf-8" in str(err).lower() or "unicode" in str(err).lower():
                _fail(path.name, "UTF-8 text: the file is not UTF-8 encoded")
            continue
        if not strict:
            notes.append(
                "The file is not strict RFC 4180 CSV (mixed line ends or stray quotes); it was "
                "read leniently, and a row with more fields than the header keeps the first ones."
            )
        if head.hxl:  # HDX's hashtag row: neither an event nor a reject
            cur.execute("UPDATE stage_raw SET check_no = -1 WHERE rowid = 0")
        return checks
    message = str(last).strip().splitlines()[0] if last else "unknown error"
    _fail(path.name, f"a CSV file that can be read: {message}")
    return checks


def _csv_errors(cur, path: Path) -> None:
    """Collect the reader's rejected lines; a bad encoding fails the whole file."""
    enc = cur.execute(
        "SELECT min(line) FROM stage_csv_errors WHERE error_type = 'INVALID ENCODING'"
    ).fetchone()[0]
    if enc is not None:
        _fail(path.name, "UTF-8 text: the file is not UTF-8 encoded", int(enc))
    cases = " ".join(
        f"WHEN {q(k)} THEN {{'reason': {q(v[0])}, 'expected': {q(v[1])}}}"
        for k, v in CSV_ERRORS.items()
    )
    cur.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stage_csv_bad AS
        SELECT line, line - (row_number() OVER (ORDER BY line) - 1) AS adj,
               why.reason AS reason, why.expected AS expected, value
        FROM (
            SELECT line, value, coalesce(CASE error_type {cases} END,
                       {{'reason': 'malformed row', 'expected': 'a well-formed CSV row'}}) AS why
            FROM (
                SELECT CAST(line AS BIGINT) AS line,
                       first(error_type ORDER BY column_idx) AS error_type,
                       trim(first(csv_line), chr(13) || chr(10)) AS value
                FROM stage_csv_errors GROUP BY line
            )
        )
        """
    )


def _line_sql(rec: str) -> str:
    """The file line (record number, header = 1) of stage_raw's row ``rec``."""
    return f"({rec} + 2 + (SELECT count(*) FROM stage_csv_bad WHERE adj <= {rec} + 2))"


# -- rows --------------------------------------------------------------------------------------


def _check_duplicates(cur, ctx: Context, checks: list[Check]) -> None:
    """A repeated id: the first good row keeps it, later ones are rejected."""
    dup_no = len(checks)
    checks.append(Check(ctx.id_column, "", "duplicate event id", "an id used by one row only"))
    key = f"trim({ident(ctx.id_column)})"
    cur.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stage_dups AS
        SELECT {key} AS k, min(rowid) AS first_rec FROM stage_raw WHERE check_no IS NULL
        GROUP BY ALL HAVING count(*) > 1
        """
    )
    if cur.execute("SELECT count(*) FROM stage_dups").fetchone()[0]:
        cur.execute(
            f"""
            UPDATE stage_raw SET check_no = {dup_no}, first_rec = d.first_rec
            FROM (SELECT r.rowid AS rec, d.first_rec FROM stage_raw r
                  JOIN stage_dups d ON d.k = trim(r.{ident(ctx.id_column)})
                  WHERE r.check_no IS NULL AND r.rowid > d.first_rec) AS d
            WHERE stage_raw.rowid = d.rec
            """
        )


KEPT = "WITH r AS (SELECT rowid AS rec, * FROM stage_raw WHERE check_no IS NULL) "


def _stage_events(cur, layout: Layout, ctx: Context) -> None:
    """``stage_events``: a view mapping the kept rows, typed as the store's events table.

    A view, not a table: the store's INSERT computes the rows once, straight into its own
    table, instead of writing a million rows twice."""
    cur.execute(f"CREATE OR REPLACE TEMP TABLE stage_event_types ({EVENT_COLUMNS})")
    types = cur.execute("SELECT column_name, column_type FROM (DESCRIBE stage_event_types)")
    cols = ", ".join(f"CAST({ident(n)} AS {t}) AS {ident(n)}" for n, t in types.fetchall())
    cur.execute(
        f"CREATE OR REPLACE TEMP VIEW stage_events AS SELECT {cols} FROM "
        f"({KEPT} SELECT {layout.events_sql(ctx)} FROM r)"
    )


# -- actors ------------------------------------------------------------------------------------


def load_mapping(path: Path, fmt: str) -> pd.DataFrame:
    """The name -> actor mapping rows that apply to ``fmt`` (format-specific rows first)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    frame = frame[frame["format"].isin(["", fmt])].copy()
    frame["key"] = frame["name"].str.strip().str.lower()
    frame = frame.sort_values("format", ascending=False).drop_duplicates("key")
    return frame


def _bundled_mapping(path: Path) -> pd.DataFrame:
    """data/ucdp/actor_map.csv as mapping rows (explicit ids, also for new actors)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return pd.DataFrame(
        {
            "key": frame["ucdp_name"].str.strip().str.lower(),
            "actor_id": frame["actor_id"],
            "display_name": frame["name"],
            "parent_actor_id": frame["parent_actor_id"],
            "side": frame["side"],
            "kind": frame["kind"],
            "note": frame["note"],
        }
    )


def _stage_actors(
    cur,
    layout: Layout,
    ctx: Context,
    known_actors: str,
    mapping: pd.DataFrame,
    actor_prefix: str,
) -> None:
    columns = layout.actor_columns(ctx)
    entries = layout.actors_sql(ctx)
    if layout.roles:
        name = f"CASE WHEN regexp_matches(entry, {q(ROLE_RE)}) "
        name += f"THEN regexp_extract(entry, {q(ROLE_RE)}, 1) ELSE entry END"
        role = f"CASE WHEN regexp_matches(entry, {q(ROLE_RE)}) "
        role += f"THEN regexp_extract(entry, {q(ROLE_RE)}, 2) ELSE 'participant' END"
    else:
        name, role = "entry", "'participant'"
    # the distinct combinations of a row's actor columns are few (ACLED: hundreds for a
    # million rows); entries are resolved per combination, then joined back to the rows
    if columns:
        listed = ", ".join(ident(c) for c in columns)
        cur.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE stage_combos AS
            SELECT row_number() OVER () AS combo, {listed}, {entries} AS entries
            FROM ({KEPT} SELECT DISTINCT {listed} FROM r)
            """
        )
    else:
        cur.execute("CREATE OR REPLACE TEMP TABLE stage_combos (combo BIGINT, entries VARCHAR[])")
    cur.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stage_entries AS
        SELECT entry, trim({name}) AS name, {role} AS role
        FROM (SELECT DISTINCT unnest(entries) AS entry FROM stage_combos)
        """
    )
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE stage_names AS SELECT DISTINCT name FROM stage_entries"
    )
    cols = ("key", "actor_id", "display_name", "parent_actor_id", "side", "kind", "note")
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE stage_alias_map ("
        + ", ".join(f"{c} VARCHAR" for c in cols)
        + ")"
    )
    rows = [
        tuple((str(row.get(c, "")) or None) for c in cols) for row in mapping.to_dict("records")
    ]
    if rows:
        cur.executemany(
            f"INSERT INTO stage_alias_map VALUES ({', '.join('?' for _ in cols)})", rows
        )
    # every way the store names a known actor: its id, its name, its aliases
    cur.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stage_known_keys AS
        SELECT key, arg_min(actor_id, rank) AS actor_id FROM (
            SELECT lower(actor_id) AS key, actor_id, '0' || actor_id AS rank FROM {known_actors}
            UNION ALL
            SELECT lower(trim(name)), actor_id,
                   CASE WHEN dataset = 'article' THEN '1' ELSE '3' END || actor_id
            FROM {known_actors}
            UNION ALL
            SELECT lower(trim(alias)), actor_id,
                   CASE WHEN dataset = 'article' THEN '2' ELSE '4' END || actor_id
            FROM (SELECT actor_id, dataset,
                         unnest(string_split(coalesce(aliases, ''), ';')) AS alias
                  FROM {known_actors})
        ) WHERE key <> '' GROUP BY key
        """
    )
    default_note = (
        f"Name as written in the {layout.label} {ctx.file_name}; not matched to a known actor."
    )
    cur.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stage_resolved AS
        WITH m AS (
            SELECT n.name, lower(n.name) AS key, a.actor_id AS mapped_id,
                   k.actor_id AS known_id, a.display_name, a.parent_actor_id, a.side, a.kind,
                   a.note,
                   nullif(trim(regexp_replace(lower(strip_accents(n.name)), '[^a-z0-9]+', '-',
                                              'g'), '-'), '') AS slug
            FROM stage_names n
            LEFT JOIN stage_alias_map a ON a.key = lower(n.name)
            LEFT JOIN stage_known_keys k ON k.key = lower(n.name)
        ),
        slugged AS (
            SELECT *, coalesce(slug, 'actor-' || left(md5(name), 8)) AS base,
                   row_number() OVER (PARTITION BY coalesce(slug, 'actor-' || left(md5(name), 8))
                                      ORDER BY name) AS nth
            FROM m
        )
        SELECT s.name,
               coalesce(s.mapped_id, s.known_id,
                        {q(actor_prefix)} || s.base
                            || CASE WHEN s.nth > 1 THEN '-' || s.nth ELSE '' END) AS actor_id,
               s.mapped_id IS NULL AND s.known_id IS NULL AS is_new_id,
               s.display_name, s.parent_actor_id, s.side, s.kind, s.note
        FROM slugged s
        """
    )
    # a made-up id that a known actor already has gets the name's hash
    cur.execute(
        f"""
        UPDATE stage_resolved SET actor_id = actor_id || '-' || left(md5(name), 6)
        WHERE is_new_id AND actor_id IN (SELECT actor_id FROM {known_actors})
        """
    )
    cur.execute(f"CREATE OR REPLACE TEMP TABLE stage_actors ({ACTOR_COLUMNS})")
    cur.execute(
        f"""
        INSERT INTO stage_actors BY NAME
        SELECT DISTINCT ON (r.actor_id)
               r.actor_id, coalesce(r.display_name, r.name) AS name,
               coalesce(r.kind, 'group') AS kind,
               p.actor_id AS parent_actor_id,
               coalesce(r.side, p.side, 'other') AS side,
               {q(ctx.source_id)} AS source_id,
               coalesce(r.note, {q(default_note)}) AS note,
               {q(ctx.dataset)} AS dataset
        FROM stage_resolved r
        LEFT JOIN {known_actors} p ON p.actor_id = r.parent_actor_id
        WHERE r.actor_id NOT IN (SELECT actor_id FROM {known_actors})
        ORDER BY r.actor_id, r.name
        """
    )
    cur.execute(
        """
        CREATE OR REPLACE TEMP TABLE stage_entry_ids AS
        SELECT e.entry, r.actor_id, e.role FROM stage_entries e JOIN stage_resolved r USING (name)
        """
    )
    cur.execute(
        """
        CREATE OR REPLACE TEMP TABLE stage_combo_actors AS
        -- DISTINCT: two entries of one row may stand for one actor ("Ukraine", "Kyiv")
        SELECT DISTINCT c.combo, e.actor_id, e.role
        FROM (SELECT combo, unnest(entries) AS entry FROM stage_combos) c
        JOIN stage_entry_ids e USING (entry)
        """
    )
    if columns:
        on = " AND ".join(f"c.{ident(x)} IS NOT DISTINCT FROM r.{ident(x)}" for x in columns)
        cur.execute(
            f"""
            CREATE OR REPLACE TEMP VIEW stage_event_actors AS
            SELECT l.event_id, a.actor_id, a.role
            FROM ({KEPT} SELECT {ctx.event_id} AS event_id, c.combo FROM r
                  JOIN stage_combos c ON {on}) l
            JOIN stage_combo_actors a USING (combo)
            """
        )
    else:
        cur.execute(
            "CREATE OR REPLACE TEMP VIEW stage_event_actors AS SELECT CAST(NULL AS VARCHAR) "
            "AS event_id, CAST(NULL AS VARCHAR) AS actor_id, CAST(NULL AS VARCHAR) AS role "
            "LIMIT 0"
        )


# -- rejects and the report ------------------------------------------------------------------


def _stage_rejects(cur, checks: list[Check], used: list[str]) -> None:
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE stage_checks (check_no INTEGER, column_name VARCHAR, "
        "reason VARCHAR, expected VARCHAR)"
    )
    cur.executemany(
        "INSERT INTO stage_checks VALUES (?, ?, ?, ?)",
        [(i, c.column, c.reason, c.expected) for i, c in enumerate(checks)],
    )
    value = (
        "CASE c.column_name "
        + " ".join(f"WHEN {q(col)} THEN b.{ident(col)}" for col in used)
        + " END"
    )
    fields = ", ".join(f"b.{ident(col)}" for col in used)
    rows = "(SELECT rowid AS rec, * FROM stage_raw WHERE check_no >= 0) AS b"
    cur.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stage_rejects AS
        SELECT CAST({_line_sql("b.rec")} AS INTEGER) AS line, c.column_name AS "column",
               {value} AS value, c.reason,
               CASE WHEN b.first_rec IS NOT NULL
                    THEN c.expected || ' (first used on line '
                         || CAST({_line_sql("b.first_rec")} AS VARCHAR) || ')'
                    ELSE c.expected END AS expected,
               {fields}
        FROM {rows} JOIN stage_checks c ON c.check_no = b.check_no
        UNION ALL BY NAME
        SELECT CAST(line AS INTEGER) AS line, CAST(NULL AS VARCHAR) AS "column", value, reason,
               expected
        FROM stage_csv_bad
        ORDER BY line
        """
    )


def _source_rows(cur, layout: Layout, ctx: Context, path: Path, counts: dict[str, Any]) -> None:
    now = datetime.now().replace(microsecond=0)
    synthetic = counts["synthetic"]
    title = f"{layout.label} {path.name}" + (" (synthetic data)" if synthetic else "")
    text = "\n".join(
        [
            f"Imported {layout.label}: {path.name}",
            "",
            f"Format: {layout.name}. Dataset name in the dashboard: {ctx.dataset}.",
            f"Imported on {now:%Y-%m-%d %H:%M}: {counts['read']:,} rows read, "
            f"{counts['imported']:,} imported, {counts['rejected']:,} rejected.",
            "Each event keeps the file's own id as external_id and the file's source text "
            "as its provenance; event types are mapped onto the dashboard's vocabulary and "
            "the original type is kept as original_type.",
            *(
                [
                    "This file labels itself as synthetic (SYNTHETIC DATA — not real events): "
                    "none of its rows is a real event."
                ]
                if synthetic
                else []
            ),
            "",
            "Licence: " + layout.licence,
        ]
    )
    cur.execute(f"CREATE OR REPLACE TEMP TABLE stage_sources ({SOURCE_COLUMNS})")
    cur.execute(
        "INSERT INTO stage_sources VALUES (?, ?, ?, NULL, NULL, 'dataset', ?)",
        [
            ctx.source_id,
            title,
            layout.outlet,
            f"Imported from {path.name} on {now:%Y-%m-%d}. {layout.licence}",
        ],
    )
    cur.execute("CREATE OR REPLACE TEMP TABLE stage_source_texts (source_id VARCHAR, text VARCHAR)")
    cur.execute("INSERT INTO stage_source_texts VALUES (?, ?)", [ctx.source_id, text])


def _empty_sources(cur) -> None:
    cur.execute(f"CREATE OR REPLACE TEMP TABLE stage_sources ({SOURCE_COLUMNS})")
    cur.execute("CREATE OR REPLACE TEMP TABLE stage_source_texts (source_id VARCHAR, text VARCHAR)")


# -- the pipeline ------------------------------------------------------------------------------


def _run(
    cur,
    path: Path,
    layout: Layout,
    ctx_args: dict[str, Any],
    known_actors: str,
    mapping: pd.DataFrame,
    actor_prefix: str,
    with_source: bool,
    progress: Progress | None,
    head: Head,
) -> ImportReport:
    started = time.perf_counter()
    say = progress or (lambda _f, _m: None)
    notes: list[str] = []
    cur.execute("SET enable_progress_bar = false")
    for sql in macros_sql():
        cur.execute(sql)
    say(0.05, "reading and checking rows")
    ctx = Context(columns=frozenset(head.columns), id_column=layout.id_column, **ctx_args)
    checks = _read(cur, path, head, layout, ctx, notes)
    _csv_errors(cur, path)
    first = 1 if head.hxl else 0
    raw_rows = cur.execute("SELECT count(*) FROM stage_raw").fetchone()[0] - first
    csv_bad = cur.execute("SELECT count(*) FROM stage_csv_bad").fetchone()[0]
    if raw_rows + csv_bad <= 0:
        _fail(path.name, "at least one row under the header: the file has no rows", 2)
    say(0.5, "checking ids")
    _check_duplicates(cur, ctx, checks)
    say(0.55, "mapping rows")
    _stage_events(cur, layout, ctx)
    say(0.6, "matching actors")
    _stage_actors(cur, layout, ctx, known_actors, mapping, actor_prefix)
    say(0.7, "collecting rejected rows")
    used = [c for c in layout.used if c in head.columns]
    _stage_rejects(cur, checks, used)

    imported = cur.execute("SELECT count(*) FROM stage_raw WHERE check_no IS NULL").fetchone()[0]
    reasons = dict(
        cur.execute(
            "SELECT reason, count(*) FROM stage_rejects GROUP BY reason ORDER BY 2 DESC, 1"
        ).fetchall()
    )
    rejected = sum(reasons.values())
    synthetic = False
    if layout.label_column and layout.label_column in head.columns:
        synthetic = bool(
            cur.execute(
                f"SELECT count(*) FROM (SELECT {ident(layout.label_column)} AS v FROM stage_raw "
                "LIMIT 1000) WHERE v LIKE 'SYNTHETIC%'"
            ).fetchone()[0]
        )
    if synthetic:
        notes.append("The file labels itself as synthetic data: none of its rows is a real event.")
    counts = {
        "read": raw_rows + csv_bad,
        "imported": imported,
        "rejected": rejected,
        "synthetic": synthetic,
    }
    if with_source:
        _source_rows(cur, layout, ctx, path, counts)
    else:
        _empty_sources(cur)
    rejects = cur.execute(f"SELECT * FROM stage_rejects ORDER BY line LIMIT {REJECTS_KEPT}").df()
    if rejected > REJECTS_KEPT:
        notes.append(f"Only the first {REJECTS_KEPT:,} of {rejected:,} rejected rows are kept.")
    if imported == 0:
        problems = [
            Problem(path.name, int(r.line), r.column, r.value, r.expected)
            for r in rejects.head(20).itertuples(index=False)
        ]
        problems.append(
            Problem(
                path.name,
                None,
                None,
                None,
                f"at least one row that can be imported: all {rejected:,} rows were rejected "
                f"({', '.join(f'{n:,} {why}' for why, n in reasons.items())})",
            )
        )
        raise ImportFailed(problems, rejects)
    new_actors = cur.execute("SELECT count(*) FROM stage_actors").fetchone()[0]
    say(0.75, "ready to save")
    return ImportReport(
        dataset=ctx.dataset,
        fmt=layout.name,
        path=path,
        rows_read=raw_rows + csv_bad,
        rows_imported=imported,
        rows_rejected=rejected,
        reasons=reasons,
        new_actors=new_actors,
        seconds=time.perf_counter() - started,
        rejects=rejects,
        notes=notes,
    )


def stage(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: str,
    dataset: str | None = None,
    known_actors: str = "actors",
    known_datasets: list[str] | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Stage one file for import into TEMP tables of ``cur`` (see the module docstring).

    ``known_actors`` is the store's actors table or view: names are matched to it by id, name
    or alias (case-insensitive), after the mapping in ``data/importers/actor_aliases.csv``.
    Raises :class:`ImportFailed` for a whole-file problem.
    """
    path = Path(path)
    if fmt not in LAYOUTS:
        _fail(path.name, f"a format among {', '.join(FORMATS)} (got {fmt!r})")
    layout = LAYOUTS[fmt]
    if progress:
        progress(0.0, "checking the file")
    head = inspect_file(path)
    check_layout(path, head, layout)
    if head.whole_file and head.data_rows_in_head <= 0:
        _fail(path.name, "at least one row under the header: the file has no rows", 2)
    name = dataset.strip().lower() if dataset else default_dataset_name(path, fmt)
    check_dataset(name, path, list(known_datasets or []))
    ctx_args = {
        "dataset": name,
        "id_prefix": f"{name}:",
        "source_id": f"import:{name}",
        "file_name": path.name,
    }
    mapping = load_mapping(ALIASES_FILE, fmt) if ALIASES_FILE.exists() else pd.DataFrame()
    return _run(
        cur,
        path,
        layout,
        ctx_args,
        known_actors,
        mapping,
        f"{name}:",
        True,
        progress,
        head,
    )


def stage_bundled_ucdp(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    actor_map: Path,
    known_actors: str = "actors",
    source_id: str = "ucdp-ged-22.1",
) -> ImportReport:
    """Stage the bundled UCDP GED file as dataset ``ucdp`` through the same code path.

    Ids keep the bundled convention (``ucdp-<id>``, actors from ``data/ucdp/actor_map.csv`` or
    ``ucdp-<slug>``) and the events cite the bundled source row; no source row is staged.
    """
    path = Path(path)
    head = inspect_file(path)
    check_layout(path, head, LAYOUTS["ucdp"])
    ctx_args = {
        "dataset": "ucdp",
        "id_prefix": "ucdp-",
        "source_id": source_id,
        "file_name": path.name,
        "note": "Coded by UCDP GED 22.1; deaths are UCDP's best/low/high estimates.",
    }
    return _run(
        cur,
        path,
        LAYOUTS["ucdp"],
        ctx_args,
        known_actors,
        _bundled_mapping(actor_map),
        "ucdp-",
        False,
        None,
        head,
    )
