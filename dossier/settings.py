"""Build options, read once from pelicanconf.py and passed down explicitly."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pelican.settings import read_settings


@dataclass(frozen=True)
class BuildSettings:
    seeds: Path
    """Folder of raw articles (*.txt) and their source facts file."""
    output: Path
    """Where the finished site lands; replaced only when a build succeeds."""
    registry: Path
    """Folder of the hand-kept registry (actors.toml, proposals.toml)."""
    pages: Path
    """Hand-written Pelican pages (about, method), copied into each build."""
    pelicanconf: Path
    """The Pelican settings file the site is rendered with."""
    theme: Path
    """The theme's folder (templates and static files)."""
    facts_file: str = "sources.toml"
    """Name of the source facts file inside the seeds folder."""
    keep_going: bool = False
    """Build what can be built when some seeds cannot be read, and list them."""
    search: bool = True
    """Build the Pagefind search index after rendering."""
    incremental: bool = True
    """Render again only the pages an edit touched, reusing the last build's work."""

    @property
    def work(self) -> Path:
        """The site is built here, beside the output, and then swapped in."""
        return self.output.with_name(f".{self.output.name}.build")

    @classmethod
    def from_pelicanconf(cls, path: str | Path, **overrides) -> "BuildSettings":
        """pelicanconf.py (+ command-line overrides) -> BuildSettings."""
        path = Path(path).resolve()
        conf = read_settings(str(path))
        root = path.parent
        settings = cls(
            seeds=root / conf["DOSSIER_SEEDS"],
            output=Path(conf["OUTPUT_PATH"]),
            registry=root / conf["DOSSIER_REGISTRY"],
            pages=Path(conf["PATH"]) / "pages",
            pelicanconf=path,
            theme=Path(conf["THEME"]),
            facts_file=conf.get("DOSSIER_FACTS_FILE", "sources.toml"),
        )
        given = {key: value for key, value in overrides.items() if value is not None}
        for key in ("seeds", "output", "registry", "pages"):
            if key in given:
                given[key] = Path(given[key]).resolve()
        return replace(settings, **given)
