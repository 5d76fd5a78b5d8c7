"""Stage 2: find actors, proposals, dates and attributed statements in one article.

All world knowledge comes from the registry; the rules here are about
English news text only (spellings, possessives, attribution verbs).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from .dates import DateMention, PartialDate, sentence_dates
from .models import Actor, Article, Proposal, Role
from .normalize import fold, split_sentences
from .records import record

_WORD_EDGE_BEFORE = r"(?<![\w])"
_WORD_EDGE_AFTER = r"(?![\w])"


@record
class Mention:
    actor: str
    paragraph: int
    start: int
    end: int
    text: str
    role: str | None = None  # the role title when the actor was named by a role phrase


@record
class ProposalMention:
    proposal: str
    paragraph: int
    text: str


@record
class Statement:
    speaker: str
    paragraph: int
    text: str  # the whole sentence
    verb: str
    inferred_speaker: bool  # "He said": the speaker is the person named just before


@record
class Sentence:
    """A sentence that carries a date: the raw material of events."""

    paragraph: int
    text: str
    date: DateMention
    actors: tuple[str, ...]
    proposals: tuple[str, ...]


@record
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
             date: PartialDate | None) -> tuple[list[Mention], list[tuple[int, str]], list[tuple[int, int]]]:
        """Mentions in a paragraph, role phrases whose holder the date cannot tell, and every match's span.

        folded is fold(text), which the caller makes once for all the matchers.
        """
        mentions, unresolved, spans = [], [], []
        for match in self.pattern.finditer(folded):
            start, end = match.span()
            spans.append((start, end))
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
        return mentions, unresolved, spans


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


_ATTRIBUTION = re.compile(
    r"\b(said|says|stated|told|added|confirmed|announced|insisted|argued|emphasi[sz]ed|stressed|warned|"
    r"revealed|noted|declared|asserted|affirmed)\b"
)
_PRONOUN_SUBJECT = re.compile(r"^\W*(he|she|they)(\s+(also|further|later|then))?\s*$", re.IGNORECASE)
_QUOTE_CLOSE = re.compile(r"[\"”]")


def _find_attribution(sentence: str, offset: int, verbs: list[re.Match]) -> tuple[int, str] | None:
    """The first attribution verb outside quotation marks, as (where in sentence, the verb).

    verbs are the sentence's, found in its paragraph, where it begins at offset.
    """
    for verb in verbs:
        position = verb.start() - offset
        if not _inside_quotes(sentence, position):
            return position, verb.group()
    return None


def _inside_quotes(text: str, position: int) -> bool:
    before = text[:position]
    straight = before.count('"') % 2 == 1
    curly = before.count("“") > before.count("”")
    return straight or curly


def _last_quote_end(sentence: str, limit: int) -> int:
    ends = [m.end() for m in _QUOTE_CLOSE.finditer(sentence, 0, limit) if not _inside_quotes(sentence, m.end())]
    return ends[-1] if ends else 0


_CLAUSE_BREAK = re.compile(r"[,;:()]")


def _clauses(sentence: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma-separated stretches of sentence[start:end], as spans."""
    spans, low = [], start
    for match in _CLAUSE_BREAK.finditer(sentence, start, end):
        spans.append((low, match.start()))
        low = match.end()
    spans.append((low, end))
    return [span for span in spans if span[1] > span[0]]
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
# A capital not preceded by a letter (a word's start), then the rest of the
# word: the capital comes first so that re skips to the capitals in C.
_NAME = re.compile(r"[A-Z](?<!\w.)(?:[\w'’.-]*[a-z][\w'’-]*|[A-Z]+)(?:\s+(?:(?:al|el|bin|ibn|de|of|the|for)[- ])?(?:[A-Z][\w'’-]*[a-z][\w'’-]*|[A-Z]{2,}))*")


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
            number, text = paragraph.number, paragraph.text
            folded = fold(text)
            lowered = folded.lower()
            sentences = split_sentences(text)
            found, roles, spans = self.actors.find(number, text, folded, date)
            mentions += found
            unresolved += roles
            phrases = _Phrases(self.proposals, lowered)
            proposal_mentions += [ProposalMention(proposal, number, text[start:end]) for start, end, proposal in phrases.found]
            unknown += self._unknown_names(number, text, spans, sentences)
            # A verb is one word, so it never runs across a sentence's end: the
            # paragraph's verbs within a sentence are the sentence's own.
            verbs = list(_ATTRIBUTION.finditer(text))
            mention_starts, verb_starts = [m.start for m in found], [verb.start() for verb in verbs]
            for start, end in sentences:
                inside = _starting_within(found, mention_starts, start, end)
                sentence_verbs = _starting_within(verbs, verb_starts, start, end)
                if sentence_verbs:
                    statement = self._statement(number, text[start:end], start, inside, previous, sentence_verbs)
                    if statement:
                        statements.append(statement)
                previous = inside
                dated += self._dated(number, text, start, end, inside, phrases, date, date_inferred)
        return Extraction(article.id, tuple(mentions), tuple(proposal_mentions), tuple(statements),
                          tuple(dated), tuple(unresolved), tuple(unknown))

    def _dated(self, paragraph: int, text: str, start: int, end: int, inside: list[Mention], phrases: _Phrases,
               date, inferred) -> list[Sentence]:
        """The sentence text[start:end] of a paragraph, once for each date in it, if it names an actor."""
        if not inside:
            return []
        found = sentence_dates(text, start, end, date, reference_inferred=inferred)
        if not found:
            return []
        actors = tuple(dict.fromkeys(m.actor for m in inside if self.kind.get(m.actor) != "outlet"))
        if not actors:
            return []
        proposals = tuple(dict.fromkeys(phrases.named_in(start, end)))
        sentence = text[start:end]
        return [Sentence(paragraph, sentence, mention, actors, proposals) for mention in found]

    def _statement(self, paragraph: int, sentence: str, offset: int, inside: list[Mention], previous: list[Mention],
                   verbs: list[re.Match]) -> Statement | None:
        """An attributed sentence and its speaker: the subject of the attribution verb.

        Names inside quotation marks are what was said, not who said it. An
        appositive ("Osama Hamdan, a Hamas official, said") keeps the person
        before the title; "He said" is the first person of the sentence before.
        """
        attribution = _find_attribution(sentence, offset, verbs)
        if attribution is None:
            return None
        verb_start, verb = attribution
        subject_start = _last_quote_end(sentence, verb_start)
        clauses = _clauses(sentence, subject_start, verb_start)
        if not clauses:
            return None
        if len(clauses) > 1 and not sentence[clauses[-1][0]:verb_start].strip():
            clauses = clauses[-3:-1]  # "X, a title, said": X and the title
        else:
            clauses = clauses[-1:]
        low, high = clauses[0][0], clauses[-1][1]
        candidates = [m for m in inside if low <= m.start - offset and m.end - offset <= high]
        if candidates:
            best = max(candidates, key=lambda m: (_SPEAKER_RANK.get(self.kind.get(m.actor), 0), -m.start))
            return Statement(best.actor, paragraph, sentence, verb, False)
        persons = [m.actor for m in previous if self.kind.get(m.actor) == "person"]
        if persons and _PRONOUN_SUBJECT.match(sentence[low:high]):
            return Statement(persons[0], paragraph, sentence, verb, True)
        return None

    def _unknown_names(self, paragraph: int, text: str, covered: list[tuple[int, int]],
                       sentences: list[tuple[int, int]]) -> list[tuple[int, str]]:
        """Capitalised names the registry does not know, for the editors' list.

        covered holds the spans of the registry's matches in text, in order
        and never overlapping, so one binary search tells if a name touches one.
        """
        covered_ends = [end for _, end in covered]
        sentence_starts = {start for start, _ in sentences}
        names = []
        for match in _NAME.finditer(text):
            written = match.group()
            # Most matches are a lone "The" or "In", or lie in a name the registry knows.
            if written in _NOT_NAMES or _inside(covered, covered_ends, match.start(), match.end()):
                continue
            words = written.split()
            while words and words[0].strip("'’") in _NOT_NAMES:
                words = words[1:]
            name = " ".join(words).rstrip(".'’").removesuffix("'s").removesuffix("’s")
            start = match.start() + written.find(words[0]) if words else match.start()
            end = start + len(name)
            if not name or _overlaps(covered, covered_ends, start, end) or fold(name) in self.not_actors:
                continue
            if len(words) == 1 and (start in sentence_starts or len(name) < 3):
                continue
            names.append((paragraph, name))
        return names


