"""Stage 2: find actors, proposals, dates and attributed statements in one article.

All world knowledge comes from the registry; the rules here are about
English news text only (spellings, possessives, attribution verbs).
"""
from __future__ import annotations

import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from .dates import DateMention, PartialDate, find_dates
from .models import Actor, Article, Proposal, Role
from .normalize import fold, split_sentences

_WORD_EDGE_BEFORE = r"(?<![\w])"
_WORD_EDGE_AFTER = r"(?![\w])"


@dataclass(frozen=True)
class Mention:
    actor: str
    paragraph: int
    start: int
    end: int
    text: str
    role: str | None = None  # the role title when the actor was named by a role phrase


@dataclass(frozen=True)
class ProposalMention:
    proposal: str
    paragraph: int
    text: str


@dataclass(frozen=True)
class Statement:
    speaker: str
    paragraph: int
    text: str  # the whole sentence
    verb: str
    inferred_speaker: bool  # "He said": the speaker is the person named just before


@dataclass(frozen=True)
class Sentence:
    """A sentence that carries a date: the raw material of events."""

    paragraph: int
    text: str
    date: DateMention
    actors: tuple[str, ...]
    proposals: tuple[str, ...]


@dataclass(frozen=True)
class Extraction:
    article: str
    mentions: tuple[Mention, ...]
    proposal_mentions: tuple[ProposalMention, ...]
    statements: tuple[Statement, ...]
    dated: tuple[Sentence, ...]
    unresolved_roles: tuple[tuple[int, str], ...]  # (paragraph, phrase) whose holder is unknown at the date
    unknown_names: tuple[tuple[int, str], ...]  # (paragraph, name) that look like actors but are not registered


def spelling_variants(spelling: str) -> set[str]:
    """The forms an alias takes in print: folded, hyphen or space, "al-" or "Al-".

    >>> sorted(spelling_variants("Khalil al-Hayya"))
    ['Khalil Al Hayya', 'Khalil Al-Hayya', 'Khalil al Hayya', 'Khalil al-Hayya', 'Khalil alHayya']
    """
    base = fold(spelling)
    variants = {base}
    if "-" in base:
        variants.add(base.replace("-", " "))
    for form in list(variants):
        for match in re.finditer(r"\b[aA]l[- ]", form):
            rest = form[match.end():]
            head = form[:match.start()]
            variants |= {f"{head}al-{rest}", f"{head}Al-{rest}", f"{head}al {rest}", f"{head}Al {rest}"}
    if "al-" in base:
        variants.add(base.replace("al-", "al"))
    return {variant for variant in variants if variant.strip()}


class ActorMatcher:
    """Finds registry actors in text: longest spelling first, never inside a word."""

    def __init__(self, actors: tuple[Actor, ...]):
        self.names: dict[str, str] = {}
        self.roles: dict[str, list[tuple[str, Role]]] = {}
        for actor in actors:
            for spelling in (actor.name, *actor.aliases):
                for variant in spelling_variants(spelling):
                    self.names.setdefault(variant, actor.id)
            for demonym in actor.demonyms:
                for variant in spelling_variants(demonym):
                    self.names.setdefault(variant, actor.id)
                    self.names.setdefault(variant + "s", actor.id)
            for role in actor.roles:
                for phrase in role.phrases:
                    for variant in spelling_variants(phrase):
                        self.roles.setdefault(variant, []).append((actor.id, role))
        everything = sorted(set(self.names) | set(self.roles), key=lambda s: (-len(s), s))
        alternation = "|".join(re.escape(s) for s in everything) or r"(?!x)x"
        self.pattern = re.compile(f"{_WORD_EDGE_BEFORE}(?:{alternation}){_WORD_EDGE_AFTER}")

    def find(self, paragraph: int, text: str, date: PartialDate | None) -> tuple[list[Mention], list[tuple[int, str]]]:
        """Mentions in a paragraph, and role phrases whose holder the date cannot tell."""
        mentions, unresolved = [], []
        for match in self.pattern.finditer(fold(text)):
            key = match.group()
            written = text[match.start():match.end()]
            if key in self.roles:
                holders = {actor for actor, role in self.roles[key] if date is not None and role.held_on(date)}
                if len(holders) == 1:
                    holder = holders.pop()
                    title = next(role.title for actor, role in self.roles[key] if actor == holder)
                    mentions.append(Mention(holder, paragraph, match.start(), match.end(), written, title))
                elif key in self.names:
                    mentions.append(Mention(self.names[key], paragraph, match.start(), match.end(), written))
                else:
                    unresolved.append((paragraph, written))
                continue
            mentions.append(Mention(self.names[key], paragraph, match.start(), match.end(), written))
        return mentions, unresolved


