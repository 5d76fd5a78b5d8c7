"""Jinja filters and globals the theme uses to show the model to readers."""
from __future__ import annotations

import calendar
import json

from jinja2 import pass_context
from markupsafe import Markup, escape

from . import urls
from .dates import PartialDate
from .models import PROPOSAL_STATES, TERM_LABELS, TERMS, Citation, relation_phrase
from .svg import chain_svg, relations_svg, timeline_svg


def human_date(date: PartialDate | None) -> str:
    """PartialDate -> "18 March 2025", "March 2025" or "2025", as precise as known."""
    return _date_words(date, calendar.month_name, "date unknown")


def short_date(date: PartialDate | None) -> str:
    """PartialDate -> "30 Jun 2024", "Jun 2024" or "2024": for citation chips."""
    return _date_words(date, calendar.month_abbr, "date not known")


def _date_words(date: PartialDate | None, month_names, unknown: str) -> str:
    if date is None:
        return unknown
    if date.month is None:
        return str(date.year)
    month = month_names[date.month]
    return f"{date.day} {month} {date.year}" if date.day else f"{month} {date.year}"


def reader_date(date: PartialDate, estimated: bool) -> str:
    """A date as a reader says it: an estimated day is only "about early/mid/late March 2025".

    >>> reader_date(PartialDate.parse("2025-03-16"), True), reader_date(PartialDate.parse("2025-03"), False)
    ('about mid-March 2025', 'March 2025')
    """
    if not estimated:
        return human_date(date)
    if date.day is None:
        return f"about {human_date(date)}"
    part = "early" if date.day <= 10 else "mid" if date.day <= 20 else "late"
    return f"about {part}-{calendar.month_name[date.month]} {date.year}"


def published_label(published) -> str:
    """An article's date for citations: "30 Jun 2024", "30 Jun 2024 or later" or "undated"."""
    if published.date is None:
        return "undated"
    return short_date(published.date) + (" or later" if published.not_before else "")


def month_heading(iso_month: str) -> str:
    """ "2025-03" -> "March 2025"; "2025" -> "2025 (month unknown)". """
    if len(iso_month) == 4:
        return f"{iso_month} (month not known)"
    year, month = iso_month.split("-")
    return f"{calendar.month_name[int(month)]} {year}"


def linked_segments(text: str, mentions) -> list[tuple[str, str | None]]:
    """A paragraph and its actor mentions -> (text, actor id or None) pieces, for linking names."""
    pieces, position = [], 0
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.start < position:
            continue
        if mention.start > position:
            pieces.append((text[position:mention.start], None))
        pieces.append((text[mention.start:mention.end], mention.actor))
        position = mention.end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces


@pass_context
def article_paragraphs(context, article) -> Markup:
    """An article's paragraphs, each with its ¶ link, linked actor names and "Cited on" links.

    Python rather than a template loop: every paragraph of every article goes
    through it, and at thousands of articles the loop was most of the rendering.
    """
    siteurl = escape(context["SITEURL"])
    index = context["INDEX"]
    blocks = []
    for paragraph in article.paragraphs:
        key = (article.id, paragraph.number)
        anchor = escape(paragraph.anchor)
        text = linked_paragraph(paragraph.text, index.paragraph_mentions.get(key, ()), siteurl)
        block = (f'    <div class="para-block">\n'
                 f'    <p id="{anchor}" class="para"{_folded_for_search(paragraph.text)}><a class="para-link" href="#{anchor}" title="Link to this paragraph">'
                 f'¶{paragraph.number}</a> {text}</p>\n')
        backlinks = index.backlinks.get(key, ())
        if backlinks:
            links = " · ".join(f'<a href="{siteurl}/{escape(link.url)}">{escape(link.label)}</a>' for link in backlinks)
            block += (f'    <details class="cited-on"><summary>Cited on {len(backlinks)} place{"s" if len(backlinks) != 1 else ""} in the dossier</summary>'
                      f'<p>{links}</p></details>\n')
        blocks.append(block + "    </div>\n")
    return Markup("".join(blocks))


_DOTLESS = str.maketrans("ıİ", "iI")


def _folded_for_search(text: str) -> str:
    """For a paragraph with a Turkish dotless ı or dotted İ, the words spelled without them, for the search index.

    Pagefind folds accents ("Kalın" and "Kalin" match once ü is u) but ı and İ
    are letters of their own to it; an attribute it indexes carries the plain spelling.
    """
    if "ı" not in text and "İ" not in text:
        return ""
    words = " ".join(dict.fromkeys(w.translate(_DOTLESS) for w in text.split() if "ı" in w or "İ" in w))
    return f' data-pagefind-index-attrs="data-search-spelling" data-search-spelling="{escape(words)}"'


def linked_paragraph(text: str, mentions, siteurl: str) -> Markup:
    """A paragraph's text, escaped, with its actor mentions linked to their pages."""
    siteurl = escape(siteurl)
    parts = []
    for piece, actor_id in linked_segments(text, mentions):
        if actor_id:
            parts.append(f'<a class="actor-mention" href="{siteurl}/{escape(urls.actor(actor_id))}">{escape(piece)}</a>')
        else:
            parts.append(escape(piece))
    return Markup("".join(parts))


