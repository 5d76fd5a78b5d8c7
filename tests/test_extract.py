"""Extraction rules on small hand-made sentences, traps included."""
from __future__ import annotations

import random
import re

import pytest

from dossier.dates import PartialDate
from dossier.extract import Extractor, _any_of, spelling_variants
from dossier.parse import Parser
from tests.support import make_article, make_extractor

ACTORS = """
[[actors]]
name = "United States"
kind = "state"
aliases = ["U.S.", "US", "Washington"]
demonyms = ["American"]

[[actors]]
name = "Türkiye"
kind = "state"
aliases = ["Turkey", "Ankara"]
demonyms = ["Turkish"]

[[actors]]
name = "Israel"
kind = "state"
demonyms = ["Israeli"]

[[actors]]
name = "Hamas"
kind = "organisation"

[[actors]]
name = "Hamas Shura Council"
kind = "organisation"
affiliation = "hamas"

[[actors]]
name = "Khalil al-Hayya"
kind = "person"
aliases = ["Hayya"]
affiliation = "hamas"

[[actors]]
name = "İbrahim Kalın"
kind = "person"
aliases = ["Kalın"]

[[actors]]
name = "Adam Boehler"
kind = "person"

[[actors.roles]]
title = "US Special Envoy for Hostage Affairs"
phrases = ["US Special Envoy for Hostage Affairs", "U.S. hostage envoy"]
start = "2025-01-20"

[[actors]]
name = "Roger Carstens"
kind = "person"

[[actors.roles]]
title = "US Special Envoy for Hostage Affairs"
phrases = ["US Special Envoy for Hostage Affairs", "U.S. hostage envoy"]
start = "2020-03"
end = "2025-01-19"

[[actors]]
name = "Al Jazeera"
kind = "outlet"
"""

PROPOSALS = """
[[proposals]]
name = "Five-year truce offer"
id = "five-year-truce"
proposers = ["hamas"]
phrases = ["five-year truce"]
"""


@pytest.fixture(scope="module")
def extractor(tmp_path_factory) -> Extractor:
    return make_extractor(tmp_path_factory.mktemp("registry"), ACTORS, PROPOSALS, frozenset({"Gaza"}))


PARSER = Parser()


def extract(extractor, body: str, date: str | None = "2025-05-12", inferred: bool = False):
    article, _ = make_article("A headline for the test\n" + body)
    return extractor.extract(article, PartialDate.parse(date) if date else None, inferred, PARSER.parse_paragraphs(article.paragraphs))


def actors_in(extractor, body: str, **kwargs) -> list[tuple[str, str]]:
    return [(m.actor, m.text) for m in extract(extractor, body, **kwargs).mentions]


def test_case_aware_us_is_not_us(extractor):
    found = actors_in(extractor, "Let us hope the US and U.S. officials agree, said one of us.")
    assert found == [("united-states", "US"), ("united-states", "U.S.")]


def test_diacritics_are_ignored_both_ways(extractor):
    found = actors_in(extractor, "Ibrahim Kalin met Turkiye's envoy; later Kalın spoke in Türkiye.")
    assert found == [("ibrahim-kalin", "Ibrahim Kalin"), ("turkiye", "Turkiye"), ("ibrahim-kalin", "Kalın"), ("turkiye", "Türkiye")]


def test_possessives_and_plural_demonyms(extractor):
    found = actors_in(extractor, "Hamas' offer, Turkey’s role, Israel's reply and the Israelis and Americans.")
    assert [actor for actor, _ in found] == ["hamas", "turkiye", "israel", "israel", "united-states"]
    assert ("israel", "Israelis") in found and ("united-states", "Americans") in found


def test_hyphen_and_al_variants(extractor):
    found = actors_in(extractor, "Khalil al-Hayya spoke. Later Khalil Al Hayya and Khalil Al-Hayya were quoted.")
    assert [actor for actor, _ in found] == ["khalil-al-hayya"] * 3


def test_longest_match_first(extractor):
    found = actors_in(extractor, "The Hamas Shura Council met; Hamas agreed.")
    assert found == [("hamas-shura-council", "Hamas Shura Council"), ("hamas", "Hamas")]


def test_no_match_inside_another_word(extractor):
    assert actors_in(extractor, "The Hamasite claim and USB sticks and Israelite history, Ankaras.") == []


def test_mentions_carry_paragraph_and_span(extractor):
    extraction = extract(extractor, "First paragraph.\nThen Hamas answered.")
    mention = extraction.mentions[0]
    assert (mention.paragraph, mention.start, mention.end, mention.text) == (2, 5, 10, "Hamas")


@pytest.mark.parametrize("date, holder", [("2025-05-12", "adam-boehler"), ("2024-06-01", "roger-carstens")])
def test_role_resolves_to_its_holder_at_the_articles_date(extractor, date, holder):
    extraction = extract(extractor, "The US Special Envoy for Hostage Affairs met Hamas officials.", date=date)
    mention = extraction.mentions[0]
    assert (mention.actor, mention.role) == (holder, "US Special Envoy for Hostage Affairs")


