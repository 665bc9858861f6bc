"""The DuckDB store: loads the validated tables and answers the pages' queries.

Every query takes a :class:`~crisis.filters.Filters` and uses parameterised SQL only. One store
is opened per process and shared; each query runs on its own cursor, so sessions on different
threads do not share a connection's state. Only query results cross into pandas.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from crisis import vocab
from crisis.filters import Filters
from crisis.loader import DATA_DIR, Tables, load_tables, load_tables_tolerant
from crisis.schema import Problem

UCDP_FILE = Path("ucdp") / "ged221_ukraine_2014_2021.csv"
UCDP_ACTOR_MAP = Path("ucdp") / "actor_map.csv"

GEO_FILES = {
    "line_of_contact": "ne_10m_donbass_line_of_contact.geojson",
    "line_of_contact_50m": "ne_50m_donbass_line_of_contact.geojson",
    "disputed": "ne_10m_disputed_donbass_crimea.geojson",
    "countries_region": "ne_50m_countries_ukr_rus_blr_neighbours.geojson",
    "countries_world": "ne_110m_admin_0_countries.geojson",
}

EVENT_COLUMNS = """
    event_id VARCHAR NOT NULL, dataset VARCHAR NOT NULL, title VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL, start_date DATE NOT NULL, end_date DATE, span_end DATE,
    date_precision VARCHAR, date_stated BOOLEAN, status VARCHAR, format VARCHAR,
    location_id VARCHAR, location_name VARCHAR, latitude DOUBLE, longitude DOUBLE,
    geo_precision VARCHAR, summary VARCHAR, source_id VARCHAR, quote VARCHAR, provenance VARCHAR,
    external_id VARCHAR, deaths_best INTEGER, deaths_low INTEGER, deaths_high INTEGER,
    original_type VARCHAR, note VARCHAR
"""
ACTOR_COLUMNS = """
    actor_id VARCHAR NOT NULL, name VARCHAR NOT NULL, kind VARCHAR, parent_actor_id VARCHAR,
    title VARCHAR, aliases VARCHAR, side VARCHAR, home_location_id VARCHAR, source_id VARCHAR,
    quote VARCHAR, note VARCHAR, dataset VARCHAR
"""

# The filter clause every event query shares. Parameters: actors, start, end, types,
# statuses, datasets. An actor matches itself and, recursively, every actor whose parent it is.
FILTER_CTE = """
WITH RECURSIVE sel(actor_id) AS (
    SELECT unnest(CAST($actors AS VARCHAR[]))
    UNION
    SELECT a.actor_id FROM {actors} a JOIN sel ON a.parent_actor_id = sel.actor_id
),
fe AS (
    SELECT e.* FROM {events} e
    WHERE (len(CAST($actors AS VARCHAR[])) = 0 OR e.event_id IN (
              SELECT ea.event_id FROM {event_actors} ea
              WHERE ea.actor_id IN (SELECT actor_id FROM sel)))
      AND (CAST($start AS DATE) IS NULL OR e.span_end >= CAST($start AS DATE))
      AND (CAST($end AS DATE) IS NULL OR e.start_date <= CAST($end AS DATE))
      AND (len(CAST($types AS VARCHAR[])) = 0
           OR list_contains(CAST($types AS VARCHAR[]), e.event_type))
      AND (len(CAST($statuses AS VARCHAR[])) = 0
           OR list_contains(CAST($statuses AS VARCHAR[]), e.status))
      AND (len(CAST($datasets AS VARCHAR[])) = 0
           OR list_contains(CAST($datasets AS VARCHAR[]), e.dataset))
)
"""


def filter_params(f: Filters) -> dict[str, Any]:
    return {
        "actors": list(f.actors),
        "start": f.start,
        "end": f.end,
        "types": list(f.event_types),
        "statuses": list(f.statuses),
        "datasets": list(f.datasets),
    }


# Tables a store reads. A root store reads them in its own catalog; an overlay reads views
# that union the root's rows with its own (``own_<table>``).
TABLES = (
    "events",
    "actors",
    "event_actors",
    "sources",
    "source_texts",
    "locations",
    "troops",
    "casualties",
)
OVERLAID = TABLES  # an overlay can add rows to every table (uploads, reviewed articles)

_LABEL_SQL = """
    SELECT a.actor_id, CASE
        WHEN a.kind IN ('person', 'group') AND p.name IS NOT NULL
            THEN a.name || ' (' || p.name || ')'
        ELSE a.name END AS label
    FROM {actors} a LEFT JOIN {actors} p ON p.actor_id = a.parent_actor_id
