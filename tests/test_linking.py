"""Linking: events told by several articles, same-story groups, registry quotes."""
from __future__ import annotations

import math
import random
import re
from array import array
from collections import Counter, defaultdict

import pytest

from dossier.dates import DateMention, PartialDate
from dossier.extract import Extractor
from dossier.link import (Telling, WordCounts, _clusters, earlier_anchors, event_anchor, _event_words, _tfidf, _tokens, _top_words, article_words, group_reprints, link,
                          similar_pairs)
from dossier.models import Clause, SourceRef
from dossier.parse import Parser
from dossier.registry import load_registry
from dossier.sourcing import date_article
from tests.support import make_article
from tests.test_extract import ACTORS, PROPOSALS

REPORT_A = """Israel ends truce as talks stall
Israel resumed its strikes on Gaza on March 18, 2025, ending the truce with Hamas.
Khalil al-Hayya said Hamas remained ready to talk.
"""
REPORT_B = """Strikes resume in Gaza
On 18 March 2025, Israel resumed strikes on Gaza, ending its truce with Hamas after weeks of stalled talks.
Mediators in Ankara said they would keep trying.
"""
UNRELATED = """Envoy visits the region
The U.S. hostage envoy met Turkish officials in Ankara on April 2, 2025 to discuss aid deliveries and reconstruction.
"""


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    folder = tmp_path_factory.mktemp("registry")
    (folder / "actors.toml").write_text(ACTORS, encoding="utf-8")
    proposals = PROPOSALS + 'profile = "Hamas offered a long truce."\nprofile_sources = ["report-a: said Hamas remained ready"]\n'
    (folder / "proposals.toml").write_text(proposals, encoding="utf-8")
    registry, problems = load_registry(folder)
    assert problems == []
    return registry


PARSER = Parser()


def build(registry, texts: dict[str, str], outlets: dict[str, str] | None = None, published: dict[str, str] | None = None):
    articles = []
    for name, text in texts.items():
        facts = {"outlet": outlets[name]} if outlets and name in outlets else {}
        if published and name in published:
            facts["published"] = published[name]
        article, _ = make_article(text, name=f"{name}.txt", **facts)
        articles.append(date_article(article)[0])
    extractor = Extractor(registry.actors, registry.proposals)
    extractions = {a.id: extractor.extract(a, a.published.date, a.published.inferred, PARSER.parse_paragraphs(a.paragraphs)) for a in articles}
    return link(articles, registry, extractions)


def test_same_event_in_two_articles_is_one_event_with_two_sources(registry):
    dossier, _ = build(registry, {"report-a": REPORT_A, "report-b": REPORT_B}, {"report-a": "Wire One", "report-b": "Daily Two"})
    march = [e for e in dossier.events if e.date.iso() == "2025-03-18"]
    assert len(march) == 1
    event = march[0]
    assert {c.article for c in event.citations} == {"report-a", "report-b"}
    assert event.outlets == 2 and event.date.precision == "day" and not event.doubtful
    assert event.actors == ("israel",)  # the clause's actors, not every name of the sentence
    assert event.aliases and event.id.startswith("e-2025-03-18-")


def test_different_days_stay_different_events(registry):
    dossier, _ = build(registry, {"report-a": REPORT_A, "other": UNRELATED})
    assert sorted(e.date.iso() for e in dossier.events) == ["2025-03-18", "2025-04-02"]


def test_event_anchor_survives_adding_another_source(registry):
    alone, _ = build(registry, {"report-b": REPORT_B})
    both, _ = build(registry, {"report-a": REPORT_A, "report-b": REPORT_B})
    anchor = alone.events[0].id
    merged = [e for e in both.events if e.date.iso() == "2025-03-18"][0]
    assert anchor in (merged.id, *merged.aliases)


DATED_MEETING = """Kalın and al-Hayya meet in Ankara
İbrahim Kalın met Khalil al-Hayya in Ankara on April 20, 2025 to discuss the truce.
"""
REPORTED_MEETING = """Türkiye steps up its mediation
Kalın has met Khalil al-Hayya in the Turkish capital to discuss the truce.
"""