def test_role_without_a_date_is_listed_for_editors(extractor):
    extraction = extract(extractor, "The U.S. hostage envoy met Hamas officials.", date=None)
    assert [m.actor for m in extraction.mentions] == ["hamas"]
    assert extraction.unresolved_roles == ((1, "U.S. hostage envoy"),)


def test_spelling_variants_of_a_hyphenated_name():
    assert {"Khalil al-Hayya", "Khalil Al-Hayya", "Khalil al Hayya", "Khalil Al Hayya"} <= spelling_variants("Khalil al-Hayya")


def test_proposal_phrases_in_any_case(extractor):
    extraction = extract(extractor, "Hamas said a Five-Year Truce was possible, then repeated the five-year truce offer.")
    assert [m.proposal for m in extraction.proposal_mentions] == ["five-year-truce", "five-year-truce"]


# --- statements ----------------------------------------------------------------------

@pytest.mark.parametrize("sentence, speaker", [
    ("Khalil al-Hayya said Hamas was ready.", "khalil-al-hayya"),
    ("\u201cWe are ready,\u201d Khalil al-Hayya, a senior Hamas official, said.", "khalil-al-hayya"),
    ("Hamas sources, speaking to Al Jazeera, said the talks stalled.", "hamas"),
    ("\u201cTurkey must help,\u201d Hayya stated.", "khalil-al-hayya"),
])
def test_statement_speakers(extractor, sentence, speaker):
    extraction = extract(extractor, sentence)
    assert [s.speaker for s in extraction.statements] == [speaker]


def test_names_inside_the_quotation_are_not_the_speaker(extractor):
    extraction = extract(extractor, "\u201cThe US must act,\u201d one source told the newspaper.")
    assert extraction.statements == ()


def test_pronoun_speaker_is_the_one_person_of_the_sentence_before(extractor):
    extraction = extract(extractor, "Kalın met officials in Ankara. He said the talks would go on.")
    statement = extraction.statements[-1]
    assert (statement.speaker, statement.inferred_speaker) == ("ibrahim-kalin", True)


def test_pronoun_after_two_persons_is_no_statement(extractor):
    extraction = extract(extractor, "Kalın met Hayya in Ankara. He said the talks would go on.")
    assert [s.speaker for s in extraction.statements] == []


def test_unattributed_tail_is_no_statement(extractor):
    extraction = extract(extractor, "Hamas is relying on Turkey to reach Washington, the sources added.")
    assert extraction.statements == ()


# --- dated clauses ----------------------------------------------------------------------

def test_dated_clauses_need_an_actor(extractor):
    extraction = extract(extractor, "On March 18, Israel resumed strikes. On March 19, nothing was said.")
    assert [(c.date.date.iso(), c.actors, c.headline) for c in extraction.clauses] == [
        ("2025-03-18", ("israel",), "Israel resumed strikes")]


def test_outlets_are_not_event_actors(extractor):
    extraction = extract(extractor, "Al Jazeera reported on Sunday that Hamas met mediators.")
    assert [(c.date.date.iso(), c.actors) for c in extraction.clauses] == [("2025-05-11", ("hamas",))]


# --- the same findings however the work is shared between a paragraph's sentences ---------

def test_tree_of_spellings_matches_as_the_longest_first_alternation():
    words = ["Ham", "Hamas", "Hamas Movement", "Hamas Shura Council", "al-Hayya", "al Hayya", "alHayya",
             "US", "U.S.", "U", "Hamas'", "Egypt", "Egyptian", "Egyptians"]
    edges = r"(?<![\w])(?:{})(?![\w])"
    tree = re.compile(edges.format(_any_of(words)))
    alternation = re.compile(edges.format("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))))
    rng = random.Random(3)
    pieces = words + [" ", " ", ",", ".", "x", "Movementx", "-", "Shura"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert [m.span() for m in tree.finditer(text)] == [m.span() for m in alternation.finditer(text)], text


def test_a_proposal_phrase_running_across_a_sentence_end(tmp_path):
    """A phrase holding ". " can hide, in the paragraph, a phrase the next sentence holds alone."""
    extractor = make_extractor(tmp_path, ACTORS,
                               '[[proposals]]\nname = "Truce"\nid = "truce"\nproposers = ["hamas"]\nphrases = ["truce. Hamas"]\n\n'
                               '[[proposals]]\nname = "Offer"\nid = "offer"\nproposers = ["hamas"]\nphrases = ["Hamas offer"]\n')
    article, _ = make_article("A headline for the test\nIsrael eyed a truce. Hamas offer came on March 18.")
    extraction = extractor.extract(article, PartialDate(2025, 5, 12), False, PARSER.parse_paragraphs(article.paragraphs))
    assert [p.proposal for p in extraction.proposal_mentions] == ["truce"]
    assert [(c.sentence, c.proposals) for c in extraction.clauses] == [("Hamas offer came on March 18.", ("offer",))]
