"""Candidate events: event triggers in clauses, with their dates, actors and places.

How a sentence becomes events (every rule is about English news prose, none about one text):

1. The sentence is cut into clauses at commas, semicolons, dashes and subordinating words
   ("that", "where", "when", "which", "after", "ahead of", "amid", "if", ...), and at "and"
   before a second verb ("has rejected X and threatened Y"). Words inside quotation marks are the
   speaker's, not the narrator's report: they hold no triggers and no actors.
2. Triggers are words such as talks, meeting, summit, discussions, conversation, call, visit,
   trip, said/told, statement, buildup, war, invaded, annexed, sanctions, demanded, rejected.
   A trigger inside an actor's name ("NATO-Russia Council") is part of the name. A trigger after
   "could", "potential", "if" ... (a hypothesis), in a clause with "sporadically", "regularly"
   ... (a habit) or after "not" is no event.
3. A noun trigger after "the", "this", "his", "Borrell's" ... that has no date of its own refers
   back to an event already reported ("The visit comes amid ..."): it adds no event, but its
   actors join that event, it anchors "the next day", and a "three-day visit" sets its end.
4. Each date binds to the nearest trigger before it in its clause (else the nearest after it);
   a clause without triggers lends its date to a neighbouring "when" clause or the next
   clause ("On Monday, X met Y"). Triggers of one clause with the same date are one event.
5. An event with no date in its sentence is placed at the publication date when the clause
   reports it as done or under way (never for a future event), with ``date_stated`` false and a
   note; inside a sentence that refers back to a dated event it takes that event's dates.
6. "X said" makes a statement by X, unless what X said reports a dated event of others (then X
   is that event's reporter: "Blinken met ... on January 3, the State Department said").
   Consecutive statements by one speaker are one event quoting the adjacent sentences.
7. Status is relative to the publication date: after it "scheduled" (or "announced" when the
   text says someone announced it); before it "occurred"; on it by tense ("will" -> scheduled,
   "are working"/"have battled" -> ongoing). Format is "virtual" when the text says so
   (virtual, video, online, by phone), "in-person" when a city or venue is named or for a
   visit to a place, else "unknown".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from crisis.extract.actors import DEMONYMS, ActorMention
from crisis.extract.dates import DateMention, DayCount
from crisis.extract.places import PlaceMention
from crisis.extract.text import Sentence, in_spans

# (pattern, event type, part of speech, lemma)
# reporting verbs of a saying, in the trigger and in the verb forms that start a clause
# troops placed somewhere, with only a count between the verb and the troops: "has gathered
# 100,000 troops on the border", "the accumulation of about 100,000 Russian soldiers near"
_TROOPS = r"(?:troops|soldiers|forces|servicemen|personnel)\b"
_COUNT_WORDS = (
    r"(?:(?:\d[\d,.]*|about|around|some|nearly|almost|roughly|approximately|over|more|than|up|"
    r"to|at|least|as|many|an?|estimated|the|its|their|of|additional|extra|combat|ground|"
    r"Russian|Belarusian|thousands?|tens|hundreds|million)\s+)"
)
_PLACED = (
    r"(?:gathered|stationed|positioned|posted|concentrated|assembled|accumulated"
    # "more than 100,000 Russian troops are gathering on your border"
    r"|(?<=are )gathering|(?<=were )gathering|(?<=are )massing|(?<=were )massing)"
)
# "Between 95,000 and 100,000 Russian troops are stationed alongside the border"
# "Around 100,000 Russian troops are currently believed to be stationed on the border"
_HEDGED = [
    f"{aux} {adverb}{hedge} to be"
    for aux in ("are", "were")
    for adverb in ("", "currently ", "now ", "still ")
    for hedge in ("believed", "thought", "estimated", "said", "reported")
]
_PLACED_PASSIVE = "|".join(
    f"(?<={noun} {aux} )"
    for noun in ("troops", "soldiers", "forces", "servicemen")
    for aux in ("are", "were", "remain", "have been", "had been", "are being", "now", *_HEDGED)
)
# "Russian troops remain where they have been", "forces remain near the border"
_REMAIN = r"(?:troops|soldiers|forces) remains?(?= (?:where|near|on|along|at|in|close)\b| ?$)"
MORE_SAY_VERBS = (
    r"reiterated|noted|insisted|emphasi[sz]ed|underlined|underscored|explained|declared"
    r"|acknowledged|admitted|reported|commented"
    # "Shoigu claimed on Tuesday that U.S. private military companies have stationed troops"
    # (not "claimed responsibility", "claimed the lives of")
    r"|claimed(?! (?:responsibility|credit|victory|the lives|lives)\b)"
)
TRIGGERS: list[tuple[str, str, str, str]] = [
    (r"talks", "meeting", "noun", "talks"),
    (r"meetings?", "meeting", "noun", "meeting"),
    (r"summit", "meeting", "noun", "summit"),
    (r"discussions", "meeting", "noun", "discussions"),
    (r"negotiations", "meeting", "noun", "negotiations"),
    (r"consultations", "meeting", "noun", "consultations"),
    # only with a day of its own: "ready for meaningful dialogue" is a stance
    (r"dialogue", "meeting", "noun", "dialogue"),
    (r"press conference|news conference", "statement", "noun", "statement"),
    (r"conference", "meeting", "noun", "conference"),
    (r"session|debate", "meeting", "noun", "session"),
    (
        r"(?:met|meets|meet)(?! (?:\w+ )?(?:demands|conditions|requirements|expectations"
        r"|targets|deadlines?|needs|obligations|commitments)\b)",
        "meeting",
        "verb",
        "meet",
    ),
    (r"convenes?|convened", "meeting", "verb", "convene"),
    # "President Biden will host German Chancellor Olaf Scholz at the White House on Feb. 7":
    # a guest named right after (not "host a summit", "a host of issues")
    (
        r"(?:host|hosts|hosted|hosting)(?= (?:[A-Z][\w.'’-]*|the|his|her|its|their)"
        r"(?: [\w.'’-]+){0,3}? (?:[A-Z][\w'’-]+ [A-Z][\w'’-]+|counterparts?|leaders?"
        r"|chancellor|president|prime minister|ministers?)\b)",
        "meeting",
        "verb",
        "host",
    ),
    # "The Munich Security Conference has opened": only right after a gathering's name
    (
        r"(?:opened|opens|kicked off|kicks off|got under way|gets under way|began|begins)",
        "meeting",
        "verb",
        "open",
    ),
    (r"council", "meeting", "weak", "council"),
    (r"conversation", "call", "noun", "conversation"),
    # not "call a vote", "calls for", "called on": only a call between people
    (
        r"(?:phone |video |telephone )?calls?(?! for| on| upon| (?:a |an |the )?(?:vote|election"
        r"|referendum|halt|truce|ceasefire|strike)\b)",
        "call",
        "noun",
        "call",
    ),
    (
        r"(?:spoke|spoken|speak|speaks|speaking|talked|phoned|telephoned)"
        r"(?= (?:by phone |by telephone |on the phone |over the phone )?(?:to|with)\b"
        r"| (?:earlier |later |again |separately )?on (?:\w+ ){1,3}?with\b)"
        # "Biden and Putin spoke Thursday", "will speak by phone on December 30"
        r"|(?:spoke|spoken|speak|speaks|talked|phoned)(?= by phone| by telephone| on the phone"
        r"| over the phone| for (?:\w+ ){0,2}(?:hours?|minutes)| (?:on |late |early )?(?:Monday"
        r"|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)",
        "call",
        "verb",
        "speak",
    ),
    (r"visits?|visited|visiting", "visit", "noun", "visit"),
    (r"trip|tour", "visit", "noun", "trip"),
    (r"stop(?= (?:at|in)\b)", "visit", "noun", "stop"),
    # "A plane carrying a few dozen elite U.S. troops arrived on Sunday in Poland": troops
    # sent, not a visit (only with troops named just before, see _find_triggers)
    (r"arrived|arrives|landed|lands|arrival", "military", "noun", "arrive"),
    (r"(?:arrived|arrives|arriving) in|travel(?:l?ed|s)? to", "visit", "verb", "travel"),
    (
        r"said|says|told|tells|stated|added|announced|confirmed|specified|stressed|warned"
        r"|tweeted|wrote|affirmed|"
        + MORE_SAY_VERBS
        # "Britain has accused Russian President Vladimir Putin of plotting": a saying; what
        # the other is accused of is not an event (see the accusation rules)
        + r"|accused(?= (?:[\w.'’-]+ ){1,5}?of\b)|accuses(?= (?:[\w.'’-]+ ){1,5}?of\b)"
        +
        # "expressed hope that ...", "voiced concern": a saying of its own
        r"|(?:expressed|voiced)(?= (?:\w+ )?(?:hope|concern|regret|support|confidence|alarm))",
        "statement",
        "say",
        "say",
    ),
    (r"published|publishes|released", "statement", "verb", "publish"),
    (
        r"statement|interview|remarks|speech|press conference|news conference|(?:press )?briefing",
        "statement",
        "noun",
        "statement",
    ),
    (
        r"build-?up|deployments?|deployed|massing|massed|amassed|amassing|amasses"
        r"|mobili[sz]ation",
        "military",
        "noun",
        "buildup",
    ),
    (
        rf"{_PLACED}(?=\s+{_COUNT_WORDS}{{0,6}}{_TROOPS})"
        rf"|(?:accumulation|concentration)(?=\s+of\s+{_COUNT_WORDS}{{0,6}}{_TROOPS})"
        rf"|(?:{_PLACED_PASSIVE}){_PLACED}|{_REMAIN}",
        "military",
        "noun",
        "buildup",
    ),
    # "had begun supplying Ukraine with anti-tank weapons", "the first systems had been
    # delivered": arms handed over (only with the arms named nearby, see _find_triggers)
    (
        r"supplying|supplied|delivering|delivered|deliveries|delivery|shipping|shipped"
        r"|shipments?|sending|sent"
        # "the Danish parliament agreed to send four additional F-16 fighter jets": decided
        r"|(?<=agreed to )(?:send|supply|deliver|deploy)|(?<=decided to )(?:send|supply|deliver"
        r"|deploy)|(?<=voted to )(?:send|supply|deliver|deploy)",
        "military",
        "noun",
        "deliver",
    ),
    # "the maneuvers are to take place between February 3 and 8"
    (r"(?:military )?(?:exercises|drills|maneuvers|manoeuvres)", "military", "noun", "exercises"),
    # "the 8,500 troops that Biden ordered on high alert last week": readied to deploy
    (r"(?:on|to|at) (?:high |heightened |full )?(?:alert|readiness)", "military", "noun", "alert"),
    (
        r"war|fighting|battled|fought|clashes|clashed|shelling|shelled|offensive",
        "armed_conflict",
        "noun",
        "war",
    ),
    # "hit with a massive cyberattack": an attack, on computers
    (
        r"(?:cyber-?)?attacked|(?:cyber-?)?attacks?|hacking|hacked|hacks?",
        "armed_conflict",
        "noun",
        "attack",
    ),
    # "recorded 29 ceasefire violations", "two violations of the ceasefire"
    (
        r"(?:ceasefire|cease-fire|truce) violations?|violations? of the (?:ceasefire|cease-fire"
        r"|truce)",
        "armed_conflict",
        "noun",
        "violation",
    ),
    (r"invasion|incursion|invaded|invades", "armed_conflict", "noun", "invasion"),
    (r"annexed|annexation|annexing|annexes", "annexation", "noun", "annexation"),
    (r"sanctions|sanctioned", "policy", "noun", "sanctions"),
    (r"demanded|demands|demanding", "policy", "noun", "demand"),
    (r"ultimatums?", "policy", "noun", "ultimatum"),
    (r"rejected|rejects|rejecting", "policy", "noun", "reject"),
    (r"threatened|threatens", "policy", "noun", "threaten"),
    (r"imposed|imposes|imposing", "policy", "noun", "impose"),
    (r"(?:aid |deterrence |sanctions )?package", "policy", "noun", "package"),
    # "has ordered family members of government employees ... to leave the country",
    # "authorized the voluntary departure of direct hire employees": people sent away
    # "Vice Admiral Kay-Achim Schönbach handed in his resignation on Saturday"
    (
        r"resigned|resigns|(?:handed|hands|tendered|offered) in (?:his|her) resignation"
        r"|(?:handed|tendered) (?:his|her) resignation|stepped down|steps down",
        "policy",
        "verb",
        "resign",
    ),
    # "decided to declare a state of emergency across the entire country"
    (
        r"(?:declared|declares|declare|declaring|introduced|introduces|introduce|imposed)"
        r"(?= (?:a |the )?(?:[\w-]+ )?(?:state of emergency|martial law)\b)",
        "policy",
        "verb",
        "emergency",
    ),
    # "Putin ordered troops into the regions", "followed quickly by an order sending Russian
    # forces there": troops sent by order
    (
        r"(?:ordered|orders|ordering)(?= (?:the )?(?:[\w-]+ ){0,2}(?:troops|forces|soldiers)"
        r" (?:into|to|there)\b)"
        r"|order(?= (?:sending|dispatching|deploying) (?:[\w-]+ ){0,2}"
        r"(?:troops|forces|soldiers)\b)",
        "policy",
        "noun",
        "order",
    ),
    # "the US State Department issued an order on the departure ... of most employees"
    (
        r"(?:issued|gave) an? (?:[\w-]+ )?order(?= (?:on|for) the (?:departure|evacuation"
        r"|withdrawal)\b)",
        "policy",
        "verb",
        "order",
    ),
    (
        r"(?<!the )(?:ordered|orders|ordering|authori[sz]ed|authori[sz]es)"
        r"(?=(?:[^.;]|(?<=[A-Z])\.|\.(?=\S)){0,100}?"
        r"\bto (?:leave"
        r"|depart|evacuate|withdraw)\b|\s+(?:the\s+)?(?:[\w-]+\s+)?(?:departure|evacuation"
        r"|withdrawal)\b)",
        "policy",
        "noun",
        "order",
    ),
    # "is suspending the certification process", "halted Nord Stream 2": a decision that stops
    (
        r"(?:suspend(?:s|ed|ing)?|halt(?:s|ed|ing)?|froze|freez(?:es|ing))(?= (?:the |its )?"
        r"(?:[\w-]+ ){0,3}(?:certification|process|project|pipeline|approval|exports?"
        r"|cooperation|talks|Nord Stream)\b)",
        "policy",
        "noun",
        "halt",
    ),
    # "Russia has started evacuating diplomatic staff from all of its missions", "evacuated its
    # embassy staff": people taken out, begun or done (not "could evacuate", see the modal rules)
    (
        r"(?<=started )evacuating|(?<=begun )evacuating|(?<=began )evacuating"
        r"|(?<=starts )evacuating|(?<=is )evacuating|(?<=are )evacuating"
        r"|evacuated(?= (?:(?:its|their|the|some|all|most|many|\d[\d,]*) )?(?:[\w-]+ ){0,2}"
        r"(?:staff|diplomats|personnel|citizens|nationals|families|civilians|residents"
        r"|embassy|employees)\b)",
        "policy",
        "noun",
        "evacuate",
    ),
    # "signed decrees recognizing two self-proclaimed entities", "recognised the independence"
    (
        r"sign(?:ed|ing)(?= (?:\w+ ){0,2}(?:decrees?|laws?|orders?))"
        r"|recogni[sz](?:ed|es|ing)(?= (?:the )?(?:independence|sovereignty)\b"
        r"| (?:\w+ ){0,3}(?:republics?|entities|regions)\b)",
        "policy",
        "noun",
        "decree",
    ),
    # "Negotiators from Ukraine, Russia and the OSCE have agreed to restore a full ceasefire":
    # a truce agreed is an act of the day (not "could agree to a ceasefire", the modal rules)
    (
        r"(?:agreed|agrees)(?= (?:to|on|upon) (?:[\w-]+ ){0,3}(?:ceasefire|cease-fire|truce)\b)",
        "policy",
        "noun",
        "agreement",
    ),
    # "state television showed Putin signing mutual aid agreements with rebel leaders": an act
    # of its own beside the decrees
    (
        r"sign(?:ed|ing)(?= (?:[\w-]+ ){0,3}(?:agreements?|treaty|treaties|accords?|deals?)\b)",
        "policy",
        "noun",
        "agreement",
    ),
]
VERB_FORMS = re.compile(
    r"^(?:met|meets|meet|convened?|convenes|host|hosts|hosted|hosting|spoke|spoken|speaking|talked|phoned|telephoned|visited"
    r"|said|says|told|tells|stated|added|announced|confirmed|specified|stressed|warned|tweeted"
    r"|wrote|affirmed|"
    + MORE_SAY_VERBS
    + r"|published|publishes|released|speak|speaks|deployed|massed|amassed|battled|fought"
    r"|clashed|shelled|attacked|invaded|invades|annexed|annexes|demanded|rejected|rejects|threatened|threatens"
    r"|imposed|imposes|sanctioned|arrived|arrives|travel\w*|gathered|stationed|positioned"
    r"|concentrated|assembled|accumulated|signed|suspended|halted|froze|recogni[sz]ed|ordered"
    r"|landed|lands|accused|accuses"
    r"|authori[sz]ed)$",
    re.IGNORECASE,
)
_TRIGGER_RE = [
    (re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), etype, pos, lemma)
    for pattern, etype, pos, lemma in TRIGGERS
]
# when several triggers of one clause share a date, the event takes the first type here
PRIORITY = (
    "annexation",
    "visit",
    "call",
    "meeting",
    "policy",
    "military",
    "armed_conflict",
    "statement",
)
COMPATIBLE = {
    "meeting": {"meeting", "call"},
    "call": {"meeting", "call"},
    "visit": {"visit"},
    "statement": {"statement"},
    "military": {"military"},
    "armed_conflict": {"armed_conflict", "annexation"},
    "annexation": {"annexation", "armed_conflict"},
    "policy": {"policy"},
}
DETERMINERS = frozenset(
    {"the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "whose"}
)
INDEFINITE = frozenset({"a", "an", "another", "new", "fresh", "further", "more"})
HYPOTHETICAL = re.compile(
    r"\b(?:could|would|might|may|potential|possible|possibly|if|unless|whether|plans? to"
    r"|fears? of|risk of|threat of|possibility of|chances? of|prospects? of|prepar\w+ for"
    r"|in case|to avoid|to prevent|aimed at"
    r"|planning|preparing to|ready to|insufficient for|pretext|hopes? to|hopefully|wants? to"
    # "Russia wants talks", "called for talks with NATO": a wish, not talks held
    r"|wants?|wanted|called for|calls? for|calling for"
    # "waiting to impose sanctions until after an invasion": not imposed
    r"|wait(?:s|ed|ing)? (?:to|for|until)|willing|willingness|readiness"
    # "Ukraine has asked for ... commitments to sanctions against Russia": asked, not imposed
    r"|asked for|asks for|asking for|requested|requests|seeks|seeking|sought|urged|urges"
    # "guarantees precluding ... the deployment of the alliance's weapons there": demanded away
    r"|preclud\w+"
    # "Ukraine accuses Russia of amassing troops": alleged, the accusation is the news
    r"|accus(?:es|ed|ing)"
    # "refused to rule out a military deployment to Cuba": a deployment not ruled out
    r"|rul(?:e|es|ed|ing) out"
    r"|proposed to|proposes to|offered to|seeks? to|seeking to|prevention of|alleged"
    # "forces had prevented attacks he said were planned": attacks that did not happen
    r"|prevented|prevents|thwarted|thwarts|foiled|foils|averted|averts"
    # "it should impose sanctions on Moscow now", "Russia was about to attack": not done
    r"|should|ought to|about to|on the verge of|poised to|prepared to"
    r"|to (?:discuss|consider|agree|prepare|plan|negotiate|debate|review|avert|seek"
    # "agreed ... to put together an urgent summit at the highest level": one to come
    r"|put together|organi[sz]e|arrange|set up))\b",
    re.IGNORECASE,
)
# "officials came under a shelling attack": an attack suffered, not one talked of
CAME_UNDER = re.compile(r"\b(?:came|come|comes|coming)\s+under\s+an?\s+(?:[\w-]+\s+){0,2}$")
CLAIMED = re.compile(
    r"\bclaim(?:s|ed)\s+(?:(?:on|last|this|late|early)\s+\w+\s+)?that\b", re.IGNORECASE
)
# an occasion called off: "he has canceled a meeting with Russian Foreign Minister Lavrov"
CANCELLED = re.compile(
    r"\b(?:cancel(?:l?ed|s|l?ing)|call(?:ed|s|ing) off|scrapped|postponed)\s+(?:[\w'’-]+\s+){0,4}$",
    re.IGNORECASE,
)
HABITUAL = re.compile(
    r"\b(?:sporadically|regularly|often|rarely|routinely|frequently|repeatedly|usually|seldom"
    r"|every (?:year|month|week)|ha(?:s|ve|d) existed)\b",
    re.IGNORECASE,
)
NEGATION = re.compile(r"\b(?:not|never|no|n't|without)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# "no final decisions have been made on deployments": the noun is what nothing was decided on
NO_DECISION = re.compile(
    r"\bno\s+(?:\w+\s+)?decisions?\s+(?:\w+\s+){0,3}(?:on|about)\s+(?:\w+\s+){0,1}$",
    re.IGNORECASE,
)
# "marked the second stage of consultations", "a series of talks": the series, not an occasion
SERIES_OF = re.compile(
    r"\b(?:stage|series|phase)\s+(?:of|in)\s+(?:(?:a|the)\s+series\s+of\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
# "the talks ... that took place in Geneva on January 10", "The meeting ..., scheduled in
# Brussels for January 12, will begin": a clause that qualifies the noun before it dates it
RELATIVE_HEAD = re.compile(
    r"(?:that|which)\s+(?:took|takes|will|was|were|is|are)\b"
    r"|(?:scheduled|set|planned|slated|held|due)\b"
)
# "X will represent Russia", "Y is to attend", "Z will lead the delegation"
REPRESENT = re.compile(
    r"\b(?:will|is to|are to|would)\s+(?:represent|attend|take part|participate|lead the)\b",
    re.IGNORECASE,
)
# "According to the statement of the alliance, the meeting will ...": the statement is where
# the clause's news comes from (its reporter), not an event of its own
ACCORDING_TO_NOUN = re.compile(r"\baccording to\s+(?:the|a|an|its|their)\s+$", re.IGNORECASE)
FUTURE = re.compile(
    r"\b(?:will|shall|is to|are to|(?:is|are|was|were) (?:also )?(?:due|set|expected) to"
    r"|is due|are due|was due|were due|was to|were to|was set to"
    r"|is set to|are set to|scheduled|planned|plans to"
    r"|expected to|would|look(?:s|ing)? forward to|on the eve of)\b|'ll\b",
    re.IGNORECASE,
)
ANNOUNCED = re.compile(r"\b(?:announced|announces|announcing|confirmed|unveiled)\b", re.I)
ONGOING = re.compile(
    r"\b(?:(?:is|are|was|were) (?:\w+ )?(?:working|continuing|under way|underway|ongoing)"
    r"|continues?|ongoing|still|have battled|has battled|have been|has been)\b",
    re.IGNORECASE,
)
VIRTUAL = re.compile(
    r"\b(?:virtual(?:ly)?|video ?(?:call|link|conference)?|videoconference|online|by phone"
    r"|phone call|telephone|teleconference)\b",
    re.IGNORECASE,
)
SPLIT_WORDS = re.compile(
    r",|;|:|\s--?\s|\s-\s|\((?!\w{1,8}\)|[A-Z][a-z]+\))|\)|\b(?:that|where|when|which|who|after|before|while"
    r"|amid|ahead of|because|although|though|if|unless|whereas|following)\b",
    re.IGNORECASE,
)
PRONOUNS = {"he": "person", "she": "person"}
PUBLICATION_DAY = "not stated: publication day"  # the date phrase of an event placed there
# ... and of one placed on the day before it, that the article's first sentence is about
STORY_DAY = "not stated: the day of the first sentence's news"
UNDATED = (PUBLICATION_DAY, STORY_DAY)
_GAPPED_AND = re.compile(r"\s+and\s+(?:also\s+)?(?:with|between)\b", re.IGNORECASE)
_PLACE_COMMA = re.compile(r"\b(?:in|at|from|to|near|outside)\s+[A-Z][\w.'-]+$")
_COUNTRY_AFTER = re.compile(r"\s+[A-Z][\w.'-]+(?=\s+(?:on|in|at|to|for|and|last|this)\b|[,.;])")
# "had a first meeting", "held day-long talks", "hold negotiations", "held more than five
# hours of talks": a noun used as the verb
LIGHT_VERB = re.compile(
    r"\b(?:had|has|have|held|hold|holds|holding|conducted)\s+"
    r"(?:(?:more than|nearly|almost|about|over|some)\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:(?:hours?|minutes|rounds?|days?)\s+of\s+)?$",
    re.IGNORECASE,
)
# "Earlier, X said ...": before the publication day, on a day the text does not give
EARLIER = re.compile(r"^\W*(?:earlier|previously|before that|in the past)\b", re.IGNORECASE)
GROUP_SUBJECT = re.compile(
    r"\b(?:the (?:two|three|four) (?:ministers|leaders|presidents|sides|men|women|diplomats"
    r"|officials|delegations|countries|governments)|both (?:sides|men|women|leaders|ministers)"
    # "The two had spoken by telephone earlier this morning": the two just named
    r"|(?:the two|both)(?= (?:had|have|will|would|also|then|later|last|first|spoke|met|talked"
    r"|held|agreed|discussed)\b)"
    r"|they)\b",
    re.IGNORECASE,
)
DEMONYM_WORDS = frozenset(DEMONYMS)
# a speaker named by role: "the Russian Foreign Ministry spokeswoman announced"
_ROLES = r"spokes(?:wo)?man|spokesperson|press secretary"
_ROLE_WORD = re.compile(rf"\b(?:{_ROLES})\b", re.IGNORECASE)
ROLE_SPEAKER = re.compile(rf"\b(?:{_ROLES})\s+$", re.IGNORECASE)
# a news outlet or its reporter: "Reuters reported", "a TASS correspondent reported"
# the news agencies the project meets, by name (one list for both patterns below)
_AGENCIES = (
    r"TASS|Reuters|Interfax|Ukrinform|RIA|AFP|AP|Associated Press|Bloomberg|CNN|BBC|DPA|PAP"
    r"|UNIAN|Xinhua"
)
NEWS_OUTLET = re.compile(
    rf"\b(?:{_AGENCIES}|news|agency|press|newspaper|media|television|radio)\b"
    r"|\s+(?:correspondent|reporter|journalist)s?\b"
    # "Danish media reported": a country's press, where the article has it from
    r"|\s+(?:media|press|newspapers|television|outlets)\b"
    # "ERR, the Estonian public broadcaster, reported"
    r"|,\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:broadcaster|newspaper|daily|weekly|news agency"
    r"|channel|outlet|website|portal|tabloid)\b",
    re.IGNORECASE,
)
# a clause that opens on its verb, its subject left before an aside: ", began talks with"
_VERB_FIRST = re.compile(
    r"[\s,]*(?:also\s+)?(?:began|begins|held|holds|hosted|hosts|met|meets|spoke|speaks|visited"
    r"|visits|opened|opens|started|starts|arrived|arrives|travel(?:l?ed|s)|has|had|will|is|was"
    r"|released|issued|published)\b",
    re.IGNORECASE,
)
# "Discussions come amidst a concerning build-up": the state the occasion is held in
LINKING_WORD = re.compile(
    r"\W*(?:meanwhile|however|separately|also|in addition|additionally|moreover|furthermore"
    r"|at the same time|in the meantime|elsewhere|still|yet|now)\W*",
    re.IGNORECASE,
)
_AMID = re.compile(r"\b(?:amid|amidst|over|about|against the backdrop of)\b", re.IGNORECASE)
# what was done by the time it was told: "it had begun supplying", "has been deployed"
PERFECT = re.compile(r"\b(?:had|has|have)\b", re.IGNORECASE)
# arms that are supplied: the only things a "delivered" or "sent" makes an event of
ARMS = re.compile(
    r"\b(?:weapons?|weaponry|arms|missiles?|ammunition|munitions"
    r"|(?:weapon |defensive |air defen[cs]e )"
    r"?systems|equipment|javelins?|stingers?|howitzers|drones|military aid|lethal aid"
    r"|(?:fighter )?jets|warships?|frigates?|aircraft|helicopters|F-\d+s?"
    # "Spain has sent one of its combat vessels ... to join a NATO mission"
    r"|(?:combat |naval |patrol )(?:vessels?|ships?|boats?)|vessels)\b",
    re.IGNORECASE,
)
# a news outlet by its name: "CTV News confirmed", "the Kyiv Post reported", "Reuters said"
OUTLET_NAME = re.compile(
    rf"(?:{_AGENCIES}|Interfax-Ukraine|RIA Novosti|Al Jazeera"
    r"|.+\s(?:News|TV|Television|Radio|Times|Post|Journal|Gazette|Herald|Tribune))",
)
# "said in a statement following a summit": the occasion of a saying, just before its noun
OCCASION_BEFORE = re.compile(
    r"\b(?:following|after|at the end of|at)\s+(?:an?|the|their|its)\s+(?:[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
# the whole sentence is someone else's report: "X reiterated ..., spokesman Ned Price said in a
# statement."; "X reiterated ..., according to the White House readout."
TAIL_REPORT = re.compile(
    r"[,;][\"”’']?\s+(?:(?P<who>(?:[\w.’'-]+\s+){1,6}?)(?:said|added|stated|wrote|told\s+\w+)\b"
    r"|according\s+to\s+(?:an?\s+|the\s+)?(?:[\w’'-]+\s+){0,3}?(?P<doc>readout|statement)\b)"
    r"[^,;]*$",
    re.IGNORECASE,
)


@dataclass
class Trigger:
    start: int
    end: int
    text: str
    event_type: str
    pos: str  # noun | verb | say | weak
    lemma: str
    given: bool = False
    date: DateMention | None = None
    gapped: Trigger | None = None  # the trigger a verbless "and with X on Thursday" repeats
    # the event a definite noun names again for another day ("the main day of the talks")
    kin: EventCandidate | None = None
    ongoing: bool = False  # a state that holds now, whatever the clause's tense


@dataclass
class Clause:
    start: int
    end: int
    triggers: list[Trigger] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    habitual: bool = False


@dataclass
class EventCandidate:
    """A proposed event row and its evidence."""

    title: str
    event_type: str
    lemma: str
    start_date: date
    end_date: date | None
    date_precision: str
    date_stated: bool
    status: str
    format: str
    actors: list[tuple[str | None, str, str]]  # (actor_id or None for new, name, role)
    place: PlaceMention | None
    first_sentence: int
    last_sentence: int
    quote_start: int
    quote_end: int
    notes: list[str] = field(default_factory=list)
    confidence: float = 0.5
    placed: bool = False  # the date was placed (publication date or an anchor's dates)
    trigger_start: int = 0
    trigger: Trigger | None = None
    date_phrase: str = ""  # how the start date was found, for the reviewer

    @property
    def why(self) -> str:
        """Why the event was proposed, in one line: its trigger word and its date phrase."""
        word = self.trigger.text if self.trigger is not None else self.lemma
        kind = TYPE_WORDS[self.event_type].lower()
        parts = [f"'{word}' ({kind})", f"date {self.date_phrase or 'stated'}"]
        speaker = _speaker(self)
        if speaker is not None:
            parts.append(f"speaker {next(n for a, n, r in self.actors if r == 'speaker')}")
        return "; ".join(parts)

    @property
    def actor_ids(self) -> set[str]:
        return {a for a, _, _ in self.actors if a}

    def add_actor(self, actor_id: str | None, name: str, role: str) -> None:
        for aid, nm, _ in self.actors:
            if (actor_id and aid == actor_id) or (not actor_id and not aid and nm == name):
                return
        self.actors.append((actor_id, name, role))


# -- clauses ------------------------------------------------------------------------------------


_THOUSANDS = re.compile(r"(?<=\d),\d{3}\b")


def split_clauses(
    norm: str,
    sentence: Sentence,
    quotes: list[tuple[int, int]],
    keep: list[tuple[int, int]] | None = None,
) -> list[Clause]:
    """Clause spans of a sentence (never cutting inside a quotation, nor inside a span of
    ``keep``: a date such as "December 17, 2021" is one phrase, its comma no clause break)."""
    cuts = [sentence.start]
    keep = keep or []
    for m in SPLIT_WORDS.finditer(norm, sentence.start, sentence.end):
        if in_spans(m.start(), quotes) or any(a < m.start() < b for a, b in keep):
            continue
        if m.group() == ")" and re.search(
            r"\([A-Z][a-z]+$", norm[max(0, m.start() - 30) : m.start()]
        ):
            continue  # "in Geneva (Switzerland)": a place's country, no clause break
        if m.group() == "," and _THOUSANDS.match(norm, m.start()):
            continue  # "100,000 troops": a thousands separator, no clause break
        if m.group() == "," and _GAPPED_AND.match(norm, m.end()):
            continue  # "talks with X on Monday, and with Y on Wednesday": the verb left out
        if m.group() == "," and _PLACE_COMMA.search(norm[max(0, m.start() - 40) : m.start()]):
            if _COUNTRY_AFTER.match(norm, m.end()):
                continue  # "met in Paris, France on Jan. 26": one place, one clause
        cuts.append(m.start())
    # "and" before a second verb that is a trigger: "rejected X and threatened Y"
    for m in re.finditer(r"\band\s+(\w+)", norm[sentence.start : sentence.end]):
        word = m.group(1)
        pos = sentence.start + m.start()
        if not VERB_FORMS.match(word) or in_spans(pos, quotes):
            continue
        before = norm[sentence.start : pos].split()
        if before and VERB_FORMS.match(before[-1].strip(",")):
            continue  # "invaded and annexed": one act
        cuts.append(pos)
    kept = [sentence.start]
    for cut in sorted(set(cuts)):
        # a cut right after another (", when") leaves no clause between them
        if cut > kept[-1] and norm[kept[-1] : cut].strip(" ,;:-()"):
            kept.append(cut)
    kept.append(sentence.end)
    return [Clause(a, b) for a, b in zip(kept, kept[1:], strict=False) if b > a]


# "the previous talks of political advisers", "their last meeting": an earlier occasion
_EARLIER_ONE = re.compile(
    r"\b(?:previous|prior|preceding|earlier|last|former)\s+(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE
)


def _name_lists(norm: str, name_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lists of names that are one phrase, their commas no clause breaks: "Russia, Germany,
    Ukraine and France held negotiations", "the Normandy format (Russia, Germany, Ukraine,
    France)" (three names or more, or two or more in brackets)."""
    if not name_spans:
        return []
    out = []
    run = [name_spans[0]]
    for span in [*name_spans[1:], None]:
        gap = norm[run[-1][1] : span[0]] if span is not None else ""
        if span is not None and re.fullmatch(r",\s+", gap):
            run.append(span)
            continue
        closed = span is not None and re.fullmatch(r",?\s+(?:and|or)\s+", gap)
        if closed:
            run.append(span)
        a, b = run[0][0], run[-1][1]
        bracketed = norm[a - 1 : a] == "(" and norm[b : b + 1] == ")"
        if len(run) >= 3 and closed or len(run) >= 2 and bracketed:
            # a kept span protects the cuts strictly inside it: the brackets' too
            out.append((a - 2, b + 1) if bracketed else (a, b))
        if span is not None:
            run = [span]
    return out


