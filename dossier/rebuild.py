"""The rebuild's bookkeeping, in one object the build's steps consult.

What the last build with the same inputs left (its state and its store of
read seeds), which generated pages must be rendered again, and how the new
site is put in place: a full build publishes the staged tree as it is, a
rebuild first completes it with the unchanged files of output/.

A registry edit can change what any page shows (an actor's name stands on
every page that links to it), so after one every article is read again and
every page rendered again; but the last site stays the reference: the files
whose bytes did not change are not indexed for search again.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .incremental import ArticleStore, BuildState, inputs_digest, load_state, page_versions
from .lock import BuildLock
from .publish import complete_from, publish, seed_stamps
from .settings import BuildSettings


class Rebuild:
    """This build's view of the last one: what it reuses, renders and publishes."""

    def __init__(self, settings: BuildSettings, lock: BuildLock):
        self.settings = settings
        self.lock = lock
        # A seed changed while it is read stops the build before it publishes.
        self.stamps = seed_stamps(settings.seeds)
        # --full changes how the site is built, not what it shows: a full build
        # leaves state that the next normal build can reuse.
        what_is_built = replace(settings, incremental=True)
        self.inputs = inputs_digest([settings.theme, settings.pages], [settings.pelicanconf], what_is_built)
        self.registry_digest = inputs_digest([settings.registry], [], None)
        self.state = load_state(settings.work, self.inputs, settings.output) if settings.incremental else BuildState(self.inputs)
        # What is read of a seed depends on the registry too.
        self.store = ArticleStore(settings.work, self.inputs[:8] + self.registry_digest[:8])
        self.staging: Path = settings.work / "output"  # where the new site is put together
        self.seeds: set[str] = set()  # digests of this build's seeds
        self.shown: dict[str, str] = {}  # page name -> digest of what it shows, this build
        self.removed: set[str] = set()  # pages of the last build that are gone

    @property
    def partial(self) -> bool:
        """Whether the last build's site is the reference: its pages are known (same inputs, same site)."""
        return bool(self.state.pages)

    @property
    def registry_changed(self) -> bool:
        return self.state.registry != self.registry_digest

    def reusable_reads(self, digests: list[str]) -> dict[str, object]:
        """Seed digest -> what the last build read of that seed (nothing in a full build); stale stores cleared."""
        self.seeds = set(digests)
        reads = self.store.load(digests) if self.partial else {}
        self.store.clear(everything=not reads)
        return reads

    def pages_to_render(self, pages: list) -> list:
        """Of the generated pages (render.GeneratedPage), those whose content changed: all of them in a full build.

        And all of them after a registry edit: what a page shows is declared
        by ids and versions of the articles, not by the registry's names.
        """
        self.shown = page_versions(pages)
        if not self.partial:
            return pages
        self.removed = set(self.state.pages) - set(self.shown)
        if self.registry_changed:
            return pages
        changed = {name for name, digest in self.shown.items() if self.state.pages.get(name) != digest}
        return [page for page in pages if page.name in changed]

    def complete(self) -> set[str] | None:
        """Make the staged tree the whole site; the files whose bytes changed (None: all, in a full build)."""
        if not self.partial:
            return None
        return complete_from(self.staging, self.settings.output, self.removed)

    def publish(self) -> None:
        """Forget the reads of seeds that are gone, and swap the new site in with its state."""
        self.store.keep_only(self.seeds)
        publish(self.staging, self.settings.output, BuildState(self.inputs, self.shown, registry=self.registry_digest), self.lock, self.settings.seeds, self.stamps)
