"""Stage 3: one dossier model in which every fact carries its citations.

Registry quotes are found in their paragraphs; dated sentences become events,
and the same event told by several articles becomes one event with several
sources; articles telling the same story are grouped.
"""
from __future__ import annotations

import hashlib
import math
import re
import sys
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import mul
from typing import NamedTuple

from .dates import PartialDate
from .models import Article, Citation, Cited, Clause, Dossier, Event, Extraction, Problem, Registry, Relation
from . import urls
from .text import fold
from .parallel import PARALLEL_FROM, run_aside

_STOPWORDS = frozenset(
    "a an the and or but of to in on at by for from with without as is are was were be been being has have had "
    "it its this that these those he she they we you i his her their our not no so than then there which who "
    "whom whose what when where while also said says told stated would could should will can may might must "
    "into over under after before about against between during since until more most some any all both each "
    "other such only own same very just per upon".split()
)
_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday last next week month year today yesterday".split()
)
_NOT_EVENT_WORDS = _STOPWORDS | _DATE_WORDS
SAME_STORY = 0.4  # TF-IDF cosine of content words above which two articles may tell one story (seeds: 0.47 same story, 0.36 at most otherwise)
REPORT_DAYS = 14  # a happening an article reports without a date took place at most this long before it
STORY_DAYS = 30  # articles whose dates lie further apart tell different stories
REPRINT = 0.6  # share of five-word shingles above which one article reprints another
REPRINT_COSINE = 0.6  # word similarity a pair needs before its shingles are compared


def link(articles: list[Article], registry: Registry, extractions: dict[str, Extraction],
         words: dict[str, WordCounts] | None = None) -> tuple[Dossier, list[Problem]]:
    """Articles, registry and what was extracted from each article -> the dossier model and its problems.

    ``words`` (article id -> article_words) may be given when they were
    counted along with the extraction; they are counted here otherwise.
    """
    problems: list[Problem] = []
    resolver = _QuoteResolver(articles)
    actors = tuple(replace(actor, profile=resolver.cite(actor.profile, problems)) for actor in registry.actors)
    proposals = tuple(_cite_proposal(proposal, resolver, problems) for proposal in registry.proposals)
    corrections = {(ref.article, fold(ref.quote)): date for ref, date in registry.date_corrections}

    if words is None:
        words = {article.id: article_words(article) for article in articles}
    # Which articles tell one story, or reprint another, follows from their
    # words; events from clustering dated sentences. The two meet only when
    # an event counts its sources: on a large dossier the first runs aside.
    stories = run_aside(same_stories, articles, words, fork=len(articles) >= PARALLEL_FROM)
    tellings = cluster_tellings(extractions, corrections)
    groups, reprints = stories.result()
    events = build_events(articles, tellings, reprints)
    dossier = Dossier(
        articles=tuple(articles), actors=actors, proposals=proposals, events=events,
        extractions=extractions, story_groups=groups, relations=build_relations(extractions),
        state_of_play=_cite_state_of_play(registry.state_of_play, resolver, problems),
    )
    return dossier, problems


def _cite_proposal(proposal, resolver: "_QuoteResolver", problems: list[Problem]):
    return replace(
        proposal,
        profile=resolver.cite(proposal.profile, problems),
        dates=tuple(replace(d, what=resolver.cite(d.what, problems)) for d in proposal.dates),
        terms=tuple((key, resolver.cite(text, problems)) for key, text in proposal.terms),
        responses=tuple(replace(r, what=resolver.cite(r.what, problems)) for r in proposal.responses),
        state_note=resolver.cite(proposal.state_note, problems),
    )


def _cite_state_of_play(state, resolver: "_QuoteResolver", problems: list[Problem]):
    if state is None:
        return None
    return replace(
        state,
        judgements=tuple(resolver.cite(item, problems) for item in state.judgements),
        open_questions=tuple(resolver.cite(item, problems) for item in state.open_questions),
        key_dates=tuple(replace(k, headline=resolver.cite(k.headline, problems)) for k in state.key_dates),
    )


