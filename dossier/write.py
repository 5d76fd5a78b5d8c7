"""Output edge: the rendered site, the export, the swap."""
from __future__ import annotations

import filecmp
import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from pelican import Pelican
from pelican.log import console as pelican_console
from pelican.settings import read_settings

from . import render
from .filters import JINJA_FILTERS, JINJA_GLOBALS
from .index import DossierIndex
from .models import Dossier
from .render import GeneratedPage

log = logging.getLogger(__name__)


def render_site(pelicanconf: Path, pages: Path, output: Path, dossier: Dossier, index: DossierIndex,
                generated: list[GeneratedPage]) -> None:
    """Pelican renders the hand-written pages, the site-wide templates and the given generated pages into output."""
    override = {
        "PATH": str(pages.parent), "PAGE_PATHS": [pages.name], "OUTPUT_PATH": str(output),
        "PLUGINS": [render], "DOSSIER": dossier, "INDEX": index, "DOSSIER_PAGES": generated,
        "JINJA_FILTERS": JINJA_FILTERS, "JINJA_GLOBALS": JINJA_GLOBALS,
    }
    settings = read_settings(str(pelicanconf), override=override)
    # The configured address, which relative URLs replace in SITEURL: the
    # sitemap, the 404 page and printed citations need it whole.
    settings["SITE_ADDRESS"] = settings["SITEURL"].rstrip("/")
    # Pelican's closing line counts only its own content ("Processed 0
    # articles, 1 page"), which would mislead; build.py says what was built.
    was_quiet = pelican_console.quiet
    pelican_console.quiet = True
    try:
        Pelican(settings).run()
    finally:
        pelican_console.quiet = was_quiet


SCHEMA = Path(__file__).with_name("dossier.schema.json")


def write_export(export: dict, output: Path) -> None:
    """dossier.json, and its schema beside it so users can validate what they download.

    Lists given as iterators are written item by item, so the export never
    stands whole in memory; the bytes are those of one json.dumps of it all.
    """
    # Compact: json's C encoder is used only without indent, which matters at
    # thousands of articles. One encoder for all items; the model has no cycles.
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode

    with open(output / "dossier.json", "w", encoding="utf-8") as out:
        out.write("{")
        for position, (key, value) in enumerate(export.items()):
            out.write(("," if position else "") + encode(key) + ":")
            if isinstance(value, Iterator):
                out.write("[")
                for number, item in enumerate(value):
                    out.write(("," if number else "") + encode(item))
                out.write("]")
            else:
                out.write(encode(value))
        out.write("}\n")
    shutil.copyfile(SCHEMA, output / "dossier.schema.json")


def apply_changes(staging: Path, output: Path, removed: set[str]) -> set[str]:
    """Move the pages of a partial build into output and delete the pages that are gone.

    Returns the paths (relative to output, "/"-separated) of every file whose
    bytes changed, written or deleted: what the search index must look at again.
    """
    touched = set()
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            relative = path.relative_to(staging)
            target = output / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            # The site-wide pages are rendered every time; most come out the same.
            if not (target.is_file() and filecmp.cmp(path, target, shallow=False)):
                touched.add(relative.as_posix())
            os.replace(path, target)
    for url in sorted(removed):
        page = output / url
        if page.is_dir():
            touched.update(path.relative_to(output).as_posix() for path in page.rglob("*") if path.is_file())
            shutil.rmtree(page)
    shutil.rmtree(staging)
    return touched


def swap_into_place(staging: Path, output: Path) -> None:
    """Replace output with the finished staging folder, never leaving it half-built."""
    previous = output.with_name(f".{output.name}.previous")
    if previous.exists():
        shutil.rmtree(previous)
    if output.exists():
        output.rename(previous)
    staging.rename(output)
    if previous.exists():
        shutil.rmtree(previous)
