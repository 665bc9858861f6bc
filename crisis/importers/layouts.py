"""The three file layouts an import reads: ACLED exports, UCDP GED files and the native layout.

A :class:`Layout` says which columns identify a file, which are required, which columns are
parsed as dates and numbers (once per row, as ``d_<column>`` and ``n_<column>``), which rows to
reject and why (:class:`Check`, in order: a row gets the first reason that applies) and how the
kept rows become events and actors, all as SQL over the staged rows ``r`` (the file's columns as
text, as read, beside the parsed ones). The SQL runs in DuckDB; nothing loops over rows in
Python.

Shared SQL macros (created per import cursor by :func:`macros_sql`):

- ``imp_blank(x)``: missing or only spaces;
- ``imp_date(x)``: a date from "09 May 2020", "9 May 2020", "2020-05-09", "9-May-20" (a
  two-digit year after this year is taken as the previous century) or "2020-05-09 00:00:00.000";
- ``imp_num(x)``: a number, or NULL (``nan`` and ``inf`` pass and are rejected by the checks);
- ``imp_text(x)``: trimmed text, NULL when blank.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from crisis import vocab


def q(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def ident(name: str) -> str:
    """A SQL identifier (quoted)."""
    return '"' + name.replace('"', '""') + '"'


DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S.%g", "%Y-%m-%d %H:%M:%S")
DATE_EXPECTED = (
    "a date such as 09 May 2020, 2020-05-09, 9-May-20 or 2020-05-09 00:00:00.000 "
    "(between 1900 and 2100)"
)


def macros_sql() -> list[str]:
    formats = "[" + ", ".join(q(f) for f in DATE_FORMATS) + "]"
    return [
        "CREATE OR REPLACE TEMP MACRO imp_blank(x) AS (x IS NULL OR trim(x) = '')",
        f"""
        CREATE OR REPLACE TEMP MACRO imp_date(x) AS (
            coalesce(
                CAST(try_strptime(x, {formats}) AS DATE),
                CAST(try_strptime(x, '%d-%b-%y') - to_years(100 * CAST(
                    year(try_strptime(x, '%d-%b-%y')) > year(current_date) AS INTEGER))
                    AS DATE)))
        """,
        """
        CREATE OR REPLACE TEMP MACRO imp_date_ok(d) AS (
            d IS NOT NULL AND d BETWEEN DATE '1900-01-01' AND DATE '2100-12-31')
        """,
        """
        CREATE OR REPLACE TEMP MACRO imp_num(x) AS (try_cast(x AS DOUBLE))
        """,
        """
        CREATE OR REPLACE TEMP MACRO imp_text(x) AS (
            CASE WHEN imp_blank(x) THEN NULL ELSE trim(x) END)
        """,
    ]


def col(name: str) -> str:
    """A raw (text) column of the file."""
    return ident(name)


def date_of(name: str) -> str:
    """The parsed date of a column (computed once per row, see Layout.dates)."""
    return ident("d_" + name)


def num_of(name: str) -> str:
    """The parsed number of a column (computed once per row, see Layout.numbers)."""
    return ident("n_" + name)


def count_of(name: str) -> str:
    return f"CAST({num_of(name)} AS INTEGER)"


@dataclass(frozen=True)
class Check:
    """A reason to reject a row: ``bad`` is a SQL condition over the row's raw text columns
    and its parsed ``d_<column>`` (dates) and ``n_<column>`` (numbers) columns."""

    column: str
    bad: str
    reason: str
    expected: str


def required_value(column: str) -> Check:
    return Check(column, f"imp_blank({col(column)})", "missing required value", "a value")


def date_value(column: str) -> Check:
    return Check(
        column,
        f"NOT imp_blank({col(column)}) AND NOT imp_date_ok({date_of(column)})",
        "unparseable date",
        DATE_EXPECTED,
    )


def coordinate(column: str, limit: int) -> list[Check]:
    return [
        Check(
            column,
            f"NOT imp_blank({col(column)}) AND NOT isfinite(coalesce({num_of(column)}, 'nan'))",
            "non-numeric value",
            f"a number in decimal degrees between -{limit} and {limit}",
        ),
        Check(
            column,
            f"abs({num_of(column)}) > {limit}",
            "coordinates out of range",
            f"a {'latitude' if limit == 90 else 'longitude'} between -{limit} and {limit}",
        ),
    ]


def count_value(column: str) -> list[Check]:
    n = num_of(column)
    return [
        Check(
            column,
            f"NOT imp_blank({col(column)}) AND NOT isfinite(coalesce({n}, 'nan'))",
            "non-numeric value",
            "a whole number",
        ),
        Check(
            column,
            f"{n} < 0 OR {n} <> floor({n}) OR {n} >= 2147483647",
            "not a whole number >= 0",
            "a whole number, 0 or more",
        ),
    ]


def code_value(column: str, allowed: tuple[str, ...]) -> Check:
    values = "[" + ", ".join(q(v) for v in allowed) + "]"
    return Check(
        column,
        f"NOT imp_blank({col(column)}) AND NOT list_contains({values}, trim({col(column)}))",
        "unknown code",
        "one of " + ", ".join(allowed),
    )


@dataclass(frozen=True)
class Context:
    """What the SQL of a layout needs to know about one import."""

    dataset: str
    id_prefix: str  # event ids are id_prefix || the file's id
    source_id: str
    file_name: str
    columns: frozenset[str]  # the (normalised) columns present in the file
    id_column: str = "id"
    note: str | None = None  # a note put on every event (the bundled UCDP file has one)

    @property
    def event_id(self) -> str:
        return f"{q(self.id_prefix)} || trim({col(self.id_column)})"

    def has(self, column: str) -> bool:
        return column in self.columns

    def col(self, column: str, default: str = "CAST(NULL AS VARCHAR)") -> str:
        return col(column) if column in self.columns else default

    def num(self, column: str) -> str:
        return num_of(column) if column in self.columns else "CAST(NULL AS DOUBLE)"

    def count(self, column: str) -> str:
        return count_of(column) if column in self.columns else "CAST(NULL AS INTEGER)"

    def date(self, column: str) -> str:
        return date_of(column) if column in self.columns else "CAST(NULL AS DATE)"


@dataclass(frozen=True)
class Layout:
    name: str
    label: str
    a_label: str  # the label with its article: "an ACLED export"
    signature: frozenset[str]  # columns that identify a file of this layout
    required: tuple[str, ...]
    optional: tuple[str, ...]
    id_column: str
    dates: tuple[str, ...]  # columns parsed as dates (once per row)
    numbers: tuple[str, ...]  # columns parsed as numbers (once per row)
    checks: Callable[[Context], list[Check]]
    events_sql: Callable[[Context], str]  # SELECT list of EVENT columns over r
    # a row's actors: a SQL list of entries (names; native: "name [role]"), and the columns
    # it reads (the distinct combinations of those give the distinct entries cheaply)
    actors_sql: Callable[[Context], str]
    actor_columns: Callable[[Context], tuple[str, ...]]
    licence: str = ""
    outlet: str | None = None
    label_column: str | None = None  # a column whose "SYNTHETIC" value marks a synthetic file
    roles: bool = False  # actor entries may end with a role: "russia [target]"

    @property
    def used(self) -> tuple[str, ...]:
        return self.required + self.optional

    def parsed_sql(self, ctx: Context) -> list[str]:
        """The parsed columns: ``d_<column>`` dates and ``n_<column>`` numbers."""
        out = [f"imp_date({col(c)}) AS {date_of(c)}" for c in self.dates if ctx.has(c)]
        out += [f"imp_num({col(c)}) AS {num_of(c)}" for c in self.numbers if ctx.has(c)]
        return out


# -- ACLED -------------------------------------------------------------------------------------

ACLED_TYPE_MAP = {
    "Battles": "armed_conflict",
    "Explosions/Remote violence": "armed_conflict",
    "Violence against civilians": "armed_conflict",
    "Protests": "unrest",
    "Riots": "unrest",
}
ACLED_STRATEGIC_MAP = {
    "Agreement": "policy",
    "Headquarters or base established": "military",
    "Change to group/activity": "military",
    "Non-violent transfer of territory": "military",
    "Disrupted weapons use": "military",
}
ACLED_REQUIRED = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "location",
    "latitude",
    "longitude",
    "fatalities",
)
ACLED_OPTIONAL = (
    "time_precision",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "admin1",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
)


def _case(column: str, mapping: dict[str, str], default: str) -> str:
    whens = " ".join(f"WHEN {q(k.lower())} THEN {q(v)}" for k, v in mapping.items())
    return f"CASE lower(trim({column})) {whens} ELSE {default} END"


def _acled_checks(ctx: Context) -> list[Check]:
    checks = [
        required_value(c)
        for c in ("event_id_cnty", "event_date", "event_type", "actor1", "latitude", "longitude")
    ]
    checks.append(date_value("event_date"))
    checks += coordinate("latitude", 90) + coordinate("longitude", 180)
    checks += count_value("fatalities")
    if ctx.has("time_precision"):
        checks.append(code_value("time_precision", ("1", "2", "3")))
    return checks


def _acled_events(ctx: Context) -> str:
    """ACLED rows as events. The SQL avoids work per row where it can (a million rows): the
    values are used as read (ACLED does not pad them) and the exact spellings are matched
    before the case-insensitive ones."""
    c = ctx.col
    day = date_of("event_date")
    tp = f"coalesce(trim({c('time_precision')}), '1')"
    strategic = _case("sub_event_type", ACLED_STRATEGIC_MAP, "'other'")
    loose = _case(
        "event_type",
        ACLED_TYPE_MAP,
        f"CASE WHEN lower(trim(event_type)) = 'strategic developments' THEN {strategic} "
        "ELSE 'other' END",
    )
    exact = " ".join(f"WHEN {q(k)} THEN {q(v)}" for k, v in ACLED_TYPE_MAP.items())
    exact_sd = " ".join(f"WHEN {q(k)} THEN {q(v)}" for k, v in ACLED_STRATEGIC_MAP.items())
    etype = (
        f"CASE event_type {exact} WHEN 'Strategic developments' THEN "
        f"CASE sub_event_type {exact_sd} ELSE {strategic} END ELSE {loose} END"
    )
    place = f"concat_ws(', ', location, {c('admin1')})"
    deaths = count_of("fatalities")
    return f"""
        {ctx.event_id} AS event_id,
        {q(ctx.dataset)} AS dataset,
        coalesce(sub_event_type, event_type) || ': ' || actor1
            || coalesce(' — ' || location, '') AS title,
        {etype} AS event_type,
        CASE WHEN {tp} = '3' THEN CAST(date_trunc('month', {day}) AS DATE) ELSE {day} END
            AS start_date,
        CAST(NULL AS DATE) AS end_date,
        CAST(NULL AS DATE) AS span_end,
        CASE WHEN {tp} = '3' THEN 'month' ELSE 'day' END AS date_precision,
        {tp} <> '2' AS date_stated,
        'occurred' AS status,
        'unknown' AS format,
        CAST(NULL AS VARCHAR) AS location_id,
        nullif({place}, '') AS location_name,
        {num_of("latitude")} AS latitude,
        {num_of("longitude")} AS longitude,
        'acled geo_precision ' || coalesce({c("geo_precision")}, 'not given') AS geo_precision,
        CAST(NULL AS VARCHAR) AS summary,
        {q(ctx.source_id)} AS source_id,
        CAST(NULL AS VARCHAR) AS quote,
        'Source: ' || coalesce({c("source")}, 'not given')
            || coalesce(' (' || {c("source_scale")} || ')', '')
            || '. Notes: ' || coalesce({c("notes")}, 'none') AS provenance,
        event_id_cnty AS external_id,
        {deaths} AS deaths_best,
        CAST(NULL AS INTEGER) AS deaths_low,
        CAST(NULL AS INTEGER) AS deaths_high,
        concat_ws(' / ', event_type, sub_event_type) AS original_type,
        CASE {tp}
            WHEN '2' THEN 'ACLED time_precision 2: the source gives only the week (or a range of '
                || 'days); ACLED placed the event on ' || strftime({day}, '%-d %B %Y') || '.'
            WHEN '3' THEN 'ACLED time_precision 3: the source gives only the month; ACLED '
                || 'coded ' || strftime({day}, '%-d %B %Y') || ', shown as the whole month.'
            END AS note
    """


def _names_list(parts: list[str]) -> str:
    """One row's actor names: trimmed, without blanks and repeats."""
    return (
        "list_distinct(list_filter(list_transform(list_concat("
        + ", ".join(parts)
        + "), lambda x: trim(x)), lambda x: x IS NOT NULL AND x <> ''))"
    )