PREPOSITIONS = frozenset(
    {
        "of",
        "in",
        "on",
        "for",
        "to",
        "by",
        "with",
        "between",
        "over",
        "under",
        "amid",
        "after",
        "before",
        "and",
        "or",
        "held",
        "hold",
        "begin",
        "began",
        "start",
        "during",
        "at",
        "from",
        "into",
        "upon",
        "about",
    }
)


AUXILIARIES = frozenset(
    {
        "will",
        "would",
        "shall",
        "to",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "be",
        "been",
        "did",
        "does",
        "do",
        "can",
        "could",
        "may",
        "might",
        "must",
        "should",
        "not",
    }
)


def _given(norm: str, trigger_start: int, clause_start: int) -> int | None:
    """Where the determiner (the, his, Borrell's ...) that introduces a noun starts; None when
    the noun is new ("a visit", "talks between ...")."""
    window_start = max(clause_start, trigger_start - 60)
    words = list(re.finditer(r"[\w.'-]+", norm[window_start:trigger_start]))
    for m in reversed(words[-5:]):
        word = m.group()
        low = word.lower().strip("'")
        if low in DETERMINERS or low.endswith("'s") or word.endswith("s'"):
            return window_start + m.start()
        if low in INDEFINITE or low in PREPOSITIONS or low in AUXILIARIES or VERB_FORMS.match(low):
            return None
    return None


