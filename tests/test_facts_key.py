"""The seed dossier scored against our own labelled key of what the articles state.

Precision first: a wrong relation or event on a reader's page is worse than a
missing one. The key is tests/fixtures/seed_facts_key.toml.
"""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

KEY = tomllib.loads((Path(__file__).parent / "fixtures" / "seed_facts_key.toml").read_text(encoding="utf-8"))
_SYMMETRIC = {"met", "talked with", "negotiated with"}


def _article(prefix: str, export: dict) -> str:
    return next(a["id"] for a in export["articles"] if a["id"].startswith(prefix + "_"))


def _key_relations() -> list[tuple[set[str], set[str], set[str]]]:
    entries = []
    for line in KEY["relations"]:
        source, kinds, target = (part.strip() for part in line.split("|"))
        entries.append((set(source.split("/")), set(kinds.split("/")), set(target.split("/"))))
    return entries


def _relation_right(relation: dict, key) -> bool:
    source, kind, target = relation["source"], relation["kind"], relation["target"] or "-"
    for sources, kinds, targets in key:
        if kind not in kinds:
            continue
        if source in sources and target in targets:
            return True
        if kind in _SYMMETRIC and target in sources and source in targets:
            return True
    return False


def _key_stated(relations: list[dict], sources: set[str], kinds: set[str], targets: set[str]) -> bool:
    return any(_relation_right(r, [(sources, kinds, targets)]) for r in relations)


@pytest.fixture(scope="module")
def export(seed_site) -> dict:
    return json.loads((seed_site / "dossier.json").read_text(encoding="utf-8"))


def test_relations_precise_and_enough(export):
    relations = export["relations"]
    key = _key_relations()
    wrong = [r for r in relations if not _relation_right(r, key)]
    precision = 1 - len(wrong) / len(relations)
    recall = sum(_key_stated(relations, *entry) for entry in key) / len(key)
    assert relations, "no relation read from the seeds"
    assert precision >= 0.90, f"precision {precision:.2f}; wrong: {[(r['source'], r['kind'], r['target']) for r in wrong]}"
    assert recall >= 0.60, f"recall {recall:.2f}"


def _key_events(export) -> list[tuple[str, set[tuple[str, str]], str]]:
    entries = []
    for line in KEY["events"]:
        date, places, words = (part.strip() for part in line.split("|"))
        cited = set()
        for place in places.split():
            prefix, paragraph = place.split(":")
            cited.add((_article(prefix, export), f"p{paragraph}"))
        entries.append((date, cited, words.lower()))
    return entries


def test_events_precise_with_dates_matching_their_headlines(export):
    key = _key_events(export)
    events = export["events"]
    wrong = []
    for event in events:
        cited = {(c["article"], c["paragraph"]) for c in event["citations"]}
        if not any(date == event["date"] and cited & places and words in event["headline"].lower()
                   for date, places, words in key):
            wrong.append((event["date"], event["headline"]))
    precision = 1 - len(wrong) / len(events)
    assert len(events) >= len(key) // 2, f"only {len(events)} events"
    assert precision >= 0.90, f"precision {precision:.2f}; not in the key: {wrong}"


def test_chronology_runs_to_the_latest_source(export):
    latest = max(a["published"]["date"] for a in export["articles"] if a["published"]["date"])
    assert max(e["date"] for e in export["events"])[:7] == latest[:7]


def test_no_event_from_background_or_tolls(export):
    headlines = " ".join(e["headline"] for e in export["events"]).lower()
    assert "killed at least" not in headlines  # a cumulative toll is not an event of its date
    assert "accused of committing" not in headlines  # "Since 7 October 2023, ... has been accused"
    assert not [e for e in export["events"] if e["date"].startswith("2023")]
