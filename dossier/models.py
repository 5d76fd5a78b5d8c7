"""Plain data passed between the pipeline stages.

Every stage takes these frozen dataclasses and returns new ones; nothing
here does I/O. They have slots: thousands of articles make millions of
them, and an instance with slots takes a seventh of the memory.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from functools import cached_property

from .dates import DateMention, PartialDate
from . import urls
from .records import record


@record(order=True)
class Problem:
    """Something wrong with an input, reported to the editor."""

    file: str
    line: int | None
    message: str
    severity: str = "error"  # "error" fails the build; "warning" is only reported

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message}"


@record
class RawSeed:
    """One article file as found on disk, undecoded."""

    name: str  # file name inside the seeds folder
    data: bytes


@record
class SetApart:
    """A line of the paste that is not the article's own text."""

    kind: str  # title, section label, dateline, byline, date line, caption, page junk
    text: str
    line: int


@record
class Paragraph:
    number: int  # 1-based, as shown to readers
    text: str
    line: int  # where it starts in the source file

    @property
    def anchor(self) -> str:
        return urls.paragraph_anchor(self.number)


@record
class NormalizedText:
    """The result of normalizing one article's text."""

    title: str
    title_made: bool  # True when no title line existed and one was made from the lead
    paragraphs: tuple[Paragraph, ...]
    set_apart: tuple[SetApart, ...]


@record
class SourceFacts:
    """What an editor knows about a source that its text does not say."""

    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO day, month or year
    title: str | None = None


@record
class Published:
    """When an article appeared, and how we know."""

    date: PartialDate | None
    inferred: bool
    how: str  # shown to readers, e.g. "not before 2025-03-18, the latest full date in the text"
    not_before: bool = False  # the date is only a lower bound


@record
class Outlet:
    name: str | None
    inferred: bool
    how: str


@record
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


# --- what stage 2 finds in one article ----------------------------------------

@record
class Mention:
    actor: str
    paragraph: int
    start: int
    end: int
    text: str
    role: str | None = None  # the role title when the actor was named by a role phrase


@record
class ProposalMention:
    proposal: str
    paragraph: int
    text: str


@record
class Statement:
    speaker: str
    paragraph: int
    text: str  # the whole sentence
    verb: str
    inferred_speaker: bool  # "He said": the speaker is the person named just before
    unnamed_sources: bool = False  # "Hamas sources said": people of the actor's, not the actor speaking


@record
class Clause:
    """A clause that tells a happening: the raw material of events."""

    paragraph: int
    sentence: str  # the whole sentence, verbatim: what a citation quotes
    headline: str  # the clause shortened to who did what, in the sentence's own words
    date: DateMention  # for a reported action, the article's publication date
    reported: bool  # undated in the text: dated by the article that reports it
    actors: tuple[str, ...]  # the actors of the clause (its subject, objects and their phrases)
    proposals: tuple[str, ...]
    verb_at: int = 0  # where the clause's verb starts in the sentence: a reported clause's anchor is made from it
    plain_headline: str = ""  # the headline without names put in brackets: links made before 2026-12-05 used it


@record
class ClauseRelation:
    """Who did what to whom, as one clause's grammar states it."""

    source: str
    kind: str  # one of RELATION_KINDS
    target: str | None  # None for an act without a named other party ("Qatar mediated")
    paragraph: int
    clause: str  # the clause shortened, as in Clause.headline


@record
class Extraction:
    article: str
    mentions: tuple[Mention, ...]
    proposal_mentions: tuple[ProposalMention, ...]
    statements: tuple[Statement, ...]
    clauses: tuple[Clause, ...]
    relations: tuple[ClauseRelation, ...]
    unresolved_roles: tuple[tuple[int, str], ...]  # (paragraph, phrase) whose holder is unknown at the date
    candidates: tuple = ()  # candidates.CandidateMention: the names the recognizer found that the registry does not know


RELATION_KINDS = ("met", "talked with", "negotiated with", "proposed to", "rejected", "accepted", "mediated",
                  "supported", "opposed or condemned", "asked for help")
# How a relation of a kind reads when it is not "<source> <kind> <target>".
_RELATION_PHRASES = {"asked for help": "{source} asked {target} for help", "mediated": "{source} mediated with {target}"}


def relation_phrase(kind: str, with_target: bool = True) -> str:
    """The sentence a relation reads as, with {source} and {target} to fill: "{source} asked {target} for help"."""
    if not with_target:
        return "{source} " + kind
    return _RELATION_PHRASES.get(kind, "{source} " + kind + " {target}")


# --- the registry (hand-written) and what the build links to it --------------

@record
class Citation:
    """A paragraph of an article that backs a statement."""

    article: str
    paragraph: int

    @property
    def url(self) -> str:
        return urls.paragraph(self.article, self.paragraph)


@record
class SourceRef:
    """A registry citation as written: "ARTICLE_ID: quote", found in the article by the build."""

    article: str
    quote: str
    file: str
    line: int | None


@record
class Cited:
    """A hand-written text and the paragraphs that back it."""

    text: str
    sources: tuple[SourceRef, ...] = ()
    citations: tuple[Citation, ...] = ()


