"""Dates in news text, resolved against the publication date.

Patterns: "January 4", "Jan. 9-10", "4 January", "9-10 January 2022", "in December", "since
2014", weekday names ("on Monday", "last Friday", "Wednesday"), "yesterday", "today",
"tomorrow", "earlier this week", "last week", "next week", and dates relative to an anchor
("the next day", "two days later", "the day before"). A missing year is added from the
publication date: the year that puts the date closest to it, so "Dec. 23" in a January article
is the previous December. A weekday is the most recent such day on or before the publication
date in a past-tense clause and the next one on or after it in a future clause ("will", "is
to"): the publication's own weekday is that day, "next Monday" the one a week on.

Every mention says whether the source states the date (``stated``: a stated day whose year was
added still counts, as in data/README.md) and carries a note saying what was added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}

_MONTH_WORDS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
# capitalised as in prose, or in capitals as in datelines ("GENEVA, JAN 10")
_MON = rf"(?:{_MONTH_WORDS}|{_MONTH_WORDS.upper()})\." + "?"
_MON_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_ORD = r"(?:st|nd|rd|th)?"
_NUM = r"(?:\d+|" + "|".join(k for k in NUMBER_WORDS if len(k) > 2) + r")"
_YEAR = r"(?:19|20)\d{2}"

MONTH_DAY = re.compile(
    rf"\b(?P<mon>{_MON})\s+(?P<d1>\d{{1,2}}){_ORD}"
    rf"(?:\s*(?:-|to|through|and|or)\s*(?:(?P<mon2>{_MON})\s+)?(?P<d2>\d{{1,2}}){_ORD})?"
    rf"(?:,?\s+(?P<year>{_YEAR}))?(?![\d,]\d)\b"
)
DAY_MONTH = re.compile(
    rf"\b(?P<d1>\d{{1,2}}){_ORD}(?:\s+(?P<mon1>{_MON}))?"
    # "26 January", "the 26th of January"
    rf"(?:\s*(?:-|to|through|and|or)\s*(?P<d2>\d{{1,2}}){_ORD})?"
    rf"\s+(?:(?<=st |nd |rd |th )of\s+)?(?P<mon>{_MON})"
    rf"(?:,?\s+(?P<year>{_YEAR}))?\b"
)
MONTH_ONLY = re.compile(
    rf"\b(?:in|since|from|until|by|during|through|of)\s+(?:(?:early|late|mid)[- ])?"
    rf"(?P<mon>{_MON_FULL})(?:\s+(?P<year>{_YEAR}))?\b(?!\s*\d)"
)
YEAR_ONLY = re.compile(
    rf"\b(?P<prep>in|since|from|until|by|during|before|after|of)\s+(?:(?:early|late|mid)[- ])?"
    rf"(?P<year>{_YEAR})\b(?![,.]?\d)"
)
WEEKDAY = re.compile(
    r"\b(?:(?P<rel>last|next|this|on|early|late)\s+)?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?P<plural>s)?\b"
)
RELATIVE = re.compile(
    r"\b(?P<phrase>the day before yesterday|the day after tomorrow|yesterday|today|tonight"
    r"|last night|(?:early )?this (?:morning|afternoon|evening)|earlier today|later today"
    r"|later (?:this|in the) month"
    r"|tomorrow|earlier (?:this|in the) week|later (?:this|in the) week|last week|next week"
    r"|this week"
    r"|(?:the (?:start|beginning) of |early )next (?:year|month)"
    r"|earlier this month|last month|next month|last year|this year|next year)\b",
    re.IGNORECASE,
)
ANCHORED = re.compile(
    rf"\b(?:(?P<next>(?:the|a) (?:next|following) day|the day after(?! tomorrow)"
    rf"|a day later|(?P<n1>{_NUM}) days? (?:later|after(?:wards)?))"
    # "Earlier in the day, Putin presided over a meeting": the day last told
    rf"|(?P<same>(?:on )?the same day|(?:earlier|later) (?:in|on|that) (?:the )?day)"
    rf"|(?P<prev>the (?:previous|preceding) day|the day before(?! yesterday)"
    rf"|a day (?:earlier|before)"
    rf"|(?P<n2>{_NUM}) days? (?:earlier|before)"
    # "on Tuesday, a day after Putin recognised the regions": what follows, the day before
    rf"|(?<=, )(?:a|one|(?P<n3>{_NUM})) days? after(?=\s+(?:[A-Z]|the\b|his\b|her\b))))\b",
    re.IGNORECASE,
)
# "Two weeks ago we sent anti-tank weaponry", "three days ago": counted back from the paper
AGO = re.compile(rf"\b(?P<n>{_NUM}|an?|a few|several) (?P<unit>days?|weeks?) ago\b", re.IGNORECASE)
DURATION_YEARS = re.compile(
    rf"\b(?P<q>nearly |almost |more than |over |about |around |some )?(?P<n>{_NUM})[- ]year"
    r"(?:s?[- ]long|[- ]old)?\s+(?P<noun>war|conflict|occupation|insurgency|fighting|campaign"
    r"|standoff|stand-off|blockade)\b",
    re.IGNORECASE,
)
DURATION_DAYS = re.compile(
    rf"\b(?P<n>{_NUM})[- ]day\s+(?:(?:official|state|working|diplomatic)\s+)?"
    r"(?P<noun>visit|trip|tour|summit|talks|meeting|conference|exercises?|drills?|session)\b",
    re.IGNORECASE,
)
FUTURE = re.compile(
    r"\b(?:will|shall|is to|are to|is due|are due|is set to|are set to|scheduled|planned for"
    r"|plans? to|expected to|is expected|are expected|next|as early as|as soon as)\b|'ll\b",
    re.IGNORECASE,
)

# a verb in the past tense ("spoke", "met", "reported", "had")
PAST_VERB = re.compile(
    r"\b(?:spoke|met|held|said|told|talked|visited|was|were|had|did|went|came|gave|took"
    r"|[a-z]{3,}ed)\b(?! (?:by|for) (?:\w+ )?(?:the|a)\b)"
)


_PAST_RIGHT_BEFORE = re.compile(
    r"\b(?:said|told|announced|stated|added|wrote|reported|confirmed|spoke|met|held|visited"
    r"|[a-z]{3,}ed)\s+(?:(?:on|late|early|last)\s+)?$"
)
# "next week" said shortly before, with no other week or day named since
_NEXT_WEEK_BEFORE = re.compile(
    r"\bnext week\b(?![\s\S]*\b(?:last week|this week|yesterday|today|tomorrow)\b)[\s\S]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A date (or span of days) mentioned at ``start:end`` of the article."""

    start: int
    end: int
    text: str
    first: date | None  # None until an anchored mention is resolved
    last: date | None  # last day of a range; None for one day
    precision: str  # day | month | year
    stated: bool
    kind: str  # absolute | month | year | weekday | relative | anchored | duration
    note: str = ""
    offset: int = 0  # days from the anchor, for kind "anchored"

    @property
    def resolved(self) -> bool:
        return self.first is not None

    def anchored_to(self, anchor: date, what: str) -> DateMention:
        """This anchored mention resolved against ``anchor`` (``what`` names the anchor)."""
        day = anchor + timedelta(days=self.offset)
        note = (
            f"Date computed, not stated: '{self.text}' counted from {what} ({anchor.isoformat()})."
        )
        return replace(self, first=day, note=note)


