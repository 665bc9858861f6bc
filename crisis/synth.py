"""Synthetic ACLED and UCDP GED files in the real layouts, for tests and benchmarks.

Nothing here is a real event. Every row says so: the ACLED ``source`` column and the UCDP
``source_office``/``source_headline`` columns carry :data:`SYNTHETIC_LABEL`, ids start with
``SYN`` and every ACLED note begins with "SYNTHETIC.". Places are real Ukrainian towns (with a
little jitter, kept inside Ukraine's bounding box) and the actor names, event types and
sub-event types are ACLED's and UCDP's own vocabularies, so the files exercise the importers
the way real exports do: notes with commas, quotes, line breaks and non-ASCII text, associated
actors as ``;``-separated lists, dates from 2014 to 2022.

The file is a function of (format, rows, seed, options): the same arguments give the same bytes.
Columns are built with NumPy and pyarrow.compute and written with pyarrow's CSV writer, so a
million rows take seconds, not minutes.

``quirks=True`` mixes in what real files do to importers, at fixed rates (see
:func:`quirk_rows`): CRLF line ends, spreadsheet re-saved dates ("9-May-20"), ISO dates, and
three kinds of bad rows (an unparseable date, a latitude of 123, fatalities "many") that an
import must reject one by one.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

SYNTHETIC_LABEL = "SYNTHETIC DATA — not real events"
FORMATS = ("acled", "ucdp")

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
# ACLED's layout before the column changes of March 2023
ACLED_OLD_COLUMNS = (
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
)
UCDP_COLUMNS = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
)
# HDX's variant: iso3 after country, and an HXL hashtag row under the header
HXL_TAGS = {
    "year": "#date+year",
    "side_a": "#group+name+first",
    "side_b": "#group+name+second",
    "source_article": "#meta+source",
    "source_headline": "#description",
    "where_coordinates": "#loc+name",
    "adm_1": "#adm1+name",
    "adm_2": "#adm2+name",
    "latitude": "#geo+lat",
    "longitude": "#geo+lon",
    "country": "#country+name",
    "iso3": "#country+code",
    "region": "#region+name",
    "date_start": "#date+start",
    "date_end": "#date+end",
    "best": "#affected+killed",
}

UKRAINE_BBOX = (44.38, 52.38, 22.14, 40.23)  # lat min, lat max, lon min, lon max

# Real places (approximate town centres) with their oblast and raion.
PLACES = (
    ("Kyiv", "Kyiv City", "Kyiv City", 50.4501, 30.5234),
    ("Bucha", "Kyiv", "Buchanskyi", 50.5436, 30.2125),
    ("Irpin", "Kyiv", "Buchanskyi", 50.5218, 30.2506),
    ("Kharkiv", "Kharkiv", "Kharkivskyi", 49.9935, 36.2304),
    ("Izium", "Kharkiv", "Iziumskyi", 49.2128, 37.2569),
    ("Donetsk", "Donetsk", "Donetskyi", 48.0159, 37.8028),
    ("Mariupol", "Donetsk", "Mariupolskyi", 47.0971, 37.5434),
    ("Bakhmut", "Donetsk", "Bakhmutskyi", 48.5956, 38.0003),
    ("Avdiivka", "Donetsk", "Pokrovskyi", 48.1394, 37.7497),
    ("Horlivka", "Donetsk", "Horlivskyi", 48.3336, 38.0925),
    ("Kramatorsk", "Donetsk", "Kramatorskyi", 48.7389, 37.5848),
    ("Sloviansk", "Donetsk", "Kramatorskyi", 48.8530, 37.6050),
    ("Marinka", "Donetsk", "Pokrovskyi", 47.9436, 37.5061),
    ("Debaltseve", "Donetsk", "Horlivskyi", 48.3422, 38.4036),
    ("Vuhledar", "Donetsk", "Volnovaskyi", 47.7806, 37.2483),
    ("Toretsk", "Donetsk", "Bakhmutskyi", 48.3977, 37.8474),
    ("Volnovakha", "Donetsk", "Volnovaskyi", 47.6008, 37.4956),
    ("Luhansk", "Luhansk", "Luhanskyi", 48.5740, 39.3078),
    ("Sievierodonetsk", "Luhansk", "Sievierodonetskyi", 48.9482, 38.4917),
    ("Lysychansk", "Luhansk", "Sievierodonetskyi", 48.9046, 38.4417),
    ("Popasna", "Luhansk", "Sievierodonetskyi", 48.6333, 38.3833),
    ("Shchastia", "Luhansk", "Shchastynskyi", 48.7386, 39.2315),
    ("Stanytsia Luhanska", "Luhansk", "Shchastynskyi", 48.6500, 39.4900),
    ("Zaporizhzhia", "Zaporizhia", "Zaporizkyi", 47.8388, 35.1396),
    ("Melitopol", "Zaporizhia", "Melitopolskyi", 46.8489, 35.3675),
    ("Kherson", "Kherson", "Khersonskyi", 46.6354, 32.6169),
    ("Mykolaiv", "Mykolaiv", "Mykolaivskyi", 46.9750, 31.9946),
    ("Odesa", "Odesa", "Odeskyi", 46.4825, 30.7233),
    ("Dnipro", "Dnipropetrovsk", "Dniprovskyi", 48.4647, 35.0462),
    ("Chernihiv", "Chernihiv", "Chernihivskyi", 51.4982, 31.2893),
    ("Sumy", "Sumy", "Sumskyi", 50.9077, 34.7981),
    ("Lviv", "Lviv", "Lvivskyi", 49.8397, 24.0297),
    ("Simferopol", "Crimea", "Simferopolskyi", 44.9521, 34.1024),
    ("Sevastopol", "Sevastopol", "Sevastopol", 44.6166, 33.5254),
)
PLACE_WEIGHTS = np.array(
    [3, 1, 1, 4, 2, 8, 5, 5, 5, 4, 3, 3, 4, 2, 2, 3, 2, 6, 3, 3, 2, 2, 2] + [2] * 11
)

# (event type, weight, disorder type, [(sub-event type, weight)])
ACLED_TYPES = (
    (
        "Battles",
        0.22,
        "Political violence",
        (
            ("Armed clash", 0.9),
            ("Government regains territory", 0.05),
            ("Non-state actor overtakes territory", 0.05),
        ),
    ),
    (
        "Explosions/Remote violence",
        0.45,
        "Political violence",
        (
            ("Shelling/artillery/missile attack", 0.8),
            ("Air/drone strike", 0.12),
            ("Remote explosive/landmine/IED", 0.06),
            ("Grenade", 0.02),
        ),
    ),
    (
        "Violence against civilians",
        0.05,
        "Political violence",
        (("Attack", 0.7), ("Abduction/forced disappearance", 0.25), ("Sexual violence", 0.05)),
    ),
    (
        "Protests",
        0.18,
        "Demonstrations",
        (
            ("Peaceful protest", 0.9),
            ("Protest with intervention", 0.08),
            ("Excessive force against protesters", 0.02),
        ),
    ),
    (
        "Riots",
        0.02,
        "Political violence; Demonstrations",
        (("Violent demonstration", 0.6), ("Mob violence", 0.4)),
    ),
    (
        "Strategic developments",
        0.08,
        "Strategic developments",
        (
            ("Arrests", 0.3),
            ("Disrupted weapons use", 0.25),
            ("Looting/property destruction", 0.1),
            ("Change to group/activity", 0.1),
            ("Agreement", 0.1),
            ("Headquarters or base established", 0.05),
            ("Non-violent transfer of territory", 0.05),
            ("Other", 0.05),
        ),
    ),
)

# ACLED actor names with their inter code (1 state forces ... 8 external/other forces).
# Ukrainian state actors carry the period of the government: "(2014-2019)" before 2019.
ACTORS = (
    ("Military Forces of Russia (2000-)", 8),
    ("Military Forces of Russia (2000-) Air Force", 8),
    ("NAF: United Armed Forces of Novorossiya", 2),
    ("Military Forces of Ukraine (2019-)", 1),
    ("Police Forces of Ukraine (2019-)", 1),
    ("Government of Ukraine (2019-)", 1),
    ("Government of Russia (2000-)", 8),
    ("Wagner Group", 8),
    ("Unidentified Armed Group (Ukraine)", 3),
    ("Civilians (Ukraine)", 7),
    ("Protesters (Ukraine)", 6),
    ("Rioters (Ukraine)", 5),
    ("", 0),
)
PRE_2019 = {
    "Military Forces of Ukraine (2019-)": "Military Forces of Ukraine (2014-2019)",
    "Police Forces of Ukraine (2019-)": "Police Forces of Ukraine (2014-2019)",
    "Government of Ukraine (2019-)": "Government of Ukraine (2014-2019)",
}
INTER_LABELS = {
    0: "",
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
_A = {name: i for i, (name, _) in enumerate(ACTORS)}
# per event type: (actor1, actor2, weight)
ACTOR_PAIRS = (
    (
        ("Military Forces of Ukraine (2019-)", "Military Forces of Russia (2000-)", 4),
        ("NAF: United Armed Forces of Novorossiya", "Military Forces of Ukraine (2019-)", 4),
        ("Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)", 3),
        ("Military Forces of Ukraine (2019-)", "Wagner Group", 1),
    ),
    (
        ("Military Forces of Russia (2000-)", "", 6),
        ("Military Forces of Russia (2000-) Air Force", "Civilians (Ukraine)", 2),
        ("NAF: United Armed Forces of Novorossiya", "Military Forces of Ukraine (2019-)", 4),
        ("Military Forces of Ukraine (2019-)", "Military Forces of Russia (2000-)", 3),
        ("Unidentified Armed Group (Ukraine)", "", 1),
    ),
    (
        ("Military Forces of Russia (2000-)", "Civilians (Ukraine)", 4),
        ("Unidentified Armed Group (Ukraine)", "Civilians (Ukraine)", 3),
        ("Police Forces of Ukraine (2019-)", "Civilians (Ukraine)", 1),
    ),
    (
        ("Protesters (Ukraine)", "", 9),
        ("Protesters (Ukraine)", "Police Forces of Ukraine (2019-)", 1),
    ),
    (
        ("Rioters (Ukraine)", "", 3),
        ("Rioters (Ukraine)", "Civilians (Ukraine)", 2),
    ),
    (
        ("Military Forces of Ukraine (2019-)", "", 4),
        ("Police Forces of Ukraine (2019-)", "Civilians (Ukraine)", 3),
        ("Government of Ukraine (2019-)", "Government of Russia (2000-)", 1),
        ("Military Forces of Russia (2000-)", "", 2),
    ),
)
ASSOC = (
    ("", 20),
    ("Women (Ukraine)", 2),
    ("Labor Group (Ukraine)", 2),
    ("Students (Ukraine)", 1),
    ("Journalists (Ukraine); Women (Ukraine)", 1),
    ("Health Workers (Ukraine)", 1),
)
VERBS = (
    "clashed with opposing forces near",
    "shelled positions in and around",
    "attacked residents of",
    "held a demonstration in",
    "rioted in",
    "was reported active in",
)
# note endings: commas, quotes, line breaks and non-ASCII text, as real notes have them
NOTE_ENDINGS = (
    " Fatalities: none reported.",
    ' According to "local sources", a school, two houses and a shop were damaged.',
    " Reported by Укрінформ — «Донбас», citing the regional administration.",
    '\nResidents said: "it went on all night, windows broke".',
    " [size=no report]; cafés, kiosks and the Дім культури were hit.",
    " Ceasefire violations recorded; no further details.\r\nSecond report: same events.",
)
SOURCE_SCALES = ("National", "Subnational", "New media", "Other-National", "International")

UCDP_DYADS = (
    # (type of violence, side_a, side_b, conflict name, weight)
    (1, "Government of Ukraine", "DPR", "Ukraine: Donetsk", 6),
    (1, "Government of Ukraine", "LPR", "Ukraine: Luhansk", 3),
    (1, "Government of Ukraine", "United Armed Forces of Novorossiya", "Ukraine: Novorossiya", 2),
    (1, "Government of Russia (Soviet Union)", "Government of Ukraine", "Russia - Ukraine", 3),
    (2, "DPR", "Supporters of Ukrainian unity", "DPR - Supporters of Ukrainian unity", 1),
    (3, "DPR", "Civilians", "DPR - civilians", 1),
    (3, "Government of Russia (Soviet Union)", "Civilians", "Government of Russia - civilians", 1),
)


def _cat(*parts) -> pa.Array:
    """Concatenate string arrays and scalars element-wise."""
    return pc.binary_join_element_wise(*parts, "")


def _pick(rng: np.random.Generator, weights, n: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _strings(values) -> pa.Array:
    return pa.array(values, type=pa.string())


def _take(values, idx: np.ndarray) -> pa.Array:
    return pc.take(_strings(list(values)), pa.array(idx))


def _num(values: np.ndarray, fmt: str = "") -> pa.Array:
    if fmt:  # fixed decimals, via integers scaled by 10**d (fast and exact)
        digits = int(fmt)
        scaled = np.round(values * 10**digits).astype(np.int64)
        sign = np.where(scaled < 0, "-", "")
        whole = np.abs(scaled) // 10**digits
        frac = np.abs(scaled) % 10**digits
        frac_txt = pc.utf8_lpad(pc.cast(pa.array(frac), pa.string()), digits, "0")
        return _cat(_strings(sign), pc.cast(pa.array(whole), pa.string()), ".", frac_txt)
    return pc.cast(pa.array(values), pa.string())


def _dates(rng: np.random.Generator, n: int) -> np.ndarray:
    lo = np.datetime64("2014-01-01")
    hi = np.datetime64("2022-12-31")
    days = rng.integers(0, (hi - lo).astype(np.int64) + 1, size=n)
    return lo + days.astype("timedelta64[D]")


def _fmt_dates(days: np.ndarray, fmt: str) -> pa.Array:
    return pc.strftime(pa.array(days.astype("datetime64[s]")), format=fmt)


def _points(rng: np.random.Generator, place: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lat = np.array([p[3] for p in PLACES])[place] + rng.normal(0, 0.04, len(place))
    lon = np.array([p[4] for p in PLACES])[place] + rng.normal(0, 0.06, len(place))
    lat = np.clip(lat, UKRAINE_BBOX[0], UKRAINE_BBOX[1])
    lon = np.clip(lon, UKRAINE_BBOX[2], UKRAINE_BBOX[3])
    return lat, lon


def quirk_rows(rows: int) -> dict[str, list[int]]:
    """0-based data rows that ``quirks=True`` alters, by kind (the same for both formats).

    ``bad_date``, ``bad_latitude`` and ``bad_deaths`` must be rejected by an import; ``resaved``
    rows carry a spreadsheet date ("9-May-20", ACLED) or a date without time part (UCDP) and
    ``iso`` rows an ISO date: both must import.
    """
    idx = np.arange(rows)
    mod = idx % 100
    return {
        "bad_date": idx[mod == 37].tolist(),
        "bad_latitude": idx[mod == 53].tolist(),
        "bad_deaths": idx[mod == 71].tolist(),
        "resaved": idx[(mod >= 10) & (mod < 20)].tolist(),
        "iso": idx[(mod >= 20) & (mod < 30)].tolist(),
    }


def _quirk_masks(rows: int) -> dict[str, np.ndarray]:
    mod = np.arange(rows) % 100
    return {
        "bad_date": mod == 37,
        "bad_latitude": mod == 53,
        "bad_deaths": mod == 71,
        "resaved": (mod >= 10) & (mod < 20),
        "iso": (mod >= 20) & (mod < 30),
    }


def _where(mask: np.ndarray, value, other: pa.Array) -> pa.Array:
    if not mask.any():
        return other
    if isinstance(value, str):
        value = pa.scalar(value, pa.string())
    return pc.if_else(pa.array(mask), value, other)


def acled_table(
    rows: int, seed: int = 0, quirks: bool = False, layout: str = "current"
) -> pa.Table:
    """``rows`` synthetic ACLED events (``layout`` "current": 31 columns; "old": pre-2023)."""
    if layout not in ("current", "old"):
        raise ValueError(f"unknown ACLED layout {layout!r}: expected current or old")
    rng = np.random.default_rng(seed)
    n = int(rows)
    days = _dates(rng, n)
    years = days.astype("datetime64[Y]").astype(int) + 1970
    etype = _pick(rng, [t[1] for t in ACLED_TYPES], n)
    width = max(len(t[3]) for t in ACLED_TYPES)
    cum = np.ones((len(ACLED_TYPES), width))
    for i, t in enumerate(ACLED_TYPES):
        w = np.array([s[1] for s in t[3]])
        cum[i, : len(w)] = np.cumsum(w / w.sum())
    sub = np.minimum((rng.random(n)[:, None] > cum[etype]).sum(axis=1), width - 1)
    sub_names = [[s[0] for s in t[3]] for t in ACLED_TYPES]
    flat_sub = [name for names in sub_names for name in names]
    offsets = np.cumsum([0] + [len(s) for s in sub_names])[:-1]
    sub_type = _take(flat_sub, offsets[etype] + sub)

    # actors: a pair per event type, Ukrainian state actors renamed before 2019
    pair_w = np.zeros((len(ACTOR_PAIRS), max(len(p) for p in ACTOR_PAIRS)))
    pair_a1 = np.zeros_like(pair_w, dtype=int)
    pair_a2 = np.zeros_like(pair_w, dtype=int)
    for i, pairs in enumerate(ACTOR_PAIRS):
        for j, (a1, a2, w) in enumerate(pairs):
            pair_w[i, j], pair_a1[i, j], pair_a2[i, j] = w, _A[a1], _A[a2]
    pair_cum = np.cumsum(pair_w / pair_w.sum(axis=1, keepdims=True), axis=1)
    pair = (rng.random(n)[:, None] > pair_cum[etype]).sum(axis=1)
    pair = np.minimum(pair, (pair_w[etype] > 0).sum(axis=1) - 1)
    a1, a2 = pair_a1[etype, pair], pair_a2[etype, pair]
    names_new = [a[0] for a in ACTORS]
    names_old = [PRE_2019.get(a, a) for a in names_new]
    old = years < 2019
    all_names = names_new + names_old
    off = np.where(old, len(names_new), 0)
    actor1, actor2 = _take(all_names, a1 + off), _take(all_names, a2 + off)
    inter = np.array([a[1] for a in ACTORS])
    i1, i2 = inter[a1], inter[a2]
    assoc1 = _take([a[0] for a in ASSOC], _pick(rng, [a[1] for a in ASSOC], n))
    assoc2 = _take([a[0] for a in ASSOC], _pick(rng, [a[1] for a in ASSOC], n))
    assoc2 = _where(a2 == _A[""], "", assoc2)

    place = _pick(rng, PLACE_WEIGHTS, n)
    lat, lon = _points(rng, place)
    location = _take([p[0] for p in PLACES], place)
    admin1 = _take([p[1] for p in PLACES], place)
    admin2 = _take([p[2] for p in PLACES], place)

    fatalities = np.where(
        etype <= 2, rng.geometric(0.55, n) - 1, np.where(etype == 4, rng.integers(0, 2, n), 0)
    )
    fatalities = np.where(rng.random(n) < 0.002, rng.integers(10, 120, n), fatalities)
    date_text = _fmt_dates(days, "%d %B %Y")
    notes = _cat(
        "SYNTHETIC. On ",
        date_text,
        ", ",
        actor1,
        " ",
        _take(VERBS, etype),
        " ",
        location,
        " (",
        admin1,
        ").",
        _take(NOTE_ENDINGS, rng.integers(0, len(NOTE_ENDINGS), n)),
    )
    inter_labels = [INTER_LABELS[k] for k in range(9)]
    lo_i, hi_i = np.minimum(i1, i2), np.maximum(i1, i2)
    if layout == "current":
        inter1, inter2 = _take(inter_labels, i1), _take(inter_labels, i2)
        interaction = _cat(
            _take(inter_labels, np.where(i2 == 0, i1, lo_i)),
            _where(i2 == 0, "", _cat("-", _take(inter_labels, hi_i))),
        )
        interaction = _where(i2 == 0, _cat(_take(inter_labels, i1), " only"), interaction)
    else:
        inter1, inter2 = _num(i1), _where(i2 == 0, "", _num(i2))
        interaction = _num(np.where(i2 == 0, i1 * 10, lo_i * 10 + hi_i))

    lat_txt, lon_txt, fat_txt = _num(lat, "4"), _num(lon, "4"), _num(fatalities)
    precision = _num(_pick(rng, [85, 10, 5], n) + 1)
    if quirks:
        q = _quirk_masks(n)
        date_text = _where(
            q["resaved"],
            pc.utf8_ltrim(_fmt_dates(days, "%d-%b-%y"), "0"),
            _where(q["iso"], _fmt_dates(days, "%Y-%m-%d"), date_text),
        )
        date_text = _where(q["bad_date"], _cat("31 Febuary ", _num(years)), date_text)
        lat_txt = _where(q["bad_latitude"], "123.0000", lat_txt)
        fat_txt = _where(q["bad_deaths"], "many", fat_txt)

    timestamp = (days.astype("datetime64[s]").astype(np.int64) + 86400 * 3 + 3600).astype(np.int64)
    event_id = _cat("SYNUKR", _num(np.arange(1, n + 1)))
    cols = {
        "event_id_cnty": event_id,
        "event_date": date_text,
        "year": _num(years),
        "time_precision": precision,
        "disorder_type": _take([t[2] for t in ACLED_TYPES], etype),
        "event_type": _take([t[0] for t in ACLED_TYPES], etype),
        "sub_event_type": sub_type,
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": _where(
            (etype == 2) | (a2 == _A["Civilians (Ukraine)"]),
            "Civilian targeting",
            _strings([""] * n),
        ),
        "iso": pa.array(["804"] * n),
        "region": pa.array(["Europe"] * n),
        "country": pa.array(["Ukraine"] * n),
        "admin1": admin1,
        "admin2": admin2,
        "admin3": _strings([""] * n),
        "location": location,
        "latitude": lat_txt,
        "longitude": lon_txt,
        "geo_precision": _num(_pick(rng, [80, 15, 5], n) + 1),
        "source": pa.array([SYNTHETIC_LABEL] * n),
        "source_scale": _take(SOURCE_SCALES, rng.integers(0, len(SOURCE_SCALES), n)),
        "notes": notes,
        "fatalities": fat_txt,
        "tags": _where(etype == 3, "crowd size=no report", _strings([""] * n)),
        "timestamp": _num(timestamp),
        "data_id": _num(np.arange(1, n + 1) + 9_000_000),
        "event_id_no_cnty": _num(np.arange(1, n + 1)),
        "iso3": pa.array(["UKR"] * n),
    }
    names = ACLED_COLUMNS if layout == "current" else ACLED_OLD_COLUMNS
    return pa.table({c: cols[c] for c in names})


def ucdp_table(rows: int, seed: int = 0, quirks: bool = False, hdx: bool = False) -> pa.Table:
    """``rows`` synthetic UCDP GED events: the official 49 columns, or HDX's variant."""
    rng = np.random.default_rng(seed)
    n = int(rows)
    start = _dates(rng, n)
    years = start.astype("datetime64[Y]").astype(int) + 1970
    dyad = _pick(rng, [d[4] for d in UCDP_DYADS], n)
    # Russia's state forces appear as a side from 2022
    dyad = np.where((years < 2022) & np.isin(dyad, [3, 6]), 0, dyad)
    tov = np.array([d[0] for d in UCDP_DYADS])[dyad]
    side_a = _take([d[1] for d in UCDP_DYADS], dyad)
    side_b = _take([d[2] for d in UCDP_DYADS], dyad)
    date_prec = _pick(rng, [80, 6, 6, 5, 3], n) + 1
    length = np.where(date_prec > 1, rng.integers(0, 7, n), 0)
    end = start + length.astype("timedelta64[D]")
    place = _pick(rng, PLACE_WEIGHTS, n)
    lat, lon = _points(rng, place)
    location = _take([p[0] for p in PLACES], place)
    admin1 = _cat(_take([p[1] for p in PLACES], place), " oblast")
    deaths_a = rng.geometric(0.7, n) - 1
    deaths_b = rng.geometric(0.6, n) - 1
    deaths_civ = np.where(tov == 3, rng.geometric(0.5, n), rng.geometric(0.85, n) - 1)
    deaths_unknown = rng.geometric(0.9, n) - 1
    best = deaths_a + deaths_b + deaths_civ + deaths_unknown
    high = best + rng.geometric(0.6, n) - 1
    low = np.maximum(best - (rng.geometric(0.7, n) - 1), 0)
    date_fmt = "%Y-%m-%d 00:00:00.000" if hdx else "%Y-%m-%d"
    start_txt, end_txt = _fmt_dates(start, date_fmt), _fmt_dates(end, date_fmt)
    lat_txt, lon_txt = _num(lat, "6"), _num(lon, "6")
    best_txt = _num(best)
    active = _num(rng.integers(0, 2, n))
    if quirks:
        q = _quirk_masks(n)
        other_fmt = "%Y-%m-%d" if hdx else "%Y-%m-%d 00:00:00.000"
        start_txt = _where(q["resaved"], _fmt_dates(start, other_fmt), start_txt)
        end_txt = _where(q["resaved"], _fmt_dates(end, other_fmt), end_txt)
        start_txt = _where(q["bad_date"], _cat(_num(years), "-13-45"), start_txt)
        lat_txt = _where(q["bad_latitude"], "123.000000", lat_txt)
        best_txt = _where(q["bad_deaths"], "many", best_txt)
        active = _where(q["iso"], pc.if_else(pc.equal(active, "1"), "True", "False"), active)
    headline = _cat(
        SYNTHETIC_LABEL,
        ": fighting reported near ",
        location,
        ", ",
        admin1,
        _take(
            (
                "",
                '; "heavy shelling", officials said',
                "; Укрінформ: «обстріл»",
                ";\nsecond report: casualties confirmed",
            ),
            rng.integers(0, 4, n),
        ),
    )
    src_date = _fmt_dates(start, "%Y-%m-%d")
    cols = {
        "id": _cat("SYN", _num(np.arange(1, n + 1))),
        "relid": _cat("SYN-UKR-", _num(years), "-", _num(tov), "-", _num(np.arange(1, n + 1))),
        "year": _num(years),
        "active_year": active,
        "code_status": pa.array(["Clear"] * n),
        "type_of_violence": _num(tov),
        "conflict_dset_id": _num(13219 + dyad),
        "conflict_new_id": _num(13219 + dyad),
        "conflict_name": _take([d[3] for d in UCDP_DYADS], dyad),
        "dyad_dset_id": _num(14085 + dyad),
        "dyad_new_id": _num(14085 + dyad),
        "dyad_name": _cat(side_a, " - ", side_b),
        "side_a_dset_id": _num(61 + dyad),
        "side_a_new_id": _num(61 + dyad),
        "side_a": side_a,
        "side_b_dset_id": _num(5817 + dyad),
        "side_b_new_id": _num(5817 + dyad),
        "side_b": side_b,
        "number_of_sources": _num(rng.integers(1, 4, n)),
        "source_article": _cat('"', SYNTHETIC_LABEL, ",", src_date, ",", headline, '"'),
        "source_office": pa.array([SYNTHETIC_LABEL] * n),
        "source_date": src_date,
        "source_headline": headline,
        "source_original": pa.array(["SYNTHETIC"] * n),
        "where_prec": _num(_pick(rng, [70, 15, 10, 5], n) + 1),
        "where_coordinates": _cat(location, " town"),
        "where_description": _cat(location, " (synthetic)"),
        "adm_1": admin1,
        "adm_2": _cat(_take([p[2] for p in PLACES], place), " raion"),
        "latitude": lat_txt,
        "longitude": lon_txt,
        "geom_wkt": _cat("POINT (", _num(lon, "6"), " ", _num(lat, "6"), ")"),
        "priogrid_gid": _num(
            ((lat + 90) * 2).astype(int) * 720 + ((lon + 180) * 2).astype(int) + 1
        ),
        "country": pa.array(["Ukraine"] * n),
        "iso3": pa.array(["UKR"] * n),
        "country_id": pa.array(["369"] * n),
        "region": pa.array(["Europe"] * n),
        "event_clarity": _num(_pick(rng, [90, 10], n) + 1),
        "date_prec": _num(date_prec),
        "date_start": start_txt,
        "date_end": end_txt,
        "deaths_a": _num(deaths_a),
        "deaths_b": _num(deaths_b),
        "deaths_civilians": _num(deaths_civ),
        "deaths_unknown": _num(deaths_unknown),
        "best": best_txt,
        "high": _num(high),
        "low": _num(low),
        "gwnoa": pa.array(["369"] * n),
        "gwnob": _strings([""] * n),
    }
    names = list(UCDP_COLUMNS)
    if hdx:
        names.insert(names.index("country") + 1, "iso3")
    table = pa.table({c: cols[c] for c in names})
    if hdx:
        tags = pa.table({c: pa.array([HXL_TAGS.get(c, "")], pa.string()) for c in names})
        table = pa.concat_tables([tags, table])
    return table