_SAY_IN = re.compile(r"\b(?:said|says|told|tells|stated|added|announced)\b")


def sentence_start_of(norm: str, pos: int) -> int:
    """The start of the sentence around ``pos`` (after a full stop, or 300 characters back)."""
    lo = max(0, pos - 300)
    ends = [m.end() for m in re.finditer(r"[.!?]\s+|\n", norm[lo:pos])]
    return lo + ends[-1] if ends else lo


def clause_end_of(norm: str, pos: int) -> int:
    """The end of the sentence around ``pos`` (a full stop, or 300 characters on)."""
    m = re.search(r"[.!?](?:\s|$)", norm[pos : pos + 300])
    return pos + m.end() if m else min(len(norm), pos + 300)


def _find_triggers(
    norm: str, clause: Clause, quotes: list[tuple[int, int]], name_spans: list[tuple[int, int]]
) -> list[Trigger]:
    found: list[Trigger] = []
    taken: list[tuple[int, int]] = []  # a statement noun the saying stands for
    for regex, etype, pos, lemma in _TRIGGER_RE:
        for m in regex.finditer(norm, clause.start, clause.end):
            s, e = m.start(), m.end()
            if in_spans(s, quotes) or any(a <= s < b for a, b in name_spans):
                continue
            if any(s < t.end and t.start < e for t in found) or in_spans(s, taken):
                continue
            if lemma == "speak":
                # "spoke with Reuters on January 15": an interview, the saying is the news
                heard = re.match(
                    r"\s+(?:with|to)\s+(?:the\s+)?([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)",
                    norm[e : e + 60],
                )
                if heard and OUTLET_NAME.fullmatch(heard.group(1)):
                    continue
            if lemma == "deliver" and not ARMS.search(
                norm, max(clause.start, s - 60), min(clause.end, e + 60)
            ):
                continue  # "delivered a speech", "sent a letter", "gas deliveries"
            if lemma == "arrive" and not (
                _TROOPS_BEFORE.search(norm[max(clause.start, s - 80) : s])
                or _TROOPS_AFTER.match(norm, e)
            ):
                continue  # "Blinken arrived in Kyiv": a visit, see "travel"
            if lemma == "open" and not any(
                GATHERING_NAME.search(norm, a, b)
                and re.fullmatch(r"\s+(?:has\s+|have\s+)?", norm[b:s])
                for a, b in name_spans
            ):
                continue
            if pos == "noun" and lemma == "statement":
                # "said in a statement": the statement is the saying itself
                if re.search(
                    r"\b(?:said|says|told|added|stated)\b[^,;.\"]{0,40}\bin\s+an?\s+$",
                    norm[max(0, s - 70) : s],
                ):
                    taken.append((s, e))
                    continue
                # "In a separate press conference, Kozak said": the saying makes the event
                if _SAY_IN.search(norm, sentence_start_of(norm, s), clause_end_of(norm, s)):
                    taken.append((s, e))
                    continue
            word = m.group().lower()
            kind = "verb" if pos in ("noun", "weak") and VERB_FORMS.match(word) else pos
            found.append(Trigger(s, e, m.group(), etype, kind, lemma))
    found.sort(key=lambda t: t.start)
    return found


# -- the builder --------------------------------------------------------------------------------

# the troops who arrive: "U.S. troops arrived", "a plane with soldiers ... landed", "the
# arrival of military personnel"
_TROOPS_BEFORE = re.compile(rf"\b{_TROOPS}(?:(?!\b(?:and|but|while|who|which)\b)[^,;.])*$")
_TROOPS_AFTER = re.compile(rf"\s+of\s+(?:[\w-]+\s+){{0,4}}?{_TROOPS}")
GATHERING_NAME = re.compile(r"\b(?:Conference|Summit|Forum)$")
_ANY_TRIGGER = "|".join(p for p, _, _, _ in TRIGGERS)
POSSESSED = re.compile(
    rf"^(?P<poss>'s?)?\s+(?:\"?[\w-]+\"?\s+){{0,2}}?(?:{_ANY_TRIGGER})\b", re.IGNORECASE
)
COMPLEMENT = re.compile(r"^\s+(?:between|of|with|by|among|involving)\b", re.IGNORECASE)


class _Spans:
    """Items with ``start`` sorted for range queries."""

    def __init__(self, items: list):
        self.items = sorted(items, key=lambda x: x.start)
        self.starts = [x.start for x in self.items]

    def between(self, start: int, end: int) -> list:
        lo = bisect_left(self.starts, start)
        hi = bisect_left(self.starts, end)
        return self.items[lo:hi]


@dataclass
class _Anaphor:
    clause: Clause
    trigger: Trigger
    np_start: int
    target: EventCandidate | None


