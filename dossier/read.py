"""Input edge: read seeds and the source facts file from disk."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import quote, urlsplit

from .dates import PartialDate
from .duplicates import same_address
from .models import Problem, RawSeed, SourceFacts
from .text import line_at

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
    seeds, clashes = same_address(seeds)
    return seeds, problems + clashes


def read_source_facts(path: Path) -> tuple[dict[str, SourceFacts], list[Problem]]:
    """The source facts file -> facts by seed file name; a missing file is no facts."""
    if not path.exists():
        return {}, []
    raw = path.read_bytes()
    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        line = line_at(raw.decode("latin-1"), error.start)
        return {}, [Problem(str(path), line, f"is not UTF-8 (byte 0x{raw[error.start]:02X} on this line); re-save it as UTF-8")]
    except tomllib.TOMLDecodeError as error:
        return {}, [Problem(str(path), toml_error_line(error, raw), f"cannot be read: {error}; fix the TOML syntax there (text needs quotes: outlet = \"Daily Sabah\")")]
    text = raw.decode("utf-8")
    headers = _table_headers(text)
    facts, problems = {}, []
    for name, entry in table.items():
        line = headers.get(name)
        if not isinstance(entry, dict):
            problems.append(Problem(str(path), _key_line(text, name), f"'{name}' must be a table: [\"{name}\"] followed by outlet = …, published = …"))
            continue
        if not name.lower().endswith(".txt") and isinstance(entry.get("txt"), dict):
            problems.append(Problem(str(path), line, f"[{name}.txt] must be quoted, or TOML reads it as two names: write [\"{name}.txt\"]"))
            continue
        unknown = sorted(set(entry) - set(FACT_FIELDS))
        if unknown:
            problems.append(Problem(str(path), line, f"[{name}] has unknown fields {unknown}; known fields are {list(FACT_FIELDS)}"))
        bad = [key for key in FACT_FIELDS if key in entry and not isinstance(entry[key], str)]
        if bad:
            problems.append(Problem(str(path), line, f"[{name}] fields {bad} must be quoted strings (dates too: published = \"2025-05-12\")"))
            continue
        fields = {key: entry[key] for key in FACT_FIELDS if key in entry}
        if "published" in fields:
            try:
                PartialDate.parse(fields["published"])
            except ValueError as error:
                problems.append(Problem(
                    str(path), _field_line(text, line, "published"),
                    f"[{name}] published = \"{fields['published']}\" is not a date ({error}); write it as YYYY-MM-DD, YYYY-MM or YYYY. "
                    "Until then the date is inferred from the text",
                ))
                del fields["published"]
        if "url" in fields:
            fields["url"], url_problem = _checked_url(fields["url"])
            if url_problem:
                problems.append(Problem(str(path), _field_line(text, line, "url"), f"[{name}] url {url_problem}", "warning"))
        facts[name] = SourceFacts(**fields)
    return facts, problems


_UNSAFE_IN_URL = re.compile(r'[\s<>"{}|\\^`]')


def _checked_url(url: str) -> tuple[str, str | None]:
    """An editor's address -> (the address to show, what is wrong with it or None).

    Only http(s) addresses with a host are links; anything else (javascript:,
    a bare path) is shown as text. Spaces and characters an address cannot
    hold are percent-encoded, as a browser would.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError as error:
        return url, f"is not a web address ({error}); it is shown as text, not linked. Give the article's http(s) address"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url, "is not an http(s) address; it is shown as text, not linked. Give the article's http:// or https:// address"
    cleaned = _UNSAFE_IN_URL.sub(lambda match: quote(match.group()), url.strip())
    if cleaned != url:
        return cleaned, f"has spaces or characters an address cannot hold; it is linked as {cleaned}. Check the address"
    return url, None


_HEADER = re.compile(r"""^\s*\[\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_.-]+))\s*\]\s*(?:#.*)?$""")


def _table_headers(text: str) -> dict[str, int]:
    """Table name -> the line of its [header], for error messages."""
    headers = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line)
        if match:
            name = match.group(1) if match.group(1) is not None else match.group(2) or match.group(3)
            if match.group(1) is not None:
                name = name.replace('\\"', '"').replace("\\\\", "\\")
            headers.setdefault(name.split(".")[0] if match.group(3) else name, number)
    return headers


def _key_line(text: str, key: str) -> int | None:
    """The line of a top-level `key = …` (a value where a table belongs)."""
    pattern = re.compile(rf"""^\s*(?:"{re.escape(key)}"|'{re.escape(key)}'|{re.escape(key)})\s*=""")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _field_line(text: str, header: int | None, key: str) -> int | None:
    """The line of `key = …` inside the table whose header is on line header."""
    if header is None:
        return None
    lines = text.splitlines()
    for number in range(header + 1, len(lines) + 1):
        line = lines[number - 1].strip()
        if line.startswith("["):
            break
        if re.match(rf"{re.escape(key)}\s*=", line):
            return number
    return header


def toml_error_line(error: Exception, raw: bytes) -> int | None:
    """The line a TOML error names; "at end of document" is the last line."""
    match = re.search(r"line (\d+)", str(error))
    if match:
        return int(match.group(1))
    if "end of document" in str(error):
        return max(1, len(raw.splitlines()))
    return None