def _number(word: str | None) -> int | None:
    if word is None:
        return None
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def nearest_year(month: int, day: int, published: date) -> int | None:
    """The year that puts ``month``/``day`` closest to ``published`` (None if no such day)."""
    best: tuple[int, int] | None = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        gap = abs((d - published).days)
        if best is None or gap < best[0]:
            best = (gap, year)
    return None if best is None else best[1]


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_note(year_stated: bool, first: date, published: date) -> str:
    if year_stated:
        return ""
    return f"Year {first.year} added from the publication date ({published.isoformat()})."


def _absolute(m: re.Match, published: date, day_first: bool) -> DateMention | None:
    mon = _month(m.group("mon"))
    d1 = int(m.group("d1"))
    d2 = m.group("d2")
    if day_first:
        mon1 = _month(m.group("mon1")) if m.group("mon1") else mon
        mon2 = mon
    else:
        mon1 = mon
        mon2 = _month(m.group("mon2")) if m.group("mon2") else mon
    year_text = m.group("year")
    year = int(year_text) if year_text else nearest_year(mon1, d1, published)
    if year is None:
        return None
    first = _safe(year, mon1, d1)
    if first is None:
        return None
    last = None
    if d2:
        year2 = year + (1 if mon2 < mon1 else 0)
        last = _safe(year2, mon2, int(d2))
        if last is None or last <= first:
            return None
    return DateMention(
        m.start(),
        m.end(),
        m.group(),
        first,
        last,
        "day",
        True,
        "absolute",
        _year_note(bool(year_text), first, published),
    )


