"""The Pagefind search index (dossier/search.py), read from the files it writes."""
from __future__ import annotations

import filecmp
import gzip
import json
import shutil
from pathlib import Path

from dossier.search import _SIGNATURE as SIGNATURE, _cbor_read, build_search_index


def fragments(site: Path) -> list[dict]:
    found = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        found.append(json.loads(data[len(SIGNATURE):]))
    return found


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
    assert article["meta"]["kind"] == "article" and article["meta"]["title"]


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
