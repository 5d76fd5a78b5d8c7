"""Who did what to whom, and when, read from the grammar of made-up sentences.

The sentences are our own, in wordings the seeds do not use: passives,
appositions, nominalizations, negations, denials, plans, two dated clauses in
one sentence. Each test reads one short article with a small registry.
"""
from __future__ import annotations

import pytest

from dossier.dates import PartialDate
from dossier.extract import Extractor
from dossier.grammar import Clauses
from dossier.parse import Parser
from tests.support import make_article, make_extractor

ACTORS = """
[[actors]]
name = "Egypt"
kind = "state"
aliases = ["Cairo"]
demonyms = ["Egyptian"]

[[actors]]
name = "Qatar"
kind = "state"
aliases = ["Doha"]
demonyms = ["Qatari"]

[[actors]]
name = "Israel"
kind = "state"
demonyms = ["Israeli"]

[[actors]]
name = "Hamas"
kind = "organisation"

[[actors]]
name = "United States"
kind = "state"
aliases = ["US", "U.S.", "Washington"]

[[actors]]
name = "Omar Fayez"
kind = "person"
aliases = ["Fayez"]
affiliation = "egypt"

[[actors]]
name = "General Intelligence Service"
kind = "organisation"
aliases = ["GIS"]
affiliation = "egypt"

[[actors]]
name = "Lena Marsh"
kind = "person"
aliases = ["Marsh"]
affiliation = "united-states"
"""

PARSER = Parser()


@pytest.fixture(scope="module")
def extractor(tmp_path_factory) -> Extractor:
    return make_extractor(tmp_path_factory.mktemp("registry"), ACTORS)


def read(extractor, body: str, published: str = "2025-05-12"):
    article, _ = make_article("A headline for the test\n" + body)
    return extractor.extract(article, PartialDate.parse(published), False, PARSER.parse_paragraphs(article.paragraphs))


def relations(extractor, body: str) -> set[tuple[str, str, str | None]]:
    return {(r.source, r.kind, r.target) for r in read(extractor, body).relations}


def events(extractor, body: str) -> list[tuple[str, str, bool]]:
    return [(c.date.date.iso(), c.headline, c.reported) for c in read(extractor, body).clauses]


# --- relations ------------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    # a passive: the agent acts, the subject undergoes
    ("Israel was condemned by Egypt after the strike.", {("egypt", "opposed or condemned", "israel")}),
    # an apposition describes; the body a person acts for is no party to his meeting
    ("Omar Fayez, Egypt's intelligence chief, met Hamas leaders in Cairo.", {("omar-fayez", "met", "hamas")}),
    # a nominalization: whose rejection, of what, proposed by whom
    ("Egypt's rejection of the terms proposed by Washington surprised diplomats.",
     {("egypt", "rejected", "united-states")}),
    # mediating between two parties, over a span of time
    ("Since January 2024, Qatar has mediated between Israel and Hamas.",
     {("qatar", "mediated", "israel"), ("qatar", "mediated", "hamas")}),
    # a place is not a party
    ("Lena Marsh met Hamas officials in Doha.", {("lena-marsh", "met", "hamas")}),
    # an offer presented to someone
    ("Egypt presented Hamas with a new proposal.", {("egypt", "proposed to", "hamas")}),
    # a group acts for whom leads it
    ("A delegation led by Omar Fayez held talks with Israel.", {("omar-fayez", "talked with", "israel")}),
])
def test_relations_follow_the_grammar(extractor, body, expected):
    assert relations(extractor, body) == expected


@pytest.mark.parametrize("body", [
    "Qatar did not meet Hamas officials.",  # negated
    "Israel denied that it had met Hamas.",  # a reported denial
    "Qatar could meet Hamas next week.",  # hypothetical
    "Egypt and Israel were both named in the report, which Hamas read.",  # names near each other, no act
    "Hamas wants Egypt to reject the Israeli plan.",  # a wish, not an act
])
def test_no_relation_is_claimed_where_none_is_stated(extractor, body):
    assert relations(extractor, body) == set()


# --- events -----------------------------------------------------------------------------

def test_two_dated_clauses_give_two_events_each_with_its_own_date(extractor):
    found = events(extractor, "Hamas accepted the offer on 3 March 2025, and Israel rejected it on 5 March 2025.")
    assert [(date, headline) for date, headline, _ in found] == [
        ("2025-03-03", "Hamas accepted the offer"), ("2025-03-05", "Israel rejected it")]


@pytest.mark.parametrize("body", [
    "Since January 2024, Qatar has mediated between Israel and Hamas.",  # a span begun then
    "Egypt plans to host Hamas and Israel on 10 June 2025.",  # a plan
    "Israel's offensive since October 2023 has displaced most of Gaza.",  # "since" on a noun
    "Hamas recalled last year's talks with Egypt.",  # a noun's date
])
def test_background_and_plans_are_not_events_of_their_date(extractor, body):
    assert [e for e in events(extractor, body) if not e[2]] == []


