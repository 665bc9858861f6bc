"""Troop and casualty figures in news text, with their qualifiers kept as data.

"more than 13,200" -> 13200, open-ended, ``more than``; "around 100,000" -> 100000-100000
``around``; "between 169,000 and 190,000" -> 169000-190000 ``between``; "13,200-13,400" ->
13200-13400 (a plain range); "90 thousand" -> 90000. What is counted decides the table: troops,
soldiers, forces or personnel -> ``troops``; killed, dead, deaths or lives -> ``casualties``
(wounded and injured too). Who gave the figure is taken from "X said" / "according to X".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crisis.extract.actors import DEMONYMS

QUALIFIERS = {
    "more than": "more than",
    "over": "more than",
    "upwards of": "more than",
    "in excess of": "more than",
    "at least": "at least",
    "no fewer than": "at least",
    "no less than": "at least",
    "around": "around",
    "about": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "estimated": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "closer to": "about",
    "just under": "nearly",
}
_Q = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:thousand|million|k)\b)?"
FIGURE = re.compile(
    rf"(?<![\w,.])(?:(?P<q>{_Q})\s+)?"
    rf"(?:(?P<between>between)\s+(?P<a>{_NUMBER})\s+and\s+(?P<b>{_NUMBER})"
    rf"|(?:from\s+)?(?P<lo>{_NUMBER})(?:\s*(?:-|to)\s*(?P<hi>{_NUMBER}))?)"
    r"(?![\w%]|[.,]\d)",
    re.IGNORECASE,
)
TROOP_NOUNS = (
    "troops",
    "soldiers",
    "servicemen",
    "servicemembers",
    "personnel",
    "forces",
    "sailors",
    "marines",
    "paratroopers",
    "reservists",
    "recruits",
    "conscripts",
)
PEOPLE_NOUNS = ("people", "civilians", "persons", "lives", "deaths", "dead", "killed")
_NOUN_AFTER = re.compile(
    r"^\s*(?:(?:[A-Z][a-z]+|U\.S\.|U\.K\.|US|UK|more|additional|combat[- ]ready|ground|active"
    r"|military|armed|"
    # the arm or kind of troops: "1,000 U.S. cavalry troops", "2,000 infantry soldiers"
    r"|cavalry|infantry|airborne|armou?red|mechani[sz]ed|marine|naval|special|elite|extra"
    r"|fresh|allied|reserve|combat|"
    r"Russian|of|the|its|their)\s+){0,3}"
    r"(?P<noun>" + "|".join(TROOP_NOUNS + PEOPLE_NOUNS + ("wounded", "injured")) + r")\b"
    # "the 350 troop reinforcements": the count of troops sent
    r"|^\s*(?P<troop>troop)\s+(?:reinforcements|contingent|deployment)\b"
)
# casualty counts are often written in words: "two servicemen were killed"
WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split(),
        start=1,
    )
}
WORD_FIGURE = re.compile(
    r"(?<![\w-])(?P<q>(?:at least|more than|nearly|about|some)\s+)?(?P<w>"
    + "|".join(WORD_NUMBERS)
    + r")(?P<after>\s+(?:[\w-]+\s+){0,3}?(?:people|civilians?|persons?|servicem[ae]n|soldiers?"
    r"|troops|employees|staff|workers|children|residents|members?)\b"
    # "two servicemen of the Joint Forces were wounded"
    r"(?:\s+(?:of\s+the\s+(?:[\w-]+\s+){1,3}?)?(?:were|was|have been|had been)\s+)"
    r"(?:killed|wounded|injured|hurt)\b)"
    # "two servicemen ... were wounded, another one was injured": one more of the same
    r"|(?<=another )(?P<one>one)(?P<more>\s+(?:was|has been)\s+(?:killed|wounded|injured"
    r"|hurt)\b)",
    re.IGNORECASE,
)
# a force the text names with its acronym: "the Canadian Armed Forces (CAF)"
FORCE_ACRONYM = re.compile(
    r"\b(?:Armed Forces|Defen[cs]e Forces|Forces|Army|Navy|National Guard)\s+\(([A-Z]{2,6})\)"
)
# the troops a count before the number is of ("the number of troops ... rose to")
_COUNTED = r"(?P<noun>troops|soldiers|servicemen|personnel|forces)"
_STRONG = re.compile(
    r"^-strong\s+(?:[\w-]+\s+)?(?:army|military|armed forces|forces?|contingent|troops)\b", re.I
)
_ARMY_MEMBERS = re.compile(
    r"^\s*(?:[\w.…-]+\s+){0,2}?members\s+of\s+(?:(?:our|the|its|their|his|her)\s+"
    r"(?:[\w-]+\s+)?(?:army|armed forces|military|forces)\b"
    # "over 120 members of U.S. mercenary groups": fighters of armed groups
    r"|(?:[\w.-]+\s+){0,2}?(?:mercenary|armed|paramilitary|militant)\s+(?:groups?|formations"
    r"|units)\b)",
    re.I,
)
# "up to 460 additional Canadian Armed Forces members", "the 540 Armed Forces members": members
# of a force named in full
_FORCE_MEMBERS = re.compile(
    r"^\s*(?:(?:additional|more|extra|new|[A-Z][a-z]+)\s+){0,2}(?:Armed Forces|armed forces"
    r"|Army|Navy|Air Force|National Guard|military)\s+(?:members|personnel)\b"
)
# a people counted among the dead: "more than 13,000 Ukrainians have been killed"
_NATIONALS_KILLED = re.compile(
    r"^\s*(?:" + "|".join(DEMONYMS) + r")s\s+(?:have been|had been|were|was|are being)\s+"
    r"(?:killed|wounded|injured)\b"
)
KILLED = re.compile(r"\b(?:killed|dead|died|deaths?|death toll|lives|casualt(?:y|ies))\b", re.I)
WOUNDED = re.compile(r"\b(?:wounded|injured)\b", re.I)
SCOPE = re.compile(
    r"^\s*(?:(?:were|are|was|is|been|have|has|had|being|now|still|stationed|gathered|deployed"
    r"|massed|amassed|based|located|positioned|concentrated|remain|remained|remains)\s+){0,3}"
    r"(?P<scope>(?:near|along|on|at|in|around|inside|across|within)\s+[^,;.]+?)"
    r"(?=\s+(?:could|would|which|that|who|and|were|was|are|is|have|has|had)\b|[,;.]|$)"
)
CONFLICT = re.compile(
    r"\b(?:in|during)\s+(?:the|a|an)\s+[^,;.]{0,40}?\b(?:war|conflict|fighting)\b"
)
SAY = re.compile(
    r"\b(?:said|says|told|estimated|estimates|reported|reports|assessed|stated)\b"
    r"|\baccording to\b",
    re.I,
)


_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z\"'‘“]|\s*$)")


def _sentence_counts_troops(norm: str, start: int, end: int) -> bool:
    """Whether the sentence around ``norm[start:end]`` names troops (before or after it)."""
    ends = [e.end() for e in _SENTENCE_END.finditer(norm, 0, start)]
    first = ends[-1] if ends else 0
    last = _SENTENCE_END.search(norm, end)
    sentence = norm[first : last.end() if last else len(norm)]
    return bool(re.search(r"\b(?:" + "|".join(TROOP_NOUNS) + r")\b", sentence))


@dataclass(frozen=True)
class FigureMention:
    start: int
    end: int
    text: str
    kind: str  # troops | casualties
    value_low: int
    value_high: int | None
    qualifier: str
    unit: str
    subject: str
    scope: str
    confidence: float
    note: str


def to_number(text: str) -> int | None:
    """'13,200' -> 13200, '90 thousand' -> 90000, '1.5 million' -> 1500000."""
    m = re.fullmatch(r"(?P<n>[\d,]+(?:\.\d+)?)\s*(?P<m>thousand|million|k)?", text.strip(), re.I)
    if not m:
        return None
    number = float(m.group("n").replace(",", ""))
    mult = {"thousand": 1000, "k": 1000, "million": 1_000_000}.get((m.group("m") or "").lower(), 1)
    value = number * mult
    return int(round(value)) if value == int(round(value)) or mult > 1 else None


def parse_figure(text: str) -> tuple[int, int | None, str] | None:
    """(value_low, value_high, qualifier) of a figure phrase, or None.

    >>> parse_figure("more than 13,200")
    (13200, None, 'more than')
    >>> parse_figure("between 169,000 and 190,000")
    (169000, 190000, 'between')
    """
    m = FIGURE.fullmatch(text.strip())
    if not m:
        return None
    return _values(m)


def _values(m: re.Match) -> tuple[int, int | None, str] | None:
    qualifier = QUALIFIERS.get((m.group("q") or "").lower(), "")
    if m.group("between"):
        low, high = to_number(m.group("a")), to_number(m.group("b"))
        if low is None or high is None or high < low:
            return None
        return low, high, "between"
    low = to_number(m.group("lo"))
    if low is None:
        return None
    if m.group("hi"):
        high = to_number(m.group("hi"))
        # "13,200-13,400"; a shortened "13,200-400" is not taken
        if high is None or high <= low:
            return None
        return low, high, qualifier if qualifier not in ("more than", "at least") else ""
    if qualifier in ("more than", "at least"):
        return low, None, qualifier
    return low, low, qualifier


def find_figures(norm: str, start: int = 0, end: int | None = None) -> list[FigureMention]:
    """Troop and casualty figures in ``norm[start:end]`` (offsets into ``norm``)."""
    end = len(norm) if end is None else end
    out: list[FigureMention] = []
    # "the Canadian Armed Forces (CAF) ... about 200 CAF members": members of a force the
    # text names by its acronym are troops
    forces = set(FORCE_ACRONYM.findall(norm))
    members = (
        re.compile(r"^\s*(?:" + "|".join(sorted(forces)) + r")\s+(?P<noun>members)\b")
        if forces
        else None
    )
    for m in FIGURE.finditer(norm, start, end):
        values = _values(m)
        if values is None:
            continue
        low, high, qualifier = values
        if 1900 <= low <= 2100 and high in (low, None) and "," not in m.group() and not qualifier:
            after = norm[m.end() : m.end() + 30]
            if not _NOUN_AFTER.match(after):
                continue  # a year
        after = norm[m.end() : min(end, m.end() + 80)]
        before = norm[max(start, m.start() - 60) : m.start()]
        noun_match = _NOUN_AFTER.match(after) or (members.match(after) if members else None)
        noun = (noun_match.group("noun") or "troops").lower() if noun_match else ""
        crew = bool(re.search(r"\bcrews? of\s+$", before)) and noun in ("", "people", "personnel")
        if crew:
            # "a naval frigate with a crew of 160 people": the ship's company, in uniform
            noun = "personnel"
        if noun == "members":
            noun = "troops"
        if not noun and _ARMY_MEMBERS.match(after):
            noun = "troops"  # "250,000 official … members of our army"
        if not noun and _FORCE_MEMBERS.match(after):
            noun = "troops"  # "up to 460 additional Canadian Armed Forces members"
        if not noun and _STRONG.match(after):
            noun = "troops"  # "the country's 246,000-strong military"
        if not noun and _NATIONALS_KILLED.match(after):
            noun = "people"  # "more than 13,000 Ukrainians have been killed"
        near_after = after[:40]
        killed = bool(KILLED.search(before[-40:]) or KILLED.search(near_after))
        wounded = bool(WOUNDED.search(before[-40:]) or WOUNDED.search(near_after))
        if noun in TROOP_NOUNS and not (killed or wounded):
            kind = "troops"
            unit = "personnel" if noun == "personnel" else "troops"
        elif (noun in PEOPLE_NOUNS or noun in TROOP_NOUNS or noun in ("wounded", "injured")) and (
            killed or wounded or noun in ("deaths", "dead", "killed", "lives")
        ):
            kind = "casualties"
            if wounded and not killed:
                unit = "people wounded"
            elif noun == "civilians":
                unit = "civilians killed"
            else:
                unit = "people killed"
        elif not noun and re.search(r"\b(?:death toll|toll)\s+(?:of|at|to|rose to)\s*$", before):
            kind, unit = "casualties", "people killed"
        elif not noun and (
            counted_before := re.search(
                # "Russia's buildup of military personnel ... probably totals up to 190,000"
                r"\b" + _COUNTED + r"\b[^.;\d]{0,90}?"
                r"\b(?:totals?|totalled|totaled|numbers?|numbered|reached|stands at)\s+"
                r"(?:up to\s+)?$",
                norm[max(start, m.start() - 100) : m.start()],
            )
            or re.search(
                # "169,000-190,000 personnel ... as compared with about 100,000 on Jan. 30"
                r"\b" + _COUNTED + r"\b[^.;]{0,60}?"
                r"\b(?:compared (?:with|to)|up from|down from|from|against)\s+$",
                norm[max(start, m.start() - 100) : m.start()],
            )
            or re.search(
                # "Russian manpower deployed within 400 kilometers is estimated at 143,500"
                r"\b(?P<noun>troops|soldiers|servicemen|personnel|forces|manpower)\b[^.;]{0,60}?"
                r"\b(?:(?:is|are|was|were|being) )?(?:estimated|put|assessed|pegged)\s+"
                # "currently estimated by the West at more than 150,000"
                # "the number of Russian troops near Ukraine ... is estimated to be 94,300"
                r"(?:by [^,;.\d]{1,30}?\s+)?(?:at|to be)\s+$",
                norm[max(start, m.start() - 100) : m.start()],
            )
            or re.search(
                # "its estimate for how many Russian forces were now staged ... to 130,000"
                r"\bhow many (?:[\w-]+ ){0,2}?" + _COUNTED + r"\b[^.;\d]{0,80}?\b(?:to|at)\s+$",
                norm[max(start, m.start() - 140) : m.start()],
            )
            or re.search(
                r"\b(?:number|total|tally|count|strength) of (?:[\w-]+ ){0,3}?"
                + _COUNTED
                + r"\b[^.;]{0,50}?"
                # "Estimates for the number of Russian troops ... vary from 60,000 to 90,000"
                r"\b(?:to|at|is|was|of|reached|stands at|totals?|vary|varies|varied|ranges?"
                r"|ranged)\s*$",
                norm[max(start, m.start() - 120) : m.start()],
            )
        ):
            # "the total number of Russian troops ... has increased to more than 148,000"
            kind, noun = "troops", counted_before.group("noun")
            unit = "personnel" if noun in ("personnel", "manpower") else "troops"
        elif (
            not noun
            and out
            and out[-1].kind == "troops"
            and m.start() - out[-1].end < 200
            and (
                re.search(
                    # "94,000 troops near the border, but the U.S. believes the figure is closer
                    # to 70,000": the figure, number or estimate named again is the same count
                    r"\b(?:the|that|this|its|their) (?:figure|number|estimate|count|tally|total)"
                    r"\s+(?:(?:is|was|at|to|of|stands at|put at|could be|would be|might be)\s+)+$"
                    # "that number could be ramped up as high as 175,000"
                    r"|\b(?:that|this|the) (?:figure|number|count|total)\s+(?:could|would|might"
                    r"|may|will) be (?:[\w-]+\s+){1,3}?(?:as high as|as many as|up to|to)\s+$",
                    norm[max(start, m.start() - 60) : m.start()],
                )
                # "to more than 130,000, up from the 100,000 the U.S. has cited": the count
                # the figure replaced
                or re.fullmatch(r",?\s+(?:up|down) from (?:the )?", norm[out[-1].end : m.start()])
            )
        ):
            kind, noun, unit = "troops", out[-1].unit, out[-1].unit
        elif (
            not noun
            and re.search(
                # "... raise levels to 175,000, and confuse observers by moving troops"
                r"\b(?:(?:troop|force) )?(?:levels?|strength|presence)\s+(?:to|at|of)\s+$",
                norm[max(start, m.start() - 40) : m.start()],
            )
            and _sentence_counts_troops(norm, m.start(), m.end())
        ):
            kind, noun, unit = "troops", "troops", "troops"
        elif (
            not noun
            and low >= 1000
            and (same := next((o for o in out if o.kind == "troops" and o.value_low == low), None))
        ):
            # "Russia could muster 175,000 troops ... 175,000 (is) not enough": the count told
            # before, named again by its number alone
            kind, noun, unit = "troops", same.unit, same.unit
        else:
            continue
        scope_at = norm[m.end() + (noun_match.end() if noun_match else 0) : min(end, m.end() + 160)]
        scope_match = SCOPE.match(scope_at)
        scope = scope_match.group("scope").strip() if scope_match else ""
        if kind == "troops":
            counted = " ".join(after[: noun_match.end()].split()) if noun_match else noun
            if crew:
                counted = f"crew ({counted})" if counted else "crew"
            demonym = [w for w in re.findall(r"\b([A-Z][a-z]+)\b", before) if w in DEMONYMS]
            if demonym and demonym[-1] not in counted:
                counted = f"{demonym[-1]} {counted}"
            subject = counted + (f" {scope}" if scope else "")
        else:
            conflict = CONFLICT.search(norm[max(start, m.start() - 160) : min(end, m.end() + 160)])
            subject = unit + (f" {conflict.group()}" if conflict else "")
        confidence = 0.55 + (0.25 if noun_match else 0.1) + (0.1 if qualifier else 0.0)
        out.append(
            FigureMention(
                m.start(),
                m.end(),
                m.group(),
                kind,
                low,
                high,
                qualifier,
                unit,
                subject.strip(),
                scope,
                round(min(confidence, 0.95), 2),
                "",
            )
        )
    for m in WORD_FIGURE.finditer(norm, start, end):
        if any(f.start <= m.start() < f.end for f in out):
            continue
        word = "w" if m.group("w") else "one"
        value = WORD_NUMBERS[m.group(word).lower()]
        q = " ".join((m.group("q") or "").lower().split())
        qualifier = QUALIFIERS.get(q, "")
        high = None if qualifier in ("more than", "at least") else value
        told = m.group("after") or m.group("more")
        wounded = bool(re.search(r"(?:wounded|injured|hurt)$", told, re.I))
        unit = "people wounded" if wounded else "people killed"
        out.append(
            FigureMention(
                m.start(),
                m.end(word),
                norm[m.start() : m.end(word)],
                "casualties",
                value,
                high,
                qualifier,
                unit,
                unit,
                "",
                0.7,
                "The number is written in words.",
            )
        )
    out.sort(key=lambda f: f.start)
    return out
