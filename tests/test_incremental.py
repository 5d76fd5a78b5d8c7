"""Rebuilds render only what an edit touched, and give the same bytes as a full build."""
from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

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
