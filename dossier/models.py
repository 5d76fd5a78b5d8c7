"""Plain data passed between the pipeline stages.

Every stage takes these frozen dataclasses and returns new ones; nothing
here does I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .dates import PartialDate


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with an input, reported to the editor."""

    file: str
    line: int | None
    message: str
    severity: str = "error"  # "error" fails the build; "warning" is only reported

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class RawSeed:
    """One article file as found on disk, undecoded."""

    name: str  # file name inside the seeds folder
    data: bytes


@dataclass(frozen=True)
class SetApart:
    """A line of the paste that is not the article's own text."""

    kind: str  # title, section label, dateline, byline, date line, caption, page junk
    text: str
    line: int


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based, as shown to readers
    text: str
    line: int  # where it starts in the source file

    @property
    def anchor(self) -> str:
        return f"p{self.number}"


@dataclass(frozen=True)
class NormalizedText:
    """The result of normalizing one article's text."""

    title: str
    title_made: bool  # True when no title line existed and one was made from the lead
    paragraphs: tuple[Paragraph, ...]
    set_apart: tuple[SetApart, ...]


@dataclass(frozen=True)
class SourceFacts:
    """What an editor knows about a source that its text does not say."""

    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO day, month or year
    title: str | None = None


@dataclass(frozen=True)
class Published:
    """When an article appeared, and how we know."""

    date: PartialDate | None
    inferred: bool
    how: str  # shown to readers, e.g. "not before 2025-03-18, the latest full date in the text"
    not_before: bool = False  # the date is only a lower bound


@dataclass(frozen=True)
class Outlet:
    name: str | None
    inferred: bool
    how: str


@dataclass(frozen=True)
class Article:
    id: str  # slug of the file stem: stable whatever else is added
    source_file: str
    encoding: str
    text: NormalizedText
    facts: SourceFacts = field(default_factory=SourceFacts)
    published: Published = Published(None, True, "unknown: no date in the source facts or the text")
    outlet: Outlet = Outlet(None, True, "unknown")

    @property
    def title(self) -> str:
        return self.facts.title or self.text.title

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self.text.paragraphs


@dataclass(frozen=True)
class Dossier:
    """Everything the site shows, gathered before anything is written."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...] = ()
    skipped: tuple[Problem, ...] = ()  # seeds left out by --keep-going, with the reason

    @cached_property
    def article_by_id(self) -> dict[str, Article]:
        return {article.id: article for article in self.articles}