def _acled_actors(ctx: Context) -> str:
    c = ctx.col
    return _names_list(
        [
            f"[actor1, {c('actor2')}]",
            f"string_split(coalesce({c('assoc_actor_1')}, ''), ';')",
            f"string_split(coalesce({c('assoc_actor_2')}, ''), ';')",
        ]
    )


def _acled_actor_columns(ctx: Context) -> tuple[str, ...]:
    cols = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
    return tuple(c for c in cols if ctx.has(c))


ACLED = Layout(
    name="acled",
    label="ACLED export",
    a_label="an ACLED export",
    signature=frozenset({"event_id_cnty", "event_date", "sub_event_type", "actor1", "fatalities"}),
    required=ACLED_REQUIRED,
    optional=ACLED_OPTIONAL,
    id_column="event_id_cnty",
    dates=("event_date",),
    numbers=("latitude", "longitude", "fatalities"),
    checks=_acled_checks,
    events_sql=_acled_events,
    actors_sql=_acled_actors,
    actor_columns=_acled_actor_columns,
    licence=(
        "ACLED data are provided under ACLED's own terms of use "
        "(https://acleddata.com/terms-of-use/), which require attribution to ACLED and limit "
        "redistribution of the data. Check them before sharing this database, exports or "
        "screenshots made from it."
    ),
    outlet="Armed Conflict Location & Event Data (ACLED)",
    label_column="source",
)


