"""The static search index (Pagefind) over the rendered site.

Pagefind indexes every page whose ``<main>`` carries ``data-pagefind-body``
(base.html sets it on every page but the search page and the 404 page), with
a ``kind`` filter (actor, proposal, article, chronology, other) for the
Search page. Page chrome that is not the page's own text is left out: the ¶
links, copy-link buttons, the "Cited on" lines under paragraphs and the junk
set apart from an article's paste.

Hits inside an article land on the paragraph: every paragraph is a
``<p id="pN">``, and Pagefind records each element with an id as an *anchor*
with its word position; the Search page (theme/static/js/dossier.js) maps
each hit to the paragraph it falls in and links to ``…/#pN``. This keeps one
record per page (one fragment file each) instead of one per paragraph.

Buckets. Pagefind holds the whole site in memory while it indexes it (1.6 GB
at 5,000 articles) and indexes a site only whole. So a large site is split
into buckets, each indexed by its own Pagefind run into its own bundle, and
the Search page merges the bundles with Pagefind's ``mergeIndex``:

- ``pagefind/``: the main bundle, which also holds Pagefind's script, worker
  and WebAssembly. It indexes the top-level pages (home, ``actors/``,
  ``sources/``, ``editors/``, …), which every rebuild writes again; on a
  small site, every page.
- ``pagefind/articles-<i>/``: the article pages (``articles/<id>/``), spread
  by a stable hash of their URL over a power of two of buckets of at most
  ``ARTICLES_PER_BUCKET`` on average.
- ``pagefind/pages-<i>/``: the other pages below a section (an actor, a
  proposal, a month of the chronology, a page of the source list), spread
  the same way over a quarter as many buckets (at least one).
- ``pagefind/vocabulary/``: which bundle holds which words (see "the
  vocabulary" below: without it, merged results hit the wrong paragraphs).
- ``pagefind/bundles.json``: the bucket counts, the bundles the Search page
  merges, in order, and the vocabulary's pages. The site's CSP allows no
  inline script, so the list is a file the script fetches.

A site of up to ``ARTICLES_PER_BUCKET`` articles (the shipped dossier) stays
one plain bundle at ``pagefind/``. Buckets are indexed ``JOBS`` at a time, so
the memory is that of a bucket or two, not of the site. A rebuild
indexes again only the buckets holding a page it wrote or deleted
(``changed``) and leaves the others as they are; a bucket left without pages
goes. Each bundle depends only on its own pages (and the vocabulary only on
the bundles' words), so the result is byte for byte a full index of the same
site. When the number of buckets changes, everything is indexed again.

Pagefind reads a mirror of each bucket's pages, copies fixed up for it (see
``_GLUED``), written to memory (``_SCRATCH``): its own crawl of a folder is
several times faster than being handed the pages one by one.

Only the search library itself is kept from Pagefind's bundle: the site has
its own search page, so Pagefind's prebuilt UI files are removed, and the
merged bundles also lose the script, worker and WebAssembly, of which only
the main bundle's copies are loaded.

Pagefind runs as its command-line binary (from the pinned ``pagefind[bin]``),
not through ``pagefind.index.PagefindIndex``: the Python API's context
manager stops the service right after asking it to write, and under load the
bundle was found half-written (an empty pagefind-entry.json); the command
exits only when every file is written.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pagefind.service import get_executable as _find_executable

from . import urls

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
MANIFEST = "bundles.json"
VOCABULARY = "vocabulary"  # pagefind/vocabulary/: which bundle holds which words (see below)
MAIN = ""  # the main bundle's name: it is pagefind/ itself
# About 100 MB of Pagefind's memory a bucket (1.6 GB for the whole of 5,000 articles at once).
ARTICLES_PER_BUCKET = 400
# Pagefind runs at a time: one a core, at most two. Each runs on one core and
# holds its bucket in memory (~100 MiB); at 5,000 articles on a quiet 2-core
# machine two at a time index in 13-15 s instead of 19 (on a loaded one they
# gain little).
JOBS = min(2, os.cpu_count() or 1)

# Inside data-pagefind-body but not the page's own text. The "Cited on" line
# under a paragraph names the pages citing it: its words would be hits on
# that paragraph ("limited" on a paragraph cited by the "US limited deal").
# Templates mark with data-search-ignore what repeats other pages' text: an
# actor's or a proposal's events (the chronology's), relations and lists of
# mentions and sources. Indexed, they made a big actor page a hit for any
# word of its events, with a fragment of hundreds of KB to download, and
# they were most of what a rebuild indexed again.
EXCLUDE_SELECTORS = [
    ".para-link",
    ".copy-link",
    ".copy-button",
    ".set-apart",
    ".cited-on",
    "[data-search-ignore]",
]

# Pagefind's prebuilt UIs and highlighter: the site does not load them.
UNUSED_BUNDLE_FILES = [
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
]

# Only the main bundle's copies are loaded: pagefind.js searches every merged bundle with them.
MAIN_ONLY_FILES = ["pagefind.js", "pagefind-worker.js", "wasm.*.pagefind"]


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


# ------------------------------------------------------------------ buckets

_BUCKET_FOLDER = re.compile(r"(?:articles|pages)-\d+")  # the buckets' folders in pagefind/


@dataclass(frozen=True)
class Layout:
    """How many buckets article pages and other section pages are spread over (powers of two)."""

    articles: int = 1
    pages: int = 1

    @classmethod
    def for_articles(cls, count: int, bucket_size: int = ARTICLES_PER_BUCKET) -> "Layout":
        """About bucket_size articles a bucket; the other section pages over a quarter as many buckets."""
        if bucket_size < 1:
            raise ValueError(f"bucket_size must be at least 1, not {bucket_size}")
        articles = 1
        while articles * bucket_size < count:
            articles *= 2
        return cls(articles, max(1, articles // 4))

    def bundle_of(self, page: str) -> str:
        """The bundle (its folder under pagefind/; MAIN for pagefind/ itself) that indexes this page.

        The top-level pages, which every rebuild writes again, have the main
        bundle to themselves: indexing them again does not mean indexing the
        big pages of actors and months of the chronology too.
        """
        url = urls.address_of(page)
        if self.articles == 1 or not url.partition("/")[2]:  # a small site, or a top-level page (home, actors/, editors/)
            return MAIN
        if urls.is_article(url):
            return f"articles-{_stable_hash(url) % self.articles}"
        return f"pages-{_stable_hash(url) % self.pages}"

    def bundles(self) -> list[str]:
        """Every bundle this layout can have, in the order the browser merges them."""
        if self.articles == 1:
            return [MAIN]
        return [MAIN, *(f"pages-{i}" for i in range(self.pages)), *(f"articles-{i}" for i in range(self.articles))]


def _stable_hash(url: str) -> int:
    """The same number for the same URL in every process and on every machine (unlike hash())."""
    return int.from_bytes(hashlib.sha256(url.encode("utf-8")).digest()[:8], "big")


def _is_article(page: str) -> bool:
    return urls.is_article(urls.address_of(page))


def _page_of(path: str) -> str | None:
    """A changed path as a page file (articles/x -> articles/x/index.html); None for what is no page."""
    path = path.replace("\\", "/").strip("/")
    if path.split("/", 1)[0] == BUNDLE or PurePosixPath(path).suffix.lower() in _NOT_PAGES:
        return None
    if path.endswith(".html"):
        return path
    return urls.page_file(f"{path}/" if path else "")


_NOT_PAGES = {".css", ".js", ".json", ".xml", ".atom", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico",
              ".txt", ".pdf", ".woff", ".woff2", ".map"}


# ------------------------------------------------------------------ indexing

def build_search_index(site: Path, changed: set[str] | None = None, *,
                       bucket_size: int | None = None, jobs: int | None = None) -> int:
    """Index the site's pages into site/pagefind/; returns the number of pages in the whole index.

    changed: the pages this build wrote or deleted, relative to site
    ("articles/x/index.html", or the page's folder "articles/x"): only the
    buckets holding one of them are indexed again. None indexes everything,
    and so does a change in the number of buckets. bucket_size: articles a
    bucket (ARTICLES_PER_BUCKET); jobs: Pagefind runs at a time (JOBS), each
    holding one bucket in memory.
    """
    bucket_size = bucket_size or ARTICLES_PER_BUCKET
    jobs = jobs or JOBS
    site = Path(site).resolve()
    root = site / BUNDLE
    pages = _site_pages(site)
    layout = Layout.for_articles(sum(map(_is_article, pages)), bucket_size)
    members: dict[str, list[str]] = {name: [] for name in layout.bundles()}
    for page in pages:
        members[layout.bundle_of(page)].append(page)
    merged = len(members) > 1
    previous = _read_manifest(root)
    full = changed is None or previous is None or previous[0] != layout
    if full:
        dirty = set(members)
    else:
        dirty = {layout.bundle_of(page) for page in map(_page_of, changed) if page is not None}
        # A bundle the last index had that is not there (or half there) is made again.
        dirty |= {name for name in [MAIN, *previous[1]] if not _is_bundle(root / name)}
    with tempfile.TemporaryDirectory(prefix=f".{site.name}.search-", dir=site.parent) as folder, \
            tempfile.TemporaryDirectory(prefix="dossier-search-", dir=_SCRATCH) as scratch:
        work = Path(folder)

        def build(name: str) -> tuple[Path | None, list[str] | None]:
            """One bucket: its bundle (None if it has no page to index) and, for the vocabulary, its words."""
            label = name or "main"
            bundle = _build_bundle(site, members[name], Path(scratch) / label, work / "bundles" / label, main=name == MAIN)
            return bundle, _bundle_words(bundle) if merged and bundle is not None else None

        order = [name for name in layout.bundles() if name in dirty]
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            done = dict(zip(order, pool.map(build, order)))
        built = {name: bundle for name, (bundle, _) in done.items()}
        if MAIN in built and built[MAIN] is None:
            raise SearchIndexError(f"the search index of {site} has no page in its main bundle: is data-pagefind-body missing from base.html?")
        if merged:
            words = {name: words for name, (_, words) in done.items() if words is not None}
            vocabulary = _vocabulary(root, built, words, layout, full)
            if vocabulary is not None:
                built[VOCABULARY] = _build_vocabulary(vocabulary, Path(scratch) / VOCABULARY, work / "bundles" / VOCABULARY)
        if full:
            _install_all(root, built, work / BUNDLE)
        else:
            _install_some(root, built)
        bundles = _write_manifest(root, layout)
    count = sum(_page_count(root / name) for name in [MAIN, *bundles])
    log.debug("search index: %d pages in %d bundles, %s indexed again", count, 1 + len(bundles),
              "all" if full else ", ".join(sorted(name or "main" for name in built)) or "none")
    return count


def _site_pages(site: Path) -> list[str]:
    """Every HTML file of the site outside pagefind/, relative and sorted (which are indexed is read later)."""
    found = []
    for folder, subfolders, files in os.walk(site):
        relative = Path(folder).relative_to(site).as_posix()
        if relative == ".":
            subfolders[:] = [name for name in subfolders if name != BUNDLE]
            relative = ""
        found += [f"{relative}/{name}" if relative else name for name in files if name.endswith(".html")]
    return sorted(found)


# The mirror Pagefind reads is written to memory where there is a tmpfs: on a
# loaded disk, writing and deleting a bucket's few megabytes of small files
# took as long as indexing them. A bucket's mirror is a few MB.
_SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def _build_bundle(site: Path, pages: list[str], mirror: Path, bundle: Path, *, main: bool) -> Path | None:
    """Index those of these pages that are to be indexed into bundle; None when there is none."""
    # Pagefind reads a mirror of the pages, copies fixed up for it (see _GLUED);
    # its own crawl of a folder is several times faster than being handed the pages one by one.
    written = 0
    for page in pages:
        text = (site / page).read_text(encoding="utf-8")
        if _INDEXED.search(text):
            target = mirror / page
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_GLUED.sub(r"\1 ", text), encoding="utf-8")
            written += 1
    if not written:
        return None
    _index(mirror, bundle)
    shutil.rmtree(mirror)
    _trim(bundle, main=main)
    _canonical_filters(bundle)
    return bundle


def _trim(bundle: Path, *, main: bool) -> None:
    for pattern in UNUSED_BUNDLE_FILES + ([] if main else MAIN_ONLY_FILES):
        for path in bundle.glob(pattern):
            path.unlink()


def _is_bundle(folder: Path) -> bool:
    return (folder / "pagefind-entry.json").is_file()


def _main_entries(root: Path) -> list[Path]:
    """The main bundle's own files and folders in pagefind/: all but the other bundles and the manifest."""
    return [path for path in root.iterdir()
            if path.name not in (MANIFEST, VOCABULARY) and not _BUCKET_FOLDER.fullmatch(path.name)]


def _install_all(root: Path, built: dict[str, Path | None], new_root: Path) -> None:
    """A full index is put together aside, then replaces pagefind/ whole: nothing of the last one stays."""
    built[MAIN].rename(new_root)
    for name, bundle in built.items():
        if name != MAIN and bundle is not None:
            bundle.rename(new_root / name)
    if root.exists():
        shutil.rmtree(root)
    new_root.rename(root)


def _install_some(root: Path, built: dict[str, Path | None]) -> None:
    """Put the bundles indexed again in place of theirs; a bucket left with no page goes."""
    for name, bundle in built.items():
        if name == MAIN:
            for path in _main_entries(root):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            for path in sorted(bundle.iterdir()):
                path.rename(root / path.name)
            continue
        if (root / name).exists():
            shutil.rmtree(root / name)
        if bundle is not None:
            bundle.rename(root / name)


def _write_manifest(root: Path, layout: Layout) -> list[str]:
    """pagefind/bundles.json, what the Search page merges: the bundles beside the main one, in order,
    and which page of the vocabulary stands for which bundle. Returns those bundles."""
    bundles = [name for name in layout.bundles() if name != MAIN and _is_bundle(root / name)]
    manifest: dict = {"articles": layout.articles, "pages": layout.pages, "bundles": [f"{name}/" for name in bundles]}
    if len(layout.bundles()) > 1:
        pages = {page: name for name, (page, _) in _vocabulary_pages(root / VOCABULARY).items()}
        manifest["vocabulary"] = {"bundle": f"{VOCABULARY}/", "pages": dict(sorted(pages.items()))}
    elif (root / VOCABULARY).exists():
        shutil.rmtree(root / VOCABULARY)
    (root / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return bundles


def _read_manifest(root: Path) -> tuple[Layout, list[str]] | None:
    """(layout, bundles beside the main one) of the index in root, or None where there is none to trust."""
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        layout = Layout(int(manifest["articles"]), int(manifest["pages"]))
        bundles = [name.rstrip("/") for name in manifest["bundles"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not all(_BUCKET_FOLDER.fullmatch(name) for name in bundles):
        return None
    return layout, bundles


def _page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(info["page_count"] for info in entry["languages"].values())


def _read_fragment(path: Path) -> dict:
    data = gzip.decompress(path.read_bytes())
    return json.loads(data[len(_SIGNATURE):] if data.startswith(_SIGNATURE) else data)


# ------------------------------------------------------------------ the vocabulary
#
# Where a bundle has no word that starts like a query word, Pagefind searches
# that bundle for the longest of its words the query word starts with
# (Pagefind PR #315: "intermediaries" finds "in"). One index of the whole site
# does that only when the word is nowhere on the site; merged buckets each
# decide on their own words, and a bucket without "intermediaries" answered
# with every "in" of its articles: hits on paragraphs without the word,
# ranked with the real ones. That is why merged results landed on the wrong
# paragraph.
#
# pagefind/vocabulary/ is a bundle of one page per bundle holding every word
# of that bundle's pages (as Pagefind extracted them). Its words are the
# site's, so searched on its own it matches a query's words as one index of
# the whole site would, and its hits name the bundles that truly hold them;
# the Search page then searches those bundles only (dossier.js, which tags
# each merged bundle with a "bundle" filter). It is indexed again when a
# bundle's words change, which an edit using words already on the site does
# not do.

def _words(text: str) -> set[str]:
    """The words of Pagefind's text of a page: lower case, without the punctuation around them.

    A token joined by punctuation ("casualties—dead", "then-president") also
    gives its parts, which Pagefind indexes too.
    """
    found = set()
    for token in set(text.lower().split()):
        found.add(_EDGES.sub("", token))
        parts = _INNER.split(token)
        if len(parts) > 1:
            found.update(part for part in parts if len(part) > 1)
    found.discard("")
    return found


_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_INNER = re.compile(r"[\W_]+")


def _bundle_words(bundle: Path) -> list[str]:
    """Every word of the bundle's pages: their text, and their metadata (titles, other names)."""
    texts = []
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        fragment = _read_fragment(path)
        texts.append(fragment.get("content", ""))
        texts += [str(value) for value in (fragment.get("meta") or {}).values()]
    return sorted(_words(" ".join(texts)))


def _vocabulary_pages(vocabulary: Path) -> dict[str, tuple[str, list[str]]]:
    """bundle name ("main" for the main bundle) -> (page id in the vocabulary bundle, its words)."""
    pages = {}
    if _is_bundle(vocabulary):
        for path in sorted((vocabulary / "fragment").glob("*.pf_fragment")):
            fragment = _read_fragment(path)
            # The same words back (Pagefind ends the page's text with a full stop).
            pages[fragment["url"].strip("/")] = (path.stem, sorted(_words(fragment.get("content", ""))))
    return pages


def _vocabulary(root: Path, built: dict[str, Path | None], words: dict[str, list[str]], layout: Layout,
                full: bool) -> dict[str, list[str]] | None:
    """bundle name -> its words, for a new vocabulary; None when the one in place still holds."""
    old = {} if full else {name: words for name, (_, words) in _vocabulary_pages(root / VOCABULARY).items()}
    vocabulary = {}
    for name in layout.bundles():
        key = name or "main"
        if name in built:
            if built[name] is not None:
                vocabulary[key] = words[name]
        elif _is_bundle(root / name):
            vocabulary[key] = old[key] if key in old else _bundle_words(root / name)
    return None if vocabulary == old else vocabulary


def _build_vocabulary(vocabulary: dict[str, list[str]], mirror: Path, bundle: Path) -> Path:
    for name, words in vocabulary.items():
        page = mirror / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<!DOCTYPE html><html lang="en"><head><title>{name}</title></head>'
                        f'<body><main data-pagefind-body><p>{html.escape(" ".join(words))}</p></main></body></html>\n',
                        encoding="utf-8")
    _index(mirror, bundle)
    shutil.rmtree(mirror)
    _trim(bundle, main=False)
    return bundle


# ------------------------------------------------------------------ what Pagefind reads

# Pagefind glues the text of adjacent cells and definition items ("Proposed
# by</dt><dd>Hamas" -> "Proposed byHamas"): a space after such closing tags
# keeps words apart in the index. Only the copy sent to Pagefind is changed.
_GLUED = re.compile(r"(</(?:dt|dd|td|th|tr|li|p|h[1-6]|caption|figcaption|blockquote|summary|div|section|header|footer)>)(?=<)", re.I)


_INDEXED = re.compile(r"<main\b[^>]*\sdata-pagefind-body[\s>=]")


@functools.lru_cache(maxsize=None)
def get_executable():
    """The pagefind binary of the pinned pagefind[bin], looked for once (it is run once a bucket)."""
    return _find_executable()


def _index(source: Path, bundle: Path) -> int:
    """Run Pagefind's indexer over source, writing the bundle; returns the number of pages indexed."""
    executable = get_executable()
    if executable is None:
        raise SearchIndexError("the pagefind binary is missing: install the pinned requirements (pagefind[bin])")
    command = [str(executable), "--site", str(source), "--output-path", str(bundle), "--force-language", "en", "--silent"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SearchIndexError(f"pagefind failed ({done.returncode}): {(done.stderr or done.stdout).strip()}")
    entry = bundle / "pagefind-entry.json"
    if not entry.is_file():
        raise SearchIndexError(f"pagefind wrote no {entry}")
    return sum(info["page_count"] for info in json.loads(entry.read_text(encoding="utf-8"))["languages"].values())


# ------------------------------------------------------------------ same inputs, same bytes
#
# Pagefind writes each filter's values in hash-map order, which changes from
# run to run, and names the filter file (and so the meta file that lists it,
# and pagefind-entry.json that names the meta file) after the content. The
# filter files are rewritten with their values sorted and renamed after a
# hash of what they now hold; nothing else in the bundle changes.
#
# A filter file is gzip("pagefind_dcd" + CBOR [key, [[value, [page, ...]], ...]]).

_SIGNATURE = b"pagefind_dcd"


class _Malformed(ValueError):
    pass


def _cbor_read(data: bytes, at: int):
    """(value, next offset) for the CBOR subset Pagefind's filter files use: unsigned ints, text, arrays."""
    if at >= len(data):
        raise _Malformed("truncated")
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        length = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        length = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise _Malformed(f"unsupported additional info {info}")
    if major == 0:
        return length, at
    if major == 3:
        return data[at:at + length].decode("utf-8"), at + length
    if major == 4:
        items = []
        for _ in range(length):
            item, at = _cbor_read(data, at)
            items.append(item)
        return items, at
    raise _Malformed(f"unsupported major type {major}")


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise _Malformed("integer too large")


def _cbor_write(value) -> bytes:
    if isinstance(value, int):
        return _cbor_head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    return _cbor_head(4, len(value)) + b"".join(_cbor_write(item) for item in value)


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _short_hash(data: bytes, length: int) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


def _canonical_filters(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
    entry_text = entry_path.read_text(encoding="utf-8")
    for language, info in json.loads(entry_text)["languages"].items():
        meta_name = info["hash"]
        meta_path = bundle / f"pagefind.{meta_name}.pf_meta"
        meta = gzip.decompress(meta_path.read_bytes())
        changed = False
        for filter_path in sorted((bundle / "filter").glob(f"{language}_*.pf_filter")):
            data = gzip.decompress(filter_path.read_bytes())
            try:
                if not data.startswith(_SIGNATURE):
                    raise _Malformed("no signature")
                body, end = _cbor_read(data, len(_SIGNATURE))
                if end != len(data) or len(body) != 2 or not isinstance(body[1], list):
                    raise _Malformed("unexpected layout")
            except (_Malformed, UnicodeDecodeError, IndexError) as problem:
                log.warning("search index: left %s as Pagefind wrote it (%s); the build may not be byte-identical", filter_path.name, problem)
                continue
            key, values = body
            canonical = _SIGNATURE + _cbor_write([key, sorted(values, key=lambda pair: pair[0])])
            old_name = filter_path.stem
            new_name = f"{language}_{_short_hash(canonical, len(old_name) - len(language) - 1)}"
            if meta.count(old_name.encode()) != 1:
                log.warning("search index: %s is not named once in %s; left as it is", old_name, meta_path.name)
                continue
            meta = meta.replace(old_name.encode(), new_name.encode())
            filter_path.unlink()
            (bundle / "filter" / f"{new_name}.pf_filter").write_bytes(_gzip(canonical))
            changed = True
        if changed:
            new_meta_name = f"{language}_{_short_hash(meta, len(meta_name) - len(language) - 1)}"
            meta_path.unlink()
            (bundle / f"pagefind.{new_meta_name}.pf_meta").write_bytes(_gzip(meta))
            entry_text = entry_text.replace(f'"{meta_name}"', f'"{new_meta_name}"')
    entry_path.write_text(entry_text, encoding="utf-8")
