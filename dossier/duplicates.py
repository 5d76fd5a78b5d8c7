"""Seeds that collide: two files with one address, or two files with the same text.

Pure functions over the raw seeds: addresses are checked when the seeds folder
is read, texts when each seed is read (see pipeline.py); every collision is
reported together with the other input problems.
"""
from __future__ import annotations

import hashlib

from . import urls
from .models import Problem, RawSeed
from .normalize import decode
from .text import article_id


def same_address(seeds: list[RawSeed]) -> tuple[list[RawSeed], list[Problem]]:
    """Seeds -> (the seeds that keep their address, an error for each one left out).

    Addresses come from file names ("a b.txt" and "A-B.txt" both give
    articles/a-b/). The first file by name keeps the address; the others are
    left out: renumbering them would move an address that may already be cited.
    """
    first: dict[str, str] = {}
    kept, problems = [], []
    for seed in seeds:
        address = article_id(seed.name)
        if address in first:
            problems.append(Problem(
                seed.name, None,
                f"gives the same address ({urls.article(address)}) as {first[address]}, so it was not built; "
                "rename one of the two files (the address is made from the file name)",
            ))
            continue
        first[address] = seed.name
        kept.append(seed)
    return kept, problems


def seed_text_key(seed: RawSeed) -> str | None:
    """What "the same text" compares: a digest of the seed's words, None when it has none.

    The encoding, a byte-order mark, line endings and white space do not
    count, so a copy saved differently has the same key. Worked out with the
    rest of a seed's reading (and kept for rebuilds), not in a pass of its own.
    """
    text, _, _ = decode(seed.name, seed.data)
    words = " ".join(text.split()) if text else ""
    return hashlib.sha256(words.encode("utf-8")).hexdigest() if words else None


def same_text(keys: list[tuple[str, str | None]]) -> list[Problem]:
    """(seed name, seed_text_key) in name order -> a warning for each seed whose text an earlier seed has.

    Both files are built.
    """
    first: dict[str, str] = {}
    problems = []
    for name, key in keys:
        if key is None:
            continue
        if key in first:
            problems.append(Problem(
                name, None,
                f"has the same text as {first[key]}; both were built as separate articles. "
                "Remove one of the two files if it is a copy",
                "warning",
            ))
        else:
            first[key] = name
    return problems