def test_a_report_without_a_date_joins_the_dated_telling_and_keeps_its_anchor(registry):
    alone, _ = build(registry, {"reported": REPORTED_MEETING}, published={"reported": "2025-04-24"})
    [report] = alone.events
    assert report.reported
    both, _ = build(registry, {"dated": DATED_MEETING, "reported": REPORTED_MEETING},
                    published={"dated": "2025-04-21", "reported": "2025-04-24"})
    [event] = both.events
    assert event.date.iso() == "2025-04-20" and not event.reported
    assert [c.article for c in event.citations] == ["dated", "reported"]
    assert event.id.startswith("e-2025-04-20-") and report.id in event.aliases


def test_a_report_weeks_later_or_on_another_page_stays_apart(registry):
    for published in ("2025-05-02", "2025-05-30"):  # another month's page; long after
        dossier, _ = build(registry, {"dated": DATED_MEETING, "reported": REPORTED_MEETING},
                           published={"dated": "2025-04-21", "reported": published})
        assert sorted((e.date.iso(), e.reported) for e in dossier.events) == [("2025-04-20", False), (published, True)]


def test_a_reported_clause_keeps_its_anchor_when_its_headline_reads_better():
    mention = DateMention(text="", start=0, end=0, date=PartialDate(2025, 8, 10), method="reported", note="", doubtful=False)
    sentence = "However, he dismissed Hamas's conditions."
    before = Clause(2, sentence, "He dismissed Hamas's conditions", mention, True, ("netanyahu",), (), 12,
                    "He dismissed Hamas's conditions")
    after = Clause(2, sentence, "[Benjamin Netanyahu] dismissed Hamas's conditions", mention, True, ("netanyahu",), (), 12,
                   "He dismissed Hamas's conditions")
    assert event_anchor("a", before, "2025-08-10") == event_anchor("a", after, "2025-08-10")
    # The anchor links made before 2026-12-05 point to, from the headline without brackets, is kept as an alias.
    assert earlier_anchors("a", after, "2025-08-10") == earlier_anchors("a", before, "2025-08-10") != []


def test_reprints_count_as_one_outlet(registry):
    dossier, _ = build(registry, {"report-a": REPORT_A, "report-a-copy": REPORT_A}, {"report-a": "Wire One", "report-a-copy": "Reprinter"})
    event = [e for e in dossier.events if e.date.iso() == "2025-03-18"][0]
    assert len(event.citations) == 2 and event.outlets == 1


def test_articles_telling_the_same_story_are_grouped(registry):
    dossier, _ = build(registry, {"report-a": REPORT_A, "report-b": REPORT_B, "other": UNRELATED})
    assert dossier.story_groups == (("report-a", "report-b"),)


def test_registry_quotes_become_paragraph_citations(registry):
    dossier, problems = build(registry, {"report-a": REPORT_A})
    assert problems == []
    assert [(c.article, c.paragraph) for c in dossier.proposals[0].profile.citations] == [("report-a", 2)]


def test_a_quote_missing_from_its_article_is_an_error_naming_the_registry_line(registry):
    from dataclasses import replace
    bad_ref = SourceRef("report-a", "words that are not there", "registry/proposals.toml", 7)
    proposal = registry.proposals[0]
    broken = replace(registry, proposals=(replace(proposal, profile=replace(proposal.profile, sources=(bad_ref,))),))
    _, problems = build(broken, {"report-a": REPORT_A})
    assert [(p.file, p.line, p.severity) for p in problems] == [("registry/proposals.toml", 7, "error")]
    assert "quote not found" in problems[0].message


def test_relations_are_typed_and_traceable(registry):
    dossier, _ = build(registry, {"other": UNRELATED})
    relation = dossier.relations[0]
    assert (relation.source, relation.target, relation.kind) == ("adam-boehler", "turkiye", "met")
    assert relation.citations == dossier.events[0].citations


# --- same-day clustering --------------------------------------------------------

MARCH_18 = PartialDate(2025, 3, 18)


