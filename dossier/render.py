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
from dataclasses import dataclass, field

from pelican import signals
from pelican.generators import Generator

from . import urls
from .filters import month_heading
from .incremental import digest_of
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
    """One page drawn from the model: its template looks ``key`` up in DOSSIER/INDEX.

    ``shows`` is everything the template shows of the model, as the parts its
    rebuild digest is made from (incremental.page_versions): a page is
    rendered again exactly when one of them changes. A template that starts
    showing a new field adds it here, beside the page's template and key.
    """

    address: str  # "actors/hamas/", from urls
    title: str
    template: str
    key: str
    shows: tuple = field(default=(), compare=False, repr=False)

    @property
    def name(self) -> str:
        """The page's key in a rebuild's state: its address without the closing slash ("actors/hamas")."""
        return self.address.rstrip("/")

    @property
    def save_as(self) -> str:
        return urls.page_file(self.address)


def dossier_pages(dossier: Dossier, index: DossierIndex, article_versions: dict[str, str]) -> list[GeneratedPage]:
    """Every page drawn from the model, each with what it shows.

    An article, and all that was extracted from it, follows from its seed and
    the build's inputs: ``article_versions`` (article id -> seed digest) stands
    for it, which spares hashing the whole text of every article each build.
    What several pages show (an event, a proposal, a paragraph's "Cited on"
    links, an article's version) is made into a string once (``_Shown``).
    """
    shown = _Shown(dossier, index, article_versions)
    pages = [GeneratedPage(urls.article(a.id), a.title, "article", a.id, shown.article(a)) for a in dossier.articles]
    pages += [GeneratedPage(urls.actor(a.id), a.name, "actor", a.id, shown.actor(a)) for a in dossier.actors]
    pages += [GeneratedPage(urls.actor(c.id), c.name, "provisional", c.id, shown.provisional(c))
              for c in index.provisional.values()]
    # An earlier address of an actor's page (moved_from) shows the page again, naming its address.
    pages += [GeneratedPage(urls.actor(slug), dossier.actor_by_id[target].name, "actor", target,
                            (slug, *shown.actor(dossier.actor_by_id[target])))
              for slug, target in index.redirects.items()]
    pages += [GeneratedPage(urls.proposal(p.id), p.name, "proposal", p.id, shown.proposal(p)) for p in dossier.proposals]
    pages += [GeneratedPage(urls.sources(n), f"Sources, page {n}", "sources_page", str(n), shown.sources_page(n))
              for n in range(2, len(index.source_pages) + 1)]
    months = sorted(index.events_by_page)
    pages += [GeneratedPage(urls.chronology_page(month), f"Chronology: {month_heading(month)}", "chronology_month", month,
                            shown.month(months, position))
              for position, month in enumerate(months)]
    return pages


class _Shown:
    """What each kind of page shows, as digest parts (see GeneratedPage.shows)."""

    def __init__(self, dossier: Dossier, index: DossierIndex, article_versions: dict[str, str]):
        self.index = index
        self.article_versions = article_versions
        self.lines = {article_id: f"{article_id} {version}" for article_id, version in article_versions.items()}
        # An event shows on its actors', its proposals' and its month's pages; a
        # proposal on its own page and on those of the actors that made or answered it.
        self.events = {event.id: digest_of(event) for event in dossier.events}
        self.proposals = {proposal.id: digest_of(proposal) for proposal in dossier.proposals}
        # Each article's "Cited on" links, paragraph by paragraph. The same links
        # (one actor's statements, say) stand on many paragraphs: hashed once each.
        link_digests, self.cited_on = {}, {}
        for (article_id, number), links in index.backlinks.items():
            digest = link_digests.get(links)
            if digest is None:
                digest = link_digests[links] = digest_of(links)
            self.cited_on.setdefault(article_id, []).append(f"{number} {digest}")

    def versions(self, article_ids) -> str:
        """The articles a page shows or cites: it changes when one of them does (e.g. a cited title)."""
        # An article not in this build stands as its id alone.
        return "\n".join([self.lines.get(a, a) for a in sorted(set(article_ids))])

    def of(self, shown_events) -> str:
        return "".join([self.events[event.id] for event in shown_events])

    def article(self, article) -> tuple:
        # Sorted: in whatever order the citations were found, the page is the same.
        return (self.article_versions[article.id], "\n".join(sorted(self.cited_on.get(article.id, ()))),
                self.versions(self.index.related_articles.get(article.id, ())))

    def actor(self, actor) -> tuple:
        view = self.index.actors[actor.id]
        # Mentions, spellings and statements come from the articles' extractions.
        cited = [a for a, _ in view.by_article + view.statements]
        cited += [c.article for e in view.events for c in e.citations]
        cited += [c.article for c in actor.profile.citations]
        cited += [c.article for _, r in view.responses for c in r.what.citations]
        return (actor, self.of(view.events), [self.proposals[p.id] for p in view.proposed],
                [(self.proposals[p.id], r) for p, r in view.responses], view.relations, self.versions(cited))

    def provisional(self, candidate) -> tuple:
        """A provisional page shows the candidate's names and cited mentions."""
        return (candidate, self.versions(a for a, _ in candidate.mentions))

    def proposal(self, proposal) -> tuple:
        view = self.index.proposals[proposal.id]
        cited = list(view.sources) + [c.article for e in view.events for c in e.citations]
        return (self.proposals[proposal.id], self.of(view.events), view.sources, self.versions(cited))

    def sources_page(self, number: int) -> tuple:
        chunk = self.index.source_pages[number - 1]
        notes = [self.index.problems_by_file.get(a.source_file) for a in chunk]
        return ([self.article_versions[a.id] for a in chunk], notes, len(self.index.source_pages))

    def month(self, months: list[str], position: int) -> tuple:
        shown = self.index.events_by_page[months[position]]
        neighbours = (months[position - 1] if position else None, months[position + 1] if position + 1 < len(months) else None)
        return (self.of(shown), neighbours, self.versions(c.article for e in shown for c in e.citations))


class RenderFailed(RuntimeError):
    """A rendering process stopped with an error (its traceback was printed)."""


class DossierPagesGenerator(Generator):
    """Renders the DOSSIER_PAGES setting's pages; the rest of the site is Pelican's own."""

    def generate_output(self, writer) -> None:
        pages = self.settings.get("DOSSIER_PAGES", ())
        if len(pages) < PARALLEL_FROM:
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
