"""One made-up sentence or two for each prose pattern the dev set taught the extractor.

Every name below that is not in data/actors.csv (Jane Roe, John Doe, Ada Kent, ...) is invented,
and so is every sentence: these are tests of wording, not facts. The real articles the patterns
were found in are in tests/fixtures/articles/dev (see test_extract_devset.py).
"""

from __future__ import annotations

from datetime import date

import pytest

from crisis.extract import Gazetteer, default_gazetteer, extract, read_actors
from crisis.extract.dates import find_dates
from crisis.extract.figures import find_figures
from crisis.extract.text import normalise, quoted_spans
from tests.conftest import DATA

MON = date(2022, 1, 10)  # a Monday
THU = date(2022, 1, 13)  # a Thursday


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer(DATA)


@pytest.fixture(scope="module")
def actors():
    return read_actors(DATA)


def events(text: str, published: date, actors, gaz) -> list[tuple[str, str, frozenset[str]]]:
    """(start date, type, actor names) of every proposed event."""
    result = extract(text, published, actors, gaz)
    return [
        (e.start_date.isoformat(), e.event_type, frozenset(n for _, n, _ in e.actors))
        for e in result.events
    ]


def has(found, day: str, *names: str, etype: str | None = None) -> bool:
    return any(
        d == day and set(names) <= who and (etype is None or t == etype) for d, t, who in found
    )


# -- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "first"),
    [
        ("They had a first meeting last night.", MON, date(2022, 1, 9)),
        ("Talks began this morning in Geneva.", MON, MON),
        ("The ministers speak again tonight.", MON, MON),
        ("The council meets this Thursday.", MON, THU),  # the week of the publication
        ("He said so earlier today.", MON, MON),
    ],
)
def test_day_words(text, published, first):
    (mention,) = find_dates(normalise(text), published)
    assert mention.first == first and not mention.stated


def test_later_this_month_is_the_rest_of_the_month():
    (mention,) = find_dates("Talks resume later this month.", MON)
    assert (mention.first, mention.last) == (date(2022, 1, 11), date(2022, 1, 31))


@pytest.mark.parametrize(
    ("text", "published", "first"),
    [
        ("Jane Roe will meet John Doe on Thursday.", MON, THU),  # ahead: the next one
        ("Jane Roe met John Doe on Monday.", THU, MON),  # behind: the last one
        ("Jane Roe is due to meet John Doe on Wednesday.", MON, date(2022, 1, 12)),
    ],
)
def test_weekdays_both_directions(text, published, first):
    (mention,) = [d for d in find_dates(text, published) if d.kind == "weekday"]
    assert mention.first == first


@pytest.mark.parametrize(
    "line",
    [
        "GENEVA, Jan 10 (Reuters) - NATO said on Tuesday it was ready.",
        "(ANSA) - GENEVA, JAN 10 - NATO said on Tuesday it was ready.",
        "BRUSSELS, January 10. / TASS /: NATO said on Tuesday it was ready.",
        "WASHINGTON / MOSCOW, Jan. 10 (Reuters) - NATO said on Tuesday it was ready.",
    ],
)
def test_a_dateline_dates_the_report_not_the_event(line, actors, gaz):
    published = date(2022, 1, 12)
    (dateline,) = [d for d in find_dates(normalise(line), published) if d.kind == "dateline"]
    assert dateline.first == MON
    found = events(line, published, actors, gaz)
    assert has(found, "2022-01-11", "NATO") and not has(found, "2022-01-10", "NATO")


def test_on_the_same_day_takes_the_date_before_it(actors, gaz):
    text = (
        "NATO wants to hold a meeting of the NATO-Russia Council on January 12. "
        "On the same day, the OSCE will hold a meeting in Vienna."
    )
    found = events(text, date(2021, 12, 26), actors, gaz)
    assert has(found, "2022-01-12", "NATO", etype="meeting")
    osce = "Organization for Security and Cooperation in Europe"
    assert has(found, "2022-01-12", osce, etype="meeting")


# -- events in passing and background --------------------------------------------------------


def test_spoke_without_to_or_with(actors, gaz):
    text = "Presidents Jane Roe and John Doe spoke Thursday amid alarm over the crisis."
    assert has(events(text, date(2021, 12, 30), actors, gaz), "2021-12-30", "Jane Roe", "John Doe")
    text = "President Jane Roe and President John Doe will speak by phone on December 30."
    assert has(events(text, date(2021, 12, 29), actors, gaz), "2021-12-30", "Jane Roe", "John Doe")


def test_spoke_earlier_on_a_day_with(actors, gaz):
    text = "Antony Blinken spoke earlier on December 29 with President Ada Kent."
    found = events(text, date(2021, 12, 29), actors, gaz)
    assert has(found, "2021-12-29", "Antony Blinken", etype="call")


def test_ahead_of_talks_set_for_a_day_is_an_event(actors, gaz):
    text = (
        "Jane Roe requested the call ahead of talks between U.S. and Russian officials "
        "set for Jan. 10 in Geneva."
    )
    found = events(text, date(2021, 12, 30), actors, gaz)
    assert has(found, "2022-01-10", "United States", etype="meeting")


def test_as_he_opened_the_meeting(actors, gaz):
    text = "Jens Stoltenberg spoke of progress as he opened the meeting of the OSCE on January 13."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", etype="meeting")


def test_statement_after_the_meeting_takes_its_day(actors, gaz):
    text = (
        "Foreign Minister Jane Roe met Defence Minister John Doe in Paris on Jan. 26. "
        '"It went well," Roe said after the meeting.'
    )
    found = events(text, date(2022, 1, 27), actors, gaz)
    assert has(found, "2022-01-26", "Jane Roe", etype="statement")
    assert not any(t == "statement" and d == "2022-01-27" for d, t, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        "Russia could invade Ukraine within weeks, officials fear.",
        "The council has met only sporadically since 2014.",
        "Analysts say Russia is planning an attack on Ukraine in early 2022.",
        "The number of troops remains insufficient for an invasion.",
        "Earlier, Russia confirmed its intention to discuss the proposals.",
    ],
)
def test_background_and_hypotheticals_are_not_events(text, actors, gaz):
    assert events(text, MON, actors, gaz) == []


def test_meeting_demands_is_no_meeting(actors, gaz):
    found = events("Putin urged NATO to meet Russian demands immediately.", MON, actors, gaz)
    assert not any(t == "meeting" for _, t, _ in found)


def test_a_definite_first_mention_is_an_event(actors, gaz):
    """Nothing earlier to refer back to: "the ... meeting", "Russia's buildup" are new."""
    text = "The NATO-Russia Council meeting will take place on January 12, NATO said."
    assert has(events(text, date(2022, 1, 4), actors, gaz), "2022-01-12", etype="meeting")
    text = "President Jane Roe met amid alarm over Russia's troop buildup near Ukraine."
    assert has(events(text, MON, actors, gaz), MON.isoformat(), "Russia", etype="military")


def test_a_given_noun_with_another_day_is_another_event(actors, gaz):
    text = (
        "Foreign Minister Jane Roe met Defence Minister John Doe in Paris on Jan. 26. "
        "The talks predate the future meeting between President Ada Kent and Doe set for Jan. 28."
    )
    found = events(text, date(2022, 1, 26), actors, gaz)
    assert has(found, "2022-01-26", "Jane Roe") and has(found, "2022-01-28", "Ada Kent")


def test_a_light_verb_takes_the_subject(actors, gaz):
    text = (
        "The two envoys - Deputy Secretary Jane Roe and Deputy Minister John Doe, heads of the "
        "delegations, had a first meeting last night."
    )
    assert has(events(text, MON, actors, gaz), "2022-01-09", "Jane Roe", "John Doe")


# -- actors and speakers ---------------------------------------------------------------------


def test_seats_of_government_and_peoples_are_their_states(actors, gaz):
    found = events("The Kremlin said on Monday it was satisfied.", THU, actors, gaz)
    assert has(found, "2022-01-10", "Russia", etype="statement")
    found = events("Talks between Russians and Americans began this morning.", MON, actors, gaz)
    assert has(found, MON.isoformat(), "Russia", "United States", etype="meeting")
    found = events("Russia-US talks will be held on Jan. 10 in Geneva.", MON, actors, gaz)
    assert has(found, MON.isoformat(), "Russia", "United States", etype="meeting")


def test_appositive_speaker_and_unclosed_quotation(actors, gaz):
    text = (
        '"This date has no alternative. Russia will insist on it, she stressed. '
        "On Dec. 15, Foreign Minister Jane Roe, the presidential adviser, announced that the "
        "draft was handed over."
    )
    norm = normalise(text)
    (span,) = quoted_spans(norm)
    assert norm[span[0] : span[1]].endswith("insist on it")  # not the rest of the line
    found = events(text, date(2021, 12, 31), actors, gaz)
    assert has(found, "2021-12-15", "Jane Roe", etype="statement")


def test_one_statement_per_speaker_and_day(actors, gaz):
    text = (
        "NATO spokeswoman Jane Roe said on Monday the alliance was ready. "
        "Russia has demanded guarantees. "
        "Roe added on Monday that the door stays open."
    )
    found = events(text, THU, actors, gaz)
    assert sum(1 for d, t, who in found if t == "statement" and "Jane Roe" in who) == 1


def test_why_names_the_trigger_and_the_date_phrase(actors, gaz):
    result = extract(
        "Presidents Jane Roe and John Doe spoke Thursday.", date(2021, 12, 30), actors, gaz
    )
    (event,) = result.events
    assert event.why == "'spoke' (call); date 'Thursday'"
    assert result.frames()["events"].loc[0, "why"] == event.why


# -- figures -----------------------------------------------------------------------------------


def test_troop_figure_after_the_number_of_troops():
    text = (
        "The total number of Russian troops at the border has increased in recent days to more "
        "than 140,000, including more than 120,000 ground troops."
    )
    found = {(f.value_low, f.qualifier, f.kind) for f in find_figures(text)}
    assert found == {(140000, "more than", "troops"), (120000, "more than", "troops")}


# -- patterns found in the held-out articles (after their first, blind score) -----------------


def test_titles_of_state_and_hyphenated_chief_of_staff(actors, gaz):
    text = "U.S. Deputy Secretary of State Jane Roe said on Monday the alliance was ready."
    assert has(events(text, MON, actors, gaz), MON.isoformat(), "Jane Roe", etype="statement")
    text = "Presidential Chief-of-Staff Jane Roe said on Monday the alliance was ready."
    found = events(text, MON, actors, gaz)
    assert has(found, MON.isoformat(), "Jane Roe") and not any(
        "Staff Jane Roe" in who for _, _, who in found
    )


def test_told_a_briefing_is_one_statement(actors, gaz):
    found = events(
        "NATO chief Jane Roe told a briefing on Tuesday that talks go on.", THU, actors, gaz
    )
    assert [t for _, t, _ in found] == ["statement"]


def test_a_participle_is_no_threat_and_an_undated_plan_no_event(actors, gaz):
    text = "Russia's buildup of personnel threatening Ukraine probably totals up to 150,000."
    assert [t for _, t, _ in events(text, MON, actors, gaz)] == ["military"]
    text = "Defence Minister Jane Roe was also due to meet President Ada Kent while in Warsaw."
    assert events(text, MON, actors, gaz) == []


def test_buildup_the_talks_were_about_is_its_own_event(actors, gaz):
    text = (
        "Diplomats from the United States and Russia held talks Monday in Geneva over the "
        "massive build-up of troops along the Ukrainian border."
    )
    found = events(text, MON, actors, gaz)
    assert has(found, MON.isoformat(), "United States", etype="meeting")
    assert has(found, MON.isoformat(), etype="military")


