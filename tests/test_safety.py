"""Nothing injected: input is shown as the text it is, everywhere.

Hostile articles, source facts and a hostile registry entry are built into one
site (tests/fixtures/hostile/). Every page of it, dossier.json and the search
index are then checked: markup, scripts, event handlers, Markdown and template
syntax and javascript: links from input appear as text, never as markup or a
live link; pages carry a Content-Security-Policy that allows only the site's
own scripts and styles; links out are http(s) only, with rel="noopener noreferrer".
"""
from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dossier.pipeline import BuildFailed
from tests.sitecheck import DANGEROUS_SCHEME, LINK_ATTRIBUTES, html_pages, is_external, page_links, soup, target
from tests.support import build_site, write_seeds

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).with_name("fixtures") / "hostile"

HOSTILE_ARTICLE = "hostile-article"
HOSTILE_TITLE = "A \"quoted\" <title> & {{ title }} {% raw %}"
HOSTILE_OUTLET = "<i>Outlet</i> \" onmouseover=\"alert('outlet')"
HOSTILE_URL = "javascript:alert('url')"
HOSTILE_ACTOR = "Hostile Front <script>alert('actor')</script> \"Q\""
HOSTILE_PROFILE = "<img src=x onerror=alert('profile')> *bold* [x](javascript:alert('profile')) {{ 7*7 }} & more."
# A seed whose very file name is hostile (generated: such names do not belong in git).
HOSTILE_FILE_NAME = "x\"><img src=y onerror=alert('file')>&.txt"
HOSTILE_FILE_TEXT = "Hamas weighs a reply\n\nHamas said on Tuesday it was weighing a reply to Egypt and Qatar.\n"
# Strings that must appear, as they are, in the text of the pages that show them.
MARKERS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)" onclick="alert(2)">a link</a>',
    "# Hamas heading that must stay text",
    "*bold* and _italic_ and **strong** words",
    "> a quote the United States envoy gave to Israel",
    "| table | Hamas | Israel |",
    "[x](javascript:alert(1))",
    "{{ 7*7 }} and {% raw %} and {# comment #} and ${7*7}",
    '<style>body{display:none}</style><iframe src="javascript:alert(5)"></iframe>',
]
CSP_ALLOWED = {
    # directive -> sources it may list; anything else (hosts, 'unsafe-inline', *) fails
    "default-src": {"'self'", "'none'"},
    "script-src": {"'self'", "'wasm-unsafe-eval'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "connect-src": {"'self'"},
    "font-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'none'", "'self'"},
    "form-action": {"'self'"},
    "frame-src": {"'none'"},
    "frame-ancestors": {"'none'", "'self'"},
    "worker-src": {"'self'"},
    "manifest-src": {"'self'"},
    "media-src": {"'self'", "'none'"},
}
FORBIDDEN_ELEMENTS = ("style", "iframe", "frame", "frameset", "object", "embed", "applet", "base")


def hostile_registry(folder: Path) -> Path:
    """The project's registry plus one hostile actor."""
    shutil.copytree(ROOT / "registry", folder)
    with open(folder / "actors.toml", "a", encoding="utf-8") as actors:
        actors.write((FIXTURES / "actor.toml").read_text(encoding="utf-8"))
    return folder