@record
class Role:
    title: str
    of: str | None
    phrases: tuple[str, ...]
    start: PartialDate | None
    end: PartialDate | None

    def held_on(self, date: PartialDate) -> bool:
        """Whether the role was held on that date (a period's end day is its last)."""
        day = date.earliest()
        if self.start is not None and day < self.start.earliest():
            return False
        return self.end is None or day <= self.end.earliest()


@record
class Actor:
    id: str
    name: str
    kind: str  # state, organisation, person, outlet
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    affiliation: str | None
    profile: Cited
    roles: tuple[Role, ...]
    moved_from: tuple[str, ...] = ()  # earlier addresses (slugs) of its page, e.g. a candidate's provisional one


@record
class ProposalDate:
    date: PartialDate
    what: Cited


@record
class Response:
    actor: str
    stance: str
    what: Cited


PROPOSAL_STATES = ("proposed", "under negotiation", "accepted by one side", "agreed", "in force",
                   "collapsed", "rejected", "superseded")

# "Mediators' comprehensive proposal (August 2025)": the month and year its name gives.
_NAMED_DATE = re.compile(r"\((?:(" + "|".join(calendar.month_name[1:]) + r") )?(\d{4})\)")


@record
class Proposal:
    id: str
    name: str
    proposers: tuple[str, ...]
    status: str
    phrases: tuple[str, ...]
    profile: Cited
    dates: tuple[ProposalDate, ...]
    terms: tuple[tuple[str, Cited], ...]  # (term key, text) in TERMS order
    responses: tuple[Response, ...]
    state: str = ""  # one of PROPOSAL_STATES; "" when the registry gives none
    as_of: PartialDate | None = None  # when the state was last known to hold
    state_note: Cited = Cited("")  # the sources that show the state
    led_to: tuple[str, ...] = ()  # ids of the proposals it led to
    superseded_by: str | None = None

    @property
    def when(self) -> PartialDate | None:
        """Its earliest dated milestone or, undated, the month or year its name gives."""
        if self.dates:
            return min(d.date for d in self.dates)
        found = _NAMED_DATE.search(self.name)
        if not found:
            return None
        month = list(calendar.month_name).index(found.group(1)) if found.group(1) else None
        return PartialDate.parse(f"{found.group(2)}-{month:02d}" if month else found.group(2))


TERMS = ("hostages", "prisoners", "ceasefire", "withdrawal", "aid", "governance",
         "disarmament", "reconstruction", "guarantees")
TERM_LABELS = {"ceasefire": "ceasefire or truce"}


@record
class KeyDate:
    date: PartialDate
    headline: Cited


@record
class StateOfPlay:
    """The editors' summary of where things stand (registry/state_of_play.toml)."""

    as_of: PartialDate
    judgements: tuple[Cited, ...]
    open_questions: tuple[Cited, ...]
    key_dates: tuple[KeyDate, ...]


@record
class Registry:
    actors: tuple[Actor, ...]
    proposals: tuple[Proposal, ...]
    date_corrections: tuple[tuple[SourceRef, PartialDate], ...] = ()
    not_actors: frozenset[str] = frozenset()
    state_of_play: StateOfPlay | None = None


@record
class Event:
    """Something that happened on a date, told by one or more articles."""

    id: str  # anchor on the chronology page
    aliases: tuple[str, ...]  # anchors of the other tellings, kept so old links still land
    date: PartialDate
    doubtful: bool  # the date rests on an inferred article date or an uncertain year
    notes: tuple[str, ...]  # how each telling's date was resolved
    headline: str  # the first source's clause, shortened to who did what
    text: str  # the sentence of the first source, verbatim
    reported: bool  # no source dates it: it carries the date of the first article that reports it
    actors: tuple[str, ...]
    proposals: tuple[str, ...]
    citations: tuple[Citation, ...]
    outlets: int  # independent outlets that tell it (reprints count once)

    @property
    def page(self) -> str:
        """The chronology page it lives on: its month, or its year when the month is unknown."""
        return urls.chronology_key(self.date.iso())

    @property
    def url(self) -> str:
        return urls.event(self.page, self.id)


@record
class Relation:
    """Who did what to whom, with every clause that states it."""

    source: str
    target: str | None  # None for an act without a named other party ("Qatar mediated")
    kind: str  # one of RELATION_KINDS
    citations: tuple[Citation, ...]
    clauses: tuple[str, ...]  # the clause each citation states it in, shortened


@dataclass(frozen=True)
class Dossier:
    """Everything the site shows, gathered before anything is written."""

    articles: tuple[Article, ...]
    actors: tuple[Actor, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    events: tuple[Event, ...] = ()
    extractions: dict[str, Extraction] = field(default_factory=dict)  # article id -> what was extracted from it
    story_groups: tuple[tuple[str, ...], ...] = ()
    relations: tuple[Relation, ...] = ()
    problems: tuple[Problem, ...] = ()
    skipped: tuple[Problem, ...] = ()  # seeds left out by --keep-going, with the reason
    state_of_play: StateOfPlay | None = None

    @cached_property
    def article_by_id(self) -> dict[str, Article]:
        return {article.id: article for article in self.articles}

    @cached_property
    def actor_by_id(self) -> dict[str, Actor]:
        return {actor.id: actor for actor in self.actors}

    @cached_property
    def proposal_by_id(self) -> dict[str, Proposal]:
        return {proposal.id: proposal for proposal in self.proposals}