def test_according_to_names_a_reporter_not_a_participant(actors, gaz):
    result = extract(
        "President Jane Roe and President John Doe spoke for two hours on Tuesday, "
        "according to the White House.",
        date(2021, 12, 7),
        actors,
        gaz,
    )
    (call,) = result.events
    roles = {name: role for _, name, role in call.actors}
    assert roles == {
        "Jane Roe": "participant",
        "John Doe": "participant",
        "United States": "reporter",
    }


def test_words_said_within_the_talks_and_a_retelling_are_the_same_event(actors, gaz):
    text = (
        "President Jane Roe and President John Doe on Tuesday had two hours of virtual talks. "
        "Roe told Doe he hopes their next meeting will be in person."
    )
    found = events(text, date(2021, 12, 7), actors, gaz)
    assert [t for _, t, _ in found] == ["meeting"]
    text = (
        "Foreign Minister Jane Roe and Defence Minister John Doe met in Paris, France on Jan. 26. "
        "In Paris, Roe met with Doe and with advisers of France and Germany."
    )
    found = events(text, date(2022, 1, 27), actors, gaz)
    assert [d for d, t, _ in found if t == "meeting"] == ["2022-01-26"]


def test_troop_figures_after_totals_compared_with_and_before_us_forces():
    text = (
        "Russia's buildup of personnel probably totals up to 150,000. Russia has massed "
        "140,000 personnel as compared with about 90,000 on Jan. 30. The U.S. moved 2,000 troops "
        "to bolster the 3,000 U.S. forces already there."
    )
    values = {f.value_low for f in find_figures(text) if f.kind == "troops"}
    assert {150000, 140000, 90000, 2000, 3000} <= values


# -- patterns the blind2 articles taught (after their blind score) ---------------------------


def test_a_council_named_after_two_parties_is_found_either_way_round(actors, gaz):
    """ "the Russia-NATO Council" is the NATO-Russia Council (the parties swapped)."""
    from crisis.extract.actors import ActorIndex

    index = ActorIndex.from_frame(actors)
    assert index.lookup("Russia-NATO Council") == index.lookup("NATO-Russia Council")
    assert index.lookup("Russia-NATO Council") is not None
    assert index.lookup("Russia-NATO") is None  # only names with a noun after the pair
    found = events("The Russia-NATO Council met in Brussels on Monday.", THU, actors, gaz)
    assert has(found, "2022-01-10", "NATO-Russia Council", etype="meeting")


def test_no_decision_on_deployments_is_no_deployment(actors, gaz):
    text = "Jane Roe said on Monday no final decisions have been made on deployments."
    found = events(text, THU, actors, gaz)
    assert not any(t == "military" for _, t, _ in found)
    assert has(found, "2022-01-10", "Jane Roe", etype="statement")


def test_a_stage_of_a_series_is_not_an_occasion(actors, gaz):
    text = (
        "NATO and Russia met in Brussels on Monday. The meeting marked the second stage of "
        "consultations between Russia and the West."
    )
    found = events(text, THU, actors, gaz)
    assert [d for d, t, _ in found if t == "meeting"] == ["2022-01-10"]
    # a round with a day of its own is one
    dated = events(
        "The first round of talks between NATO and Russia is set for Monday.", THU, actors, gaz
    )
    assert has(dated, "2022-01-10", "NATO", etype="meeting")


def test_according_to_a_statement_is_where_the_news_comes_from(actors, gaz):
    text = "According to the statement of the alliance, NATO will meet Russia on Monday."
    found = events(text, date(2022, 1, 5), actors, gaz)
    assert not any(t == "statement" for _, t, _ in found)
    assert has(found, "2022-01-10", "NATO", etype="meeting")


def test_a_format_that_has_existed_since_a_year_is_background(actors, gaz):
    text = "The format of negotiations on Ukraine has existed since June 2014."
    assert events(text, THU, actors, gaz) == []


@pytest.mark.parametrize(
    "text",
    [
        "The first stage was the talks between Russia and the US that took place in Geneva on "
        "January 10, and the next will happen later.",
        "The meeting of NATO and Russia, scheduled in Brussels for January 10, begins at 10 am.",
    ],
)
def test_a_relative_or_participle_clause_dates_the_noun_before_it(text, actors, gaz):
    found = events(text, date(2022, 1, 5), actors, gaz)
    assert has(found, "2022-01-10", "Russia", etype="meeting"), found
    assert not any(d == "2022-01-05" and t == "meeting" for d, t, _ in found), found


def test_who_will_represent_whom_names_the_participants_of_a_meeting(actors, gaz):
    text = (
        "Political advisers of the four countries will hold a meeting in Paris on January 10. "
        "Jane Roe will represent Ukraine, the agency reported."
    )
    found = events(text, date(2022, 1, 5), actors, gaz)
    assert has(found, "2022-01-10", "Ukraine", etype="meeting"), found
    # without such a sentence the meeting names no one and is not proposed
    alone = events(text.split(". ")[0] + ".", date(2022, 1, 5), actors, gaz)
    assert not any(t == "meeting" for _, t, _ in alone)


def test_talks_held_where_a_visit_went_are_that_visit(actors, gaz):
    text = "On Monday, envoys of Poland visited Moscow, where they held talks with Jane Roe."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", etype="visit"), found
    assert not any(t == "meeting" for _, t, _ in found), found


def test_a_date_with_its_year_after_a_comma_is_one_phrase(actors, gaz):
    text = "On December 17, 2021, Russia released a draft treaty."
    found = events(text, date(2022, 1, 17), actors, gaz)
    assert has(found, "2021-12-17", "Russia"), found
    assert not any(d == "2022-01-17" for d, _, _ in found), found


def test_a_day_lent_by_a_leading_clause_beats_a_year_that_says_which(actors, gaz):
    text = "On Thursday, Vienna will host the first meeting of the OSCE Permanent Council in 2022."
    found = events(text, MON, actors, gaz)
    assert has(found, "2022-01-13", "Organization for Security and Cooperation in Europe"), found
    assert not any(d == "2022-01-01" for d, _, _ in found), found


def test_a_body_named_through_a_possessive_stands_for_its_organisation(actors, gaz):
    text = (
        "Talks took place in Geneva on January 10, followed by a session of the Organization "
        "for Security and Cooperation in Europe's Permanent Council in Vienna on January 13."
    )
    found = events(text, date(2022, 1, 17), actors, gaz)
    assert has(found, "2022-01-13", "Organization for Security and Cooperation in Europe"), found


@pytest.mark.parametrize(
    ("text", "second"),
    [
        (
            "Russia is due to hold talks with NATO in Brussels on Wednesday and with the "
            "OSCE on Thursday in Vienna.",
            {"Russia", "Organization for Security and Cooperation in Europe"},
        ),
        ("Ukraine will meet NATO in Brussels on Wednesday and in Vienna on Thursday.", {"NATO"}),
    ],
)
def test_a_second_occasion_with_its_verb_left_out(text, second, actors, gaz):
    found = events(text, MON, actors, gaz)
    assert any(d == "2022-01-12" and t == "meeting" for d, t, _ in found), found
    assert has(found, "2022-01-13", *second, etype="meeting"), found
    # the first keeps its own other side
    assert not any(
        d == "2022-01-12" and "Organization for Security and Cooperation in Europe" in w
        for d, _, w in found
    ), found
    # one day, no and-phrase: one occasion
    alone = events(text.split(" and ")[0] + ".", MON, actors, gaz)
    assert [d for d, t, _ in alone if t == "meeting"] == ["2022-01-12"], alone


def test_the_talks_named_again_for_another_day_keep_their_parties(actors, gaz):
    text = (
        "Russia and NATO held talks in Geneva on Sunday. "
        "The main day of the talks is scheduled for Monday, January 10th."
    )
    found = events(text, date(2022, 1, 9), actors, gaz)
    assert has(found, "2022-01-09", "Russia", "NATO", etype="meeting"), found
    assert has(found, "2022-01-10", "Russia", "NATO", etype="meeting"), found
    # "his" names a person's occasion, not the talks again: nothing is inherited
    other = events(
        "Russia and NATO held talks in Geneva on Sunday. "
        "During his news conference last week, Jane Roe urged calm.",
        date(2022, 1, 9),
        actors,
        gaz,
    )
    assert not any(d == "2022-01-03" and "NATO" in w for d, _, w in other), other


def test_told_a_news_conference_is_a_statement_not_a_meeting(actors, gaz):
    text = "Russia's Foreign Minister Sergei Lavrov told a weekly news conference in Moscow."
    found = events(text, THU, actors, gaz)
    assert [t for _, t, _ in found] == ["statement"], found


def test_a_speaker_named_by_role_then_by_name_is_one_saying_of_one_day(actors, gaz):
    named = "The delegation will be headed by John Doe, Ada Kent told a weekly news conference."
    text = (
        "Talks will be held on Jan. 17 in Geneva, the Russian Foreign Ministry spokeswoman "
        "announced on Monday. " + named
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Ada Kent", etype="statement"), found
    assert not any(d == "2022-01-13" and t == "statement" for d, t, _ in found), found
    # without the role sentence before it, the saying is undated: the publication day
    alone = events(named, THU, actors, gaz)
    assert has(alone, "2022-01-13", "Ada Kent", etype="statement"), alone


def test_expressed_hope_is_a_saying(actors, gaz):
    text = "NATO expressed hope yesterday that the talks will ease tensions."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-12", "NATO", etype="statement"), found
    # an expression that is no saying
    assert events("NATO expressed its troops to the front yesterday.", THU, actors, gaz) == []


def test_a_state_after_a_dateline_place_ends_no_sentence():
    from crisis.extract.text import split_sentences

    text = "WILMINGTON, Del. (AP) - Jane Roe and John Doe spoke Thursday. They agreed."
    assert [s.text for s in split_sentences(text)] == [
        "WILMINGTON, Del. (AP) - Jane Roe and John Doe spoke Thursday.",
        "They agreed.",
    ]
    # the same letters as a word at the end of a sentence still end it
    assert len(split_sentences("The envoy fell ill. Talks went on.")) == 2


# -- after blind3 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        # the counted noun before the number, through "estimated at"
        (
            "Enemy manpower massed near the lake is estimated at 12,400, the officer said.",
            12400,
            "",
        ),
        ("Their troops on the plain are put at 8,000, a colonel said.", 8000, ""),
        # the figure named again ("the figure is closer to")
        (
            "Ruritania counts 31,000 troops at the river, but its ally says the figure is "
            "closer to 22,000.",
            22000,
            "about",
        ),
        # troop levels raised to a number, the troops named later in the sentence
        (
            "The general expects them to raise levels to 40,000 by moving troops in and out.",
            40000,
            "",
        ),
    ],
)
def test_troop_figures_counted_elsewhere_in_the_sentence(text, value, qualifier):
    found = {
        (f.value_low, f.qualifier) for f in find_figures(normalise(text)) if f.kind == "troops"
    }
    assert (value, qualifier) in found


@pytest.mark.parametrize(
    "text",
    [
        "The firm plans to raise prices to 5,000 and hire staff.",  # levels, but no troops
        "Sales rose to 3,000 crates, but the figure is closer to 2,500.",  # no troop figure before
        "The budget is estimated at 40,000 for the year.",  # nothing counted
    ],
)
def test_numbers_that_count_no_troops_are_no_troop_figures(text):
    assert not [f for f in find_figures(normalise(text)) if f.kind == "troops"]


def test_a_second_title_word_belongs_to_the_title(actors, gaz):
    found = events(
        "Secretary General Ada Kent said on Monday that the talks went well.", THU, actors, gaz
    )
    assert has(found, "2022-01-10", "Ada Kent", etype="statement")
    assert not any("General Ada Kent" in who for _, _, who in found)