"""


class Store:
    """An embedded DuckDB database of the crisis tables.

    ``prefix`` qualifies the tables the store reads ("" for the connection's own catalog,
    ``"crisisdb.main."`` for an attached file, ``"ov_x."`` for a session overlay); ``own``
    names the tables it writes imports into.
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        data_dir: Path = DATA_DIR,
        prefix: str = "",
        own: dict[str, str] | None = None,
        overlay_name: str | None = None,
    ):
        self._con = con
        self.data_dir = Path(data_dir)
        self._prefix = prefix
        self._names = {t: f"{prefix}{t}" for t in TABLES}
        self._names["label_sql"] = _LABEL_SQL.format(**self._names)
        self._own = own
        self._overlay_name = overlay_name
        # what could not be loaded (tolerant mode): file, row, column, what was expected
        self.problems: list[Problem] = []

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def bundled(
        cls, data_dir: Path = DATA_DIR, db_path: str | Path = ":memory:", tolerant: bool = False
    ) -> Store:
        """Validate ``data_dir`` and load it (with the UCDP events) into a new database.

        Strict by default: any problem raises :class:`ValidationFailed`. With ``tolerant`` (the
        app), a damaged file or row is left out, the rest is loaded and ``problems`` says what
        is missing, so the dashboard still starts.
        """
        problems: list[Problem] = []
        if tolerant:
            tables, problems = load_tables_tolerant(data_dir)
        else:
            tables = load_tables(data_dir)
        con = duckdb.connect(str(db_path))
        store = cls(con, data_dir, own={t: t for t in OVERLAID})
        store.problems = problems
        store._create(tables, tolerant=tolerant)
        return store

    @classmethod
    def open(cls, db_path: str | Path, data_dir: Path = DATA_DIR) -> Store:
        """Open an existing database file read-only (several processes may share it).

        The file is attached to an in-memory database, so session overlays can still be added.
        """
        path = Path(db_path)
        if not path.exists():
            raise FileNotFoundError(f"no database at {path}")
        con = duckdb.connect(":memory:")
        try:
            con.execute("ATTACH $path AS crisisdb (READ_ONLY)", {"path": str(path)})
            missing = [
                t
                for t in TABLES
                if not con.execute(
                    "SELECT count(*) FROM duckdb_tables() "
                    "WHERE database_name = 'crisisdb' AND table_name = $t",
                    {"t": t},
                ).fetchone()[0]
            ]
        except duckdb.Error as exc:
            con.close()
            raise ValueError(f"{path} is not a readable DuckDB database: {exc}") from None
        if missing:
            con.close()
            raise ValueError(f"{path} is not a crisis database (missing {', '.join(missing)})")
        return cls(con, data_dir, prefix="crisisdb.main.")

    @classmethod
    def writable(cls, db_path: str | Path, data_dir: Path = DATA_DIR) -> Store:
        """Open a database file to import into; create it from the bundled data when missing."""
        path = Path(db_path)
        if not path.exists():
            return cls.bundled(data_dir, db_path=path)
        return cls(duckdb.connect(str(path)), data_dir, own={t: t for t in OVERLAID})

    def overlay(self) -> Store:
        """A writable layer over this store: imports into it are seen by it alone.

        Used for one session's uploads: the shared store is not changed, and the overlay's
        queries read the shared rows and its own. ``close()`` drops the layer.
        """
        name = f"ov_{secrets.token_hex(8)}"
        con = self._con
        # names inside a view bind in the view's own catalog: qualify the base tables fully
        prefix = self._prefix
        if not prefix:
            (catalog,) = con.execute("SELECT current_database()").fetchone()
            prefix = f'"{catalog}".main.'
        con.execute(f"ATTACH ':memory:' AS {name}")
        own = {}
        for t in TABLES:
            base = f"{prefix}{t}"
            if t in OVERLAID:
                own[t] = f"{name}.own_{t}"
                con.execute(f"CREATE TABLE {own[t]} AS SELECT * FROM {base} LIMIT 0")
                con.execute(
                    f"CREATE VIEW {name}.{t} AS SELECT * FROM {base} "
                    f"UNION ALL BY NAME SELECT * FROM {own[t]}"
                )
            else:
                con.execute(f"CREATE VIEW {name}.{t} AS SELECT * FROM {base}")
        layer = Store(con, self.data_dir, prefix=f"{name}.", own=own, overlay_name=name)
        layer.problems = self.problems  # the shared data's problems stay visible
        return layer

    @property
    def is_overlay(self) -> bool:
        return self._overlay_name is not None

    def close(self) -> None:
        if self._overlay_name:
            self._con.execute(f"DETACH {self._overlay_name}")
            self._overlay_name = None
        else:
            self._con.close()

    def _create(self, tables: Tables, tolerant: bool = False) -> None:
        con = self._con
        con.execute(f"CREATE TABLE events ({EVENT_COLUMNS})")
        con.execute(f"CREATE TABLE actors ({ACTOR_COLUMNS})")
        con.execute(
            "CREATE TABLE event_actors (event_id VARCHAR NOT NULL, actor_id VARCHAR NOT NULL, "
            "role VARCHAR NOT NULL)"
        )
        for name in ("sources", "locations", "troops", "casualties"):
            self._insert(name, getattr(tables, name), create=True)
        texts = pd.DataFrame(
            {
                "source_id": tables.sources["source_id"],
                "text": [
                    (self.data_dir / "sources" / f"{sid}.txt").read_text(encoding="utf-8")
                    for sid in tables.sources["source_id"]
                ],
            }
        )
        self._insert("source_texts", texts, create=True)
        self._insert("actors", tables.actors.assign(dataset="article"))
        con.register("_incoming_events", tables.events)
        try:
            con.execute(
                """
                INSERT INTO events BY NAME
                SELECT e.* EXCLUDE (start_date, end_date),
                       CAST(e.start_date AS DATE) AS start_date,
                       CAST(e.end_date AS DATE) AS end_date,
                       l.name AS location_name, l.latitude, l.longitude,
                       l.precision AS geo_precision
                FROM _incoming_events e LEFT JOIN locations l USING (location_id)
                """
            )
        finally:
            con.unregister("_incoming_events")
        self._insert("event_actors", tables.event_actors)
        try:
            self._load_ucdp(tolerant)
        except (OSError, ValueError, KeyError, pd.errors.ParserError) as exc:
            if not tolerant:
                raise
            self.problems.append(
                Problem(str(UCDP_FILE), None, None, None, f"a readable UCDP GED file ({exc})")
            )
        self._compute_spans("events", "sources")

    def _load_ucdp(self, tolerant: bool = False) -> None:
        """Load the bundled UCDP GED file through the importer that user files go through."""
        from crisis import importers

        with self._con.cursor() as cur:
            report = importers.stage_bundled_ucdp(
                cur, self.data_dir / UCDP_FILE, self.data_dir / UCDP_ACTOR_MAP
            )
            if report.rows_rejected and not tolerant:
                raise ValueError(f"{UCDP_FILE}: {report.summary()}")
            for row in report.rejects.head(20).itertuples(index=False):
                self.problems.append(
                    Problem(str(UCDP_FILE), row.line, row.column, row.value, row.expected)
                )
            for table in ("events", "actors", "event_actors"):
                cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM stage_{table}")

    def _insert(self, table: str, frame: pd.DataFrame, create: bool = False) -> None:
        """Copy a frame into ``table`` (matching columns by name), or create it from the frame."""
        con = self._con
        con.register("_incoming", frame)
        try:
            if create:
                con.execute(f"CREATE TABLE {table} AS SELECT * FROM _incoming")
            else:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
        finally:
            con.unregister("_incoming")

    def _compute_spans(self, events: str, sources: str, cur: Any = None) -> None:
        """span_end: the last day an event may cover, used for date-range overlap.

        A stated end date wins; an ongoing event runs to its source's publication date; a
        month- or year-precise date covers its whole month or year.
        """
        (cur or self._con).execute(
            f"""
            UPDATE {events} SET span_end = CASE
                WHEN end_date IS NOT NULL THEN end_date
                WHEN status = 'ongoing' THEN greatest(start_date, coalesce(
                    (SELECT CAST(s.published AS DATE) FROM {sources} s
                     WHERE s.source_id = {events}.source_id), start_date))
                WHEN date_precision = 'year' THEN CAST(date_trunc('year', start_date)
                    + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE)
                WHEN date_precision = 'month' THEN last_day(start_date)
                ELSE start_date END
            WHERE span_end IS NULL
            """
        )

    # -- imports -----------------------------------------------------------------------------

    def import_file(
        self,
        path: str | Path,
        fmt: str,
        dataset: str | None = None,
        progress: Callable[[float, str], None] | None = None,
        max_rows: int | None = None,
    ):
        """Import an ACLED, UCDP GED or native events file into this store's own tables.

        All or nothing: the rows are staged first and inserted in one transaction, so a failed
        import leaves the store as it was. Returns the importer's report (rows read, imported,
        rejected and why).
        """
        if self._own is None:
            raise PermissionError("this store is read-only: import into an overlay or a file")
        from crisis import importers

        with self._con.cursor() as cur:
            report = importers.stage(
                cur,
                Path(path),
                fmt,
                dataset=dataset,
                known_actors=self._names["actors"],
                known_datasets=list(self.datasets()["dataset"]),
                progress=progress,
            )
            if max_rows is not None and report.rows_read > max_rows:
                raise importers.ImportFailed(
                    [
                        Problem(
                            Path(path).name,
                            None,
                            None,
                            f"{report.rows_read:,} rows",
                            f"at most {max_rows:,} rows in one upload",
                        )
                    ]
                )
            if progress:
                progress(0.8, "saving")
            cur.execute("BEGIN TRANSACTION")
            try:
                for table, staged in (
                    ("events", "stage_events"),
                    ("actors", "stage_actors"),
                    ("event_actors", "stage_event_actors"),
                    ("sources", "stage_sources"),
                    ("source_texts", "stage_source_texts"),
                ):
                    cur.execute(f"INSERT INTO {self._own[table]} BY NAME SELECT * FROM {staged}")
                self._compute_spans(self._own["events"], self._names["sources"], cur)
                cur.execute("COMMIT")
            except Exception:
                cur.execute("ROLLBACK")
                raise
        if progress:
            progress(1.0, "done")
        return report

    def add_rows(self, rows: dict[str, pd.DataFrame]) -> None:
        """Insert reviewed rows (e.g. from a new article) into this store's own tables, in one
        transaction. ``rows`` maps table names (events, actors, event_actors, locations, troops,
        casualties, sources, source_texts) to frames whose columns are a subset of the table's;
        events get ``span_end`` computed. All or nothing."""
        if self._own is None:
            raise PermissionError("this store is read-only: add rows to an overlay or a file")
        unknown = set(rows) - set(self._own)
        if unknown:
            raise ValueError(f"unknown table(s): {', '.join(sorted(unknown))}")
        with self._con.cursor() as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                for table, frame in rows.items():
                    if frame is None or frame.empty:
                        continue
                    cur.register("_incoming_rows", frame)
                    cur.execute(
                        f"INSERT INTO {self._own[table]} BY NAME SELECT * FROM _incoming_rows"
                    )
                    cur.unregister("_incoming_rows")
                self._compute_spans(self._own["events"], self._names["sources"], cur)
                cur.execute("COMMIT")
            except Exception:
                cur.execute("ROLLBACK")
                raise

    # -- helpers -----------------------------------------------------------------------------

    def _q(self, sql: str) -> str:
        return sql.format(**self._names)

    def _df(self, sql: str, params: dict[str, Any] | list[Any] | None = None) -> pd.DataFrame:
        with self._con.cursor() as cur:
            return cur.execute(self._q(sql), params or {}).df()

    def _value(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        with self._con.cursor() as cur:
            row = cur.execute(self._q(sql), params or {}).fetchone()
        return None if row is None else row[0]

    # -- queries -----------------------------------------------------------------------------

    def table_counts(self) -> dict[str, int]:
        names = [
            "sources",
            "events",
            "actors",
            "event_actors",
            "locations",
            "troops",
            "casualties",
        ]
        counts = {n: int(self._value(f"SELECT count(*) FROM {{{n}}}")) for n in names}
        for dataset, n in self._df(
            "SELECT dataset, count(*) AS n FROM {events} GROUP BY dataset ORDER BY dataset"
        ).itertuples(index=False):
            counts[f"events ({dataset})"] = int(n)
        return counts

    def datasets(self) -> pd.DataFrame:
        """The datasets in the store with a label and their number of events."""
        frame = self._df(
            """
            SELECT e.dataset, count(*) AS events, any_value(s.title) AS title
            FROM {events} e LEFT JOIN {sources} s ON s.source_id = e.source_id
                AND s.kind = 'dataset'
            GROUP BY e.dataset ORDER BY min(e.start_date) IS NULL, e.dataset = 'ucdp', e.dataset
            """
        )
        frame["label"] = [
            vocab.DATASET_LABELS.get(d) or (t if isinstance(t, str) and t else d)
            for d, t in zip(frame["dataset"], frame["title"], strict=True)
        ]
        return frame[["dataset", "label", "events"]]

    def events(self, f: Filters = Filters(), limit: int | None = None) -> pd.DataFrame:
        """The filtered events, earliest first."""
        params = filter_params(f)
        if limit is None:
            return self._df(FILTER_CTE + "SELECT * FROM fe ORDER BY start_date, event_id", params)
        # the first `limit` ids by two narrow columns, then their rows: DuckDB reads the wide
        # text columns of `limit` rows, not of every match (half the time at 1M rows)
        params["limit"] = int(limit)
        return self._df(
            FILTER_CTE
            + """, top AS (SELECT event_id FROM fe ORDER BY start_date, event_id LIMIT $limit)
            SELECT e.* FROM {events} e SEMI JOIN top USING (event_id)
            ORDER BY e.start_date, e.event_id""",
            params,
        )

    def count_events(self, f: Filters = Filters()) -> int:
        return int(self._value(FILTER_CTE + "SELECT count(*) FROM fe", filter_params(f)))

    def events_by_id(self, event_ids: list[str]) -> pd.DataFrame:
        """The events with these ids (any dataset), earliest first."""
        return self._df(
            "SELECT * FROM {events} WHERE list_contains(CAST($ids AS VARCHAR[]), event_id) "
            "ORDER BY start_date, event_id",
            {"ids": list(event_ids)},
        )

    def event(self, event_id: str) -> dict[str, Any] | None:
        frame = self._df("SELECT * FROM {events} WHERE event_id = $id", {"id": event_id})
        return None if frame.empty else frame.iloc[0].to_dict()

    def event_actors(self, event_ids: list[str] | None = None) -> pd.DataFrame:
        """Links of the given events (all when None) with each actor's name, label and side."""
        return self._df(
            """
            SELECT ea.event_id, ea.actor_id, ea.role, a.name, a.kind, a.side,
                   a.parent_actor_id, l.label
            FROM {event_actors} ea JOIN {actors} a USING (actor_id)
            JOIN ({label_sql}) l USING (actor_id)
            WHERE $all OR list_contains(CAST($ids AS VARCHAR[]), ea.event_id)
            ORDER BY ea.event_id, ea.role, a.name
            """,
            {"all": event_ids is None, "ids": list(event_ids or [])},
        )

    def actors(self, dataset: str | None = None) -> pd.DataFrame:
        """Every actor with a display label: people and bodies shown with their parent."""
        return self._df(
            """
            SELECT a.*, l.label, p.name AS parent_name
            FROM {actors} a JOIN ({label_sql}) l USING (actor_id)
            LEFT JOIN {actors} p ON p.actor_id = a.parent_actor_id
            WHERE CAST($dataset AS VARCHAR) IS NULL OR a.dataset = $dataset
            ORDER BY a.dataset, a.name
            """,
            {"dataset": dataset},
        )

    def actor_stats(self, f: Filters = Filters()) -> pd.DataFrame:
        """Actors of the filtered events: number of events, first and last appearance."""
        return self._df(
            FILTER_CTE
            + """
            SELECT ea.actor_id, l.label, a.kind, a.side,
                   count(DISTINCT fe.event_id) AS events,
                   min(fe.start_date) AS first_seen,
                   max(coalesce(fe.end_date, fe.start_date)) AS last_seen
            FROM fe JOIN {event_actors} ea USING (event_id)
            JOIN {actors} a ON a.actor_id = ea.actor_id
            JOIN ({label_sql}) l ON l.actor_id = ea.actor_id
            GROUP BY ALL ORDER BY events DESC, l.label
            """,
            filter_params(f),
        )

    def interactions(self, f: Filters = Filters()) -> pd.DataFrame:
        """Pairs of actors who took part together (participant, organiser, speaker) in an event,
        with the number of shared events and (at most 20 of) their ids."""
        return self._df(
            FILTER_CTE
            + """
            , parts AS (
                SELECT DISTINCT ea.event_id, ea.actor_id
                FROM fe JOIN {event_actors} ea USING (event_id)
                WHERE ea.role IN ('participant', 'organiser', 'speaker')
            )
            SELECT a.actor_id AS source, b.actor_id AS target, count(*) AS events,
                   list(a.event_id ORDER BY a.event_id)[1:20] AS event_ids
            FROM parts a JOIN parts b ON a.event_id = b.event_id AND a.actor_id < b.actor_id
            GROUP BY ALL ORDER BY events DESC, source, target
            """,
            filter_params(f),
        )

    def locations(self) -> pd.DataFrame:
        return self._df("SELECT * FROM {locations} ORDER BY name")

    def venue_counts(self, f: Filters = Filters()) -> pd.DataFrame:
        """Locations of the filtered (curated) events with how many events each hosts."""
        return self._df(
            FILTER_CTE
            + """
            SELECT l.location_id, l.name, l.kind, l.latitude, l.longitude, l.precision,
                   l.stated_in_source, l.note, count(*) AS events,
                   list(fe.event_id ORDER BY fe.start_date) AS event_ids,
                   list(fe.title ORDER BY fe.start_date) AS titles
            FROM fe JOIN {locations} l USING (location_id)
            GROUP BY ALL ORDER BY events DESC, l.name
            """,
            filter_params(f),
        )

    def figures(self, kind: str) -> pd.DataFrame:
        """Troop (``troops``) or casualty (``casualties``) figures with their sources."""
        if kind not in ("troops", "casualties"):
            raise ValueError(f"unknown figure table {kind!r}: expected troops or casualties")
        return self._df(
            f"""
            SELECT f.*, s.outlet, s.url, s.published AS source_published, s.kind AS source_kind
            FROM {{{kind}}} f LEFT JOIN {{sources}} s USING (source_id)
            ORDER BY f.reported_on, f.figure_id
            """
        )

    def sources(self) -> pd.DataFrame:
        return self._df("SELECT * FROM {sources} ORDER BY source_id")

    def source_text(self, source_id: str) -> str | None:
        return self._value(
            "SELECT text FROM {source_texts} WHERE source_id = $id", {"id": source_id}
        )

    def quotes(self, source_id: str) -> pd.DataFrame:
        """Every row of every table that quotes ``source_id``: table, row id, quote."""
        return self._df(
            """
            SELECT 'events' AS table_name, event_id AS row_id, title AS label, quote
                FROM {events} WHERE source_id = $id AND quote IS NOT NULL
            UNION ALL SELECT 'actors', actor_id, name, quote FROM {actors}
                WHERE source_id = $id AND quote IS NOT NULL
            UNION ALL SELECT 'locations', location_id, name, quote FROM {locations}
                WHERE source_id = $id AND quote IS NOT NULL
            UNION ALL SELECT 'troops', figure_id, subject, quote FROM {troops}
                WHERE source_id = $id
            UNION ALL SELECT 'casualties', figure_id, subject, quote FROM {casualties}
                WHERE source_id = $id
            ORDER BY 1, 2
            """,
            {"id": source_id},
        )

    def ucdp_monthly(self, f: Filters = Filters()) -> pd.DataFrame:
        """Deaths per month (best, low, high) of the filtered UCDP events."""
        return self._df(
            FILTER_CTE
            + """
            SELECT CAST(date_trunc('month', start_date) AS DATE) AS month,
                   count(*) AS events, sum(deaths_best) AS best,
                   sum(deaths_low) AS low, sum(deaths_high) AS high
            FROM fe WHERE dataset = 'ucdp' GROUP BY 1 ORDER BY 1
            """,
            filter_params(f),
        )

    def ucdp_totals(self) -> dict[str, int]:
        row = self._df(
            "SELECT count(*) AS events, sum(deaths_best) AS best, sum(deaths_low) AS low, "
            "sum(deaths_high) AS high, min(start_date) AS first, max(start_date) AS last "
            "FROM {events} WHERE dataset = 'ucdp'"
        ).iloc[0]
        return row.to_dict()

    def event_points(self, f: Filters = Filters(), dataset: str | None = None) -> pd.DataFrame:
        """Coordinates and deaths of the filtered events that have them."""
        params = filter_params(f) | {"ds": dataset}
        return self._df(
            FILTER_CTE
            + """
            SELECT event_id, dataset, title, start_date, latitude, longitude,
                   coalesce(deaths_best, 0) AS deaths
            FROM fe WHERE latitude IS NOT NULL
              AND (CAST($ds AS VARCHAR) IS NULL OR dataset = $ds)
            """,
            params,
        )

    def event_counts(self, f: Filters = Filters(), bucket: str = "week") -> pd.DataFrame:
        """Events and deaths per day, week or month, dataset and type (computed in DuckDB)."""
        if bucket not in ("day", "week", "month"):
            raise ValueError(f"unknown bucket {bucket!r}: expected day, week or month")
        return self._df(
            FILTER_CTE
            + f"""
            SELECT CAST(date_trunc('{bucket}', start_date) AS DATE) AS period,
                   dataset, event_type, count(*) AS events,
                   coalesce(sum(deaths_best), 0) AS deaths
            FROM fe GROUP BY ALL ORDER BY period, dataset, event_type
            """,
            filter_params(f),
        )

    def event_grid(self, f: Filters = Filters(), cell_deg: float = 0.25) -> pd.DataFrame:
        """Events and deaths binned on a latitude/longitude grid (cell centres), in DuckDB."""
        if not 0.001 <= cell_deg <= 10:
            raise ValueError("cell_deg must be between 0.001 and 10 degrees")
        params = filter_params(f) | {"cell": float(cell_deg)}
        return self._df(
            FILTER_CTE
            + """
            SELECT (floor(longitude / $cell) + 0.5) * $cell AS longitude,
                   (floor(latitude / $cell) + 0.5) * $cell AS latitude,
                   count(*) AS events, coalesce(sum(deaths_best), 0) AS deaths,
                   min(start_date) AS first, max(start_date) AS last
            FROM fe WHERE latitude IS NOT NULL AND longitude IS NOT NULL
            GROUP BY 1, 2 ORDER BY events DESC
            """,
            params,
        )

    def date_bounds(self) -> tuple[date, date]:
        with self._con.cursor() as cur:
            lo, hi = cur.execute(
                self._q("SELECT min(start_date), max(span_end) FROM {events}")
            ).fetchone()
        return lo, hi

    def geometry(self, name: str) -> dict[str, Any]:
        """A GeoJSON FeatureCollection from ``data/geo``; an empty one (and a problem noted in
        ``problems``) when the file is missing or damaged, so the map draws what it can."""
        if name not in GEO_FILES:
            raise ValueError(f"unknown geometry {name!r}: expected one of {sorted(GEO_FILES)}")
        try:
            return _read_geojson(self.data_dir / "geo" / GEO_FILES[name])
        except (OSError, ValueError) as exc:
            problem = Problem(
                f"geo/{GEO_FILES[name]}", None, None, None, f"a readable GeoJSON file ({exc})"
            )
            if problem not in self.problems:
                self.problems.append(problem)
            return {"type": "FeatureCollection", "features": []}


@cache
def _read_geojson(path: Path) -> dict[str, Any]:
    geo = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(geo, dict) or not isinstance(geo.get("features"), list):
        raise ValueError("not a GeoJSON FeatureCollection")
    return geo