def build_hostile_site(base: Path, search: bool = True):
    """Build the hostile fixtures into base/output and return the dossier."""
    seeds = base / "seeds"
    seeds.mkdir(parents=True)
    for name in ("hostile-article.txt", "hostile-links.txt", "sources.toml"):
        shutil.copyfile(FIXTURES / name, seeds / name)
    write_seeds(seeds, {HOSTILE_FILE_NAME: HOSTILE_FILE_TEXT})
    return build_site(seeds, base / "output", search=search, registry=hostile_registry(base / "registry"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    dossier = build_hostile_site(base)
    site = base / "output"
    export = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
    return dossier, site, export


def text_of(path: Path) -> str:
    """A page's text as a reader sees it run together (links inside a sentence add no spaces)."""
    return soup(path).get_text()


def page_file(site: Path, url: str) -> Path:
    return target(site, site / "index.html", url)[0]


# --- what no page may hold ---------------------------------------------------------

def active_content(site: Path, page: Path) -> list[str]:
    """Everything on a page that could run code or load from elsewhere."""
    found = []
    document = soup(page)
    for tag in document.find_all(True):
        where = f"{page.relative_to(site)}: <{tag.name}>"
        for attribute, value in tag.attrs.items():
            if attribute.lower().startswith("on"):
                found.append(f"{where} has an event handler {attribute}=")
            if attribute.lower() == "style":
                found.append(f"{where} has a style= attribute (needs 'unsafe-inline')")
            values = value if isinstance(value, list) else [value]
            if attribute.lower() in LINK_ATTRIBUTES + ("srcset",) and any(DANGEROUS_SCHEME.match(v) for v in values):
                found.append(f"{where} {attribute}={value!r} runs code")
        if tag.name in FORBIDDEN_ELEMENTS:
            found.append(f"{where} is not allowed")
        if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
            found.append(f"{where} refreshes the page")
        if tag.name == "script" and (tag.get("type") or "").lower() == "application/ld+json":
            # A data block, never run (CSP does not apply): it must only be JSON, with no markup in it.
            data = tag.string or ""
            if "<" in data or tag.get("src"):
                found.append(f"{where} is structured data holding markup or a source")
            else:
                try:
                    json.loads(data)
                except ValueError:
                    found.append(f"{where} is structured data that is not JSON")
        elif tag.name == "script":
            src = tag.get("src")
            if not src:
                found.append(f"{where} is an inline script (needs 'unsafe-inline')")
            elif is_external(src):
                found.append(f"{where} loads a script from another host: {src}")
            else:
                file, _ = target(site, page, src)
                if not file.is_file() or not str(file).startswith(str(site)):
                    found.append(f"{where} src={src} is not one of the site's own scripts")
            if tag.string and tag.string.strip():
                found.append(f"{where} has inline code")
        if tag.name == "link" and is_external(tag.get("href", "")) and "alternate" not in (tag.get("rel") or []):
            found.append(f"{where} loads {tag['href']} from another host")
        for attribute in ("src", "srcset", "poster", "data"):
            if tag.name != "script" and isinstance(tag.get(attribute), str) and is_external(tag[attribute]):
                found.append(f"{where} loads {tag[attribute]} from another host")
    return found


def csp_problems(page: Path) -> list[str]:
    document = soup(page)
    metas = [m for m in document.find_all("meta") if (m.get("http-equiv") or "").lower() == "content-security-policy"]
    if len(metas) != 1:
        return [f"has {len(metas)} Content-Security-Policy meta tags, not 1"]
    meta = metas[0]
    problems = []
    if meta.find_parent("head") is None:
        problems.append("its CSP meta tag is not in <head>")
    first_loaded = document.find(["script", "link", "style"])
    if first_loaded is not None and first_loaded.sourceline is not None and meta.sourceline > first_loaded.sourceline:
        problems.append("its CSP meta tag comes after a script or stylesheet, which it then does not cover")
    directives = {}
    for part in meta.get("content", "").split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    if "default-src" not in directives:
        problems.append("its CSP has no default-src")
    for directive in ("script-src", "style-src"):
        if directive not in directives and "default-src" not in directives:
            problems.append(f"its CSP does not restrict {directive}")
    for directive, sources in directives.items():
        allowed = CSP_ALLOWED.get(directive)
        if allowed is None:
            continue
        extra = [source for source in sources if source not in allowed]
        if extra:
            problems.append(f"its CSP {directive} allows {extra}")
    return problems


def test_the_hostile_inputs_are_built_without_errors(hostile):
    dossier, site, export = hostile
    assert [p for p in dossier.problems if p.severity == "error"] == []
    assert sorted(a["source_file"] for a in export["articles"]) == sorted(
        ["hostile-article.txt", "hostile-links.txt", HOSTILE_FILE_NAME])


def test_no_page_holds_active_content(hostile):
    _, site, _ = hostile
    found = [problem for page in html_pages(site) for problem in active_content(site, page)]
    assert found == []


def test_every_page_has_a_content_security_policy_allowing_only_the_site(hostile):
    _, site, _ = hostile
    found = [f"{page.relative_to(site)} {problem}" for page in html_pages(site) for problem in csp_problems(page)]
    assert found == []


def test_the_seed_build_has_no_active_content_and_a_policy_on_every_page(seed_site):
    found = [problem for page in html_pages(seed_site) for problem in active_content(seed_site, page)]
    found += [f"{page.relative_to(seed_site)} {problem}" for page in html_pages(seed_site) for problem in csp_problems(page)]
    assert found == []


def test_the_stylesheets_load_nothing_from_another_host(seed_site):
    found = []
    for css in sorted(seed_site.rglob("*.css")):
        for match in re.finditer(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", css.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            if is_external(url) and not url.startswith("data:"):
                found.append(f"{css.relative_to(seed_site)}: {url}")
    assert found == []


def test_no_text_is_escaped_twice(hostile):
    """Text showing "&lt;" or "&amp;" literally was escaped twice."""
    _, site, _ = hostile
    found = []
    for page in html_pages(site):
        for tag in soup(page).find_all(True):
            values = [v for v in tag.attrs.values() if isinstance(v, str)]
            for text in values + ([tag.string] if tag.string else []):
                if re.search(r"&(lt|gt|amp|quot|#\d+);", text):
                    found.append(f"{page.relative_to(site)}: <{tag.name}> {text[:80]!r}")
    assert found == []


# --- hostile text appears as the text it is, on every page type ---------------------

def test_article_page_shows_every_paragraph_as_its_text(hostile):
    _, site, export = hostile
    for article in export["articles"]:
        page = page_file(site, article["url"])
        document = soup(page)
        assert document.find("h1").get_text() == article["title"]
        assert article["title"] in document.title.get_text()
        for paragraph in article["paragraphs"]:
            element = document.find(id=paragraph["id"])
            assert element.get_text().endswith(paragraph["text"]), (paragraph["id"], element.get_text())
            for child in element.find_all(True):
                assert child.name in ("a", "span", "time", "mark", "abbr", "em"), f"{paragraph['id']}: <{child.name}> from input?"
                href = child.get("href")
                assert href is None or not is_external(href), f"{paragraph['id']}: a link out {href} inside the text"


def test_markdown_and_template_syntax_stay_text(hostile):
    _, site, export = hostile
    article = next(a for a in export["articles"] if a["id"] == HOSTILE_ARTICLE)
    texts = [p["text"] for p in article["paragraphs"]]
    for marker in MARKERS:
        assert any(marker in text for text in texts), f"dossier.json lost {marker!r}"
    page_text = text_of(page_file(site, article["url"]))
    for marker in MARKERS:
        assert marker in page_text, marker
    section = soup(page_file(site, article["url"])).find("section", class_="paragraphs")
    assert not section.find(["h1", "h2", "h3", "blockquote", "table", "strong", "em", "img", "script", "iframe", "svg", "b", "i"])


def test_source_facts_show_as_text_and_javascript_is_not_linked(hostile):
    _, site, export = hostile
    article = next(a for a in export["articles"] if a["id"] == HOSTILE_ARTICLE)
    assert article["title"] == HOSTILE_TITLE and article["outlet"] == HOSTILE_OUTLET
    page = page_file(site, article["url"])
    text = text_of(page)
    assert HOSTILE_TITLE in text and HOSTILE_OUTLET in text and HOSTILE_URL in text
    for other in html_pages(site):
        for _, attribute, value in page_links(other):
            assert "alert('url')" not in value, f"{other}: {attribute}={value}"


def test_home_and_sources_show_titles_and_outlets_as_text(hostile):
    _, site, _ = hostile
    for url in ("", "sources/"):
        text = text_of(page_file(site, url))
        assert HOSTILE_TITLE in text, url
    sources = text_of(page_file(site, "sources/"))
    assert HOSTILE_OUTLET in sources and HOSTILE_FILE_NAME in text_of(page_file(site, "editors/"))


def test_a_hostile_file_name_is_text_and_its_address_is_a_plain_slug(hostile):
    _, site, export = hostile
    article = next(a for a in export["articles"] if a["source_file"] == HOSTILE_FILE_NAME)
    assert re.fullmatch(r"articles/[a-z0-9_-]+/", article["url"]), article["url"]
    assert HOSTILE_FILE_NAME in text_of(page_file(site, "editors/"))


def test_actor_pages_show_registry_and_article_text_as_text(hostile):
    _, site, export = hostile
    actors = {actor["name"]: actor for actor in export["actors"]}
    assert HOSTILE_ACTOR in actors, "the hostile registry entry is not in dossier.json"
    hostile_actor = actors[HOSTILE_ACTOR]
    assert re.fullmatch(r"actors/[a-z0-9_-]+/", hostile_actor["url"]), hostile_actor["url"]
    page = page_file(site, hostile_actor["url"])
    assert soup(page).find("h1").get_text(" ", strip=True).startswith(HOSTILE_ACTOR)
    assert HOSTILE_PROFILE in text_of(page)
    # Every actor the hostile article mentions shows something of it, as text.
    article = next(a for a in export["articles"] if a["id"] == HOSTILE_ARTICLE)
    shown = [HOSTILE_TITLE] + [p["text"] for p in article["paragraphs"]]
    mentioned = [a for a in export["actors"] if any(m["article"] == HOSTILE_ARTICLE for m in a["mentions"])]
    assert {"Hamas", "Israel", "Qatar"} <= {a["name"] for a in mentioned}
    for actor in mentioned:
        text = text_of(page_file(site, actor["url"]))
        assert any(item in text for item in shown), f"{actor['url']} shows nothing of the hostile article as text"


def test_chronology_shows_event_text_as_text(hostile):
    _, site, export = hostile
    events = [e for e in export["events"] if any(c["article"] == HOSTILE_ARTICLE for c in e["citations"])]
    assert events, "the hostile article (published 2025-05-12, 'on Sunday') gives no event"
    for event in events:
        file, fragment = target(site, site / "index.html", event["url"])
        element = soup(file).find(id=fragment)
        assert element is not None, event["url"]
        assert event["text"] in element.get_text(), (event["url"], event["text"])
    assert any("<script>alert(1)</script>" in e["text"] for e in events)


def test_hostile_actor_name_is_text_wherever_it_appears(hostile):
    _, site, _ = hostile
    pages = [page for page in html_pages(site) if "Hostile Front" in page.read_text(encoding="utf-8")]
    assert len(pages) >= 2  # its own page, and at least the actors list
    for page in pages:
        assert HOSTILE_ACTOR in text_of(page) or "Hostile Front" in text_of(page)


# --- links out --------------------------------------------------------------------

def test_links_out_are_http_with_noopener_noreferrer(hostile):
    _, site, _ = hostile
    found = []
    for page in html_pages(site):
        for link in soup(page).find_all("a", href=True):
            href = link["href"].strip()
            if not is_external(href):
                continue
            if not re.match(r"https?://", href, re.IGNORECASE):
                found.append(f"{page.relative_to(site)}: a link out to {href}")
            rel = set(link.get("rel") or [])
            if not {"noopener", "noreferrer"} <= rel:
                found.append(f"{page.relative_to(site)}: {href} has rel={sorted(rel)}")
    assert found == []


def test_an_http_address_with_markup_is_linked_encoded(hostile):
    _, site, export = hostile
    article = next(a for a in export["articles"] if a["source_file"] == "hostile-links.txt")
    links = [a["href"] for a in soup(page_file(site, article["url"])).find_all("a", href=True) if is_external(a["href"])]
    assert links == ["https://example.com/news?q=%22%3E%3Cscript%3Ealert('href')%3C/script%3E&x=1"]


# --- dossier.json, the search index and feeds ------------------------------------

def test_dossier_json_holds_the_same_text(hostile):
    _, _, export = hostile
    article = next(a for a in export["articles"] if a["id"] == HOSTILE_ARTICLE)
    source = (FIXTURES / "hostile-article.txt").read_text(encoding="utf-8")
    for paragraph in article["paragraphs"]:
        assert paragraph["text"] in source  # exactly as pasted: not escaped, not stripped
    assert '<script>alert(1)</script>' in json.dumps(export, ensure_ascii=False)


def pagefind_fragments(site: Path) -> list[dict]:
    fragments = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        fragments.append(json.loads(data[len(b"pagefind_dcd"):]))
    return fragments


def test_search_index_holds_the_text_not_markup(hostile):
    _, site, export = hostile
    fragments = pagefind_fragments(site)
    article = next(a for a in export["articles"] if a["id"] == HOSTILE_ARTICLE)
    fragment = next((f for f in fragments if f["url"].strip("/").endswith(article["url"].strip("/"))), None)
    assert fragment is not None, [f["url"] for f in fragments]
    for marker in MARKERS:
        assert " ".join(marker.split()) in fragment["content"], marker
    assert fragment["meta"]["title"] == HOSTILE_TITLE
    elements = {anchor["element"] for f in fragments for anchor in f.get("anchors", [])}
    assert not elements & {"script", "img", "iframe", "style", "svg", "a"}, elements
    anchors = {anchor["id"] for anchor in fragment.get("anchors", [])}
    assert {p["id"] for p in article["paragraphs"]} <= anchors  # hits land on the paragraph


def feed_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix in (".xml", ".atom", ".rss") and p.name != "sitemap.xml")


XHTML = "{http://www.w3.org/1999/xhtml}"


def feed_problems_and_text(feed: Path) -> tuple[list[str], str]:
    """A feed -> (active content found in it, all the text a feed reader would show)."""
    import xml.etree.ElementTree as ET

    root = ET.parse(feed).getroot()  # well-formed XML, or this raises
    problems, texts = [], []

    def check(name: str, attributes: dict) -> None:
        if name.lower() in ("script", "img", "iframe", "style", "svg", "object", "embed", "base"):
            problems.append(f"{feed.name}: <{name}>")
        for attribute, value in attributes.items():
            attribute = attribute.rsplit("}", 1)[-1].lower()
            if attribute.startswith("on") or attribute == "style" or DANGEROUS_SCHEME.match(str(value)):
                problems.append(f"{feed.name}: <{name} {attribute}={value!r}>")

    for element in root.iter():
        if element.tag.startswith(XHTML):
            check(element.tag[len(XHTML):], element.attrib)
        if element.get("type") == "html" or element.tag.endswith("description"):
            fragment = BeautifulSoup(element.text or "", "html.parser")
            for tag in fragment.find_all(True):
                check(tag.name, tag.attrs)
            texts.append(fragment.get_text())
        else:
            texts.append(element.text or "")
        texts.append(element.tail or "")
    return problems, "".join(texts)


def test_feeds_hold_the_text_not_markup(hostile):
    _, site, _ = hostile
    feeds = feed_files(site)
    assert feeds, "no feeds"
    for feed in feeds:
        problems, _ = feed_problems_and_text(feed)
        assert problems == []
    _, text = feed_problems_and_text(site / "feeds" / "articles.atom.xml")
    assert HOSTILE_TITLE in text and HOSTILE_OUTLET in text
    for marker in MARKERS:
        assert marker in text, marker


# --- the registry cannot write outside the site ----------------------------------------

def test_a_registry_id_that_is_a_path_is_an_error(tmp_path):
    registry = tmp_path / "nest" / "registry"
    shutil.copytree(ROOT / "registry", registry)
    with open(registry / "actors.toml", "a", encoding="utf-8") as actors:
        actors.write('\n[[actors]]\nid = "../../../escaped"\nname = "Escaper"\nkind = "organisation"\nprofile = "x"\n')
    seeds = write_seeds(tmp_path / "nest" / "seeds", {"a.txt": HOSTILE_FILE_TEXT})
    try:
        build_site(seeds, tmp_path / "nest" / "output", search=False, registry=registry)
    except BuildFailed as failure:
        assert any(Path(p.file).name == "actors.toml" and p.line for p in failure.problems)
    else:
        pytest.fail("an id that climbs out of actors/ was accepted")
    finally:
        escaped = [p for p in tmp_path.rglob("*escaped*")]
        assert escaped == [], escaped
