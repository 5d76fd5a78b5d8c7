"""The built seed site in a real browser: Debian's Chromium driven by Playwright.

One browser for the session. Tests of an interaction open a fresh context;
the tests run on every page type (axe-core, phone width, print, light and dark)
share one context with a tab per page type. The site is served from
127.0.0.1 and any request to another host is refused and fails the test.
Screenshots of every page type (desktop 1280x900 and phone 360x740, light and
dark) are saved under test-artifacts/screenshots/ to be looked at.

They skip only when Debian's chromium is missing and CI is not set; in CI
they run, and fail without a browser.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.browser_support import (
    CHROMIUM,
    DESKTOP,
    LAUNCH_ARGS,
    PHONE,
    PREVIEWABLE,
    SCREENSHOTS,
    PageWatch,
    actor_named,
    axe_source,
    describe_violations,
    page_types,
    run_axe,
    serve,
    skip_reason,
)

pytestmark = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")

PAGE_TYPES = ["home", "article", "actors", "actor", "proposals", "proposal", "compare", "chronology", "chronology month",
              "sources", "search", "briefing", "editors"]
TIMEOUT = 10_000  # ms: generous for a loaded CI machine; waits end as soon as the condition holds


# ------------------------------------------------------------------ fixtures

@pytest.fixture(scope="session")
def site(seed_site):
    """(base URL, output folder) of the seed site, served on 127.0.0.1."""
    with serve(seed_site) as base:
        yield base, seed_site


@pytest.fixture(scope="session")
def browser(site):  # the site first: Playwright's loop is then not yet running while it builds
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


def _page_opener(browser, base: str):
    """(open_(path, **context options) -> (page, watch), close_all): pages of a site in fresh, guarded contexts."""
    contexts = []

    def open_(path: str = "", **options):
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT)
        contexts.append(context)
        watch = PageWatch(base)
        watch.guard(context)
        page = context.new_page()
        watch.attach(page)
        page.goto(urljoin(base, path), wait_until="load")
        return page, watch

    def close_all():
        for context in contexts:
            context.close()

    return open_, close_all


@pytest.fixture
def open_page(browser, site):
    """open_page(path, **context options) -> (page, watch): a page of the site in a fresh, guarded context."""
    open_, close_all = _page_opener(browser, site[0])
    yield open_
    close_all()


class SitePages:
    """One loaded page per page type, in one guarded context, shared by the page-type tests."""

    def __init__(self, browser, base, paths):
        self.base, self.paths, self.open = base, paths, {}
        self.context = browser.new_context(viewport=DESKTOP)
        self.context.set_default_timeout(TIMEOUT)
        self.watch = PageWatch(base)
        self.watch.guard(self.context)

    def get(self, kind: str, suffix: str = "", *, viewport=DESKTOP, media="screen", scheme="light"):
        """The page of this type at path + suffix, with this viewport and media emulated."""
        if kind not in self.open:
            page = self.context.new_page()
            watch = PageWatch(self.base)
            watch.attach(page)
            self.open[kind] = (page, watch)
        page, watch = self.open[kind]
        page.bring_to_front()  # a background tab gets no animation frames: screenshots would wait
        page.set_viewport_size(viewport)
        page.emulate_media(media=media, color_scheme=scheme)
        url = urljoin(self.base, path_of(self.paths, kind) + suffix)
        if page.url != url:
            page.goto(url, wait_until="load")
        return page, watch

    def close(self):
        self.context.close()


@pytest.fixture(scope="session")
def site_pages(browser, site, pages):
    shared = SitePages(browser, site[0], pages)
    yield shared
    shared.close()


@pytest.fixture(scope="session")
def pages(site):
    """Site-relative path of one page of each type (None where the build has none)."""
    return page_types(site[1])


@pytest.fixture(scope="session")
def axe():
    return axe_source()


def path_of(pages, kind: str) -> str:
    path = pages[kind]
    if path is None:
        pytest.skip(f"this build has no {kind} page yet")
    return path


# ------------------------------------------------------------------ loading

@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_loads_cleanly(site_pages, kind):
    """No console error, no failed request, nothing fetched from another host."""
    page, watch = site_pages.get(kind)
    page.wait_for_load_state("networkidle")
    assert page.locator("main h1").count() == 1
    assert watch.problems() + site_pages.watch.foreign_requests == []


def test_home_has_navigation_and_landmarks(open_page, pages):
    page, watch = open_page(path_of(pages, "home"))
    nav = page.get_by_role("navigation", name="Main")
    for name in ("Home", "Actors", "Proposals", "Compare", "Chronology", "Sources", "Search"):
        assert nav.get_by_role("link", name=name, exact=True).count() == 1, name
    assert page.locator("main").count() == 1
    assert page.get_by_role("searchbox").count() >= 1
    assert watch.problems() == []


# ------------------------------------------------------------------ citations and anchors

def _citation(page) -> str | None:
    hrefs = page.eval_on_selector_all("main a[href*='#p']", "links => links.map(a => a.getAttribute('href'))")
    return next((h for h in hrefs if re.search(r"articles/[^/#]+/(index\.html)?#p\d+$", h)), None)


def test_following_a_citation_lands_on_the_paragraph(open_page, pages, site):
    base, _ = site
    page, watch = open_page(path_of(pages, "home"))
    href = _citation(page)
    if href is None and pages["actor"]:
        page.goto(urljoin(base, pages["actor"]))
        href = _citation(page)
    if href is None:  # no cross-page citation yet: an article's own ¶ link
        page.goto(urljoin(base, path_of(pages, "article")))
        href = page.locator("a.para-link").nth(1).get_attribute("href")
    anchor = href.rsplit("#", 1)[1]
    page.locator(f"main a[href='{href}']").first.click()
    page.wait_for_url(re.compile(rf"#{anchor}$"))
    target = page.locator(f"[id='{anchor}']")
    target.wait_for()
    assert page.evaluate("() => document.querySelector(':target') && document.querySelector(':target').id") == anchor
    backgrounds = page.evaluate(
        """(id) => {
            const target = document.getElementById(id);
            const other = [...document.querySelectorAll('.para')].find(p => p.id !== id);
            return [getComputedStyle(target).backgroundColor, other && getComputedStyle(other).backgroundColor];
        }""",
        anchor,
    )
    assert backgrounds[0] != backgrounds[1], f"the :target paragraph is not highlighted: {backgrounds}"
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < DESKTOP["height"], "the cited paragraph is not scrolled into view"
    assert watch.problems() == []


def test_copy_link_copies_the_paragraph_address(open_page, pages, site):
    base, _ = site
    path = path_of(pages, "article")
    page, watch = open_page(path, permissions=["clipboard-read", "clipboard-write"])
    button = page.locator("#p2 .copy-button")
    button.wait_for()
    assert button.get_attribute("type") == "button"
    button.click()
    page.wait_for_function("() => document.querySelector('#p2 .copy-button').textContent.includes('Copied')")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == urljoin(base, path) + "#p2"
    live = page.locator("#dossier-live")
    live.wait_for(state="attached")
    page.wait_for_function("() => document.getElementById('dossier-live').textContent.includes('copied')")
    assert copied in live.text_content()
    assert watch.problems() == []


def test_copy_citation_copies_a_ready_reference(open_page, pages, site):
    """Headline, outlet, date, ¶, the full address and the quoted text, as plain text and as HTML."""
    base, output = site
    path = path_of(pages, "article")
    page, watch = open_page(path, permissions=["clipboard-read", "clipboard-write"])
    button = page.locator("#p2 .copy-cite")
    button.wait_for()
    button.click()
    page.wait_for_function("() => document.querySelector('#p2 .copy-cite').textContent.includes('Copied')")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    data = page.locator("article.source-article")
    export = json.loads((output / "dossier.json").read_text(encoding="utf-8"))
    article = next(a for a in export["articles"] if a["url"] == path)
    paragraph = " ".join(article["paragraphs"][1]["text"].split())
    headline, outlet, date = (data.get_attribute(f"data-{key}") for key in ("headline", "outlet", "date"))
    assert copied == f"{headline}. {outlet}, {date}, ¶2. {urljoin(base, path)}#p2\n\u201c{paragraph}\u201d"
    html = page.evaluate("""async () => {
        const [item] = await navigator.clipboard.read();
        return await (await item.getType('text/html')).text();
    }""")
    assert f'<a href="{urljoin(base, path)}#p2">' in html and "\u00b62" in html
    assert watch.problems() == []


def test_copy_citation_of_an_event_cites_its_first_source(open_page, pages, site):
    base, _ = site
    page, watch = open_page("chronology/2025-03/", permissions=["clipboard-read", "clipboard-write"])
    event = page.locator("li.event").first
    chip = event.locator("a.cite").first
    event.locator(".copy-cite").click()
    page.wait_for_function("() => document.querySelector('li.event .copy-cite').textContent.includes('Copied')")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    first_line, quote = copied.split("\n")
    assert first_line.startswith(chip.get_attribute("data-headline") + ". " + chip.get_attribute("data-outlet"))
    assert first_line.endswith(urljoin(base, chip.get_attribute("href").lstrip("./").replace("../", "")))
    assert quote.strip("\u201c\u201d") == " ".join(event.locator(".event-text").text_content().split())
    assert watch.problems() == []


def test_without_javascript_links_stay_plain(open_page, pages):
    page, _ = open_page(path_of(pages, "article"), java_script_enabled=False)
    assert page.locator("a.para-link[href='#p1']").count() == 1
    assert page.locator(".copy-button").count() == 0
    page, _ = open_page(path_of(pages, "search"), java_script_enabled=False)
    note = page.locator("noscript").first.inner_text()
    assert "JavaScript" in note and "Sources" in note
    assert page.get_by_role("link", name="Sources").count() >= 1


# ------------------------------------------------------------------ search

def _results(page) -> list[str]:
    page.locator("#search-results .search-result").first.wait_for()
    return page.eval_on_selector_all("#search-results a", "links => links.map(a => a.href)")


def test_search_for_an_actor_finds_them(open_page, pages, site):
    base, output = site
    page, watch = open_page(path_of(pages, "search") + "?q=Kal%C4%B1n")
    assert page.locator("#search-q").input_value() == "Kalın"
    links = _results(page)
    assert links, "no result for Kalın"
    actor = actor_named(output, "Kalın")
    if actor is not None:
        expected = urljoin(base, actor["url"].lstrip("/"))
        assert expected in links[:3], f"{expected} not among the first results: {links[:6]}"
    else:
        assert any(re.search(r"/articles/[^/]+/#p\d+$", link) for link in links), links
    assert "match" in page.locator("#search-status").inner_text()
    # Another name of an actor finds the actor first, where its page gives its names to the index.
    turkey = actor_named(output, "Turkey")
    if turkey is not None and "data-pagefind-meta=\"aliases" in (output / turkey["url"].strip("/") / "index.html").read_text(encoding="utf-8"):
        page.locator("#search-q").fill("Turkey")
        page.locator("#search-q").press("Enter")
        expected = urljoin(base, turkey["url"].lstrip("/"))
        page.wait_for_function("(url) => document.querySelector('#search-results .result-title a')?.href === url", arg=expected)
    assert watch.problems() == []


def test_search_without_diacritics_finds_the_turkish_spelling(open_page, pages, site):
    """ "Kalin" finds the paragraphs that spell him "Kalın", landing on the paragraph."""
    base, output = site
    page, watch = open_page(path_of(pages, "search") + "?q=Kalin")
    links = _results(page)
    spelled = [p.parent.name for p in (output / "articles").glob("*/index.html") if "Kalın" in p.read_text(encoding="utf-8")]
    assert spelled
    for article in spelled:
        assert any(f"/articles/{article}/#p" in link for link in links), (article, links)
    assert watch.problems() == []


def test_search_hit_in_an_article_lands_on_the_paragraph(open_page, pages):
    page, watch = open_page(path_of(pages, "search") + "?q=five-year+truce")
    _results(page)
    hit = page.locator(".search-result.kind-article .hit-link").first
    href = hit.get_attribute("href")
    assert re.search(r"/articles/[^/]+/#p\d+$", href), href
    hit.click()
    anchor = href.rsplit("#", 1)[1]
    page.wait_for_url(re.compile(rf"#{anchor}$"))
    text = page.locator(f"[id='{anchor}']").inner_text()
    assert "five-year" in text.lower() and "truce" in text.lower()
    assert watch.problems() == []


def test_search_hit_in_the_chronology_lands_on_the_event(open_page, pages):
    page, watch = open_page(path_of(pages, "search") + "?q=Witkoff&kind=chronology")
    page.locator("#search-results .search-result").first.wait_for()
    hits = page.locator(".search-result.kind-chronology .hit-link")
    if hits.count() == 0:
        pytest.skip("the chronology has no element-level anchors (#e-…) in this build")
    href = hits.first.get_attribute("href")
    assert re.search(r"/chronology/.*#e-[\w-]+$", href), href
    hits.first.click()
    anchor = href.rsplit("#", 1)[1]
    page.wait_for_url(re.compile(rf"#{anchor}$"))
    assert "Witkoff" in page.locator(f"[id='{anchor}']").inner_text()
    assert watch.problems() == []


def test_search_filters_by_kind_and_comes_from_the_header(open_page, pages):
    page, watch = open_page(path_of(pages, "home"))
    page.locator("#header-q").fill("Hamas")
    page.locator("#header-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Hamas"))
    assert page.locator("#search-q").input_value() == "Hamas"
    _results(page)
    for kind in ("actor", "proposal", "chronology", "other"):
        page.locator(f"input[name=kind][value={kind}]").uncheck()
    page.wait_for_function("() => /kind=article/.test(location.search)")
    page.wait_for_function(
        "() => { const r = document.querySelectorAll('#search-results .search-result');"
        " return r.length > 0 && [...r].every(li => li.classList.contains('kind-article')); }"
    )
    assert watch.problems() == []


# A site of thousands of articles has its index in buckets merged in the
# browser: the seed site indexed so, one article a bucket, and served from a
# folder (not the server's root) as a relatively linked site may be.

@pytest.fixture(scope="session")
def bucketed_site(seed_site, tmp_path_factory):
    """(URL of the site, its folder): the seed site with its search index in buckets, at <server>/dossier/."""
    from dossier.search import build_search_index

    www = tmp_path_factory.mktemp("bucketed-www")
    folder = www / "dossier"
    shutil.copytree(seed_site, folder, ignore=shutil.ignore_patterns("pagefind"))
    build_search_index(folder, bucket_size=1)
    with serve(www) as base:
        yield urljoin(base, "dossier/"), folder


@pytest.fixture
def open_bucketed(browser, bucketed_site):
    """open_page for the bucketed site."""
    open_, close_all = _page_opener(browser, bucketed_site[0])
    yield open_
    close_all()


def _all_results(page) -> list[str]:
    """Every result's page address (all pages of results), once the search has answered."""
    page.wait_for_function("() => /match|Nothing/.test(document.getElementById('search-status').textContent)")
    more = page.locator("#search-more")
    while more.is_visible():
        count = page.locator("#search-results .search-result").count()
        more.click()
        page.wait_for_function("(n) => document.querySelectorAll('#search-results .search-result').length > n", arg=count)
    return sorted({href.split("#")[0] for href in page.eval_on_selector_all(".result-title a", "ls => ls.map(a => a.href)")})


