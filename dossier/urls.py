"""Every address of the site, made here and nowhere else: the linking contract.

Addresses are relative to the site's root, without a leading slash
("actors/hamas/"); a template puts ``{{ SITEURL }}/`` before them (Pelican
makes SITEURL relative per page when RELATIVE_URLS is on). Anchors are the
part after "#", without it ("p3", "term-aid"). The model, the export, the
index, the pictures, the page list and the templates (as the global
``urls``) all call these functions; the README's URL table is checked
against ``ADDRESSES`` by tests/test_urls.py.

>>> paragraph("kalin-talks", 3), proposal_term("2025-witkoff-terms", "aid")
('articles/kalin-talks/#p3', 'proposals/2025-witkoff-terms/#term-aid')
"""
from __future__ import annotations

# The sections every actor and proposal page has, in page order: each is an anchor.
ACTOR_SECTIONS = ("profile", "roles", "proposals", "chronology", "statements", "relations", "mentions")
PROPOSAL_SECTIONS = ("state", "summary", "dates", "terms", "responses", "events", "sources")
STATE_OF_PLAY = "state-of-play"  # the home page's section
CHAIN = "chain"  # the Proposals page's picture of how one led to the next


def _at(address: str, anchor: str | None) -> str:
    return f"{address}#{anchor}" if anchor else address


# --- the site-wide pages ----------------------------------------------------------

def home(anchor: str | None = None) -> str:
    return _at("", anchor)


def actors() -> str:
    return "actors/"


def proposals(anchor: str | None = None) -> str:
    return _at("proposals/", anchor)


def compare() -> str:
    return "compare/"


def chronology() -> str:
    return "chronology/"


def sources(number: int | str = 1) -> str:
    """The Sources list's page number (the first at sources/, the others at sources/<n>/)."""
    return "sources/" if number == 1 else f"sources/{number}/"


def editors() -> str:
    return "editors/"


def briefing() -> str:
    return "briefing/"


def search() -> str:
    return "search/"


def about() -> str:
    return "about/"


def feed(name: str) -> str:
    """ "articles" or "events" -> the Atom feed's address."""
    return f"feeds/{name}.atom.xml"


def theme(path: str) -> str:
    """A file of the theme's static folder: "css/main.css" -> "theme/css/main.css"."""
    return f"theme/{path}"


def export() -> str:
    return "dossier.json"


def export_schema() -> str:
    return "dossier.schema.json"


# --- the pages drawn from the model, and their anchors ----------------------------

def paragraph_anchor(number: int | str) -> str:
    return f"p{number}"


def article(article_id: str, anchor: str | None = None) -> str:
    return _at(f"articles/{article_id}/", anchor)


def paragraph(article_id: str, number: int | str) -> str:
    return article(article_id, paragraph_anchor(number))


def actor(actor_id: str, section: str | None = None) -> str:
    """An actor's page, or one of its ACTOR_SECTIONS."""
    return _at(f"actors/{actor_id}/", section)


def term_anchor(term: str) -> str:
    return f"term-{term}"


def response_anchor(actor_id: str) -> str:
    return f"response-{actor_id}"


def proposal(proposal_id: str, section: str | None = None) -> str:
    """A proposal's page, or one of its PROPOSAL_SECTIONS (or a term's or response's anchor)."""
    return _at(f"proposals/{proposal_id}/", section)


def proposal_term(proposal_id: str, term: str) -> str:
    return proposal(proposal_id, term_anchor(term))


def proposal_response(proposal_id: str, actor_id: str) -> str:
    return proposal(proposal_id, response_anchor(actor_id))


def compare_row_anchor(proposal_id: str) -> str:
    return proposal_id


def compare_cell_anchor(proposal_id: str, term: str) -> str:
    return f"{proposal_id}-{term}"


def compare_row(proposal_id: str) -> str:
    return f"{compare()}#{compare_row_anchor(proposal_id)}"


def compare_cell(proposal_id: str, term: str) -> str:
    return f"{compare()}#{compare_cell_anchor(proposal_id, term)}"


def chronology_key(iso_date: str) -> str:
    """An event's ISO date -> the chronology page it is on: its month, or its year when the month is unknown."""
    return iso_date[:7]


def chronology_page(key: str) -> str:
    """ "2025-03" (or "2025") -> that month's (or year's) page of the chronology."""
    return f"chronology/{key}/"


def event(key: str, anchor: str) -> str:
    """An event on its chronology page (anchor: the event's id, "e-<date>-<code>")."""
    return f"{chronology_page(key)}#{anchor}"


# --- pages as files -----------------------------------------------------------------

def page_file(address: str) -> str:
    """A page's address -> the file that serves it: "actors/hamas/" -> "actors/hamas/index.html"."""
    return f"{address}index.html"


def address_of(file: str) -> str:
    """The other way: "articles/x/index.html" -> "articles/x/" (any other file is its own address)."""
    if file == "index.html" or file.endswith("/index.html"):
        return file[: -len("index.html")]
    return file


def is_article(address: str) -> bool:
    """Whether an address is an article's page (or in it), not the articles' folder itself."""
    section, _, rest = address.partition("/")
    return section == "articles" and bool(rest)


# The README's URL table, row by row: what each row must show, made by the
# functions above with the placeholders the README uses ("<id>").
ADDRESSES = {
    "home": [home(), home(STATE_OF_PLAY)],
    "an article": [article("<id>")],
    "a paragraph of it": [paragraph("<id>", "<number>")],
    "actors, by kind": [actors()],
    "an actor": [actor("<id>")] + ["#" + section for section in ACTOR_SECTIONS],
    "proposals": [proposals(), proposals(CHAIN)],
    "a proposal": [proposal("<id>")] + ["#" + s for s in PROPOSAL_SECTIONS]
                  + ["#" + term_anchor("<term>"), "#" + response_anchor("<actor id>")],
    "proposals compared": [compare(), "#" + compare_row_anchor("<proposal id>"), "#" + compare_cell_anchor("<proposal id>", "<term>")],
    "chronology": [chronology(), chronology_page("2025-03"), chronology_page("2025"), event("2025-03", "e-<date>-<code>")],
    "sources": [sources(), sources("<n>")],
    "editors' page": [editors()],
    "briefing pack": [briefing()],
    "search": [search()],
    "feeds": [feed("articles"), feed("events")],
    "data export": [export(), export_schema()],
}
