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
from .extract import Extractor
from .index import index_dossier
from .link import WordCounts, article_words, link
from .models import Article, Dossier, Extraction, Problem, RawSeed, Registry, SourceFacts
from .parallel import fork_map
from .parse import ParseStore, Parser, name_stretches, read_parse
from .registry import load_registry
from .normalize import normalize_seed
from .read import read_seeds, read_source_facts
from .settings import BuildSettings
from .sourcing import date_article
from .search import build_search_index
from .incremental import seed_digest
from .rebuild import Rebuild
from .render import dossier_pages
from .report import Quiet
from .write import count_pages, render_site, write_export
from .faults import checkpoint
from .lock import BuildLock, build_lock
from .publish import clear_leftovers

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
    """The recipe: each step is timed, and its end is a point where a killed build is tested."""
    # 1. Read the inputs, and what the last build with the same registry, theme and code learnt.
    with _timed("read"):
        rebuild = Rebuild(settings, lock)
        inputs = read_inputs(settings)
    # 2. Normalize, date and extract each article on all cores; an unchanged
    #    seed reuses the last build's work.
    with _timed("normalize and extract"):
        read = read_articles(inputs, rebuild)
    problems = inputs.problems + read.problems + same_text(read.text_keys) + _unknown_fact_files(inputs, settings)
    # 3. Link what was extracted into one model.
    with _timed("link"):
        dossier, link_problems = link(read.articles, inputs.registry, read.extractions, read.words)
    # 4. Check: errors stop the build unless asked to keep going.
    dossier = check(dossier, problems + link_problems, inputs.skipped + read.skipped, settings.keep_going)
    # 5. Write the site: the pages whose content changed (all of them the first
    #    time), rendered aside and completed into the whole new site; then the
    #    export and the search index; then swapped in at once (publish.py).
    write_site(dossier, read.versions, rebuild)
    return dossier


class Inputs(NamedTuple):
    """What the build reads besides the articles' own text."""

    seeds: list[RawSeed]
    facts: dict[str, SourceFacts]  # seed file name -> what the sources file says of it
    registry: Registry
    problems: list[Problem]
    skipped: list[Problem]  # seeds the reader already had to leave out (e.g. two names giving one address)


def read_inputs(settings: BuildSettings) -> Inputs:
    """The seeds (undecoded), the sources file and the registry, with the problems found reading them."""
    seeds, problems = read_seeds(settings.seeds, settings.facts_file)
    facts, fact_problems = read_source_facts(settings.seeds / settings.facts_file)
    registry, registry_problems = load_registry(settings.registry)
    problems += fact_problems + registry_problems
    skipped = [p for p in problems if p.severity == "error" and p.file.lower().endswith(".txt")]
    return Inputs(seeds, facts, registry, problems, skipped)


class ArticlesRead(NamedTuple):
    """The articles of the seeds that could be read, and what was learnt from each alone."""

    articles: list[Article]
    extractions: dict[str, Extraction]  # article id -> what was extracted from it
    words: dict[str, WordCounts]  # article id -> its content words, for same-story grouping
    versions: dict[str, str]  # article id -> its seed's digest: stands for all that follows from the seed
    text_keys: list[tuple[str, str | None]]  # (seed name, digest of its words), to find two seeds with one text
    problems: list[Problem]
    skipped: list[Problem]  # the errors of the seeds that could not be read


def read_articles(inputs: Inputs, rebuild: Rebuild) -> ArticlesRead:
    """Each seed -> its article and extraction, read on all cores, or taken from the last build when unchanged."""
    registry = inputs.registry
    extractor = Extractor(registry.actors, registry.proposals, registry.not_actors)
    seed_inputs = [(seed, inputs.facts.get(seed.name, SourceFacts())) for seed in inputs.seeds]
    digests = [seed_digest(seed, seed_facts) for seed, seed_facts in seed_inputs]
    reads = rebuild.reusable_reads(digests)  # seed digest -> SeedRead
    new = [(seed_input, digest) for seed_input, digest in zip(seed_inputs, digests) if digest not in reads]
    # The workers send back each seed's SeedRead pickled: those very bytes
    # are kept, and each is taken in while the workers read the next seeds.
    parses = ParseStore(work=rebuild.settings.work)
    # Each worker loads the model when it first has to parse (loading it here,
    # before they fork, made the build's memory larger, not smaller).
    parser = Parser()
    made_parts: dict[str, bytes] = {}
    with rebuild.store.writing() as keep:
        results = fork_map(partial(_read_pickled, extractor, parser, parses), [seed_input for seed_input, _ in new])
        for done, ((_, digest), (read, made)) in enumerate(zip(new, results, strict=True), start=1):
            keep(digest, read)
            reads[digest] = pickle.loads(read)
            made_parts.update(made)
            _listener.get().advance("articles read", done, len(new))
    parses.keep(made_parts, {key for read in reads.values() for key in read.parse_keys})
    result = ArticlesRead([], {}, {}, {}, [], [], [])
    for (seed, _), digest in zip(seed_inputs, digests):
        read = reads[digest]
        result.problems.extend(read.problems)
        result.text_keys.append((seed.name, read.text_key))
        if read.article is None:
            result.skipped.extend(p for p in read.problems if p.severity == "error")
            continue
        result.articles.append(read.article)
        result.extractions[read.article.id] = read.extraction
        result.words[read.article.id] = read.words
        result.versions[read.article.id] = digest
    return result


