"""The build, as a recipe: read, normalize, extract and link, write."""
from __future__ import annotations

import gc
import logging
import os
import pickle
import resource
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from functools import partial
from typing import NamedTuple

from .export import export_dossier
from .duplicates import same_text, seed_text_key
from .extract import Extraction, Extractor
from .index import index_dossier
from .link import WordCounts, article_words, link
from .models import Article, Dossier, Problem, RawSeed, SourceFacts
from .parallel import fork_map
from .registry import load_registry
from .normalize import normalize_seed
from .read import read_seeds, read_source_facts
from .settings import BuildSettings
from .sourcing import date_article
from .search import build_search_index
from .incremental import ArticleStore, BuildState, inputs_digest, load_state, page_digests, save_state, seed_digest
from .render import dossier_pages
from .report import Quiet
from .write import apply_changes, count_pages, render_site, swap_into_place, write_export

log = logging.getLogger(__name__)
# Who is told of the build's progress (report.BuildLog for build.py): set by run for its duration.
_listener: ContextVar[Quiet] = ContextVar("build listener", default=Quiet())


class BuildFailed(Exception):
    """Inputs had errors; output/ was left as it was."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in the inputs; output left unchanged")


@contextmanager
def _timed(stage: str):
    """Log how long a stage took (shown with --debug): where a build's time goes."""
    _listener.get().stage(stage)
    start, cpu = time.perf_counter(), _cpu_seconds()
    yield
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    log.info("%s: %.2f s (CPU %.2f s, peak memory so far %.0f MiB)", stage, time.perf_counter() - start, _cpu_seconds() - cpu, peak)


