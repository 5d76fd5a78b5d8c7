"""Views of the dossier model, indexed the way pages read them.

Pure functions over a finished Dossier: per actor, per proposal, per
paragraph (backlinks), and the editors' lists.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .extract import Mention, ProposalMention, Statement
from .models import Actor, Citation, Dossier, Event, Proposal, Relation, Response

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


@dataclass(frozen=True)
class Backlink:
    label: str
    url: str


@dataclass(frozen=True)
class DossierIndex:
    actors: dict[str, ActorView]
    proposals: dict[str, ProposalView]
    backlinks: dict[tuple[str, int], tuple[Backlink, ...]]
    unknown_names: tuple[tuple[str, int, Citation], ...]  # name, count, first place
    doubtful_dates: tuple[tuple[Event, str], ...]
    unresolved_roles: tuple[tuple[str, Citation], ...]
    related_articles: dict[str, tuple[str, ...]]  # article id -> others telling the same story
    paragraph_mentions: dict[tuple[str, int], tuple[Mention, ...]]  # (article, paragraph) -> actor mentions
    problems_by_file: dict[str, tuple]  # seed file name -> its build notes
    source_pages: tuple[tuple, ...]  # the articles on each page of the Sources list
    events_by_page: dict[str, tuple[Event, ...]]  # "2025-03" -> the events on that chronology page

    def actors_by_kind(self, dossier: Dossier) -> list[tuple[str, list[Actor]]]:
        groups = defaultdict(list)
        for actor in dossier.actors:
            if self.actors[actor.id].mentions or actor.profile.citations:
                groups[actor.kind].append(actor)
        order = ("state", "organisation", "person", "outlet")
        return [(kind, sorted(groups[kind], key=lambda a: a.name)) for kind in order if groups[kind]]


def index_dossier(dossier: Dossier) -> DossierIndex:
    """Dossier -> the views its pages need."""
    mentions = defaultdict(list)
    paragraph_mentions = defaultdict(list)
    statements = defaultdict(list)
    proposal_mentions = defaultdict(list)
    unknown: Counter = Counter()
    first_seen: dict[str, Citation] = {}
    unresolved = []
    for article in dossier.articles:
        extraction = dossier.extractions[article.id]
        for mention in extraction.mentions:
            mentions[mention.actor].append((article.id, mention))
            paragraph_mentions[(article.id, mention.paragraph)].append(mention)
        for statement in extraction.statements:
            statements[statement.speaker].append((article.id, statement))
        for mention in extraction.proposal_mentions:
            proposal_mentions[mention.proposal].append((article.id, mention))
        for paragraph, name in extraction.unknown_names:
            unknown[name] += 1
            first_seen.setdefault(name, Citation(article.id, paragraph))
        unresolved += [(phrase, Citation(article.id, paragraph)) for paragraph, phrase in extraction.unresolved_roles]

    events_of_actor, events_of_proposal, events_by_page = defaultdict(list), defaultdict(list), defaultdict(list)
    for event in dossier.events:
        events_by_page[event.page].append(event)
        for actor in event.actors:
            events_of_actor[actor].append(event)
        for proposal in event.proposals:
            events_of_proposal[proposal].append(event)

    actor_views = {}
    for actor in dossier.actors:
        found = mentions[actor.id]
        paragraphs = defaultdict(list)
        for article_id, mention in found:
            if mention.paragraph not in paragraphs[article_id]:
                paragraphs[article_id].append(mention.paragraph)
        actor_views[actor.id] = ActorView(
            actor=actor, mentions=tuple(found),
            by_article=tuple((a, tuple(ps)) for a, ps in paragraphs.items()),
            spellings=tuple(Counter(m.text for _, m in found).most_common()),
            statements=tuple(statements[actor.id]), events=tuple(events_of_actor[actor.id]),
            proposed=tuple(p for p in dossier.proposals if actor.id in p.proposers),
            responses=tuple((p, r) for p in dossier.proposals for r in p.responses if r.actor == actor.id),
            relations=tuple((r, r.target if r.source == actor.id else r.source)
                            for r in dossier.relations if actor.id in (r.source, r.target)),
        )

    proposal_views = {}
    for proposal in dossier.proposals:
        cited = {c.article for c in proposal_citations(proposal)}
        by_article = defaultdict(list)
        for article_id, mention in proposal_mentions[proposal.id]:
            by_article[article_id].append(mention)
        sources = cited | set(by_article)
        proposal_views[proposal.id] = ProposalView(
            proposal=proposal, mentions={a: tuple(ms) for a, ms in by_article.items()},
            events=tuple(events_of_proposal[proposal.id]),
            sources=tuple(a.id for a in dossier.articles if a.id in sources),
        )

    related = {}
    for group in dossier.story_groups:
        for position, member in enumerate(group):
            # The nearest members in the group's order, so a story told a thousand
            # times does not list a thousand links on every one of its pages.
            others = group[max(0, position - RELATED_SHOWN // 2):position] + group[position + 1:]
            related[member] = others[:RELATED_SHOWN]

    return DossierIndex(
        actors=actor_views, proposals=proposal_views, backlinks=_backlinks(dossier, statements),
        unknown_names=tuple((name, count, first_seen[name]) for name, count in sorted(unknown.items(), key=lambda item: (-item[1], item[0]))),
        doubtful_dates=tuple((event, note) for event in dossier.events if event.doubtful for note in event.notes),
        unresolved_roles=tuple(unresolved), related_articles=related,
        paragraph_mentions={key: tuple(value) for key, value in paragraph_mentions.items()},
        problems_by_file=_problems_by_file(dossier),
        source_pages=tuple(dossier.articles[i:i + SOURCES_PER_PAGE] for i in range(0, len(dossier.articles), SOURCES_PER_PAGE)),
        events_by_page={key: tuple(value) for key, value in events_by_page.items()},
    )


def _problems_by_file(dossier: Dossier) -> dict[str, tuple]:
    grouped = defaultdict(list)
    for problem in dossier.problems:
        grouped[problem.file].append(problem)
    return {file: tuple(problems) for file, problems in grouped.items()}


def proposal_citations(proposal: Proposal) -> list[Citation]:
    cited = [*proposal.profile.citations]
    for date in proposal.dates:
        cited += date.what.citations
    for _, term in proposal.terms:
        cited += term.citations
    for response in proposal.responses:
        cited += response.what.citations
    return cited


def _backlinks(dossier: Dossier, statements) -> dict[tuple[str, int], tuple[Backlink, ...]]:
    """Each paragraph -> the places in the dossier that cite it."""
    links = defaultdict(list)

    def add(citations, label, url):
        for citation in citations:
            link = Backlink(label, url)
            if link not in links[(citation.article, citation.paragraph)]:
                links[(citation.article, citation.paragraph)].append(link)

    for event in dossier.events:
        add(event.citations, f"Chronology, {event.date.iso()}", event.url)
    for actor in dossier.actors:
        add(actor.profile.citations, f"{actor.name}: profile", f"actors/{actor.id}/#profile")
        add([Citation(a, s.paragraph) for a, s in statements[actor.id]], f"{actor.name}: statements", f"actors/{actor.id}/#statements")
    for proposal in dossier.proposals:
        base = f"proposals/{proposal.id}/"
        add(proposal.profile.citations, f"{proposal.name}: summary", base + "#summary")
        for key, term in proposal.terms:
            add(term.citations, f"{proposal.name}: {key}", f"{base}#term-{key}")
        for response in proposal.responses:
            add(response.what.citations, f"{proposal.name}: response", f"{base}#response-{response.actor}")
        for date in proposal.dates:
            add(date.what.citations, f"{proposal.name}: dates", base + "#dates")
    return {key: tuple(value) for key, value in links.items()}
