"""Walk a built site: pages, their links and anchors, and what no page may hold.

Shared by the link check, the safety tests and the linking contract.
"""
from __future__ import annotations

import json
import os.path
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

# Attributes that point at another resource (HTML and inline SVG).
LINK_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "xlink:href", "cite")
# Schemes that run code or smuggle a document in when followed.
DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|livescript|mocha)\s*:", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@lru_cache(maxsize=None)
def _soup(path: Path, mtime_ns: int) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def soup(path: Path) -> BeautifulSoup:
    """A parsed page, cached while the file is unchanged."""
    return _soup(path, path.stat().st_mtime_ns)


def ids(path: Path) -> set[str]:
    return {tag["id"] for tag in soup(path).find_all(id=True)}


def is_external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.scheme) or url.strip().startswith("//")


def target(site: Path, page: Path, url: str) -> tuple[Path, str]:
    """An internal address on page -> (the file it names, its fragment)."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path)
    if not path:
        file = page
    elif path.startswith("/"):
        file = site / path.lstrip("/")
    else:
        file = page.parent / path
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return Path(_normpath(file)), unquote(parts.fragment)


def _normpath(path: Path) -> str:
    return os.path.normpath(str(path))


def page_links(page: Path) -> list[tuple[str, str, str]]:
    """(tag name, attribute, value) of every link-like attribute on a page."""
    found = []
    for tag in soup(page).find_all(True):
        for attribute in LINK_ATTRIBUTES:
            value = tag.get(attribute)
            if isinstance(value, str):
                found.append((tag.name, attribute, value))
        srcset = tag.get("srcset")
        if isinstance(srcset, str):
            found += [(tag.name, "srcset", item.split()[0]) for item in srcset.split(",") if item.strip()]
    return found


def broken_links(site: Path) -> list[str]:
    """Every internal href/src/action on every page, and url() in the CSS, that does not resolve."""
    site = Path(_normpath(site))
    broken = []
    for page in html_pages(site):
        for name, attribute, value in page_links(page):
            if is_external(value) or value.strip() in ("", "#"):
                continue
            problem = _check(site, page, value)
            if problem:
                broken.append(f"{page.relative_to(site)}: <{name} {attribute}=\"{value}\">: {problem}")
    for css in sorted(site.rglob("*.css")):
        for match in CSS_URL.finditer(css.read_text(encoding="utf-8")):
            value = match.group(2)
            if is_external(value) or value.startswith("#"):
                continue
            problem = _check(site, css, value)
            if problem:
                broken.append(f"{css.relative_to(site)}: url({value}): {problem}")
    return broken


def _check(site: Path, page: Path, url: str) -> str | None:
    file, fragment = target(site, page, url)
    if not str(file).startswith(str(site)):
        return "points outside the site"
    if not file.is_file():
        return f"no file {Path(file).relative_to(site) if str(file).startswith(str(site)) else file}"
    if fragment and file.suffix == ".html" and fragment not in ids(file):
        return f"no id=\"{fragment}\" on {file.relative_to(site)}"
    return None


def export_urls(site: Path) -> list[str]:
    """Every "url" value anywhere in dossier.json."""
    data = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
    urls: list[str] = []

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "url" and isinstance(item, str):
                    urls.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return urls


def broken_export_urls(site: Path) -> list[str]:
    site = Path(_normpath(site))
    root = site / "index.html"  # dossier.json's urls are relative to the site root
    broken = []
    for url in export_urls(site):
        if is_external(url) or url.startswith("/"):
            broken.append(f"dossier.json: url \"{url}\" is not site-relative")
            continue
        problem = _check(site, root, url)
        if problem:
            broken.append(f"dossier.json: url \"{url}\": {problem}")
    return broken


def anchors_by_page(site: Path) -> dict[str, set[str]]:
    """Site-relative page address -> the ids on it: what links into the site can name."""
    return {str(page.relative_to(site)): ids(page) for page in html_pages(site)}