class _QuoteResolver:
    """Finds a registry quote in its article's paragraphs, however quotes and spaces are typed.

    Few articles are quoted by the registry, so an article's paragraphs are
    squashed only when a quote first needs them.
    """

    def __init__(self, articles: list[Article]):
        self.articles = {a.id: a for a in articles}
        self.squashed: dict[str, list[tuple[int, str]]] = {}

    def paragraphs(self, article_id: str) -> list[tuple[int, str]] | None:
        """(number, squashed text) of each paragraph of the article; None when it is not in this build."""
        if article_id not in self.squashed:
            article = self.articles.get(article_id)
            if article is None:
                return None
            self.squashed[article_id] = [(p.number, _squash(p.text)) for p in article.paragraphs]
        return self.squashed[article_id]

    def cite(self, cited: Cited, problems: list[Problem]) -> Cited:
        citations = []
        for ref in cited.sources:
            paragraphs = self.paragraphs(ref.article)
            if paragraphs is None:
                continue  # the article is not in this build: the text stays, uncited by it
            quote = _squash(ref.quote)
            found = next((number for number, text in paragraphs if quote in text), None)
            if found is None:
                problems.append(Problem(ref.file, ref.line, f"quote not found in article '{ref.article}': \u201c{ref.quote}\u201d; copy it exactly from one paragraph"))
                continue
            citations.append(Citation(ref.article, found))
        return replace(cited, citations=tuple(dict.fromkeys(citations)))


def _squash(text: str) -> str:
    return " ".join(fold(text).split())


# Content words are three characters or more: "{2,}" keeps out the short ones in the regex itself.
_WORD = re.compile(r"[a-z][a-z'-]{2,}")


def _content_words(folded: str) -> list[str]:
    """The words of a text already folded and lower-cased, stop words left out."""
    return [w for w in _WORD.findall(folded) if w not in _STOPWORDS]


def _event_words(text: str) -> frozenset[str]:
    """The content words of a clause but names and date words: what happened, not who or when."""
    lowercase = " ".join(word for word in fold(text).split() if not word[:1].isupper())
    return frozenset(_WORD.findall(lowercase)).difference(_NOT_EVENT_WORDS)


# --- events ---------------------------------------------------------------------

def event_anchor(article: str, clause: Clause, iso_date: str) -> str:
    """A stable anchor for one source's telling of an event: its date (ISO) and a short hash.

    A dated clause is hashed by its sentence and date expression, as
    sentences were when events were read a sentence at a time, so that
    links pasted then still land; an undated one by its sentence and where
    its verb stands in it, which a better reading of the grammar leaves as it is.
    """
    told = f"verb at {clause.verb_at}" if clause.reported else clause.date.text
    return _anchor(article, clause, iso_date, told)


def earlier_anchors(article: str, clause: Clause, iso_date: str) -> list[str]:
    """The anchors a telling had in earlier builds: an undated clause's was made from its headline until 2026-12-05."""
    return [_anchor(article, clause, iso_date, clause.plain_headline)] if clause.reported else []


def _anchor(article: str, clause: Clause, iso_date: str, told: str) -> str:
    digest = hashlib.sha1(f"{article}|{clause.paragraph}|{clause.sentence}|{told}".encode("utf-8")).hexdigest()[:6]
    return f"e-{iso_date}-{digest}"


def same_stories(articles: list[Article], words: dict[str, WordCounts]) -> tuple[tuple[tuple[str, ...], ...], dict[str, str]]:
    """Same-story groups and reprints (group_same_story, group_reprints): what the articles' words tell."""
    pairs = similar_pairs(_tfidf(words))  # the vectors are let go before the shingles are made
    return group_same_story(articles, pairs), group_reprints(articles, pairs)


@dataclass(frozen=True, slots=True)
class Telling:
    """One article's telling of a happening: a clause and the date it carries (as the editors corrected it)."""

    article: str
    clause: Clause
    date: PartialDate
    doubtful: bool
    note: str


def cluster_tellings(extractions: dict[str, Extraction], corrections) -> list[tuple[str, list[Telling]]]:
    """Clauses of happenings -> (ISO date, the tellings of one happening), in date order."""
    corrected_articles = {article for article, _ in corrections}
    by_date: dict[str, list[Telling]] = defaultdict(list)
    for article_id in sorted(extractions):
        may_be_corrected = article_id in corrected_articles
        for clause in extractions[article_id].clauses:
            date, doubtful, note = clause.date.date, clause.date.doubtful, clause.date.note
            corrected = corrections.get((article_id, fold(clause.date.text))) if may_be_corrected and not clause.reported else None
            if corrected is not None:
                date, doubtful, note = corrected, False, f"'{clause.date.text}' \u2192 {corrected.iso()}, corrected by the editors"
            by_date[date.iso()].append(Telling(article_id, clause, date, doubtful, note))

    # Many tellings repeat a clause word for word: find each text's words once.
    texts = {telling.clause.headline for tellings in by_date.values() for telling in tellings}
    words = {text: _event_words(text) for text in texts}
    rare = _rare_words([words[t.clause.headline] for tellings in by_date.values() for t in tellings])
    clusters = [(iso, cluster) for iso in sorted(by_date) for cluster in _clusters(by_date[iso], words, rare)]
    return _join_reports(clusters, words)


