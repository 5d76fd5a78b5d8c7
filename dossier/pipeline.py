"""The build, as a recipe: read, normalize, extract and link, write."""
from __future__ import annotations

import gc
import logging
import os
import pickle
import resource
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from functools import partial
from typing import NamedTuple

from .candidates import candidates_toml, find as find_candidates
from .export import export_dossier
from .duplicates import same_text, seed_text_key
from .extract import Extraction, Extractor
from .index import index_dossier
from .link import WordCounts, article_words, link
from .models import Article, Dossier, Problem, RawSeed, SourceFacts
from .parallel import fork_map
from .parse import ParseStore, Parser, parse_key, pickled
from .registry import load_registry
from .normalize import normalize_seed
from .read import read_seeds, read_source_facts
from .settings import BuildSettings
from .sourcing import date_article
from .search import build_search_index
from .incremental import ArticleStore, BuildState, inputs_digest, load_state, page_digests, seed_digest
from .render import dossier_pages
from .report import Quiet
from .write import count_pages, render_site, write_export
from .faults import checkpoint
from .lock import BuildLock, build_lock
from .publish import clear_leftovers, complete_from, publish, seed_stamps

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
    checkpoint(stage.split(" (")[0])


def _cpu_seconds() -> float:
    """CPU time of this process and of the worker processes it has waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run(settings: BuildSettings, listener: Quiet = Quiet(), wait: bool = True) -> Dossier:
    """Build the dossier site from settings, telling listener how it goes; raise BuildFailed on input errors.

    One build at a time per output folder: a second one waits, or with wait
    False raises faults.BuildStopped at once.
    """
    # The model is millions of small objects and no cycles: the cyclic garbage
    # collector would only rescan them over and over (a third of the time of
    # linking and indexing). It is off while the model is built, and the model
    # is frozen out of its sight before rendering, which does make cycles.
    was_enabled = gc.isenabled()
    gc.disable()
    told = _listener.set(listener)
    try:
        with build_lock(settings.work, settings.output, wait) as lock:
            clear_leftovers(settings.work, settings.output)
            return _build(settings, lock)
    finally:
        _listener.reset(told)
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _build(settings: BuildSettings, lock: BuildLock) -> Dossier:
    stamps = seed_stamps(settings.seeds)  # a seed changed while it is read stops the build before it publishes
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
        state = load_state(settings.work, inputs, settings.output) if settings.incremental else BuildState(inputs)

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
        parses = ParseStore(work=settings.work)
        new_parses: dict[str, bytes] = {}
        with store.writing() as keep:
            results = fork_map(partial(_read_pickled, extractor, Parser(), parses), [seed_input for seed_input, _ in new])
            for done, ((_, digest), (read, parse)) in enumerate(zip(new, results, strict=True), start=1):
                keep(digest, read)
                reads[digest] = pickle.loads(read)
                if parse is not None:
                    new_parses[parse[0]] = parse[1]
                _listener.get().advance("articles read", done, len(new))
        parses.keep(new_parses, {read.parse_key for read in reads.values() if read.parse_key})
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
        # The candidates as registry entries, for `make candidates` (not part of the site).
        (settings.work / "candidates.toml").write_text(candidates_toml(index.candidates, dossier), encoding="utf-8")

    # 5. Write: the pages whose content changed (all of them the first time), rendered
    #    aside and completed into the whole new site; then the export and the
    #    search index; then swapped in at once (publish.py).
    with _timed("page digests"):
        page_versions = page_digests(dossier, index, versions)
    generated = dossier_pages(dossier, index)
    staging = settings.work / "output"
    if state.pages:
        removed = set(state.pages) - set(page_versions)
        changed = {url for url, digest in page_versions.items() if state.pages.get(url) != digest}
        generated = [page for page in generated if page.url in changed]
    gc.freeze()
    gc.enable()
    with _timed(f"render ({len(generated)} generated pages)"):
        render_site(settings.pelicanconf, settings.pages, staging, dossier, index, generated)
    _listener.get().written(count_pages(staging))
    touched = None  # every page, in a full build
    if state.pages:
        with _timed("link unchanged files"):
            touched = complete_from(staging, settings.output, removed)
    # The export is Python work and the search index mostly waiting for
    # Pagefind, so they run side by side.
    with _timed("export and search index"), ThreadPoolExecutor(1) as background:
        exported = background.submit(write_export, export_dossier(dossier, index), staging)
        if settings.search:
            build_search_index(staging, touched)
        exported.result()
    with _timed("publish"):
        store.keep_only(set(digests))
        publish(staging, settings.output, BuildState(inputs, page_versions), lock, settings.seeds, stamps)
    return dossier


class SeedRead(NamedTuple):
    """All that is learnt from one seed alone (kept for rebuilds, keyed by the seed's digest)."""

    article: Article | None  # None when the seed could not be read
    problems: list[Problem]
    extraction: Extraction | None
    words: WordCounts | None  # content words and their counts, for same-story grouping
    text_key: str | None  # for finding two seeds with the same text
    parse_key: str | None  # what its sentences' parse is kept by (parse.ParseStore)


def _read_pickled(extractor: Extractor, parser: Parser, parses: ParseStore,
                  item: tuple[RawSeed, SourceFacts]) -> tuple[bytes, tuple[str, bytes] | None]:
    """_read_article, pickled, and the parse it made (key, pickled) if it had to parse.

    What goes back from a worker and into the stores, pickled once.
    """
    read, parse = _read_article(extractor, parser, parses, item)
    return pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL), parse


def _read_article(extractor: Extractor, parser: Parser, parses: ParseStore,
                  item: tuple[RawSeed, SourceFacts]) -> tuple[SeedRead, tuple[str, bytes] | None]:
    """One seed -> its article, the problems found on the way, what was extracted from it.

    The parse of its sentences is taken from the parse store when the same
    text was parsed before (whatever the registry was then).
    """
    seed, facts = item
    article, problems = normalize_seed(seed, facts)
    if article is None:
        return SeedRead(None, problems, None, None, seed_text_key(seed), None), None
    article, date_problems = date_article(article)
    key = parse_key(article.paragraphs)
    parse, made = parses.get(key), None
    if parse is None:
        parse = parser.parse(article.paragraphs)
        made = (key, pickled(parse))
    extraction = extractor.extract(article, article.published.date, article.published.inferred, parse.sentences)
    extraction = replace(extraction, candidates=find_candidates(article.paragraphs, parse.entities, extraction.mentions,
                                                                extractor.not_actors, extraction.unresolved_roles))
    read = SeedRead(article, problems + date_problems, extraction, article_words(article), seed_text_key(seed), key)
    return read, made


def _unknown_fact_files(facts, seeds, settings) -> list[Problem]:
    names = {seed.name for seed in seeds}
    # Named within the seeds folder: the editors' page shows it, and the site must not depend on where the project lies.
    path = f"{settings.seeds.name}/{settings.facts_file}"
    return [
        Problem(path, None, f"has facts for '{name}', which is not a seed of that folder; fix the name or remove the entry", "warning")
        for name in sorted(set(facts) - names)
    ]
