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
"""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

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
    pages = asyncio.run(_index(output))
    if pages == 0:
        raise SearchIndexError(f"the search index of {output} has no page: is data-pagefind-body missing from base.html?")
    for name in UNUSED_BUNDLE_FILES:
        (output / BUNDLE / name).unlink(missing_ok=True)
    log.debug("search index: %d pages", pages)
    return pages


async def _index(output: Path) -> int:
    config = IndexConfig(
        exclude_selectors=EXCLUDE_SELECTORS,
        force_language="en",
        output_path=str(output / BUNDLE),
    )
    async with PagefindIndex(config=config) as index:
        indexed = await index.add_directory(str(output))
        errors = indexed.get("errors") if isinstance(indexed, dict) else None
        if errors:
            raise SearchIndexError("; ".join(map(str, errors)))
        return int(indexed["page_count"])
