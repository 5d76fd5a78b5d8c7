"""Candidates: made-up articles of five outlets' shapes (a wire story, a live page, an opinion site ...)
naming people the registry does not know, with credits, bylines and page furniture around them."""
from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dossier.candidates import name_key
from tests.support import ROOT, build_site

FIXTURES = ROOT / "tests" / "fixtures" / "candidates"
# Every person and body named twice or with a role: canonical id -> spellings the articles use.
EXPECTED = {
    "abdel-fattah-el-sisi": {"Abdel Fattah el-Sisi", "El-Sisi", "Al Sisi"},
    "badr-abdelatty": {"Badr Abdelatty"},
    "marco-rubio": {"Marco Rubio"},
    "mohammed-bin-abdulrahman-al-thani": {"Mohammed bin Abdulrahman Al Thani", "Mohammed"},
    "david-barnea": {"David Barnea", "Barnea"},
    "mahmoud-abbas": {"Mahmoud Abbas", "Abbas"},
    "john-ratcliffe": {"John Ratcliffe"},
    "arab-league": {"Arab League"},
    "bezalel-smotrich": {"Bezalel Smotrich", "Smotrich"},
    "basem-naim": {"Basem Naim", "Naim"},
    "abdullah-ii": {"Abdullah II", "Abdullah"},
    "antony-blinken": {"Antony Blinken", "Blinken"},
    "palestinian-islamic-jihad": {"Palestinian Islamic Jihad"},
    "palestinian-authority": {"Palestinian Authority"},
    "jordan": {"Jordan"},
    "ziyad-al-nakhalah": {"Ziyad al-Nakhalah"},
}
ROLES = {"badr-abdelatty": "Egyptian Foreign Minister", "marco-rubio": "US Secretary of State",
         "david-barnea": "Mossad Director", "john-ratcliffe": "CIA Director",
         "mohammed-bin-abdulrahman-al-thani": "Qatari Prime Minister", "bezalel-smotrich": "Israeli Finance Minister",
         "abdullah-ii": "King", "ziyad-al-nakhalah": "Palestinian Islamic Jihad leader"}
