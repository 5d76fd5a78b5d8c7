"""Build the five seeds and check facts of the resulting dossier."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from dossier.normalize import _is_junk

ROOT = Path(__file__).resolve().parent.parent
SEED_FILES = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))


def page(site: Path, url: str) -> BeautifulSoup:
    path = site / url.split("#")[0]
    if url.endswith("/") or "#" in url and url.split("#")[0].endswith("/"):
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def export(seed_site):
    return json.loads((seed_site / "dossier.json").read_text(encoding="utf-8"))


def test_export_is_valid_against_its_published_schema(seed_site, export):
    schema = json.loads((seed_site / "dossier.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(export, schema)


def test_one_article_page_per_seed(seed_site, export):
    assert [a["source_file"] for a in export["articles"]] == SEED_FILES
    for article in export["articles"]:
        assert (seed_site / article["url"] / "index.html").is_file()
        assert article["url"] == f"articles/{Path(article['source_file']).stem}/"


def test_titles_stated_or_made_from_the_lead(export):
    titles = {a["source_file"]: (a["title"], a["title_made"]) for a in export["articles"]}
    assert titles["003_5aa09946ffab4909.txt"] == ("Turkish intel chief, Hamas leader discuss Gaza cease-fire talks", False)
    title, made = titles["002_886e115b067cc19e.txt"]
    assert title.startswith("Intensive Mediation Efforts") and not made
    title, made = titles["000_867ce0a20fc094e4.txt"]
    assert made and title.startswith("Hamas is promoting a new cease-fire initiative")


def test_no_junk_left_in_any_paragraph(export):
    for article in export["articles"]:
        for paragraph in article["paragraphs"]:
            text = paragraph["text"]
            assert not _is_junk(text), (article["id"], text)
            assert "(Reuters Photo)" not in text and not text.startswith("GAZA (")
            assert text not in ("Policy", "Show More", "Related Articles", "Back to top button")


def test_every_paragraph_has_its_anchor_and_self_link(seed_site, export):
    for article in export["articles"]:
        soup = page(seed_site, article["url"])
        for paragraph in article["paragraphs"]:
            element = soup.find(id=paragraph["id"])
            assert element is not None, paragraph["url"]
            assert element.find("a", href=f"#{paragraph['id']}") is not None
            assert paragraph["text"] in element.get_text()


def test_set_apart_lines_are_folded_away_on_the_article_page(seed_site):
    soup = page(seed_site, "articles/002_886e115b067cc19e/")
    details = soup.find("details", class_="set-apart")
    assert details is not None
    folded = details.get_text()
    for junk in ("Policy", "Show More", "Related Articles", "Back to top button", "Verified by MonsterInsights"):
        assert junk in folded


def test_publication_dates_are_the_editors_source_facts(export):
    published = {a["source_file"]: a["published"] for a in export["articles"]}
    assert published["004_0acb2a411db52cd6.txt"] == {"date": "2025-05-11", "precision": "day", "inferred": False, "not_before": False}
    assert published["000_867ce0a20fc094e4.txt"] == {"date": "2025-04", "precision": "month", "inferred": False, "not_before": False}
    assert published["003_5aa09946ffab4909.txt"]["date"] == "2024-06-30"


def test_every_seed_has_its_stated_outlet(export):
    outlets = {a["source_file"]: a["outlet"] for a in export["articles"]}
    assert outlets["003_5aa09946ffab4909.txt"] == "Daily Sabah"
    assert all(outlets.values())


def test_home_and_sources_list_every_article(seed_site, export):
    for url in ("index.html", "sources/"):
        links = {a["href"] for a in page(seed_site, url).find_all("a", href=True)}
        for article in export["articles"]:
            assert any(href.endswith(article["url"]) for href in links), (url, article["url"])


# --- actors, proposals, events ------------------------------------------------

def citations_of(export) -> list[dict]:
    found = []
    for actor in export["actors"]:
        found += actor["profile"]["citations"]
        found += [{"article": m["article"], "paragraph": m["paragraph"]} for m in actor["mentions"]]
    for proposal in export["proposals"]:
        found += proposal["citations"]
        for term in proposal["terms"].values():
            found += term["citations"]
    for event in export["events"]:
        found += event["citations"]
    return found


def test_every_citation_names_an_existing_article_and_paragraph(export):
    paragraphs = {(a["id"], p["id"]) for a in export["articles"] for p in a["paragraphs"]}
    citations = citations_of(export)
    assert len(citations) > 100
    missing = [c for c in citations if (c["article"], c["paragraph"]) not in paragraphs]
    assert missing == []


def test_january_2025_agreement_dates_in_the_chronology(export):
    by_date = {}
    for event in export["events"]:
        by_date.setdefault(event["date"], []).append(event)
    reached = [e for e in by_date["2025-01-15"] if "2025-01-three-phase-ceasefire" in e["proposals"]]
    assert reached and reached[0]["precision"] == "day"
    assert {c["article"] for c in reached[0]["citations"]} == {"000_867ce0a20fc094e4"}
    took_effect = by_date["2025-01-19"]
    assert took_effect[0]["precision"] == "day" and took_effect[0]["citations"][0]["article"] == "004_0acb2a411db52cd6"
    collapse = [e for e in by_date["2025-03-18"] if "israel" in e["actors"]]
    assert len(collapse) == 1, "the resumption of the war on 18 March is one event"
    assert {c["article"] for c in collapse[0]["citations"]} == {"000_867ce0a20fc094e4", "004_0acb2a411db52cd6"}


def test_turkiye_is_mentioned_in_all_five_seeds_under_its_spellings(seed_site, export):
    turkiye = next(a for a in export["actors"] if a["id"] == "turkiye")
    assert {m["article"] for m in turkiye["mentions"]} == {Path(f).stem for f in SEED_FILES}
    assert {m["text"] for m in turkiye["mentions"]} >= {"Türkiye", "Turkey", "Turkish", "Ankara"}
    mentions = page(seed_site, "actors/turkiye/").find(id="mentions")
    for stem in (Path(f).stem for f in SEED_FILES):
        assert mentions.find("a", href=lambda h: h and f"articles/{stem}/#p" in h) is not None


def test_2024_plan_terms_are_cited(seed_site, export):
    plan = next(p for p in export["proposals"] if p["id"] == "2024-six-week-truce-plan")
    assert {"ceasefire", "withdrawal", "hostages"} <= set(plan["terms"])
    for term in plan["terms"].values():
        assert term["citations"] and term["citations"][0]["article"] == "003_5aa09946ffab4909"
    row = page(seed_site, "proposals/2024-six-week-truce-plan/").find(id="term-ceasefire")
    assert "six-week truce" in row.get_text() and row.find("a", class_="cite")


def test_roles_named_without_a_name_resolve_to_their_holder(export):
    boehler = next(a for a in export["actors"] if a["id"] == "adam-boehler")
    role_mentions = [m for m in boehler["mentions"] if m["text"] == "US Special Envoy for Hostage Affairs"]
    assert [m["article"] for m in role_mentions] == ["004_0acb2a411db52cd6"]


def test_statements_are_attributed_to_their_speakers(export):
    hayya = next(a for a in export["actors"] if a["id"] == "khalil-al-hayya")
    assert any("We are ready to immediately engage" in s["text"] for s in hayya["statements"])
    hamdan = next(a for a in export["actors"] if a["id"] == "osama-hamdan")
    assert any("merely a waste of time" in s["text"] for s in hamdan["statements"])


def test_the_two_reports_of_the_hamas_offer_are_one_story(seed_site, export):
    assert ["000_867ce0a20fc094e4", "001_ebc525fb0a40467e"] in export["story_groups"]
    related = page(seed_site, "articles/001_ebc525fb0a40467e/").find("aside", class_="related")
    assert related.find("a", href=lambda h: h and "000_867ce0a20fc094e4" in h)


def test_pages_exist_for_every_actor_and_proposal_and_the_chronology(seed_site, export):
    for item in export["actors"] + export["proposals"]:
        assert (seed_site / item["url"] / "index.html").is_file()
    for event in export["events"]:
        month = page(seed_site, event["url"])
        assert event["url"] == f"chronology/{event['date'][:7]}/#{event['id']}"
        assert month.find(id=event["id"]) is not None
    chronology = page(seed_site, "chronology/")
    assert chronology.find("svg", class_="timeline") is not None
    assert chronology.find("a", href=lambda h: h and h.endswith("chronology/2025-03/")) is not None
    assert page(seed_site, "compare/").find("table", class_="compare") is not None


def test_the_editors_page_lists_candidates_and_doubtful_dates(seed_site):
    editors = page(seed_site, "editors/")
    # "in Beirut", "in Lebanon": places where something happened, not actors (tests/test_candidates.py has candidates).
    assert "Beirut" not in editors.find(id="candidates").get_text()
    assert editors.find(id="doubtful") is not None


def test_paragraphs_show_where_they_are_cited(seed_site):
    paragraph = page(seed_site, "articles/003_5aa09946ffab4909/").find(id="p5").parent
    cited_on = paragraph.find("details", class_="cited-on")
    assert cited_on is not None and "open" not in cited_on.attrs, "'Cited on' is folded by default"
    assert "2024-six-week-truce-plan" in str(cited_on)