class EventBuilder:
    def __init__(
        self,
        text: str,
        norm: str,
        sentences: list[Sentence],
        published: date,
        dates: list[DateMention],
        day_counts: list[DayCount],
        actors: list[ActorMention],
        places: list[PlaceMention],
        quotes: list[tuple[int, int]],
        kinds: dict[str, str],
        ancestors=None,
    ):
        self.text, self.norm, self.sentences = text, norm, sentences
        self.published = published
        self.quotes = quotes
        # a dateline's date says when the report was filed: it dates no event
        self.dates = _Spans(
            [d for d in dates if not in_spans(d.start, quotes) and d.kind != "dateline"]
        )
        self.day_counts = day_counts
        self.actors = _Spans([a for a in actors if not in_spans(a.start, quotes)])
        self.places = _Spans([p for p in places if p.locative])
        self.kinds = kinds  # actor id -> kind (person, organisation, ...)
        # actor key -> the keys of the bodies it belongs to ("Jen Psaki" -> united-states)
        ancestors = ancestors or (lambda aid: [])
        self.parents: dict[str, set[str]] = {}
        for a in actors:
            up = a.actor_id or a.parent_id
            keys = {up, *ancestors(up)} - {a.actor_id} if up else set()
            self.parents.setdefault(_key(a.actor_id, a.name), set()).update(keys)
        self.events: list[EventCandidate] = []
        self.last_day: date | None = None  # the last day-precise date mentioned
        self.last_person: ActorMention | None = None
        self.speakers: dict[int, ActorMention] = {}  # sentence index -> a person who spoke in it
        # the event of the day before publication that the first sentence reports, if any
        self.story_day: EventCandidate | None = None
        self._anaphors: list[_Anaphor] = []
        # (sentence index, date) of a saying by a speaker named only by role
        self._role_said: tuple[int, DateMention] | None = None
        self._role_sentence: int | None = None  # a sentence whose speaker is only a role

    def run(self) -> list[EventCandidate]:
        for sent in self.sentences:
            self.sentence(sent)
        self._date_by_later_telling()
        return self.events

    def _date_by_later_telling(self) -> None:
        """Talks first told without a date, then with one ("X said after talks with Y", then
        "X held talks on Monday with Y"): the dated telling holds them, and a statement made
        after them in the same sentence moves to their day. (Told the other way round, the
        dated telling first, ``_add`` merges them as they come.)"""
        for e in list(self.events):
            if not (
                e.placed
                and e.date_phrase.startswith(UNDATED)
                and e.event_type in ("meeting", "call", "visit")
            ):
                continue
            keys = _actor_keys(e)
            said = [
                s
                for s in self.events
                if s.event_type == "statement" and s.first_sentence == e.first_sentence and s.placed
            ]
            speakers = {f"name:{_speaker(s)}" for s in said} | {_speaker(s) for s in said}
            for p in self.events:
                if (
                    p is e
                    or p.placed
                    or p.first_sentence <= e.first_sentence
                    or p.event_type != e.event_type
                    or p.start_date > self.published
                ):
                    continue
                other = _actor_keys(p)
                if not (keys and keys <= other and (len(keys) >= 2 or speakers & other)):
                    continue
                if _EARLIER_ONE.search(self.norm[max(0, p.trigger_start - 40) : p.trigger_start]):
                    continue  # "The previous talks ... were held on January 26": another one
                for a in e.actors:
                    p.add_actor(*a)
                self.events.remove(e)
                sentence = self.norm[e.quote_start : e.quote_end]
                after = re.search(
                    r"\b(?:after|following)\s+(?:[\w-]+\s+){0,2}?" + re.escape(_noun(e)),
                    sentence,
                    re.IGNORECASE,
                )
                for s in said if after else []:
                    s.start_date, s.date_precision, s.placed = p.start_date, p.date_precision, False
                    s.date_phrase = f"not stated: day of the {_noun(p)}"
                    s.notes = [
                        f"Date not stated: placed on the day of '{p.title}', which the "
                        "statement followed."
                    ]
                break

    def _date_by_what_was_told(self, told: EventCandidate) -> EventCandidate | None:
        """A call or meeting first told without a date, then what one side told the other on
        a day ("The conversation between Biden and Zelensky ...", then "Biden told Zelensky on
        Sunday that ..."): the talk was that day. Returns the talk so dated."""
        if told.event_type != "statement" or told.placed or told.start_date > self.published:
            return None
        keys = _actor_keys(told)
        for e in reversed(self.events):
            if (
                e.event_type in ("call", "meeting")
                and e.placed
                and e.date_phrase.startswith(UNDATED)
                and 0 < told.first_sentence - e.first_sentence <= 2
                and len(_actor_keys(e)) >= 2
                and _actor_keys(e) <= keys
            ):
                e.start_date, e.date_precision, e.placed = (
                    told.start_date,
                    told.date_precision,
                    False,
                )
                e.date_phrase = f"not stated: day of what was told in it ({told.date_phrase})"
                e.notes = [
                    f"Date not stated: placed on the day of '{told.title}', said by one side "
                    "to the other."
                ]
                return e
        return None

    # -- helpers ------------------------------------------------------------------------------

    def _resolve_anaphor(self, trigger: Trigger, ids: set[str]) -> EventCandidate | None:
        kinds = COMPATIBLE.get(trigger.event_type, {trigger.event_type})
        candidates = [e for e in self.events if e.event_type in kinds]
        if trigger.event_type == "military":
            # "Moscow's deployment into Belarus" after "began joint military drills": drills,
            # a buildup and an alert are three things, not one told again
            candidates = [e for e in candidates if e.lemma == trigger.lemma]
        if not candidates:
            return None
        same = [e for e in candidates if e.event_type == trigger.event_type]
        if same and not ids:
            return same[-1]
        if ids:
            overlap = [e for e in candidates if e.actor_ids & ids]
            return overlap[-1] if overlap else None
        return candidates[-1]

    def _own_day(
        self, clause: Clause, t: Trigger, target: EventCandidate, nxt: Clause | None = None
    ) -> bool:
        """True when the clause gives ``t`` a stated day outside ``target``'s dates and no
        other trigger of the clause could take that day (a day right after the noun is its
        own: "his talks last Friday with Lavrov", beside "a meeting today"; so is the day of a
        relative clause right after it: "the Dialogue which took place on January 10")."""
        last = target.end_date or target.start_date
        if (
            nxt is not None
            and not self.norm[t.end : nxt.start].strip()
            and RELATIVE_HEAD.match(self.norm[nxt.start : nxt.start + 14].lower().lstrip(", "))
        ):
            for d in self.dates.between(nxt.start, nxt.end):
                if d.precision == "day" and d.first is not None:
                    return not (target.start_date <= d.first <= last)
        for d in self.dates.between(t.end, min(clause.end, t.end + 12)):
            if (
                d.precision == "day"
                and d.first is not None
                and re.fullmatch(r"\s*(?:on\s+)?", self.norm[t.end : d.start])
            ):
                return not (target.start_date <= d.first <= last)
        if any(o is not t and not o.given and o.pos != "say" for o in clause.triggers):
            return False
        for d in self.dates.between(clause.start, clause.end):
            if d.kind in ("anchored", "duration") or d.precision != "day" or d.first is None:
                continue
            if not (target.start_date <= d.first <= last):
                return True
        return False

    @staticmethod
    def _role(etype: str, actor: ActorMention, trigger_start: int) -> str:
        if etype in ("policy", "military", "armed_conflict", "annexation"):
            return "participant" if actor.start < trigger_start else "target"
        return "participant"

    def _complement(self, trigger: Trigger, clause: Clause) -> list[ActorMention]:
        """Actors a noun's complement names ("talks between Blinken and ...")."""
        if not COMPLEMENT.match(self.norm[trigger.end : trigger.end + 20]):
            return []
        return [a for a in clause.actors if a.start > trigger.end]

    def _possessed(self, actor: ActorMention) -> bool:
        """True when ``actor`` only modifies a noun ("Russia's buildup", "Russian buildup")."""
        m = POSSESSED.match(self.norm[actor.end : actor.end + 50])
        if not m:
            return False
        if re.search(r"\bcouncil$", m.group(), re.IGNORECASE):
            return False  # "the OSCE's Permanent Council": a body of the actor, standing for it
        return bool(m.group("poss")) or actor.text in DEMONYM_WORDS

    # -- one sentence ---------------------------------------------------------------------------

    def sentence(self, sent: Sentence) -> None:
        norm = self.norm
        date_spans = [(d.start, d.end) for d in self.dates.between(sent.start, sent.end)]
        name_spans = [(a.start, a.end) for a in self.actors.between(sent.start, sent.end)]
        # a name with its title is one phrase too: "Permanent Representative to the OSCE
        # (OSCE) Alexander Lukashevich" is not cut at its brackets
        titled = [(a, b) for a, b in name_spans if "(" in norm[a:b] or ")" in norm[a:b]]
        clauses = split_clauses(
            norm, sent, self.quotes, date_spans + titled + _name_lists(norm, name_spans)
        )
        for clause in clauses:
            clause.triggers = _find_triggers(norm, clause, self.quotes, name_spans)
            clause.actors = self.actors.between(clause.start, clause.end)
            clause.habitual = bool(HABITUAL.search(norm, clause.start, clause.end))

        # given nouns without a date of their own refer back to events already reported
        anaphors: list[_Anaphor] = []
        visited = False  # a visit reported earlier in the sentence
        met: Clause | None = None  # the clause of a meeting reported earlier in the sentence
        for ci, clause in enumerate(clauses):
            kept = []
            where = re.match(r"\W*where\b", norm[clause.start : clause.end], re.I)
            if visited and where and not self.dates.between(clause.start, clause.end):
                # "visited Moscow, where they held talks with X": talks of the same visit (but
                # "will visit Kyiv, where he will meet Y on Jan. 19" dates a meeting of its own)
                clause.triggers = [t for t in clause.triggers if t.event_type != "meeting"]
            elif met is not None and where and not self.dates.between(clause.start, clause.end):
                # "the NATO-Russia Council meeting in Brussels, where 30 Allies met with
                # Russia": who met at that meeting, not another meeting
                if any(t.event_type == "meeting" for t in clause.triggers):
                    met.actors = met.actors + [a for a in clause.actors if a not in met.actors]
                    clause.triggers = [t for t in clause.triggers if t.event_type != "meeting"]
            for t in clause.triggers:
                np_start = (
                    _given(norm, t.start, clause.start) if t.pos in ("noun", "weak") else None
                )
                if np_start is not None:
                    own = [a for a in clause.actors if np_start <= a.start < t.start]
                    own += self._complement(t, clause)
                    ids = {a.actor_id for a in own if a.actor_id}
                    target = self._resolve_anaphor(t, ids)
                    nxt = clauses[ci + 1 : ci + 2]
                    if target is not None and self._own_day(clause, t, target, *nxt):
                        # "The main day of the talks is scheduled for Monday, January 10th",
                        # "the future meeting ... set for Jan. 28": another occasion, of the
                        # same parties unless the clause names its own
                        if norm[np_start : np_start + 4].lower() == "the " and (
                            target.event_type == t.event_type
                        ):
                            t.kin = target
                        target = None
                    if (
                        target is not None
                        or t.pos == "weak"
                        or (
                            t.event_type in ("policy", "armed_conflict", "annexation")
                            and not _caused_by_act(norm, t, np_start)
                        )
                    ):
                        t.given = True
                        anaphors.append(_Anaphor(clause, t, np_start, target))
                        continue
                    # "Russia's troop buildup", "the NATO-Russia Council meeting will take
                    # place on January 12": nothing earlier to refer back to, so the definite
                    # noun is the first report of an event the reader is taken to know
                    t.given = True
                if clause.habitual:
                    continue
                before = norm[max(clause.start, t.start - 60) : t.start]
                if NEGATION.search(before[-40:]) or NO_DECISION.search(before):
                    continue
                if SERIES_OF.search(before) and not self.dates.between(clause.start, clause.end):
                    continue
                if t.event_type == "statement" and ACCORDING_TO_NOUN.search(before):
                    continue
                kept.append(t)
            clause.triggers = kept
            visited = visited or any(t.event_type == "visit" for t in kept)
            if any(t.event_type == "meeting" for t in kept) or any(
                a.clause is clause and a.trigger.event_type == "meeting" for a in anaphors
            ):
                met = clause

        # relative dates ("the next day") against an anaphor's event, else the last day mentioned
        resolved: list[DateMention] = []
        for d in self.dates.between(sent.start, sent.end):
            if d.kind == "anchored":
                targets = [a.target for a in anaphors if a.target and a.trigger.start < d.start]
                if targets:
                    d = d.anchored_to(targets[-1].start_date, f"'{targets[-1].title}'")
                elif earlier := [r for r in resolved if r.precision == "day" and r.first]:
                    day = earlier[-1].last or earlier[-1].first
                    d = d.anchored_to(day, "the last date mentioned before it")
                elif self.last_day is not None:
                    d = d.anchored_to(self.last_day, "the last date mentioned before it")
                elif d.offset < 0:
                    # "Putin gave a start to the exercise ... The day before Putin spoke at a
                    # meeting": no day named yet, so the day of the news told before it, or
                    # the publication day's
                    last = self.events[-1] if self.events else None
                    d = (
                        d.anchored_to(last.start_date, f"'{last.title}'")
                        if last is not None
                        else d.anchored_to(self.published, "the publication date")
                    )
                else:
                    continue
            resolved.append(d)
        for clause in clauses:
            clause.dates = [d for d in resolved if clause.start <= d.start < clause.end]

        # a clause without triggers lends its date to the next clause or to a "when" clause;
        # a sentence that opens with its date lends it past the subject's appositions: "On
        # February 19, the foreign ministers of the G7, including Blinken, will meet"
        for i, clause in enumerate(clauses):
            if clause.triggers or not clause.dates:
                continue
            nxt = i + 1
            if i == 0 and _only_date(norm, clause):
                while (
                    nxt + 1 < len(clauses) and not clauses[nxt].triggers and not clauses[nxt].dates
                ):
                    nxt += 1
            if (
                _STARTING.match(norm, clause.start)
                and nxt + 1 < len(clauses)
                and clauses[nxt].triggers
                and all(t.pos == "say" for t in clauses[nxt].triggers)
            ):
                # "Starting today, he said, sanctions would begin": the day they begin, past
                # the saying
                nxt += 1
            order = (nxt, i - 1)
            said = (
                i > 0
                and _only_date(norm, clause)
                and any(
                    t.pos == "say" and 0 <= clause.start - t.end <= 1
                    for t in clauses[i - 1].triggers
                )
            )
            # "... is scheduled to travel to Moscow for consultations with X, on Friday.": a
            # day that ends the sentence is the clause's before it
            last = i == len(clauses) - 1 and i > 0 and _only_date(norm, clause)
            own = norm[clause.start : clause.start + 14].lower().lstrip(", ")
            if said:
                # "Harris said, Saturday, that ...": the day of the saying just before it
                order = (i - 1,)
            elif i > 0 and RELATIVE_HEAD.match(own):
                # "Following the Dialogue which took place on January 10, Sherman stated": the
                # relative clause dates the noun it follows, not the clause after it
                order = (i - 1, nxt)
            elif last:
                order = (i - 1, i - 2, i - 3)  # past the appositions: ", Sergei Shoigu, on ..."
            continues = i > 1 and bool(_PREDICATE_ONLY.match(own))
            if continues:
                # "exercises with China and Iran, dubbed CHIRU, will kick off ... this Friday":
                # the predicate after an apposition is the subject's, two clauses back
                order = (i - 1, i - 2)
            for j in order:
                if not (0 <= j < len(clauses)) or not clauses[j].triggers:
                    continue
                if clauses[j].dates and not _finer(clause.dates, clauses[j].dates):
                    continue
                head = norm[clauses[j].start : clauses[j].start + 8].lower().lstrip(", ")
                if j == nxt and re.match(
                    r"\W*(?:whose\b|(?:which|who|that) (?:has|have)\b)",
                    norm[clauses[j].start : clauses[j].start + 20],
                    re.I,
                ):
                    # "... on Wednesday about military action by Moscow, whose troops have
                    # massed alongside its border": a state that holds, not that day's
                    continue
                if (
                    said
                    or last
                    or continues
                    or j == nxt
                    or head.startswith("when")
                    or RELATIVE_HEAD.match(own)
                ):
                    clauses[j].dates = list(clause.dates)
                    break

        # "On Feb. 21, Putin recognized the regions, and immediately ordered troops in": a verb
        # that shares the subject of the clause before shares its day too
        for prev, clause in zip(clauses, clauses[1:], strict=False):
            if (
                clause.triggers
                and not clause.dates
                and prev.triggers
                and len(prev.dates) == 1
                and prev.dates[0].precision == "day"
                and _SAME_SUBJECT_VERB.match(norm, clause.start)
                and not any(t.pos == "say" for t in clause.triggers)
            ):
                clause.dates = list(prev.dates)

        # what given nouns add to the events they point to
        for an in anaphors:
            target = an.target
            if target is None:
                continue
            for dc in self.day_counts:
                if dc.noun_start == an.trigger.start and target.end_date is None:
                    target.end_date = target.start_date + timedelta(days=dc.days - 1)
                    target.notes.append(
                        f"End date {target.end_date.isoformat()} computed from '{dc.text}' "
                        "(not stated)."
                    )
            if an.trigger.event_type != "statement":
                for a in self._complement(an.trigger, an.clause):
                    target.add_actor(a.actor_id, a.name, "participant")
            if target.last_sentence == sent.index - 1:
                target.last_sentence = sent.index
                target.quote_end = sent.end

        made: list[EventCandidate] = []
        says: list[tuple[Clause, Trigger]] = []
        for clause in clauses:
            says += [(clause, t) for t in clause.triggers if t.pos == "say"]
            groups = self._bind(clause, [t for t in clause.triggers if t.pos != "say"])
            for k, (group, mention) in enumerate(groups):
                others = [g for i, g in enumerate(groups) if i != k]
                event = self._make(sent, clause, group, mention, others, anaphors, clauses)
                if event is not None:
                    made.append(event)
        # ", according to the White House": who reported the clause's events before it
        # (and "As announced by the Russian authorities, the maneuvers are to take place
        # between February 3 and 8": who told of the events after it)
        for clause in clauses:
            head = norm[clause.start : clause.end]
            if re.match(r"\W*as (?:announced|reported|stated|said|confirmed) by\b", head, re.I):
                told = [e for e in made if e.trigger_start >= clause.end]
            elif re.match(r"\W*according to\b", head, re.I):
                told = [e for e in made if e.trigger_start < clause.start]
            else:
                continue
            for event in told:
                for a in clause.actors:
                    if a.actor_id not in event.actor_ids:
                        event.add_actor(a.actor_id, a.name, "reporter")
        self._anaphors = [a for a in anaphors if a.target is not None]
        for clause, t in says:
            self._statement(sent, clause, t, made, clauses)
        made = self._announced_acts(made)
        for event in made:
            if event.actors:  # a reporter may have given an event its only actor
                event.title = _title(event, event.trigger)
                self._add(event)
        for a in self.actors.between(sent.start, sent.end):
            if (a.actor_id and self.kinds.get(a.actor_id) == "person") or a.kind == "person":
                self.last_person = a
        for d in resolved:
            if d.precision == "day" and d.first is not None:
                self.last_day = d.last or d.first
        if sent.index == 0:
            # "MUNICH (AP) - Harris said, Saturday, ..." in a Sunday paper: the story's day
            self.story_day = next(
                (
                    e
                    for e in self.events
                    if not e.placed
                    and e.status != "ongoing"
                    and e.date_precision == "day"
                    and e.start_date == self.published - timedelta(days=1)
                ),
                None,
            )

    def _bind(
        self, clause: Clause, triggers: list[Trigger]
    ) -> list[tuple[list[Trigger], DateMention | None]]:
        """Group the clause's triggers by the date each binds to."""
        if not triggers:
            return []
        for d in clause.dates:
            if re.search(r"\bsince\s+$", self.norm[max(0, d.start - 8) : d.start]) and not any(
                t.event_type in ("armed_conflict", "annexation") for t in triggers
            ):
                continue  # "tripling since last year": when a trend began, not an event's day
            says = [t for t in clause.triggers if t.pos == "say" and 0 <= t.start - d.end <= 2]
            if any(t.date is None for t in says):
                for t in says:
                    t.date = d  # "Borrell yesterday said the committee would meet": its day
                continue
            said = [
                t
                for t in clause.triggers
                if t.pos == "say"
                and t.date is None
                and d.precision == "day"
                and re.fullmatch(r"\s+(?:on\s+)?", self.norm[t.end : d.start])
                and not re.match(r"['’]s\b", self.norm[d.end : d.end + 2])
            ]
            if said:
                # "Putin said Thursday Washington is ready for talks at the start of next
                # year": the day right after the verb is the saying's, not the talks'
                said[0].date = d
                continue
            before = [t for t in triggers if t.start < d.start and t.date is None]
            after = [t for t in triggers if t.start > d.start and t.date is None]
            target = before[-1] if before else (after[0] if after else None)
            if target is not None:
                target.date = d
            elif (gap := self._gapped(clause, triggers, d)) is not None:
                triggers.append(gap)
        # with a single date, the clause's other triggers share it ("invaded and annexed")
        if len(clause.dates) == 1 and any(t.date is clause.dates[0] for t in triggers):
            for t in triggers:
                if t.date is None:
                    t.date = clause.dates[0]
        groups: dict[int, list[Trigger]] = {}
        occasions = [t for t in triggers if t.event_type in ("meeting", "call", "visit")]
        for t in triggers:
            if t.pos == "weak" and t.date is None:
                continue
            if (
                t.lemma == "buildup"
                and occasions
                and t.start > occasions[0].end
                and (t.given or _AMID.search(self.norm, occasions[0].end, t.start))
            ):
                # "held talks Monday in Geneva over the massive build-up of troops": the
                # buildup is what the talks were about, an ongoing state of its own
                t.date = None
                groups.setdefault(-2, []).append(t)
                continue
            if (
                t.lemma == "buildup"
                and t.pos == "noun"
                and re.search(
                    r"\b(?:alarm|concerns?|worries|fears?|warnings?|anger|tensions?)\s+(?:over|about)"
                    r"\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){0,4}$",
                    self.norm[max(clause.start, t.start - 80) : t.start],
                )
            ):
                # "when Washington sounded the alarm over a massive Russian troop build-up": the
                # buildup the alarm was about is there now, not from the alarm's day on
                t.date = None
                t.ongoing = True
                groups.setdefault(-2, []).append(t)
                continue
            if (
                t.given
                and t.lemma == "buildup"
                and t.date is None
                and FUTURE.search(self.norm, clause.start, t.start)
            ):
                # "officials will discuss the military build-up by Russia", "We will address
                # Russia's continued military build-up": what is to be talked of is there now
                t.ongoing = True
                groups.setdefault(-2, []).append(t)
                continue
            if (
                t.event_type in ("visit", "meeting")
                and t.date is None
                and any(o.event_type == "armed_conflict" and o.end <= t.start for o in triggers)
                and re.search(
                    r"\bduring\s+(?:an?|the|his|her|their)\s+(?:[\w-]+\s+){0,2}$",
                    self.norm[max(clause.start, t.start - 40) : t.start],
                )
            ):
                # "officials came under a shelling attack during a tour of the front line":
                # the attack and the tour it struck are two events
                groups.setdefault(-3, []).append(t)
                continue
            groups.setdefault(id(t.date) if t.date is not None else -1, []).append(t)
        return [(ts, ts[0].date) for ts in groups.values()]

    def _gapped(self, clause: Clause, triggers: list[Trigger], d: DateMention) -> Trigger | None:
        """A second occasion with its verb left out: "negotiations with NATO on Wednesday and
        with the OSCE on Thursday" (the and-phrase after the first occasion's day has a day of
        its own and no trigger)."""
        if d.precision != "day" or d.first is None:
            return None
        dated = [
            t
            for t in triggers
            if t.date is not None
            and t.date.end <= d.start
            and t.event_type in ("meeting", "call", "visit")
            and t.date.precision == "day"
        ]
        if not dated:
            return None
        head = dated[-1].gapped or dated[-1]
        lo = dated[-1].date.end
        gaps = list(
            re.finditer(r"\band\s+(?:also\s+)?(?:with|between|in|at|to)\b", self.norm[: d.start])
        )
        m = gaps[-1] if gaps else None
        if m is None or m.start() < lo or any(lo <= t.start < d.start for t in triggers):
            return None
        return Trigger(
            m.start(),
            m.end(),
            head.text,
            head.event_type,
            head.pos,
            head.lemma,
            date=d,
            gapped=head,
        )

    def _make(
        self,
        sent: Sentence,
        clause: Clause,
        triggers: list[Trigger],
        mention: DateMention | None,
        others: list[tuple[list[Trigger], DateMention | None]],
        anaphors: list[_Anaphor],
        clauses: list[Clause],
    ) -> EventCandidate | None:
        norm = self.norm
        main = sorted(triggers, key=lambda t: PRIORITY.index(t.event_type))[0]
        first = min(t.start for t in triggers)
        last = max(t.end for t in triggers)
        # "it would deploy 3,000 troops in response to Russia's build-up": what may be done
        # is done about a state that is there now
        hypothetical = bool(HYPOTHETICAL.search(norm, clause.start, first)) and not main.ongoing
        future = (
            bool(FUTURE.search(norm, clause.start, clause.end))
            and not re.search(r"\b(?:has|have|had)\b", norm[clause.start : clause.end])
            and not main.ongoing
        )
        i = clauses.index(clause)
        if (
            i > 0
            and re.match(
                r"\W*(?:along with|as well as|together with|plus)\b", norm[clause.start : first]
            )
            and HYPOTHETICAL.search(norm, clauses[i - 1].start, clauses[i - 1].end)
        ):
            # "has asked for weaponry assistance ..., along with commitments to sanctions"
            hypothetical = True
        # "sanctions and further assistance to Ukraine if Moscow moves to invade": a condition
        # after the trigger makes an undated event a hypothetical too
        later = clauses[clauses.index(clause) + 1 :]
        if (
            mention is None
            and later
            and re.match(r"\W*(?:if|unless)\b", norm[later[0].start : later[0].end], re.I)
            # "The West has threatened Moscow with severe sanctions ... if it launches a fresh
            # incursion": a threat is made now; only what it threatens waits on the condition
            and main.lemma not in ("threaten", "warn")
        ):
            hypothetical = True
        if mention is None and re.match(
            r"[^.;]{0,60}?\b(?:is|was|remains|remained) (?:still |only )?(?:a |an )?"
            r"(?:possibility|possible|an option|option)\b",
            norm[main.end : sent.end].replace('"', ""),
        ):
            # "a third summit with Mr Putin 'is still a possibility'": not held
            hypothetical = True
        if main.ongoing:
            # the state itself, not who will talk of it: actors from the verb's object on
            # ("will discuss the build-up by Russia"), or after "over" ("the alarm over a
            # massive Russian troop build-up")
            verbs = list(FUTURE.finditer(norm, clause.start, main.start))
            over = list(re.finditer(r"\b(?:over|about)\s", norm[clause.start : main.start]))
            if verbs:
                verb = verbs[-1]
                after_verb = re.search(r"\s+\S+", norm[verb.end() : main.start])
                object_start = verb.end() + (after_verb.end() if after_verb else 0)
            else:
                object_start = clause.start + (over[-1].end() if over else 0)
        notes: list[str] = []
        placed = False
        anchor = next(
            (
                a.target
                for a in anaphors
                if a.clause is clause
                and a.target
                and a.trigger.start < first
                # (not "objections to the maneuvers during talks with Russia": the talks
                # have a time of their own, not the maneuvers')
                and not re.search(r"\bduring\b", norm[a.trigger.end : first])
            ),
            None,
        )
        if CLAIMED.search(norm, sent.start, first):
            # "Shoigu claimed on Tuesday that U.S. private military companies have stationed
            # troops": the claim is the news; what it claims is not established
            return None
        if CANCELLED.search(norm, max(clause.start, first - 50), first):
            return None  # "has canceled a meeting with Lavrov that was planned": none to hold
        if main.lemma == "dialogue" and (mention is None or mention.precision != "day"):
            return None  # "serious about dialogue": a stance, not an occasion
        if mention is not None and hypothetical and mention.precision != "day":
            return None  # "proposed to convene the council in early 2022": not yet an event
        if mention is not None:
            start, end = mention.first, mention.last
            precision, stated = mention.precision, mention.stated
            date_phrase = f"'{mention.text}'"
            if mention.note:
                notes.append(mention.note)
        elif hypothetical or EARLIER.search(norm[sent.start : sent.end]):
            return None
        elif (
            main.event_type == "armed_conflict"
            and main.pos == "noun"
            and re.search(r"\b(?:an?|any)\s+(?:[\w-]+\s+){0,2}$", norm[max(0, first - 30) : first])
            # (but "officials came under a shelling attack during a tour": one that happened)
            and not CAME_UNDER.search(norm, max(0, first - 40), first)
        ):
            return None  # "insufficient for an invasion", "planning an attack": talked of
        elif anchor is not None:
            start, end = anchor.start_date, anchor.end_date
            precision, stated, placed = anchor.date_precision, False, True
            date_phrase = f"not stated: that of the {_noun(anchor)}"
            span = start.isoformat() + (f" to {end.isoformat()}" if end else "")
            notes.append(f"Date not stated: placed within the dates of '{anchor.title}' ({span}).")
        elif not future and (also := self._also_then(sent, clause, main, first)) is not None:
            # "X on Friday held talks with Y. Z also met his counterpart": the same day
            start, end = also.start_date, None
            precision, stated, placed = also.date_precision, False, True
            date_phrase = f"not stated: 'also', the day of the {_noun(also)} before"
            notes.append(f"Date not stated: 'also' after '{also.title}', placed on its day.")
        elif (said := self._reported_on(clauses, first)) is not None:
            # "Britain on Monday said it had begun supplying ...": done by the day it was said
            start, end = said.first, None
            precision, stated, placed = "day", False, True
            date_phrase = f"not stated: done by the day it was said ('{said.text}')"
            notes.append(
                f"Date not stated: placed on the day of the saying that reports it as done "
                f"('{said.text}')."
            )
        elif future:
            return None  # a future event without a date cannot be placed
        elif self.story_day is not None and (
            main.event_type in ("meeting", "call", "visit")
            # "..., he said, before state television showed Putin signing mutual aid
            # agreements": an act of the story's day, as its meetings are
            or (main.event_type == "policy" and main.lemma in ("decree", "agreement"))
        ):
            start, end = self.story_day.start_date, None
            precision, stated, placed = "day", False, True
            date_phrase = f"{STORY_DAY} ('{self.story_day.title}')"
            notes.append(_story_note(self.story_day))
        else:
            start, end = self.published, None
            precision, stated, placed = "day", False, True
            date_phrase = f"{PUBLICATION_DAY} (done or under way)"
            notes.append(
                f"Date not stated: placed at the publication date ({self.published.isoformat()}); "
                "the text reports it as done or under way by then."
            )
        if start is None:
            return None
        # the event's stretch of the clause: up to the next event's triggers, from the last
        # date of an earlier event
        region_start, region_end = clause.start, clause.end
        for group, other_date in others:
            other_first = min(t.start for t in group)
            if other_first > last and (mention is None or other_first > mention.start):
                region_end = min(region_end, other_first)
            elif other_date is not None and other_date.end <= first:
                region_start = max(region_start, other_date.end)
        # a given noun's own actors belong to the event it refers to; a body with nothing to
        # refer to ("a meeting of the OSCE Permanent Council") stands for its organisation
        excluded = [
            (an.np_start, an.trigger.end)
            for an in anaphors
            if an.clause is clause and (an.target is not None or an.trigger.pos != "weak")
        ]
        reporters = [
            a
            for a in clause.actors
            if region_start <= a.start < region_end
            and re.search(r"\baccording to\s+(?:the\s+)?$", norm[max(0, a.start - 20) : a.start])
        ]
        excluded += [(a.start, a.end) for a in reporters]
        # "The conversation between Biden and Zelensky was devoted to ... the concentration of
        # Russian troops": the earlier noun's complement names its own participants
        for group, _ in others:
            for t in group:
                if t.end <= first:
                    excluded += [
                        (a.start, a.end) for a in self._complement(t, clause) if a.end <= first
                    ]
        if main.ongoing:
            region_start = max(region_start, object_start)
        actors = [
            a
            for a in clause.actors
            if region_start <= a.start < region_end
            and not any(s <= a.start < e for s, e in excluded)
            and (not self._possessed(a) or _owns(a, triggers))
            # "CTV News confirmed that ... forces have been deployed": who tells the news
            and not OUTLET_NAME.fullmatch(a.name)
        ]
        if (
            not any(a.start < first for a in actors)
            and _VERB_FIRST.match(norm, clause.start)
            and (subject := self._appositive_subject(clause, clauses)) is not None
        ):
            # "Olaf Scholz, on the latest Western diplomatic mission ..., began talks with Putin"
            # (and "Denis Pushilin and Leonid Pasechnik, the de facto heads ..., released
            # separate statements": both names the subject joins)
            joined = [
                a
                for c in clauses
                if c.start <= subject.start < c.end
                for a in c.actors
                if a.end <= subject.start
                and re.fullmatch(r"\s+and\s+", norm[a.end : subject.start])
            ]
            actors[:0] = [*joined, subject]
        if (
            main.event_type == "armed_conflict"
            and not any(a.start < first for a in actors)
            and re.match(r"[\s,]*(?:came|come|comes|coming)\s+under\b", norm[clause.start : first])
        ):
            # "Top Ukrainian officials, including Interior Minister Denys Monastyrskiy, came
            # under a shelling attack": the ones attacked are the subject before the aside
            i = clauses.index(clause)
            actors = [
                a
                for c in clauses[:i]
                if c.start >= sent.start
                for a in c.actors
                if not self._possessed(a)
            ] + actors
        if main.gapped is not None:
            # the left-out verb's subject: "Russia is due to hold negotiations ... on Wednesday
            # and with the OSCE on Thursday" (Russia holds both)
            # and, when the and-phrase names no one ("in Vienna on Thursday"), the first
            # occasion's other side too
            upto = main.gapped.start if actors else main.gapped.date.start
            subject = [a for a in clause.actors if a.start < upto and not self._possessed(a)]
            actors = [*subject, *actors]
        if not any(a.start < first for a in actors):
            if anchor is not None and placed:
                inherited = [
                    ActorMention(0, 0, n, aid, n)
                    for aid, n, role in anchor.actors
                    if role == "participant"
                ]
                actors = inherited + actors
            elif main.pos == "verb" or LIGHT_VERB.search(norm, clause.start, first):
                # (and "Moscow, whose troops have massed": the one named right before "whose")
                relative = re.match(r"\W*who(?:se)?\b", norm[clause.start : first], re.I)
                for prev in reversed(clauses[: clauses.index(clause)]):
                    subject = [a for a in prev.actors if not self._possessed(a)]
                    if subject and relative:
                        # "X called on US President Joe Biden - who was to speak with Putin":
                        # the one named right before "who"
                        actors = [subject[-1], *actors]
                        break
                    if subject:
                        # "Deputy Secretary Jane Roe and Deputy Minister John Doe, heads of
                        # the delegations, had a first meeting": the whole subject
                        joined = [subject[0]]
                        for a, b in zip(subject, subject[1:], strict=False):
                            if not re.fullmatch(r"\s+and\s+", norm[a.end : b.start]):
                                break
                            joined.append(b)
                        actors = [*joined, *actors]
                        # "the foreign ministers of the G7, including Blinken, will meet":
                        # the G7's ministers meet, Blinken among them
                        if not re.match(
                            r"\W*(?:including|among them|such as)\b",
                            norm[prev.start : prev.end],
                            re.IGNORECASE,
                        ):
                            break
        if not actors and main.kin is not None:
            actors = [
                ActorMention(0, 0, n, aid, n)
                for aid, n, role in main.kin.actors
                if role == "participant"
            ]
            notes.append(
                f"Participants taken from '{main.kin.title}', which the text names again "
                f"('the {main.text}') for another day."
            )
        if not actors and GROUP_SUBJECT.search(norm, clause.start, first):
            # "The two ministers will meet ...": the participants of the last such event
            last_event = next(
                (e for e in reversed(self.events) if e.event_type in ("call", "meeting", "visit")),
                None,
            )
            if last_event is not None:
                actors = [
                    ActorMention(0, 0, n, aid, n)
                    for aid, n, role in last_event.actors
                    if role == "participant"
                ]
                notes.append(
                    f"Participants taken from '{last_event.title}' (the text says "
                    f"'{GROUP_SUBJECT.search(norm, clause.start, first).group()}')."
                )
        if not actors and stated and main.event_type in ("meeting", "visit"):
            # "Political advisers of the Normandy format will hold a meeting in Paris on
            # January 25. X will represent Russia": who the next sentence sends to it
            nxt_end = clause_end_of(norm, sent.end)
            rep = REPRESENT.search(norm, sent.end, nxt_end)
            if rep is not None and not in_spans(rep.start(), self.quotes):
                stop = norm.find(",", rep.end(), nxt_end)
                actors = list(self.actors.between(sent.end, stop if stop > 0 else nxt_end))
                if actors:
                    notes.append(
                        "Participants taken from the next sentence, which says who will "
                        f"take part ('{rep.group()}')."
                    )
        places = self.places.between(region_start, region_end)
        place = next((p for p in places if p.place.kind in ("city", "venue")), None)
        place = place or (places[0] if places else None)
        announced = bool(ANNOUNCED.search(norm, sent.start, first))
        if start > self.published or (start == self.published and future):
            status = "announced" if announced else "scheduled"
        elif main.event_type in ("statement", "call", "meeting", "visit"):
            status = "occurred"
        elif ONGOING.search(norm, clause.start, clause.end) or (
            placed and main.event_type in ("military", "armed_conflict") and end is None
        ):
            status = "ongoing"
        else:
            status = "occurred"
        region_text = norm[region_start:region_end]
        if main.event_type in ("military", "armed_conflict", "annexation", "policy"):
            fmt = "unknown"
        elif VIRTUAL.search(region_text):
            fmt = "virtual"
        elif place is not None and (
            place.place.kind in ("city", "venue") or main.event_type == "visit"
        ):
            fmt = "in-person"
        else:
            fmt = "unknown"
        for dc in self.day_counts:
            if any(dc.noun_start == t.start for t in triggers) and end is None:
                end = start + timedelta(days=dc.days - 1)
                notes.append(f"End date {end.isoformat()} computed from '{dc.text}' (not stated).")
        event = EventCandidate(
            title="",
            event_type=main.event_type,
            lemma=main.lemma,
            start_date=start,
            end_date=end if end and end > start else None,
            date_precision=precision,
            date_stated=stated,
            status=status,
            format=fmt,
            actors=[],
            place=place,
            first_sentence=sent.index,
            last_sentence=sent.index,
            quote_start=sent.start,
            quote_end=sent.end,
            notes=notes,
            placed=placed,
            trigger_start=main.start,
            trigger=main,
            date_phrase=date_phrase,
        )
        owner = (
            self._owner(sent, main)
            if main.event_type in ("statement", "visit", "meeting", "call")
            else None
        )
        if owner is not None:
            # "Rau, in his inauguration speech of the Polish presidency": his speech; "talks
            # with Zelenskyy during his visit to Kyiv": Erdoğan's visit
            role = "speaker" if main.event_type == "statement" else "participant"
            event.add_actor(owner.actor_id, owner.name, role)
        for a in actors:
            event.add_actor(a.actor_id, a.name, self._role(main.event_type, a, first))
        for a in reporters:
            event.add_actor(a.actor_id, a.name, "reporter")
        if main.lemma == "threaten" and actors and actors[0].start < first:
            if self._is_person(actors[0]) and event.actors[0][2] != "reporter":
                # "And Biden threatened tougher steps if Russia continues its aggression": a
                # person's threat is a saying of theirs (a state's threat stays a policy)
                event.event_type, event.lemma = "statement", "say"
                event.actors = [
                    (aid, name, "speaker" if i == 0 else role)
                    for i, (aid, name, role) in enumerate(event.actors)
                ]
        event.title = _title(event, main)
        event.confidence = _confidence(event, mention, main)
        return event

    def _titled_person(self, state: ActorMention, t: Trigger) -> ActorMention | None:
        """ "the Ukrainian President said", "the Russian leader said": the person of that
        state named last before, when the state is named only by its demonym and a title."""
        if (
            not re.fullmatch(
                r"\s+(?:[Pp]resident|[Ll]eader|[Pp]rime [Mm]inister|[Ff]oreign [Mm]inister|"
                r"[Cc]hancellor)\s+",
                self.norm[state.end : t.start],
            )
            or state.text not in DEMONYM_WORDS
        ):
            return None
        people = [
            a
            for a in self.actors.between(0, state.start)
            if self._is_person(a)
            and state.actor_id in self.parents.get(_key(a.actor_id, a.name), ())
        ]
        return people[-1] if people else None

    def _office_holder(self, body: ActorMention) -> ActorMention | None:
        """ "Serhii Haidai, head of the Luhansk Regional Administration, wrote ... the head of
        the Regional State Administration added": the person last named with that office,
        when a body is named only as the seat of an unnamed office holder."""
        window = max(0, body.start - 60)
        m = _OFFICE_OF.search(self.norm[window : body.start])
        if m is None:
            return None
        office = m.group(1).lower()
        people = [
            a
            for a in self.actors.between(0, window + m.start())
            if self._is_person(a) and (a.title or "").lower().split()[:1] == [office]
        ]
        return people[-1] if people else None

    def _addresses_other_side(self, t: Trigger, talks: EventCandidate) -> bool:
        """The saying is addressed to the talks' other side: "warned his Russian
        counterpart", "told Putin"."""
        after = self.norm[t.end : t.end + 60]
        if re.match(r"\s+(?:his|her|their)\s+(?:[\w-]+\s+)?counterparts?\b", after):
            return True
        addressee = next(iter(self.actors.between(t.end, t.end + 60)), None)
        return (
            addressee is not None
            and not self.norm[t.end : addressee.start].strip()
            and _key(addressee.actor_id, addressee.name) in _actor_keys(talks)
        )

    def _spokesman_of(self, a: EventCandidate, b: EventCandidate) -> bool:
        """True when one statement's speaker belongs to the body that speaks in the other."""
        ka, kb = _speaker_key(a), _speaker_key(b)
        if ka is None or kb is None or ka == kb:
            return False
        return ka in self.parents.get(kb, set()) or kb in self.parents.get(ka, set())

    def _owner(self, sent: Sentence, t: Trigger) -> ActorMention | None:
        """The person a statement noun belongs to: "his speech", "her remarks" name the last
        person before them in the sentence, else the sentence's first person after them, else
        the last person of the sentences before; "according to Danilov's statement" names
        Danilov."""
        if t.pos != "noun":
            return None
        if t.event_type == "statement":
            named = next(
                (
                    a
                    for a in self.actors.between(max(sent.start, t.start - 40), t.start)
                    if self._is_person(a)
                    and re.fullmatch(r"['’]s\s+(?:[\w-]+\s+){0,2}", self.norm[a.end : t.start])
                ),
                None,
            )
            if named is not None:
                return named
        if not re.search(
            r"\b(?:his|her)\s+(?:[\w-]+\s+){0,2}$", self.norm[max(0, t.start - 40) : t.start]
        ):
            return None
        people = [a for a in self.actors.between(sent.start, sent.end) if self._is_person(a)]
        before = [a for a in people if a.end <= t.start]
        if before and t.event_type != "statement":
            # "Erdoğan told ... after talks with Zelenskyy during his visit to Kyiv": the
            # subject's visit, not the last person's
            return before[0]
        if before:
            return before[-1]
        # "During his annual news conference last week, Putin urged": the subject after it
        return people[0] if people else self.last_person

    def _statement(
        self,
        sent: Sentence,
        clause: Clause,
        t: Trigger,
        made: list[EventCandidate],
        clauses: list[Clause] | None = None,
    ) -> None:
        norm = self.norm
        before = [a for a in clause.actors if a.end <= t.start]
        after_actors = [a for a in clause.actors if a.start >= t.end]
        speaker: ActorMention | None = None
        if before:
            gap = norm[before[-1].end : t.start]
            # "tensions between US and Russia especially as officials warned": the name
            # before a subordinator is not the subject of the saying after it
            if (
                '"' not in gap
                and (
                    len(gap.split()) <= 3
                    # "Senior State Department officials briefing reporters on Sunday said"
                    or re.fullmatch(
                        r"\s*(?:officials?\s+)?(?:briefing|speaking to|talking to|addressing)"
                        r"\s+[^,;.]{0,40}",
                        gap,
                    )
                )
                and not re.search(r"\b(?:as|while|when|because|since|but)\b", gap, re.I)
            ):
                speaker = before[-1]
        if speaker is not None and re.match(r"\s+by\b", norm[t.end : t.end + 4]):
            # "the first sanctions on Russia announced by a Western nation": the passive's
            # subject is what was announced; who announced it follows "by"
            agent = next(
                (
                    a
                    for a in after_actors
                    if re.fullmatch(r"\s+by\s+(?:the\s+)?", norm[t.end : a.start])
                ),
                None,
            )
            speaker = agent
            if speaker is None:
                return
        if speaker is None:
            words = re.findall(r"[A-Za-z]+", norm[clause.start : t.start])
            prev = words[-1].lower() if words else ""
            here = [
                a
                for a in self.actors.between(sent.start, clause.start)
                if self._is_person(a) and not in_spans(a.start, self.quotes)
            ]
            if prev in PRONOUNS and here:
                # "Putin's opening remarks were broadcast ..., in which he stated": the person
                # this sentence named first, before the pronoun
                speaker = here[0]
            elif prev in PRONOUNS and (self.last_person or self.speakers.get(sent.index - 1)):
                # "Baerbock, who is to meet Lavrov, told ... She said": the last sentence's
                # speaker, whose subject it carries on, else the last person named
                speaker = self.speakers.get(sent.index - 1) or self.last_person
            elif (
                not words
                and clauses
                and (appositive := self._appositive_subject(clause, clauses)) is not None
            ):
                # "Erdoğan, who has close ties with both ..., said Turkey was prepared": the
                # subject before the aside, not the clause after the verb
                speaker = appositive
            elif after_actors and not norm[t.end : after_actors[0].start].strip():
                speaker = after_actors[0]  # "said Kuleba"
                if (
                    not self._is_person(speaker)
                    and len(after_actors) > 1
                    and self._is_person(after_actors[1])
                    and re.fullmatch(
                        r"\s+(?:[a-z][\w-]*\s+){1,3}",
                        norm[speaker.end : after_actors[1].start],
                    )
                ):
                    speaker = after_actors[1]  # "said EU diplomacy chief Josep Borrell"
            elif not words and clauses:
                speaker = self._appositive_subject(clause, clauses)
                if speaker is not None and t.date is None and not clause.dates:
                    # "On Dec. 15, Jane Roe, the adviser, announced": the subject's date
                    lead = [
                        d
                        for c in clauses
                        if c.end <= clause.start and not c.triggers
                        for d in c.dates
                    ]
                    t.date = lead[0] if lead else None
        if speaker is not None and not self._is_person(speaker):
            person_of = [
                a
                for a in before[:-1]
                if self._is_person(a)
                and re.fullmatch(r"\s+of\s+(?:the\s+)?", norm[a.end : speaker.start])
            ]
            # "President Volodymyr Zelensky of Ukraine has said": the person of that state
            speaker = (
                (person_of[-1] if person_of else None)
                or self._titled_person(speaker, t)
                or self._office_holder(speaker)
                or speaker
            )
        said_on = t.date or (clause.dates[0] if clause.dates else None)
        if (
            said_on is not None
            and said_on.precision == "day"
            and said_on.first is not None
            and said_on.first <= self.published
            and ROLE_SPEAKER.search(norm, clause.start, t.start)
        ):
            # "..., the ministry's spokeswoman announced on Thursday": her name may follow
            self._role_said = (sent.index, said_on)
        if speaker is None:
            return
        if (
            re.fullmatch(r"\W*(?:that|which)\s+(?:the\s+)?", norm[clause.start : speaker.start])
            and re.fullmatch(r"says|say|believes|believe|claims|claim", t.text, re.I)
            and re.match(r"\s+(?:is|are|was|were|will|would)\b", norm[t.end : t.end + 8])
        ):
            # "a build-up that the West says is preparation for a war": a view the clause
            # gives, not a saying of the day
            return
        role_only = ROLE_SPEAKER.search(norm, clause.start, t.start) and not self._is_person(
            speaker
        )
        if role_only:
            self._role_sentence = sent.index
        if self._is_person(speaker):
            self.speakers[sent.index] = speaker
        if OUTLET_NAME.fullmatch(speaker.name) or (
            t.text.lower() == "reported"
            and (NEWS_OUTLET.search(speaker.name) or NEWS_OUTLET.match(norm, speaker.end))
        ):
            # "a TASS correspondent reported", "CTV News confirmed": where the article has it
            # from, not a saying of the story
            return
        # "..., X said": X said what comes before; "X said (that) ...": what follows
        # (but "Meanwhile, Lavrov said he expects ...": a linking word is no clause said)
        at_end = (
            clause.start > sent.start
            and norm[clause.start] in ",;:"
            and not LINKING_WORD.fullmatch(norm, sent.start, clause.start)
        )
        if not at_end and self._told_by_another(sent, t, speaker):
            return
        lo, hi = (sent.start, clause.start) if at_end else (t.end, sent.end)
        reported = [
            e
            for e in made
            if lo <= e.trigger_start < hi
            and not e.placed
            and e.event_type != "statement"
            # "announced an evacuation on Tuesday, a day after Putin recognised ...": what
            # came before the saying, not what it said
            and not re.search(r"\bdays? after\b", norm[t.end : e.trigger_start])
        ]
        mention = t.date or (clause.dates[0] if clause.dates else None)
        if (
            t.date is None
            and mention is not None
            and _STARTING_BEFORE.search(norm[max(0, mention.start - 20) : mention.start])
        ):
            # "Starting today, he said, sanctions would begin": the day they begin, not the
            # day it was said
            mention = None
        if (
            t.date is None
            and mention is not None
            and mention.last is not None
            and re.fullmatch(r"says|tells|adds|warns|writes", t.text, re.I)
        ):
            # "A top official says ... behind the hacking of websites this week": a saying in
            # the present is the paper's day; the week is the hacking's
            mention = None
        occasion = None
        if reported:
            for e in reported:
                e.add_actor(speaker.actor_id, speaker.name, "reporter")
            # "EU leaders warned ..., the 27 said in a statement following a summit in
            # Brussels on Thursday": the summit is when they said it, not what they said
            occasions = [
                e
                for e in reported
                if OCCASION_BEFORE.search(
                    norm, max(sent.start, e.trigger_start - 60), e.trigger_start
                )
            ]
            if occasions == reported and occasions[-1].date_precision == "day":
                # (but "going on to refer to a speech by Putin at the same conference in
                # 2007" names a year long past, not the day of this saying)
                occasion = occasions[-1]
            elif not self._is_person(speaker):
                return
            # "spokeswoman Maria Zakharova specified that the talks are scheduled for ...",
            # "Kuleba said on Tuesday that ... met on Monday": a named person who tells of an
            # event is its reporter and makes news too; the date in the clause is the event's,
            # so the saying has only its own
            mention = _said_on(t, clause)
        if mention is not None and mention.first is not None and mention.first > self.published:
            return
        if mention is None and EARLIER.search(norm[sent.start : sent.end]):
            return  # "Earlier, Russia confirmed ...": a day before the report, not given
        if occasion is not None:
            mention = _said_on(t, clause)
        after = occasion or (None if mention is not None else self._after_event(sent, t, made))
        referred = next(
            (
                a.target
                for a in reversed(getattr(self, "_anaphors", []))
                if a.clause.start >= sent.start
                and a.target.event_type in ("call", "meeting", "visit")
                and not a.target.placed
                and (a.target.end_date or a.target.start_date) <= self.published
            ),
            None,
        )
        role_said = self._role_said
        if (
            mention is None
            and after is None
            and role_said is not None
            and role_said[0] == sent.index - 1
            and self._is_person(speaker)
        ):
            # "... on Jan. 10, the spokeswoman announced on Thursday. ..., Maria Zakharova told
            # a news conference": the role named first, the name next, one saying, one day
            mention = replace(
                role_said[1],
                note=f"Date taken from the sentence before ('{role_said[1].text}'), where the "
                "speaker is first named by role.",
                stated=False,
            )
        if after is not None:
            statement = self._statement_after(sent, t, after)
        elif mention is None and referred is not None:
            # "Ushakov stated ... praising the conversation as constructive": on its day
            statement = self._statement_after(sent, t, referred, "about")
        else:
            statement = self._statement_event(sent, t, mention)
        statement.add_actor(speaker.actor_id, speaker.name, "speaker")
        if (
            self._is_person(speaker)
            and self._role_sentence == sent.index - 1
            and _ROLE_WORD.search(norm, max(sent.start, speaker.start - 30), speaker.end)
        ):
            # "A Russian Foreign Ministry spokeswoman said earlier that ... . '...,'
            # spokeswoman Maria Zakharova said on February 22": one saying, now named
            for e in [
                e
                for e in self.events
                if e.event_type == "statement" and e.first_sentence == sent.index - 1
            ]:
                said_by = [aid for aid, _, role in e.actors if role == "speaker"]
                if said_by and all(aid and self.kinds.get(aid) != "person" for aid in said_by):
                    self.events.remove(e)
                    for a in e.actors:
                        if a[2] != "speaker":
                            statement.add_actor(*a)
                    statement.notes.append(
                        f"The saying of the sentence before, by '{_speaker(e)}' named only by "
                        "role, is this one."
                    )
        # "told Putin", "warned Russia": the one told; "said Russia and Ukraine met": what
        # was said, so only "said to" names the one told
        direct = re.fullmatch(r"told|tells|warned|assured", norm[t.start : t.end], re.I)
        for a in after_actors:
            gap = norm[t.end : a.start]
            if (
                re.fullmatch(
                    r"\s*(?:in an? \w+\s+)?(?:to\s+)?" if direct else r"\s*(?:in an? \w+\s+)?to\s+",
                    gap,
                )
                and a is not speaker
                and not (speaker in after_actors and a.start < speaker.start)
            ):
                statement.add_actor(a.actor_id, a.name, "reporter")
        statement.title = _title(statement, t)
        statement.confidence = _confidence(statement, mention, t)
        made.append(statement)

    def _told_by_another(self, sent: Sentence, t: Trigger, speaker: ActorMention) -> bool:
        """The saying is what another source reports at the end of the sentence ("Blinken
        reiterated ..., spokesman Ned Price said"; "..., according to the White House readout"):
        words inside someone else's report, not a saying of their own."""
        m = TAIL_REPORT.search(self.norm, t.end, sent.end)
        if m is None or in_spans(m.start("who") if m.group("who") else m.start("doc"), self.quotes):
            return False
        if m.group("doc"):
            return True
        own = _key(speaker.actor_id, speaker.name)
        return any(
            _key(a.actor_id, a.name) != own
            for a in self.actors.between(m.start("who"), m.end("who"))
        )

    def _after_event(
        self, sent: Sentence, t: Trigger, made: Sequence[EventCandidate] = ()
    ) -> EventCandidate | None:
        """The event a statement followed ("X said after the meeting", "at a press briefing
        following the talks", "Following the meeting, X announced ..."), if already reported."""
        m = AFTER_OCCASION.search(self.norm, sent.start, sent.end)
        if m is None or in_spans(m.start(), self.quotes):
            return None
        kinds = ("meeting", "call", "visit")
        # "Following the Dialogue which took place on January 10, X stated ..., while Y said":
        # the occasion this sentence names after "following", before the saying
        here = [
            e
            for e in made
            if e.event_type in kinds and not e.placed and m.start() <= e.trigger_start < t.start
        ]
        if here:
            return here[-1]
        earlier = [e for e in self.events if e.event_type in kinds and not e.placed]
        return earlier[-1] if earlier else None

    def _announced_acts(self, made: list[EventCandidate]) -> list[EventCandidate]:
        """A state or body announcing its own act that day ("Britain on Monday said it had
        begun supplying Ukraine with weapons") is one event, the act; a person's announcement
        stays a statement of its own."""
        kept = []
        for event in made:
            key = _speaker_key(event) if event.event_type == "statement" else None
            person = key is not None and (
                self.kinds.get(key) == "person"
                or any(role == "speaker" and aid is None for aid, _, role in event.actors)
            )
            act = next(
                (
                    e
                    for e in made
                    if e.event_type in ("military", "policy")
                    and (
                        e.start_date == event.start_date
                        # "Meanwhile, the Kremlin announced massive nuclear drills" in a next-day
                        # report: the act undated, the announcement on the story's day
                        or (
                            e.placed
                            and e.date_phrase.startswith(PUBLICATION_DAY)
                            and event.placed
                            and event.trigger is not None
                            and re.fullmatch(
                                r"\s+(?:[\w-]+\s+){0,3}",
                                self.norm[event.trigger.end : e.trigger_start],
                            )
                        )
                    )
                    and e.trigger_start > event.trigger_start
                    and (
                        key in _actor_keys(e)
                        # "Russia has announced that more than 10,000 troops finished drills
                        # near Ukraine": no one before the act does it but the announcer
                        or not any(role == "participant" for _, _, role in e.actors)
                    )
                ),
                None,
            )
            if person and not event.placed and event.trigger is not None:
                # "Biden yesterday announced the first tranche of sanctions": the act a person
                # announces has the day of the announcement (the saying stays his own)
                for e in made:
                    if (
                        e.event_type == "policy"
                        and e.placed
                        and e.date_phrase.startswith(PUBLICATION_DAY)
                        and e.trigger_start > event.trigger.end
                        and re.fullmatch(
                            r"\s+(?:[\w“”\"'-]+\s+){0,4}",
                            self.norm[event.trigger.end : e.trigger_start],
                        )
                        and event.start_date <= self.published
                    ):
                        e.start_date, e.placed = event.start_date, False
                        e.date_phrase = (
                            f"not stated: the day it was announced ({event.date_phrase})"
                        )
                        e.notes = [
                            f"Date not stated: placed on the day {_speaker(event)} announced it."
                        ]
            if key is None or person or act is None:
                kept.append(event)
                continue
            if act.start_date != event.start_date:
                act.start_date, act.date_phrase = event.start_date, event.date_phrase
                act.notes = list(event.notes)
            if key not in _actor_keys(act):
                speaker = next(a for a in event.actors if a[2] == "speaker")
                act.actors.insert(0, (speaker[0], speaker[1], "participant"))
                act.title = _title(act, act.trigger)
            who = next(n for _, n, role in event.actors if role == "speaker")
            act.notes.append(f"Announced by {who} the same day: one event with the act.")
            act.confidence = max(act.confidence, event.confidence)
        return kept

    def _also_then(
        self, sent: Sentence, clause: Clause, main: Trigger, first: int
    ) -> EventCandidate | None:
        """The dated talk or visit of the last three sentences that an undated "also met"
        adds to."""
        if main.event_type not in ("meeting", "call", "visit") or not re.search(
            r"\balso\b", self.norm[clause.start : first]
        ):
            return None
        return next(
            (
                e
                for e in reversed(self.events)
                if e.event_type in ("meeting", "call", "visit")
                and not e.placed
                and e.date_precision == "day"
                and e.start_date <= self.published
                and sent.index - e.last_sentence <= 3
            ),
            None,
        )

    def _reported_on(self, clauses: list[Clause], first: int) -> DateMention | None:
        """The day of a saying before ``first`` that reports, in a perfect tense, what was done
        by then: "Russia said on Monday that it had deployed troops" (not "would deploy")."""
        says = [(t, c) for c in clauses for t in c.triggers if t.pos == "say" and t.end <= first]
        if not says:
            return None
        t, clause = says[-1]
        d = _said_on(t, clause) or next(
            (
                x
                for x in clause.dates
                if 0 <= t.start - x.end <= 2
                or (
                    x.start >= t.end
                    and re.fullmatch(r"\s*(?:(?:late|early|on)\s+)*", self.norm[t.end : x.start])
                )
            ),
            None,
        )
        between = self.norm[t.end : first]
        if (
            d is None
            or d.precision != "day"
            or d.first is None
            or d.first > self.published
            or not PERFECT.search(between)
            or FUTURE.search(between)
            or HYPOTHETICAL.search(between)
            or self.dates.between(max(t.end, d.end), first)
        ):
            return None
        return d

    def _is_person(self, actor: ActorMention) -> bool:
        return (actor.actor_id and self.kinds.get(actor.actor_id) == "person") or (
            actor.kind == "person"
        )

    def _appositive_subject(self, clause: Clause, clauses: list[Clause]) -> ActorMention | None:
        """The subject before an appositive: "Yury Ushakov, the presidential advisor ...,
        announced"; "Polish FM Zbigniew Rau, having taken up the role ..., said"."""
        i = clauses.index(clause)
        if i > 0 and len(clauses[i - 1].actors) == 1:
            # "Russia's foreign ministry spokeswoman, Maria Zakharova, said": the name set off
            # by commas right before the verb
            prev, named = clauses[i - 1], clauses[i - 1].actors[0]
            if self._is_person(named) and not (
                self.norm[prev.start : named.start] + self.norm[named.end : prev.end]
            ).strip(" ,"):
                return named
        skipped = 0
        for prev in reversed(clauses[:i]):
            text = self.norm[prev.start : prev.end].strip(" ,")
            if skipped < 2 and re.match(
                r"(?:the|a|an|who|having|being|whose|head|chief|while|as|on|in|at|during|fresh"
                r"|speaking|visiting)\b"
                # "Simon Coveney, Ireland's Foreign Minister, reported": a state's office
                r"|[A-Z][\w.-]*'s\s+(?:[\w-]+\s+){0,3}?(?:minister|president|secretary"
                r"|ambassador|envoy|chancellor|spokes\w+|head|chief|leader|adviser|advisor)\b",
                text,
                re.IGNORECASE,
            ):
                skipped += 1
                continue
            if skipped and prev.actors:
                last = prev.actors[-1]
                if not self.norm[last.end : prev.end].strip(" ,"):
                    return last
            return None
        return None

    def _statement_after(
        self, sent: Sentence, t: Trigger, event: EventCandidate, how: str = "after"
    ) -> EventCandidate:
        return EventCandidate(
            title="",
            event_type="statement",
            lemma="say",
            start_date=min(event.end_date or event.start_date, self.published),
            end_date=None,
            date_precision=event.date_precision,
            date_stated=False,
            status="occurred",
            format="unknown",
            actors=[],
            place=None,
            first_sentence=sent.index,
            last_sentence=sent.index,
            quote_start=sent.start,
            quote_end=sent.end,
            notes=[
                f"Date not stated: placed on the day of '{event.title}', which the statement "
                + ("followed." if how == "after" else "speaks of.")
            ],
            placed=False,
            trigger_start=t.start,
            trigger=t,
            date_phrase=f"not stated: day of the {_noun(event)}",
        )

    def _statement_event(
        self, sent: Sentence, t: Trigger, mention: DateMention | None
    ) -> EventCandidate:
        story = self.story_day if mention is None else None
        event = EventCandidate(
            title="",
            event_type="statement",
            lemma="say",
            start_date=mention.first if mention else self.published,
            end_date=None,
            date_precision=mention.precision if mention else "day",
            date_stated=mention.stated if mention else False,
            status="occurred",
            format="unknown",
            actors=[],
            place=None,
            first_sentence=sent.index,
            last_sentence=sent.index,
            quote_start=sent.start,
            quote_end=sent.end,
            notes=[mention.note]
            if mention and mention.note
            else [
                f"Date not stated: placed at the publication date ({self.published.isoformat()}); "
                "the statement was made on or before it."
            ]
            if mention is None
            else [],
            placed=mention is None,
            trigger_start=t.start,
            trigger=t,
            date_phrase=f"'{mention.text}'" if mention else PUBLICATION_DAY,
        )
        if story is not None:
            # a next-day report: what is said without a day was said on the day of its news
            event.start_date = story.start_date
            event.date_phrase = f"{STORY_DAY} ('{story.title}')"
            event.notes = [_story_note(story)]
        return event

    # -- collecting ---------------------------------------------------------------------------

    def _undated_and_dated(self, undated: EventCandidate, dated: EventCandidate) -> bool:
        """Two statements of one speaker, one on the publication day for want of a day, the
        other on a day of its own up to the publication day."""
        return (
            undated.event_type == dated.event_type == "statement"
            and undated.placed
            and undated.date_phrase.startswith(PUBLICATION_DAY)
            and not dated.placed
            and dated.date_precision == "day"
            and dated.start_date <= self.published
            and _speaker(undated) is not None
            and _speaker(undated) == _speaker(dated)
        )

    def _add(self, event: EventCandidate) -> None:
        keys = _actor_keys(event)
        dated = self._date_by_what_was_told(event)
        for prev in reversed(self.events):
            if prev is dated:
                continue  # what was told in the talk it dates: a saying of its own
            # "Biden told Putin ..." during their talks that day: said within the talks
            if (
                event.event_type == "statement"
                and prev.event_type in ("call", "meeting")
                and prev.start_date == event.start_date
                and len(keys) >= 2
                and keys <= _actor_keys(prev)
            ):
                return
            # "Furthermore, Joe Biden warned his Russian counterpart that ...", undated, after
            # the call was reported: said within that call, not a saying of its own
            if (
                event.event_type == "statement"
                and event.placed
                and prev.event_type in ("call", "meeting")
                and not prev.placed
                and prev.start_date <= self.published
                and _speaker_key(event) in _actor_keys(prev)
                and event.trigger is not None
                and self._addresses_other_side(event.trigger, prev)
            ):
                return
            # the same meeting told again without its date ("In Paris, Yermak met with
            # Kozak ...", after "met in Paris on Jan. 26"): the dated telling holds it
            shared = keys & _actor_keys(prev)
            if (
                event.placed
                and event.date_phrase.startswith(UNDATED)
                and not prev.placed
                # "met for talks on Monday", then "as he began talks with Mr Putin": the same
                # occasion in other words, on the day it was held
                and (prev.lemma == event.lemma or prev.start_date == event.start_date)
                and prev.event_type == event.event_type
                and prev.event_type in ("meeting", "call", "visit")
                and prev.start_date <= self.published
                and (
                    len(shared) >= 2
                    or (
                        shared
                        and event.place is not None
                        and prev.place is not None
                        and event.place.place.name == prev.place.place.name
                    )
                )
            ):
                for a in event.actors:
                    prev.add_actor(*a)
                prev.confidence = max(prev.confidence, event.confidence)
                return
            # consecutive statements by one speaker are one statement
            if (
                event.event_type == "statement"
                and prev.event_type == "statement"
                and prev.last_sentence == event.first_sentence - 1
                and _speaker(event) is not None
                and _speaker(prev) == _speaker(event)
                # each with a day of its own that is not the other's: two sayings
                and (prev.placed or event.placed or prev.start_date == event.start_date)
            ):
                prev.last_sentence = event.last_sentence
                prev.quote_end = event.quote_end
                if prev.placed and not event.placed:
                    prev.start_date, prev.date_stated = event.start_date, event.date_stated
                    prev.date_precision, prev.placed = event.date_precision, False
                    prev.notes = event.notes
                for a in event.actors:
                    prev.add_actor(*a)
                prev.title = _title(prev, None)
                prev.confidence = max(prev.confidence, event.confidence)
                return
            # "Jen Psaki confirmed ..." and "The American side confirmed ..." the same day: a
            # body's saying and its official's are one, the official's
            if (
                event.event_type == "statement"
                and prev.event_type == "statement"
                and prev.start_date == event.start_date
                and self._spokesman_of(prev, event)
            ):
                body = _speaker_key(event) in self.parents.get(_speaker_key(prev), set())
                person = prev if body else event
                merged = [a for a in (event if body else prev).actors if a[2] != "speaker"]
                prev.actors = [*person.actors, *[a for a in merged if a not in person.actors]]
                prev.title = _title(prev, None)
                prev.confidence = max(prev.confidence, event.confidence)
                return
            # one speaker's statements of one day, elsewhere in the article: one statement
            if (
                event.event_type == "statement"
                and prev.event_type == "statement"
                and prev.start_date == event.start_date
                and _speaker(event) is not None
                and _speaker(prev) == _speaker(event)
            ):
                for a in event.actors:
                    prev.add_actor(*a)
                prev.confidence = max(prev.confidence, event.confidence)
                return
            # "Reznikov told CNN in an exclusive interview Monday ... Reznikov said": the
            # speaker's undated sayings after a dated one are that saying, told on
            if self._undated_and_dated(event, prev):
                for a in event.actors:
                    prev.add_actor(*a)
                note = f"Later sayings of {_speaker(prev)} with no day of their own: the same."
                if note not in prev.notes:
                    prev.notes.append(note)
                return
            # "Sullivan warned that ... (no day). Sullivan told reporters on Friday": the
            # undated saying told first is the dated one
            if self._undated_and_dated(prev, event):
                prev.start_date, prev.end_date = event.start_date, event.end_date
                prev.date_stated, prev.placed = event.date_stated, False
                prev.date_phrase, prev.trigger = event.date_phrase, event.trigger
                prev.notes = [
                    *event.notes,
                    f"An earlier saying of {_speaker(prev)} with no day of its own: the same.",
                ]
                prev.last_sentence = max(prev.last_sentence, event.last_sentence)
                for a in event.actors:
                    prev.add_actor(*a)
                prev.title = _title(prev, None)
                return
            # the same event told twice (another sentence, same type, day and actors)
            if (
                prev.first_sentence != event.first_sentence
                and prev.event_type == event.event_type
                and prev.start_date == event.start_date
                and _actor_keys(prev) & _actor_keys(event)
                and (prev.lemma == event.lemma or not (prev.placed or event.placed))
            ):
                for a in event.actors:
                    prev.add_actor(*a)
                prev.confidence = max(prev.confidence, event.confidence)
                return
        self.events.append(event)


