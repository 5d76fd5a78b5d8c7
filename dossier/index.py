"""Views of the dossier model, indexed the way pages read them.

Pure functions over a finished Dossier: per actor, per proposal, per
paragraph (backlinks), and the editors' lists.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby, repeat
from operator import attrgetter, itemgetter
from typing import NamedTuple

from . import urls
from .candidates import Candidate, gather as gather_candidates, redirects as alias_redirects
from .models import Actor, Citation, Dossier, Event, Mention, Proposal, ProposalMention, Relation, Response, Statement

SOURCES_PER_PAGE = 500  # the Sources list is split into pages of this many articles
RELATED_SHOWN = 10  # an article page links at most this many others of its story


@dataclass(frozen=True)
class ActorView:
    actor: Actor
    mentions: tuple[tuple[str, Mention], ...]  # (article id, mention), in article order
    by_article: tuple[tuple[str, tuple[int, ...]], ...]  # article id -> paragraphs mentioning it
    spellings: tuple[tuple[str, int], ...]
    statements: tuple[tuple[str, Statement], ...]
    events: tuple[Event, ...]
    proposed: tuple[Proposal, ...]
    responses: tuple[tuple[Proposal, Response], ...]
    relations: tuple[tuple[Relation, str], ...]  # (relation, the other actor)


@dataclass(frozen=True)
class ProposalView:
    proposal: Proposal
    mentions: dict[str, tuple[ProposalMention, ...]]  # article id -> how it names the proposal
    events: tuple[Event, ...]
    sources: tuple[str, ...]  # articles that cite or mention it


class Backlink(NamedTuple):
    """A place in the dossier that cites a paragraph (a tuple: quick to compare and hash)."""

    label: str
    url: str


@dataclass(frozen=True)
class DossierIndex:
    actors: dict[str, ActorView]
    proposals: dict[str, ProposalView]
    backlinks: dict[tuple[str, int], tuple[Backlink, ...]]
    doubtful_dates: tuple[tuple[Event, str], ...]
    unresolved_roles: tuple[tuple[str, Citation], ...]
    related_articles: dict[str, tuple[str, ...]]  # article id -> others telling the same story
    paragraph_mentions: dict[tuple[str, int], tuple[Mention, ...]]  # (article, paragraph) -> actor mentions
    problems_by_file: dict[str, tuple]  # seed file name -> its build notes
    source_pages: tuple[tuple, ...]  # the articles on each page of the Sources list
    events_by_page: dict[str, tuple[Event, ...]]  # "2025-03" -> the events on that chronology page
    candidates: tuple[Candidate, ...] = ()  # names the registry does not know, most named first (candidates.py)
    redirects: dict[str, str] = field(default_factory=dict)  # old actor address slug -> registered actor id

    @cached_property
    def provisional(self) -> dict[str, Candidate]:
        """The candidates with a page of their own (not yet reviewed), by id, in name order.

        Made once: every provisional page looks itself up in it.
        """
        return {c.id: c for c in sorted(self.candidates, key=lambda c: (c.name.lower(), c.id)) if c.provisional}

    def actors_by_kind(self, dossier: Dossier) -> list[tuple[str, list[Actor]]]:
        groups = defaultdict(list)
        for actor in dossier.actors:
            if self.actors[actor.id].mentions or actor.profile.citations:
                groups[actor.kind].append(actor)
        order = ("state", "organisation", "person", "outlet")
        return [(kind, sorted(groups[kind], key=lambda a: a.name)) for kind in order if groups[kind]]


def index_dossier(dossier: Dossier) -> DossierIndex:
    """Dossier -> the views its pages need.

    One pass over the extractions gathers what each actor, proposal and
    paragraph needs; the rest walks the registry-sized lists once each. At
    thousands of articles every step per mention counts.
    """
    mentions, by_article, statements, proposal_mentions = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list)
    spelling_counts: Counter = Counter()  # (actor id, text) -> how often
    paragraph_mentions = {}
    unresolved = []
    for article in dossier.articles:
        article_id = article.id
        extraction = dossier.extractions[article_id]
        of_actor = defaultdict(list)
        for mention in extraction.mentions:
            of_actor[mention.actor].append(mention)
        for actor_id, found in of_actor.items():
            mentions[actor_id] += zip(repeat(article_id), found)
            by_article[actor_id].append((article_id, tuple(dict.fromkeys(map(_paragraph, found)))))
        spelling_counts.update(map(_actor_and_text, extraction.mentions))
        # Mentions come paragraph by paragraph; a paragraph met again would be added to.
        for paragraph, group in groupby(extraction.mentions, _paragraph):
            key = (article_id, paragraph)
            paragraph_mentions[key] = paragraph_mentions.get(key, ()) + tuple(group)
        for statement in extraction.statements:
            statements[statement.speaker].append((article_id, statement))
        for mention in extraction.proposal_mentions:
            proposal_mentions[mention.proposal].append((article_id, mention))
        unresolved += [(phrase, Citation(article_id, paragraph)) for paragraph, phrase in extraction.unresolved_roles]
    spellings = defaultdict(list)
    for (actor_id, text), count in spelling_counts.items():
        spellings[actor_id].append((text, count))

    events_of_actor, events_of_proposal, events_by_page = defaultdict(list), defaultdict(list), defaultdict(list)
    for event in dossier.events:
        events_by_page[event.page].append(event)
        for actor in event.actors:
            events_of_actor[actor].append(event)
        for proposal in event.proposals:
            events_of_proposal[proposal].append(event)

    proposed, responses, relations = defaultdict(list), defaultdict(list), defaultdict(list)
    for proposal in dossier.proposals:
        for actor_id in dict.fromkeys(proposal.proposers):
            proposed[actor_id].append(proposal)
        for response in proposal.responses:
            responses[response.actor].append((proposal, response))
    for relation in dossier.relations:
        relations[relation.source].append((relation, relation.target))
        if relation.target is not None:
            relations[relation.target].append((relation, relation.source))

    actor_views = {}
    for actor in dossier.actors:
        actor_views[actor.id] = ActorView(
            actor=actor, mentions=tuple(mentions[actor.id]), by_article=tuple(by_article[actor.id]),
            # Most frequent first, ties in the order first seen (as Counter.most_common).
            spellings=tuple(sorted(spellings[actor.id], key=_second, reverse=True)),
            statements=tuple(statements[actor.id]), events=tuple(events_of_actor[actor.id]),
            proposed=tuple(proposed[actor.id]), responses=tuple(responses[actor.id]), relations=tuple(relations[actor.id]),
        )

    position = {article.id: number for number, article in enumerate(dossier.articles)}
    proposal_views = {}
    for proposal in dossier.proposals:
        by_article = {article_id: tuple(m for _, m in group)
                      for article_id, group in groupby(proposal_mentions[proposal.id], _first)}
        sources = {c.article for c in proposal_citations(proposal) if c.article in position}.union(by_article)
        proposal_views[proposal.id] = ProposalView(
            proposal=proposal, mentions=by_article, events=tuple(events_of_proposal[proposal.id]),
            sources=tuple(sorted(sources, key=position.__getitem__)),
        )

    related = {}
    for group in dossier.story_groups:
        for place, member in enumerate(group):
            # The nearest members in the group's order, so a story told a thousand
            # times does not list a thousand links on every one of its pages.
            others = group[max(0, place - RELATED_SHOWN // 2):place] + group[place + 1:]
            related[member] = others[:RELATED_SHOWN]

    candidates = gather_candidates(dossier.articles, dossier.extractions, frozenset(a.id for a in dossier.actors))
    return DossierIndex(
        candidates=candidates, redirects=alias_redirects(dossier.actors, candidates),
        actors=actor_views, proposals=proposal_views, backlinks=_backlinks(dossier, statements),
        doubtful_dates=tuple((event, note) for event in dossier.events if event.doubtful for note in event.notes),
        unresolved_roles=tuple(unresolved), related_articles=related,
        paragraph_mentions=paragraph_mentions,
        problems_by_file=_problems_by_file(dossier),
        source_pages=tuple(dossier.articles[i:i + SOURCES_PER_PAGE] for i in range(0, len(dossier.articles), SOURCES_PER_PAGE)),
        events_by_page={key: tuple(value) for key, value in events_by_page.items()},
    )


_paragraph = attrgetter("paragraph")
_actor_and_text = attrgetter("actor", "text")
_article_and_paragraph = attrgetter("article", "paragraph")
_first, _second = itemgetter(0), itemgetter(1)


def _problems_by_file(dossier: Dossier) -> dict[str, tuple]:
    grouped = defaultdict(list)
    for problem in dossier.problems:
        grouped[problem.file].append(problem)
    return {file: tuple(problems) for file, problems in grouped.items()}


def proposal_citations(proposal: Proposal) -> list[Citation]:
    cited = [*proposal.profile.citations, *proposal.state_note.citations]
    for date in proposal.dates:
        cited += date.what.citations
    for _, term in proposal.terms:
        cited += term.citations
    for response in proposal.responses:
        cited += response.what.citations
    return cited


def _backlinks(dossier: Dossier, statements) -> dict[tuple[str, int], tuple[Backlink, ...]]:
    """Each paragraph -> the places in the dossier that cite it, each once, in the order first cited."""
    links: dict[tuple[str, int], tuple[Backlink, ...]] = {}

    def add(paragraphs, label, url):
        link = Backlink(label, url)
        for key in paragraphs:
            found = links.get(key, ())
            if link not in found:
                links[key] = found + (link,)

    def cited(citations):
        return map(_article_and_paragraph, citations)

    for event in dossier.events:
        add(cited(event.citations), f"Chronology, {event.date.iso()}", event.url)
    for actor in dossier.actors:
        add(cited(actor.profile.citations), f"{actor.name}: profile", urls.actor(actor.id, "profile"))
        add([(a, s.paragraph) for a, s in statements[actor.id]], f"{actor.name}: statements", urls.actor(actor.id, "statements"))
    for proposal in dossier.proposals:
        add(cited(proposal.profile.citations), f"{proposal.name}: summary", urls.proposal(proposal.id, "summary"))
        for key, term in proposal.terms:
            add(cited(term.citations), f"{proposal.name}: {key}", urls.proposal_term(proposal.id, key))
        for response in proposal.responses:
            add(cited(response.what.citations), f"{proposal.name}: response", urls.proposal_response(proposal.id, response.actor))
        for date in proposal.dates:
            add(cited(date.what.citations), f"{proposal.name}: dates", urls.proposal(proposal.id, "dates"))
    return links