def _join_reports(clusters: list[tuple[str, list[Telling]]], words: dict[str, frozenset[str]]) -> list[tuple[str, list[Telling]]]:
    """A happening reported without a date joins the one dated telling of it on the same chronology page.

    "Hamas delegations met Fidan" in an article of April and "on 20 April a
    delegation met Fidan" in another tell one meeting. Only a match without
    doubt is joined: exactly one dated happening, on the same page (the
    reported telling's anchor then stays where its links point), on or before
    the report and at most REPORT_DAYS before it, sharing two actors and
    enough words. The dated tellings come first: the event keeps their anchor.
    """
    dated = [(iso, cluster) for iso, cluster in clusters if not all(t.clause.reported for t in cluster)]
    by_page: dict[str, list[list[Telling]]] = defaultdict(list)
    for iso, cluster in dated:
        by_page[urls.chronology_key(iso)].append(cluster)
    joined: set[int] = set()
    for position, (iso, cluster) in enumerate(clusters):
        if not all(t.clause.reported for t in cluster):
            continue
        matches = [candidate for candidate in by_page.get(urls.chronology_key(iso), ())
                   if _reports(cluster, candidate, words)]
        if len(matches) == 1:
            matches[0].extend(cluster)
            joined.add(position)
    return [item for position, item in enumerate(clusters) if position not in joined]


def _reports(reported: list[Telling], dated: list[Telling], words: dict[str, frozenset[str]]) -> bool:
    """Whether tellings without a date report the happening that dated tellings date."""
    report, happening = reported[0].date, dated[0].date
    if happening.earliest() > report.latest() or (report.earliest() - happening.latest()).days > REPORT_DAYS:
        return False
    actors = {a for t in reported for a in t.clause.actors} & {a for t in dated for a in t.clause.actors}
    return len(actors) >= 2 and any(_overlap(words[a.clause.headline], words[b.clause.headline]) >= 0.2
                                    for a in reported for b in dated)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of two clauses' words that both have."""
    union = len(a | b)
    return len(a & b) / union if union else 0


def build_events(articles: list[Article], tellings: list[tuple[str, list[Telling]]], reprints: dict[str, str]) -> tuple[Event, ...]:
    """Clustered tellings -> events, one per happening, with every source that tells it (a reprint counts as its original)."""
    outlet_of = {a.id: a.outlet.name or a.id for a in articles}
    events = []
    for _, cluster in tellings:
        first = cluster[0]
        # Each telling's anchor is of its own date: a report joined to the dated telling keeps its own.
        anchors = [event_anchor(t.article, t.clause, t.date.iso()) for t in cluster]
        anchors += [anchor for t in cluster for anchor in earlier_anchors(t.article, t.clause, t.date.iso())]
        sources = {reprints.get(t.article, t.article) for t in cluster}
        events.append(Event(
            id=anchors[0], aliases=tuple(sorted(set(anchors[1:]) - {anchors[0]})), date=first.date,
            doubtful=all(t.doubtful for t in cluster),
            notes=tuple(dict.fromkeys(t.note for t in cluster)),
            headline=first.clause.headline, text=first.clause.sentence,
            reported=all(t.clause.reported for t in cluster),
            actors=tuple(dict.fromkeys(actor for t in cluster for actor in t.clause.actors)),
            proposals=tuple(dict.fromkeys(p for t in cluster for p in t.clause.proposals)),
            citations=tuple(dict.fromkeys(Citation(t.article, t.clause.paragraph) for t in cluster)),
            outlets=len({outlet_of.get(a, a) for a in sources}),
        ))
    return tuple(sorted(events, key=lambda e: (e.date.earliest(), e.date.precision != "day", e.id)))