# a verb that carries on the subject of the clause before: ", and immediately ordered"
_SAME_SUBJECT_VERB = re.compile(
    r"\W*and\s+(?:(?:immediately|then|later|also|quickly|promptly)\s+)?[a-z]{3,}ed\b"
)
# "Starting today, he said, sanctions would begin": the day something begins from
_STARTING_WORDS = r"starting|beginning|as of|effective"
_STARTING = re.compile(rf"\W*(?:{_STARTING_WORDS})\b", re.IGNORECASE)
_STARTING_BEFORE = re.compile(rf"\b(?:{_STARTING_WORDS})\s+$", re.IGNORECASE)
# "X said after the meeting", "Following the Russia-US Strategic Stability Dialogue, X said"
AFTER_OCCASION = re.compile(
    r"\b(?:after|following|at the end of|emerging from)\s+(?:the|their|these|those|his|her"
    r"|an?)"
    r"\s+(?:[\w-]+\s+){0,4}?(?:talks|meeting|meetings|discussions|negotiations|call"
    r"|conversation|summit|session|consultations|visit|dialogue)\b",
    re.IGNORECASE,
)
# a clause that is only a predicate, its subject before an apposition: ", will kick off"
_PREDICATE_ONLY = re.compile(r"will|would|is to|are to|is due|are due|(?:is|are) set to")
# "has suspended work due to the shelling of militants": an act told as the cause of news
_CAUSE = re.compile(r"\b(?:due to|because of|as a result of|caused by|after)\s+$", re.I)
_ACTS = re.compile(r"shell(?:ing|ed)|(?:cyber-?)?attacks?|strikes?|bombardment", re.I)