# Photographers, bylines, editors and page furniture: never candidates.
NEVER = ["Omar Fathy", "Karim Haddad", "Laila Mansour", "Sara Levin", "Tom Hughes", "Dana Cole", "Getty",
         "More From Our Experts", "World This Week", "State", "Hostage",
         "Yael Katz", "Ibrahim Toure", "GMT", "Share", "Newsletter", "Sahel Review", "Tel Aviv", "Cairo", "Doha", "Gulf Wire"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    output = tmp_path_factory.mktemp("candidates") / "output"
    dossier = build_site(FIXTURES, output, search=False)
    return output, dossier


def page(output: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((output / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def candidates_file(output: Path) -> list[dict]:
    text = (output.parent / f".{output.name}.build" / "candidates.toml").read_text(encoding="utf-8")
    return tomllib.loads(text).get("actors", [])


def test_every_person_named_twice_or_with_a_role_is_one_candidate_with_all_spellings(site):
    output, _ = site
    entries = {e["name"]: e for e in candidates_file(output)}
    by_id = {name_key(name).replace(" ", "-"): e for name, e in entries.items()}
    for ident, spellings in EXPECTED.items():
        found = [e for e in entries.values() if spellings & ({e["name"]} | set(e["aliases"]))]
        assert len(found) == 1, (ident, found)
        assert spellings <= {found[0]["name"]} | set(found[0]["aliases"]), (ident, found[0])
    for ident, role in ROLES.items():
        entry = next(e for e in entries.values() if EXPECTED[ident] & ({e["name"]} | set(e["aliases"])))
        assert entry["roles"][0]["title"] == role
    assert by_id  # the file reads as TOML


def test_no_credit_byline_fragment_or_furniture_is_a_candidate(site):
    output, _ = site
    names = {n for e in candidates_file(output) for n in [e["name"], *e["aliases"]]}
    for never in NEVER:
        assert not any(never in name for name in names), never


def test_candidate_entries_are_ready_registry_entries_whose_quotes_are_verbatim(site, tmp_path):
    output, _ = site
    entries = candidates_file(output)
    for entry in entries:
        assert entry["profile_sources"], entry["name"]
        for source in entry["profile_sources"]:
            article, quote = source.split(": ", 1)
            assert quote in (FIXTURES / f"{article}.txt").read_text(encoding="utf-8")


def test_registered_mentions_are_not_lost(site):
    _, dossier = site
    found = {m.actor for e in dossier.extractions.values() for m in e.mentions}
    assert {"egypt", "qatar", "hamas", "united-states"} <= found


def test_provisional_pages_are_marked_and_listed_apart(site):
    output, _ = site
    sisi = page(output, "actors/abdel-fattah-el-sisi/")
    assert "Not yet reviewed" in sisi.get_text()
    for section in ("profile", "roles", "proposals", "chronology", "statements", "relations", "mentions"):
        assert sisi.find(id=section) is not None
    assert sisi.find(id="mentions").find("a", class_="cite") is not None
    actors = page(output, "actors/")
    group = actors.find(id="kind-provisional").parent
    assert "Abdel Fattah el-Sisi" in group.get_text()
    editors = page(output, "editors/")
    assert "Al Sisi" in editors.find(id="candidates").get_text()


def test_registering_a_candidate_under_another_name_keeps_its_address(tmp_path):
    registry = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", registry)
    with open(registry / "actors.toml", "a", encoding="utf-8") as actors:
        actors.write('\n[[actors]]\nname = "Abdel Fattah al-Sisi"\nkind = "person"\n'
                     'aliases = ["Abdel Fattah el-Sisi", "El-Sisi", "Al Sisi", "Sisi"]\n'
                     'moved_from = ["abdel-fattah-el-sisi"]\n')
    output = tmp_path / "output"
    build_site(FIXTURES, output, search=False, registry=registry)
    assert (output / "actors" / "abdel-fattah-al-sisi" / "index.html").is_file()
    moved = page(output, "actors/abdel-fattah-el-sisi/")
    assert moved.find("link", rel="canonical")["href"].endswith("/actors/abdel-fattah-al-sisi/")
    assert moved.find(id="mentions").find("a", class_="cite") is not None  # the registered page's content
    assert "Not yet reviewed" not in moved.get_text()
    assert not any("Sisi" in e["name"] for e in candidates_file(output))


def test_moving_the_generated_entries_into_actors_toml_registers_them_at_the_same_addresses(site, tmp_path):
    output, _ = site
    provisional = sorted(p.parent.name for p in (output / "actors").glob("*/index.html")
                         if "not yet reviewed" in p.read_text(encoding="utf-8"))
    assert provisional
    registry = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", registry)
    generated = (output.parent / f".{output.name}.build" / "candidates.toml").read_text(encoding="utf-8")
    with open(registry / "actors.toml", "a", encoding="utf-8") as actors:
        actors.write("\n" + generated)
    moved = tmp_path / "output"
    dossier = build_site(FIXTURES, moved, search=False, registry=registry)
    assert not [p for p in dossier.problems if p.severity == "error"]
    for ident in provisional:
        text = (moved / "actors" / ident / "index.html").read_text(encoding="utf-8")
        assert "not yet reviewed" not in text and ident in dossier.actor_by_id, ident
    registered = {m.actor for e in dossier.extractions.values() for m in e.mentions}
    assert {"abdel-fattah-el-sisi", "badr-abdelatty", "marco-rubio"} <= registered


def test_the_export_lists_candidates_with_their_pages(site):
    output, _ = site
    import json
    export = json.loads((output / "dossier.json").read_text(encoding="utf-8"))
    sisi = next(c for c in export["candidates"] if c["id"] == "abdel-fattah-el-sisi")
    assert sisi["url"] == "actors/abdel-fattah-el-sisi/" and {"El-Sisi", "Al Sisi"} <= set(sisi["spellings"])
    for mention in sisi["mentions"]:
        assert (output / mention["url"].split("#")[0] / "index.html").is_file()


def test_no_broken_link_or_anchor_on_a_site_with_provisional_pages(site):
    from tests.sitecheck import broken_links
    output, _ = site
    assert broken_links(output) == []
