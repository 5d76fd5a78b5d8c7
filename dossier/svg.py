"""Pictures drawn at build time as inline SVG: readers need no JavaScript to see them.

Colours come from classes styled in main.css, so light and dark themes and
print all apply. All text is escaped.
"""
from __future__ import annotations

import datetime
import math

from markupsafe import Markup, escape

from .models import Dossier

MAX_EDGES = 60
_WIDTH = 880
_ROW = 22
_LEFT = 210


def _day_number(date) -> int:
    return date.earliest().toordinal()


def timeline_svg(dossier: Dossier, link_base: str = "") -> Markup:
    """Proposals as spans over their dates, events as marks, on one time axis."""
    proposal_rows = [(p, sorted(_day_number(d.date) for d in p.dates)) for p in dossier.proposals if p.dates]
    days = [_day_number(e.date) for e in dossier.events] + [day for _, ds in proposal_rows for day in ds]
    if not days:
        return Markup("")
    first, last = min(days) - 15, max(days) + 15
    scale = (_WIDTH - _LEFT - 20) / max(1, last - first)

    def x(day: int) -> float:
        return round(_LEFT + (day - first) * scale, 1)

    height = 40 + _ROW * (len(proposal_rows) + 1) + 30
    parts = [f'<svg class="timeline" viewBox="0 0 {_WIDTH} {height}" aria-labelledby="timeline-title">',
             '<title id="timeline-title">Timeline: proposals as bars over their dated milestones, events as marks</title>']
    for year in range(_year(first), _year(last) + 1):
        day = datetime.date(year, 1, 1).toordinal()
        if first <= day <= last:
            parts.append(f'<line class="tick" x1="{x(day)}" x2="{x(day)}" y1="20" y2="{height - 20}"/>')
            parts.append(f'<text class="tick-label" x="{x(day) + 3}" y="14">{year}</text>')
    for row, (proposal, ds) in enumerate(proposal_rows):
        y = 30 + row * _ROW
        start, end = x(ds[0]), max(x(ds[-1]), x(ds[0]) + 6)
        href = escape(f"{link_base}proposals/{proposal.id}/")
        parts.append(f'<a href="{href}"><text class="row-label" x="4" y="{y + 12}">{escape(_short(proposal.name, 30))}</text>'
                     f'<rect class="span" x="{start}" y="{y + 2}" width="{round(end - start, 1)}" height="12" rx="3">'
                     f'<title>{escape(proposal.name)}</title></rect></a>')
    y = 30 + len(proposal_rows) * _ROW
    parts.append(f'<text class="row-label" x="4" y="{y + 12}">Events ({len(dossier.events)})</text>')
    parts.append(f'<line class="axis" x1="{_LEFT}" x2="{_WIDTH - 20}" y1="{y + 8}" y2="{y + 8}"/>')
    for date, events in _marks(dossier.events):
        earliest = events[0]
        href = escape(f"{link_base}{earliest.url}")
        if len(events) == 1:
            label = escape(f"{date}: {_short(earliest.headline, 120)}")
        else:
            label = escape(f"{date}: {len(events)} events")
        css = "mark doubtful" if all(e.doubtful for e in events) else "mark"
        parts.append(f'<a href="{href}"><circle class="{css}" cx="{x(_day_number(earliest.date))}" cy="{y + 8}" r="5"><title>{label}</title></circle></a>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _marks(events) -> list[tuple[str, list]]:
    """One mark per date: a long dossier would otherwise draw thousands of dots on one line."""
    by_date: dict[str, list] = {}
    for event in events:
        by_date.setdefault(event.date.iso(), []).append(event)
    return sorted(by_date.items(), key=lambda item: (item[1][0].date.earliest(), item[0]))


def relations_svg(dossier: Dossier, focus: str | None = None, link_base: str = "") -> Markup:
    """Who met, mediated for, proposed to or rejected whom; each edge links to the first clause that says so."""
    relations = [r for r in dossier.relations if r.target and (focus is None or focus in (r.source, r.target))]
    # The strongest edges only, so the picture stays readable in a large dossier.
    relations = sorted(relations, key=lambda r: (-len(r.citations), r.source, r.target, r.kind))[:MAX_EDGES]
    relations.sort(key=lambda r: (r.source, r.target, r.kind))
    if not relations:
        return Markup("")
    names = {a.id: a.name for a in dossier.actors}
    nodes = sorted({r.source for r in relations} | {r.target for r in relations})
    if focus in nodes:
        nodes.remove(focus)
        nodes.insert(0, focus)
    size = 560 if focus else 760
    centre, radius = size / 2, size / 2 - 110
    positions = {}
    for i, node in enumerate(nodes):
        if focus and node == focus:
            positions[node] = (centre, centre)
            continue
        ring = [n for n in nodes if n != focus] if focus else nodes
        angle = 2 * math.pi * ring.index(node) / len(ring) - math.pi / 2
        positions[node] = (round(centre + radius * math.cos(angle), 1), round(centre + radius * math.sin(angle), 1))
    title = f"Relations of {names.get(focus, focus)}" if focus else "Relations between actors"
    parts = [f'<svg class="relations" viewBox="0 0 {size} {size}" aria-labelledby="rel-title-{escape(focus or "all")}">',
             f'<title id="rel-title-{escape(focus or "all")}">{escape(title)}: edges typed by what one did to the other</title>']
    for relation in relations:
        (x1, y1), (x2, y2) = positions[relation.source], positions[relation.target]
        kind = relation.kind.replace(" ", "-")
        label = escape(f"{names.get(relation.source, relation.source)} {relation.kind} {names.get(relation.target, relation.target)} ({len(relation.citations)} source paragraph(s))")
        href = escape(f"{link_base}{relation.citations[0].url}")
        parts.append(f'<a href="{href}"><line class="edge edge-{kind}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"><title>{label}</title></line></a>')
    for node in nodes:
        px, py = positions[node]
        href = escape(f"{link_base}actors/{node}/")
        parts.append(f'<a href="{href}"><circle class="node" cx="{px}" cy="{py}" r="6"/>'
                     f'<text class="node-label" x="{px}" y="{py - 10}" text-anchor="middle">{escape(_short(names.get(node, node), 24))}</text></a>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _year(day_number: int) -> int:
    return datetime.date.fromordinal(day_number).year