class ProposalMatcher:
    """Finds the phrases by which articles refer to registry proposals (any case)."""

    def __init__(self, proposals: tuple[Proposal, ...]):
        self.phrases = {fold(p).lower(): proposal.id for proposal in proposals for p in proposal.phrases}
        alternation = "|".join(re.escape(p) for p in sorted(self.phrases, key=lambda s: (-len(s), s))) or r"(?!x)x"
        self.pattern = re.compile(f"{_WORD_EDGE_BEFORE}(?:{alternation}){_WORD_EDGE_AFTER}")

    def find(self, paragraph: int, text: str) -> list[ProposalMention]:
        lowered = fold(text).lower()
        return [ProposalMention(self.phrases[m.group()], paragraph, text[m.start():m.end()])
                for m in self.pattern.finditer(lowered)]


_ATTRIBUTION = re.compile(
    r"\b(said|says|stated|told|added|confirmed|announced|insisted|argued|emphasi[sz]ed|stressed|warned|"
    r"revealed|noted|declared|asserted|affirmed)\b"
)
_PRONOUN_SUBJECT = re.compile(r"^\W*(he|she|they)(\s+(also|further|later|then))?\s*$", re.IGNORECASE)
_QUOTE_CLOSE = re.compile(r"[\"”]")


def _find_attribution(sentence: str) -> re.Match | None:
    """The first attribution verb outside quotation marks."""
    for verb in _ATTRIBUTION.finditer(sentence):
        if _inside_quotes(sentence, verb.start()):
            continue
        return verb
    return None


def _inside_quotes(text: str, position: int) -> bool:
    before = text[:position]
    straight = before.count('"') % 2 == 1
    curly = before.count("“") > before.count("”")
    return straight or curly


def _last_quote_end(sentence: str, limit: int) -> int:
    ends = [m.end() for m in _QUOTE_CLOSE.finditer(sentence, 0, limit) if not _inside_quotes(sentence, m.end())]
    return ends[-1] if ends else 0


