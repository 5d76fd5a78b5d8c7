"""Candidates: the persons, bodies and states the articles name and the registry does not know yet.

Names come from the entity recognizer (parse.Entity, kept with the parse, so
a registry edit never runs the model again); the rules here are about how
English news text writes a name, never about who is who:
- a name inside a registry match, or a credit, a byline or a line of page
  furniture (a short line with no sentence in it), is not a candidate; nor a
  single word the article also writes in lower case (a common word: "Hostage");
- honorifics and titles ("President", "Sheikh", "HE", "His Majesty") are not
  part of the name; the role phrase that came with it is kept as its role
  ("Egyptian Foreign Minister Badr Abdelatty", "Badr Abdelatty, Egypt's
  foreign minister");
- spellings are grouped (with or without al-/el-, a first name, a title),
  across articles; a surname alone joins the one full name that ends with it.

``find`` runs per article in the workers (it needs the registry's matches);
``gather`` groups the whole dossier's mentions into Candidates, ranked by how
many articles and paragraphs name them. A candidate named in two paragraphs or
more, or with a role, gets a provisional page (``provisional``).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from .normalize import fold, split_sentences
from .records import record
from .registry import actor_id

KIND_OF_LABEL = {"PERSON": "person", "ORG": "organisation", "GPE": "state", "NORP": "organisation"}

# Words that stand before a name without being part of it.
_HONORIFICS = (r"(?:His|Her|Their)\s+(?:Royal\s+)?(?:Majesty|Highness|Excellency|Eminence)|H\.\s?E\.|HE|HRH|"
               r"Mr|Mrs|Ms|Dr|Prof|Sheikh|Shaikh|Sheikha|Sayyed|Sayyid|Imam|Rabbi|Sir|Dame|Lord|Lady|Gen|Lt|Col|Maj|Brig|Adm|Capt")
_HONORIFIC_START = re.compile(rf"^(?:(?:{_HONORIFICS})\.?\s+)+")
# Head words of a role phrase ("... Foreign Minister", "... Director").
_ROLE_HEADS = (
    "Minister|President|Vice[- ]President|Secretary(?:[- ]General)?|Director(?:[- ]General)?|Chief|Envoy|Ambassador|"
    "Spokesman|Spokeswoman|Spokesperson|Leader|Chairman|Chairwoman|Chair|Speaker|Commander|Head|King|Queen|Emir|Amir|"
    "Prince|Crown Prince|Premier|Chancellor|Adviser|Advisor|Negotiator|Official|Representative|Governor|Mayor|"
    "Coordinator|Founder|Member|Lawmaker|Senator|General|Deputy|Sultan|Monarch|Mediator|Delegate"
)
_ROLE_WORD = r"(?:[A-Z][\w’'.&-]*|of|for|the|and|on|to)"
# A role phrase just before a name: capitalised words ending in a head word, "former" allowed.
_ROLE_BEFORE = re.compile(
    rf"((?:[Ff]ormer\s+|[Tt]hen[- ])?(?:(?:[Ss]enior|[Tt]op|[Ll]ead|[Cc]hief)\s+)?(?:[A-Z][\w’'.&-]*\s+(?:(?:of|for|and|on)\s+(?:the\s+)?)?)*?"
    rf"(?:{_ROLE_HEADS}|[A-Z][\w’'.&-]*\s+(?:{_ROLE_HEADS.lower()}))(?:\s+(?:of|for|on|to)\s+(?:the\s+)?(?:[A-Z][\w’'&-]*\s+)*?[A-Z][\w’'&-]*)?)\s*,?\s+$"
)
# A role phrase after a name: ", Egypt's foreign minister," / ", the director of the CIA,".
_ROLE_AFTER = re.compile(
    rf"^,\s+((?:the\s+|a\s+|[Ff]ormer\s+)*(?:[\w’'.-]+\s+){{0,4}}?(?:{_ROLE_HEADS.lower()}|{_ROLE_HEADS})"
    rf"(?:\s+(?:of|for|to)\s+(?:the\s+)?[\w’'.-]+(?:\s+[A-Z][\w’'.-]*){{0,3}})?)\s*(?=[,.;)]|$)"
)
# Photo credits, bylines and wire furniture: a name in such a clause is not a candidate.
_CREDIT = re.compile(
    r"(?i:\b(?:photo(?:graph)?s?|pictures?|images?|credits?|courtesy|caption|file photo|illustration)\b[^.]{0,60}$|"
    r"\b(?:reporting|editing|writing|written|additional reporting|compiled|edited|produced|translated)\s+by\s+[^.]{0,40}$|"
    r"^\s*by\s+[^.]{0,40}$)"
)
_CREDIT_AFTER = re.compile(r"^\s*(?:/|\bvia\b|\((?:AFP|AP|Reuters|Getty|EPA|UPI)|for\s+(?:AFP|Reuters|AP|Getty|EPA|UPI)\b)")
# Words a name may hold in lower case; a name made only of other lower-case words is a fragment.
_PARTICLES = frozenset("al el bin ibn bint abu de del der di da van von la le of the and for on".split())
# What is left of a body's name once the registry's name inside it is taken out, when it is still that body.
_GENERIC = frozenset("government cabinet authorities officials army military leadership people forces state regime "
                     "administration side delegation team ministry spokesman spokesperson".split())
_PLACE_BEFORE = re.compile(r"(?i:\b(?:in|at|from|to|into|near|across|outside|inside|towards?|via|around|through|over|across|visited|visit)\s+(?:the\s+)?)$")


class _Span(NamedTuple):
    actor: str
    paragraph: int
    start: int
    end: int

    @property
    def label(self) -> str:
        return self.actor


# Not in a name: a dash between words (a live page's "14:30 GMT - Israeli ..."), a time zone.
_NOT_IN_NAMES = re.compile(r"\s[-–—]\s|\b(?:GMT|UTC|BST|CET|EST|EDT|PST)\b")
# A ruler or sheikh named by title, which the recognizer often misses: "His Majesty King Abdullah II".
_TITLED = re.compile(r"(?:(?:His|Her)\s+(?:Royal\s+)?(?:Majesty|Highness)\s+)?\b(?:King|Queen|Emir|Amir|Sultan|Crown\s+Prince|Prince|Sheikh|Sheikha)\s+"
                     r"([A-Z][a-z]+(?:\s+(?:(?:bin|bint|ibn|al|Al|el)[- ])?[A-Z][\w-]*|\s+[IVX]{1,4}\b)*)")


@record
class CandidateMention:
    """A name the registry does not know, as one paragraph writes it."""

    paragraph: int
    start: int  # the name's span in the paragraph, honorifics left out
    end: int
    text: str
    label: str  # PERSON, ORG, GPE or NORP
    role: str = ""  # the role phrase written with it, if any
    role_of: str = ""  # the registered actor that role phrase names, if one
    place: bool = False  # a place where something happened ("in Cairo"), not an actor there


def find(paragraphs, entities, mentions, not_actors=frozenset(), unresolved=()) -> tuple[CandidateMention, ...]:
    """The candidates' mentions in one article.

    paragraphs: the article's; entities: parse.Entity of its sentences;
    mentions: the registry's matches (extract.Mention) in it; not_actors:
    folded names the editors said are not actors; unresolved: (paragraph,
    role phrase) the registry knows but whose holder the date cannot tell.
    """
    text_of = {p.number: p.text for p in paragraphs}
    lowered_words = set(re.findall(r"\b[a-z][a-z’'-]+\b", " ".join(text_of.values())))
    covered = defaultdict(list)
    for m in mentions:
        covered[m.paragraph].append(m)
    for number, phrase in unresolved:
        at = text_of.get(number, "").find(phrase)
        while at >= 0:
            covered[number].append(_Span("", number, at, at + len(phrase)))
            at = text_of[number].find(phrase, at + 1)
    prose = {number: _is_prose(text) for number, text in text_of.items()}
    found = []
    role_spans = defaultdict(list)  # paragraph -> spans of the role phrases found, whose words are not names
    entities = list(entities)
    for number, text in text_of.items():
        for match in _TITLED.finditer(text):
            start, end = match.span(1)
            if not any(e.paragraph == number and e.start < end and start < e.end and e.label == "PERSON" for e in entities):
                entities = [e for e in entities if not (e.paragraph == number and e.start < end and start < e.end)]
                entities.append(_Span("PERSON", number, start, end))
    entities.sort(key=lambda e: (e.paragraph, e.start))
    for entity in entities:
        text = text_of.get(entity.paragraph)
        if text is None or not prose[entity.paragraph]:
            continue
        start, end = entity.start, entity.end
        written = text[start:end]
        # "the Arab League": the article is not the name; nor a possessive's ending.
        lead = re.match(r"(?i:the\s+)", written)
        if lead:
            start += lead.end()
        named_from = start  # where the name begins with its honorifics
        honorific = _HONORIFIC_START.match(text[start:end])
        if honorific and honorific.end() < end - start:
            start += honorific.end()
        tail = re.search(r"(?:['’]s?|\.)$", text[start:end])
        if tail:
            end -= len(tail.group())
        name = text[start:end].strip()
        if not _is_name(name, entity.label, lowered_words):
            continue
        if fold(name) in not_actors:
            continue
        before, after = text[:entity.start], text[entity.end:]
        if _CREDIT.search(before[-80:]) or _CREDIT_AFTER.match(after) or "/" in name or re.match(r"-[a-z]", after) \
                or _NOT_IN_NAMES.search(name):
            continue
        known = [m for m in covered[entity.paragraph] if m.start < end and start < m.end]
        if known and not _still_another(name, text, start, end, known, entity.label):
            continue
        role, role_of, role_start = "", "", start
        if entity.label in ("PERSON", "ORG"):
            role, role_start = _role_before(text, named_from)
            if role:
                role_of = next((m.actor for m in covered[entity.paragraph] if role_start <= m.start and m.end <= start), "")
                role_spans[entity.paragraph].append((role_start, named_from))
            else:
                role = _role_after(after)
                role_of = next((m.actor for m in covered[entity.paragraph]
                                if entity.end < m.start and m.end <= entity.end + len(role) + 4), "") if role else ""
        place = entity.label == "GPE" and _PLACE_BEFORE.search(text[:start]) is not None
        found.append(CandidateMention(entity.paragraph, start, end, name, entity.label, role, role_of, place))
    # A word completing a role phrase ("State" of "Secretary of State") is not a name.
    return tuple(m for m in found if not any(a <= m.start and m.end <= b and re.search(r"\b(?:of|for|on)\s+(?:the\s+)?$", text_of[m.paragraph][a:m.start])
                                             for a, b in role_spans[m.paragraph]))


def _is_prose(text: str) -> bool:
    """A paragraph of sentences, not a heading, a tag list or a line of page furniture."""
    words = text.split()
    return len(words) >= 8 or bool(re.search(r"[.!?…][\"'”’)]*\s*$", text)) and len(words) >= 4


def _is_name(name: str, label: str, lowered_words: set[str]) -> bool:
    if len(name) < 2 or any(ch.isdigit() for ch in name) or not name[0].isupper():
        return False
    words = re.split(r"[\s-]+", name)
    if any(w and not w[0].isupper() and w.lower() not in _PARTICLES for w in words):
        return False  # "Hamas-run", "the ceasefire talks": not a name
    if len(words) == 1:
        if name.lower() in lowered_words:
            return False  # a common word the article also writes in lower case
        if name.isupper() and label in ("PERSON",):
            return False
        if len(name) < 3 and not name.isupper():
            return False
    if label == "NORP" and not (name.endswith("s") and not name.endswith("ss")):
        return False  # an adjective ("Egyptian"); a group is plural ("Houthis")
    return True


def _still_another(name: str, text: str, start: int, end: int, known, label: str) -> bool:
    """Whether a name holding a registered one is still another body ("UN Security Council" holding "UN")."""
    if label == "PERSON":
        return False
    rest = text[start:end]
    for m in sorted(known, key=lambda m: -m.start):
        if m.start < start or m.end > end:
            return False  # it runs across a registered name
        rest = rest[:m.start - start] + " " + rest[m.end - start:]
    words = [w for w in re.split(r"[\s’'-]+", rest) if w and w.lower() not in _PARTICLES and w.lower() != "s"]
    return bool(words) and any(w[0].isupper() and w.lower() not in _GENERIC for w in words)


_HONORIFIC_END = re.compile(rf"(?:(?:{_HONORIFICS})\.?\s+)+$")


def _role_before(text: str, start: int) -> tuple[str, int]:
    honorifics = _HONORIFIC_END.search(text, max(0, start - 40), start)
    if honorifics:
        start = honorifics.start()  # "Qatari Prime Minister Sheikh Mohammed"
    window_start = max(0, start - 120)
    match = _ROLE_BEFORE.search(text[window_start:start])
    if not match:
        return "", start
    role = match.group(1).strip()
    # The role begins where its sentence does at the earliest.
    first = text.rfind(". ", window_start, start)
    begin = window_start + match.start(1)
    if first >= begin:
        return "", start
    role = re.sub(r"^(?:The|A|An|And|But|On|In|As|When|Then|After|Before|While)\s+", "", role)
    role = re.sub(rf"^(?:(?:{_HONORIFICS})\.?\s+)+", "", role)  # "His Majesty King" -> "King"
    role = re.sub(r"^[A-Z][a-z]+day\s+", "", role)
    return role, begin


def _role_after(after: str) -> str:
    match = _ROLE_AFTER.match(after[:120])
    return re.sub(r"^(?:the|a)\s+", "", match.group(1).strip()) if match else ""


# --- the whole dossier ------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    id: str  # the slug of its name: its provisional page is actors/<id>/
    name: str
    kind: str
    spellings: tuple[tuple[str, int], ...]  # as written, most frequent first
    role: str
    role_of: str
    former: bool  # the role was said to be a former one
    mentions: tuple[tuple[str, CandidateMention], ...]  # (article id, mention), in article order
    articles: int
    paragraphs: int

    @property
    def provisional(self) -> bool:
        """Whether it has a page of its own (not yet reviewed)."""
        return self.paragraphs >= 2 or bool(self.role)

    @property
    def first_citations(self) -> tuple[tuple[str, int], ...]:
        return tuple(dict.fromkeys((article, m.paragraph) for article, m in self.mentions))[:3]


def name_key(name: str) -> str:
    """What spellings of one name share: no honorific, no al-/el-, no hyphens, no case.

    >>> name_key("HE Abdel Fattah el-Sisi") == name_key("Abdel Fattah Al Sisi") == "abdel fattah sisi"
    True
    """
    name = _HONORIFIC_START.sub("", fold(name))
    name = re.sub(r"^the\s+", "", name, flags=re.I)
    name = re.sub(r"\b(?:[aAeE]l)[- ]", "", name)
    name = re.sub(r"\b[aAeE]l(?=[A-Z])", "", name)  # "AlSisi"
    return " ".join(re.split(r"[\s-]+", name.lower())).strip()


def gather(articles, extractions, registered_ids: frozenset[str] = frozenset()) -> tuple[Candidate, ...]:
    """Every candidate of the dossier, most named first (articles, then paragraphs, then name)."""
    by_key: dict[str, list] = defaultdict(list)
    for article in articles:
        extraction = extractions.get(article.id)
        for mention in getattr(extraction, "candidates", ()) or ():
            key = name_key(mention.text)
            if key:
                by_key[key].append((article.id, mention))
    # A shorter spelling ("Sisi", "Fattah el-Sisi") joins the one longer person's name that ends (or begins) with it.
    ends, starts = defaultdict(list), defaultdict(list)  # a person's last (first) words -> the longer names
    for key, found in by_key.items():
        words = tuple(key.split())
        if len(words) > 1 and _label(found) == "PERSON":
            for n in range(1, len(words)):
                ends[words[-n:]].append(key)
                starts[words[:n]].append(key)
    merged: dict[str, str] = {}
    for key in sorted(by_key, key=lambda k: (-len(k.split()), k)):
        words = tuple(key.split())
        longer = ends.get(words) or starts.get(words) or []
        if len({merged.get(p, p) for p in longer}) == 1:
            merged[key] = merged.get(longer[0], longer[0])
    groups: dict[str, list] = defaultdict(list)
    for key, found in by_key.items():
        groups[merged.get(key, key)].extend(found)
    order = {article.id: number for number, article in enumerate(articles)}
    candidates, taken = [], set(registered_ids)
    for key, found in groups.items():
        found.sort(key=lambda item: (order[item[0]], item[1].paragraph, item[1].start))
        label = _label(found)
        # GPEs that are only ever where something happened are places, not actors.
        if label == "GPE" and all(m.place for _, m in found):
            continue
        spellings = Counter(m.text for _, m in found)
        # The name: the fullest spelling of the group's own key, then the most frequent.
        own = [text for text in spellings if name_key(text) == key] or list(spellings)
        name = max(own, key=lambda text: (len(name_key(text).split()), spellings[text], -len(text), text))
        # The role most often written with it; a title as a title (capitalised) is preferred.
        roles = Counter(m.role for _, m in found if m.role) if label == "PERSON" else Counter()
        by_words = Counter()
        for r, count in roles.items():
            by_words[r.lower()] += count
        role = max(roles, key=lambda r: (by_words[r.lower()], sum(map(str.isupper, r)), len(r), r)) if roles else ""
        role_of = next((m.role_of for _, m in found if m.role == role and m.role_of), "")
        paragraphs = len({(a, m.paragraph) for a, m in found})
        if paragraphs < 2 and not role and label != "PERSON" and len(key.split()) < 2:
            continue  # a lone word named once: too likely a fragment
        ident = actor_id(name) or "candidate"
        base, n = ident, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        taken.add(ident)
        candidates.append(Candidate(
            id=ident, name=name, kind=KIND_OF_LABEL[label],
            spellings=tuple(sorted(spellings.items(), key=lambda item: (-item[1], item[0]))),
            role=re.sub(r"^(?i:former|then)[- ]\s*", "", role), role_of=role_of,
            former=bool(re.match(r"(?i:former|then)\b", role)),
            mentions=tuple(found), articles=len({a for a, _ in found}), paragraphs=paragraphs))
    candidates.sort(key=lambda c: (-c.articles, -c.paragraphs, c.name))
    return tuple(candidates)


def _label(found) -> str:
    labels = Counter(m.label for _, m in found)
    return max(labels, key=lambda label: (labels[label], label == "PERSON", label))


def redirects(actors, candidates) -> dict[str, str]:
    """Earlier addresses -> registered actor ids: each actor's ``moved_from`` that no actor or candidate holds.

    A candidate's entry names its provisional address in ``moved_from``: when
    the editor registers it under another name, that address goes on working.
    """
    held = {actor.id for actor in actors} | {c.id for c in candidates if c.provisional}
    claims: dict[str, set[str]] = defaultdict(set)
    for actor in actors:
        for slug in actor.moved_from:
            if slug not in held:
                claims[slug].add(actor.id)
    return {slug: ids.pop() for slug, ids in sorted(claims.items()) if len(ids) == 1}


# --- registry/candidates.toml ----------------------------------------------------------

def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quote_for(paragraph_text: str, mention: CandidateMention) -> str:
    """A verbatim quote from the mention's sentence that holds it (the registry's citation form)."""
    for start, end in split_sentences(paragraph_text):
        if start <= mention.start < end:
            sentence = paragraph_text[start:end].strip()
            if len(sentence) > 220:  # cut at words around the name, still verbatim
                left = max(0, mention.start - start - 100)
                left = sentence.find(" ", left) + 1 if left else 0
                sentence = sentence[left:left + 200].rsplit(" ", 1)[0]
            return sentence.replace("\n", " ")
    return mention.text


def candidates_toml(candidates, dossier) -> str:
    """The ready-to-edit [[actors]] entries: move one into actors.toml to register it."""
    lines = [
        "# Candidates: names the articles give that registry/actors.toml does not know yet.",
        "# Generated by `make candidates`; the build does not read this file.",
        "# To register one, move its [[actors]] entry into actors.toml, then check its name,",
        "# kind, aliases and role (moved_from keeps its provisional page's address working",
        "# whatever name you register it under).",
        "# To silence one, add its name to not_actors in registry/editors.toml.",
        "",
    ]
    for candidate in candidates:
        article_of = dossier.article_by_id
        dates = sorted({article_of[a].published.date.iso() for a, _ in candidate.mentions
                        if article_of[a].published.date is not None})
        lines.append(f"# {candidate.articles} article(s), {candidate.paragraphs} paragraph(s)"
                     + (f"; provisional page actors/{candidate.id}/" if candidate.provisional else ""))
        lines.append("[[actors]]")
        lines.append(f"name = {_toml_string(candidate.name)}")
        lines.append(f"kind = {_toml_string(candidate.kind)}")
        aliases = [text for text, _ in candidate.spellings if text != candidate.name]
        lines.append("aliases = [" + ", ".join(map(_toml_string, aliases)) + "]")
        if candidate.role_of and candidate.kind == "person":
            lines.append(f"affiliation = {_toml_string(candidate.role_of)}")
        if candidate.provisional:  # its page's address, kept working whatever name it is registered under
            lines.append(f"moved_from = [{_toml_string(candidate.id)}]")
        lines.append('profile = ""')
        quotes = []
        for article, mention in candidate.mentions:
            paragraph = article_of[article].paragraphs[mention.paragraph - 1] if 0 < mention.paragraph <= len(article_of[article].paragraphs) else None
            if paragraph is None or paragraph.number != mention.paragraph:
                paragraph = next((p for p in article_of[article].paragraphs if p.number == mention.paragraph), None)
            if paragraph is not None:
                quote = f"{article}: {quote_for(paragraph.text, mention)}"
                if quote not in quotes:
                    quotes.append(quote)
            if len(quotes) == 3:
                break
        lines.append("profile_sources = [")
        lines += [f"  {_toml_string(q)}," for q in quotes]
        lines.append("]")
        if candidate.role:
            lines.append("[[actors.roles]]")
            lines.append(f"title = {_toml_string(candidate.role)}")
            lines.append(f"of = {_toml_string(candidate.role_of)}")
            lines.append(f"phrases = [{_toml_string(candidate.role)}]")
            if dates and candidate.former:
                lines.append('start = ""')
                lines.append(f"end = {_toml_string(dates[0])}  # said to be former on this date: ended by then")
            elif dates:
                lines.append(f"start = {_toml_string(dates[0])}  # held on this date (the earliest article naming it); set the real start")
                lines.append('end = ""')
        lines.append("")
    return "\n".join(lines)