def test_a_name_run_into_the_body_before_it_is_the_speaker(actors, gaz):
    text = (
        "The talks ended without results, Deputy Head of the Northern Planning Office "
        "John Doe said on Monday."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "John Doe", etype="statement")
    assert not any(any("Office" in n for n in who) for _, _, who in found)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Ada Kent, the deputy secretary of state, told reporters.", "deputy secretary of state"),
        ("Press conference by Ada Kent, Secretary General of NATO", "Secretary General"),
    ],
)
def test_a_title_after_the_name_says_who_the_name_is(text, title, actors, gaz):
    result = extract(text, THU, actors, gaz)
    people = {(m.name, m.kind, m.title) for m, _ in result.new_actors}
    assert ("Ada Kent", "person", title) in people, people


def test_a_courtesy_title_without_its_full_stop_names_a_person(actors, gaz):
    found = events("Mr Doe told reporters on Monday that the talks went well.", THU, actors, gaz)
    assert has(found, "2022-01-10", "Doe", etype="statement"), found


def test_a_transcript_heading_runs_on_into_its_byline():
    from crisis.extract.text import split_sentences

    text = "Press conference\n\nby Secretary General Ada Kent\n\nGood afternoon. Welcome."
    assert [s.text for s in split_sentences(text)] == [
        "Press conference\n\nby Secretary General Ada Kent",
        "Good afternoon.",
        "Welcome.",
    ]
    # a sentence of prose before a "by" line stays its own
    prose = "The talks ended.\n\nby and large they went well."
    assert len(split_sentences(prose)) == 2


def test_who_met_where_a_meeting_was_held_is_that_meeting(actors, gaz):
    text = (
        "Ada Kent spoke after the NATO-Russia Council meeting in Brussels on Wednesday, "
        "where 30 Allies met with Russia."
    )
    found = events(text, THU, actors, gaz)
    # one meeting, on its day: the where-clause says who met at it
    assert [d for d, t, _ in found if t == "meeting"] == ["2022-01-12"], found


def test_looking_forward_to_a_meeting_is_no_meeting_yet(actors, gaz):
    text = "Ada Kent said she looks forward to meeting John Doe."
    found = events(text, THU, actors, gaz)
    assert not any(t == "meeting" for _, t, _ in found), found


def test_hours_of_talks_held_by_a_subject_before_a_relative_clause_are_its_talks(actors, gaz):
    text = "Russia, which has massed troops, held more than seven hours of talks on Monday."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Russia", etype="meeting"), found


def test_a_titled_surname_and_the_full_name_are_one_person(actors, gaz):
    text = (
        "Ada Kent, the deputy secretary of state, arrived. "
        "Mr Kent told reporters on Monday that the talks went well. "
        "Ms Roe met Mr Kent. Talks with John Roe went on."
    )
    result = extract(text, THU, actors, gaz)
    names = {m.name for m, _ in result.new_actors if m.kind == "person"}
    assert {"Ada Kent", "John Roe"} <= names and not {"Kent", "Roe"} & names, names


def test_talks_told_undated_then_dated_are_the_dated_talks(actors, gaz):
    text = (
        "The coming days will be crucial, Ada Kent said after talks with John Doe. "
        "Mr Kent held talks over dinner on Monday with Mr Doe."
    )
    found = events(text, THU, actors, gaz)
    assert [d for d, t, _ in found if t == "meeting"] == ["2022-01-10"], found
    assert has(found, "2022-01-10", "Ada Kent", etype="statement"), found  # said after them
    assert not any(d == "2022-01-13" for d, _, _ in found), found


def test_a_named_person_who_announces_a_schedule_makes_a_statement(actors, gaz):
    text = "Spokeswoman Ada Kent specified that talks with Russia are scheduled for January 20."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-20", "Russia", etype="meeting"), found
    assert has(found, "2022-01-13", "Ada Kent", etype="statement"), found
    # a body that reports the schedule is only its reporter
    body = events("Talks with Russia are scheduled for January 20, NATO said.", THU, actors, gaz)
    assert not any(t == "statement" for _, t, _ in body), body


def test_an_acronym_written_as_a_word_is_the_body(actors, gaz):
    found = events("Ada Kent met Nato envoys in Brussels on Monday.", THU, actors, gaz)
    assert has(found, "2022-01-10", "NATO", etype="meeting"), found


def test_a_weekday_takes_the_tense_after_an_aside_in_dashes(actors, gaz):
    text = (
        "On Wednesday talks involving officials from NATO - including its 30 member states - "
        "and Russia will take place in Brussels."
    )
    found = events(text, date(2022, 1, 9), actors, gaz)  # a Sunday
    assert has(found, "2022-01-12", "NATO", etype="meeting"), found


@pytest.mark.parametrize(
    "text",
    [
        "Officials of NATO will discuss the military build-up by Russia on the border.",
        "We will address Russia's continued military build-up in and around Ukraine.",
    ],
)
def test_a_buildup_to_be_talked_of_is_there_now(text, actors, gaz):
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Russia", etype="military"), found
    # the state, not who will talk of it
    assert not any(t == "military" and "NATO" in w for _, t, w in found), found
    # a buildup that is itself to come is not
    assert not events("Russia will start a new build-up.", THU, actors, gaz)


def test_a_condition_after_an_undated_trigger_makes_it_a_hypothetical(actors, gaz):
    text = "The other path is economic sanctions against Russia if Moscow moves to invade."
    assert not any(t == "policy" for _, t, _ in events(text, THU, actors, gaz))
    # without the condition, the sanctions are reported as they are
    plain = events("The EU imposed economic sanctions against Russia.", THU, actors, gaz)
    assert any(t == "policy" for _, t, _ in plain), plain


def speakers(text: str, published: date, actors, gaz) -> list[tuple[str, str]]:
    """(start date, speaker) of every proposed statement."""
    result = extract(text, published, actors, gaz)
    return [
        (e.start_date.isoformat(), n)
        for e in result.events
        if e.event_type == "statement"
        for _, n, role in e.actors
        if role == "speaker"
    ]


def test_his_speech_is_the_speech_of_the_person_named_before_it(actors, gaz):
    text = (
        "The alarm was raised by Polish Foreign Minister Ada Kent, in his inauguration speech "
        'of the Polish presidency. "We must act," added Kent.'
    )
    assert speakers(text, THU, actors, gaz) == [("2022-01-13", "Ada Kent")]
    # one saying, hers, not a second one by the state her title names
    said = [w for _, t, w in events(text, THU, actors, gaz) if t == "statement"]
    assert len(said) == 1 and "Ada Kent" in said[0], said


def test_his_news_conference_in_a_leading_phrase_is_the_subjects(actors, gaz):
    text = (
        "Spokesman John Doe said so on Monday. "
        "During his news conference on Tuesday, President Ada Kent urged calm."
    )
    found = speakers(text, THU, actors, gaz)
    assert ("2022-01-11", "Ada Kent") in found and ("2022-01-11", "John Doe") not in found, found


def test_said_a_body_s_chief_names_the_chief(actors, gaz):
    text = "There will be no talks under pressure, said EU diplomacy chief Ada Kent on Monday."
    assert speakers(text, THU, actors, gaz) == [("2022-01-10", "Ada Kent")]


def test_one_speaker_on_two_days_in_two_sentences_says_two_things(actors, gaz):
    text = (
        "During his news conference on Tuesday, President Ada Kent urged calm. "
        "On Monday, Kent said in an interview that he would wait."
    )
    found = speakers(text, THU, actors, gaz)
    assert sorted(found) == [("2022-01-10", "Ada Kent"), ("2022-01-11", "Ada Kent")], found


def test_a_body_s_saying_and_its_official_s_on_one_day_are_one(actors, gaz):
    call = "The call between President Jane Roe and John Doe will take place on January 20. "
    text = (
        call + "White House Press Secretary Ada Kent confirmed the date. "
        "The American side confirmed that the call will take place on January 20."
    )
    assert speakers(text, THU, actors, gaz) == [("2022-01-13", "Ada Kent")]
    # an official of another body says something of her own
    other = text.replace("White House Press Secretary", "Kremlin spokeswoman")
    assert sorted(speakers(other, THU, actors, gaz)) == [
        ("2022-01-13", "Ada Kent"),
        ("2022-01-13", "United States"),
    ]


def test_a_name_before_a_subordinator_is_not_the_speaker_after_it(actors, gaz):
    text = "The call came amid tensions between US and Russia especially as officials warned."
    assert not [n for _, n in speakers(text, THU, actors, gaz) if n == "Russia"]


def test_words_to_the_other_side_of_a_reported_call_were_said_in_it(actors, gaz):
    text = (
        "President Joe Biden held a video call with President Ada Kent on Tuesday. "
        "Furthermore, Biden warned his counterpart that the costs would be high."
    )
    found = speakers(text, THU, actors, gaz)
    assert found == [], found
    # said to someone else, it is a saying of its own
    press = (
        "President Joe Biden held a video call with President Ada Kent on Tuesday. "
        "Furthermore, Biden warned reporters that the costs would be high."
    )
    assert speakers(press, THU, actors, gaz) == [("2022-01-13", "Joe Biden")]


def test_the_demonym_and_title_of_a_person_named_before_name_that_person(actors, gaz):
    text = (
        "Ukrainian President Ada Kent spoke with John Doe. "
        'Her office said the Ukrainian President said "unity matters."'
    )
    assert has(events(text, THU, actors, gaz), "2022-01-13", "Ada Kent", etype="statement")
    assert ("2022-01-13", "Ukraine") not in speakers(text, THU, actors, gaz)


def test_the_same_talks_in_other_words_on_their_day_are_one(actors, gaz):
    text = (
        "Jane Roe and her counterpart Ada Kent met for talks in Moscow on Monday. "
        "Jane Roe called for calm as she began talks with Ada Kent in the Kremlin."
    )
    found = events(text, date(2022, 1, 10), actors, gaz)
    assert [d for d, t, _ in found if t == "meeting"] == ["2022-01-10"], found


@pytest.mark.parametrize(
    "text",
    [
        "Ada Kent spoke about the possibility of reaching agreements in negotiations with the US.",
        "Russia is not optimistic on the eve of negotiations with the United States.",
    ],
)
def test_the_possibility_or_the_eve_of_talks_is_no_talks_yet(text, actors, gaz):
    assert not any(t == "meeting" for _, t, _ in events(text, THU, actors, gaz))


def test_a_title_to_a_body_with_its_acronym_names_the_person_after_it(actors, gaz):
    text = (
        "Russia's Permanent Representative to the Organisation for Security and Co-operation "
        "in Europe (OSCE) Ada Kent gives a press conference following the OSCE meeting in "
        "Vienna on Thursday."
    )
    result = extract(text, THU, actors, gaz)
    assert "Ada Kent" in {m.name for m, _ in result.new_actors}
    assert has(events(text, THU, actors, gaz), "2022-01-13", "Ada Kent", etype="statement")


def test_a_day_right_after_a_given_noun_is_its_own(actors, gaz):
    text = (
        "High-stakes talks between Russia and the West have failed. "
        "Jane Roe will join a meeting today with EU ministers to brief them on his talks "
        "last Friday with Russian Foreign Minister Ada Kent."
    )
    found = events(text, date(2022, 1, 24), actors, gaz)
    assert has(found, "2022-01-21", "Ada Kent", etype="meeting"), found


@pytest.mark.parametrize("verb", ["reiterated", "insisted", "emphasised", "acknowledged"])
def test_more_reporting_verbs_make_a_saying(verb, actors, gaz):
    text = f'Kremlin spokesman Ada Kent {verb} yesterday that "we hope for an answer in writing."'
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-12", "Ada Kent", etype="statement"), found


