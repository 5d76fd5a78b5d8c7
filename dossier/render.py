"""The Pelican side of the write stage: a generator plugin for the dossier's pages.

Pelican renders the hand-written pages, the site-wide templates (home,
actors, chronology, feeds…) and copies the theme as usual. The thousands of
pages drawn from the model (one per article, actor, proposal, sources page
and chronology month) are rendered by ``DossierPagesGenerator``, a Pelican
generator that takes them straight from the model, with Pelican's Jinja
environment, settings and writer. Going through Pelican's readers instead
(one metadata-only Markdown stub per page) cost more than rendering.

The pages are rendered by two processes when there are many: after forking,
the child renders every other page while the parent renders the rest. Pages
are independent, so each process only needs the model it inherited.
"""
from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import time
from dataclasses import dataclass

from pelican import signals
from pelican.generators import Generator

from .filters import month_heading
from .index import DossierIndex
from .models import Dossier

log = logging.getLogger(__name__)

# Below this many pages a second process costs more than it saves: forking
# takes a few tens of milliseconds, a page from a few milliseconds (an
# article) to a few tenths of a second (an actor of a big dossier, which a
# rebuild renders again whenever one of its articles changes).
PARALLEL_FROM = 20


@dataclass(frozen=True)
class GeneratedPage:
    """One page drawn from the model: its template looks ``key`` up in DOSSIER/INDEX."""

    url: str  # "actors/hamas": also the page's key in a rebuild
    title: str
    template: str
    key: str

    @property
    def save_as(self) -> str:
        return f"{self.url}/index.html"


def dossier_pages(dossier: Dossier, index: DossierIndex) -> list[GeneratedPage]:
    """Every page drawn from the model."""
    pages = [GeneratedPage(f"articles/{a.id}", a.title, "article", a.id) for a in dossier.articles]
    pages += [GeneratedPage(f"actors/{a.id}", a.name, "actor", a.id) for a in dossier.actors]
    pages += [GeneratedPage(f"actors/{c.id}", c.name, "provisional", c.id) for c in index.provisional.values()]
    # An earlier address of an actor's page (moved_from) shows the page again, naming its address.
    pages += [GeneratedPage(f"actors/{slug}", dossier.actor_by_id[target].name, "actor", target)
              for slug, target in index.redirects.items()]
    pages += [GeneratedPage(f"proposals/{p.id}", p.name, "proposal", p.id) for p in dossier.proposals]
    pages += [GeneratedPage(f"sources/{n}", f"Sources, page {n}", "sources_page", str(n))
              for n in range(2, len(index.source_pages) + 1)]
    pages += [GeneratedPage(f"chronology/{month}", f"Chronology: {month_heading(month)}", "chronology_month", month)
              for month in sorted(index.events_by_page)]
    return pages


class RenderFailed(RuntimeError):
    """A rendering process stopped with an error (its traceback was printed)."""


class DossierPagesGenerator(Generator):
    """Renders the DOSSIER_PAGES setting's pages; the rest of the site is Pelican's own."""

    def generate_output(self, writer) -> None:
        pages = self.settings.get("DOSSIER_PAGES", ())
        if len(pages) < PARALLEL_FROM or self.settings.get("DOSSIER_PROCESSES", 2) < 2:
            self._render(pages, writer)
            return
        # Out of the collector's sight, the objects the child shares with us are
        # not touched (and so not copied) by it. The build unfreezes them at its end.
        gc.freeze()
        child = multiprocessing.get_context("fork").Process(target=self._render, args=(pages[1::2], writer))
        child.start()
        try:
            self._render(pages[0::2], writer)
        finally:
            child.join()
        if child.exitcode != 0:
            raise RenderFailed(f"a rendering process failed (exit code {child.exitcode}); see the error above")

    def _render(self, pages, writer) -> None:
        start = time.process_time()
        relative = self.settings["RELATIVE_URLS"]
        for page in pages:
            writer.write_file(page.save_as, self.get_template(page.template), self.context,
                              relative_urls=relative, page=page)
        log.debug("rendered %d dossier pages in process %d: CPU %.2f s", len(pages), os.getpid(), time.process_time() - start)


def _generators(pelican) -> type[Generator]:
    return DossierPagesGenerator


def register() -> None:
    """Pelican's plugin entry point."""
    signals.get_generators.connect(_generators)
