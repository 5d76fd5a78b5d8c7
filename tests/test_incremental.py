"""Rebuilds render only what an edit touched, and give the same bytes as a full build."""
from __future__ import annotations

import copy
import filecmp
import pickle
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from dossier.incremental import ArticleStore, page_versions
from dossier.index import index_dossier
from dossier import urls
from dossier.render import dossier_pages
from dossier.write import render_site
from dossier.models import Dossier, Event
from tests.support import build_site

ROOT = Path(__file__).resolve().parent.parent
NEW_ARTICLE = ROOT / "tests" / "fixtures" / "linking" / "005_new_cairo_round.txt"


def same_tree(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only (empty when the trees are identical)."""
    differences = []
    compared = filecmp.dircmp(left, right)
    stack = [(compared, Path())]
    while stack:
        node, relative = stack.pop()
        differences += [str(relative / name) for name in node.left_only + node.right_only + node.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        differences += [str(relative / name) for name in mismatch + errors]
        stack += [(child, relative / name) for name, child in node.subdirs.items()]
    return sorted(differences)


@pytest.fixture()
def project(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    output = tmp_path / "site"
    build_site(seeds, output, search=False)
    return seeds, output, tmp_path


def rebuild_and_compare(seeds: Path, output: Path, tmp_path: Path) -> None:
    build_site(seeds, output, search=False)
    full = tmp_path / "full"
    build_site(seeds, full, search=False, incremental=False)
    assert same_tree(output, full) == []


def test_adding_an_article(project):
    seeds, output, tmp_path = project
    shutil.copy(NEW_ARTICLE, seeds / NEW_ARTICLE.name)
    rebuild_and_compare(seeds, output, tmp_path)
    assert (output / "articles" / NEW_ARTICLE.stem / "index.html").is_file()


def test_editing_an_article_rewrites_its_pages_and_leaves_the_others(project):
    seeds, output, tmp_path = project
    untouched = output / "articles" / "002_886e115b067cc19e" / "index.html"
    before = untouched.stat().st_mtime_ns
    edited = seeds / "003_5aa09946ffab4909.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("at least 37,834 people", "at least 37,900 people"), encoding="utf-8")
    rebuild_and_compare(seeds, output, tmp_path)
    assert "37,900" in (output / "articles" / "003_5aa09946ffab4909" / "index.html").read_text(encoding="utf-8")
    assert untouched.stat().st_mtime_ns == before


def test_removing_an_article(project):
    seeds, output, tmp_path = project
    (seeds / "001_ebc525fb0a40467e.txt").unlink()
    rebuild_and_compare(seeds, output, tmp_path)
    assert not (output / "articles" / "001_ebc525fb0a40467e").exists()


def test_a_rebuild_with_nothing_changed_renders_no_generated_page(project):
    seeds, output, tmp_path = project
    page = output / "actors" / "hamas" / "index.html"
    before = page.stat().st_mtime_ns
    rebuild_and_compare(seeds, output, tmp_path)
    assert page.stat().st_mtime_ns == before


def test_a_full_build_leaves_what_the_next_rebuild_needs(project):
    seeds, output, tmp_path = project
    build_site(seeds, output, search=False, incremental=False)
    page = output / "actors" / "hamas" / "index.html"
    before = page.stat().st_mtime_ns
    rebuild_and_compare(seeds, output, tmp_path)
    assert page.stat().st_mtime_ns == before


def test_a_registry_change_rebuilds_everything(project, tmp_path):
    seeds, output, _ = project
    registry = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", registry)
    actors = registry / "actors.toml"
    text = actors.read_text(encoding="utf-8")
    assert "Mediator between Israel and Hamas" in text
    actors.write_text(text.replace("Mediator between Israel and Hamas", "Go-between of Israel and Hamas"), encoding="utf-8")
    build_site(seeds, output, search=False, registry=registry)
    full = tmp_path / "full"
    build_site(seeds, full, search=False, registry=registry, incremental=False)
    assert same_tree(output, full) == []
    assert "Go-between of Israel and Hamas" in (output / "actors" / "qatar" / "index.html").read_text(encoding="utf-8")


# --- page digests: a page is rendered again exactly when what it shows changes ---

@pytest.fixture(scope="module")
def model(tmp_path_factory):
    """The shipped seeds' dossier, and a stand-in seed digest for each article."""
    dossier = build_site(ROOT / "seeds", tmp_path_factory.mktemp("digests") / "site", search=False)
    return dossier, {article.id: f"seed digest of {article.id}" for article in dossier.articles}


def changed_pages(before: Dossier, after: Dossier, versions: dict[str, str], after_versions=None) -> set[str]:
    old = page_versions(dossier_pages(before, index_dossier(before), versions))
    new = page_versions(dossier_pages(after, index_dossier(after), after_versions or versions))
    assert old.keys() == new.keys()
    return {page for page in old if old[page] != new[page]}


def with_event(dossier: Dossier, event: Event, **changes) -> Dossier:
    return replace(dossier, events=tuple(replace(e, **changes) if e is event else e for e in dossier.events))


def an_event(dossier: Dossier) -> Event:
    """An event of a known day that names actors and a proposal."""
    return next(e for e in dossier.events if e.actors and e.proposals and e.date.day)


def pages_showing(event: Event) -> set[str]:
    return ({f"chronology/{event.page}"} | {f"actors/{actor}" for actor in event.actors}
            | {f"proposals/{proposal}" for proposal in event.proposals})


def test_an_equal_model_gives_the_same_digests(model):
    dossier, versions = model
    assert changed_pages(dossier, copy.deepcopy(dossier), versions) == set()


def test_an_event_told_differently_changes_its_month_actors_and_proposals_only(model):
    dossier, versions = model
    event = an_event(dossier)
    assert changed_pages(dossier, with_event(dossier, event, text=event.text + " Later denied."), versions) == pages_showing(event)


def test_an_event_moved_to_another_day_also_changes_the_articles_it_cites(model):
    # Their paragraphs say "Cited on: Chronology, <date>".
    dossier, versions = model
    event = an_event(dossier)
    moved = replace(event.date, day=event.date.day % 28 + 1)
    cited = {f"articles/{c.article}" for c in event.citations}
    assert cited
    assert changed_pages(dossier, with_event(dossier, event, date=moved), versions) == pages_showing(event) | cited


def test_an_edited_article_changes_its_page_and_those_that_show_it(model):
    dossier, versions = model
    index = index_dossier(dossier)
    article = dossier.articles[0].id
    changed = changed_pages(dossier, dossier, versions, {**versions, article: "another seed digest"})
    # Its own page, and those of the articles that list it as telling the same story.
    listing = {f"articles/{other}" for other, related in index.related_articles.items() if article in related}
    assert {page for page in changed if page.startswith("articles/")} == {f"articles/{article}"} | listing
    assert {f"actors/{actor}" for actor, view in index.actors.items() if article in dict(view.by_article)} <= changed


# --- the article store: what each seed taught the last build ---

def test_the_store_gives_back_what_was_put_and_forgets_what_is_gone(tmp_path):
    store = ArticleStore(tmp_path, "inputs-a")
    with store.writing() as keep:
        keep("d1", pickle.dumps({"n": 1}))
        keep("d2", pickle.dumps({"n": 2}))
    assert store.load(["d1", "d2", "d3"]) == {"d1": {"n": 1}, "d2": {"n": 2}}
    store.keep_only({"d2"})
    assert store.load(["d1", "d2"]) == {"d2": {"n": 2}}


def test_a_store_made_with_other_inputs_is_never_read_and_is_cleared(tmp_path):
    with ArticleStore(tmp_path, "inputs-a").writing() as keep:
        keep("d1", pickle.dumps(1))
    other = ArticleStore(tmp_path, "inputs-b")
    assert other.load(["d1"]) == {}
    other.clear(everything=False)
    assert ArticleStore(tmp_path, "inputs-a").load(["d1"]) == {}


def test_a_damaged_store_means_reading_every_seed_again(tmp_path):
    store = ArticleStore(tmp_path, "inputs-a")
    with store.writing() as keep:
        keep("d1", pickle.dumps(1))
    store.path.write_bytes(b"not a database")
    assert store.load(["d1"]) == {}
    store.clear(everything=True)
    assert not store.path.exists()


# --- what each page declares it shows, against what it renders ---

def rendered_differences(before: Dossier, after: Dossier, versions: dict[str, str], after_versions, folder: Path) -> set[str]:
    """The generated pages whose rendered bytes differ between the two models (their names, "actors/hamas")."""
    names = set()
    for side, dossier, side_versions in (("before", before, versions), ("after", after, after_versions)):
        index = index_dossier(dossier)
        pages = dossier_pages(dossier, index, side_versions)
        names |= {page.name for page in pages}
        render_site(ROOT / "pelicanconf.py", ROOT / "content" / "pages", folder / side, dossier, index, pages)
    files = {name: urls.page_file(name + "/") for name in names}
    return {name for name, file in files.items() if (folder / "before" / file).read_bytes() != (folder / "after" / file).read_bytes()}


def with_article(dossier: Dossier, article_id: str, title: str) -> Dossier:
    changed = [replace(a, facts=replace(a.facts, title=title)) if a.id == article_id else a for a in dossier.articles]
    return replace(dossier, articles=tuple(changed))


def cases(dossier: Dossier, versions: dict[str, str]):
    """(page kind, the model with one field changed, its article versions): one field each kind of page shows."""
    article = dossier.articles[0].id
    yield "article", with_article(dossier, article, "A title <changed>"), {**versions, article: "edited"}
    relation = next(r for r in dossier.relations if r.target)
    relations = tuple(replace(r, clauses=tuple(c + " (again)" for c in r.clauses)) if r is relation else r for r in dossier.relations)
    yield "actor", replace(dossier, relations=relations), versions
    event = an_event(dossier)
    yield "proposal", with_event(dossier, event, headline=event.headline + " again"), versions
    yield "chronology month", with_event(dossier, event, text=event.text + " Later denied."), versions


@pytest.mark.parametrize("kind", ["article", "actor", "proposal", "chronology month", "sources page"])
def test_exactly_the_pages_showing_a_changed_field_are_rendered_again(model, kind, tmp_path, monkeypatch):
    dossier, versions = model
    if kind == "sources page":
        monkeypatch.setattr("dossier.index.SOURCES_PER_PAGE", 2)  # five articles: three pages
        article = dossier.articles[-1].id
        after, after_versions = with_article(dossier, article, "A title <changed>"), {**versions, article: "edited"}
    else:
        _, after, after_versions = next(case for case in cases(dossier, versions) if case[0] == kind)
    declared = changed_pages(dossier, after, versions, after_versions)
    rendered = rendered_differences(dossier, after, versions, after_versions, tmp_path)
    assert rendered, "the change shows on no page"
    assert any(page.startswith(("articles/", "actors/", "proposals/", "chronology/", "sources/")[
        ["article", "actor", "proposal", "chronology month", "sources page"].index(kind)]) for page in rendered)
    assert declared == rendered