def _caused_by_act(norm: str, t: Trigger, np_start: int) -> bool:
    return bool(_ACTS.fullmatch(t.text) and _CAUSE.search(norm[max(0, np_start - 30) : np_start]))


# the offices a body's unnamed holder is named by: "the head of the Regional Administration"
_OFFICES = r"head|chief|leader|governor|mayor|director|chairman|chairwoman|chair|spokes(?:wo)?man"
_OFFICE_OF = re.compile(rf"\bthe\s+({_OFFICES})\s+of\s+(?:the\s+)?$")


def _story_note(story: EventCandidate) -> str:
    return (
        f"Date not stated: the article's first sentence reports '{story.title}' of the day "
        f"before publication ({story.start_date.isoformat()}), so what it tells without a day "
        "is placed on that day."
    )


def _said_on(t: Trigger, clause: Clause) -> DateMention | None:
    """The day of a saying itself: its trigger's, or one right after it ("said on Tuesday
    that ..."), not the days of what was said."""
    return t.date or next((d for d in clause.dates if 0 <= d.start - t.end <= 2), None)


def _only_date(norm: str, clause: Clause) -> bool:
    """The clause is its date and no more: "On February 19," "Next Monday,"."""
    rest = norm[clause.start : clause.end]
    for d in clause.dates:
        rest = rest.replace(norm[d.start : d.end], " ")
    return not re.sub(
        r"\b(?:on|in|by|at|early|late|later|earlier|this|next|last)\b|\W", "", rest, flags=re.I
    )