def test_a_year_stated_in_the_sentence_is_not_estimated(extractor):
    clauses = read(extractor, "A truce was agreed by Hamas and Israel on Jan. 15, 2025, and Egypt announced it on January 16.",
                   published="2025-06").clauses
    dated = {(c.date.date.iso(), c.date.doubtful) for c in clauses if not c.reported}
    assert ("2025-01-16", False) in dated


def test_an_undated_action_is_reported_on_the_articles_date(extractor):
    assert events(extractor, "Egypt presented Hamas with a new proposal.") == [
        ("2025-05-12", "Egypt presented Hamas with a new proposal", True)]


def test_an_undated_statement_of_intent_is_no_event(extractor):
    assert events(extractor, "Egypt will present Hamas with a new proposal.") == []


# --- statements ---------------------------------------------------------------------

def test_two_speakers_in_one_sentence_give_two_statements(extractor):
    extraction = read(extractor, "\u201cWe are ready,\u201d Fayez said, while Israel stated that it would wait.")
    assert sorted(s.speaker for s in extraction.statements) == ["israel", "omar-fayez"]


def test_the_speaker_of_reported_speech_is_the_reporter(extractor):
    extraction = read(extractor, "Marsh said that Egypt announced a new plan.")
    assert [s.speaker for s in extraction.statements] == ["lena-marsh"]


def test_a_name_in_apposition_to_two_descriptions_is_the_one_subject(extractor):
    found = events(extractor, "The head of the Egyptian team and the chief mediator, Omar Fayez, met Hamas negotiators "
                              "in Cairo on 3 May 2025.")
    assert [(date, headline) for date, headline, _ in found] == [("2025-05-03", "Omar Fayez met Hamas negotiators in Cairo")]


def test_a_pronoun_in_a_headline_is_the_persons_name_in_brackets(extractor):
    body = "Lena Marsh arrived in Doha with a new draft.\nShe rejected Hamas' conditions, calling them unworkable."
    assert relations(extractor, body) == set() and events(extractor, body) == []  # a new paragraph: "she" is not read
    body = "Lena Marsh arrived in Doha with a new draft. She rejected Hamas' conditions, calling them unworkable."
    [(_, headline, reported)] = events(extractor, body)
    assert headline == "[Lena Marsh] rejected Hamas' conditions" and reported
    assert [r.clause for r in read(extractor, body).relations] == [headline]


def test_sources_of_a_country_are_told_apart_from_its_officials(extractor):
    statements = read(extractor, "Egyptian sources said the talks would resume. Egyptian officials said Cairo was ready.").statements
    assert [(s.speaker, s.unnamed_sources) for s in statements] == [("egypt", True), ("egypt", False)]


def test_a_body_s_title_holder_is_the_one_met_not_the_body(extractor):
    body = "Lena Marsh held a separate meeting with General Intelligence Service (GIS) head Omar Fayez in Cairo."
    assert relations(extractor, body) == {("lena-marsh", "met", "omar-fayez")}
    assert relations(extractor, "Lena Marsh met GIS chief Omar Fayez in Cairo.") == {("lena-marsh", "met", "omar-fayez")}


def test_the_group_or_the_country_is_the_one_just_named(extractor):
    body = "Hamas welcomed the plan. The group rejected Israel's demand to disarm."
    assert relations(extractor, body) == {("hamas", "rejected", "israel")}
    assert [headline for _, headline, _ in events(extractor, body)] == ["The group [Hamas] rejected Israel's demand"]
    assert relations(extractor, "Egypt hosted the talks. The country rejected the Hamas offer.") == {("egypt", "rejected", "hamas")}


def test_the_group_is_not_read_when_two_could_be_meant(extractor):
    two = "Hamas and the General Intelligence Service exchanged drafts. The group rejected Israel's demand."
    assert relations(extractor, two) == set()
    assert relations(extractor, "Hamas welcomed the plan.\nThe group rejected Israel's demand.") == set()  # another paragraph
    assert relations(extractor, "Hamas welcomed the plan. The group of mediators met Lena Marsh.") == set()


def test_the_country_as_a_place_is_not_the_actor():
    def stands_for(sentence: str) -> dict[str, str]:
        [parsed] = PARSER.parse_paragraphs(make_article("A title\n" + sentence)[0].paragraphs).sentences
        clauses = Clauses(parsed, sentence, [], None, {"country": "egypt"})
        return {clauses.tokens[i].text: actor for i, actor in clauses.actor_of.items()}

    assert stands_for("The country rejected the offer on 3 May 2025.") == {"country": "egypt"}
    assert stands_for("Protests against the offer spread across the country on 3 May 2025.") == {}
