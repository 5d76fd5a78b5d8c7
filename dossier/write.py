"""Output edge: the rendered site and the export (publish.py puts them in place)."""
from __future__ import annotations

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
    # In a rebuild these are links to the published files (publish.py): written
    # through, the published site would change before it is swapped.
    for name in ("dossier.json", SCHEMA.name):
        (output / name).unlink(missing_ok=True)

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


def count_pages(folder: Path) -> int:
    """How many HTML pages are in folder and below: the pages a build wrote there."""
    return sum(name.endswith(".html") for _, _, names in os.walk(folder) for name in names)