def _paragraphs_with(folder: Path, word: str) -> dict[str, set[str]]:
    """Article folder name -> ids of its paragraphs whose own text holds word."""
    from bs4 import BeautifulSoup

    found = {}
    for page in sorted((folder / "articles").glob("*/index.html")):
        for para in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("p.para[id]"):
            for junk in para.select(".para-link"):
                junk.decompose()
            if word.lower() in para.get_text(" ").lower():
                found.setdefault(page.parent.name, set()).add(para["id"])
    return found


def test_search_on_a_site_in_buckets_lands_on_the_right_paragraph(open_bucketed, bucketed_site):
    """A word of one article, in a bucket of its own: every hit is a paragraph holding it, and no other article comes up.

    A bucket without the word would otherwise answer with the longest of its
    words the query starts with (every "in" for "intermediaries").
    """
    from dossier.search import Layout

    base, folder = bucketed_site
    word = "intermediaries"
    holding = _paragraphs_with(folder, word)
    assert holding, f"no article of the seeds says {word!r}"
    layout = Layout(**{k: v for k, v in json.loads((folder / "pagefind" / "bundles.json").read_text()).items() if k in ("articles", "pages")})
    assert all(layout.bundle_of(f"articles/{a}/index.html").startswith("articles-") for a in holding)
    page, watch = open_bucketed(f"search/?q={word}")
    _all_results(page)
    hits = page.eval_on_selector_all(".search-result.kind-article .hit-link", "ls => ls.map(a => a.href)")
    assert hits, "no paragraph hit"
    for href in hits:
        match = re.fullmatch(re.escape(base) + r"articles/([^/]+)/#(p\d+)", href)
        assert match, f"{href} is not a paragraph of an article of the site at {base}"
        assert match[2] in holding.get(match[1], set()), f"{href}: that paragraph does not say {word!r}"
    articles = {href.split("#")[0] for href in page.eval_on_selector_all(".search-result.kind-article .result-title a", "ls => ls.map(a => a.href)")}
    assert articles == {f"{base}articles/{a}/" for a in holding}
    first = page.locator(".search-result.kind-article .hit-link").first
    href = first.get_attribute("href")
    first.click()
    anchor = href.rsplit("#", 1)[1]
    page.wait_for_url(re.compile(rf"#{anchor}$"))
    assert word in page.locator(f"[id='{anchor}']").inner_text().lower()
    assert watch.problems() == []