# -- UCDP GED ----------------------------------------------------------------------------------

UCDP_TYPES = {"1": "state-based", "2": "non-state", "3": "one-sided"}
# UCDP date_prec: 1 exact day, 2 within 2-6 days, 3 within a week, 4 within a month,
# 5 within a year or more
UCDP_PRECISION = {"1": "day", "2": "day", "3": "day", "4": "month", "5": "year"}
UCDP_REQUIRED = (
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
UCDP_OPTIONAL = ("source_article", "source_office")


def _ucdp_checks(ctx: Context) -> list[Check]:
    checks = [required_value(c) for c in ("id", "side_a", "date_start", "best")]
    checks += [date_value("date_start"), date_value("date_end")]
    checks.append(
        Check(
            "date_end",
            f"{date_of('date_end')} < {date_of('date_start')}",
            "end date before start date",
            "date_end on or after date_start",
        )
    )
    checks += coordinate("latitude", 90) + coordinate("longitude", 180)
    for column in ("best", "low", "high"):
        checks += count_value(column)
    checks.append(code_value("type_of_violence", tuple(UCDP_TYPES)))
    checks.append(code_value("date_prec", tuple(UCDP_PRECISION)))
    return checks


def _ucdp_events(ctx: Context) -> str:
    start = date_of("date_start")
    end = f"coalesce({date_of('date_end')}, {start})"
    place = "coalesce(imp_text(where_coordinates), imp_text(adm_1))"
    best, low, high = count_of("best"), count_of("low"), count_of("high")
    deaths = (
        f"coalesce(CAST({best} AS VARCHAR), 'unknown') || ' deaths (low ' || "
        f"coalesce(CAST({low} AS VARCHAR), 'unknown') || ', high ' || "
        f"coalesce(CAST({high} AS VARCHAR), 'unknown') || ')'"
    )
    tov = _case("type_of_violence", UCDP_TYPES, "'organised'")
    prec = _case("date_prec", UCDP_PRECISION, "'day'")
    note = q(ctx.note) if ctx.note else "CAST(NULL AS VARCHAR)"
    return f"""
        {ctx.event_id} AS event_id,
        {q(ctx.dataset)} AS dataset,
        trim(side_a) || ' vs ' || coalesce(trim(side_b), 'unknown side')
            || coalesce(' — ' || {place}, '') AS title,
        'armed_conflict' AS event_type,
        {start} AS start_date,
        CASE WHEN {end} <> {start} THEN {end} END AS end_date,
        CAST(NULL AS DATE) AS span_end,
        {prec} AS date_precision,
        TRUE AS date_stated,
        'occurred' AS status,
        'unknown' AS format,
        CAST(NULL AS VARCHAR) AS location_id,
        {place} AS location_name,
        {num_of("latitude")} AS latitude,
        {num_of("longitude")} AS longitude,
        'ucdp where_prec ' || coalesce(trim(where_prec), 'not given') AS geo_precision,
        {tov} || ' violence at ' || coalesce({place}, 'an unnamed place') || ' ('
            || coalesce(imp_text(adm_1), 'admin area not given') || '): ' || {deaths} || '.'
            AS summary,
        {q(ctx.source_id)} AS source_id,
        CAST(NULL AS VARCHAR) AS quote,
        coalesce(source_headline, '')
            || coalesce(chr(10) || 'Articles: ' || imp_text({ctx.col("source_article")}), '')
            AS provenance,
        trim(id) AS external_id,
        {best} AS deaths_best,
        {low} AS deaths_low,
        {high} AS deaths_high,
        'UCDP type_of_violence ' || coalesce(trim(type_of_violence), '?') || ' ('
            || {tov} || ')' AS original_type,
        {note} AS note
    """


def _ucdp_actors(ctx: Context) -> str:
    return _names_list(["[side_a, side_b]"])


UCDP = Layout(
    name="ucdp",
    label="UCDP GED file",
    a_label="a UCDP GED file",
    signature=frozenset({"type_of_violence", "side_a", "side_b", "date_start", "best"}),
    required=UCDP_REQUIRED,
    optional=UCDP_OPTIONAL,
    id_column="id",
    dates=("date_start", "date_end"),
    numbers=("latitude", "longitude", "best", "low", "high"),
    checks=_ucdp_checks,
    events_sql=_ucdp_events,
    actors_sql=_ucdp_actors,
    actor_columns=lambda ctx: ("side_a", "side_b"),
    licence=(
        "UCDP GED data are licensed CC BY 4.0: credit UCDP and cite Sundberg, Ralph and Erik "
        'Melander (2013) "Introducing the UCDP Georeferenced Event Dataset", Journal of Peace '
        "Research 50(4), and the article of the GED version used."
    ),
    outlet="Uppsala Conflict Data Program (UCDP)",
    label_column="source_office",
)


# -- native ------------------------------------------------------------------------------------

NATIVE_REQUIRED = ("event_id", "title", "event_type", "start_date")
NATIVE_TEXT = (
    "location_id",
    "location_name",
    "geo_precision",
    "summary",
    "quote",
    "provenance",
    "external_id",
    "original_type",
    "note",
)
NATIVE_OPTIONAL = (
    "end_date",
    "date_precision",
    "date_stated",
    "status",
    "format",
    "latitude",
    "longitude",
    "source_id",
    "deaths_best",
    "deaths_low",
    "deaths_high",
    *NATIVE_TEXT,
    "actors",
)
BOOLEANS_TRUE = ("true", "t", "1", "yes")
BOOLEANS_FALSE = ("false", "f", "0", "no")
# an entry of the native ``actors`` column: an actor id or name, then optionally its role
ROLE_RE = r"^(.*?)\s*\[(" + "|".join(vocab.ROLES) + r")\]$"


def _native_checks(ctx: Context) -> list[Check]:
    checks = [required_value(c) for c in NATIVE_REQUIRED]
    values = "[" + ", ".join(q(v) for v in vocab.EVENT_TYPES) + "]"
    checks.append(
        Check(
            "event_type",
            f"NOT list_contains({values}, trim(event_type))",
            "not in vocabulary",
            "an event type (one of " + ", ".join(vocab.EVENT_TYPES) + ")",
        )
    )
    checks.append(date_value("start_date"))
    if ctx.has("end_date"):
        checks.append(date_value("end_date"))
        checks.append(
            Check(
                "end_date",
                f"{date_of('end_date')} < {date_of('start_date')}",
                "end date before start date",
                "end_date on or after start_date",
            )
        )
    for column, allowed in (
        ("date_precision", vocab.DATE_PRECISIONS),
        ("status", vocab.STATUSES),
        ("format", vocab.FORMATS),
    ):
        if ctx.has(column):
            check = code_value(column, allowed)
            checks.append(Check(column, check.bad, "not in vocabulary", check.expected))
    if ctx.has("date_stated"):
        allowed = "[" + ", ".join(q(v) for v in BOOLEANS_TRUE + BOOLEANS_FALSE) + "]"
        checks.append(
            Check(
                "date_stated",
                "NOT imp_blank(date_stated) AND NOT list_contains("
                f"{allowed}, lower(trim(date_stated)))",
                "not a boolean",
                "true or false",
            )
        )
    if ctx.has("latitude"):
        checks += coordinate("latitude", 90)
    if ctx.has("longitude"):
        checks += coordinate("longitude", 180)
    for column in ("deaths_best", "deaths_low", "deaths_high"):
        if ctx.has(column):
            checks += count_value(column)
    return checks


def _native_events(ctx: Context) -> str:
    c = ctx.col
    texts = ",\n".join(f"imp_text({c(t)}) AS {t}" for t in NATIVE_TEXT)
    true = "[" + ", ".join(q(v) for v in BOOLEANS_TRUE) + "]"
    return f"""
        {ctx.event_id} AS event_id,
        {q(ctx.dataset)} AS dataset,
        title AS title,
        trim(event_type) AS event_type,
        {date_of("start_date")} AS start_date,
        {ctx.date("end_date")} AS end_date,
        CAST(NULL AS DATE) AS span_end,
        coalesce(imp_text({c("date_precision")}), 'day') AS date_precision,
        CASE WHEN imp_blank({c("date_stated")}) THEN NULL
             ELSE list_contains({true}, lower(trim({c("date_stated")}))) END AS date_stated,
        coalesce(imp_text({c("status")}), 'occurred') AS status,
        coalesce(imp_text({c("format")}), 'unknown') AS format,
        {ctx.num("latitude")} AS latitude,
        {ctx.num("longitude")} AS longitude,
        coalesce(imp_text({c("source_id")}), {q(ctx.source_id)}) AS source_id,
        {ctx.count("deaths_best")} AS deaths_best,
        {ctx.count("deaths_low")} AS deaths_low,
        {ctx.count("deaths_high")} AS deaths_high,
        {texts}
    """


def _native_actors(ctx: Context) -> str:
    return _names_list([f"string_split(coalesce({ctx.col('actors')}, ''), ';')"])


NATIVE = Layout(
    name="native",
    label="events file (native layout)",
    a_label="an events file in the native layout",
    signature=frozenset({"event_id", "dataset", "title", "event_type", "start_date"}),
    required=NATIVE_REQUIRED,
    optional=NATIVE_OPTIONAL,
    id_column="event_id",
    dates=("start_date", "end_date"),
    numbers=("latitude", "longitude", "deaths_best", "deaths_low", "deaths_high"),
    checks=_native_checks,
    events_sql=_native_events,
    actors_sql=_native_actors,
    actor_columns=lambda ctx: ("actors",) if ctx.has("actors") else (),
    roles=True,
    licence=(
        "Events in the dashboard's own layout. Their licence is that of the sources they were "
        "taken from; see each event's source_id and provenance."
    ),
)

LAYOUTS: dict[str, Layout] = {"acled": ACLED, "ucdp": UCDP, "native": NATIVE}