@dataclass(eq=False, slots=True)
class _Kind:
    """Tellings of one date with the same words, actors and proposals: alike to the same tellings."""

    words: frozenset[str]
    actors: frozenset[str]
    proposals: frozenset[str]
    reported: bool
    members: list[int] = field(default_factory=list)  # indexes of its tellings, ascending


def _clusters(items: list[Telling], words: dict[str, frozenset[str]], rare_words: set[str]) -> list[list]:
    """Same-date tellings that share an actor and enough words are one event.

    Two reports of one day rarely share many words ("On March 18, Israel
    resumed operations" / "Israel resumed its assault on 18 March 2025"), so
    at day precision one shared rare word is enough; coarser dates need more.

    Thousands of tellings can share a date: comparing every pair would be
    quadratic. The clusters, and their order, are still exactly those of
    comparing every pair (i, j), i < j, in turn and joining j's cluster to i's:
    - tellings of one kind (the same words, actors and proposals) are alike to
      the same tellings, so a kind is compared once, at its first telling;
    - alike tellings share an actor and a word, so a kind is compared only
      with the kinds it shares such a key with;
    - what i joins does not depend on the order it joins them in, and once a
      kind's tellings are in one cluster, joining one of them joins them all.
    """
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[root(j)] = root(i)

    day = bool(items) and items[0].date.precision == "day"  # the items share one date
    same_sentence: dict[tuple[str, str], list[int]] = defaultdict(list)
    sentence_of = []  # index -> the indexes of its article's tellings of the same sentence
    kinds: dict[tuple, _Kind] = {}
    kind_of = []
    for index, telling in enumerate(items):
        clause = telling.clause
        tellings = same_sentence[(telling.article, clause.headline)]
        tellings.append(index)
        sentence_of.append(tellings)
        signature = (words[clause.headline], frozenset(clause.actors), frozenset(clause.proposals), clause.reported)
        kind = kinds.get(signature)
        if kind is None:
            kind = kinds[signature] = _Kind(*signature)
        kind.members.append(index)
        kind_of.append(kind)
    # Actor -> word -> the kinds with both: two kinds alike share an actor and a word.
    by_actor: dict[str, dict[str, list[_Kind]]] = defaultdict(lambda: defaultdict(list))
    for kind in kinds.values():
        for actor in kind.actors:
            for word in kind.words:
                by_actor[actor][word].append(kind)

    together: set[_Kind] = set()  # kinds whose tellings are all in one cluster
    for i, kind in enumerate(kind_of):
        tellings = sentence_of[i]
        if len(tellings) > 1:
            for j in tellings:
                if j > i:
                    join(i, j)  # one sentence with two readings of the same day
        if kind.members[0] != i:
            continue  # the kind's first telling has joined all that this one would
        for other in _sharing_a_key(kind, by_actor):
            if other.members[-1] <= i or not _alike(kind, other, day, rare_words):
                continue
            if other in together or other.members[0] < i:
                join(i, other.members[-1])  # its tellings are in one cluster already
                continue
            for j in other.members:
                if j > i:
                    join(i, j)
            together.add(other)
    clusters: dict[int, list] = defaultdict(list)
    for index, item in enumerate(items):
        clusters[root(index)].append(item)
    return [clusters[key] for key in sorted(clusters)]


def _sharing_a_key(kind: _Kind, by_actor: dict[str, dict[str, list[_Kind]]]) -> set[_Kind]:
    """The kinds (itself included) that share an actor and a word with kind."""
    found: set[_Kind] = set()
    for actor in kind.actors:
        by_word = by_actor[actor]
        for word in kind.words:
            found.update(by_word[word])
    return found


def _alike(a: _Kind, b: _Kind, day: bool, rare_words: set[str]) -> bool:
    """Whether tellings of these two kinds tell one happening.

    A happening the text dates and one only reported that day are kept apart.
    """
    if a.actors.isdisjoint(b.actors) or a.reported != b.reported:
        return False
    shared = a.words & b.words
    overlap = _overlap(a.words, b.words)
    if overlap >= 0.2 or (day and not shared.isdisjoint(rare_words)):
        return True
    return overlap >= 0.1 and not a.proposals.isdisjoint(b.proposals)