@pytest.mark.parametrize("query", ["intermediaries", "five-year truce", "Witkoff", "negoti", "Kalın", "zanzibarian"])
def test_search_finds_the_same_pages_in_buckets_as_in_one_bundle(open_page, open_bucketed, pages, site, bucketed_site, query):
    one, watch_one = open_page(path_of(pages, "search") + f"?q={query}")
    two, watch_two = open_bucketed(f"search/?q={query}")
    found = [[url.removeprefix(base) for url in _all_results(page)] for page, base in ((one, site[0]), (two, bucketed_site[0]))]
    assert found[0] == found[1]
    assert watch_one.problems() + watch_two.problems() == []


def test_search_in_buckets_filters_by_kind(open_bucketed):
    page, watch = open_bucketed("search/?q=Hamas&kind=article")
    urls = _all_results(page)
    assert urls and page.locator("#search-results .search-result").count() == page.locator("#search-results .kind-article").count()
    assert watch.problems() == []


# ------------------------------------------------------------------ previews

def _previewable_link(page) -> str | None:
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
    return next((h for h in hrefs if PREVIEWABLE.search(h)), None)


def test_preview_on_hover_and_focus_closes_on_escape(open_page, pages, site, axe):
    base, _ = site
    page, watch = open_page(path_of(pages, "home"))
    href = _previewable_link(page)
    for kind in ("actor", "proposal", "chronology", "actors", "proposals"):
        if href is None and pages[kind]:
            page.goto(urljoin(base, pages[kind]))
            href = _previewable_link(page)
    if href is None:
        # No cross-page citation on any page yet: the behaviour is tested with a link made here.
        page.goto(urljoin(base, path_of(pages, "sources")))
        article = pages["article"].rstrip("/").rsplit("/", 1)[1]
        page.evaluate(
            "(href) => { const a = document.createElement('a'); a.href = href; a.textContent = 'a cited paragraph';"
            " a.id = 'made-link'; document.querySelector('main').prepend(a); }",
            f"../articles/{article}/#p2",
        )
        href = f"../articles/{article}/#p2"
    link = page.locator(f"main a[href='{href}']").first
    preview = page.locator("#dossier-preview")

    link.hover()
    preview.wait_for(state="visible")
    assert preview.get_attribute("role") == "tooltip"
    assert link.get_attribute("aria-describedby") == "dossier-preview"
    assert len(preview.inner_text().strip()) > 20
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = run_axe(page, axe, within="#dossier-preview")
        assert not violations, f"axe-core on the preview ({scheme}):\n" + describe_violations(violations)
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")
    assert link.get_attribute("aria-describedby") is None

    page.mouse.move(0, 0)
    link.focus()
    preview.wait_for(state="visible")
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")
    link.focus()
    page.evaluate("() => document.activeElement.blur()")
    page.wait_for_function("() => { const p = document.getElementById('dossier-preview'); return !p || p.hidden; }")
    # The preview's text came from the target page, as text.
    assert preview.locator("*").evaluate_all("nodes => nodes.every(n => ['P', 'SPAN'].includes(n.tagName))")
    assert watch.problems() == []