@pass_context
def cite(context, citations) -> Markup:
    """Links to the cited paragraphs, each labelled with where it comes from: "Daily Sabah, 30 Jun 2024, ¶5".

    The headline is the link's title and, with outlet and date, in data
    attributes that "Copy citation" reads. Python rather than a macro: a
    chronology page carries thousands of citations.
    """
    if not citations:
        return Markup("")
    siteurl = escape(context["SITEURL"])
    # Printed after the link: the full address when the site's address is known.
    printed = escape(context.get("SITE_ADDRESS") or "")
    articles = context["DOSSIER"].article_by_id
    links = []
    for citation in citations:
        source = articles.get(citation.article)
        headline = source.title if source else citation.article
        outlet = (source.outlet.name if source else None) or "Unknown outlet"
        date = published_label(source.published) if source else "undated"
        url = escape(citation.url)
        links.append(f'<a class="cite" href="{siteurl}/{url}" data-url="{printed + "/" if printed else ""}{url}" title="{escape(headline)}" '
                     f'data-headline="{escape(headline)}" data-outlet="{escape(outlet)}" data-date="{escape(date)}" '
                     f'data-paragraph="{escape(citation.paragraph)}">{escape(outlet)}, {escape(date)}, ¶{escape(citation.paragraph)}</a>')
    return Markup(f'<span class="cites">{" ".join(links)}</span>')


@pass_context
def independent_outlets(context, citations) -> list[str]:
    """The known outlets among the cited articles that are not a party's own (an outlet actor with an affiliation).

    Only these count as corroboration: an unknown outlet may be any of the others.
    """
    dossier = context["DOSSIER"]
    own = {spelling for actor in dossier.actors if actor.kind == "outlet" and actor.affiliation
           for spelling in (actor.name, *actor.aliases)}
    names = []
    for citation in citations:
        source = dossier.article_by_id.get(citation.article)
        name = source.outlet.name if source else None
        if name and name not in own and name not in names:
            names.append(name)
    return names


def proposals_by_date(proposals) -> list:
    """Proposals by the year they date from, in the registry's order within a year; undated last.

    Within a year the registry's order stands: a proposal known only to the
    year cannot be placed among that year's months, and the editors list them
    in the order they came.
    """
    def key(item):
        position, proposal = item
        when = proposal.when
        return (when is None, when.year if when else 0, position)
    return [proposal for _, proposal in sorted(enumerate(proposals), key=key)]


def state_class(state: str) -> str:
    """ "under negotiation" -> "state-under-negotiation", for the badge's colour."""
    return "state-" + (state.replace(" ", "-") if state in PROPOSAL_STATES else "unknown")


def json_ld(data: dict) -> Markup:
    """Structured data for a <script type="application/ld+json">; "<" escaped so no text can end the script."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def by_year_month(events) -> list[tuple[int, list[tuple[str, list]]]]:
    """Events in date order -> [(year, [("2025-03" or "2025", events)])] for the chronology."""
    years: dict[int, dict[str, list]] = {}
    for event in events:
        key = event.date.iso()[:7]
        years.setdefault(event.date.year, {}).setdefault(key, []).append(event)
    return [(year, sorted(months.items(), key=lambda item: (len(item[0]) == 7, item[0]))) for year, months in sorted(years.items())]


def atom_time(iso: str) -> str:
    """ "2025-03" -> "2025-03-01T00:00:00Z": Atom wants full times; the first day stands in."""
    parts = (iso + "-01-01")[:10]
    return f"{parts}T00:00:00Z"


def attr_iso(date: PartialDate) -> str:
    return date.earliest().isoformat()


def latest_articles(articles, count: int) -> list:
    """The most recent articles first (dated before undated, then by id), for home and feeds."""
    def key(article):
        date = article.published.date
        return (date is not None, date.earliest().toordinal() if date else 0, article.id)
    return sorted(articles, key=key, reverse=True)[:count]


def relation_line(kind: str, source, target) -> Markup:
    """A relation as a sentence; source and target are names or links (Markup), target None when there is none."""
    return Markup(relation_phrase(kind, target is not None)).format(source=source, target=target)


def term_label(key: str) -> str:
    return TERM_LABELS.get(key, key)


JINJA_FILTERS = {"atom_time": atom_time, "attr_iso": attr_iso, "human_date": human_date, "month_heading": month_heading, "term_label": term_label,
                 "short_date": short_date, "published_label": published_label, "state_class": state_class, "json_ld": json_ld}
JINJA_GLOBALS = {"urls": urls, "TERMS": TERMS, "PROPOSAL_STATES": PROPOSAL_STATES, "Citation": Citation, "by_year_month": by_year_month,
                 "latest_articles": latest_articles, "article_paragraphs": article_paragraphs, "cite": cite,
                 "independent_outlets": independent_outlets, "proposals_by_date": proposals_by_date, "reader_date": reader_date,
                 "timeline_svg": timeline_svg, "relations_svg": relations_svg, "chain_svg": chain_svg,
                 "relation_line": relation_line}
