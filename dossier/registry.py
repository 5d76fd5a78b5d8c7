"""The registry: hand-kept actors, proposals and editors' corrections (TOML).

Every problem names the file and the line of the entry it is in, and all of
them are reported together.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pelican.utils import slugify

from .dates import PartialDate
from .models import PROPOSAL_STATES, TERMS, Actor, Cited, KeyDate, Problem, Proposal, ProposalDate, Registry, Response, Role, SourceRef, StateOfPlay
from .text import SLUG_SUBSTITUTIONS
from .read import toml_error_line

# Ids become URLs and file names: lower-case letters, digits and hyphens only.
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

KINDS = ("state", "organisation", "person", "outlet")
STANCES = ("accepted", "rejected", "conditional", "welcomed", "supported", "criticised", "considering", "proposed",
           "demanded")
ACTOR_FIELDS = {"id", "name", "kind", "aliases", "demonyms", "affiliation", "profile", "profile_sources", "roles", "moved_from"}
ROLE_FIELDS = {"title", "of", "phrases", "start", "end"}
PROPOSAL_FIELDS = {"id", "name", "proposers", "status", "phrases", "profile", "profile_sources", "dates", "terms", "responses",
                   "state", "as_of", "state_sources", "led_to", "superseded_by"}
STATE_OF_PLAY_FIELDS = {"as_of", "judgements", "open_questions", "key_dates"}


def load_registry(folder: Path) -> tuple[Registry, list[Problem]]:
    """A registry folder -> the Registry and every problem found in it."""
    reader = _Reader()
    actors = [reader.actor(entry, line) for entry, line in reader.entries(folder / "actors.toml", "actors")]
    proposals = [reader.proposal(entry, line) for entry, line in reader.entries(folder / "proposals.toml", "proposals")]
    corrections, ignored = reader.editors(folder / "editors.toml")
    state_of_play = reader.state_of_play(folder / "state_of_play.toml")
    registry = Registry(tuple(a for a in actors if a), tuple(p for p in proposals if p), corrections, ignored, state_of_play)
    reader.check_references(registry)
    return registry, reader.problems


def actor_id(name: str) -> str:
    """A canonical name -> the id its URL uses.

    >>> actor_id("İbrahim Kalın"), actor_id("Türkiye")
    ('ibrahim-kalin', 'turkiye')
    """
    return slugify(name, regex_subs=SLUG_SUBSTITUTIONS)


class _Reader:
    """Reads entries while collecting problems, so all are reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.file = ""
        self.text = ""
        self.lines: dict[int, int] = {}

    def error(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def entries(self, path: Path, key: str):
        """(entry, line) for each [[key]] table of a TOML file."""
        self.file = str(path)
        if not path.exists():
            self.error(None, f"is missing: the registry needs a {path.name} with [[{key}]] entries")
            return []
        try:
            self.text = path.read_text(encoding="utf-8")
            data = tomllib.loads(self.text)
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            self.error(toml_error_line(error, path.read_bytes()), f"is not valid TOML: {error}")
            return []
        headers = [n for n, line in enumerate(self.text.splitlines(), 1) if line.strip() == f"[[{key}]]"]
        items = data.get(key, [])
        if not isinstance(items, list):
            self.error(None, f"'{key}' must be a list of [[{key}]] tables")
            return []
        lines = headers + [None] * (len(items) - len(headers))
        return [(entry, line) for entry, line in zip(items, lines)]

    def _line_of(self, needle: str, after: int | None) -> int | None:
        """The first line at or after an entry's header that holds needle."""
        for number, line in enumerate(self.text.splitlines()[(after or 1) - 1:], start=after or 1):
            if needle in line:
                return number
        return after

    def _strings(self, entry: dict, key: str, line: int | None) -> tuple[str, ...]:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(line, f"'{key}' must be a list of non-empty strings")
            return ()
        return tuple(value)

    def _date(self, value, line: int | None, what: str) -> PartialDate | None:
        if value in (None, ""):
            return None
        try:
            return PartialDate.parse(str(value))
        except ValueError as error:
            self.error(line, f"{what} '{value}' is not a date ({error}); write YYYY-MM-DD, YYYY-MM or YYYY")
            return None

    def _sources(self, refs, line: int | None) -> tuple[SourceRef, ...]:
        if refs is None:
            return ()
        if not isinstance(refs, list):
            self.error(line, "sources must be a list of \"ARTICLE_ID: quote\" strings")
            return ()
        parsed = []
        for ref in refs:
            ref_line = self._line_of(str(ref)[:40], line)
            article, _, quote = str(ref).partition(":")
            if not quote.strip() or not article.strip():
                self.error(ref_line, f"source '{ref}' must read \"ARTICLE_ID: a quote from one paragraph\"")
                continue
            parsed.append(SourceRef(article.strip(), quote.strip(), self.file, ref_line))
        return tuple(parsed)

    def _id(self, entry: dict, name: str, line: int | None) -> str:
        """The entry's id: given, or the slug of its name; it must be usable in a URL."""
        given = entry.get("id")
        if given is None:
            return actor_id(name)
        if not isinstance(given, str) or not _ID.fullmatch(given):
            self.error(line, f"id {given!r} of '{name}' must be lower-case letters, digits and hyphens (it becomes a URL), e.g. \"{actor_id(name)}\"")
            return actor_id(name)
        return given

    def _cited(self, entry: dict, text_key: str, sources_key: str, line: int | None) -> Cited:
        text = entry.get(text_key, "")
        if not isinstance(text, str):
            self.error(line, f"'{text_key}' must be a string")
            text = ""
        return Cited(text.strip(), self._sources(entry.get(sources_key), line))

    def actor(self, entry, line: int | None) -> Actor | None:
        if not isinstance(entry, dict):
            self.error(line, "each [[actors]] entry must be a table")
            return None
        unknown = sorted(set(entry) - ACTOR_FIELDS)
        if unknown:
            self.error(line, f"unknown field(s) {unknown}; known: {sorted(ACTOR_FIELDS)}")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            self.error(line, "an actor needs a name = \"…\"")
            return None
        kind = entry.get("kind")
        if kind not in KINDS:
            self.error(line, f"actor '{name}' has kind {kind!r}; use one of {list(KINDS)}")
        roles = []
        for role in entry.get("roles", []):
            role_line = self._line_of(str(role.get("title", "")), line) if isinstance(role, dict) else line
            if not isinstance(role, dict) or not isinstance(role.get("title"), str):
                self.error(role_line, f"a role of '{name}' needs a title = \"…\"")
                continue
            if set(role) - ROLE_FIELDS:
                self.error(role_line, f"role '{role['title']}' has unknown field(s) {sorted(set(role) - ROLE_FIELDS)}")
            roles.append(Role(role["title"], role.get("of") or None, self._strings(role, "phrases", role_line),
                              self._date(role.get("start"), role_line, "start"), self._date(role.get("end"), role_line, "end")))
        return Actor(
            id=self._id(entry, name, line), name=name.strip(), kind=kind or "organisation",
            aliases=self._strings(entry, "aliases", line), demonyms=self._strings(entry, "demonyms", line),
            affiliation=entry.get("affiliation") or None,
            profile=self._cited(entry, "profile", "profile_sources", line), roles=tuple(roles),
            moved_from=tuple(actor_id(slug) for slug in self._strings(entry, "moved_from", line)),
        )

    def proposal(self, entry, line: int | None) -> Proposal | None:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            self.error(line, "each [[proposals]] entry must be a table with a name = \"…\"")
            return None
        name = entry["name"].strip()
        unknown = sorted(set(entry) - PROPOSAL_FIELDS)
        if unknown:
            self.error(line, f"proposal '{name}' has unknown field(s) {unknown}; known: {sorted(PROPOSAL_FIELDS)}")
        dates = []
        for item in entry.get("dates", []):
            item_line = self._line_of(str(item.get("date", "")), line) if isinstance(item, dict) else line
            date = self._date(item.get("date") if isinstance(item, dict) else None, item_line, "date") if isinstance(item, dict) else None
            if date is None:
                self.error(item_line, f"each date of '{name}' needs date = \"YYYY-MM-DD\" (or YYYY-MM, YYYY)")
                continue
            dates.append(ProposalDate(date, self._cited(item, "what", "sources", item_line)))
        terms = entry.get("terms", {})
        for key in sorted(set(terms) - set(TERMS)):
            self.error(self._line_of(f"terms.{key}", line), f"proposal '{name}' has unknown term '{key}'; terms are {list(TERMS)}")
        responses = []
        for item in entry.get("responses", []):
            item_line = self._line_of(f'actor = "{item.get("actor")}"', line) if isinstance(item, dict) else line
            if not isinstance(item, dict) or item.get("stance") not in STANCES or not item.get("actor"):
                self.error(item_line, f"each response to '{name}' needs actor = \"id\" and stance, one of {list(STANCES)}")
                continue
            responses.append(Response(item["actor"], item["stance"], self._cited(item, "text", "sources", item_line)))
        state = entry.get("state", "")
        if state and state not in PROPOSAL_STATES:
            self.error(self._line_of("state =", line), f"proposal '{name}' has state {state!r}; use one of {list(PROPOSAL_STATES)}")
            state = ""
        superseded_by = entry.get("superseded_by") or None
        if superseded_by is not None and not isinstance(superseded_by, str):
            self.error(self._line_of("superseded_by", line), f"superseded_by of '{name}' must be one proposal id")
            superseded_by = None
        return Proposal(
            id=self._id(entry, name, line), name=name,
            proposers=self._strings(entry, "proposers", line), status=str(entry.get("status", "")),
            phrases=self._strings(entry, "phrases", line),
            profile=self._cited(entry, "profile", "profile_sources", line), dates=tuple(dates),
            terms=tuple((key, self._cited(terms[key], "text", "sources", self._line_of(f"terms.{key}", line)))
                        for key in TERMS if isinstance(terms.get(key), dict)),
            responses=tuple(responses),
            state=state, as_of=self._date(entry.get("as_of"), self._line_of("as_of", line), "as_of"),
            state_note=Cited("", self._sources(entry.get("state_sources"), line)),
            led_to=self._strings(entry, "led_to", self._line_of("led_to", line)), superseded_by=superseded_by,
        )

    def state_of_play(self, path: Path) -> StateOfPlay | None:
        """Optional state_of_play.toml: the editors' summary of where things stand."""
        data = self._optional_file(path)
        if data is None:
            return None
        for key in sorted(set(data) - STATE_OF_PLAY_FIELDS):
            self.error(self._line_of(key, None), f"unknown field '{key}'; known: {sorted(STATE_OF_PLAY_FIELDS)}")
        as_of = self._date(data.get("as_of"), self._line_of("as_of", None), "as_of")
        if as_of is None:
            self.error(None, "needs as_of = \"YYYY-MM-DD\" (or YYYY-MM, YYYY): the date the summary speaks for")
            return None
        judgements = self._texts(data, "judgements", "[[judgements]]")
        if not 3 <= len(judgements) <= 6:
            self.error(self._line_of("[[judgements]]", None), f"has {len(judgements)} [[judgements]]; give three to six")
        key_dates = []
        for item, item_line in self._tables(data, "key_dates", "[[key_dates]]"):
            date = self._date(item.get("date"), item_line, "date")
            if date is None:
                self.error(item_line, "each key date needs date = \"YYYY-MM-DD\" (or YYYY-MM, YYYY)")
                continue
            key_dates.append(KeyDate(date, self._cited(item, "headline", "sources", item_line)))
        return StateOfPlay(as_of, judgements, self._texts(data, "open_questions", "[[open_questions]]"),
                           tuple(sorted(key_dates, key=lambda k: k.date)))

    def _tables(self, data: dict, key: str, header: str):
        """(table, line) for each [[key]] table, its line found by counting headers."""
        items = data.get(key, [])
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            self.error(self._line_of(key, None), f"'{key}' must be {header} tables")
            return []
        lines = [n for n, text in enumerate(self.text.splitlines(), 1) if text.strip() == header]
        return list(zip(items, lines + [None] * (len(items) - len(lines))))

    def _texts(self, data: dict, key: str, header: str) -> tuple[Cited, ...]:
        """The cited texts of [[key]] tables (text = "…", sources = [...]); each needs a text."""
        texts = []
        for item, item_line in self._tables(data, key, header):
            cited = self._cited(item, "text", "sources", item_line)
            if not cited.text:
                self.error(item_line, f"each of {header} needs text = \"…\"")
                continue
            if not cited.sources:
                self.error(item_line, f"“{cited.text[:40]}…” needs sources = [\"ARTICLE_ID: a verbatim quote\"]")
            texts.append(cited)
        return tuple(texts)

    def _optional_file(self, path: Path) -> dict | None:
        """An optional registry file's tables; None when it is absent or not TOML (the error is recorded)."""
        if not path.exists():
            return None
        self.file = str(path)
        try:
            self.text = path.read_text(encoding="utf-8")
            return tomllib.loads(self.text)
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            self.error(toml_error_line(error, path.read_bytes()), f"is not valid TOML: {error}")
            return None

    def editors(self, path: Path):
        """Optional editors.toml: date corrections and names that are not actors."""
        data = self._optional_file(path)
        if data is None:
            return (), frozenset()
        corrections = []
        for ref, value in data.get("date_corrections", {}).items():
            line = self._line_of(ref[:40], None)
            date = self._date(value, line, "corrected date")
            source = self._sources([ref], line)
            if date and source:
                corrections.append((source[0], date))
        return tuple(corrections), frozenset(self._strings(data, "not_actors", None))

    def check_references(self, registry: Registry) -> None:
        """Ids used across entries must name existing actors, and be unique."""
        ids = [actor.id for actor in registry.actors]
        for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
            self.problems.append(Problem("registry/actors.toml", None, f"two actors have the id '{duplicate}'; give one an explicit id = \"…\""))
        known = set(ids)
        spellings: dict[str, str] = {}
        for actor in registry.actors:
            for spelling in (actor.name, *actor.aliases, *actor.demonyms):
                if spellings.setdefault(spelling, actor.id) != actor.id:
                    self.problems.append(Problem("registry/actors.toml", None, f"'{spelling}' is a spelling of both '{spellings[spelling]}' and '{actor.id}'; keep it for one"))
            for ref in [actor.affiliation, *(role.of for role in actor.roles)]:
                if ref and ref not in known:
                    self.problems.append(Problem("registry/actors.toml", None, f"actor '{actor.id}' refers to unknown actor id '{ref}'"))
        for proposal in registry.proposals:
            for ref in [*proposal.proposers, *(r.actor for r in proposal.responses)]:
                if ref not in known:
                    self.problems.append(Problem("registry/proposals.toml", None, f"proposal '{proposal.id}' refers to unknown actor id '{ref}'"))
        proposal_ids = {proposal.id for proposal in registry.proposals}
        for proposal in registry.proposals:
            for ref in [*proposal.led_to, *filter(None, [proposal.superseded_by])]:
                if ref not in proposal_ids:
                    self.problems.append(Problem("registry/proposals.toml", None, f"proposal '{proposal.id}' links to unknown proposal id '{ref}' (led_to, superseded_by)"))
