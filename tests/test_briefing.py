"""The briefing a reader gets from the seed dossier: state of play, proposal
states, citations that name their source, plain words, stable sections, structured data."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from dossier.filters import independent_outlets
from dossier.models import PROPOSAL_STATES, TERMS, Citation
from tests.support import ROOT, build_site

# Words and marks that belong to the editors' page, never to a reader's: the build's
# shorthand for estimated dates, date precision, how a date was resolved, spellings
# lists, notes about the paste and file names.
EDITORS_TERMS = [
    re.compile(r"(?<![A-Za-z.])c\. "),  # "c. 16 March"
    re.compile(r"\(inferred\)"),
    re.compile(r"precision\)"),  # "(month precision)"
    re.compile(r"→ \d{4}-\d\d"),  # "'on Sunday' → 2025-03-16"
    re.compile(r"inferred date|not before \d{4}"),
    re.compile(r"Spellings seen|Registered:"),
    re.compile(r"No title line"),
    re.compile(r"Source file|\.txt\b"),
    re.compile(r"\(editors' note\)|editors' summary"),
]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def words(node) -> str:
    """The text of an element with its white space collapsed, as a reader sees it."""
    return " ".join(node.get_text(" ").split())


def page(site: Path, url: str) -> BeautifulSoup:
    return soup(site / url / "index.html" if url else site / "index.html")


def reader_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith(("editors/", "pagefind/")))


def test_no_reader_page_contains_an_editors_term(seed_site):
    found = []
    for path in reader_pages(seed_site):
        text = soup(path).body.get_text(" ")
        found += [f"{path.relative_to(seed_site)}: {term.pattern!r}" for term in EDITORS_TERMS if term.search(text)]
    assert found == []


def test_the_editors_page_is_linked_from_about_only(seed_site):
    linking = [p.relative_to(seed_site).as_posix() for p in reader_pages(seed_site)
               if any(a["href"].rstrip("/").endswith("editors") for a in soup(p).find_all("a", href=True))]
    assert linking == ["about/index.html"]


def test_the_editors_page_keeps_what_readers_no_longer_see(seed_site):
    editors = page(seed_site, "editors").get_text(" ")
    assert "000_867ce0a20fc094e4.txt" in editors and "Registered:" in editors


def test_every_documented_actor_section_is_on_every_actor_page(seed_site):
    line = next(line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if "| an actor |" in line)
    sections = re.findall(r"#([a-z-]+)", line)
    assert len(sections) >= 7
    actors = sorted((seed_site / "actors").glob("*/index.html"))
    assert len(actors) > 20
    for path in actors:
        ids = {tag["id"] for tag in soup(path).find_all(id=True)}
        assert set(sections) <= ids, f"{path.parent.name} lacks {set(sections) - ids}"
    reuters = page(seed_site, "actors/reuters")
    assert "Nothing yet" in reuters.find(id="chronology").get_text() and "No profile yet" in reuters.find(id="profile").get_text()


def _json_ld(document: BeautifulSoup) -> list[dict]:
    return [json.loads(tag.string) for tag in document.find_all("script", type="application/ld+json")]


def test_json_ld_parses_and_has_the_required_properties(seed_site):
    for path in (seed_site / "articles").glob("*/index.html"):
        (data,) = _json_ld(soup(path))
        assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
        assert data["headline"] and len(data["headline"]) <= 110 and data["url"].endswith(f"/articles/{path.parent.name}/")
    kinds = {"Person", "Organization", "GovernmentOrganization", "NewsMediaOrganization"}
    for path in (seed_site / "actors").glob("*/index.html"):
        (data,) = _json_ld(soup(path))
        assert data["@type"] in kinds and data["name"] and data["url"].endswith(f"/actors/{path.parent.name}/")
    assert _json_ld(page(seed_site, "actors/ibrahim-kalin"))[0]["@type"] == "Person"
    events = 0
    for path in (seed_site / "chronology").glob("*/index.html"):
        (data,) = _json_ld(soup(path))
        for event in data["@graph"]:
            assert event["@type"] == "Event" and event["name"] and event["url"].startswith("/chronology/")
            assert re.fullmatch(r"\d{4}(-\d\d){0,2}", event["startDate"])
            events += 1
    assert events == len(json.loads((seed_site / "dossier.json").read_text(encoding="utf-8"))["events"])


def test_state_of_play_opens_the_home_page_and_the_briefing_pack(seed_site):
    for url in ("", "briefing"):
        section = page(seed_site, url).find(id="state-of-play")
        assert section is not None, url
        assert "as of August 2025" in section.find("h2").get_text()
        judgements = section.select("ol.judgements > li")
        assert 3 <= len(judgements) <= 6
        assert all(item.select("a.cite") for item in judgements + section.select("ul.open-questions > li"))
        dates = [t["datetime"] for t in section.select("ol.key-dates time")]
        assert dates == sorted(dates) and "2025-03-18" in dates
    home = page(seed_site, "")
    assert home.find(id="state-of-play").sourceline < home.find(id="proposals-h").sourceline


def test_proposals_are_listed_by_date_with_their_state(seed_site):
    listing = page(seed_site, "proposals")
    items = listing.select("ul.proposal-list > li")
    names = [li.a.get_text() for li in items]
    assert names[0] == "Biden six-week truce plan (2024)" and names[-1] == "Egyptian plan for governing Gaza"
    assert names.index("Three-phase ceasefire agreement (January 2025)") < names.index("Mediators' comprehensive proposal (August 2025)")
    august = next(li for li in items if "(August 2025)" in li.a.get_text())
    assert "August 2025" in august.find(class_="meta").get_text()
    for li in items:
        badge = li.find(class_="state")
        assert badge.get_text() in PROPOSAL_STATES
    chain = listing.find("svg", class_="chain")
    assert chain is not None and len(chain.select("path.chain-link")) == 4
    home_dates = [td.get_text(strip=True) for td in page(seed_site, "").select("table.glance td[data-label=When]")]
    assert "August 2025" in home_dates and "not dated" not in home_dates


def test_a_proposal_page_shows_its_state_as_of_a_date_and_its_neighbours(seed_site):
    facts = page(seed_site, "proposals/2025-01-three-phase-ceasefire").find("dl", class_="facts")
    text = words(facts)
    assert "collapsed" in text and "as of 18 March 2025" in text
    assert facts.find("a", href=re.compile("proposals/2025-witkoff-terms/"))
    assert facts.find(id="state").find("a", class_="cite")


def test_the_comparison_explains_its_empty_cells_and_keeps_every_cell_anchor(seed_site):
    compare = page(seed_site, "compare")
    table = compare.find("table", class_="compare")
    assert "·" not in table.get_text()
    empty = table.select("td.empty")
    assert empty and all(td.get_text(strip=True) in ("Not in the sources", "The sources do not describe any of its terms.") for td in empty)
    ids = {tag["id"] for tag in compare.find_all(id=True)}
    for row in table.select("tbody tr"):
        assert {f"{row['id']}-{term}" for term in TERMS} <= ids


def test_citation_chips_name_outlet_date_and_paragraph(seed_site):
    chips = [a for p in reader_pages(seed_site) for a in soup(p).select("a.cite[data-headline]")]
    assert len(chips) > 100
    for chip in chips:
        assert re.fullmatch(r".+, .+, ¶\d+", chip.get_text()), chip.get_text()
        assert chip["title"] == chip["data-headline"]
    article = page(seed_site, "proposals/2024-six-week-truce-plan").find("a", class_="cite")
    assert article.get_text().startswith("Daily Sabah, 30 Jun 2024, ¶")


def test_corroboration_names_the_known_independent_outlets(seed_site):
    month = words(page(seed_site, "chronology/2025-03"))
    assert "told by 2 articles, 2 known independent outlets (Türkiye Today, Palestine Foundation Information Center)" in month


def test_corroboration_leaves_out_unknown_outlets_and_a_partys_own():
    outlet = SimpleNamespace(kind="outlet", affiliation="hamas", name="Movement News", aliases=("MN",))
    sources = {"a": "Daily Sabah", "b": "MN", "c": None, "d": "Daily Sabah", "e": "Türkiye Today"}
    dossier = SimpleNamespace(actors=[outlet], article_by_id={
        key: SimpleNamespace(outlet=SimpleNamespace(name=name)) for key, name in sources.items()})
    cited = [Citation(key, 1) for key in sources]
    assert independent_outlets({"DOSSIER": dossier}, cited) == ["Daily Sabah", "Türkiye Today"]


def test_articles_and_events_give_dates_as_a_reader_says_them(seed_site):
    facts = words(page(seed_site, "articles/003_5aa09946ffab4909").find("dl", class_="facts"))
    assert "Published 30 June 2024" in facts
    month = words(page(seed_site, "chronology/2025-05"))
    assert "reported 11 May 2025" in month and "gives no date of its own" in month


def test_the_404_page_links_from_the_site_root(seed_site):
    links = [a["href"] for a in soup(seed_site / "404.html").find_all("a", href=True) if not a["href"].startswith("#")]
    assert links and all(href.startswith("/") for href in links), links


@pytest.fixture(scope="module")
def published_site(tmp_path_factory):
    """The seeds built with publishconf.py and a site address, as `make publish` does."""
    output = tmp_path_factory.mktemp("published") / "output"
    os.environ["DOSSIER_SITEURL"] = "https://dossier.example.org/gaza"
    try:
        build_site(ROOT / "seeds", output, search=False, pelicanconf=ROOT / "publishconf.py")
    finally:
        del os.environ["DOSSIER_SITEURL"]
    return output


def test_with_a_site_address_sitemap_404_and_printed_citations_are_absolute(published_site):
    locs = re.findall(r"<loc>([^<]+)</loc>", (published_site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith("https://dossier.example.org/gaza/") for loc in locs)
    links = [a["href"] for a in soup(published_site / "404.html").find_all("a", href=True) if not a["href"].startswith("#")]
    assert all(href.startswith("https://dossier.example.org/gaza/") for href in links)
    chip = page(published_site, "proposals/2024-six-week-truce-plan").find("a", class_="cite")
    assert chip["data-url"].startswith("https://dossier.example.org/gaza/articles/")


def test_without_a_site_address_the_sitemap_is_rooted(seed_site):
    locs = re.findall(r"<loc>([^<]+)</loc>", (seed_site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith("/") for loc in locs)


def test_the_export_carries_states_links_and_the_state_of_play(seed_site):
    export = json.loads((seed_site / "dossier.json").read_text(encoding="utf-8"))
    proposals = {p["id"]: p for p in export["proposals"]}
    assert proposals["2025-01-three-phase-ceasefire"]["state"] == "collapsed"
    assert proposals["2025-01-three-phase-ceasefire"]["led_to"] == ["2025-witkoff-terms"]
    assert proposals["2025-08-mediators-comprehensive-proposal"]["date"] == "2025-08"
    assert all(p["state"] in PROPOSAL_STATES and p["state_citations"] for p in proposals.values())
    state = export["state_of_play"]
    assert state["as_of"] == "2025-08" and 3 <= len(state["judgements"]) <= 6
    assert all(item["citations"] for item in state["judgements"] + state["open_questions"] + state["key_dates"])
