"""Linking: events told by several articles, same-story groups, registry quotes."""
from __future__ import annotations

import pytest

from dossier.extract import Extractor, extract_all
from dossier.link import link
from dossier.models import SourceRef
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


def build(registry, texts: dict[str, str], outlets: dict[str, str] | None = None):
    articles = []
    for name, text in texts.items():
        facts = {"outlet": outlets[name]} if outlets and name in outlets else {}
        article, _ = make_article(text, name=f"{name}.txt", **facts)
        articles.append(date_article(article)[0])
    return link(articles, registry, extract_all(Extractor(registry.actors, registry.proposals), articles))


def test_same_event_in_two_articles_is_one_event_with_two_sources(registry):
    dossier, _ = build(registry, {"report-a": REPORT_A, "report-b": REPORT_B}, {"report-a": "Wire One", "report-b": "Daily Two"})
    march = [e for e in dossier.events if e.date.iso() == "2025-03-18"]
    assert len(march) == 1
    event = march[0]
    assert {c.article for c in event.citations} == {"report-a", "report-b"}
    assert event.outlets == 2 and event.date.precision == "day" and not event.doubtful
    assert "israel" in event.actors and "hamas" in event.actors
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
    assert relation.events == (dossier.events[0].url,)