@pytest.mark.parametrize(
    "tail",
    ["spokesman Jane Roe said in a statement", "according to the White House readout"],
)
def test_a_saying_inside_another_source_report_is_not_its_own(tail, actors, gaz):
    text = (
        "Antony Blinken spoke on Thursday with Ukrainian President Volodymyr Zelenskiy. "
        f'Blinken stressed "unwavering support for Ukraine," {tail}.'
    )
    found = events(text, THU, actors, gaz)
    assert not any(t == "statement" and "Antony Blinken" in who for _, t, who in found), found
    if "Jane Roe" in tail:
        assert has(found, "2022-01-13", "Jane Roe", etype="statement"), found


@pytest.mark.parametrize(
    "text",
    [
        "Kremlin spokesman Ada Kent said on Monday that Russia wants talks with NATO.",
        "Kremlin spokesman Ada Kent said on Monday that Russia called for talks with NATO.",
    ],
)
def test_talks_wanted_or_called_for_are_no_talks(text, actors, gaz):
    found = events(text, THU, actors, gaz)
    assert not any(t == "meeting" for _, t, _ in found), found
    assert has(found, "2022-01-10", "Ada Kent", etype="statement"), found


def test_the_two_who_had_spoken_are_the_two_just_named(actors, gaz):
    text = (
        "Antony Blinken and Russian Foreign Minister Ada Kent will meet in Geneva on Friday. "
        "The two had spoken by telephone earlier this morning."
    )
    found = events(text, date(2022, 1, 18), actors, gaz)
    assert has(found, "2022-01-18", "Antony Blinken", "Ada Kent", etype="call"), found


def test_a_surname_that_speaks_names_the_person_given_in_full_before(actors, gaz):
    text = (
        "Jane Roe and Ada Kent are expected to speak by video link in the coming days. "
        "On Friday night, Roe said they had been aware of it for a long time."
    )
    found = events(text, date(2021, 12, 4), actors, gaz)
    assert has(found, "2021-12-03", "Jane Roe", etype="statement"), found


def test_a_named_person_who_reports_a_past_meeting_also_makes_a_statement(actors, gaz):
    text = "Kuleba said on Tuesday that Russian and Ukrainian officials met on Monday in Minsk."
    found = events(text, date(2021, 12, 9), actors, gaz)
    assert has(found, "2021-12-06", "Russia", "Ukraine", etype="meeting"), found
    assert has(found, "2021-12-07", "Dmytro Kuleba", etype="statement"), found
    assert not any(t == "statement" and "Russia" in who for _, t, who in found), found


def test_ministers_of_a_numbered_club_meet_on_the_date_the_sentence_opens_with(actors, gaz):
    text = (
        "On March 3, the finance ministers of the G20 group of large economies, including "
        "Antony Blinken, will meet on the sidelines of the forum."
    )
    found = events(text, date(2022, 3, 1), actors, gaz)
    assert has(found, "2022-03-03", "G20", "Antony Blinken", etype="meeting"), found


@pytest.mark.parametrize("verb", ["has opened", "opens", "kicked off"])
def test_a_named_conference_that_opens_is_a_meeting(verb, actors, gaz):
    text = f"The Lisbon Energy Forum {verb} with officials set to focus on the crisis."
    found = events(text, date(2022, 3, 1), actors, gaz)
    assert has(found, "2022-03-01", "Lisbon Energy Forum", etype="meeting"), found


def test_opened_after_no_gathering_is_no_meeting(actors, gaz):
    text = "Russia opened a new base near the border, Ada Kent said on Monday."
    found = events(text, THU, actors, gaz)
    assert not any(t == "meeting" for _, t, _ in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Russia will hold talks with Ada Kent's envoys on Monday in Geneva, and with NATO on "
        "Wednesday in Brussels.",
        "Russia will hold talks with Ada Kent's envoys on Monday in Geneva (Switzerland), and "
        "with NATO on Wednesday in Brussels.",
    ],
)
def test_a_second_occasion_after_a_comma_keeps_the_left_out_verb(text, actors, gaz):
    found = events(text, date(2022, 1, 7), actors, gaz)
    assert has(found, "2022-01-10", "Russia", etype="meeting"), found
    assert has(found, "2022-01-12", "Russia", "NATO", etype="meeting"), found


def test_a_dialogue_with_a_day_is_a_meeting_and_a_stance_is_not(actors, gaz):
    dated = "Russia will hold a dialogue with NATO on Wednesday in Brussels."
    assert has(events(dated, date(2022, 1, 7), actors, gaz), "2022-01-12", "NATO", "Russia")
    stance = "NATO remains ready for meaningful dialogue with Russia."
    assert not events(stance, date(2022, 1, 7), actors, gaz)


def test_waiting_to_impose_sanctions_is_no_sanctions(actors, gaz):
    text = "Waiting to impose sanctions on Russia until after an invasion is of no use, he said."
    found = events(text, date(2022, 1, 20), actors, gaz)
    assert not any(t == "policy" for _, t, _ in found), found


def test_a_weekday_after_a_past_verb_is_past_though_a_will_follows(actors, gaz):
    text = (
        "Antony Blinken spoke for about 40 minutes Sunday with Dmytro Kuleba and renewed "
        "promises of what the West says will be tough sanctions, the State Department said."
    )
    found = events(text, MON, actors, gaz)
    assert has(found, "2022-01-09", "Antony Blinken", "Dmytro Kuleba", etype="call"), found
    assert not any(d > MON.isoformat() for d, _, _ in found), found


def test_a_government_that_reported_on_a_day_makes_a_statement(actors, gaz):
    text = "Kyiv was calm, even as the U.S. reported Sunday that Moscow moved more of its troops."
    found = events(text, MON, actors, gaz)
    assert has(found, "2022-01-09", "United States", etype="statement"), found


@pytest.mark.parametrize(
    "text",
    [
        "The talks began in Brussels, a TASS correspondent reported on Wednesday.",
        "The talks began in Brussels on Wednesday, Reuters reported.",
    ],
)
def test_a_news_outlet_that_reported_makes_no_statement(text, actors, gaz):
    found = events(text, THU, actors, gaz)
    assert not any(t == "statement" for _, t, _ in found), found


@pytest.mark.parametrize(
    ("text", "value", "high"),
    [
        ("Ruritania will send 1,200 Northland cavalry troops to the river.", 1200, 1200),
        ("The 420 troop reinforcements promised by Northland arrived on Monday.", 420, 420),
        ("Around 6,000 to 9,000 US troops are stationed there, she said.", 6000, 9000),
        # how many troops, counted "to" a number, and the count it replaced
        (
            "Northland raised its estimate for how many Ruritanian forces were near the river "
            "to more than 52,000, up from the 40,000 it had cited.",
            52000,
            None,
        ),
        (
            "Northland raised its estimate for how many Ruritanian forces were near the river "
            "to more than 52,000, up from the 40,000 it had cited.",
            40000,
            40000,
        ),
    ],
)
def test_troop_figures_with_words_between_or_counted_before(text, value, high):
    found = {
        (f.value_low, f.value_high) for f in find_figures(normalise(text)) if f.kind == "troops"
    }
    assert (value, high) in found, found


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Two servicemen were killed by a mine near the river.", 2, "people killed"),
        ("Three employees of the school were injured in the shelling.", 3, "people wounded"),
        ("At least four civilians were wounded, officials said.", 4, "people wounded"),
    ],
)
def test_casualty_counts_written_in_words(text, value, unit):
    found = [f for f in find_figures(normalise(text)) if f.kind == "casualties"]
    assert [(f.value_low, f.unit) for f in found] == [(value, unit)], found


@pytest.mark.parametrize(
    "text",
    [
        "The two sides met on Monday.",
        "Two soldiers of the unit received new orders.",
        "Sales rose to 3,000 crates, up from the 2,000 of last year.",
    ],
)
def test_numbers_in_words_or_up_from_that_count_no_one(text):
    assert not find_figures(normalise(text))


def test_a_cyberattack_is_an_attack_on_its_day(actors, gaz):
    text = "Ukraine was late on Thursday hit with a massive cyberattack on its ministries."
    found = events(text, date(2022, 1, 15), actors, gaz)
    assert has(found, "2022-01-13", "Ukraine", etype="armed_conflict"), found


@pytest.mark.parametrize(
    "text",
    [
        "By noon, Russia-backed separatists had recorded 12 ceasefire violations, officials said.",
        "Since morning, four violations of the ceasefire by Russia-backed separatists were seen.",
    ],
)
def test_ceasefire_violations_are_fighting(text, actors, gaz):
    found = events(text, MON, actors, gaz)
    assert has(found, MON.isoformat(), "Russia-backed separatists", etype="armed_conflict"), found


def test_a_deployment_not_ruled_out_is_no_deployment(actors, gaz):
    text = "A Russian diplomat refused to rule out a military deployment to the region."
    found = events(text, MON, actors, gaz)
    assert not any(t == "military" for _, t, _ in found), found


def test_a_ministry_in_the_title_is_no_part_of_the_name(actors, gaz):
    text = "Earlier on Thursday, Deputy Minister of Foreign Affairs Ada Kent said talks went well."
    found = events(text, date(2022, 1, 15), actors, gaz)
    assert has(found, "2022-01-13", "Ada Kent", etype="statement"), found


def test_a_day_right_before_the_saying_is_the_day_of_the_saying(actors, gaz):
    text = "Josep Borrell yesterday said the committee would meet to decide how to respond."
    found = events(text, date(2022, 1, 15), actors, gaz)
    assert has(found, "2022-01-14", "Josep Borrell", etype="statement"), found
    assert not any(t == "meeting" for _, t, _ in found), found


def test_a_saying_after_a_summit_is_said_on_the_summit_s_day(actors, gaz):
    text = (
        "NATO leaders warned Russia of severe costs, the 30 said in a statement following a "
        "summit in Madrid on Thursday."
    )
    found = events(text, date(2022, 1, 15), actors, gaz)
    assert has(found, "2022-01-13", "NATO", etype="meeting"), found
    assert has(found, "2022-01-13", "NATO", etype="statement"), found


@pytest.mark.parametrize("name", ["Ada Nausėda", "Maroš Šefčovič", "Zoë Kent"])
def test_names_with_letters_of_other_latin_alphabets_are_whole(name, actors, gaz):
    text = f'"We face a dangerous situation," Lithuanian President {name} said on Monday.'
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", name, etype="statement"), found


@pytest.mark.parametrize(
    "text",
    [
        "The sanctions were the first on Russia announced by a Western nation.",
        "The measures against Russia were confirmed by several capitals on Tuesday.",
    ],
)
def test_a_passive_saying_is_not_said_by_its_subject(text, actors, gaz):
    found = events(text, date(2022, 2, 22), actors, gaz)
    assert not any(t == "statement" for _, t, _ in found), found


def test_a_passive_saying_is_said_by_its_agent(actors, gaz):
    text = "The talks with Ukraine were announced by the Kremlin on Tuesday."
    found = events(text, date(2022, 2, 24), actors, gaz)
    assert has(found, "2022-02-22", "Russia", etype="statement"), found
    assert not any(t == "statement" and "Ukraine" in who for _, t, who in found), found


def test_who_commented_on_an_event_made_a_statement(actors, gaz):
    text = "Dmytro Kuleba commented on the shelling of a school on Monday."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Dmytro Kuleba", etype="statement"), found


def test_a_meeting_with_its_own_day_in_a_where_clause_after_a_visit(actors, gaz):
    text = (
        "Antony Blinken will first visit Kyiv, where he will meet with Dmytro Kuleba on Jan. 19, "
        "to reaffirm support."
    )
    found = events(text, date(2022, 1, 18), actors, gaz)
    assert has(found, "2022-01-19", "Antony Blinken", "Dmytro Kuleba", etype="meeting"), found


