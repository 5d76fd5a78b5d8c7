"""Helpers for tests: small articles, settings and builds into temporary folders."""
from __future__ import annotations

from pathlib import Path

from dossier.extract import Extractor
from dossier.models import RawSeed, SourceFacts
from dossier.normalize import normalize_seed
from dossier.pipeline import run
from dossier.registry import load_registry
from dossier.settings import BuildSettings

ROOT = Path(__file__).resolve().parent.parent


def get_settings(seeds: Path, output: Path, **overrides) -> BuildSettings:
    """Settings for a build of seeds into output, with the project's registry and theme."""
    return BuildSettings.from_pelicanconf(ROOT / "pelicanconf.py", seeds=seeds, output=output, **overrides)


def make_extractor(folder: Path, actors: str, proposals: str = "", not_actors: frozenset[str] = frozenset()) -> Extractor:
    """An extractor for a small registry written (as TOML) into folder, which must load without problems."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "actors.toml").write_text(actors, encoding="utf-8")
    (folder / "proposals.toml").write_text(proposals, encoding="utf-8")
    registry, problems = load_registry(folder)
    assert problems == []
    return Extractor(registry.actors, registry.proposals, not_actors)


def build_site(seeds: Path, output: Path, **overrides):
    """Build seeds into output and return the dossier model."""
    overrides.setdefault("search", True)
    return run(get_settings(seeds, output, **overrides))


def make_article(text: str | bytes, name: str = "article.txt", **facts):
    """A seed's text -> (Article or None, problems), as the pipeline would see it."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return normalize_seed(RawSeed(name, data), SourceFacts(**facts))


def write_seeds(folder: Path, articles: dict[str, str | bytes]) -> Path:
    """Write {file name: text} into folder and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        data = text.encode("utf-8") if isinstance(text, str) else text
        (folder / name).write_bytes(data)
    return folder