def _cpu_seconds() -> float:
    """CPU time of this process and of the worker processes it has waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run(settings: BuildSettings, listener: Quiet = Quiet()) -> Dossier:
    """Build the dossier site from settings, telling listener how it goes; raise BuildFailed on input errors."""
    # The model is millions of small objects and no cycles: the cyclic garbage
    # collector would only rescan them over and over (a third of the time of
    # linking and indexing). It is off while the model is built, and the model
    # is frozen out of its sight before rendering, which does make cycles.
    was_enabled = gc.isenabled()
    gc.disable()
    told = _listener.set(listener)
    try:
        return _build(settings)
    finally:
        _listener.reset(told)
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _build(settings: BuildSettings) -> Dossier:
    # 1. Read the inputs, and what the last build with the same registry, theme and code learnt.
    with _timed("read"):
        seeds, problems = read_seeds(settings.seeds, settings.facts_file)
        facts, fact_problems = read_source_facts(settings.seeds / settings.facts_file)
        registry, registry_problems = load_registry(settings.registry)
        problems += fact_problems + registry_problems
        # --full changes how the site is built, not what it shows: a full build
        # leaves state that the next normal build can reuse.
        what_is_built = replace(settings, incremental=True)
        inputs = inputs_digest([settings.registry, settings.theme, settings.pages], [settings.pelicanconf], what_is_built)
        state = load_state(settings.work, inputs) if settings.incremental and settings.output.exists() else BuildState(inputs)

    # 2. Normalize, date and extract each article on all cores; an unchanged
    #    seed reuses the last build's work.
    # Seeds the reader already had to leave out (e.g. two names giving one address).
    skipped = [p for p in problems if p.severity == "error" and p.file.lower().endswith(".txt")]
    with _timed("normalize and extract"):
        extractor = Extractor(registry.actors, registry.proposals, registry.not_actors)
        seed_inputs = [(seed, facts.get(seed.name, SourceFacts())) for seed in seeds]
        digests = [seed_digest(seed, seed_facts) for seed, seed_facts in seed_inputs]
        store = ArticleStore(settings.work, inputs)
        # Pages of the last build are known only when it had the same inputs.
        reads = store.load(digests) if state.pages else {}  # seed digest -> SeedRead
        store.clear(everything=not reads)
        new = [(seed_input, digest) for seed_input, digest in zip(seed_inputs, digests) if digest not in reads]
        # The workers send back each seed's SeedRead pickled: those very bytes
        # are kept, and each is taken in while the workers read the next seeds.
        with store.writing() as keep:
            results = fork_map(partial(_read_pickled, extractor), [seed_input for seed_input, _ in new])
            for done, ((_, digest), pickled) in enumerate(zip(new, results, strict=True), start=1):
                keep(digest, pickled)
                reads[digest] = pickle.loads(pickled)
                _listener.get().advance("articles read", done, len(new))
    articles, extractions, words, versions, text_keys = [], {}, {}, {}, []
    for (seed, _), digest in zip(seed_inputs, digests):
        read = reads[digest]
        problems += read.problems
        text_keys.append((seed.name, read.text_key))
        if read.article is None:
            skipped += [p for p in read.problems if p.severity == "error"]
            continue
        articles.append(read.article)
        extractions[read.article.id] = read.extraction
        words[read.article.id] = read.words
        versions[read.article.id] = digest
    problems += same_text(text_keys) + _unknown_fact_files(facts, seeds, settings)

    # 3. Link what was extracted into one model.
    with _timed("link"):
        dossier, link_problems = link(articles, registry, extractions, words)
        problems += link_problems

    # 4. Decide: errors stop the build unless asked to keep going.
    problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message))
    for problem in problems:
        (log.error if problem.severity == "error" else log.warning)(str(problem))
    errors = [p for p in problems if p.severity == "error" and p not in skipped]
    if (errors or skipped) and not settings.keep_going or not articles:
        raise BuildFailed(problems)
    dossier = replace(dossier, problems=tuple(problems), skipped=tuple(skipped))
    with _timed("index"):
        index = index_dossier(dossier)

    # 5. Write: the pages whose content changed (all of them the first time), rendered
    #    aside; then the export and the search index; then into place.
    with _timed("page digests"):
        page_versions = page_digests(dossier, index, versions)
    generated = dossier_pages(dossier, index)
    work = settings.work
    staging = work / "output"
    if staging.exists():
        shutil.rmtree(staging)
    if state.pages:
        removed = set(state.pages) - set(page_versions)
        changed = {url for url, digest in page_versions.items() if state.pages.get(url) != digest}
        generated = [page for page in generated if page.url in changed]
    gc.freeze()
    gc.enable()
    with _timed(f"render ({len(generated)} generated pages)"):
        render_site(settings.pelicanconf, settings.pages, staging, dossier, index, generated)
    _listener.get().written(count_pages(staging))
    site, touched = staging, None  # touched: every page, in a full build
    if state.pages:
        with _timed("apply"):
            touched = apply_changes(staging, settings.output, removed)
            site = settings.output
    # The export is Python work and the search index mostly waiting for
    # Pagefind, so they run side by side. In a rebuild the export is written
    # aside and moved in after, like the pages.
    export_folder = staging if site == staging else work / "export"
    export_folder.mkdir(parents=True, exist_ok=True)
    with _timed("export and search index"), ThreadPoolExecutor(1) as background:
        exported = background.submit(write_export, export_dossier(dossier, index), export_folder)
        if settings.search:
            build_search_index(site, touched)
        exported.result()
    if site == staging:
        with _timed("swap"):
            swap_into_place(staging, settings.output)
    else:
        apply_changes(export_folder, settings.output, set())
    with _timed("save state"):
        store.keep_only(set(digests))
        save_state(work, BuildState(inputs, page_versions))
    return dossier


class SeedRead(NamedTuple):
    """All that is learnt from one seed alone (kept for rebuilds, keyed by the seed's digest)."""

    article: Article | None  # None when the seed could not be read
    problems: list[Problem]
    extraction: Extraction | None
    words: WordCounts | None  # content words and their counts, for same-story grouping
    text_key: str | None  # for finding two seeds with the same text


def _read_pickled(extractor: Extractor, item: tuple[RawSeed, SourceFacts]) -> bytes:
    """_read_article, pickled: what goes back from a worker and into the store, pickled once."""
    return pickle.dumps(_read_article(extractor, item), protocol=pickle.HIGHEST_PROTOCOL)


def _read_article(extractor: Extractor, item: tuple[RawSeed, SourceFacts]) -> SeedRead:
    """One seed -> its article, the problems found on the way, what was extracted from it."""
    seed, facts = item
    article, problems = normalize_seed(seed, facts)
    if article is None:
        return SeedRead(None, problems, None, None, seed_text_key(seed))
    article, date_problems = date_article(article)
    extraction = extractor.extract(article, article.published.date, article.published.inferred)
    return SeedRead(article, problems + date_problems, extraction, article_words(article), seed_text_key(seed))


def _unknown_fact_files(facts, seeds, settings) -> list[Problem]:
    names = {seed.name for seed in seeds}
    path = str(settings.seeds / settings.facts_file)
    return [
        Problem(path, None, f"has facts for '{name}', which is not a seed in {settings.seeds}; fix the name or remove the entry", "warning")
        for name in sorted(set(facts) - names)
    ]