def _weekday(
    m: re.Match, norm: str, published: date, clause: str, ahead: bool = False
) -> DateMention | None:
    if m.group("plural"):
        return None  # "on Mondays": a habit, not a date
    target = WEEKDAYS.index(m.group("wd").lower())
    rel = (m.group("rel") or "").lower()
    # the verb before the weekday sets its tense when it is in the past: in "Biden spoke for
    # about 50 minutes Sunday with Zelenskyy and renewed promises of what will be ..." the
    # "will" after the day is another verb's
    at = clause.find(m.group())
    before = clause[:at] if at >= 0 else ""
    past_before = bool(PAST_VERB.search(before)) and not FUTURE.search(before)
    # '... will take place "in three or four days," Robles said on Thursday': the verb right
    # before the day is in the past, whatever was said to come
    past_before = past_before or bool(_PAST_RIGHT_BEFORE.search(before))
    future = rel == "next" or (
        rel != "last" and not past_before and (ahead or bool(FUTURE.search(clause)))
    )
    if rel == "this":
        day = _monday(published) + timedelta(days=target)
        return DateMention(
            m.start("rel"),
            m.end(),
            norm[m.start("rel") : m.end()],
            day,
            None,
            "day",
            False,
            "weekday",
            f"Date computed from 'this {m.group('wd')}' (that day in the week of the "
            f"publication date {published.isoformat()}).",
        )
    if future:
        # the publication's own weekday is that day ("talks in Vienna on Thursday" in a
        # Thursday paper), "next Thursday" the one a week on
        delta = (target - published.weekday()) % 7 or (7 if rel == "next" else 0)
        day = published + timedelta(days=delta)
        how = "the next one on or after" if delta == 0 else "the next one after"
    else:
        delta = (published.weekday() - target) % 7
        if rel == "last" and delta == 0:
            delta = 7
        day = published - timedelta(days=delta)
        how = "the most recent one on or before"
    start = m.start("rel") if rel in ("on", "last", "next", "this") else m.start("wd")
    return DateMention(
        start,
        m.end(),
        norm[start : m.end()],
        day,
        None,
        "day",
        False,
        "weekday",
        f"Date computed from the weekday '{m.group('wd')}' ({how} the publication date "
        f"{published.isoformat()}, as the clause is in the {'future' if future else 'past'}).",
    )


