"""The build, as a recipe: read, normalize, extract and link, write."""
from __future__ import annotations

import logging
import shutil
import time
from contextlib import contextmanager
from dataclasses import replace

from .export import export_dossier
from .extract import Extractor, extract_all
from .index import index_dossier
from .link import link
from .models import Dossier, Problem, SourceFacts
from .registry import load_registry
from .normalize import normalize_seed
from .read import read_seeds, read_source_facts
from .settings import BuildSettings
from .sourcing import date_article
from .search import build_search_index
from .incremental import BuildState, inputs_digest, load_state, page_digests, save_state, seed_digest
from .write import apply_changes, dossier_stubs, render_site, swap_into_place, write_content, write_export

log = logging.getLogger(__name__)


class BuildFailed(Exception):
    """Inputs had errors; output/ was left as it was."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in the inputs; output left unchanged")


@contextmanager
def _timed(stage: str):
    """Log how long a stage took (shown with --debug): where a build's time goes."""
    start = time.perf_counter()
    yield
    log.info("%s: %.2f s", stage, time.perf_counter() - start)


def run(settings: BuildSettings) -> Dossier:
    """Build the dossier site from settings; raise BuildFailed on input errors."""
    # 1. Read the inputs, and what the last build with the same registry, theme and code learnt.
    with _timed("read"):
        seeds, problems = read_seeds(settings.seeds, settings.facts_file)
        facts, fact_problems = read_source_facts(settings.seeds / settings.facts_file)
        registry, registry_problems = load_registry(settings.registry)
        problems += fact_problems + registry_problems
        inputs = inputs_digest([settings.registry, settings.theme, settings.pages], [settings.pelicanconf], settings)
        state = load_state(settings.work, inputs) if settings.incremental and settings.output.exists() else BuildState(inputs)

    # 2. Normalize each article; an unchanged seed reuses last build's work.
    # Seeds the reader already had to leave out (e.g. two names giving one address).
    skipped = [p for p in problems if p.severity == "error" and p.file.lower().endswith(".txt")]
    articles, known, digests = [], {}, {}
    with _timed("normalize"):
        for seed in seeds:
            seed_facts = facts.get(seed.name, SourceFacts())
            digest = seed_digest(seed, seed_facts)
            if digest in state.articles:
                article, seed_problems, extraction = state.articles[digest]
                known[article.id] = extraction
            else:
                article, seed_problems = normalize_seed(seed, seed_facts)
                if article is not None:
                    article, date_problems = date_article(article)
                    seed_problems = seed_problems + date_problems
            problems += seed_problems
            if article is None:
                skipped += [p for p in seed_problems if p.severity == "error"]
                continue
            digests[article.id] = (digest, seed_problems)
            articles.append(article)
        problems += _unknown_fact_files(facts, seeds, settings)

    # 3. Extract actors, proposals, dates and statements, and link them into one model.
    with _timed("extract"):
        extractor = Extractor(registry.actors, registry.proposals, registry.not_actors)
        extractions = {**known, **extract_all(extractor, [a for a in articles if a.id not in known])}
    with _timed("link"):
        dossier, link_problems = link(articles, registry, extractions)
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
    pages = page_digests(dossier, index)
    stubs = dossier_stubs(dossier, index)
    work = settings.work
    staging = work / "output"
    if staging.exists():
        shutil.rmtree(staging)
    if state.pages:
        removed = set(state.pages) - set(pages)
        changed = {url for url, digest in pages.items() if state.pages.get(url) != digest}
        stubs = [stub for stub in stubs if stub.url in changed]
    with _timed(f"render ({len(stubs)} generated pages)"):
        write_content(stubs, settings.pages, work / "content")
        render_site(settings.pelicanconf, work / "content", staging, dossier, index)
    with _timed("export"):
        write_export(export_dossier(dossier, index), staging)
    if state.pages:
        with _timed("apply"):
            apply_changes(staging, settings.output, removed)
            staging = settings.output
    if settings.search:
        with _timed("search index"):
            build_search_index(staging)
    if staging != settings.output:
        with _timed("swap"):
            swap_into_place(staging, settings.output)
    articles_state = {digests[a.id][0]: (a, digests[a.id][1], extractions[a.id]) for a in articles}
    save_state(work, BuildState(inputs, articles_state, pages))
    return dossier


def _unknown_fact_files(facts, seeds, settings) -> list[Problem]:
    names = {seed.name for seed in seeds}
    path = str(settings.seeds / settings.facts_file)
    return [
        Problem(path, None, f"has facts for '{name}', which is not a seed in {settings.seeds}; fix the name or remove the entry", "warning")
        for name in sorted(set(facts) - names)
    ]