# ------------------------------------------------------------------ accessibility, layout, print

def _suffix(kind: str) -> str:
    if kind == "search":
        return "?q=Hamas"  # with results on show
    if kind == "article":
        return "#p2"  # with a highlighted paragraph
    return ""


def _ready(page, kind: str) -> None:
    if kind == "search":
        _results(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_violation(site_pages, axe, kind, scheme):
    page, _ = site_pages.get(kind, _suffix(kind), scheme=scheme)
    _ready(page, kind)
    violations = run_axe(page, axe)
    assert not violations, f"axe-core on {kind} ({scheme}):\n" + describe_violations(violations)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_phone_viewport_has_no_horizontal_scroll(site_pages, kind):
    page, _ = site_pages.get(kind, _suffix(kind), viewport=PHONE)
    _ready(page, kind)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if widths[0] > widths[1]:
        culprits = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''))"""
        )
        pytest.fail(f"{kind}: scrollWidth {widths[0]} > clientWidth {widths[1]}; too wide: {culprits}")


@pytest.mark.parametrize("kind", ["article", "actor", "proposal", "chronology", "briefing"])
def test_print_hides_the_navigation(site_pages, kind):
    page, _ = site_pages.get(kind, media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".header-search").is_visible()
    assert not page.locator(".skip-link").is_visible()
    assert all(not b.is_visible() for b in page.locator(".copy-button").all())
    assert page.locator("main h1").is_visible()


A4_WIDTH = 718  # an A4 page's printable width in CSS pixels, with 10 mm margins


@pytest.mark.parametrize("media,width", [("screen", DESKTOP["width"]), ("print", A4_WIDTH)])
def test_the_comparison_is_not_clipped(site_pages, media, width):
    """Every column of the comparison shows whole at 1280 px and on an A4 page: nothing scrolls or is cut."""
    page, _ = site_pages.get("compare", viewport={"width": width, "height": 900}, media=media)
    clipped = page.evaluate("""() => {
        const wrap = document.querySelector('.compare-wrap');
        const right = wrap.getBoundingClientRect().right + 1;
        const cells = [...document.querySelectorAll('.compare th, .compare td')];
        return {
            scrolls: wrap.scrollWidth > wrap.clientWidth + 1 || document.documentElement.scrollWidth > document.documentElement.clientWidth,
            cut: cells.filter(c => c.getBoundingClientRect().right > right || c.scrollWidth > c.clientWidth + 1).map(c => c.id || c.textContent.slice(0, 30)),
            columns: document.querySelectorAll('.compare thead th').length,
        };
    }""")
    assert clipped["columns"] >= 8
    assert not clipped["scrolls"] and clipped["cut"] == [], clipped


def test_the_comparison_shows_one_proposal_at_a_time_on_a_phone(site_pages):
    page, _ = site_pages.get("compare", viewport=PHONE)
    rows = page.locator(".compare tbody tr")
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert first["width"] <= PHONE["width"] and second["y"] >= first["y"] + first["height"]
    assert not page.locator(".compare thead").is_visible()


@pytest.mark.parametrize("kind", ["actor", "proposal", "briefing"])
def test_printed_citations_carry_their_addresses(site_pages, kind):
    page, _ = site_pages.get(kind, media="print")
    chip = page.locator("main a.cite").first
    after = chip.evaluate("c => getComputedStyle(c, '::after').content")
    assert chip.get_attribute("data-url") in after


# ------------------------------------------------------------------ screenshots

@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_each_page_type_has_a_dark_scheme_and_fits_its_screen(site_pages, kind):
    """Dark differs from light, and each screenshot is as wide as its screen (nothing sticks out sideways).

    The screenshots are kept, to be looked at: test-artifacts/screenshots/<kind>-<device>-<scheme>.png
    (and <kind>-print-light.png, the page as printed).
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page, _ = site_pages.get(kind, _suffix(kind), viewport={"width": A4_WIDTH, "height": 1000}, media="print")
    _ready(page, kind)
    page.screenshot(path=str(SCREENSHOTS / f"{kind}-print-light.png"), full_page=True)
    for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        shots = {}
        for scheme in ("light", "dark"):
            page, _ = site_pages.get(kind, _suffix(kind), viewport=viewport, scheme=scheme)
            _ready(page, kind)
            shot = SCREENSHOTS / f"{kind}-{device}-{scheme}.png"
            shots[scheme] = page.screenshot(path=str(shot), full_page=device == "phone")
            assert _png_width(shots[scheme]) == viewport["width"], f"{kind} on {device}, {scheme}: wider than the screen"
        assert shots["light"] != shots["dark"], f"{kind} on {device}: the dark scheme looks the same as the light one"


def _png_width(png: bytes) -> int:
    """A PNG's width in pixels, from its header (IHDR is the first chunk)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(png[16:20], "big")