@pytest.mark.parametrize(
    "text",
    [
        "They will discuss the crisis -- specifically, the willingness of European allies to "
        "impose sanctions on Russia.",
        "NATO announced its readiness to hold further meetings with Russia.",
    ],
)
def test_a_willingness_or_readiness_is_no_event(text, actors, gaz):
    found = events(text, date(2022, 1, 18), actors, gaz)
    assert not any(t in ("policy", "meeting") for _, t, _ in found), found


def test_troops_ordered_on_high_alert_last_week(actors, gaz):
    text = (
        "They join the 8,500 troops that Antony Blinken's government ordered on high alert "
        "last week."
    )
    found = events(text, date(2022, 2, 2), actors, gaz)
    assert has(found, "2022-01-24", "Antony Blinken", etype="military"), found


def test_troops_that_began_arriving_in_a_country_on_a_day(actors, gaz):
    text = "Dozens of the 350 troops promised by Poland began arriving in Lithuania on Monday."
    found = events(text, date(2022, 2, 2), actors, gaz)
    assert has(found, "2022-01-31", "Lithuania"), found


def test_a_saying_is_not_dated_by_a_military_event_named_before(actors, gaz):
    text = (
        "The 3,000 troops are in addition to the 8,500 troops that Antony Blinken's government "
        "ordered on high alert last week. He said that France has also agreed to send troops."
    )
    found = events(text, date(2022, 2, 2), actors, gaz)
    assert not any(t == "statement" and d < "2022-02-02" for d, t, _ in found), found


def test_secretary_of_state_for_a_ministry_is_title_not_name(actors, gaz):
    text = (
        "Secretary of State for Defence Ada Kent told Parliament on Monday the arms are defensive."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Ada Kent", etype="statement"), found
    assert not any("Defence Ada Kent" in who for _, _, who in found), found


@pytest.mark.parametrize("noun", ["sailors", "marines", "paratroopers"])
def test_sailors_marines_and_paratroopers_are_troops(noun):
    text = f"A total of 1,200 {noun} and officers will take part in the drills."
    found = [(f.kind, f.value_low) for f in find_figures(normalise(text))]
    assert ("troops", 1200) in found, found


@pytest.mark.parametrize(
    "text",
    [
        "Estonia wants to send howitzers to Ukraine after Russia has gathered 30,000 troops on "
        "the border.",
        "Between 25,000 and 30,000 Russian troops are stationed along the border, officials "
        "estimate.",
        "The minister called the concentration of about 30,000 Russian soldiers near the "
        "border a threat.",
    ],
)
def test_troops_gathered_or_stationed_near_a_border_are_a_buildup(text, actors, gaz):
    found = events(text, date(2022, 2, 2), actors, gaz)
    assert has(found, "2022-02-02", "Russia", etype="military"), found


def test_ministers_gathered_to_talk_of_troops_are_no_buildup(actors, gaz):
    text = "Ministers from Russia gathered in Minsk to discuss the troops on the border."
    found = events(text, date(2022, 2, 2), actors, gaz)
    assert not any(t == "military" for _, t, _ in found), found


def test_a_deployment_after_drills_is_not_the_drills_told_again(actors, gaz):
    text = (
        "Russia began 10 days of joint military drills on Thursday. Moscow's deployment near "
        "the border is believed to be its biggest since the Cold War."
    )
    found = events(text, date(2022, 2, 10), actors, gaz)
    military = [f for f in found if f[1] == "military"]
    assert len(military) == 2, found


def test_a_buildup_in_response_to_which_troops_would_go_exists_now(actors, gaz):
    text = (
        "Poland announced on Feb. 2 that it would send troops to Lithuania in response to "
        "Russia's unwillingness to de-escalate its vast military build-up on the border."
    )
    found = events(text, date(2022, 2, 2), actors, gaz)
    assert has(found, "2022-02-02", "Russia", etype="military"), found


@pytest.mark.parametrize("outlet", ["CTV News", "The Daily Post", "Reuters"])
def test_a_news_outlet_that_confirms_is_no_speaker_nor_actor(outlet, actors, gaz):
    text = f"{outlet} confirmed on Monday that British special forces were sent to Ukraine."
    found = events(text, THU, actors, gaz)
    assert not any(outlet.removeprefix("The ") in " ".join(who) for _, _, who in found), found


@pytest.mark.parametrize("name", ["Britain", "Great Britain", "the UK"])
def test_britain_is_the_united_kingdom(name, actors, gaz):
    text = f"Antony Blinken met officials of {name} in Kyiv on Monday."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "United Kingdom", etype="meeting"), found


@pytest.mark.parametrize(
    "text",
    [
        "Estonia on Monday began supplying Ukraine with anti-tank weapons.",
        "Estonia delivered Javelin missiles to Ukraine on Monday.",
        "Estonia sent more military aid to Ukraine on Monday.",
    ],
)
def test_arms_supplied_delivered_or_sent_are_an_event(text, actors, gaz):
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Estonia", "Ukraine", etype="military"), found


@pytest.mark.parametrize(
    "text",
    [
        "Estonia delivered a speech to Ukraine's parliament on Monday.",
        "Estonia sent a letter to Ukraine on Monday.",
    ],
)
def test_a_speech_or_a_letter_delivered_is_no_arms(text, actors, gaz):
    found = events(text, THU, actors, gaz)
    assert not any(t == "military" for _, t, _ in found), found


def test_what_a_state_said_on_a_day_it_had_done_is_one_event_that_day(actors, gaz):
    text = "Estonia on Monday said it had begun supplying Ukraine with anti-tank weapons."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Estonia", "Ukraine", etype="military"), found
    assert not any(t == "statement" for _, t, _ in found), found


def test_what_a_person_said_on_a_day_had_been_done_keeps_the_saying(actors, gaz):
    text = "Antony Blinken said on Monday that Estonia had sent Javelin missiles to Ukraine."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Estonia", etype="military"), found
    assert has(found, "2022-01-10", "Antony Blinken", etype="statement"), found


def test_what_a_saying_says_will_be_done_is_not_dated_by_it(actors, gaz):
    text = "Estonia said on Monday that it would send Javelin missiles to Ukraine."
    found = events(text, THU, actors, gaz)
    assert not any(t == "military" and d == "2022-01-10" for d, t, _ in found), found


def test_he_said_is_the_last_speaker_not_the_last_person_named(actors, gaz):
    text = (
        "Antony Blinken, who is to meet Russian Foreign Minister Sergei Lavrov in Geneva on "
        "Friday, told reporters the trip was important. He said at a meeting of EU foreign "
        "ministers in Brest that the trip was part of efforts to ease tensions."
    )
    found = events(text, THU, actors, gaz)
    assert not any(t == "statement" and "Sergei Lavrov" in who for _, t, who in found), found


def test_a_state_not_in_the_table_is_an_actor_unless_named_as_a_place(actors, gaz):
    found = events("Germany held talks with Russia on Monday.", THU, actors, gaz)
    assert has(found, "2022-01-10", "Germany", "Russia", etype="meeting"), found
    found = events("Antony Blinken held talks in Germany on Monday.", THU, actors, gaz)
    assert not any("Germany" in who for _, _, who in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Russia halted the certification of the pipeline on Monday.",
        "On Monday Russia said it is suspending the certification process.",
        "Russia on Monday recognised the independence of the two separatist regions.",
        "On Monday, Russia signed decrees recognizing two self-proclaimed entities.",
    ],
)
def test_a_halt_a_recognition_and_a_signed_decree_are_policy(text, actors, gaz):
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Russia", etype="policy"), found


def test_troops_that_remain_where_they_were_are_a_buildup(actors, gaz):
    text = "The situation is tense as Russian troops remain where they have been in recent weeks."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Russia", etype="military"), found
    text = "The number of Russian forces remains insufficient for an invasion."
    assert not any(t == "military" for _, t, _ in events(text, THU, actors, gaz))


def test_a_call_told_first_by_untitled_names_then_dated_by_what_was_told(actors, gaz):
    text = (
        "The conversation between Ada Kent and Ola Berg was devoted to ways to relieve the "
        "tension caused by the concentration of Russian troops at the border. "
        "Estonian President Ada Kent told Latvian President Ola Berg on Sunday that Estonia "
        "would stand by Latvia. "
        '"We stand together," press secretary Eva Lind said in a statement following a '
        "telephone conversation between the two presidents."
    )
    found = events(text, date(2022, 1, 3), actors, gaz)
    assert has(found, "2022-01-02", "Ada Kent", "Ola Berg", etype="call"), found
    assert has(found, "2022-01-02", "Eva Lind", etype="statement"), found
    # the troops' concentration is Russia's, not the callers'
    assert not any(t == "military" and "Ada Kent" in who for _, t, who in found), found


def test_a_deployment_precluded_by_guarantees_is_no_deployment(actors, gaz):
    text = (
        "Russia prodded Western leaders to provide legally binding guarantees precluding NATO's "
        "expansion to Ukraine and the deployment of the alliance's weapons there."
    )
    assert not any(t == "military" for _, t, _ in events(text, THU, actors, gaz))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Russia's General of the Army Oleg Salyukov spoke on Monday.", "Oleg Salyukov"),
        ("Admiral Sir Tony Reeve met Antony Blinken on Monday.", "Tony Reeve"),
    ],
)
def test_a_rank_or_an_honour_is_title_not_name(text, name, actors, gaz):
    result = extract(text, THU, actors, gaz)
    names = {n for e in result.events for _, n, _ in e.actors}
    assert name in names and not any("General of" in n or "Sir " in n for n in names), names


def test_also_met_after_a_dated_meeting_is_that_day(actors, gaz):
    text = (
        "Defence Secretary Ada Kent on Friday held talks with Antony Blinken in Moscow. "
        "It was the first such visit since 2001. "
        "Admiral Sir Tony Reeve also met his counterpart, General Ola Berg."
    )
    found = events(text, date(2022, 2, 12), actors, gaz)
    assert has(found, "2022-02-11", "Tony Reeve", etype="meeting"), found
    text = "Antony Blinken visited Kyiv on Monday. Antony Blinken will also meet embassy staff."
    found = events(text, THU, actors, gaz)
    assert not any(t == "meeting" and d == "2022-01-10" for d, t, _ in found), found


def test_a_day_between_commas_after_said_is_the_saying_s(actors, gaz):
    text = "Antony Blinken said, Saturday, that the world has arrived at a decisive moment."
    found = events(text, date(2022, 2, 20), actors, gaz)
    assert has(found, "2022-02-19", "Antony Blinken", etype="statement"), found


def test_a_next_day_report_places_what_it_tells_undated_on_the_story_s_day(actors, gaz):
    text = (
        "MUNICH (AP) - Antony Blinken said, Saturday, that the world is at a decisive moment. "
        "During a meeting with Ukraine's President Ada Kent, Antony Blinken vowed support. "
        '"This is our land," Ada Kent said.'
    )
    found = events(text, date(2022, 2, 20), actors, gaz)
    assert has(found, "2022-02-19", "Ada Kent", etype="meeting"), found
    assert has(found, "2022-02-19", "Ada Kent", etype="statement"), found
    # a same-day story keeps the publication day for what it tells undated
    same = text.replace("said, Saturday,", "said, Sunday,")
    found = events(same, date(2022, 2, 20), actors, gaz)
    assert has(found, "2022-02-20", "Ada Kent", etype="meeting"), found


