"""Input edge: read seeds and the source facts file from disk."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .models import Problem, RawSeed, SourceFacts

FACT_FIELDS = ("outlet", "url", "published", "title")


def read_seeds(folder: Path, facts_file: str) -> tuple[list[RawSeed], list[Problem]]:
    """A seeds folder -> its *.txt files, sorted by name, and notes on the rest."""
    if not folder.is_dir():
        return [], [Problem(str(folder), None, "the seeds folder does not exist")]
    seeds, problems = [], []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name == facts_file or path.name.startswith("."):
            continue
        if path.is_dir():
            problems.append(Problem(str(path), None, "is a folder; sub-folders of seeds are not read", "warning"))
        elif path.suffix.lower() != ".txt":
            problems.append(Problem(str(path), None, "is not a .txt file and was not read; rename it to .txt if it is an article", "warning"))
        else:
            seeds.append(RawSeed(path.name, path.read_bytes()))
    if not seeds:
        problems.append(Problem(str(folder), None, "holds no .txt articles: there is nothing to build"))
    return seeds, problems


def read_source_facts(path: Path) -> tuple[dict[str, SourceFacts], list[Problem]]:
    """The source facts file -> facts by seed file name; a missing file is no facts."""
    if not path.exists():
        return {}, []
    raw = path.read_bytes()
    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, [Problem(str(path), _error_line(error), f"cannot be read: {error}; fix the TOML syntax")]
    text = raw.decode("utf-8")
    facts, problems = {}, []
    for name, entry in table.items():
        line = _line_of(text, name)
        if not isinstance(entry, dict):
            problems.append(Problem(str(path), line, f"'{name}' must be a table: [\"{name}\"] followed by outlet = …, published = …"))
            continue
        unknown = sorted(set(entry) - set(FACT_FIELDS))
        if unknown:
            problems.append(Problem(str(path), line, f"[{name}] has unknown fields {unknown}; known fields are {list(FACT_FIELDS)}"))
        bad = [key for key in FACT_FIELDS if key in entry and not isinstance(entry[key], str)]
        if bad:
            problems.append(Problem(str(path), line, f"[{name}] fields {bad} must be quoted strings (dates too: published = \"2025-05-12\")"))
            continue
        facts[name] = SourceFacts(**{key: entry[key] for key in FACT_FIELDS if key in entry})
    return facts, problems


def _error_line(error: Exception) -> int | None:
    match = re.search(r"line (\d+)", str(error))
    return int(match.group(1)) if match else None


def _line_of(text: str, key: str) -> int | None:
    """The line where a table header names key, for error messages."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("[") and key in line:
            return number
    return None
