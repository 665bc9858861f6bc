"""Actors in news text: known ones by name and alias, unknown people and bodies proposed as new.

Known actors come from the store's actors table (``actor_id``, ``name``, ``aliases``, ``kind``,
``parent_actor_id``), matched case-insensitively but keeping the capitals an alias has ("the
West" matches "The West", "Western" does not match "western Ukraine"). A title in front of a
known person ("U.S. Secretary of State Antony Blinken", "his British counterpart Liz Truss") is
part of the mention, so the state in the title is not counted as a separate actor. Demonyms
("Russian", "Ukrainian") name their state's actor when that state is known.

Unknown names are proposed when the text says who they are: a title before a name ("Defence
Minister Oleksii Reznikov"), a name that says something ("Jane Doe said"), an organisation
name ending in a word such as Ministry, Council or Agency, or an acronym in parentheses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import pandas as pd

from crisis.extract.text import normalise

# demonym -> the state's usual English name (matched to a known actor by name or alias)
DEMONYMS = {
    "American": "United States",
    "Austrian": "Austria",
    "Belarusian": "Belarus",
    "Belgian": "Belgium",
    "British": "United Kingdom",
    "Bulgarian": "Bulgaria",
    "Canadian": "Canada",
    "Chinese": "China",
    "Czech": "Czech Republic",
    "Danish": "Denmark",
    "Dutch": "Netherlands",
    "Estonian": "Estonia",
    "Finnish": "Finland",
    "French": "France",
    "Georgian": "Georgia",
    "German": "Germany",
    "Hungarian": "Hungary",
    "Italian": "Italy",
    "Japanese": "Japan",
    "Kazakh": "Kazakhstan",
    "Latvian": "Latvia",
    "Lithuanian": "Lithuania",
    "Moldovan": "Moldova",
    "Norwegian": "Norway",
    "Polish": "Poland",
    "Romanian": "Romania",
    "Russian": "Russia",
    "Slovak": "Slovakia",
    "Spanish": "Spain",
    "Swedish": "Sweden",
    "Swiss": "Switzerland",
    "Turkish": "Turkey",
    "Ukrainian": "Ukraine",
}

# seats of government that stand for the state in news prose, and the state's other names
METONYMS = {
    "Kremlin": "Russia",
    "White House": "United States",
    "Elysee": "France",
    "Great Britain": "United Kingdom",
    "Britain": "United Kingdom",
    "UK": "United Kingdom",
    "Washington": "United States",
}
# the other names news prose gives the armed groups of eastern Ukraine ("shelling by
# militants", "rebel leaders"): the word, and the name of the group in the actors table
GROUP_WORDS = {
    "separatists": "Russia-backed separatists",
    "rebels": "Russia-backed separatists",
    "militants": "Russia-backed separatists",
}
# seats that are also places: "Washington is ready", but "talks in Washington"
_SEAT_PLACES = frozenset({"Washington"})
# other spellings of known names used in hyphenated pairs ("Russia-US", "US-Russian")
_SPELLINGS = {"US": "U.S.", "USA": "U.S.", "America": "United States", "Russian": "Russia"}

TITLE_WORDS = frozenset(
    {
        "president",
        "minister",
        "secretary",
        "chancellor",
        "premier",
        "ambassador",
        "envoy",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chief",
        "head",
        "director",
        "general",
        "commander",
        "senator",
        "governor",
        "mayor",
        "king",
        "queen",
        "leader",
        "counterpart",
        "diplomat",
        "official",
        "adviser",
        "advisor",
        "representative",
        "chairman",
        "chairwoman",
        "chair",
        "deputy",
        "prime",
        "foreign",
        "defence",
        "defense",
        "interior",
        "state",
        "top",
        "national",
        "security",
        "policy",
        "vice",
        "first",
        "colonel",
        "lieutenant",
        "admiral",
        "spy",
        "intelligence",
        "army",
        "military",
        "staff",
        "joint",
        "u.s.",
        "eu",
        "un",
        "nato",
        "his",
        "her",
        "their",
        "its",
        "the",
        "of",
        "for",
        "and",
    }
)
# a title must contain one of these
TITLE_HEADS = frozenset(
    {
        "president",
        "minister",
        "secretary",
        "chancellor",
        "premier",
        "ambassador",
        "envoy",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chief",
        "head",
        "director",
        "general",
        "commander",
        "senator",
        "governor",
        "mayor",
        "king",
        "queen",
        "leader",
        "counterpart",
        "diplomat",
        "adviser",
        "advisor",
        "representative",
        "chairman",
        "chairwoman",
        "colonel",
        "admiral",
    }
)
ORG_HEADS = frozenset(
    {
        "ministry",
        "council",
        "department",
        "agency",
        "organization",
        "organisation",
        "commission",
        "committee",
        "parliament",
        "assembly",
        "office",
        "service",
        "army",
        "forces",
        "guard",
        "alliance",
        "union",
        "bank",
        "fund",
        "court",
        "institute",
        "party",
        "group",
        "mission",
        "directorate",
        "command",
        "kremlin",
        "pentagon",
        "government",
        "cabinet",
        "administration",
        "news",
        "press",
        "tass",
        "network",
        # gatherings with names of their own: "the Munich Security Conference has opened"
        "conference",
        "summit",
        "forum",
    }
)
# one-word names of institutions that stand for a government ("the Kremlin said")
SINGLE_ORGS = frozenset({"kremlin", "pentagon", "elysee", "bundestag", "verkhovna", "duma"})
SAY_VERBS = (
    r"(?:said|says|told|tells|stated|added|warned|announced|claimed|wrote|insisted|noted"
    r"|stressed|reiterated|emphasi[sz]ed|explained|declared|acknowledged|admitted|replied)"
)
# capitalised words that start no name (sentence starts, calendar words, pronouns, ...)
NOT_NAMES = frozenset(
    """A An The This That These Those It Its He She They We I You His Her Their Our Meanwhile
    However But And Or Yet So Also Still Then Now Later Earlier After Before When While Since
    In On At By For From To Of With Without Under Over Amid Ahead Despite As If Although
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec Mr Mrs Ms Dr Sir Madam Lord Lady Any Some All No Not Both Each Every Many Most
    Western Eastern Northern Southern Central West East North South Europe European Allies
    Transatlantic Soviet Union Cold War World Friday's Monday's Christmas Easter New Year
    Reuters AFP AP""".split()
)

_CALENDAR = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April"
    r"|May|June|July|August|September|October|November|December)\b"
)
# a capitalised word, letters of other Latin alphabets included ("Nausėda", "Šefčovič")
_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŖŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_LOW = "a-zß-öø-ÿā-ž"
_CAP = rf"(?:(?!{_CALENDAR})[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)*|[A-Z]\.)"
# "Nicolas de Riviere", "Ursula von der Leyen": particles between the capitalised parts
_PARTICLE = r"(?:(?:de|da|di|du|des|van|von|der|den|del|della|la|le|ter|bin|al) )"
_NAME = rf"{_CAP}(?: {_PARTICLE}{{0,2}}{_CAP}){{1,2}}"
PERSON_AFTER_TITLE = re.compile(rf"(?P<name>{_NAME})")


@dataclass(frozen=True)
class ActorMention:
    """A stretch of text naming an actor (``actor_id`` None for a proposed new actor)."""

    start: int
    end: int
    text: str
    actor_id: str | None
    name: str
    kind: str = ""
    title: str = ""
    parent_id: str | None = None
    evidence: str = ""  # for new actors: why they were proposed


@dataclass
class ActorIndex:
    """Names and aliases of the known actors, ready to match."""

    actors: pd.DataFrame
    names: dict[str, str] = field(default_factory=dict)  # actor_id -> name
    kinds: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)
    _by_lower: dict[str, tuple[str, str]] = field(default_factory=dict)  # -> (as written, id)
    _pattern: re.Pattern | None = None

    @classmethod
    def from_frame(cls, actors: pd.DataFrame) -> ActorIndex:
        index = cls(actors=actors)
        for row in actors.itertuples(index=False):
            aid = str(row.actor_id)
            index.names[aid] = str(row.name)
            kind = getattr(row, "kind", "")
            index.kinds[aid] = kind if isinstance(kind, str) else ""
            parent = getattr(row, "parent_actor_id", None)
            index.parents[aid] = parent if isinstance(parent, str) and parent else None
        for row in actors.itertuples(index=False):
            aid = str(row.actor_id)
            values = [str(row.name)]
            aliases = getattr(row, "aliases", None)
            if isinstance(aliases, str):
                values += [a.strip() for a in aliases.split(";") if a.strip()]
            for value in values:
                value = normalise(value)
                # a name in brackets ("Bucharest Nine (B9)") is also matched without them
                bare = re.sub(r"\s*\([^)]*\)\s*$", "", value)
                for form in (value, bare, _swapped_pair(bare)):
                    if form and len(form) >= 2:
                        index._by_lower.setdefault(form.lower(), (form, aid))
        if index._by_lower:
            forms = sorted((w for w, _ in index._by_lower.values()), key=len, reverse=True)
            alternatives = "|".join(re.escape(f) for f in forms)
            index._pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
        return index

    def lookup(self, name: str) -> str | None:
        """The actor id of a name, alias or id (case-insensitive), or None."""
        key = normalise(name).strip().lower()
        if key in self._by_lower:
            return self._by_lower[key][1]
        if name in self.names:
            return name
        return None

    def ancestors(self, actor_id: str) -> list[str]:
        out: list[str] = []
        cur = self.parents.get(actor_id)
        while cur and cur not in out and cur != actor_id:
            out.append(cur)
            cur = self.parents.get(cur)
        return out

    @staticmethod
    def _capitals_agree(alias: str, found: str) -> bool:
        """Every capital letter of the alias is a capital in the text (but a leading 'The',
        and an acronym of three letters or more written with one capital: "Nato")."""
        words_a, words_f = alias.split(), found.split()
        if len(words_a) != len(words_f):
            return True
        for i, (a, f) in enumerate(zip(words_a, words_f, strict=True)):
            if i == 0 and a.lower() == "the":
                continue
            if len(a) >= 3 and a.isupper() and f == a.capitalize():
                continue  # an acronym written as a word, as British papers do: "Nato"
            if any(ca.isupper() and not cf.isupper() for ca, cf in zip(a, f, strict=False)):
                return False
        return True

    def find(self, norm: str) -> list[ActorMention]:
        """Mentions of known actors (longest first, no overlaps), with titles absorbed."""
        out: list[ActorMention] = []
        if self._pattern is not None:
            for m in self._pattern.finditer(norm):
                found = m.group()
                written, aid = self._by_lower.get(found.lower(), (found, None))
                if aid is None or not self._capitals_agree(written, found):
                    continue
                out.append(ActorMention(m.start(), m.end(), found, aid, self.names[aid]))
        # "Russia-US talks", "U.S.-Russia talks": a hyphenated pair of known actors
        for m in re.finditer(r"\b([A-Z][\w.]*)-([A-Z][\w.]*?)(?=\.?[\s,;:)])", norm):
            parts = [(m.start(1), m.group(1)), (m.start(2), m.group(2))]
            ids = [self.lookup(_SPELLINGS.get(w, w)) for _, w in parts]
            if None in ids or any(a.start <= m.start() < a.end for a in out):
                continue
            for (pos, word), aid in zip(parts, ids, strict=True):
                out.append(ActorMention(pos, pos + len(word), word, aid, self.names[aid]))
        for m in re.finditer(r"(?<![\w.-])US(?![\w-])", norm):
            aid = self.lookup("U.S.")
            if aid is None or any(a.start <= m.start() < a.end for a in out):
                continue
            out.append(ActorMention(m.start(), m.end(), "US", aid, self.names[aid]))
        # the seat of a government standing for it ("the Kremlin said"), as "Moscow" does
        for m in re.finditer(r"\b(?:the )?(" + "|".join(METONYMS) + r")\b", norm):
            aid = self.lookup(METONYMS[m.group(1)])
            if aid is None or any(a.start <= m.start(1) < a.end for a in out):
                continue
            if m.group(1) in _SEAT_PLACES and _PLACE_BEFORE.search(
                norm[max(0, m.start() - 30) : m.start()]
            ):
                continue
            out.append(ActorMention(m.start(1), m.end(1), m.group(1), aid, self.names[aid]))
        for m in re.finditer(r"\b(" + "|".join(GROUP_WORDS) + r")\b", norm):
            aid = self.lookup(GROUP_WORDS[m.group(1)])
            if aid is None or any(a.start <= m.start() < a.end for a in out):
                continue
            out.append(ActorMention(m.start(), m.end(), m.group(), aid, self.names[aid]))
        # "Russian", and the people: "Talks between Russians and Americans"
        for m in re.finditer(r"\b(" + "|".join(DEMONYMS) + r")s?\b", norm):
            aid = self.lookup(DEMONYMS[m.group(1)])
            if aid is None or any(a.start <= m.start() < a.end for a in out):
                continue
            out.append(ActorMention(m.start(), m.end(), m.group(), aid, self.names[aid]))
        out.sort(key=lambda a: a.start)
        # "the alliance", "The council", "the former Soviet republic": a description stands for
        # a known actor only once the text has named it ("inside the Council meeting" of an EU
        # Foreign Affairs Council is no NATO-Russia Council)
        named: set[str] = set()
        kept = []
        for a in out:
            if _generic(a.text) and a.actor_id not in named:
                continue
            if not _generic(a.text) and a.actor_id:
                named.add(a.actor_id)
            kept.append(a)
        return _absorb_titles(norm, kept, self)


_PAIR_NAME = re.compile(r"^([A-Z][\w.]*)-([A-Z][\w.]*)(\s+\w.*)$")


def _generic(text: str) -> bool:
    """A description rather than a name: "the alliance", "The council" (no name in it)."""
    words = text.split()
    return len(words) >= 2 and words[0].lower() == "the" and all(w.islower() for w in words[1:])


def _swapped_pair(name: str) -> str | None:
    """A body named after two parties, the other way round: "NATO-Russia Council" ->
    "Russia-NATO Council" (as Russian media name it). None for other names."""
    m = _PAIR_NAME.match(name)
    return f"{m.group(2)}-{m.group(1)}{m.group(3)}" if m else None


_FUNCTION_WORDS = frozenset({"the", "of", "for", "and", "his", "her", "its", "their"})


def _title_before(norm: str, start: int) -> tuple[int, str]:
    """The title right before ``start`` ("U.S. Secretary of State "); ``(start, "")`` if none."""
    tokens: list[tuple[int, str]] = []
    pos = start
    while pos > 0:
        m = re.search(r"(\S+) $", norm[max(0, pos - 40) : pos])
        if not m:
            break
        token = m.group(1)
        token_start = max(0, pos - 40) + m.start(1)
        low = token.lower()
        base = low[:-2] if low.endswith("'s") else low
        acronym = token[:1].isupper() and token.replace(".", "").replace("'s", "").isupper()
        if base in TITLE_WORDS or token in DEMONYMS or acronym:
            tokens.append((token_start, token))
            pos = token_start
            continue
        break
    while tokens and tokens[-1][1].lower() in _FUNCTION_WORDS:
        tokens.pop()
    if not any(t.lower() in TITLE_HEADS for _, t in tokens):
        return start, ""
    begin = tokens[-1][0]
    return begin, norm[begin:start].strip()


def _absorb_titles(
    norm: str, mentions: list[ActorMention], index: ActorIndex
) -> list[ActorMention]:
    """A known person's title swallows the actors named inside it (the "U.S." of a title), and
    adjacent mentions of one actor ("EU foreign policy chief Josep Borrell") become one."""
    out: list[ActorMention] = []
    for mention in mentions:
        if index.kinds.get(mention.actor_id or "") == "person":
            begin, title = _title_before(norm, mention.start)
            if title:
                out = [o for o in out if o.end <= begin or o.actor_id == mention.actor_id]
                mention = ActorMention(
                    begin,
                    mention.end,
                    norm[begin : mention.end],
                    mention.actor_id,
                    mention.name,
                    title=title,
                )
        if out and out[-1].actor_id == mention.actor_id and out[-1].end >= mention.start - 1:
            prev = out.pop()
            start = min(prev.start, mention.start)
            mention = ActorMention(
                start,
                mention.end,
                norm[start : mention.end],
                mention.actor_id,
                mention.name,
                title=mention.title or prev.title,
            )
        out.append(mention)
    return out


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


_TITLED = re.compile(
    r"(?P<title>(?:(?:[A-Z][\w'-]*|U\.S\.|U\.K\.|E\.U\.|of|for|the) +){0,6}?"
    r"(?:President|Prime Minister|Minister|Secretary|Chancellor|Ambassador|Envoy|Spokesman"
    r"|Spokeswoman|Spokesperson|spokesman|spokeswoman|spokesperson|Chief|chief|Director|General"
    r"|Commander|Senator|Governor|Mayor|King|Queen|Leader|Adviser|Advisor|Representative"
    r"|Chairman|Chairwoman|counterpart|Colonel|Admiral|envoy|ambassador|minister|president"
    r"|FM|Aide|aide|Commissioner|Ombudsman|Ombudswoman)(?: of Staff| of State|-of-Staff"
    # "General of the Army Sergey Shoygu", "Admiral Sir Tony Radakin": rank and honour
    r"| of the Army| Sir| Dame"
    # "Deputy Minister of Foreign Affairs Sergei Ryabkov": the ministry is the title's
    r"| of (?:Foreign |Internal |Home )?Affairs| of Defen[cs]e| of (?:the )?Interior"
    # "Secretary of State for Defence Ben Wallace"
    r"| of State for (?:[A-Z][\w'-]+(?: and [A-Z][\w'-]+)?))?"
    # "Permanent Representative to the Organisation for Security and Co-operation in Europe
    # (OSCE) Alexander Lukashevich": the body the title is to, and its acronym
    # "Commissioner for Children's Rights Maria Lvova-Belova": the remit the title is for,
    # as long as a name of two words is left
    r"(?: for (?:[A-Z][\w'’-]* ){0,3}[A-Z][\w'’-]*(?= [A-Z][\w'’-]* [A-Z]))?"
    r"(?: (?:to|at) (?:the )?(?:(?:[A-Z][\w'-]*|for|and|in|of|the) ){0,7}?[A-Z][\w'-]*"
    r"(?: \([A-Z]{2,8}\))?)?"
    # "Secretary General Jens Stoltenberg": a second title word belongs to the title
    r") +(?<![\w-])(?!(?:General|Secretary|Minister|President|Director|Chief)\b)"
    # "ambassador to the United Nations Nicolas de Riviere": the body's last word is the title's
    r"(?!(?:Nations|Union|States|Kingdom|Council|Alliance|Organi[sz]ation|Commission|Assembly"
    r"|Federation|Republic)\b)"
    r"(?P<name>" + _NAME + r")"
)
# "Presidents Joe Biden and Vladimir Putin": one plural title, two names
_PLURAL_TITLED = re.compile(
    r"(?P<title>(?:Presidents|Leaders|Foreign Ministers|Ministers|leaders|presidents)) +"
    r"(?P<first>" + _NAME + r") and (?P<second>" + _NAME + r")"
)
# a surname alone after the title of a head of state or a courtesy title ("President Biden")
_TITLED_SURNAME = re.compile(
    r"\b(?P<title>President|Chancellor|Mr\.?|Ms\.?|Mrs\.?) +"
    r"(?P<name>(?!" + _CALENDAR + rf")[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?)(?! [A-Z])"
)
# "Putin also said": an adverb may stand between the speaker and the verb
_SAY_ADVERB = r"(?:(?:also|again|later|then|further|previously|once again|earlier)\s+)?"
_SAYER = re.compile(rf"(?P<name>{_NAME}),?\s+{_SAY_ADVERB}{SAY_VERBS}\b")
# "On Friday night, Biden said": a surname alone that speaks
_SURNAME_SAYER = re.compile(
    rf"(?<![\w.'-])(?P<name>{_CAP}),?\s+{_SAY_ADVERB}{SAY_VERBS}\b"
    # '"...," added Murphy, asserting': the surname after the verb that ends a quotation
    rf"|(?<=[,\"] )(?:{SAY_VERBS})\s+(?P<after>{_CAP})(?![\w'-]| [{_UP}])"
)
# "Jens Stoltenberg, Secretary General of NATO", "Wendy Sherman, the deputy secretary of
# state,": a title in apposition after the name says who the name is
_TITLE_AFTER = re.compile(
    rf"(?<![\w.-])(?P<name>{_NAME}),\s+(?P<title>(?:the\s+|a\s+)?(?:[\w.'-]+\s+){{0,3}}?"
    r"(?:[Pp]resident|[Mm]inister|[Ss]ecretary|[Cc]hancellor|[Aa]mbassador|[Ee]nvoy"
    r"|[Ss]pokes(?:wo)?man|[Ss]pokesperson|[Dd]irector|[Cc]ommander|[Aa]dviser|[Aa]dvisor"
    r"|[Rr]epresentative|[Cc]hair(?:wo)?man|[Hh]ead)\b(?:\s+(?:[Gg]eneral|of\s+(?:the\s+)?"
    r"(?:[A-Z][\w.'-]*|state|defen[cs]e|staff)(?:\s+[A-Z][\w.'-]*){0,3}))?)"
)
# "Denis Pushilin and Leonid Pasechnik, the de facto heads of separatist-occupied regions":
# one plural title in apposition after two names
_PAIR_TITLE_AFTER = re.compile(
    rf"(?<![\w.-])(?P<first>{_NAME}) and (?P<second>{_NAME}),\s+(?P<title>(?:the\s+)?"
    r"(?:[\w.'-]+\s+){0,3}?(?:[Pp]residents|[Mm]inisters|[Ss]ecretaries|[Cc]hancellors"
    r"|[Aa]mbassadors|[Ee]nvoys|[Ss]pokes(?:wo)?men|[Ll]eaders|[Hh]eads|[Cc]ommanders"
    r"|[Aa]dvis[eo]rs|[Rr]epresentatives)\b)"
)
_ORG_HEAD = "|".join(w.capitalize() for w in ORG_HEADS)
_ORG = re.compile(
    # a name starts with a capital or "the" ("the head of the Regional State Administration"
    # names no body "of the ...")
    r"(?<![\w'-])(?P<name>(?!(?:of|for|and|on) )(?:the )?(?:[A-Z][\w'-]* )?"
    r"(?:(?:of|for|and|on|the|[A-Z][\w'-]*) ){0,5}?"
    # "State Border Guard Service": a head word may be followed by another
    r"(?:" + _ORG_HEAD + r")(?: (?:" + _ORG_HEAD + r"))*)\b(?: \((?P<abbr>[A-Z]{2,8})\))?"
)
# "(OSCE)", "NATO", and the clubs named by a letter and their number ("the G7", "G20")
_ACRONYM = re.compile(r"\((?P<abbr>[A-Z][A-Z0-9]{1,7})\)|\b(?P<bare>[A-Z]{3,8}|G\d{1,2})\b(?!-\d)")


def propose_new(
    norm: str,
    known: list[ActorMention],
    index: ActorIndex,
    blocked: list[tuple[int, int]],
    is_place,
) -> list[ActorMention]:
    """Unknown people and organisations the text introduces, as new-actor mentions.

    ``blocked`` spans (known actors, dates, quotations) are never part of a new name;
    ``is_place(name)`` keeps places out.
    """
    taken = [(k.start, k.end) for k in known] + list(blocked)
    out: list[ActorMention] = []

    def ok(name: str, start: int, end: int) -> bool:
        words = name.split()
        if not words or words[0] in NOT_NAMES or name in NOT_NAMES:
            return False
        if index.lookup(name) is not None or is_place(name):
            return False
        if any(w in DEMONYMS for w in words):
            return False
        if _overlaps(start, end, taken) or _overlaps(start, end, [(o.start, o.end) for o in out]):
            return False
        return True

    for m in _TITLED.finditer(norm):
        name = m.group("name")
        start, end = m.start("name"), m.end("name")
        title = m.group("title").strip()
        # the name must not run on into a verb or a common word
        if not ok(name, start, end):
            continue
        parent = _title_parent(title, index)
        out.append(
            ActorMention(
                m.start("title"),
                end,
                m.group(),
                None,
                name,
                "person",
                _strip_article(title),
                parent,
                f"a title before the name ('{_strip_article(title)}')",
            )
        )
    for m in _PLURAL_TITLED.finditer(norm):
        out += _named_pair(m, m.group("title")[:-1], "before", ok)
    for m in _TITLED_SURNAME.finditer(norm):
        name = m.group("name")
        if ok(name, m.start("name"), m.end("name")):
            out.append(
                ActorMention(
                    m.start("title"),
                    m.end("name"),
                    m.group(),
                    None,
                    name,
                    "person",
                    m.group("title"),
                    None,
                    f"a title before the name ('{m.group('title')}')",
                )
            )
    for m in _PAIR_TITLE_AFTER.finditer(norm):
        out += _named_pair(m, _strip_article(m.group("title").strip()), "after", ok)
    for m in _TITLE_AFTER.finditer(norm):
        name = m.group("name")
        start, end = m.start("name"), m.end("name")
        title = _strip_article(m.group("title").strip())
        if not ok(name, start, end) or any(w.lower() in TITLE_HEADS for w in name.split()):
            continue
        parent = _title_parent(title, index)
        out.append(
            ActorMention(
                start,
                end,
                name,
                None,
                name,
                "person",
                title,
                parent,
                f"a title after the name ('{title}')",
            )
        )
    for m in _SAYER.finditer(norm):
        name = m.group("name")
        start, end = m.start("name"), m.end("name")
        words = name.split()
        heads = [
            i for i, w in enumerate(words) if w.lower() in ORG_HEADS or w.lower() in TITLE_HEADS
        ]
        if heads:
            # "... of the Presidential Executive Office Dmitry Kozak said": the name is what
            # follows the body or title it is run into
            rest = words[heads[-1] + 1 :]
            if len(rest) < 2:
                continue
            start = end - len(" ".join(rest))
            name = " ".join(rest)
        if not ok(name, start, end):
            continue
        out.append(
            ActorMention(start, end, name, None, name, "person", "", None, "a name that speaks")
        )
    for m in _ORG.finditer(norm):
        name = m.group("name")
        name_start = m.start("name")
        if name.lower().startswith("the "):
            name = name[4:]
            name_start += 4
        end = m.end("name")
        if len(name.split()) < 2 and not m.group("abbr") and name.lower() not in SINGLE_ORGS:
            continue
        if not ok(name, name_start, end):
            continue
        out.append(
            ActorMention(
                name_start,
                m.end(),
                norm[name_start : m.end()],
                None,
                name,
                "organisation",
                "",
                None,
                "an organisation's name",
            )
        )
    for m in _ACRONYM.finditer(norm):
        abbr = m.group("abbr") or m.group("bare")
        start, end = (m.start("abbr"), m.end("abbr")) if m.group("abbr") else m.span("bare")
        if abbr in NOT_NAMES or abbr in ("US", "USA", "UK", "EU", "UN", "TV", "OK"):
            continue
        if not ok(abbr, start, end):
            continue
        out.append(
            ActorMention(start, end, abbr, None, abbr, "organisation", "", None, "an acronym")
        )
    out += _unlisted_states(norm, index, taken + [(o.start, o.end) for o in out])
    _speaking_surnames(norm, out, ok)
    _join_surnames(norm, out, ok)
    # the full name told before its titled mention ("The conversation between Joe Biden and
    # ... U.S. President Joe Biden told"), and later mentions by surname ("Lindqvist said")
    for person in [o for o in out if o.kind == "person" and len(o.name.split()) > 1]:
        for m in re.finditer(rf"(?<![\w-]){re.escape(person.name)}(?![\w-])", norm):
            if m.start() >= person.start or _overlaps(m.start(), m.end(), taken):
                continue
            if _overlaps(m.start(), m.end(), [(o.start, o.end) for o in out]):
                continue
            out.append(replace(person, start=m.start(), end=m.end(), text=m.group()))
    for person in [o for o in out if o.kind == "person" and len(o.name.split()) > 1]:
        _surname_mentions(norm, person.name.split()[-1], person, out, person.end, taken)
    # "Kristina Miskowiak Beckvard, Danish ambassador" then "Miskowiak Beckvard said": the
    # same person by her two-word surname
    people = [o for o in out if o.kind == "person" and len(o.name.split()) >= 3]
    for i, o in enumerate(out):
        if o.kind != "person" or len(o.name.split()) < 2:
            continue
        whole = next(
            (
                p
                for p in people
                if p.name != o.name and p.name.split()[-len(o.name.split()) :] == o.name.split()
            ),
            None,
        )
        if whole is not None:
            out[i] = replace(
                o,
                name=whole.name,
                title=whole.title,
                parent_id=whole.parent_id,
                evidence=whole.evidence,
            )
    out.sort(key=lambda a: a.start)
    return out


def _named_pair(m: re.Match, title: str, where: str, ok) -> list[ActorMention]:
    """The two people a plural title names ("Presidents Joe Biden and Vladimir Putin", "Denis
    Pushilin and Leonid Pasechnik, the de facto heads")."""
    return [
        ActorMention(
            m.start(group),
            m.end(group),
            name,
            None,
            name,
            "person",
            title,
            None,
            f"a plural title {where} the names ('{m.group('title').strip()}')",
        )
        for group in ("first", "second")
        if ok(name := m.group(group), m.start(group), m.end(group))
        and not any(w.lower() in TITLE_HEADS for w in name.split())
    ]


def _unlisted_states(
    norm: str, index: ActorIndex, blocked: list[tuple[int, int]]
) -> list[ActorMention]:
    """States the actors table does not hold yet, by name ("Germany halted the
    certification", not "talks in Germany") or by adjective ("the Danish parliament agreed",
    not "the Norwegian politician"), in one pass over the text."""
    words: dict[str, tuple[str, str]] = {}
    for adjective, country in DEMONYMS.items():
        if index.lookup(country) is None:
            words[country] = (country, "a state's name, not as a place")
            words[adjective] = (country, f"a state's adjective ('{adjective}')")
    if not words:
        return []
    # longest first: "Czech Republic" is the name, not the adjective "Czech" and a word
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    found = []
    for m in re.finditer(rf"(?<![\w-])(?:{alternation})(?![\w-])", norm):
        country, evidence = words[m.group()]
        if m.group() == country:
            if _PLACE_BEFORE.search(norm[max(0, m.start() - 30) : m.start()]):
                continue
        elif _PERSON_AFTER.match(norm, m.end()):
            continue  # "the German chancellor told", "the Norwegian politician": a person
        if _overlaps(m.start(), m.end(), blocked):
            continue
        found.append(
            ActorMention(m.start(), m.end(), m.group(), None, country, "state", "", None, evidence)
        )
    return found


# a person described by a state's adjective: "the Norwegian politician", "the French leader"
_PERSON_AFTER = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?:politician|leader|chancellor|president|premier|minister|prime"
    r"|foreign|defen[cs]e|official|diplomat|envoy|ambassador|spokes\w+|head|chief|king|queen"
    r"|counterpart|colleague|side)\b",
    re.IGNORECASE,
)
# a country named as a place: "in Germany", "to Belarus", "the border with Poland"
_PLACE_BEFORE = re.compile(
    r"\b(?:in|to|from|at|near|into|inside|within|outside|across|of|toward|towards|through|via"
    r"|around|throughout|border with|borders with)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _title_parent(title: str, index: ActorIndex) -> str | None:
    """The state or body a title names: "Russian Foreign Minister" (a demonym), "NATO
    Secretary General", "U.S. Deputy Secretary of State" (a known name), "White House Press
    Secretary" (a metonym)."""
    words = title.split()
    found = [index.lookup(DEMONYMS[w]) for w in words if w in DEMONYMS]
    found += [index.lookup(name) for metonym, name in METONYMS.items() if metonym in title]
    found += [
        index.lookup(w.strip(",."))
        for w in words
        if w[:1].isupper() and w.lower() not in TITLE_WORDS
    ]
    return next((aid for aid in found if aid), None)


def _full_name(norm: str, surname: str, ok, before: int | None = None) -> re.Match | None:
    """The first "<Given> <surname>" in the text (before ``before``) that may be a new name."""
    pattern = rf"(?<![\w.-])(?P<name>{_CAP} {re.escape(surname)})(?![\w-])"
    return next(
        (
            m
            for m in re.finditer(pattern, norm[:before])
            if ok(m.group("name"), m.start("name"), m.end("name"))
        ),
        None,
    )


def _speaking_surnames(norm: str, out: list[ActorMention], ok) -> None:
    """A surname alone that speaks ("Biden said") names a person when the text gave the full
    name before it, untitled ("Joe Biden and Vladimir Putin are expected to speak")."""
    named = {o.name.split()[-1] for o in out if o.kind == "person"}
    for m in _SURNAME_SAYER.finditer(norm):
        group = "name" if m.group("name") else "after"
        surname = m.group(group)
        if surname in named:
            continue
        # (a surname may also be a place's name, "Murphy": the full name before says who)
        full = _full_name(norm, surname, ok, m.start(group))
        if full is None:
            if ok(surname, m.start(group), m.end(group)):
                _surname_only(norm, surname, out)
            continue
        named.add(surname)
        out.append(
            ActorMention(
                full.start("name"),
                full.end("name"),
                full.group("name"),
                None,
                full.group("name"),
                "person",
                "",
                None,
                f"a full name whose surname speaks later ('{m.group().strip(' ,')}')",
            )
        )


def _surname_only(norm: str, surname: str, out: list[ActorMention]) -> None:
    """An excerpt that begins after the full name: "Reznikov told CNN ... Reznikov said" names
    a person by the surname alone, when that word speaks at least twice and is no body."""
    if surname.isupper() or surname.lower() in ORG_HEADS | SINGLE_ORGS | TITLE_HEADS:
        return
    sayings = [
        m for m in _SURNAME_SAYER.finditer(norm) if surname in (m.group("name"), m.group("after"))
    ]
    if len(sayings) < 2:
        return
    if any(
        re.search(r"\b(?:of|the|The)\s+$", norm[max(0, m.start() - 5) : m.start()])
        for m in re.finditer(rf"(?<![\w.-]){re.escape(surname)}(?![\w-])", norm)
    ):
        return  # "the Secretary of State added": a title's last word, no surname
    evidence = f"a surname that speaks {len(sayings)} times, the full name not given"
    person = ActorMention(0, 0, surname, None, surname, "person", "", None, evidence)
    _surname_mentions(norm, surname, person, out)


def _surname_mentions(
    norm: str,
    surname: str,
    person: ActorMention,
    out: list[ActorMention],
    after: int = 0,
    taken: Iterable[tuple[int, int]] = (),
) -> None:
    """Each later mention of ``surname`` alone, as a mention of ``person``."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", norm):
        if m.start() < after or _overlaps(m.start(), m.end(), taken):
            continue
        if _overlaps(m.start(), m.end(), [(o.start, o.end) for o in out]):
            continue
        out.append(replace(person, start=m.start(), end=m.end(), text=surname, actor_id=None))


def _join_surnames(norm: str, out: list[ActorMention], ok) -> None:
    """A titled surname ("Mr Macron", "President Putin") and the full name of the same person
    ("French President Emmanuel Macron", "talks with Vladimir Putin") are one person: the
    full name, found untitled too when the titled surname says it is a person's."""
    full = {o.name.split()[-1]: o for o in out if o.kind == "person" and len(o.name.split()) > 1}
    for o in [o for o in out if o.kind == "person" and len(o.name.split()) == 1]:
        if o.name in full:
            continue
        m = _full_name(norm, o.name, ok)
        if m:
            person = ActorMention(
                m.start("name"),
                m.end("name"),
                m.group("name"),
                None,
                m.group("name"),
                "person",
                "",
                None,
                f"a full name of the person titled '{o.text}'",
            )
            out.append(person)
            full[o.name] = person
    for i, o in enumerate(out):
        person = full.get(o.name) if o.kind == "person" and " " not in o.name else None
        if person is not None:
            out[i] = replace(
                o,
                name=person.name,
                title=person.title or o.title,
                parent_id=person.parent_id or o.parent_id,
            )


def _strip_article(title: str) -> str:
    return re.sub(r"^(?:the|his|her|their|its)\s+", "", title, flags=re.IGNORECASE)