def tellings(rows, date=MARCH_18):
    """(article, text, actors, proposals) rows -> _clusters' items, and the words of their texts."""
    mention = DateMention(text="18 March", start=0, end=8, date=date, method="absolute", note="", doubtful=False)
    items = [Telling(article, Clause(1, text, text, mention, False, tuple(actors), tuple(proposals)), date, False, "")
             for article, text, actors, proposals in rows]
    words = {item.clause.headline: _event_words(item.clause.headline) for item in items}
    return items, words


def texts_of(clusters):
    return [[(telling.article, telling.clause.headline) for telling in cluster] for cluster in clusters]


def test_tellings_sharing_an_actor_and_words_are_one_event_and_others_are_not():
    items, words = tellings([
        ("a", "Israel resumed strikes on Gaza", ["israel"], []),
        ("b", "Israel resumed its assault on Gaza City", ["israel"], []),
        ("c", "Hamas resumed strikes on Gaza", ["hamas"], []),  # the same words, another actor
        ("d", "The army opened the Rafah crossing", ["israel"], []),  # the same actor, no word in common
    ])
    assert texts_of(_clusters(items, words, set())) == [
        [("a", "Israel resumed strikes on Gaza"), ("b", "Israel resumed its assault on Gaza City")],
        [("c", "Hamas resumed strikes on Gaza")],
        [("d", "The army opened the Rafah crossing")],
    ]


def test_one_shared_rare_word_joins_tellings_of_a_day_but_not_of_a_month():
    rows = [
        ("a", "Israel resumed military operations across Gaza", ["israel"], []),
        ("b", "Jets struck Khan Younis in renewed operations", ["israel"], []),
    ]
    day_items, words = tellings(rows)
    assert len(_clusters(day_items, words, {"operations"})) == 1
    assert len(_clusters(day_items, words, set())) == 2
    month_items, words = tellings(rows, PartialDate(2025, 3))
    assert len(_clusters(month_items, words, {"operations"})) == 2


def test_a_sentence_read_twice_in_one_article_is_one_event_even_without_actors():
    items, words = tellings([
        ("a", "Talks were held on 18 March", [], []),
        ("b", "Talks were held on 18 March", [], []),
        ("a", "Talks were held on 18 March", [], []),
    ])
    assert [len(cluster) for cluster in _clusters(items, words, set())] == [2, 1]