def _month_end(d: date) -> date:
    nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _relative(m: re.Match, published: date) -> DateMention | None:
    phrase = m.group("phrase").lower()
    p = published
    first: date
    last: date | None = None
    precision = "day"
    if phrase == "yesterday":
        first = p - timedelta(days=1)
    elif phrase == "last night":
        first = p - timedelta(days=1)
    elif phrase in ("today", "tonight", "earlier today", "later today") or phrase.endswith(
        ("morning", "afternoon", "evening")
    ):
        first = p
    elif phrase == "tomorrow":
        first = p + timedelta(days=1)
    elif phrase == "the day before yesterday":
        first = p - timedelta(days=2)
    elif phrase == "the day after tomorrow":
        first = p + timedelta(days=2)
    elif phrase.startswith("earlier"):
        if "month" in phrase:
            first, last = p.replace(day=1), p
        else:
            first = _monday(p)
            last = max(first, p - timedelta(days=1))
    elif phrase.startswith("later") and "month" in phrase:
        first = p + timedelta(days=1)
        last = max(first, _month_end(p))
    elif phrase.startswith("later"):
        first = p + timedelta(days=1)
        last = max(first, _monday(p) + timedelta(days=6))
    elif phrase == "this week":
        first = _monday(p)
        last = first + timedelta(days=6)
    elif phrase == "last week" and p.weekday() == 6:
        # a Sunday paper's "last week" is the week now ending, Monday to Saturday
        first = _monday(p)
        last = p - timedelta(days=1)
    elif phrase == "last week":
        first = _monday(p) - timedelta(days=7)
        last = first + timedelta(days=6)
    elif phrase == "next week":
        first = _monday(p) + timedelta(days=7)
        last = first + timedelta(days=6)
    elif phrase.endswith("next year") and phrase != "next year":
        # "at the start of next year", "early next year": its first month
        first = date(p.year + 1, 1, 1)
        precision = "month"
    elif phrase.endswith("next month"):
        month = p.month + 1
        year = p.year + (month - 1) // 12
        first = date(year, (month - 1) % 12 + 1, 1)
        precision = "month"
    elif phrase == "last month":
        month = p.month - 1
        year = p.year + (month - 1) // 12
        first = date(year, (month - 1) % 12 + 1, 1)
        precision = "month"
    else:  # last/this/next year
        year = p.year + {"last year": -1, "this year": 0, "next year": 1}[phrase]
        first = date(year, 1, 1)
        precision = "year"
    if last == first:
        last = None
    span = f"{first.isoformat()}" + (f" to {last.isoformat()}" if last else "")
    return DateMention(
        m.start(),
        m.end(),
        m.group(),
        first,
        last,
        precision,
        False,
        "relative",
        f"Date computed, not stated: '{m.group()}' counted from the publication date "
        f"{p.isoformat()} ({span}).",
    )


# "GENEVA, Jan 10 (Reuters) -", "(ANSA) - GENEVA, JAN 10 -", "BRUSSELS, January 4. / TASS /:",
# "WASHINGTON / MOSCOW, Dec. 7 (Reuters) -", "MOSCOW (UrduPoint News / Sputnik - 21st December,
# 2021)": the place and day the report was filed, at the very start of the text
DATELINE = re.compile(
    r"^\s*(?:\([\w .]+\)\s*-\s*)?(?P<place>[A-Z][A-Z.'-]+(?:[ /]+[A-Z][A-Z.'-]+)*)"
    r"(?:,? [A-Z][a-z]+\.?)?(?:,|\s*\()"
)


def dateline(norm: str) -> tuple[int, int] | None:
    """The span of a dateline at the start of the text (place, date, agency), or None."""
    m = DATELINE.match(norm)
    if m is None:
        return None
    end = norm.find("\n")
    end = len(norm) if end < 0 else end
    stop = re.search(r"\s[-:]\s|\)\s|/:|\s-$", norm[m.end() : min(end, m.end() + 90)])
    if stop is None:
        return None
    stop_at = m.end() + stop.end()
    if norm.count("(", 0, stop_at) > norm.count(")", 0, stop_at):  # "(Agency - 21 December)"
        close = norm.find(")", stop_at, end)
        stop_at = close + 1 if close >= 0 else stop_at
    return m.start("place"), stop_at


