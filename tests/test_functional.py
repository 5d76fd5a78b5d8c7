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


def test_dates_are_inferred_and_marked_so(export):
    published = {a["source_file"]: a["published"] for a in export["articles"]}
    assert published["004_0acb2a411db52cd6.txt"] == {"date": "2025-03-18", "precision": "day", "inferred": True, "not_before": True}
    assert published["003_5aa09946ffab4909.txt"]["date"] == "2024-06-30"
    assert published["001_ebc525fb0a40467e.txt"]["date"] is None


def test_outlet_credited_in_a_dateline_is_shown_as_inferred(seed_site, export):
    outlets = {a["source_file"]: a["outlet"] for a in export["articles"]}
    assert outlets["004_0acb2a411db52cd6.txt"] == "Palestine Foundation Information Center"
    facts = page(seed_site, "articles/004_0acb2a411db52cd6/").find("dl", class_="facts").get_text()
    assert "credited in the dateline" in facts


def test_home_and_sources_list_every_article(seed_site, export):
    for url in ("index.html", "sources/"):
        links = {a["href"] for a in page(seed_site, url).find_all("a", href=True)}
        for article in export["articles"]:
            assert any(href.endswith(article["url"]) for href in links), (url, article["url"])
