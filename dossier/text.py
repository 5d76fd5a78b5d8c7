"""Text helpers below the stages: folding for matching, sentences, lines, ids and slugs.

Every stage that reads text (normalize, extract, parse, link, the registry)
uses these; none of them is a stage.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from pelican.utils import slugify

# Pelican's default slug rules: readable, ASCII, stable.
SLUG_SUBSTITUTIONS = [(r"[^\w\s-]", ""), (r"(?!^)[\s]+", "-"), (r"[-\s]+", "-")]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_at(text: str, index: int) -> int:
    """The 1-based line of text[index], whatever the line endings (LF, CRLF or CR)."""
    return len(_LINE_BREAK.findall(text, 0, index)) + 1


# --- matching helpers -------------------------------------------------------

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u0131": "i", "\u0130": "I",
})


def fold(text: str) -> str:
    """Same-length text for matching: quotes, dashes, spaces unified, diacritics dropped.

    >>> fold("İbrahim Kalın’s  plan")
    "Ibrahim Kalin's  plan"
    """
    if text.isascii() and text.isprintable():
        return text  # nothing to fold: the usual case, tested in C
    return _FOLDABLE.sub(_fold_run, text)


def _fold_run(run: re.Match) -> str:
    return run.group().translate(_FOLD_TABLE)


class _FoldTable(dict):
    """Code point -> its folded character, worked out once per character seen.

    str.translate looks every character up here, in C: a paste of several MB
    folds in a fraction of a second instead of a per-character Python loop.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if code in _FOLD:
            folded = _FOLD[code]
        elif char.isspace():
            folded = " "
        else:
            folded = unicodedata.normalize("NFD", char)[0]
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()
# What fold may change: all but printable ASCII, which folds to itself. Only
# these runs go through the table, much faster than the whole text.
_FOLDABLE = re.compile(r"[^\x20-\x7e]+")


# A sentence ends at a stop before white space, or at a stop glued to the next
# sentence by a lost space ("regroup.El-Sisi's"): a lower-case word, then a
# capitalised one, which abbreviations ("U.S.", "Ph.D.") and web addresses never give.
_SENTENCE_END = re.compile(
    r"[.!?](?:(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])|[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9]))"
)
_ABBREVIATION = re.compile(
    r"(\b[A-Z]\.([A-Z]\.)*|\b(Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Maj|Capt|Sgt|Sen|Rep|Gov|Pres|St|Jr|Sr|No|vs|etc|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)$"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a paragraph, not fooled by "U.S." or "Jan.".

    >>> t = "The U.S. envoy met Hamas. It was Jan. 15. Talks went on."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['The U.S. envoy met Hamas.', 'It was Jan. 15.', 'Talks went on.']
    """
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        stop = match.start() + 1  # the candidate sentence is text[start:stop]
        space = text.rfind(" ", start, stop)
        last_word = text[space + 1 if space != -1 else start:stop]
        if _ABBREVIATION.search(last_word) and not text.endswith("..", start, stop):
            continue
        end = match.end() - len(match.group()) + len(match.group().rstrip())
        spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans



# A stem that is a slug already ("012_a1b2c3d4e5f6", the usual seed name) is its
# own slug: slugify, slow enough to matter for thousands of seeds, is not needed.
_ALREADY_SLUG = re.compile(r"[a-z0-9_]+(?:-[a-z0-9_]+)*")


def article_id(file_name: str) -> str:
    """A seed's file name -> the readable, stable id its URLs use.

    >>> article_id("012_a1b2c3d4e5f6.txt"), article_id("Hamas offer, Ankara (copy).txt")
    ('012_a1b2c3d4e5f6', 'hamas-offer-ankara-copy')
    """
    stem = file_name.rsplit(".", 1)[0]
    if _ALREADY_SLUG.fullmatch(stem):
        return stem
    slug = slugify(stem, regex_subs=SLUG_SUBSTITUTIONS).strip("-")
    if not slug:
        # A name with no letters or digits at all still needs a stable id.
        slug = "article-" + hashlib.sha1(file_name.encode("utf-8")).hexdigest()[:10]
    return slug