def find_dates(norm: str, published: date, clause_of=None) -> list[DateMention]:
    """Every date mention in the (normalised) text, earliest first, overlaps removed.

    ``clause_of(pos) -> str`` gives the text around a position, for the tense of weekdays
    (default: 80 characters before and 40 after).
    """
    found: list[DateMention] = []

    def clause(pos: int) -> str:
        if clause_of is not None:
            return clause_of(pos)
        return norm[max(0, pos - 80) : pos + 40]

    for m in MONTH_DAY.finditer(norm):
        if (mention := _absolute(m, published, day_first=False)) is not None:
            found.append(mention)
    for m in DAY_MONTH.finditer(norm):
        if (mention := _absolute(m, published, day_first=True)) is not None:
            found.append(mention)
    for m in MONTH_ONLY.finditer(norm):
        mon = _month(m.group("mon"))
        year_text = m.group("year")
        year = int(year_text) if year_text else nearest_year(mon, 15, published)
        first = date(year, mon, 1)
        found.append(
            DateMention(
                m.start("mon"),
                m.end(),
                norm[m.start("mon") : m.end()],
                first,
                None,
                "month",
                True,
                "month",
                _year_note(bool(year_text), first, published),
            )
        )
    for m in YEAR_ONLY.finditer(norm):
        first = date(int(m.group("year")), 1, 1)
        found.append(
            DateMention(
                m.start("year"),
                m.end("year"),
                m.group("year"),
                first,
                None,
                "year",
                True,
                "year",
                f"Year precision: the text gives only the year {first.year}.",
            )
        )
    for m in WEEKDAY.finditer(norm):
        # "will visit Ukraine and Russia next week ... Her first talks in Kyiv on Monday come
        # amid ...": a tenseless weekday right after "next week" is in that week
        ahead = _NEXT_WEEK_BEFORE.search(norm, max(0, m.start() - 300), m.start()) is not None
        if (mention := _weekday(m, norm, published, clause(m.start()), ahead)) is not None:
            found.append(mention)
    for m in RELATIVE.finditer(norm):
        if (mention := _relative(m, published)) is not None:
            found.append(mention)
    for m in AGO.finditer(norm):
        word = m.group("n").lower()
        n = 1 if word in ("a", "an") else 3 if word in ("a few", "several") else _number(word)
        if not n:
            continue
        days = n * (7 if m.group("unit").lower().startswith("week") else 1)
        loose = " ('a few' and 'several' taken as three)" if word in ("a few", "several") else ""
        found.append(
            DateMention(
                m.start(),
                m.end(),
                m.group(),
                published - timedelta(days=days),
                None,
                "day",
                False,
                "relative",
                f"Date computed, not stated: '{m.group()}' counted back {days} days from the "
                f"publication date {published.isoformat()}{loose}.",
            )
        )
    for m in ANCHORED.finditer(norm):
        n = _number(m.group("n1") or m.group("n2") or m.group("n3")) or 1
        offset = 0 if m.group("same") else (n if m.group("next") else -n)
        found.append(
            DateMention(
                m.start(), m.end(), m.group(), None, None, "day", False, "anchored", "", offset
            )
        )
    for m in DURATION_YEARS.finditer(norm):
        n = _number(m.group("n"))
        if not n or n > 100:
            continue
        first = date(published.year - n, 1, 1)
        found.append(
            DateMention(
                m.start(),
                m.end(),
                m.group(),
                first,
                None,
                "year",
                False,
                "duration",
                f"Start year {first.year} computed, not stated: '{m.group().strip()}' counted back "
                f"from the publication date ({published.isoformat()}).",
            )
        )
    kept = _without_overlaps(found)
    span = dateline(norm)
    if span is not None:
        kept = [
            replace(
                d,
                kind="dateline",
                note=f"The dateline's date ('{d.text}'): when the report was filed, not an event.",
            )
            if span[0] <= d.start < span[1]
            else d
            for d in kept
        ]
    return kept


def _without_overlaps(found: list[DateMention]) -> list[DateMention]:
    """Keep the longest mention where several overlap (e.g. "January 9-10" over "9-10")."""
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            if (mention.end - mention.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


@dataclass(frozen=True)
class DayCount:
    """A stated length in days ("three-day visit") and the noun it measures."""

    start: int
    end: int
    text: str
    days: int
    noun_start: int


def find_day_counts(norm: str) -> list[DayCount]:
    out = []
    for m in DURATION_DAYS.finditer(norm):
        n = _number(m.group("n"))
        if n and 1 < n <= 60:
            out.append(DayCount(m.start(), m.end(), m.group(), n, m.start("noun")))
    return out
