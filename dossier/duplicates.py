"""Seeds that collide: two files with one address, or two files with the same text.

Pure functions over the raw seeds, run when the seeds folder is read, so every
collision is reported together with the other input problems.
"""
from __future__ import annotations

from .models import Problem, RawSeed
from .normalize import article_id, decode


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
                f"gives the same address (articles/{address}/) as {first[address]}, so it was not built; "
                "rename one of the two files (the address is made from the file name)",
            ))
            continue
        first[address] = seed.name
        kept.append(seed)
    return kept, problems


def same_text(seeds: list[RawSeed]) -> list[Problem]:
    """A warning for each seed whose text is the same as an earlier seed's.

    "The same" ignores the encoding, a byte-order mark, line endings and white
    space, so a copy saved differently is still found. Both files are built.
    """
    first: dict[str, str] = {}
    problems = []
    for seed in seeds:
        text, _, _ = decode(seed.name, seed.data)
        if text is None:
            continue
        key = " ".join(text.split())
        if not key:
            continue
        if key in first:
            problems.append(Problem(
                seed.name, None,
                f"has the same text as {first[key]}; both were built as separate articles. "
                "Remove one of the two files if it is a copy",
                "warning",
            ))
        else:
            first[key] = seed.name
    return problems
