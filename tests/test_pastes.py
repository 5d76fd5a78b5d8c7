"""Titles and paragraphs of pastes in shapes the seeds never had (all text made up).

Each fixture in tests/fixtures/pastes/ is one outlet's shape; the generated
pastes below put the same shapes together in many orders and combinations.
"""
from __future__ import annotations

import itertools
import random
import tomllib
from pathlib import Path

import pytest

from dossier.normalize import normalize_text
from dossier.text import split_sentences

PASTES = Path(__file__).resolve().parent / "fixtures" / "pastes"
EXPECTED = tomllib.loads((PASTES / "titles.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_titles_and_first_paragraphs(name):
    normalized = normalize_text((PASTES / name).read_text(encoding="utf-8"))
    expected = EXPECTED[name]
    if expected["title"]:
        assert (normalized.title, normalized.title_made) == (expected["title"], False)
    else:
        assert normalized.title_made and normalized.paragraphs[0].text.startswith(normalized.title.rstrip("…"))
    assert normalized.paragraphs[0].text.startswith(expected["first"])


def test_every_fixture_is_listed():
    assert sorted(path.name for path in PASTES.glob("*.txt")) == sorted(EXPECTED)


HEADLINES = [
    "Envoys report progress on a phased exchange as talks enter a third day",
    "Mediators weigh a new draft after both sides reject the last one",
    "Will the pause hold? Diplomats doubt it",
]
KICKERS = ["Analysis", "EXCLUSIVE:", "Truce talks", "Middle East"]
BODIES = [
    ["Negotiators met for a third day on Tuesday, officials said.", "A fourth round is planned."],
    ["The draft was sent back with comments, according to two people briefed on it.El-Naser's office declined to comment.",
     "Both sides said they would keep talking.", "A reply is due within a week."],
]
# Furniture between the headline and the article, each a list of lines.
BETWEEN = {
    "bullets": ["- Third day of talks", "- Draft sent back with comments"],
    "byline": ["By Rana Aziz, Regional Correspondent"],
    "date line": ["Published 12 May 2025, 10:05 GMT"],
    "last updated": ["Last updated 12 May 2025"],
    "date alone": ["Monday, May 12, 2025 | 10:05 GMT"],
    "caption and credit": ["A delegate arrives for the talks in Cairo, May 11, 2025.",
                           "Courtesy of The Gulf Courier. Photo credit: Omar Nabil/Desert Lens via Desert Lens"],
    "caption with glued credit": ["Delegates meet at a Cairo hotel on May 11, 2025. Photo by Sara Haddad/UPI"],
    "widget": ["A-", "18px", "A+"],
    "widget on one line": ["− 16 px +"],
    "wire credit": ["SOURCE:AA"],
    "dateline alone": ["CAIRO"],
    "video": ["Video: Delegates arrive for the third day of talks"],
}
AFTER = {
    "tags": ["More on:", "Egypt", "Qatar", "Negotiations"],
    "tags on one line": ["More on: Egypt, Qatar, Negotiations"],
    "video": ["Watch: What is in the draft"],
    "share": ["Share this article"],
    "wire credit": ["Source: Anadolu Agency"],
}


def _paste(kicker, headline, between, body, after, twice=False):
    lines = ([kicker] if kicker else []) + ([headline] if headline else [])
    lines += [headline] if twice and headline else []
    for name in between:
        lines += BETWEEN[name]
    lines += body
    for name in after:
        lines += AFTER[name]
    return "\n".join(lines) + "\n"


def _combinations(count, seed):
    """Deterministic pastes: every headline and body, a random kicker and random furniture in random order."""
    rng = random.Random(seed)
    for index in range(count):
        headline = HEADLINES[index % len(HEADLINES)]
        body = BODIES[index % len(BODIES)]
        kicker = rng.choice([None, None, *KICKERS])
        between = rng.sample(sorted(BETWEEN), rng.randint(0, 4))
        # A dateline of its own stands right above the article.
        if "dateline alone" in between:
            between.remove("dateline alone")
            between.append("dateline alone")
        after = rng.sample(sorted(AFTER), rng.randint(0, 2))
        yield kicker, headline, between, body, after, rng.random() < 0.2


@pytest.mark.parametrize("kicker, headline, between, body, after, twice", list(_combinations(240, 13)))
def test_generated_pastes_keep_the_headline_and_the_article(kicker, headline, between, body, after, twice):
    normalized = normalize_text(_paste(kicker, headline, between, body, after, twice))
    assert (normalized.title, normalized.title_made) == (headline, False)
    assert [p.text for p in normalized.paragraphs] == body


@pytest.mark.parametrize("between, after", [
    (between, after)
    for between in itertools.chain([[]], itertools.combinations(
        ["bullets", "byline", "date line", "widget", "wire credit", "dateline alone"], 2))
    for after in ([], ["tags"], ["share", "video"])
])
def test_pastes_without_a_headline_say_the_title_was_made(between, after):
    body = BODIES[0]
    normalized = normalize_text(_paste(None, None, between, body, after))
    assert normalized.title_made and normalized.title == "Negotiators met for a third day on Tuesday, officials said"
    assert [p.text for p in normalized.paragraphs] == body


def test_glued_sentences_are_split_for_matching_but_not_rewritten():
    text = BODIES[1][0]
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "The draft was sent back with comments, according to two people briefed on it.",
        "El-Naser's office declined to comment."]
    assert normalize_text("A title for the test\n" + text + "\n").paragraphs[0].text == text