def table(fmt: str, rows: int, seed: int = 0, quirks: bool = False, **options) -> pa.Table:
    if fmt == "acled":
        return acled_table(rows, seed, quirks, **options)
    if fmt == "ucdp":
        return ucdp_table(rows, seed, quirks, **options)
    raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")


def write(fmt: str, rows: int, seed: int, out: str | Path, quirks: bool = False, **options) -> Path:
    """Write a synthetic file.

    Plain files are written by DuckDB (values quoted only where needed, empty cells empty, LF
    line ends, as the exports are); with ``quirks`` by pyarrow with CRLF line ends and every
    text value quoted, as a spreadsheet re-save may write them.
    """
    out = Path(out)
    data = table(fmt, rows, seed, quirks, **options)
    if quirks:
        pacsv.write_csv(
            data, out, pacsv.WriteOptions(quoting_style="needed", eol="\r\n", batch_size=65536)
        )
        return out
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        con.register("synth_rows", data)
        cols = ", ".join(f"nullif({_ident(c)}, '') AS {_ident(c)}" for c in data.column_names)
        con.execute(
            f"COPY (SELECT {cols} FROM synth_rows) TO $out (FORMAT csv, HEADER, DELIMITER ',')",
            {"out": str(out)},
        )
    return out


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def default_name(fmt: str, rows: int, seed: int, quirks: bool = False) -> str:
    return f"synthetic_{fmt}_{rows}_seed{seed}{'_quirks' if quirks else ''}.csv"