def test_talks_amid_a_buildup_are_two_events(actors, gaz):
    text = (
        "Antony Blinken held talks with Russia on Monday. Discussions come amidst a concerning "
        "build-up of Russian military forces on the borders of Ukraine."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Russia", etype="military"), found


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (
            "Ada Kent thanked the Latvian Armed Forces (LAF) on the ground. Latvia sends a group "
            "of about 300 LAF members to Ukraine every six months.",
            [300],
        ),
        ("Some 30 NATO members met in Brussels.", []),
        (
            "Estimates for the number of Russian troops moved closer to Ukraine vary from 50,000 "
            "to 80,000. One document suggested that number could be ramped up as high as 155,000.",
            [50000, 155000],
        ),
    ],
)
def test_counts_of_a_named_force_ranges_that_vary_and_the_number_ramped_up(text, values):
    found = [f.value_low for f in find_figures(normalise(text)) if f.kind == "troops"]
    assert found == values, found


def test_talks_begun_after_an_aside_are_the_subject_s(actors, gaz):
    text = (
        "Antony Blinken, on the latest Western diplomatic mission to defuse the crisis, began "
        "talks with Russia in the Kremlin on Monday."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Antony Blinken", "Russia", etype="meeting"), found


def test_a_day_that_ends_the_sentence_after_appositions_dates_its_clause(actors, gaz):
    text = (
        "The U.S. top diplomat, Antony Blinken, is scheduled to travel to Moscow for "
        "consultations with the Russian foreign minister, Sergei Lavrov, on Friday."
    )
    found = events(text, date(2022, 2, 9), actors, gaz)
    assert has(found, "2022-02-11", "Russia", etype="visit"), found


def test_the_day_right_after_said_is_the_saying_s_not_the_talks(actors, gaz):
    text = (
        "Antony Blinken said Thursday Washington is ready for talks at the start of next year in "
        "Geneva."
    )
    found = events(text, date(2021, 12, 23), actors, gaz)
    assert has(found, "2021-12-23", "Antony Blinken", etype="statement"), found
    assert has(found, "2022-01-01", "United States", etype="meeting"), found


@pytest.mark.parametrize(
    ("text", "first", "precision"),
    [
        ("talks at the start of next year", date(2022, 1, 1), "month"),
        ("talks early next year", date(2022, 1, 1), "month"),
        ("talks at the beginning of next month", date(2022, 1, 1), "month"),
    ],
)
def test_the_start_of_next_year_is_its_first_month(text, first, precision):
    found = [d for d in find_dates(normalise(text), date(2021, 12, 23)) if d.kind == "relative"]
    assert [(d.first, d.precision) for d in found] == [(first, precision)], found


def test_washington_is_the_united_states_unless_a_place(actors, gaz):
    found = events("Washington held talks with Russia on Monday.", THU, actors, gaz)
    assert has(found, "2022-01-10", "United States", "Russia", etype="meeting"), found
    found = events("Antony Blinken held talks in Washington on Monday.", THU, actors, gaz)
    assert not any("United States" in who for _, _, who in found), found


def test_a_buildup_an_alarm_was_sounded_over_is_there_now(actors, gaz):
    text = (
        "Tensions have been building since mid-November when Washington sounded the alarm over "
        "a massive Russian troop build-up on Ukraine's border."
    )
    found = events(text, date(2021, 12, 23), actors, gaz)
    assert has(found, "2021-12-23", "Russia", etype="military"), found
    assert not any(t == "military" and "United States" in who for _, t, who in found), found


def test_sanctions_asked_for_are_not_imposed(actors, gaz):
    text = (
        "Ukraine has asked for weaponry assistance from Western allies, along with concrete "
        "commitments to sanctions against Russia."
    )
    assert not any(t == "policy" for _, t, _ in events(text, THU, actors, gaz))


def test_an_act_announced_with_no_one_doing_it_is_the_announcer_s(actors, gaz):
    text = (
        "Russia has announced that more than 10,000 troops finished month-long drills near Ukraine."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Russia", etype="military"), found
    assert not any(t == "statement" for _, t, _ in found), found


@pytest.mark.parametrize(
    "text",
    [
        "The State Department has ordered family members of employees at the U.S. Embassy in "
        "Kyiv to leave the country.",
        "In an advisory, the State Department authorized the voluntary departure of staff.",
    ],
)
def test_an_order_to_leave_or_an_authorized_departure_is_policy(text, actors, gaz):
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "U.S. State Department", etype="policy"), found


def test_the_authorized_departure_talked_of_is_no_new_order(actors, gaz):
    text = (
        "Senior State Department officials briefing reporters on Monday said the authorized "
        "voluntary departure applies to non-emergency staff."
    )
    found = events(text, THU, actors, gaz)
    assert not any(t == "policy" for _, t, _ in found), found
    assert has(found, "2022-01-10", "U.S. State Department", etype="statement"), found


def test_drills_announced_in_a_next_day_report_are_on_the_announcement_s_day(actors, gaz):
    text = (
        "KYIV - Antony Blinken said Friday that he is convinced of it. "
        "Meanwhile, the Kremlin announced massive nuclear drills to flex its military muscle."
    )
    found = events(text, date(2022, 2, 19), actors, gaz)
    assert has(found, "2022-02-18", "Russia", etype="military"), found
    assert not any(t == "statement" and "Russia" in who for _, t, who in found), found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "France's ambassador to the United Nations Nicolas de Riviere told reporters on "
            "Monday that it was dramatic.",
            "Nicolas de Riviere",
        ),
        ("European Commission President Ada von der Kent said on Monday it would help.", None),
    ],
)
def test_names_keep_their_particles_and_a_body_s_last_word_is_title(text, name, actors, gaz):
    result = extract(text, THU, actors, gaz)
    names = {n for e in result.events for _, n, role in e.actors if role == "speaker"}
    assert names == {name or "Ada von der Kent"}, names


def test_said_on_a_weekday_after_what_will_be_is_in_the_past(actors, gaz):
    text = (
        'The deployment of the frigate will be brought forward and will take place "in three or '
        'four days," Defence Minister Ada Kent said on Monday.'
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Ada Kent", etype="statement"), found


def test_a_next_day_report_of_a_threat_places_the_undated_sayings_on_its_day(actors, gaz):
    text = (
        "U.S. senators on Wednesday threatened major consequences if Russia invades Ukraine. "
        '"We send a clear message," said Senator Ada Kent.'
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-12", "Ada Kent", etype="statement"), found


@pytest.mark.parametrize("vote", ["call a vote", "calls for a halt", "call a ceasefire"])
def test_calling_a_vote_is_no_call(vote, actors, gaz):
    text = f"Republicans led by Senator Ada Kent {vote} on a rival bill on Monday."
    assert not any(t == "call" for _, t, _ in events(text, THU, actors, gaz))


def test_a_parliament_that_agreed_to_send_jets_decided_a_deployment(actors, gaz):
    text = (
        "On Monday, the Danish parliament agreed to send four additional F-16 fighter jets to "
        "Lithuania and a naval frigate with a crew of 160 people to patrol the Baltic Sea."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Denmark", etype="military"), found
    result = extract(text, THU, actors, gaz)
    assert [(f.kind, f.value_low) for f, *_ in result.figures] == [("troops", 160)]


def test_a_state_s_adjective_before_a_person_s_title_is_no_state(actors, gaz):
    text = "The Norwegian politician noted on Monday that it is a positive sign."
    assert not any("Norway" in who for _, _, who in events(text, THU, actors, gaz))


def test_an_order_issued_on_the_departure_of_employees_is_policy(actors, gaz):
    text = (
        "On Monday, the US State Department issued an order on the departure from Ukraine of "
        "most employees of the embassy."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "U.S. State Department", etype="policy"), found


def test_a_broadcaster_named_in_apposition_is_where_the_news_comes_from(actors, gaz):
    text = "Estonia is sending howitzers, ERR, the Estonian public broadcaster, reported on Monday."
    assert not any("ERR" in who for _, _, who in events(text, THU, actors, gaz))


def test_a_count_estimated_by_someone_at_a_figure(actors, gaz):
    text = (
        "Russia's build-up of forces, currently estimated by the West at more than 150,000, has "
        "prompted NATO to act."
    )
    found = [(f.kind, f.value_low, f.qualifier) for f in find_figures(normalise(text))]
    assert found == [("troops", 150000, "more than")], found


def test_troops_being_amassed_are_a_buildup(actors, gaz):
    text = "The Russian military has been amassing troops near the country's border with Ukraine."
    assert has(events(text, THU, actors, gaz), "2022-01-13", "Russia", etype="military")


def test_calling_upon_someone_is_no_call(actors, gaz):
    text = "We call upon President Ada Kent of Russia to respect international law."
    assert not any(t == "call" for _, t, _ in events(text, THU, actors, gaz))


def test_the_subject_before_a_who_aside_says_what_follows_said(actors, gaz):
    text = (
        "President Ada Kent on Monday reiterated the offer. Kent, who has close ties with both "
        "Antony Blinken and Sergei Lavrov, said Estonia was prepared to help."
    )
    found = events(text, THU, actors, gaz)
    assert not any(t == "statement" and "Estonia" in who for _, t, who in found), found


def test_his_visit_is_the_subject_s_after_talks_with_another(actors, gaz):
    text = (
        '"We would host a summit," President Ada Kent told a joint press conference after three '
        "hours of talks with Antony Blinken during his visit to Kyiv on Monday."
    )
    result = extract(text, THU, actors, gaz)
    visits = [e for e in result.events if e.event_type in ("visit", "meeting")]
    assert any((None, "Ada Kent", "participant") in e.actors for e in visits), visits


def test_what_one_side_is_accused_of_is_no_event_of_its_own(actors, gaz):
    text = "Ukraine accuses Russia of massing troops on its border."
    assert not any(t == "military" for _, t, _ in events(text, THU, actors, gaz))


def test_a_threat_made_now_of_what_an_invasion_would_bring_is_an_event(actors, gaz):
    text = "The West has threatened Moscow with severe sanctions if it launches a fresh incursion."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Russia", etype="policy"), found


def test_a_navy_chief_who_handed_in_his_resignation(actors, gaz):
    text = "Vice Admiral Ada Kent handed in his resignation on Monday after his comments."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Ada Kent", etype="policy"), found


def test_a_description_stands_for_an_actor_only_once_the_text_named_it(actors, gaz):
    text = "EU ministers met on Monday. Inside the council meeting, the ministers were united."
    found = events(text, THU, actors, gaz)
    assert not any("NATO-Russia Council" in who for _, _, who in found), found
    text = "The NATO-Russia Council met on Monday. The council will meet again."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "NATO-Russia Council"), found


def test_speaking_with_a_news_agency_is_an_interview_not_a_call(actors, gaz):
    text = "Ada Kent, a Ukrainian official, spoke with Reuters on January 10 about the hack."
    assert not any(t == "call" for _, t, _ in events(text, THU, actors, gaz))


def test_a_two_word_surname_said_is_the_person_named_in_full_before(actors, gaz):
    text = (
        "According to Ada Miskowiak Kent, Danish ambassador to Estonia, the offer was welcomed. "
        '"We are only responding," Miskowiak Kent said on Monday.'
    )
    result = extract(text, THU, actors, gaz)
    names = {a[0].name for a in result.new_actors if a[0].kind == "person"}
    assert names == {"Ada Miskowiak Kent"}, names


def test_a_body_of_several_head_words_is_named_whole(actors, gaz):
    text = "The State Border Guard Service announced the closure of the checkpoint."
    result = extract(text, THU, actors, gaz)
    names = {a[0].name for a in result.new_actors}
    assert "State Border Guard Service" in names, names
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "State Border Guard Service", etype="statement"), found


def test_the_unnamed_head_of_a_body_is_the_person_named_with_that_office(actors, gaz):
    text = (
        "Ada Kent, head of the Northern Regional Administration, wrote this on Facebook. "
        '"The engineers are waiting," the head of the Regional State Administration added.'
    )
    found = events(text, THU, actors, gaz)
    speakers = [who for _, t, who in found if t == "statement"]
    assert speakers == [frozenset({"Ada Kent"})], found


def test_a_shelling_told_as_the_cause_of_the_news_is_an_event(actors, gaz):
    text = "The power plant near the town has suspended work due to the shelling of militants."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Russia-backed separatists", etype="armed_conflict"), found


def test_the_war_as_a_cause_is_still_background(actors, gaz):
    text = "The power plant has suspended work because of the war with the separatists."
    assert not any(t == "armed_conflict" for _, t, _ in events(text, THU, actors, gaz))


def test_attacks_that_were_prevented_did_not_happen(actors, gaz):
    text = "John Doe said his forces had prevented attacks by Ukraine's security services."
    assert not any(t == "armed_conflict" for _, t, _ in events(text, THU, actors, gaz))


def test_a_surname_that_speaks_twice_is_a_person_when_no_full_name_is_given(actors, gaz):
    text = (
        '"The red line is here," Kentova told CNN in an interview Monday. '
        '"The idea will not work," Kentova said.'
    )
    result = extract(text, THU, actors, gaz)
    assert {a[0].name for a in result.new_actors if a[0].kind == "person"} == {"Kentova"}
    found = events(text, THU, actors, gaz)
    assert [(d, t) for d, t, who in found if "Kentova" in who] == [("2022-01-10", "statement")]


def test_a_quotation_in_the_future_leaves_the_saying_in_the_past(actors, gaz):
    text = '"The civilized world will react without hesitation," Ada Kent told CNN Monday.'
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Ada Kent", etype="statement"), found


def test_a_quoted_phrase_of_a_few_words_still_sets_the_tense(actors, gaz):
    text = 'Jane Roe told journalists Russia was ready for talks with NATO "as early as" Saturday.'
    found = events(text, THU, actors, gaz)
    assert not has(found, "2022-01-08", etype="meeting"), found


def test_who_after_a_name_makes_that_name_the_subject(actors, gaz):
    text = (
        "Defence Minister Jane Roe called on US President Joe Biden - who was to speak with "
        "Russia in a video conference on Tuesday - to stand firm."
    )
    found = events(text, MON, actors, gaz)
    calls = [who for _, t, who in found if t == "call"]
    assert calls and all("Jane Roe" not in who and "Joe Biden" in who for who in calls), found


def test_undated_sayings_after_a_dated_one_are_that_saying(actors, gaz):
    text = (
        "Ada Kent told CNN on Monday that talks were needed. The weather was cold in Kyiv. "
        "Stocks rose in Europe. Ada Kent said the army was ready."
    )
    found = events(text, THU, actors, gaz)
    assert [d for d, t, who in found if "Ada Kent" in who] == ["2022-01-10"], found


def test_a_relative_clause_dates_the_talks_it_follows_not_the_next_clause(actors, gaz):
    text = (
        "NATO and Russia met in Brussels yesterday. Following the Russia-US Strategic Stability "
        "Dialogue which took place on January 10, US Deputy Secretary of State Jane Roe stated "
        "that the US will act, while Russian Deputy Foreign Minister John Doe said that Russia "
        "needs guarantees."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Russia", "United States", etype="meeting"), found
    assert has(found, "2022-01-10", "Jane Roe", etype="statement"), found
    assert has(found, "2022-01-10", "John Doe", etype="statement"), found


def test_troops_that_arrive_or_land_are_a_deployment_not_a_visit(actors, gaz):
    text = "A plane carrying a few dozen elite U.S. troops arrived on Monday in Poland."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "United States", "Poland", etype="military"), found
    text = "Antony Blinken arrived in Kyiv on Monday."
    found = events(text, THU, actors, gaz)
    assert not any(t == "military" for _, t, _ in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Jane Roe said the West should impose sanctions on Moscow now.",
        "Jane Roe said Russia was about to attack Ukraine.",
        "Officials said Russia was on the verge of an invasion of Ukraine.",
    ],
)
def test_what_should_be_done_or_is_about_to_happen_is_not_done(text, actors, gaz):
    found = events(text, THU, actors, gaz)
    assert not any(t in ("policy", "armed_conflict") for _, t, _ in found), found


