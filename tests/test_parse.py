"""What is parsed, and what is parsed again: only sentences the extraction reads, each once, kept by its text."""
from __future__ import annotations

import pytest

from dossier.extract import Extractor
from dossier.parse import ParseStore, Parser, name_stretches, read_parse
from tests.support import make_article, make_extractor

ACTORS = """
[[actors]]
name = "Hamas"
kind = "organisation"

[[actors]]
name = "Israel"
kind = "state"

[[actors]]
name = "Rana Haddad"
kind = "person"
aliases = ["Haddad"]
"""
NEW_ACTOR = """
[[actors]]
name = "Red Crescent"
kind = "organisation"
"""
TEXT = """Talks resume in Cairo
Hamas rejected the latest offer on Monday.
Aid workers said food was running out.
Rana Haddad arrived in Cairo. She said the talks would go on.
Hamas is a movement that governs Gaza.
The Red Crescent said convoys were waiting at the crossing.
"""


class CountingParser:
    """The real parser, counting the texts it is given."""

    def __init__(self, parser: Parser):
        self.parser = parser
        self.parsed: list[str] = []
        self.read_for_names: list[str] = []

    def tokens(self, sentences):
        self.parsed += sentences
        return self.parser.tokens(sentences)

    def names(self, stretches):
        self.read_for_names += stretches
        return self.parser.names(stretches)


PARSER = Parser()


def extractor(tmp_path, actors: str) -> Extractor:
    return make_extractor(tmp_path / "registry", actors)


def read(extractor: Extractor, text: str, parser, store):
    article, _ = make_article(text)
    plan = extractor.plan(article, None)
    return read_parse(article.paragraphs, plan.sentences, name_stretches(article.paragraphs, plan.known), parser, store)


def test_only_the_sentences_the_extraction_reads_are_parsed(tmp_path):
    parser = CountingParser(PARSER)
    read(extractor(tmp_path, ACTORS), TEXT, parser, None)
    assert parser.parsed == [
        "Hamas rejected the latest offer on Monday.",  # an actor and a verb of the lexicon
        "She said the talks would go on.",  # no actor, but it follows the one person named
    ]  # not: "Aid workers said ..." (no actor), "Hamas is a movement ..." (nothing to read)


def test_each_sentence_is_parsed_once_and_a_registry_edit_parses_only_what_it_makes_worth_reading(tmp_path):
    store = ParseStore(tmp_path / "work")
    before = extractor(tmp_path, ACTORS)
    first = CountingParser(PARSER)
    parse, made = read(before, TEXT, first, store)
    store.keep(made, set(parse.keys))
    assert first.parsed and first.read_for_names

    # The same sentences in another article: nothing is parsed again.
    again = CountingParser(PARSER)
    read(before, "Another page\nA first line of its own.\n" + TEXT.split("\n", 1)[1], again, store)
    assert again.parsed == []

    # An actor the registry did not know: only the sentence naming it is parsed.
    after = extractor(tmp_path, ACTORS + NEW_ACTOR)
    edited = CountingParser(PARSER)
    parse, made = read(after, TEXT, edited, store)
    assert edited.parsed == ["The Red Crescent said convoys were waiting at the crossing."]
    assert len(parse.sentences) == 3 and parse.keys > set(made)


def test_a_sentence_whose_every_name_the_registry_knows_is_not_read_for_names(tmp_path):
    parser = CountingParser(PARSER)
    read(extractor(tmp_path, ACTORS), "A title\nHamas rejected the offer of Israel.\nHamas met Omar Saleh in Doha.", parser, None)
    assert not any("offer of Israel" in text for text in parser.read_for_names)
    assert any("Omar Saleh" in text for text in parser.read_for_names)


@pytest.mark.parametrize("damage", [b"not a pickle", b""])
def test_a_damaged_entry_is_made_again(tmp_path, damage):
    store = ParseStore(tmp_path / "work")
    parse, made = read(extractor(tmp_path, ACTORS), TEXT, PARSER, store)
    store.keep({key: damage for key in made}, set(parse.keys))
    again = CountingParser(PARSER)
    read(extractor(tmp_path, ACTORS), TEXT, again, store)
    assert again.parsed  # parsed again, not failed
