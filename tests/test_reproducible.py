"""Same inputs, same bytes; links in briefings keep working.

- The seeds built twice, into folders at different paths and from a process
  with another hash seed, time zone and locale, give byte-identical files:
  every page, feed, dossier.json and the Pagefind index.
- The linking contract: build the seeds, then build again with one article
  removed and with one new article added (tests/fixtures/linking/). Every URL
  and every id anchor of the other articles, actors, proposals and events is
  still there.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitecheck import anchors_by_page, broken_export_urls, html_pages, soup, target
from tests.support import build_site

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
NEW_ARTICLE = Path(__file__).with_name("fixtures") / "linking" / "005_new_cairo_round.txt"
REMOVED = "001_ebc525fb0a40467e"  # the article left out of the "removed" build


def all_files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def differences(one: dict[str, bytes], two: dict[str, bytes]) -> list[str]:
    found = [f"only in the first build: {name}" for name in sorted(set(one) - set(two))]
    found += [f"only in the second build: {name}" for name in sorted(set(two) - set(one))]
    for name in sorted(set(one) & set(two)):
        if one[name] != two[name]:
            a, b = one[name], two[name]
            at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            found.append(f"{name} differs at byte {at}: {a[max(0, at - 40):at + 40]!r} / {b[max(0, at - 40):at + 40]!r}")
    return found


# --- byte-identical builds -------------------------------------------------------------

@pytest.fixture(scope="module")
def rebuilt_elsewhere(tmp_path_factory) -> Path:
    """The seeds built again by build.py in another process: other folder, hash seed, time zone, locale."""
    base = tmp_path_factory.mktemp("rebuilt-elsewhere") / "deeper" / "site"
    env = {**os.environ, "PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8"}
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--seeds", str(SEEDS), "--output", str(base)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return base


def test_two_builds_of_the_seeds_are_byte_identical(seed_site, rebuilt_elsewhere):
    one, two = all_files(seed_site), all_files(rebuilt_elsewhere)
    assert any(name.startswith("pagefind/") for name in one), "the search index was not built"
    assert differences(one, two) == []


def test_no_build_path_or_time_leaks_into_the_output(seed_site, rebuilt_elsewhere):
    for site in (seed_site, rebuilt_elsewhere):
        for name, data in all_files(site).items():
            for leak in (str(site), str(ROOT), str(site.parent)):
                assert leak.encode("utf-8") not in data, f"{name} holds the path {leak}"


def test_pagefind_index_is_the_same_when_built_again(seed_site, tmp_path):
    """The index alone, rebuilt over a copy of the same pages (isolates Pagefind from the rest)."""
    from dossier.search import build_search_index

    copy = tmp_path / "site"
    shutil.copytree(seed_site, copy, ignore=shutil.ignore_patterns("pagefind"))
    build_search_index(copy)
    one = {k: v for k, v in all_files(seed_site).items() if k.startswith("pagefind/")}
    two = {k: v for k, v in all_files(copy).items() if k.startswith("pagefind/")}
    assert differences(one, two) == []


# --- the linking contract ------------------------------------------------------------------

def export_of(site: Path) -> dict:
    return json.loads((site / "dossier.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def removed_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("one-removed")
    seeds = base / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / f"{REMOVED}.txt").unlink()
    build_site(seeds, base / "output", search=False)
    return base / "output"


@pytest.fixture(scope="module")
def added_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("one-added")
    seeds = base / "seeds"
    shutil.copytree(SEEDS, seeds)
    shutil.copyfile(NEW_ARTICLE, seeds / NEW_ARTICLE.name)
    build_site(seeds, base / "output", search=False)
    return base / "output"


def lost_anchors(before: Path, after: Path, may_go=lambda page, anchor: False) -> list[str]:
    """Every page and id of before that after lacks, unless may_go(page, id) says it may go."""
    old, new = anchors_by_page(before), anchors_by_page(after)
    lost = []
    for page, ids in sorted(old.items()):
        if page not in new:
            if not may_go(page, None):
                lost.append(f"{page} is gone")
            continue
        lost += [f"{page}#{anchor} is gone" for anchor in sorted(ids - new[page]) if not may_go(page, anchor)]
    return lost


def lost_urls(before: Path, after: Path, may_go=lambda url: False) -> list[str]:
    """Every dossier.json url of before that no longer resolves in after."""
    lost = []
    root = after / "index.html"
    anchors = anchors_by_page(after)
    for section in ("articles", "actors", "proposals", "events"):
        for item in export_of(before)[section]:
            urls = [item["url"]] + [p["url"] for p in item.get("paragraphs", [])]
            for url in urls:
                if may_go(url):
                    continue
                file, fragment = target(after, root, url)
                if not file.is_file() or (fragment and fragment not in anchors.get(str(file.relative_to(after)), set())):
                    lost.append(f"{section}: {url}")
    return lost


def test_adding_an_article_keeps_every_url_and_anchor(seed_site, added_site):
    assert lost_anchors(seed_site, added_site) == []
    assert lost_urls(seed_site, added_site) == []
    export = export_of(added_site)
    assert "005_new_cairo_round" in {a["id"] for a in export["articles"]}
    assert broken_export_urls(added_site) == []


def _only_from(removed: str, export: dict) -> set[str]:
    """Anchors of things the removed article alone gave: its events, and ids built from its id."""
    gone = set()
    for event in export["events"]:
        if all(c["article"] == removed for c in event["citations"]):
            gone |= {event["id"], *event["aliases"]}
    return gone


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _told_also_by_others(removed: str, seed_export: dict, removed_export: dict) -> set[str]:
    """Anchors of the removed article's tellings of events that other articles tell too.

    Such an event stays, under the anchors of the other tellings; the
    removed telling's anchor goes with its article. Checks that the event is
    still there, found by one of its old anchors.
    """
    after = {anchor: event for event in removed_export["events"] for anchor in [event["id"], *event["aliases"]]}
    gone = set()
    for event in seed_export["events"]:
        articles = {c["article"] for c in event["citations"]}
        if removed not in articles or articles == {removed}:
            continue
        anchors = {event["id"], *event["aliases"]}
        survivors = {after[anchor]["id"] for anchor in anchors if anchor in after}
        assert len(survivors) == 1, f"{event['headline']!r}: no longer found by any of its anchors"
        survivor = next(e for e in removed_export["events"] if e["id"] in survivors)
        gone |= anchors - {survivor["id"], *survivor["aliases"]}
    return gone


def _lost_after_removal(seed_site: Path, removed_site: Path) -> tuple[list[str], list[str]]:
    """(lost anchors of content, lost anchors of section headings) when REMOVED is left out."""
    export = export_of(seed_site)
    alone = _only_from(REMOVED, export) | _told_also_by_others(REMOVED, export, export_of(removed_site))
    removed_page = f"articles/{REMOVED}/index.html"

    def may_go(page, anchor):
        if page == removed_page:
            return True
        return anchor is not None and (REMOVED in anchor or anchor in alone)

    content, headings = [], []
    for lost in lost_anchors(seed_site, removed_site, may_go):
        page, _, anchor = lost.removesuffix(" is gone").partition("#")
        element = soup(seed_site / page).find(id=anchor) if anchor else None
        (headings if element is not None and element.name in HEADINGS else content).append(lost)
    return content, headings


def test_removing_an_article_keeps_every_other_url_and_anchor(seed_site, removed_site):
    content, _ = _lost_after_removal(seed_site, removed_site)
    assert content == []
    alone = _only_from(REMOVED, export_of(seed_site)) | _told_also_by_others(REMOVED, export_of(seed_site), export_of(removed_site))

    def url_may_go(url):
        fragment = url.partition("#")[2]
        return url.startswith(f"articles/{REMOVED}/") or REMOVED in fragment or fragment in alone

    assert lost_urls(seed_site, removed_site, url_may_go) == []
    assert broken_export_urls(removed_site) == []


def test_removing_an_article_keeps_every_section_heading_anchor(seed_site, removed_site):
    _, headings = _lost_after_removal(seed_site, removed_site)
    assert headings == []


def test_the_same_article_keeps_its_paragraph_anchors_and_text_in_every_build(seed_site, removed_site, added_site):
    def paragraphs(site):
        return {p["url"]: p["text"] for a in export_of(site)["articles"] for p in a["paragraphs"]}

    base = paragraphs(seed_site)
    for other in (removed_site, added_site):
        kept = paragraphs(other)
        for url, text in base.items():
            if not url.startswith(f"articles/{REMOVED}/") or other is added_site:
                assert kept.get(url) == text, url


def test_actor_and_proposal_ids_are_their_slugs_in_every_build(seed_site, removed_site, added_site):
    ids = [{section: sorted(item["id"] for item in export_of(site)[section]) for section in ("actors", "proposals")}
           for site in (seed_site, removed_site, added_site)]
    assert ids[0] == ids[1] == ids[2]
    for actor in export_of(seed_site)["actors"]:
        assert actor["url"] == f"actors/{actor['id']}/", actor["url"]


def test_every_page_of_the_seed_build_is_in_the_grown_build(seed_site, added_site):
    before = {str(p.relative_to(seed_site)) for p in html_pages(seed_site)}
    after = {str(p.relative_to(added_site)) for p in html_pages(added_site)}
    assert sorted(before - after) == []
