"""The editor's build log: a progress line while the build runs, a summary when it is done.

A 5,000-article build takes half a minute; on a terminal the editor sees
which stage it is in and how many articles have been read, on one line
that is rewritten in place. Written to a file or a pipe (make test, CI, the
bench) there is no progress line, only the summary, like Pelican's "Done:"
line followed by what needs an editor's eye.
"""
from __future__ import annotations

import sys
import time
from typing import TextIO

from .candidates import name_key
from .models import Dossier

# Redrawing the progress line more often than this only costs time.
_REDRAW_EVERY = 0.1  # seconds


class Quiet:
    """A listener that shows nothing: what the pipeline tells when nobody listens."""

    def stage(self, name: str) -> None:
        """A stage of the build begins."""

    def advance(self, what: str, done: int, total: int) -> None:
        """done of total items of a long stage are finished."""

    def written(self, pages: int) -> None:
        """The build wrote this many pages."""


class BuildLog(Quiet):
    """Progress on one line of a terminal, counts for the summary."""

    def __init__(self, stream: TextIO = sys.stderr):
        self.stream = stream
        self.live = stream.isatty()
        self.started = time.perf_counter()
        self.pages_written = 0
        self._drawn_at = 0.0
        self._width = 0  # of the progress line now shown

    def stage(self, name: str) -> None:
        self._draw(f"{name}…", force=True)

    def advance(self, what: str, done: int, total: int) -> None:
        self._draw(f"{what}: {done:,} of {total:,}", force=done == total)

    def written(self, pages: int) -> None:
        self.pages_written += pages

    def filter(self, record) -> bool:
        """As a logging filter on the handlers writing to the terminal: clear the line before each message."""
        self.clear()
        return True

    def clear(self) -> None:
        """Take the progress line away, before anything else is printed."""
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def summary(self, dossier: Dossier) -> str:
        """What was built and how long it took, then what needs an editor."""
        return summarize(dossier, self.pages_written, time.perf_counter() - self.started)

    def _draw(self, text: str, force: bool) -> None:
        if not self.live:
            return
        now = time.perf_counter()
        if not force and now - self._drawn_at < _REDRAW_EVERY:
            return
        self._drawn_at = now
        line = f"dossier: {text}"
        self.stream.write("\r" + line.ljust(self._width))  # spaces over the end of a longer line
        self.stream.flush()
        self._width = max(self._width, len(line))


def summarize(dossier: Dossier, pages_written: int, seconds: float) -> str:
    """The summary lines.

    >>> print(summarize(Dossier(articles=()), 3, 0.5))
    Done: 0 articles, 0 actors, 0 proposals, 0 events; 3 pages written in 0.5 seconds.
    Nothing waits for an editor.
    """
    lines = [f"Done: {_count(len(dossier.articles), 'article')}, {_count(len(dossier.actors), 'actor')}, "
             f"{_count(len(dossier.proposals), 'proposal')}, {_count(len(dossier.events), 'event')}; "
             f"{_count(pages_written, 'page')} written in {seconds:.1f} seconds."]
    unknown = {name_key(m.text) for extraction in dossier.extractions.values() for m in extraction.candidates}
    doubtful = sum(1 for event in dossier.events if event.doubtful)
    warnings = sum(1 for problem in dossier.problems if problem.severity == "warning")
    waiting = [text for count, text in (
        (len(unknown), _count(len(unknown), "new candidate")),
        (doubtful, _count(doubtful, "doubtful date")),
        (warnings, _count(warnings, "warning")),
    ) if count]
    lines.append(f"For an editor: {', '.join(waiting)}: see /editors/" if waiting else "Nothing waits for an editor.")
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