def _clauses(sentence: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma-separated stretches of sentence[start:end], as spans."""
    spans, low = [], start
    for match in re.finditer(r"[,;:()]", sentence[start:end]):
        spans.append((low, start + match.start()))
        low = start + match.end()
    spans.append((low, end))
    return [span for span in spans if span[1] > span[0]] or []
_SPEAKER_RANK = {"person": 3, "organisation": 2, "state": 2, "outlet": 1}

# Capitalised words that start names in English news but are not names.
_NOT_NAMES = frozenset(
    "The A An In On At By For From To Of And But Or However Meanwhile According Since During After Before "
    "While Despite Among Under Unlike Along Throughout This That These Those Its It He She They We Our His Her "
    "Their There Two Three Four Five Six Seven Eight Nine Ten One Both Some Many Several Such Also Diplomatic "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "Prime Minister President Foreign Special Envoy Affairs Chief Head Senior Official Officials Sources Source "
    "Partial Discussions Delegations "
    "Mr Mrs Ms Dr Gen Unlike Instead Together Then Now Today Yesterday Further Additionally In Earlier Later "
    "What When Where Who Why How If As Although Though Even So Yet Nor Not No Yes All Each Every Any Other".split()
)
_NAME = re.compile(r"\b(?:[A-Z][\w'’.-]*[a-z][\w'’-]*|[A-Z]{2,})(?:\s+(?:(?:al|el|bin|ibn|de|of|the|for)[- ])?(?:[A-Z][\w'’-]*[a-z][\w'’-]*|[A-Z]{2,}))*")


class Extractor:
    """Everything stage 2 finds in an article, given the registry."""

    def __init__(self, actors: tuple[Actor, ...], proposals: tuple[Proposal, ...], not_actors: frozenset[str] = frozenset()):
        self.actors = ActorMatcher(actors)
        self.proposals = ProposalMatcher(proposals)
        self.kind = {actor.id: actor.kind for actor in actors}
        self.not_actors = {fold(name) for name in not_actors}

    def extract(self, article: Article, date: PartialDate | None, date_inferred: bool) -> Extraction:
        mentions, proposal_mentions, statements, dated, unresolved, unknown = [], [], [], [], [], []
        previous: list[Mention] = []
        for paragraph in article.paragraphs:
            found, roles = self.actors.find(paragraph.number, paragraph.text, date)
            mentions += found
            unresolved += roles
            proposal_mentions += self.proposals.find(paragraph.number, paragraph.text)
            unknown += self._unknown_names(paragraph.number, paragraph.text, found)
            for start, end in split_sentences(paragraph.text):
                sentence = paragraph.text[start:end]
                inside = [m for m in found if start <= m.start < end]
                statement = self._statement(paragraph.number, sentence, start, inside, previous)
                if statement:
                    statements.append(statement)
                previous = inside
                dated += self._dated(paragraph.number, sentence, inside, date, date_inferred)
        return Extraction(article.id, tuple(mentions), tuple(proposal_mentions), tuple(statements),
                          tuple(dated), tuple(unresolved), tuple(unknown))

    def _dated(self, paragraph: int, sentence: str, inside: list[Mention], date, inferred) -> list[Sentence]:
        actors = tuple(dict.fromkeys(m.actor for m in inside if self.kind.get(m.actor) != "outlet"))
        if not actors:
            return []
        proposals = tuple(dict.fromkeys(p.proposal for p in self.proposals.find(paragraph, sentence)))
        return [Sentence(paragraph, sentence, found, actors, proposals)
                for found in find_dates(sentence, date, reference_inferred=inferred)]

    def _statement(self, paragraph: int, sentence: str, offset: int, inside: list[Mention], previous: list[Mention]) -> Statement | None:
        """An attributed sentence and its speaker: the subject of the attribution verb.

        Names inside quotation marks are what was said, not who said it. An
        appositive ("Osama Hamdan, a Hamas official, said") keeps the person
        before the title; "He said" is the first person of the sentence before.
        """
        verb = _find_attribution(sentence)
        if verb is None:
            return None
        subject_start = _last_quote_end(sentence, verb.start())
        clauses = _clauses(sentence, subject_start, verb.start())
        if not clauses:
            return None
        if len(clauses) > 1 and not sentence[clauses[-1][0]:verb.start()].strip():
            clauses = clauses[-3:-1]  # "X, a title, said": X and the title
        else:
            clauses = clauses[-1:]
        low, high = clauses[0][0], clauses[-1][1]
        candidates = [m for m in inside if low <= m.start - offset and m.end - offset <= high]
        if candidates:
            best = max(candidates, key=lambda m: (_SPEAKER_RANK.get(self.kind.get(m.actor), 0), -m.start))
            return Statement(best.actor, paragraph, sentence, verb.group(), False)
        persons = [m.actor for m in previous if self.kind.get(m.actor) == "person"]
        if persons and _PRONOUN_SUBJECT.match(sentence[low:high]):
            return Statement(persons[0], paragraph, sentence, verb.group(), True)
        return None

    def _unknown_names(self, paragraph: int, text: str, found: list[Mention]) -> list[tuple[int, str]]:
        """Capitalised names the registry does not know, for the editors' list."""
        covered = [(m.start, m.end) for m in found]
        covered += [(m.start(), m.end()) for m in self.actors.pattern.finditer(fold(text))]
        sentence_starts = {start for start, _ in split_sentences(text)}
        names = []
        for match in _NAME.finditer(text):
            words = match.group().split()
            while words and words[0].strip("'’") in _NOT_NAMES:
                words = words[1:]
            name = " ".join(words).rstrip(".'’").removesuffix("'s").removesuffix("’s")
            start = match.end() - len(match.group()) + match.group().find(words[0]) if words else match.start()
            end = start + len(name)
            if not name or any(a < end and start < b for a, b in covered) or fold(name) in self.not_actors:
                continue
            if len(words) == 1 and (start in sentence_starts or len(name) < 3):
                continue
            names.append((paragraph, name))
        return names


# Below this many articles a second process costs more than it saves.
PARALLEL_FROM = 200
_worker_extractor: Extractor | None = None


def extract_all(extractor: Extractor, articles: list[Article]) -> dict[str, Extraction]:
    """Every article's extraction, on all cores when there are many (each article is independent)."""
    if len(articles) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return {a.id: _extract_one(extractor, a) for a in articles}
    # fork: the workers inherit the compiled patterns instead of rebuilding them.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count()), mp_context=context,
                             initializer=_start_worker, initargs=(extractor,)) as pool:
        results = pool.map(_extract_in_worker, articles, chunksize=64)
        return {article.id: result for article, result in zip(articles, results)}


def _extract_one(extractor: Extractor, article: Article) -> Extraction:
    return extractor.extract(article, article.published.date, article.published.inferred)


def _start_worker(extractor: Extractor) -> None:
    global _worker_extractor
    _worker_extractor = extractor


def _extract_in_worker(article: Article) -> Extraction:
    return _extract_one(_worker_extractor, article)