class _Phrases:
    """The proposal phrases found in one paragraph, looked up sentence by sentence."""

    def __init__(self, matcher: ProposalMatcher, lowered: str):
        self.matcher = matcher
        self.lowered = lowered  # the paragraph's fold(text).lower()
        self.found = matcher.find(lowered)  # (start, end, proposal id), in order and never overlapping
        self.ends = [end for _, end, _ in self.found]

    def named_in(self, start: int, end: int) -> list[str]:
        """The proposals named in the sentence lowered[start:end].

        A phrase holding a sentence end (". ") may run across one; the
        sentence is then matched on its own, as the phrase cannot be in it whole.
        """
        first = bisect.bisect_right(self.ends, start)  # the first phrase ending after start
        last = bisect.bisect_right(self.ends, end)  # the first phrase ending after end
        across_start = first < len(self.found) and self.found[first][0] < start
        across_end = last < len(self.found) and self.found[last][0] < end
        if across_start or across_end:
            return [proposal for _, _, proposal in self.matcher.find(self.lowered, start, end)]
        return [proposal for _, _, proposal in self.found[first:last]]


def _starting_within(items: list, starts: list[int], start: int, end: int) -> list:
    """The items whose start is in [start, end); starts holds the items' starts, in order."""
    return items[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def _overlaps(spans: list[tuple[int, int]], ends: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of spans (ordered, not overlapping; ends are their ends)."""
    first_after = bisect.bisect_right(ends, start)
    return first_after < len(spans) and spans[first_after][0] < end


def _inside(spans: list[tuple[int, int]], ends: list[int], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of spans (ordered, not overlapping; ends are their ends)."""
    first_after = bisect.bisect_right(ends, start)
    return first_after < len(spans) and spans[first_after][0] <= start and end <= spans[first_after][1]
