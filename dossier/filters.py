"""Jinja filters and globals the theme uses to show the model to readers."""
from __future__ import annotations

import calendar

from jinja2 import pass_context
from markupsafe import Markup, escape

from .dates import PartialDate
from .models import TERM_LABELS, TERMS, Citation
from .svg import relations_svg, timeline_svg


def human_date(date: PartialDate | None) -> str:
    """PartialDate -> "18 March 2025", "March 2025" or "2025", as precise as known."""
    if date is None:
        return "date unknown"
    if date.month is None:
        return str(date.year)
    month = calendar.month_name[date.month]
    if date.day is None:
        return f"{month} {date.year}"
    return f"{date.day} {month} {date.year}"


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
                 f'    <p id="{anchor}" class="para"><a class="para-link" href="#{anchor}" title="Link to this paragraph">'
                 f'¶{paragraph.number}</a> {text}</p>\n')
        backlinks = index.backlinks.get(key, ())
        if backlinks:
            links = " · ".join(f'<a href="{siteurl}/{escape(link.url)}">{escape(link.label)}</a>' for link in backlinks)
            block += f'    <p class="cited-on">Cited on: {links}</p>\n'
        blocks.append(block + "    </div>\n")
    return Markup("".join(blocks))


def linked_paragraph(text: str, mentions, siteurl: str) -> Markup:
    """A paragraph's text, escaped, with its actor mentions linked to their pages."""
    siteurl = escape(siteurl)
    parts = []
    for piece, actor_id in linked_segments(text, mentions):
        if actor_id:
            parts.append(f'<a class="actor-mention" href="{siteurl}/actors/{escape(actor_id)}/">{escape(piece)}</a>')
        else:
            parts.append(escape(piece))
    return Markup("".join(parts))


CITE_LABEL = 28  # characters of an article's title shown in a citation


@pass_context
def cite(context, citations) -> Markup:
    """Links to the cited paragraphs, labelled with the article's title and ¶ number.

    Python rather than a macro: a chronology page carries thousands of citations.
    """
    if not citations:
        return Markup("")
    siteurl = escape(context["SITEURL"])
    articles = context["DOSSIER"].article_by_id
    links = []
    for citation in citations:
        source = articles.get(citation.article)
        label = source.title if source else citation.article
        if len(label) > CITE_LABEL:
            label = label[:CITE_LABEL - 1] + "…"
        url = escape(citation.url)
        links.append(f'<a class="cite" href="{siteurl}/{url}" data-url="{url}">{escape(label)} ¶{escape(citation.paragraph)}</a>')
    return Markup(f'<span class="cites">{" ".join(links)}</span>')


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


def term_label(key: str) -> str:
    return TERM_LABELS.get(key, key)


JINJA_FILTERS = {"atom_time": atom_time, "attr_iso": attr_iso, "human_date": human_date, "month_heading": month_heading, "term_label": term_label}
JINJA_GLOBALS = {"TERMS": TERMS, "Citation": Citation, "by_year_month": by_year_month, "latest_articles": latest_articles, "article_paragraphs": article_paragraphs, "cite": cite, "timeline_svg": timeline_svg, "relations_svg": relations_svg}
