"""Publication dates stated on the page, and teasers for other stories that are not the article's."""
from __future__ import annotations

import pytest

from dossier.dates import PartialDate
from dossier.sourcing import date_article
from tests.support import make_article

HEAD = "Mediators race to close the gaps\n"
BODY = "Negotiators met in Cairo on Monday to discuss a truce.\nThe talks made some progress.\n"


def published(text):
    article, _ = make_article(text)
    return date_article(article)[0].published


@pytest.mark.parametrize("line", [
    "Published 3 May 2025", "Published: May 3, 2025", "Published On 3 May, 2025 10:05 GMT",
    "Posted 2025-05-03", "Saturday, May 3, 2025 | 10:05 GMT", "May 3, 2025",
])
def test_a_stated_publication_date_is_read_as_such(line):
    date = published(HEAD + line + "\n" + BODY)
    assert (date.date, date.inferred) == (PartialDate(2025, 5, 3), False)
    assert line in date.how


def test_published_wins_over_updated_whatever_comes_first():
    date = published(HEAD + "Last updated 9 May 2025\nPublished 3 May 2025\n" + BODY)
    assert date.date == PartialDate(2025, 5, 3)


def test_an_updated_line_alone_is_the_pages_date():
    assert published(HEAD + "Updated 9 May 2025, 14:30 GMT\n" + BODY).date == PartialDate(2025, 5, 9)


@pytest.mark.parametrize("teaser", [
    "Related Articles\nHamas rejects the offer\nPublished 2 June 2025\n",
    "Read more: Hamas rejects the offer\nJune 2, 2025\n",
    "More from Example Wire\nTruce holds in the north\nPosted 2 June 2025\n",
])
def test_a_teaser_for_another_story_is_not_the_articles_date(teaser):
    date = published(HEAD + BODY + teaser)
    assert not (date.date == PartialDate(2025, 6, 2) and not date.inferred)
    assert date.date is None  # the article itself gives no full date


def test_a_date_line_at_the_articles_end_is_its_own():
    assert published(HEAD + BODY + "Published 3 May 2025\n").date == PartialDate(2025, 5, 3)