def test_a_saying_is_not_dated_by_a_speech_of_years_ago_it_refers_to(actors, gaz):
    text = (
        'Jane Roe, the Ukrainian President, said on Monday the system was broken. "What does '
        'appeasement lead to?" Roe said, going on to refer to a speech by Russian President '
        "Vladimir Putin at the same conference in 2007."
    )
    found = events(text, THU, actors, gaz)
    assert not any(d.startswith("2007") and t == "statement" for d, t, _ in found), found


def test_a_people_counted_among_the_dead_is_a_casualty_figure():
    (f,) = find_figures(normalise("Since then more than 13,000 Ukrainians have been killed."))
    assert (f.kind, f.value_low, f.qualifier) == ("casualties", 13000, "more than")


def test_troops_that_are_gathering_on_a_border_are_a_buildup(actors, gaz):
    text = "More than 100,000 Russian troops are gathering on the border of Ukraine."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Russia", etype="military"), found


def test_weaponry_sent_is_arms_delivered(actors, gaz):
    text = "On Monday Britain sent anti-tank weaponry to Ukraine."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "United Kingdom", "Ukraine", etype="military"), found


def test_a_surname_after_the_verb_is_the_person_named_in_full_before(actors, gaz):
    # "Murphy" is also a town's name: the full name before says it is a person
    text = (
        "The group included Chris Murphy, D-Conn., and others. "
        '"Vladimir Putin is inventing threats," added Murphy, asserting it was so.'
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Chris Murphy", etype="statement"), found


def test_a_named_persons_statement_is_theirs(actors, gaz):
    text = (
        "Russia has 122,000 troops near the border, according to Ada Kent, the council "
        "secretary. The Ukrainian leadership has the situation under control, according to "
        "Kent's statement."
    )
    result = extract(text, THU, actors, gaz)
    speakers = [
        {n for _, n, role in e.actors if role == "speaker"}
        for e in result.events
        if e.event_type == "statement"
    ]
    assert speakers == [{"Ada Kent"}], speakers


def test_earlier_in_the_day_is_the_day_last_told(actors, gaz):
    text = (
        "Jane Roe, the Russian President, on Monday recognised the independence of two "
        "separatist regions. Earlier in the day, Roe presided over a meeting of his Security "
        "Council."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Jane Roe", etype="meeting"), found


def test_agreements_signed_are_an_act_beside_the_recognition(actors, gaz):
    text = (
        "Russian President Jane Roe on Monday recognised the independence of two separatist "
        'regions. "It is necessary," he said, before state television showed Roe signing '
        "mutual aid agreements with rebel leaders in the Kremlin."
    )
    found = events(text, date(2022, 1, 11), actors, gaz)
    policies = [d for d, t, who in found if t == "policy" and "Jane Roe" in who]
    assert policies == ["2022-01-10", "2022-01-10"], found


def test_a_predicate_after_an_apposition_takes_its_day_to_the_subject(actors, gaz):
    text = (
        "Joint maritime exercises with China and Iran, dubbed CHIRU, will kick off in the "
        "Persian Gulf this Friday."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-14", "China", etype="military"), found


def test_a_saying_in_the_present_is_not_dated_by_the_week_of_what_it_tells(actors, gaz):
    text = (
        "Ukrainian Deputy Minister Ada Kent says Belarus is likely behind the hacking of "
        "several government websites this week."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Ada Kent", etype="statement"), found


def test_a_meeting_called_off_is_not_proposed(actors, gaz):
    text = (
        "US Secretary of State Antony Blinken says he has canceled a meeting with Jane Roe, "
        "the Russian minister, that was planned for later this week."
    )
    found = events(text, THU, actors, gaz)
    assert not any(t == "meeting" for _, t, _ in found), found


def test_talks_one_side_is_prepared_to_hold_are_not_held(actors, gaz):
    text = "Russia said it was still prepared to hold talks with NATO."
    assert not any(t == "meeting" for _, t, _ in events(text, THU, actors, gaz))


def test_a_spokeswoman_unnamed_then_named_is_one_saying(actors, gaz):
    text = (
        "A Russian Foreign Ministry spokeswoman said earlier that Russia was open to talks.\n\n"
        '"We are ready," spokeswoman Maria Zakharova said on Monday.'
    )
    found = events(text, THU, actors, gaz)
    statements = [(d, who) for d, t, who in found if t == "statement"]
    assert statements == [("2022-01-10", frozenset({"Maria Zakharova"}))], found


def test_a_persons_threat_is_a_saying_a_states_a_policy(actors, gaz):
    text = (
        "US President Joe Biden on Monday announced sanctions against Russia. And Biden "
        'threatened tougher steps if Russia "continues its aggression."'
    )
    found = events(text, THU, actors, gaz)
    assert not any(
        t == "policy" and "Joe Biden" in who and d == "2022-01-13" for d, t, who in found
    )
    assert has(found, "2022-01-10", "Joe Biden", etype="statement"), found
    text = "The West has threatened Moscow with severe sanctions if it launches an incursion."
    assert has(events(text, THU, actors, gaz), "2022-01-13", "Russia", etype="policy")


def test_a_name_set_off_by_commas_before_the_verb_is_the_speaker(actors, gaz):
    text = "Last week, Russia's foreign ministry spokeswoman, Maria Zakharova, said it waits."
    found = events(text, THU, actors, gaz)
    assert [who for _, t, who in found if t == "statement"] == [frozenset({"Maria Zakharova"})]


def test_an_undated_saying_then_the_same_speaker_on_a_day_is_one_saying(actors, gaz):
    text = (
        "Adviser Jake Sullivan warned that an invasion could begin. The weather was cold. "
        "Sullivan told reporters on Monday that Russia could act."
    )
    found = events(text, THU, actors, gaz)
    assert [d for d, t, who in found if "Jake Sullivan" in who] == ["2022-01-10"], found


def test_starting_today_dates_what_begins_not_the_saying(actors, gaz):
    text = (
        "US President Joe Biden on Monday announced sanctions. Starting today, he said, "
        "sanctions would begin against Russian elites."
    )
    found = events(text, THU, actors, gaz)
    assert [d for d, t, who in found if t == "statement"] == ["2022-01-10"], found


def test_an_act_a_person_announces_has_the_day_of_the_announcement(actors, gaz):
    text = "US President Joe Biden on Monday announced the first tranche of sanctions on Russia."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Russia", etype="policy"), found
    assert has(found, "2022-01-10", "Joe Biden", etype="statement"), found


def test_starting_today_dates_what_begins_past_the_saying(actors, gaz):
    text = "Starting today, Jane Roe said, sanctions would begin against Russian elites."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Russia", etype="policy"), found


def test_a_commissioner_for_a_remit_is_a_title_before_the_name(actors, gaz):
    text = "Children will be helped, Commissioner for Children's Rights Ada Kent-Lvova said."
    result = extract(text, THU, actors, gaz)
    assert {a[0].name for a in result.new_actors if a[0].kind == "person"} == {"Ada Kent-Lvova"}


def test_an_adverb_between_the_speaker_and_the_verb(actors, gaz):
    text = "On Wednesday, Jane Roe also said that Moscow would seek guarantees."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-12", "Jane Roe", etype="statement"), found


def test_a_titles_last_word_that_speaks_twice_is_no_surname(actors, gaz):
    text = (
        '"We hope to return," the Secretary of State added. The Secretary of State once again '
        "stated that the path to diplomacy remains open."
    )
    result = extract(text, THU, actors, gaz)
    assert "State" not in {a[0].name for a in result.new_actors}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("So we have 250,000 official members of our army.", 250000),
        ("Plus, I said 200,000 reservists.", 200000),
        (
            "He will send 60 more personnel to join 200 troops already on the ground, with "
            "further capacity to increase that number up to 400.",
            400,
        ),
        ("Russia could muster 175,000 troops, he said. 175,000 (is) not enough.", 175000),
    ],
)
def test_troop_counts_in_other_words(text, value):
    found = [(f.kind, f.value_low) for f in find_figures(normalise(text))]
    assert found.count(("troops", value)) == (2 if text.count(f"{value:,}") == 2 else 1), found


def test_a_pronoun_speaker_is_the_person_named_earlier_in_its_sentence(actors, gaz):
    text = (
        "Russian President Jane Roe arrived in Beijing on Friday for talks with Chinese "
        "President John Doe. Roe's opening remarks were broadcast on television, in which he "
        "stated the ties were a model."
    )
    found = events(text, date(2022, 2, 4), actors, gaz)
    speakers = [who for _, t, who in found if t == "statement"]
    assert speakers == [frozenset({"Jane Roe"})], found


def test_a_person_of_a_state_who_speaks_is_the_speaker(actors, gaz):
    text = 'President Ada Kent of Ukraine has said there are "no minor incursions".'
    result = extract(text, THU, actors, gaz)
    speakers = [
        {n for _, n, role in e.actors if role == "speaker"}
        for e in result.events
        if e.event_type == "statement"
    ]
    assert speakers == [{"Ada Kent"}], speakers


def test_whose_troops_have_massed_is_the_state_named_before_and_holds_now(actors, gaz):
    text = (
        "The White House scrambled to correct the comments on Wednesday about military action "
        "by Moscow, whose troops have massed alongside its border with Ukraine."
    )
    found = events(text, THU, actors, gaz)
    built = [(d, who) for d, t, who in found if t == "military"]
    assert built and all(d == "2022-01-13" and "Russia" in who for d, who in built), found
    assert not any("United States" in who for _, who in built), found


def test_a_countrys_media_that_reported_are_no_speaker(actors, gaz):
    text = "Earlier this week, Danish media reported that three Russian ships entered the Baltic."
    found = events(text, THU, actors, gaz)
    assert not any(t == "statement" for _, t, _ in found), found


def test_a_state_of_emergency_declared_is_policy(actors, gaz):
    text = (
        "The National Security and Defense Council of Ukraine decided on Monday to declare a "
        "state of emergency across the entire country."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Ukraine", etype="policy"), found


def test_troops_sent_by_order_are_policy(actors, gaz):
    text = "Russian President Jane Roe on Monday ordered troops into the two regions."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Jane Roe", etype="policy"), found


def test_recruits_and_a_strong_military_are_troop_counts():
    text = "It would deploy 130,000 recruits to expand the country's 246,000-strong military."
    found = [(f.kind, f.value_low) for f in find_figures(normalise(text))]
    assert found == [("troops", 130000), ("troops", 246000)], found


def test_a_summit_agreed_to_be_put_together_is_still_to_come(actors, gaz):
    text = (
        "Russia and France have agreed to try to secure a ceasefire, and to put together an "
        "urgent summit at the highest level on the future of Ukraine."
    )
    assert not any(t == "meeting" for _, t, _ in events(text, THU, actors, gaz))


def test_what_came_a_day_before_a_saying_is_its_own_event(actors, gaz):
    text = (
        "Russia's foreign ministry announced an evacuation of diplomatic staff on Tuesday, a "
        "day after Russian President Jane Roe recognised independence of two breakaway regions."
    )
    found = events(text, date(2022, 2, 23), actors, gaz)
    assert has(found, "2022-02-21", "Jane Roe", etype="policy"), found
    assert has(found, "2022-02-22", "Russia", etype="statement"), found


def test_a_verb_after_and_shares_the_day_of_the_clause_before(actors, gaz):
    text = (
        "On Feb. 21, Russian President Jane Roe recognized the independence of the regions, "
        "and immediately ordered Russian troops into Ukrainian territory."
    )
    found = events(text, date(2022, 2, 23), actors, gaz)
    assert [d for d, t, _ in found if t == "policy"] == ["2022-02-21", "2022-02-21"], found


@pytest.mark.parametrize(
    "text",
    [
        "Canada has started evacuating diplomatic staff from all of its missions in Ukraine.",
        "On Thursday Canada evacuated its embassy staff from Kyiv.",
        "Canada is evacuating 200 citizens from the east of Ukraine.",
    ],
)
def test_people_taken_out_are_an_act(text, actors, gaz):
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Canada", etype="policy"), found


@pytest.mark.parametrize(
    "text",
    [
        "Canada could evacuate its embassy staff from Kyiv.",
        "Canada has no plans to evacuate diplomatic staff.",
        "Kirby would not exclude that troops could provide evacuation support.",
    ],
)
def test_an_evacuation_only_talked_of_is_no_act(text, actors, gaz):
    found = events(text, THU, actors, gaz)
    assert not any(t == "policy" for _, t, _ in found), found


def test_combat_vessels_sent_are_a_deployment(actors, gaz):
    text = (
        "On Thursday Spain sent one of its combat vessels to join a NATO mission in the Black Sea."
    )
    found = events(text, date(2022, 1, 21), actors, gaz)
    assert has(found, "2022-01-20", "Spain", etype="military"), found
    letter = "On Thursday Spain sent a letter to the NATO mission in Brussels."
    assert not any(t == "military" for _, t, _ in events(letter, THU, actors, gaz))


def test_an_accusation_is_a_saying_and_what_it_charges_is_no_event(actors, gaz):
    text = "Ukraine on Friday accused Russia of amassing troops at the border."
    found = events(text, date(2022, 1, 23), actors, gaz)
    assert has(found, "2022-01-21", "Ukraine", etype="statement"), found
    assert not any(t == "military" for _, t, _ in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Russia, Germany, Ukraine and France held negotiations on Thursday.",
        "Negotiations of the Normandy format (Russia, Germany, Ukraine, France) ended on Thursday.",
    ],
)
def test_a_list_of_names_is_one_phrase_not_clauses(text, actors, gaz):
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Russia", "Germany", "Ukraine", "France", etype="meeting")


def test_previous_talks_are_another_occasion_not_the_undated_ones(actors, gaz):
    text = (
        "Negotiations of Russia, Germany, Ukraine and France did not bring results, Jane Roe "
        "said following the meeting. The previous talks of Russia, Germany, Ukraine and France "
        "were held on January 6 in Paris."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Russia", "France", etype="meeting"), found
    assert has(found, "2022-01-06", "Russia", "France", etype="meeting"), found


def test_a_ceasefire_agreed_is_an_act_of_its_own(actors, gaz):
    text = (
        "Negotiators from Ukraine and Russia have agreed to restore a full ceasefire in the east."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Ukraine", "Russia", etype="policy"), found
    talk = "Jane Roe said Ukraine and Russia could agree to a ceasefire."
    assert not any(t == "policy" for _, t, _ in events(talk, THU, actors, gaz))


def test_a_linking_word_before_a_saying_is_no_clause_said(actors, gaz):
    text = "Meanwhile, Jane Roe said she expects talks with the United States to begin in March."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Jane Roe", etype="statement"), found
    assert has(found, "2022-03-01", "United States", etype="meeting"), found


def test_troops_believed_to_be_stationed_are_there_now(actors, gaz):
    text = "Around 50,000 Russian troops are currently believed to be stationed near Ukraine."
    assert has(events(text, THU, actors, gaz), "2022-01-13", "Russia", etype="military")


def test_what_a_claim_says_is_no_event_but_the_claim_is(actors, gaz):
    text = "Jane Roe claimed on Tuesday that Ukraine has stationed troops near Donetsk."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-11", "Jane Roe", etype="statement"), found
    assert not any(t == "military" for _, t, _ in found), found


def test_members_of_armed_groups_are_a_troop_count():
    text = "We have found over 300 members of foreign mercenary groups in the town, he said."
    found = [(f.kind, f.value_low) for f in find_figures(normalise(text))]
    assert found == [("troops", 300)], found


def test_officials_who_came_under_attack_during_a_tour_are_its_actors(actors, gaz):
    text = (
        "Top Ukrainian officials, including Jane Roe, came under a shelling attack during a "
        "tour of the front line."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Ukraine", etype="armed_conflict"), found
    talk = "Jane Roe warned of a shelling attack during a tour of the front line."
    assert not any(t == "armed_conflict" for _, t, _ in events(talk, THU, actors, gaz))


def test_two_names_with_a_plural_title_after_them_act_together(actors, gaz):
    text = (
        "John Doe and Ada Kent, the de facto heads of two regions, released separate "
        "statements on Tuesday announcing a full troop mobilization."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-11", "John Doe", "Ada Kent"), found


def test_a_leader_who_will_host_another_meets_them(actors, gaz):
    text = "President Jane Roe will host German Chancellor John Doe at the White House on Feb. 7."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-02-07", "Jane Roe", "John Doe", etype="meeting"), found
    issues = "Jane Roe said on Feb. 7 she would discuss a host of issues with John Doe."
    assert not any(t == "meeting" for _, t, _ in events(issues, THU, actors, gaz))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Two servicemen of the Joint Forces were wounded, another one was injured, it said.",
            [("casualties", 2), ("casualties", 1)],
        ),
        ("One member of the Joint Forces was wounded, the command said.", [("casualties", 1)]),
        ("It is sending up to 300 additional Danish Armed Forces members.", [("troops", 300)]),
        ("The 400 Armed Forces members already deployed stay there.", [("troops", 400)]),
        (
            "The number of Russian troops near the border is estimated to be 91,200.",
            [("troops", 91200)],
        ),
    ],
)
def test_casualties_in_the_passive_and_force_members_are_figures(text, found):
    assert [(f.kind, f.value_low) for f in find_figures(normalise(text))] == found


def test_the_day_before_with_no_day_named_yet_is_before_the_news(actors, gaz):
    text = (
        "Russia began its strategic drills, the Kremlin said. The day before President Jane Roe "
        "spoke at a meeting with Ukraine in Moscow."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-12", "Ukraine", etype="meeting"), found


def test_a_speaker_before_a_states_office_in_apposition_speaks(actors, gaz):
    text = (
        '"The drills are not welcome," Ada Kent, Ireland\'s Foreign Minister, reported on Monday.'
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-10", "Ada Kent", etype="statement"), found


def test_maneuvers_told_as_announced_by_a_state_are_its_exercises(actors, gaz):
    text = (
        "As announced by the Russian authorities, the maneuvers are to take place between "
        "February 3 and 8 off the coast."
    )
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-02-03", "Russia", etype="military"), found


def test_talks_during_which_an_exercise_was_objected_to_keep_their_own_day(actors, gaz):
    text = (
        "As announced by the Russian authorities, the maneuvers are to take place between "
        "February 3 and 8. On Sunday, Ireland said that it had already expressed its objections "
        "to the maneuvers during talks with the Russian authorities."
    )
    found = events(text, THU, actors, gaz)
    assert not any(d == "2022-02-03" and t == "meeting" for d, t, _ in found), found


def test_a_view_in_a_relative_clause_and_a_possible_summit_are_no_events(actors, gaz):
    text = "Russia has massed troops, a build-up that the West says is preparation for a war."
    found = events(text, THU, actors, gaz)
    assert has(found, "2022-01-13", "Russia", etype="military"), found
    assert not any(t == "statement" for _, t, _ in found), found
    summit = 'Jane Roe said a third summit with Russia "is still a possibility".'
    assert not any(t == "meeting" for _, t, _ in events(summit, THU, actors, gaz))
