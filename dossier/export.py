"""The public dossier.json export (its schema: dossier/dossier.schema.json), built from the model."""
from __future__ import annotations

from . import urls
from .index import DossierIndex, proposal_citations
from .models import Article, Dossier

EXPORT_VERSION = 1


def export_dossier(dossier: Dossier, index: DossierIndex) -> dict:
    """Dossier model -> what output/dossier.json holds.

    The long lists are iterators, made one item at a time as the writer
    streams them (the actors' all at once, see _export_actors): at thousands
    of articles the whole export as Python objects would be the build's
    biggest use of memory.
    """
    return {
        "version": EXPORT_VERSION,
        "articles": (_export_article(article, index) for article in dossier.articles),
        "actors": _export_actors(dossier, index),
        "proposals": (_export_proposal(proposal) for proposal in dossier.proposals),
        "events": (_export_event(event) for event in dossier.events),
        "relations": ({"source": r.source, "target": r.target, "kind": r.kind,
                       "citations": [{"article": c.article, "paragraph": _ANCHORS[c.paragraph],
                                      "url": urls.article(c.article, _ANCHORS[c.paragraph]), "clause": clause}
                                     for c, clause in zip(r.citations, r.clauses)]}
                      for r in dossier.relations),
        "story_groups": (list(group) for group in dossier.story_groups),
        "candidates": [_export_candidate(c) for c in index.candidates],
        "state_of_play": _export_state_of_play(dossier.state_of_play),
    }


def _export_candidate(candidate) -> dict:
    """A name the registry does not know (candidates.py): not reviewed, so no profile and no relations."""
    return {
        "id": candidate.id,
        "url": urls.actor(candidate.id) if candidate.provisional else None,
        "name": candidate.name,
        "kind": candidate.kind,
        "spellings": [text for text, _ in candidate.spellings],
        "role": candidate.role or None,
        "articles": candidate.articles,
        "paragraphs": candidate.paragraphs,
        "mentions": [{"article": article, "paragraph": _ANCHORS[m.paragraph], "text": m.text,
                      "url": urls.article(article, _ANCHORS[m.paragraph])} for article, m in candidate.mentions],
    }


def _export_state_of_play(state) -> dict | None:
    if state is None:
        return None
    def cited(item):
        return {"text": item.text, "citations": _citations(item.citations)}
    return {
        "as_of": state.as_of.iso(),
        "judgements": [cited(item) for item in state.judgements],
        "open_questions": [cited(item) for item in state.open_questions],
        "key_dates": [{"date": k.date.iso(), "precision": k.date.precision, **cited(k.headline)} for k in state.key_dates],
    }


class _Anchors(dict):
    """Paragraph number -> its anchor, "p3": each made once, as hundreds of thousands are written."""

    def __missing__(self, number: int) -> str:
        anchor = self[number] = urls.paragraph_anchor(number)
        return anchor


_ANCHORS = _Anchors()


def _citations(citations) -> list[dict]:
    """Each cited paragraph once, in the order first cited."""
    cited = dict.fromkeys((c.article, c.paragraph) for c in citations)
    return [{"article": article, "paragraph": _ANCHORS[number], "url": urls.article(article, _ANCHORS[number])}
            for article, number in cited]


def _export_article(article: Article, index: DossierIndex) -> dict:
    published = article.published
    url = urls.article(article.id)
    return {
        "id": article.id,
        "url": url,
        "title": article.title,
        "title_made": article.text.title_made,
        "source_file": article.source_file,
        "outlet": article.outlet.name,
        "published": {
            "date": published.date.iso() if published.date else None,
            "precision": published.date.precision if published.date else None,
            "inferred": published.inferred,
            "not_before": published.not_before,
        },
        "same_story": list(index.related_articles.get(article.id, ())),
        "paragraphs": [
            {"id": (anchor := _ANCHORS[p.number]), "url": urls.article(article.id, anchor), "text": p.text}
            for p in article.paragraphs
        ],
    }


def _export_actors(dossier: Dossier, index: DossierIndex):
    """The actors' items, all made before the first is written.

    They hold most of the export's small objects (a dict per mention). Made
    one at a time between writes, each landed strewn over the memory the
    previous write had freed, and encoding them took 0.4 s longer at 5,000
    articles. All at once they take about 35 MiB there, well under the
    build's peak (set by linking).
    """
    yield from [_export_actor(actor, index) for actor in dossier.actors]


def _export_actor(actor, index: DossierIndex) -> dict:
    view = index.actors[actor.id]
    return {
        "id": actor.id,
        "url": urls.actor(actor.id),
        "name": actor.name,
        "kind": actor.kind,
        "aliases": list(actor.aliases) + list(actor.demonyms),
        "affiliation": actor.affiliation,
        "roles": [{"title": r.title, "of": r.of, "start": r.start.iso() if r.start else None,
                   "end": r.end.iso() if r.end else None} for r in actor.roles],
        "profile": {"text": actor.profile.text, "citations": _citations(actor.profile.citations)},
        "mentions": [{"article": article, "paragraph": _ANCHORS[m.paragraph], "text": m.text, "start": m.start, "end": m.end}
                     for article, m in view.mentions],
        "statements": [{"article": article, "paragraph": _ANCHORS[s.paragraph], "text": s.text, "verb": s.verb,
                        "speaker_inferred": s.inferred_speaker, "unnamed_sources": s.unnamed_sources}
                       for article, s in view.statements],
    }


def _export_proposal(proposal) -> dict:
    return {
        "id": proposal.id,
        "url": urls.proposal(proposal.id),
        "name": proposal.name,
        "proposers": list(proposal.proposers),
        "status": proposal.status,
        "state": proposal.state or None,
        "as_of": proposal.as_of.iso() if proposal.as_of else None,
        "state_citations": _citations(proposal.state_note.citations),
        "date": proposal.when.iso() if proposal.when else None,
        "led_to": list(proposal.led_to),
        "superseded_by": proposal.superseded_by,
        "dates": [{"date": d.date.iso(), "precision": d.date.precision, "what": d.what.text,
                   "citations": _citations(d.what.citations)} for d in proposal.dates],
        "terms": {key: {"text": term.text, "url": urls.proposal_term(proposal.id, key), "citations": _citations(term.citations)}
                  for key, term in proposal.terms},
        "responses": [{"actor": r.actor, "stance": r.stance, "text": r.what.text,
                       "citations": _citations(r.what.citations)} for r in proposal.responses],
        "citations": _citations(proposal_citations(proposal)),
    }


def _export_event(event) -> dict:
    return {
        "id": event.id,
        "aliases": list(event.aliases),
        "url": event.url,
        "date": event.date.iso(),
        "precision": event.date.precision,
        "doubtful": event.doubtful,
        "resolved": list(event.notes),
        "reported": event.reported,
        "headline": event.headline,
        "text": event.text,
        "actors": list(event.actors),
        "proposals": list(event.proposals),
        "outlets": event.outlets,
        "citations": _citations(event.citations),
    }
