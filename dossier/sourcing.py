"""Where and when each article appeared: stated facts first, then inference."""
from __future__ import annotations

import re
from dataclasses import replace

from .dates import PartialDate, explicit_dates, latest_dates
from .models import Article, Outlet, Problem, Published
from .normalize import dateline_source

# Lines set apart from the text that still tell when the page was made.
DATED_KINDS = ("caption", "dateline", "date line")
# A date line saying when the page was changed, not when it was published.
_UPDATED = re.compile(r"(?i)(last\s+)?updated\b")
# Page furniture that introduces other stories: date lines below it are theirs.
_OTHER_STORIES = re.compile(
    r"(?i)related|read (more|next|also)|see also|more (from|on|stories)|most (read|popular)|trending|"
    r"recommended|you may also like|latest (news|stories)|popular"
)


def date_article(article: Article) -> tuple[Article, list[Problem]]:
    """An article -> the same with its publication date and outlet filled in."""
    published, problems = _published(article)
    return replace(article, published=published, outlet=_outlet(article)), problems


def _published(article: Article) -> tuple[Published, list[Problem]]:
    if article.facts.published:
        try:
            date = PartialDate.parse(article.facts.published)
        except ValueError as error:
            problem = Problem(article.source_file, None, f"its published date in the source facts file is not a date ({error}); write it as YYYY-MM-DD, YYYY-MM or YYYY")
            return _inferred(article), [problem]
        return Published(date, False, "from the source facts file"), []
    # A "Published" line before an "Updated" one, whichever comes first on the page.
    for item in sorted(_own_dated_lines(article, ("date line",)), key=lambda item: bool(_UPDATED.match(item.text))):
        dates = explicit_dates(item.text)
        if dates:
            return Published(dates[0], False, f"from the page's date line \u201c{item.text}\u201d"), []
    return _inferred(article), []


def _own_dated_lines(article: Article, kinds: tuple[str, ...]) -> list:
    """Set-apart lines of these kinds that belong to the article, not to teasers for other stories below it."""
    start = article.paragraphs[0].line if article.paragraphs else 0
    others = min((item.line for item in article.text.set_apart
                  if item.kind == "page junk" and item.line > start and _OTHER_STORIES.match(item.text)), default=None)
    return [item for item in article.text.set_apart
            if item.kind in kinds and (others is None or item.line < others)]


def _inferred(article: Article) -> Published:
    """The latest date the page gives: the article cannot be older than that."""
    texts = [p.text for p in article.paragraphs]
    texts += [item.text for item in _own_dated_lines(article, DATED_KINDS)]
    latest, later = latest_dates(texts)
    if latest is None:
        return Published(None, True, "unknown: no date in the source facts file or in the text")
    how = f"not before {latest.iso()}, the latest full date on the page"
    # Days written without a year ("On March 18") can move the bound later.
    if later is not None and later.earliest() > latest.earliest():
        latest = later
        how = f"not before {latest.iso()}, the latest date on the page (its year inferred)"
    return Published(latest, True, how, not_before=True)


def _outlet(article: Article) -> Outlet:
    if article.facts.outlet:
        return Outlet(article.facts.outlet, False, "from the source facts file")
    credited = dateline_source(article.text.set_apart)
    if credited:
        return Outlet(credited, True, "credited in the dateline")
    return Outlet(None, True, "unknown: not in the source facts file")
