"""Dates as pages write them, scored on made-up sentences (tests/fixtures/dates/sentences.txt)."""
from __future__ import annotations

from pathlib import Path

from dossier.dates import PartialDate, find_dates

SENTENCES = Path(__file__).resolve().parent / "fixtures" / "dates" / "sentences.txt"


def _cases():
    """(reference, inferred, expected, sentence) for each line of the fixture."""
    reference, inferred = None, False
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("reference "):
            words = line.split()
            reference, inferred = PartialDate.parse(words[1]), words[2:] == ["inferred"]
            continue
        expected, sentence = line.split(" | ", 1)
        yield reference, inferred, [] if expected.strip() == "-" else expected.split(), sentence


def _resolved_right(expected: list[str], mentions) -> bool:
    if len(expected) != len(mentions):
        return False
    for wanted, mention in zip(expected, mentions):
        doubtful = wanted.endswith("?")
        if mention.date.iso() not in wanted.rstrip("?").split("/") or mention.doubtful != doubtful:
            return False
    return True


def test_at_least_95_percent_of_date_expressions_are_resolved_right():
    cases = list(_cases())
    wrong = [(sentence, expected, [m.note for m in find_dates(sentence, reference, inferred)])
             for reference, inferred, expected, sentence in cases
             if not _resolved_right(expected, find_dates(sentence, reference, inferred))]
    score = 1 - len(wrong) / len(cases)
    assert len(cases) >= 80
    assert score >= 0.95, (f"{score:.1%} right", wrong)


def test_every_resolution_says_how_it_was_made():
    for reference, inferred, _, sentence in _cases():
        for mention in find_dates(sentence, reference, inferred):
            assert mention.note.startswith(f"'{' '.join(mention.text.split())}' → {mention.date.iso()}, ")
            assert sentence[mention.start:mention.end] == mention.text
