"""The static search index (Pagefind) over the rendered site.

Pagefind indexes every page whose ``<main>`` carries ``data-pagefind-body``
(base.html sets it on every page but the search page and the 404 page), with
a ``kind`` filter (actor, proposal, article, chronology, other) for the
Search page. Page chrome that is not the page's own text is left out: the ¶
links, copy-link buttons and the junk set apart from an article's paste.

Hits inside an article land on the paragraph: every paragraph is a
``<p id="pN">``, and Pagefind records each element with an id as an *anchor*
with its word position; the Search page (theme/static/js/dossier.js) maps
each hit to the paragraph it falls in and links to ``…/#pN``. This keeps one
record per page (one fragment file each) instead of one per paragraph.

Only the search library itself is kept from Pagefind's bundle: the site has
its own search page, so Pagefind's prebuilt UI files are removed.

Pagefind runs as its command-line binary (from the pinned ``pagefind[bin]``),
not through ``pagefind.index.PagefindIndex``: the Python API's context
manager stops the service right after asking it to write, and under load the
bundle was found half-written (an empty pagefind-entry.json); the command
exits only when every file is written.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from pagefind.service import get_executable

log = logging.getLogger(__name__)

BUNDLE = "pagefind"

# Inside data-pagefind-body but not the page's own text.
EXCLUDE_SELECTORS = [
    ".para-link",
    ".copy-link",
    ".copy-button",
    ".set-apart",
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


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def build_search_index(output: Path) -> int:
    """Pagefind indexes the rendered pages into output/pagefind/; returns the page count."""
    output = Path(output).resolve()
    # Pagefind reads a mirror of the pages to index, copies fixed up for it
    # (see _GLUED). Its own crawl of a folder is several times faster than
    # handing it the pages one by one through its Python API.
    with tempfile.TemporaryDirectory(prefix=f".{output.name}.search-", dir=output.parent) as folder:
        mirror = Path(folder) / "pages"
        bundle = Path(folder) / BUNDLE
        for relative, html in _pages(output):
            target = mirror / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
        pages = _index(mirror, bundle)
        if pages == 0:
            raise SearchIndexError(f"the search index of {output} has no page: is data-pagefind-body missing from base.html?")
        for name in UNUSED_BUNDLE_FILES:
            (bundle / name).unlink(missing_ok=True)
        _canonical_filters(bundle)
        # A rebuild replaces the whole bundle: no fragment of the last index stays behind.
        if (output / BUNDLE).exists():
            shutil.rmtree(output / BUNDLE)
        bundle.rename(output / BUNDLE)
    log.debug("search index: %d pages", pages)
    return pages


# Pagefind glues the text of adjacent cells and definition items ("Proposed
# by</dt><dd>Hamas" -> "Proposed byHamas"): a space after such closing tags
# keeps words apart in the index. Only the copy sent to Pagefind is changed.
_GLUED = re.compile(r"(</(?:dt|dd|td|th|tr|li|p|h[1-6]|caption|figcaption|blockquote|summary|div|section|header|footer)>)(?=<)", re.I)


_INDEXED = re.compile(r"<main\b[^>]*\sdata-pagefind-body[\s>=]")


def _pages(output: Path):
    """(path relative to output, html) of every page to index: those whose <main> carries data-pagefind-body."""
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output)
        if relative.parts[0] == BUNDLE:
            continue
        html = path.read_text(encoding="utf-8")
        if _INDEXED.search(html):
            yield relative, _GLUED.sub(r"\1 ", html)


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