def check(dossier: Dossier, problems: list[Problem], skipped: list[Problem], keep_going: bool) -> Dossier:
    """Log every problem; raise BuildFailed on errors (unless keep_going) or when no article could be read."""
    problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message))
    for problem in problems:
        (log.error if problem.severity == "error" else log.warning)(str(problem))
    errors = [p for p in problems if p.severity == "error" and p not in skipped]
    if (errors or skipped) and not keep_going or not dossier.articles:
        raise BuildFailed(problems)
    return replace(dossier, problems=tuple(problems), skipped=tuple(skipped))


def write_site(dossier: Dossier, versions: dict[str, str], rebuild: Rebuild) -> None:
    """The model -> the pages that changed, the export and the search index, published at once."""
    settings, staging = rebuild.settings, rebuild.staging
    with _timed("index"):
        index = index_dossier(dossier)
        # The candidates as registry entries, for `make candidates` (not part of the site).
        (settings.work / "candidates.toml").write_text(candidates_toml(index.candidates, dossier), encoding="utf-8")

    with _timed("page digests"):
        pages = rebuild.pages_to_render(dossier_pages(dossier, index, versions))
    gc.freeze()
    gc.enable()
    with _timed(f"render ({len(pages)} generated pages)"):
        render_site(settings.pelicanconf, settings.pages, staging, dossier, index, pages)
    _listener.get().written(count_pages(staging))
    touched = None  # every page, in a full build
    if rebuild.partial:
        with _timed("link unchanged files"):
            touched = rebuild.complete()
    # The export is Python work and the search index mostly waiting for
    # Pagefind, so they run side by side.
    with _timed("export and search index"), ThreadPoolExecutor(1) as background:
        exported = background.submit(write_export, export_dossier(dossier, index), staging)
        if settings.search:
            build_search_index(staging, touched)
        exported.result()
    with _timed("publish"):
        rebuild.publish()


class SeedRead(NamedTuple):
    """All that is learnt from one seed alone (kept for rebuilds, keyed by the seed's digest)."""

    article: Article | None  # None when the seed could not be read
    problems: list[Problem]
    extraction: Extraction | None
    words: WordCounts | None  # content words and their counts, for same-story grouping
    text_key: str | None  # for finding two seeds with the same text
    parse_keys: frozenset[str]  # what the parse of its sentences and names is kept by (parse.ParseStore)


def _read_pickled(extractor: Extractor, parser: Parser, parses: ParseStore,
                  item: tuple[RawSeed, SourceFacts]) -> tuple[bytes, dict[str, bytes]]:
    """_read_article, pickled, and the parts of the parse it made (key -> pickled).

    What goes back from a worker and into the stores, pickled once.
    """
    read, parse = _read_article(extractor, parser, parses, item)
    return pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL), parse


def _read_article(extractor: Extractor, parser: Parser, parses: ParseStore,
                  item: tuple[RawSeed, SourceFacts]) -> tuple[SeedRead, dict[str, bytes]]:
    """One seed -> its article, the problems found on the way, what was extracted from it.

    The parse of a sentence (and the names in a stretch of one) is taken from
    the parse store when the same text was parsed before, in any article and
    whatever the registry was then; what had to be made is returned too.
    """
    seed, facts = item
    article, problems = normalize_seed(seed, facts)
    if article is None:
        return SeedRead(None, problems, None, None, seed_text_key(seed), frozenset()), {}
    article, date_problems = date_article(article)
    plan = extractor.plan(article, article.published.date)
    parse, made = read_parse(article.paragraphs, plan.sentences, name_stretches(article.paragraphs, plan.known),
                             parser, parses)
    extraction = extractor.extract(article, article.published.date, article.published.inferred, parse.sentences, plan)
    extraction = replace(extraction, candidates=find_candidates(article.paragraphs, parse.entities, extraction.mentions,
                                                                extractor.not_actors, extraction.unresolved_roles))
    read = SeedRead(article, problems + date_problems, extraction, article_words(article), seed_text_key(seed), parse.keys)
    return read, made


def _unknown_fact_files(inputs: Inputs, settings: BuildSettings) -> list[Problem]:
    names = {seed.name for seed in inputs.seeds}
    # Named within the seeds folder: the editors' page shows it, and the site must not depend on where the project lies.
    path = f"{settings.seeds.name}/{settings.facts_file}"
    return [
        Problem(path, None, f"has facts for '{name}', which is not a seed of that folder; fix the name or remove the entry", "warning")
        for name in sorted(set(inputs.facts) - names)
    ]
