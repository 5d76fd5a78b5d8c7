"""The Pagefind search index (dossier/search.py), read from the files it writes."""
from __future__ import annotations

import filecmp
import gzip
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from dossier.search import _SIGNATURE as SIGNATURE, Layout, _cbor_read, build_search_index


def fragments(site: Path, bundle: str = "") -> list[dict]:
    """The fragments (one per page) of one bundle: "" for the main one at pagefind/."""
    found = []
    for path in sorted((site / "pagefind" / bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        found.append(json.loads(data[len(SIGNATURE):]))
    return found


def manifest(site: Path) -> dict:
    return json.loads((site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))


def all_fragments(site: Path) -> dict[str, list[dict]]:
    """Bundle name ("" for the main one) -> its fragments, for every bundle the Search page merges."""
    return {name: fragments(site, name) for name in ["", *(b.rstrip("/") for b in manifest(site)["bundles"])]}


def index_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted((site / "pagefind").rglob("*")) if p.is_file()}


def copy_pages(site: Path, to: Path) -> Path:
    shutil.copytree(site, to, ignore=shutil.ignore_patterns("pagefind"))
    return to


BUCKET = 1  # articles per bucket in the tests of buckets: the five seeds are spread over eight


@pytest.fixture(scope="module")
def bucketed(seed_site, tmp_path_factory) -> Path:
    """The seed site indexed in buckets, as a site of thousands of articles would be."""
    site = copy_pages(seed_site, tmp_path_factory.mktemp("bucketed") / "site")
    build_search_index(site, bucket_size=BUCKET)
    return site


def test_every_page_but_search_and_404_is_indexed_with_its_kind(seed_site):
    by_url = {f["url"]: f for f in fragments(seed_site)}
    assert "/search/" not in by_url and "/404.html" not in by_url
    kinds = {url: f["filters"]["kind"] for url, f in by_url.items()}
    assert kinds["/"] == ["other"]
    assert kinds["/sources/"] == ["other"]
    assert all(kinds[url] == ["article"] for url in kinds if url.startswith("/articles/"))
    assert sum(url.startswith("/articles/") for url in kinds) == len(list((seed_site / "articles").glob("*/index.html")))
    for folder, kind in (("actors", "actor"), ("proposals", "proposal")):
        pages = [url for url in kinds if url.startswith(f"/{folder}/") and url != f"/{folder}/"]
        if (seed_site / folder).is_dir() and any((seed_site / folder).glob("*/index.html")):
            assert pages and all(kinds[url] == [kind] for url in pages), folder
    if (seed_site / "chronology" / "index.html").is_file():
        assert kinds["/chronology/"] == ["chronology"]


def test_paragraphs_are_anchors_and_chrome_is_left_out(seed_site):
    article = next(f for f in fragments(seed_site) if f["url"].startswith("/articles/"))
    ids = [a["id"] for a in article["anchors"] if a["element"] == "p"]
    assert ids[:3] == ["p1", "p2", "p3"]
    assert "¶1" not in article["content"]  # the ¶ links are not the article's text
    # Nor the "Cited on" lines under paragraphs: their words would be hits on the paragraph above.
    assert not any("Cited on" in f["content"] for f in fragments(seed_site) if f["url"].startswith("/articles/"))
    assert article["meta"]["kind"] == "article" and article["meta"]["title"]


def test_actor_and_proposal_pages_are_found_by_their_own_text_only(seed_site):
    """Their event, mention and source lists repeat the chronology's and the articles' text."""
    by_url = {f["url"]: f for f in fragments(seed_site)}
    hamas = by_url["/actors/hamas/"]
    assert "Hamas" in hamas["content"]
    assert "Chronology (" not in hamas["content"] and "Mentions (" not in hamas["content"]
    proposals = [f for url, f in by_url.items() if url.startswith("/proposals/") and url != "/proposals/"]
    assert proposals and not any("Sources (" in f["content"] or "Events (" in f["content"] for f in proposals)
    # The same events are still found in the chronology.
    assert any(url.startswith("/chronology/") and f["anchors"] for url, f in by_url.items())


def test_words_of_adjacent_cells_are_kept_apart(seed_site):
    glued = []
    for fragment in fragments(seed_site):
        for word in ("Proposed byHamas", "Source file0", "Statuspromoted", "Proposalhostages"):
            if word in fragment["content"]:
                glued.append((fragment["url"], word))
    assert glued == []


def test_filter_index_is_sorted_and_the_bundle_byte_identical(seed_site, tmp_path):
    """Pagefind writes filter values in hash-map order; the build sorts them so the same site gives the same bytes."""
    bundles = []
    for name in ("one", "two"):
        site = tmp_path / name
        shutil.copytree(seed_site, site, ignore=shutil.ignore_patterns("pagefind"))
        build_search_index(site)
        bundles.append(site / "pagefind")
    comparison = filecmp.dircmp(*bundles)

    def differences(c):
        return c.left_only + c.right_only + c.diff_files + [d for sub in c.subdirs.values() for d in differences(sub)]

    assert differences(comparison) == []
    (filter_file,) = (bundles[0] / "filter").glob("*.pf_filter")
    data = gzip.decompress(filter_file.read_bytes())
    (key, values), _ = _cbor_read(data, len(SIGNATURE))
    assert key == "kind"
    assert [value for value, _ in values] == sorted(value for value, _ in values)
    assert {"actor", "article", "other"} <= {value for value, _ in values}
    entry = json.loads((bundles[0] / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert (bundles[0] / f"pagefind.{entry['languages']['en']['hash']}.pf_meta").is_file()
    # Pagefind's own UIs are not shipped: the site has its own search page.
    assert not list(bundles[0].glob("pagefind-*ui*")) and not (bundles[0] / "pagefind-highlight.js").exists()


# ------------------------------------------------------------------ buckets

def test_a_small_site_is_one_plain_bundle(seed_site):
    assert manifest(seed_site) == {"articles": 1, "pages": 1, "bundles": []}
    assert sorted(p.name for p in (seed_site / "pagefind").iterdir() if p.is_dir()) == ["filter", "fragment", "index"]


def test_buckets_grow_in_powers_of_two():
    assert Layout.for_articles(5) == Layout(1, 1)
    assert Layout.for_articles(400) == Layout(1, 1)
    assert Layout.for_articles(401) == Layout(2, 1)
    assert Layout.for_articles(1000) == Layout(4, 1)
    assert Layout.for_articles(5000) == Layout(16, 4)
    layout = Layout.for_articles(5000)
    assert layout.bundle_of("index.html") == layout.bundle_of("actors/index.html") == layout.bundle_of("404.html") == ""
    assert re.fullmatch(r"articles-\d+", layout.bundle_of("articles/x/index.html"))
    assert re.fullmatch(r"pages-[0-3]", layout.bundle_of("actors/hamas/index.html"))
    # The same page, the same bucket, in every process: a hash of the URL, not Python's hash().
    url = b"articles/001_ebc525fb0a40467e/"
    expected = int.from_bytes(hashlib.sha256(url).digest()[:8], "big") % 16
    assert layout.bundle_of("articles/001_ebc525fb0a40467e/index.html") == f"articles-{expected}"
    assert len({layout.bundle_of(f"articles/{n}/index.html") for n in range(400)}) == 16


def test_a_large_site_is_split_into_buckets_holding_every_page_once(seed_site, bucketed):
    whole = {f["url"]: f for f in fragments(seed_site)}
    found = all_fragments(bucketed)
    urls = [f["url"] for bundle in found.values() for f in bundle]
    assert sorted(urls) == sorted(whole)  # every page, once
    layout = Layout(**{k: manifest(bucketed)[k] for k in ("articles", "pages")})
    for name, bundle in found.items():
        assert bundle, f"an empty bundle is listed: {name}"
        for fragment in bundle:
            page = fragment["url"].lstrip("/") + "index.html"
            assert layout.bundle_of(page) == name, fragment["url"]
            assert fragment["content"] == whole[fragment["url"]]["content"]  # indexed as in one bundle
            assert fragment["anchors"] == whole[fragment["url"]]["anchors"]
    assert len([n for n in found if n.startswith("articles-")]) >= 2
    assert {f["url"] for f in found[""]} == {u for u in whole if u.count("/") <= 2}  # the top-level pages
    for name in found:
        if name:  # a merged bundle runs on the main bundle's script and WebAssembly
            assert not list((bucketed / "pagefind" / name).glob("pagefind*.js"))
            assert not list((bucketed / "pagefind" / name).glob("wasm.*"))


def test_the_vocabulary_names_the_bundles_holding_each_word(bucketed):
    index = manifest(bucketed)["vocabulary"]
    assert index["bundle"] == "vocabulary/"
    pages = {f["url"].strip("/"): f for f in fragments(bucketed, "vocabulary")}
    bundles = {"main", *(b.rstrip("/") for b in manifest(bucketed)["bundles"])}
    assert set(pages) == bundles == set(index["pages"].values())
    for page_id, name in index["pages"].items():
        assert (bucketed / "pagefind" / "vocabulary" / "fragment" / f"{page_id}.pf_fragment").is_file()
    for name, bundle in all_fragments(bucketed).items():
        words = set(pages[name or "main"]["content"].rstrip(".").split())
        for fragment in bundle:
            for token in fragment["content"].lower().split():
                token = re.sub(r"^[\W_]+|[\W_]+$", "", token)
                assert not token or token in words, (name, token)
    # A word of one article only is in its bundle's page of the vocabulary only.
    where: dict[str, set[str]] = {}
    for name, bundle in all_fragments(bucketed).items():
        for fragment in bundle:
            for token in re.findall(r"[a-z]{6,}", fragment["content"].lower()):
                where.setdefault(token, set()).add(name or "main")
    rare = sorted(w for w, names in where.items() if len(names) == 1 and next(iter(names)).startswith("articles-"))
    assert rare
    for word in rare[:20]:
        assert [name for name, page in pages.items() if word in page["content"].split()] == list(where[word])


def _edit_paragraph(site: Path, article: str, word: str) -> str:
    page = site / "articles" / article / "index.html"
    text = page.read_text(encoding="utf-8")
    text, n = re.subn(r'(<p id="p2" class="para">.*?)(</p>)', rf"\1 {word}\2", text, count=1, flags=re.S)
    assert n == 1
    page.write_text(text, encoding="utf-8")
    return f"articles/{article}/index.html"


def _same_index(site: Path, tmp_path: Path, **options) -> None:
    """site's index is byte for byte a full index of the same pages."""
    full = copy_pages(site, tmp_path / "full")
    build_search_index(full, **options)
    one, two = index_files(site), index_files(full)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def test_a_partial_index_is_the_same_as_a_full_one(bucketed, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(bucketed, site)
    article = "001_ebc525fb0a40467e"
    bucket = Layout(**{k: manifest(site)[k] for k in ("articles", "pages")}).bundle_of(f"articles/{article}/index.html")
    before = {name: (site / name).stat().st_mtime_ns for name in index_files(site)}
    changed = _edit_paragraph(site, article, "zanzibarian")
    build_search_index(site, {changed}, bucket_size=BUCKET)
    _same_index(site, tmp_path, bucket_size=BUCKET)
    touched = {name.split("/")[1] for name, mtime in before.items()
               if not (site / name).exists() or (site / name).stat().st_mtime_ns != mtime}
    # Only the edited article's bucket, and the vocabulary (a new word) and the list of bundles.
    assert touched == {bucket, "vocabulary", "bundles.json"}
    assert any("zanzibarian" in f["content"] for f in fragments(site, bucket))


def test_a_removed_article_leaves_the_index(bucketed, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(bucketed, site)
    layout = Layout(**{k: manifest(site)[k] for k in ("articles", "pages")})
    # An article alone in its bucket: the bucket goes with it.
    articles = sorted(p.name for p in (site / "articles").iterdir() if (p / "index.html").is_file())
    buckets = {a: layout.bundle_of(f"articles/{a}/index.html") for a in articles}
    alone = next(a for a in articles if list(buckets.values()).count(buckets[a]) == 1)
    shutil.rmtree(site / "articles" / alone)
    build_search_index(site, {f"articles/{alone}"}, bucket_size=BUCKET)
    _same_index(site, tmp_path, bucket_size=BUCKET)
    assert all(f"/articles/{alone}/" != f["url"] for bundle in all_fragments(site).values() for f in bundle)
    assert not (site / "pagefind" / buckets[alone]).exists()
    assert f"{buckets[alone]}/" not in manifest(site)["bundles"]
    assert buckets[alone] not in manifest(site)["vocabulary"]["pages"].values()


def test_other_bucket_counts_index_everything_again(bucketed, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(bucketed, site)
    changed = _edit_paragraph(site, "002_886e115b067cc19e", "quokkas")
    build_search_index(site, {changed}, bucket_size=2)  # 4 article buckets where there were 8
    assert manifest(site)["articles"] == 4
    _same_index(site, tmp_path, bucket_size=2)
    build_search_index(site, set())  # back to one bundle
    assert manifest(site)["bundles"] == [] and not (site / "pagefind" / "vocabulary").exists()
    _same_index(site, tmp_path / "again")


def test_a_rebuild_indexes_again_only_the_buckets_it_changed(tmp_path, monkeypatch):
    """Through the build: an edited seed, an incremental build, the index of a full build, byte for byte."""
    import dossier.search
    from tests.support import ROOT, build_site

    monkeypatch.setattr(dossier.search, "ARTICLES_PER_BUCKET", BUCKET)
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    site = tmp_path / "site"
    build_site(seeds, site)
    assert len(manifest(site)["bundles"]) > 2
    before = {name: (site / name).stat().st_mtime_ns for name in index_files(site)}
    edited = seeds / "003_5aa09946ffab4909.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("at least 37,834 people", "at least 37,900 people"), encoding="utf-8")
    build_site(seeds, site)
    full = tmp_path / "full"
    build_site(seeds, full, incremental=False)
    one, two = index_files(site), index_files(full)
    assert sorted(one) == sorted(two) and [name for name in one if one[name] != two[name]] == []
    kept = {name.split("/")[1] for name, mtime in before.items() if (site / name).exists() and (site / name).stat().st_mtime_ns == mtime}
    assert any(name.startswith("articles-") for name in kept), "every bucket was indexed again"


def test_after_a_registry_edit_only_the_buckets_whose_pages_changed_are_indexed_again(tmp_path, monkeypatch):
    """Every page is rendered again, but a bucket whose pages came out the same keeps its index."""
    import dossier.search
    from tests.support import ROOT, build_site

    monkeypatch.setattr(dossier.search, "ARTICLES_PER_BUCKET", BUCKET)
    seeds, registry = tmp_path / "seeds", tmp_path / "registry"
    shutil.copytree(ROOT / "seeds", seeds)
    shutil.copytree(ROOT / "registry", registry)
    site = tmp_path / "site"
    build_site(seeds, site, registry=registry)
    before = {name: (site / name).stat().st_mtime_ns for name in index_files(site)}
    actors = registry / "actors.toml"
    # An actor no article names: only the list of actors and its own page change.
    actors.write_text(actors.read_text(encoding="utf-8") + '\n[[actors]]\nname = "Agnes Observer"\nkind = "person"\n'
                      'profile = "An observer no article names."\n', encoding="utf-8")
    build_site(seeds, site, registry=registry)
    full = tmp_path / "full"
    build_site(seeds, full, registry=registry, incremental=False)
    one, two = index_files(site), index_files(full)
    assert sorted(one) == sorted(two) and [name for name in one if one[name] != two[name]] == []
    assert (site / "actors" / "agnes-observer" / "index.html").is_file()
    kept = {name.split("/")[1] for name, mtime in before.items() if (site / name).exists() and (site / name).stat().st_mtime_ns == mtime}
    assert any(name.startswith("articles-") for name in kept), "every bucket was indexed again"