def _finer(lent: list[DateMention], own: list[DateMention]) -> bool:
    """True when the day a clause lends falls within every coarser date of the clause it is
    lent to: "On Thursday, Vienna will host the first meeting ... in 2022" (the year says
    which meeting is first, the day when it is)."""
    day = lent[0]
    if len(lent) != 1 or day.precision != "day" or day.first is None:
        return False
    for d in own:
        if d.precision == "day" or d.first is None or d.kind in ("anchored", "duration"):
            return False
        if not (d.first <= day.first <= (d.last or _span_end(d))):
            return False
    return True


def _span_end(d: DateMention) -> date:
    """The last day of a month- or year-precise date."""
    if d.precision == "year":
        return date(d.first.year, 12, 31)
    nxt = date(d.first.year + d.first.month // 12, d.first.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _owns(actor: ActorMention, triggers: list[Trigger]) -> bool:
    """True when the possessor ``actor`` modifies one of ``triggers`` itself."""
    return any(0 <= t.start - actor.end <= 30 for t in triggers)


def _noun(event: EventCandidate) -> str:
    """The event's trigger word, to name it in a short note ("the talks", "the call")."""
    word = event.trigger.text.lower() if event.trigger is not None else event.lemma
    return TYPE_WORDS[event.event_type].lower() if VERB_FORMS.match(word) else word


def _actor_keys(event: EventCandidate) -> set[str]:
    """Known actors by id, proposed ones by name."""
    return {_key(aid, name) for aid, name, _ in event.actors}


def _key(actor_id: str | None, name: str) -> str:
    return actor_id or f"name:{name}"


def _speaker_key(event: EventCandidate) -> str | None:
    for aid, name, role in event.actors:
        if role == "speaker":
            return _key(aid, name)
    return None


def _speaker(event: EventCandidate) -> str | None:
    for aid, name, role in event.actors:
        if role == "speaker":
            return aid or name
    return None


TYPE_WORDS = {
    "meeting": "Meeting",
    "call": "Call",
    "visit": "Visit",
    "statement": "Statement",
    "military": "Military",
    "armed_conflict": "Armed conflict",
    "annexation": "Annexation",
    "policy": "Policy",
}


def _title(event: EventCandidate, trigger: Trigger | None) -> str:
    names = [n for _, n, role in event.actors if role != "reporter"]
    where = f" ({event.place.place.name})" if event.place is not None else ""
    if event.event_type == "statement":
        reporters = [n for _, n, role in event.actors if role == "reporter"]
        to = f" to {reporters[0]}" if reporters else ""
        return f"Statement by {names[0] if names else 'unknown speaker'}{to}"
    label = TYPE_WORDS[event.event_type]
    if trigger is None:
        word = label
    elif trigger.pos in ("verb", "say") or VERB_FORMS.match(trigger.text):
        word = f"{label} ({trigger.text.lower()})"
    else:
        word = trigger.text[:1].upper() + trigger.text[1:].lower()
    if not names:
        reporters = [n for _, n, role in event.actors if role == "reporter"]
        return f"{word} (reported by {', '.join(reporters)}){where}"
    shown = ", ".join(names[:4]) + (" and others" if len(names) > 4 else "")
    return f"{word}: {shown}{where}"


def _confidence(event: EventCandidate, mention: DateMention | None, trigger: Trigger) -> float:
    score = 0.3
    if mention is not None and mention.stated:
        score += 0.3
    elif mention is not None:
        score += 0.2
    else:
        score += 0.05
    known = sum(1 for a, _, _ in event.actors if a)
    score += 0.1 * min(known, 2)
    if any(a is None for a, _, _ in event.actors):
        score += 0.05
    if trigger.pos in ("verb", "say") or trigger.lemma in (
        "talks",
        "meeting",
        "visit",
        "conversation",
    ):
        score += 0.1
    if event.place is not None:
        score += 0.05
    return round(max(0.1, min(score, 0.95)), 2)