def _rare_words(word_sets: list[frozenset[str]]) -> set[str]:
    """Words found in few dated sentences (given as their word sets): a shared one marks the same happening."""
    frequency = Counter(chain.from_iterable(word_sets))
    limit = max(3, len(word_sets) // 50)
    return {word for word, count in frequency.items() if count <= limit}


# Relations that read the same both ways: kept once, their two actors in order.
_SYMMETRIC = frozenset({"met", "talked with", "negotiated with"})


def build_relations(extractions: dict[str, Extraction]) -> tuple[Relation, ...]:
    """Who did what to whom, each with the clauses that state it (never from names standing near each other)."""
    edges: dict[tuple[str, str, str], list[tuple[Citation, str]]] = defaultdict(list)
    for article_id in sorted(extractions):
        for found in extractions[article_id].relations:
            source, target = found.source, found.target
            if found.kind in _SYMMETRIC and target is not None and target < source:
                source, target = target, source
            edges[(source, target or "", found.kind)].append((Citation(article_id, found.paragraph), found.clause))
    relations = []
    for (source, target, kind), told in sorted(edges.items()):
        told = list(dict.fromkeys(told))
        relations.append(Relation(source, target or None, kind, tuple(c for c, _ in told), tuple(t for _, t in told)))
    return tuple(relations)


# --- same story and reprints -------------------------------------------------------

def _folded_text(article: Article) -> str:
    """An article's paragraphs as one folded, lower-case text."""
    return fold(" ".join(p.text for p in article.paragraphs)).lower()


class WordCounts(NamedTuple):
    """How often each content word occurs in an article: what same-story grouping compares.

    Kept for every article through the build and stored for rebuilds, so
    compact: one string and one array rather than a dict of strings and ints.
    """

    words: str  # each content word once, separated by spaces, in the order they first occur
    counts: array  # how often each of those words occurs


def article_words(article: Article) -> WordCounts:
    """An article's content words and their counts.

    Depends on the article alone, so it is counted with the extraction (on
    every core, and kept for rebuilds) rather than here.
    """
    counts = Counter(_content_words(_folded_text(article)))
    typecode = "B" if max(counts.values(), default=0) < 256 else "I"  # a byte a count, mostly
    return WordCounts(" ".join(counts), array(typecode, counts.values()))


# A TF-IDF vector: an article's words (one string object per word across
# articles) and their weights, in the order the words first occur in it.
_Vector = tuple[tuple[str, ...], list[float]]


def similar_pairs(vectors: dict[str, _Vector]) -> list[tuple[str, str, float]]:
    """(a, b, cosine) for candidate pairs at least as similar as one story, sorted.

    A cosine is summed over the words of the vector with fewer words (the
    first of the pair when both have as many), in their order, looking each
    up in the other vector. Pairs are taken by that other vector, so that
    each vector is made a dict at most once, and one at a time.
    """
    by_longer: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a, b in _candidate_pairs(vectors):
        by_longer[a if len(vectors[b][0]) < len(vectors[a][0]) else b].append((a, b))
    pairs = []
    for longer, its_pairs in by_longer.items():
        lookup = dict(zip(*vectors[longer]))
        for a, b in its_pairs:
            words, weights = vectors[b if longer == a else a]
            similarity = sum([weight * found for weight, found in zip(weights, map(lookup.get, words)) if found is not None])
            if similarity >= SAME_STORY:
                pairs.append((a, b, similarity))
    return sorted(pairs)


def group_same_story(articles: list[Article], pairs: list[tuple[str, str, float]]) -> tuple[tuple[str, ...], ...]:
    """Groups of two or more articles that tell the same story: alike in words, close in time."""
    days = {a.id: a.published.date.earliest().toordinal() for a in articles if a.published.date}
    close = [(a, b) for a, b, _ in pairs if a not in days or b not in days or abs(days[a] - days[b]) <= STORY_DAYS]
    return _components([a.id for a in articles], close)


def group_reprints(articles: list[Article], pairs: list[tuple[str, str, float]]) -> dict[str, str]:
    """Article id -> the id of the first article it reprints (itself when original).

    Only pairs whose words are already very alike are compared shingle by
    shingle, one group of such articles at a time: only that group's shingles
    are in memory.
    """
    by_id = {article.id: article for article in articles}
    alike = [(a, b) for a, b, similarity in pairs if similarity >= REPRINT_COSINE]
    groups = _components(list(by_id), alike)
    group_of = {member: number for number, group in enumerate(groups) for member in group}
    pairs_of: list[list[tuple[str, str]]] = [[] for _ in groups]
    for a, b in alike:
        pairs_of[group_of[a]].append((a, b))
    reprints = []
    for group, group_pairs in zip(groups, pairs_of):
        shingles = {key: _shingles(_folded_text(by_id[key])) for key in group}
        for a, b in group_pairs:
            shared = len(shingles[a] & shingles[b])
            union = len(shingles[a]) + len(shingles[b]) - shared
            if union and shared / union >= REPRINT:
                reprints.append((a, b))
    canonical = {}
    for group in _components([a.id for a in articles], reprints):
        for member in group:
            canonical[member] = group[0]
    return canonical


_TOKEN = re.compile(r"\w+")
# ASCII bytes that are not word characters (\w) -> space; all others kept.
_NON_WORD_TO_SPACE = bytes(b if b >= 0x80 or chr(b).isalnum() or chr(b) == "_" else 0x20 for b in range(256))


def _shingles(folded: str) -> set[tuple[str, ...]]:
    """The runs of five words of a folded, lower-case text (as tuples: cheaper than joining them)."""
    words = _tokens(folded)
    return set(zip(words, words[1:], words[2:], words[3:], words[4:]))


def _tokens(text: str) -> list[str]:
    r"""The words of a text, as _TOKEN (\w+) finds them, but mostly found in C: twice as fast.

    The ASCII characters that are not word characters become spaces: the text
    then splits into pieces that hold whole words. A piece of word characters
    only (isalnum, the \w of re but for "_") is one word; the few others (with
    "_" or a character such as "…") are searched.
    """
    text = text.encode("utf-8", "surrogatepass").translate(_NON_WORD_TO_SPACE).decode("utf-8", "surrogatepass")
    words = []
    for piece in text.split():
        if piece.isalnum():
            words.append(piece)
        else:
            words += _TOKEN.findall(piece)
    return words


def _tfidf(documents: dict[str, WordCounts]) -> dict[str, _Vector]:
    """Document -> TF-IDF vector of its word counts, unit length."""
    # One string object per word: vectors then share them, and find them by identity.
    words_of = {key: tuple(map(sys.intern, document.words.split())) for key, document in documents.items()}
    frequency: Counter[str] = Counter()
    for words in words_of.values():
        frequency.update(words)
    total = len(documents)
    # Smoothed IDF (+1): a word in every article still counts, as two copies of one text need.
    idf = {w: 1 + math.log((1 + total) / (1 + count)) for w, count in frequency.items()}
    vectors = {}
    for key, document in documents.items():
        words = words_of[key]
        weights = list(map(mul, document.counts, map(idf.__getitem__, words)))
        norm = math.sqrt(sum(map(mul, weights, weights))) or 1.0
        vectors[key] = (words, [weight / norm for weight in weights])
    return vectors


def _candidate_pairs(vectors: dict[str, _Vector], top: int = 10, max_posting: int = 25):
    """Pairs worth comparing: they share a distinctive word (keeps large corpora linear-ish)."""
    postings: dict[str, list[str]] = defaultdict(list)
    for key in sorted(vectors):
        for word in _top_words(vectors[key], top):
            postings[word].append(key)
    pairs = set()
    for keys in postings.values():
        if len(keys) > max_posting:
            continue
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                pairs.add((a, b))
    return sorted(pairs)


def _top_words(vector: _Vector, top: int) -> list[str]:
    """The top words of a vector by weight, ties broken alphabetically.

    Only the words weighing at least the top-th weight can be among them, so
    only those are sorted.
    """
    words, weights = vector
    if not words:
        return []
    cutoff = sorted(weights, reverse=True)[min(top, len(weights)) - 1]
    heaviest = [(word, weight) for word, weight in zip(words, weights) if weight >= cutoff]
    heaviest.sort(key=lambda item: (-item[1], item[0]))
    return [word for word, _ in heaviest[:top]]


def _components(keys: list[str], pairs: list[tuple[str, str]]) -> tuple[tuple[str, ...], ...]:
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    seen, groups = set(), []
    for key in sorted(keys):
        if key in seen or key not in neighbours:
            continue
        stack, group = [key], set()
        while stack:
            node = stack.pop()
            if node not in group:
                group.add(node)
                stack.extend(neighbours[node] - group)
        seen |= group
        groups.append(tuple(sorted(group)))
    return tuple(groups)
