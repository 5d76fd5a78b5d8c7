"""Pictures drawn at build time as inline SVG: readers need no JavaScript to see them.

Colours come from classes styled in main.css, so light and dark themes and
print all apply. All text is escaped.
"""
from __future__ import annotations

import datetime
import math

from markupsafe import Markup, escape

from . import urls
from .models import Dossier, relation_phrase

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
        href = escape(link_base + urls.proposal(proposal.id))
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
    parts = [f'<svg class="relations" viewBox="0 0 {size} {size + _LEGEND}" aria-labelledby="rel-title-{escape(focus or "all")}">',
             f'<title id="rel-title-{escape(focus or "all")}">{escape(title)}: edges typed by what one did to the other</title>']
    for relation in relations:
        (x1, y1), (x2, y2) = positions[relation.source], positions[relation.target]
        kind = relation.kind.replace(" ", "-")
        said = relation_phrase(relation.kind).format(source=names.get(relation.source, relation.source),
                                                     target=names.get(relation.target, relation.target))
        label = escape(f"{said} ({len(relation.citations)} source paragraph(s))")
        href = escape(f"{link_base}{relation.citations[0].url}")
        parts.append(f'<a href="{href}"><line class="edge edge-{kind}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"><title>{label}</title></line></a>')
    parts.append(_relations_legend(size, sorted({r.kind for r in relations})))
    for node in nodes:
        px, py = positions[node]
        href = escape(link_base + urls.actor(node))
        parts.append(f'<a href="{href}"><circle class="node" cx="{px}" cy="{py}" r="6"/>'
                     f'<text class="node-label" x="{px}" y="{py - 10}" text-anchor="middle">{escape(_short(names.get(node, node), 24))}</text></a>')
    parts.append("</svg>")
    return Markup("".join(parts))


_LEGEND = 34  # height of the relations picture's legend


def _relations_legend(size: int, kinds: list[str]) -> str:
    """A key under the picture: each kind of line drawn, with its name."""
    parts = [f'<g class="legend" transform="translate(10 {size + 8})">']
    for i, kind in enumerate(kinds):
        x = i * 150
        parts.append(f'<line class="edge edge-{escape(kind.replace(" ", "-"))}" x1="{x}" y1="10" x2="{x + 36}" y2="10"/>'
                     f'<text class="node-label" x="{x + 42}" y="14">{escape(kind)}</text>')
    parts.append("</g>")
    return "".join(parts)


_CHAIN_ROW = 50
_CHAIN_BOX = 470


def chain_svg(proposals, link_base: str = "", dated=None) -> Markup:
    """Proposals in date order, one box each with its state, and arrows for "led to" and "superseded by".

    ``dated`` gives each proposal's date label. The arrows run in a gutter
    right of the boxes, one lane each, so none crosses a box.
    """
    if not proposals:
        return Markup("")
    row = {proposal.id: i for i, proposal in enumerate(proposals)}
    links = [(p.id, target, "led-to") for p in proposals for target in p.led_to if target in row]
    links += [(p.id, p.superseded_by, "superseded-by") for p in proposals if p.superseded_by in row]
    width = _CHAIN_BOX + 30 + 16 * max(1, len(links)) + 10
    height = _CHAIN_ROW * len(proposals) + 40
    parts = [f'<svg class="chain" viewBox="0 0 {width} {height}" aria-labelledby="chain-title">',
             '<title id="chain-title">How the proposals led to one another, in date order, each with its state</title>',
             '<defs><marker id="chain-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
             '<path class="chain-head" d="M0,0 L10,5 L0,10 z"/></marker></defs>']
    for i, proposal in enumerate(proposals):
        y = 4 + i * _CHAIN_ROW
        state = proposal.state or "state not recorded"
        when = (dated or {}).get(proposal.id, "")
        parts.append(f'<a href="{escape(link_base + urls.proposal(proposal.id))}">'
                     f'<rect class="chain-box state-{escape(state.replace(" ", "-"))}" x="2" y="{y}" width="{_CHAIN_BOX}" height="{_CHAIN_ROW - 10}" rx="5"/>'
                     f'<text class="chain-name" x="12" y="{y + 17}">{escape(_short(proposal.name, 62))}</text>'
                     f'<text class="chain-meta" x="12" y="{y + 33}">{escape(when)}{" · " if when else ""}{escape(state)}</text></a>')
    for lane, (source, target, kind) in enumerate(links):
        y1, y2 = 4 + row[source] * _CHAIN_ROW + 20, 4 + row[target] * _CHAIN_ROW + 20
        gutter = _CHAIN_BOX + 16 + 16 * lane
        parts.append(f'<path class="chain-link chain-{kind}" d="M{_CHAIN_BOX + 2},{y1} H{gutter} V{y2} H{_CHAIN_BOX + 4}" marker-end="url(#chain-arrow)"/>')
    y = height - 14
    parts.append(f'<g class="legend"><line class="chain-link chain-led-to" x1="4" y1="{y}" x2="40" y2="{y}"/>'
                 f'<text class="chain-meta" x="46" y="{y + 4}">led to</text>'
                 f'<line class="chain-link chain-superseded-by" x1="120" y1="{y}" x2="156" y2="{y}"/>'
                 f'<text class="chain-meta" x="162" y="{y + 4}">superseded by</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _year(day_number: int) -> int:
    return datetime.date.fromordinal(day_number).year
