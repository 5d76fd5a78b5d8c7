"""Stage 2: find actors, proposals, dates and attributed statements in one article.

All world knowledge comes from the registry; the rules here are about
English news text only (spellings, possessives, attribution verbs).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from .dates import DateMention, PartialDate, sentence_dates
from .grammar import Clauses, ParsedSentence, worth_parsing
from .models import (Actor, Article, Clause, ClauseRelation, Extraction, Mention, Paragraph, Proposal,
                     ProposalMention, Role, Statement)
from .text import fold, split_sentences

_WORD_EDGE_BEFORE = r"(?<![\w])"
_WORD_EDGE_AFTER = r"(?![\w])"


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


def _any_of(words: Iterable[str]) -> str:
    """A regex for any of words, longest first, written as a tree of shared beginnings.

    At each position Python's re tries an alternation's branches one by one;
    in a tree it follows only the words that begin with the letters seen so
    far. It matches as the alternation sorted longest first would: the
    longest word that fits wins, and a shorter one is tried when what follows
    the longer one does not fit. "" when there are no words.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _tree_pattern(tree)


def _tree_pattern(node: dict) -> str:
    branches = [re.escape(char) + _tree_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Where a word ends, the longer words are optional: greedy, so tried first.
    return f"(?:{pattern})?" if "" in node else pattern


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
        alternation = _any_of(self.names.keys() | self.roles.keys()) or r"(?!x)x"
        self.pattern = re.compile(f"{_WORD_EDGE_BEFORE}(?:{alternation}){_WORD_EDGE_AFTER}")

    def find(self, paragraph: int, text: str, folded: str,
             date: PartialDate | None) -> tuple[list[Mention], list[tuple[int, str]]]:
        """Mentions in a paragraph, and role phrases whose holder the date cannot tell.

        folded is fold(text), which the caller makes once for all the matchers.
        """
        mentions, unresolved = [], []
        for match in self.pattern.finditer(folded):
            start, end = match.span()
            key = match.group()
            written = text[start:end]
            if key in self.roles:
                holders = {actor for actor, role in self.roles[key] if date is not None and role.held_on(date)}
                if len(holders) == 1:
                    holder = holders.pop()
                    title = next(role.title for actor, role in self.roles[key] if actor == holder)
                    mentions.append(Mention(holder, paragraph, start, end, written, title))
                elif key in self.names:
                    mentions.append(Mention(self.names[key], paragraph, start, end, written))
                else:
                    unresolved.append((paragraph, written))
                continue
            mentions.append(Mention(self.names[key], paragraph, start, end, written))
        return mentions, unresolved


class ProposalMatcher:
    """Finds the phrases by which articles refer to registry proposals (any case)."""

    def __init__(self, proposals: tuple[Proposal, ...]):
        self.phrases = {fold(p).lower(): proposal.id for proposal in proposals for p in proposal.phrases}
        alternation = _any_of(self.phrases) or r"(?!x)x"
        self.pattern = re.compile(f"{_WORD_EDGE_BEFORE}(?:{alternation}){_WORD_EDGE_AFTER}")

    def find(self, lowered: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """(start, end, proposal id) of each phrase in lowered[start:end], as if that were the whole text.

        lowered is fold(text).lower(), made once per paragraph by the caller.
        """
        end = len(lowered) if end is None else end
        return [(m.start(), m.end(), self.phrases[m.group()]) for m in self.pattern.finditer(lowered, start, end)]


_SPEAKER_RANK = {"person": 3, "organisation": 2, "state": 2, "outlet": 1}
_PRONOUNS = frozenset({"he", "she"})
_SOURCES = frozenset({"source", "sources"})
# "The group", "the movement", "the country": the one organisation or state just named.
_STAND_IN_NOUNS = {"organisation": ("group", "movement"), "state": ("country",)}
_STAND_INS = re.compile(r"\bthe (?:group|movement|country)\b", re.IGNORECASE)

class Extractor:
    """Everything stage 2 finds in an article, given the registry."""

    def __init__(self, actors: tuple[Actor, ...], proposals: tuple[Proposal, ...], not_actors: frozenset[str] = frozenset()):
        self.actors = ActorMatcher(actors)
        self.proposals = ProposalMatcher(proposals)
        self.kind = {actor.id: actor.kind for actor in actors}
        self.names = {actor.id: actor.name for actor in actors}
        self.affiliation = {actor.id: actor.affiliation for actor in actors if actor.affiliation}
        self.not_actors = {fold(name) for name in not_actors}

    def plan(self, article: Article, date: PartialDate | None) -> ParsePlan:
        """What extract will read of the parse: the sentences to parse, and what the registry already names."""
        sentences, known = [], {}
        walks = list(self._walk(article, date))
        for walk in walks:
            number, text = walk.paragraph.number, walk.paragraph.text
            known[number] = [(m.start, m.end) for m in walk.mentions]
            known[number] += [(start, end) for start, end, _ in walk.phrases.found]
            sentences += [(number, s.start, s.end) for s in walk.sentences
                          if self._may_give(s, walk.phrases) and worth_parsing(text[s.start:s.end])]
        return ParsePlan(sentences, known, walks)

    def _may_give(self, sentence: _Sentence, phrases: _Phrases) -> bool:
        """Whether a sentence's parse can give anything.

        It names an actor (an outlet only with a proposal), or follows the one
        person "he" or "she" may be, or says "the group" just after the one group.
        """
        if sentence.he_or_she or any(self.kind.get(m.actor) != "outlet" for m in sentence.inside):
            return True
        if sentence.the_one and _STAND_INS.search(sentence.text):
            return True
        return bool(sentence.inside) and bool(phrases.within(sentence.start, sentence.end))

    def extract(self, article: Article, date: PartialDate | None, date_inferred: bool,
                parses: Iterable[ParsedSentence], plan: ParsePlan | None = None) -> Extraction:
        """What an article says, given the parse of the sentences its plan names (more are ignored).

        plan: the article's plan for the same date, whose reading of the registry's names is reused.
        """
        mentions, proposal_mentions, statements, clauses, relations, unresolved = [], [], [], [], [], []
        parsed = {(p.paragraph, p.start): p for p in parses}
        for walk in plan.walks if plan is not None else self._walk(article, date):
            number, text = walk.paragraph.number, walk.paragraph.text
            mentions += walk.mentions
            unresolved += walk.roles
            proposal_mentions += [ProposalMention(proposal, number, text[start:end]) for start, end, proposal in walk.phrases.found]
            for sentence in walk.sentences:
                parse = parsed.get((number, sentence.start))
                if parse is None or not self._may_give(sentence, walk.phrases):
                    continue
                reading = _Reading(self, number, text, sentence.start, sentence.end, sentence.inside, parse,
                                   walk.phrases, sentence.he_or_she, sentence.the_one)
                statements += reading.statements(sentence.previous)
                relations += reading.relations()
                dates = sentence_dates(text, sentence.start, sentence.end, date, reference_inferred=date_inferred)
                clauses += reading.clauses(dates, date, date_inferred)
        return Extraction(article.id, tuple(mentions), tuple(proposal_mentions), tuple(statements),
                          tuple(clauses), tuple(dict.fromkeys(relations)), tuple(unresolved))

    def _walk(self, article: Article, date: PartialDate | None) -> Iterator[_Paragraph]:
        """Each paragraph with what the registry names in it, sentence by sentence."""
        previous: list[Mention] = []
        for paragraph in article.paragraphs:
            folded = fold(paragraph.text)
            found, roles = self.actors.find(paragraph.number, paragraph.text, folded, date)
            starts = [m.start for m in found]
            sentences = []
            he_or_she = None  # a pronoun is read only against the sentence before, in its paragraph
            before: list[Mention] = []
            for start, end in split_sentences(paragraph.text):
                inside = _starting_within(found, starts, start, end)
                the_one = self._the_one(inside + before)
                sentences.append(_Sentence(start, end, paragraph.text[start:end], inside, previous, he_or_she, the_one))
                previous = before = inside
                persons = {m.actor for m in inside if self.kind.get(m.actor) == "person"}
                he_or_she = persons.pop() if len(persons) == 1 else None
            yield _Paragraph(paragraph, found, roles, _Phrases(self.proposals, folded.lower()), sentences)

    def _the_one(self, mentions: list[Mention]) -> dict[str, str]:
        """What "the group", "the movement" or "the country" can stand for: the one organisation or state named.

        Named in the sentence or the one before it, in its paragraph.
        """
        the_one = {}
        for kind, nouns in _STAND_IN_NOUNS.items():
            named = {m.actor for m in mentions if self.kind.get(m.actor) == kind}
            if len(named) == 1:
                actor = named.pop()
                the_one.update((noun, actor) for noun in nouns)
        return the_one


class ParsePlan(NamedTuple):
    """What an extraction reads of an article's parse (parse.read_parse makes it)."""

    sentences: list[tuple[int, int, int]]  # (paragraph, start, end) of each sentence to parse
    known: dict[int, list[tuple[int, int]]]  # paragraph -> spans of the registry's names: no need to look for names there
    walks: list[_Paragraph]  # the registry's names, paragraph by paragraph, for extract


class _Sentence(NamedTuple):
    start: int
    end: int
    text: str
    inside: list[Mention]  # the registry's actors named in it
    previous: list[Mention]  # those named in the sentence before it
    he_or_she: str | None  # the one person named in the sentence before, in its paragraph
    the_one: dict[str, str]  # "group", "movement", "country" -> the one such actor named in it or the one before


class _Paragraph(NamedTuple):
    paragraph: Paragraph
    mentions: list[Mention]
    roles: list[tuple[int, str]]  # role phrases whose holder the date cannot tell
    phrases: "_Phrases"
    sentences: list[_Sentence]


class _Reading:
    """One parsed sentence that names an actor: its statements, relations and dated clauses."""

    def __init__(self, extractor: Extractor, paragraph: int, text: str, start: int, end: int,
                 inside: list[Mention], parse: ParsedSentence, phrases: "_Phrases", he_or_she: str | None,
                 the_one: dict[str, str]):
        self.kind = extractor.kind
        self.names = extractor.names
        self.affiliation = extractor.affiliation
        self.paragraph = paragraph
        self.sentence = text[start:end]
        self.start = start
        self.inside = inside
        spans = [(m.start - start, m.end - start, m.actor) for m in inside if extractor.kind.get(m.actor) != "outlet"]
        self.grammar = Clauses(parse, self.sentence, spans, he_or_she, the_one)
        self.proposal_spans = [(a - start, b - start, p) for a, b, p in phrases.within(start, end)]

    def statements(self, previous: list[Mention]) -> list[Statement]:
        """One statement for each attribution verb whose subject is an actor ("He said": the person before)."""
        found = []
        for verb, speakers in self.grammar.speakers():
            if not speakers and self.grammar.subject_word(verb) in _PRONOUNS:
                persons = [m.actor for m in previous if self.kind.get(m.actor) == "person"]
                if persons:
                    found.append(Statement(persons[0], self.paragraph, self.sentence, verb.text, True))
                continue
            if speakers:
                best = max(speakers, key=lambda actor: _SPEAKER_RANK.get(self.kind.get(actor), 0))
                subject = self.grammar.subject_word(verb)
                found.append(Statement(best, self.paragraph, self.sentence, verb.text, subject in _PRONOUNS,
                                       subject in _SOURCES))
        return list(dict.fromkeys(found))

    def relations(self) -> list[ClauseRelation]:
        found = []
        for source, kind, target, word in self.grammar.relations():
            if target is not None and self._own_side(source, target):
                continue  # a person is not met by the state or body he acts for
            clause = self._text(self.grammar.headline_words(word)) if self.grammar.is_verb(word) else self.grammar.phrase_text(word)
            found.append(ClauseRelation(source, kind, target, self.paragraph, clause))
        return found

    def _text(self, words: list[int]) -> str:
        """The words as written; the actor a "he" or "she" or "the group" stands for is named, in brackets.

        "[Benjamin Netanyahu] dismissed ...", "the movement [Hamas] held ...".
        """
        instead = {}
        for i in words:
            if i in self.grammar.stand_ins:
                name = self.names[self.grammar.actor_of[i]]
                word = self.grammar.tokens[i].text
                instead[i] = f"[{name}]" if word.lower() in _PRONOUNS else f"{word} [{name}]"
        return self.grammar.join(words, instead)

    def _own_side(self, a: str, b: str) -> bool:
        return b in self._sides(a) or a in self._sides(b)

    def _sides(self, actor: str) -> set[str]:
        """Whom an actor acts for, and whom they act for in turn."""
        sides = set()
        while actor in self.affiliation and actor not in sides:
            actor = self.affiliation[actor]
            sides.add(actor)
        return sides

    def clauses(self, dates: list[DateMention], published: PartialDate | None, inferred: bool) -> list[Clause]:
        """A clause for each date that dates a happening; then actions reported without a date."""
        found, dated_verbs = [], set()
        dates = _years_from_sentence(dates)
        for mention in dates:
            governor = self.grammar.date_governor(mention.start - self.start, mention.end - self.start)
            if governor is not None:
                dated_verbs.add(governor.i)  # dated, even when its clause is no event: never "reported" undated
            verb = self.grammar.dated_clause(mention.start - self.start, mention.end - self.start)
            if verb is None:
                continue
            dated_verbs.add(verb.i)
            clause = self._clause(verb, mention, reported=False,
                                  leave_out=(mention.start - self.start, mention.end - self.start))
            if clause is not None:
                found.append(clause)
        if published is not None and not inferred:
            for verb in self.grammar.reported_actions():
                if verb.i in dated_verbs or _has_dated_part(verb, dated_verbs, self.grammar):
                    continue
                note = f"reported in the article of {published.iso()}"
                mention = DateMention("", 0, 0, published, "reported", note, False)
                clause = self._clause(verb, mention, reported=True, leave_out=None)
                if clause is not None:
                    found.append(clause)
        return found

    def _clause(self, verb, mention: DateMention, reported: bool, leave_out) -> Clause | None:
        words = self.grammar.headline_words(verb, leave_out)
        headline = self._text(words)
        tokens = [self.grammar.tokens[i] for i in words]
        places = self.grammar.places(words)
        actors = tuple(dict.fromkeys(self.grammar.actor_of[t.i] for t in tokens
                                     if t.i in self.grammar.actor_of and t.i not in places))
        proposals = tuple(dict.fromkeys(p for a, b, p in self.proposal_spans
                                        if any(a <= t.start and t.end <= b for t in tokens)))
        if not actors and not proposals:
            return None
        return Clause(self.paragraph, self.sentence, headline, mention, reported, actors, proposals,
                      verb.start, self.grammar.join(words))


def _has_dated_part(verb, dated_verbs: set[int], grammar: Clauses) -> bool:
    """Whether a clause coordinated with verb carries a date (that date then stands for both)."""
    return any(child.i in dated_verbs for child in grammar.child(verb, "conj")) or (
        verb.dep == "conj" and verb.head in dated_verbs)


def _years_from_sentence(dates: list[DateMention]) -> list[DateMention]:
    """A day written without its year takes the year another date of the same sentence states.

    "reached on Jan. 15, 2025, with the first phase ending on March 1": March 1 is of 2025, stated.
    """
    years = {m.date.year for m in dates if m.method == "absolute"}
    if len(years) != 1:
        return dates
    year = years.pop()
    fixed = []
    for mention in dates:
        if mention.method == "year from context" and (mention.date.year != year or mention.doubtful):
            date = PartialDate(year, mention.date.month, mention.date.day)
            mention = DateMention(mention.text, mention.start, mention.end, date, "year from sentence",
                                  f"'{mention.text}' \u2192 {date.iso()}, the year written in the same sentence", False)
        fixed.append(mention)
    return fixed


class _Phrases:
    """The proposal phrases found in one paragraph, looked up sentence by sentence."""

    def __init__(self, matcher: ProposalMatcher, lowered: str):
        self.matcher = matcher
        self.lowered = lowered  # the paragraph's fold(text).lower()
        self.found = matcher.find(lowered)  # (start, end, proposal id), in order and never overlapping
        self.ends = [end for _, end, _ in self.found]

    def within(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """(start, end, proposal id) of the phrases in the sentence lowered[start:end].

        A phrase holding a sentence end (". ") may run across one; the
        sentence is then matched on its own, as the phrase cannot be in it whole.
        """
        first = bisect.bisect_right(self.ends, start)  # the first phrase ending after start
        last = bisect.bisect_right(self.ends, end)  # the first phrase ending after end
        across_start = first < len(self.found) and self.found[first][0] < start
        across_end = last < len(self.found) and self.found[last][0] < end
        if across_start or across_end:
            return self.matcher.find(self.lowered, start, end)
        return self.found[first:last]


def _starting_within(items: list, starts: list[int], start: int, end: int) -> list:
    """The items whose start is in [start, end); starts holds the items' starts, in order."""
    return items[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