def _every_pair_clusters(items, words, rare_words):
    """The clusters of comparing every pair of tellings, as _clusters did before it had an index."""
    parent = list(range(len(items)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, b = items[i].clause, items[j].clause
            if a.headline == b.headline and items[i].article == items[j].article:
                parent[root(j)] = root(i)
                continue
            if not set(a.actors) & set(b.actors) or a.reported != b.reported:
                continue
            shared = words[a.headline] & words[b.headline]
            union = words[a.headline] | words[b.headline]
            overlap = len(shared) / len(union) if union else 0
            day = items[i].date.precision == "day"
            if overlap >= 0.2 or (day and shared & rare_words) or (set(a.proposals) & set(b.proposals) and overlap >= 0.1):
                parent[root(j)] = root(i)
    clusters = defaultdict(list)
    for index, item in enumerate(items):
        clusters[root(index)].append(item)
    return [clusters[key] for key in sorted(clusters)]


@pytest.mark.parametrize("date", [MARCH_18, PartialDate(2025, 3)])
def test_clusters_are_those_of_comparing_every_pair_in_the_same_order(date):
    rng = random.Random(7)
    vocabulary = "truce talks gaza strikes hostages released aid crossing envoy cairo doha plan".split()
    for _ in range(300):
        rows = []
        for _ in range(rng.randint(1, 30)):
            if rows and rng.random() < 0.2:
                rows.append(rng.choice(rows))  # the same sentence again, often from the same article
                continue
            text = " ".join(rng.sample(vocabulary, rng.randint(0, 6)))
            actors = rng.sample(["israel", "hamas", "qatar"], rng.randint(0, 2))
            proposals = rng.sample(["truce-plan"], rng.randint(0, 1))
            rows.append((rng.choice("abc"), text, actors, proposals))
        items, words = tellings(rows, date)
        rare = set(rng.sample(vocabulary, 3))
        assert _clusters(items, words, rare) == _every_pair_clusters(items, words, rare)


def test_event_words_are_the_content_words_but_names_and_date_words():
    text = "On Tuesday, 18 March, Israel’s army resumed strikes on Gaza and Hamas said it would answer"
    assert _event_words(text) == {"army", "resumed", "strikes", "answer"}


# --- same story and reprints -----------------------------------------------------

def test_top_words_break_ties_alphabetically():
    vector = (("b", "a", "c", "d"), [0.5, 0.5, 0.9, 0.1])
    assert _top_words(vector, 2) == ["c", "a"]
    assert _top_words(vector, 10) == ["c", "a", "b", "d"]
    assert _top_words(((), []), 10) == []


def test_article_words_are_each_content_word_once_with_its_count_in_order_of_first_use():
    article, _ = make_article("Truce talks\nThe truce held. Talks on the truce resumed in Doha, and talks went on.\n")
    counted = article_words(article)
    assert list(zip(counted.words.split(), counted.counts)) == [("truce", 2), ("held", 1), ("talks", 2), ("resumed", 1), ("doha", 1), ("went", 1)]


def test_words_are_those_of_the_word_pattern():
    rng = random.Random(3)
    # ASCII and other word characters, punctuation, Unicode spaces, a combining mark, a lone surrogate.
    alphabet = "ab_Z19 .,-'\t\n\x1c\u2026\u00e9\u0131\u0663\u00b2\u00a0\u2009\u0301\u00ab\ud800"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert _tokens(text) == re.findall(r"\w+", text), repr(text)


def _reference_similar_pairs(documents: dict[str, Counter]) -> list[tuple[str, str, float]]:
    """similar_pairs(_tfidf(...)) written plainly, on dicts, as it was before it was made faster."""
    frequency = Counter(word for counts in documents.values() for word in counts)
    idf = {w: 1 + math.log((1 + len(documents)) / (1 + count)) for w, count in frequency.items()}
    vectors = {}
    for key, counts in documents.items():
        vector = {w: c * idf[w] for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors[key] = {w: v / norm for w, v in vector.items()}
    postings = defaultdict(list)
    for key in sorted(vectors):
        top = sorted(vectors[key].items(), key=lambda item: (-item[1], item[0]))[:10]
        for word, _ in top:
            postings[word].append(key)
    candidates = sorted({(a, b) for keys in postings.values() if len(keys) <= 25 for i, a in enumerate(keys) for b in keys[i + 1:]})
    pairs = []
    for a, b in candidates:
        shorter, other = (vectors[b], vectors[a]) if len(vectors[b]) < len(vectors[a]) else (vectors[a], vectors[b])
        similarity = sum(value * other[word] for word, value in shorter.items() if word in other)
        if similarity >= 0.4:
            pairs.append((a, b, similarity))
    return pairs


def test_similar_pairs_are_those_of_the_plain_computation_to_the_last_bit():
    rng = random.Random(11)
    vocabulary = [f"w{n}" for n in range(40)]
    for _ in range(40):
        documents = {}
        for number in range(rng.randint(1, 40)):
            words = rng.sample(vocabulary, rng.randint(0, 15))
            documents[f"doc{number:02d}"] = Counter({word: rng.randint(1, 3) for word in words})
        compact = {key: WordCounts(" ".join(counts), array("I", counts.values())) for key, counts in documents.items()}
        assert similar_pairs(_tfidf(compact)) == _reference_similar_pairs(documents)


def test_a_copy_is_a_reprint_and_the_same_words_in_another_order_are_not():
    body = "Israel resumed its strikes on Gaza on March 18, 2025, ending the truce with Hamas after weeks of stalled talks in Doha."
    shuffled = " ".join(reversed(body.rstrip(".").split())) + "."
    texts = {"wire": body, "copy": body, "shuffled": shuffled, "other": UNRELATED.split("\n", 1)[1]}
    articles = [make_article(f"Title\n{text}\n", name=f"{name}.txt")[0] for name, text in texts.items()]
    pairs = similar_pairs(_tfidf({article.id: article_words(article) for article in articles}))
    assert {(a, b) for a, b, _ in pairs} == {("copy", "shuffled"), ("copy", "wire"), ("shuffled", "wire")}
    assert group_reprints(articles, pairs) == {"copy": "copy", "wire": "copy"}
