"""A deterministic synthetic corpus of raw news articles, for the benchmark.

Every stage of the build should do real work on it, so the articles look like
the pasted seeds: sometimes a title line or a section label, paragraphs one per
line or between blank lines, page junk, photo captions, datelines glued to the
first sentence, the registry's actors under their different spellings,
absolute and relative dates, proposal phrases and quotes. The sentences are
assembled from templates; nothing is copied from the seeds.

The same articles are also written as Markdown (Title/Date/Slug and the
paragraphs) so that plain Pelican can render the same text.

Everything is drawn from `random.Random` streams seeded with strings (stable
across runs and Python versions), one stream per article, so article k is the
same whatever N is, and no wall clock is read.

    python -m bench.corpus OUT_DIR --count 1000 [--seed dossier-bench-1]
"""
from __future__ import annotations

import argparse
import datetime
import json
import random
import re
import shutil
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "registry"
DEFAULT_SEED = "dossier-bench-1"

# Articles appear between these days; event dates fall up to two months earlier.
FIRST_DAY = datetime.date(2023, 11, 1)
LAST_DAY = datetime.date(2025, 9, 30)

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July",
             "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# How often an actor is picked, relative to the others (default 1): the parties
# and the main mediators dominate real coverage, so their pages get big.
PROMINENCE = {
    "Hamas": 10, "Israel": 10, "United States": 4, "Qatar": 3, "Egypt": 3, "Türkiye": 3,
    "Benjamin Netanyahu": 4, "Khalil al-Hayya": 2, "Donald Trump": 2, "Steve Witkoff": 2,
}

# --------------------------------------------------------------------- wording

TOPICS = (
    "a permanent ceasefire", "a permanent cease-fire", "a hostage-prisoner exchange",
    "the release of all hostages", "the delivery of humanitarian aid", "the reopening of border crossings",
    "the reconstruction of Gaza", "a full Israeli withdrawal", "the lifting of the blockade",
    "the governance of Gaza after the war", "the disarmament of Hamas", "international guarantees",
    "an end to the fighting", "the return of displaced families to the north",
)
PLACES = ("Gaza", "Doha", "Cairo", "Ankara", "Beirut", "Jerusalem", "Washington", "Khan Younis", "Rafah", "Gaza City")
GAZA_PLACES = ("Gaza", "Khan Younis", "Rafah", "Gaza City", "Deir al-Balah", "the central Gaza Strip")
VERDICTS = ("\u201cterms of surrender\u201d", "\"a waste of time\"", "unacceptable", "a step backwards", "\u201cnothing new\u201d")
SOURCE_PHRASES = ("according to officials familiar with the talks", "sources said", "a diplomat said",
                  "according to a draft seen by reporters")
OUTLETS_IN_TEXT_EXTRA = ("the newspaper", "reporters", "a news conference")
AGENCIES = ("Palestine Foundation Information Center", "Anadolu Agency", "Reuters", "AFP", "Daily Sabah")
FACT_OUTLETS = ("Daily Sabah", "Anadolu Agency", "Middle East Monitor", "Asharq Al-Awsat", "Al Jazeera",
                "Palestine Chronicle", "Hurriyet Daily News")
SECTIONS = ("Policy", "World", "Middle East", "Politics", "News")
BYLINES = ("By Leyla Demir", "By Omar Haddad", "By Sarah Cohen", "By Daniel Brooks", "By Amira Nasser")
PAGE_JUNK_END = ("Show More", "Related Articles", "Back to top button", "Verified by MonsterInsights")
PAGE_JUNK_MIDDLE = ("Advertisement", "Read More", "Share this article")
PHOTO_CREDITS = ("(Reuters Photo)", "(AA Photo)", "(AFP Photo)", "(File photo)")
CAPTION_SCENES = (
    "Mourners carry the bodies of Palestinians killed in an Israeli strike",
    "Displaced Palestinians queue for food",
    "Members of a Hamas delegation arrive for talks",
    "Smoke rises over buildings after an air strike",
    "Relatives of hostages rally outside government offices",
)

# A paragraph opens with one of these; {slots} are filled by Writer.
LEADS = (
    "{party} and {party} discussed {topic} in {place} {when}.",
    "Mediators from {mediator} and {mediator} met {person} {when} to discuss {topic} and {topic}.",
    "{speaker} said {when} that talks on {topic} had made no real progress.",
    "{party} is seeking {party}\u2019s help to relay a new offer on {topic} to {party}, {source_phrase}.",
    "{speaker} told {outlet} that {party} was ready to accept {topic} under international guarantees.",
    "Mediators are working on a new initiative to end the war, with plans to present it to {party} and {party} {when}.",
)
STATEMENTS = (
    "According to {outlet}, {party} has received a revised version of {proposal}.",
    "{proposal} would include {topic} and {topic}, {source_phrase}.",
    "{party} rejected {proposal} {when}, describing its terms as {verdict}.",
    "A {demonym} delegation arrived in {place} {when} for talks with {party_adj} officials.",
    "Talks stalled {when} after {side} insisted on {topic}.",
    "{party} has called for {topic} and criticised what it describes as delays by {party}.",
    "{proposal} was first presented {on_date}, and a second round of talks followed {when}.",
    "{party_adj} officials say at least {number} people have been killed in Gaza since {since_date}.",
    "{demonym} officials said {when} that they expected a response to {proposal} within days.",
    "On {day_opening}, {israel} resumed military operations in {gaza_place}, citing the collapse of talks on {topic}.",
    "The plan also calls for {topic}, {topic} and {topic}.",
    "{person} and {person} last met in {place} over {topic}.",
    "Diplomatic sources suggest {proposal} may be the last attempt before a wider escalation.",
    "{party} is also working through {demonym} intermediaries to increase pressure on {party}.",
    "An earlier agreement was reached {on_date}, with its first phase ending {on_date}.",
    "{speaker} stated that {party} would continue to stand by the Palestinians.",
    "Aid agencies warned {when} that warehouses in {gaza_place} were nearly empty.",
    "The meeting in {place} focused on {topic}, internal Palestinian matters and regional developments.",
    "However, {person} and several officials have rejected {proposal} publicly.",
    "{party} has expressed readiness to support {topic}, in line with {proposal}.",
    "A draft seen by reporters mentions \u201c{any_proposal_phrase}\u201d among the points still open.",
    "There are also disagreements within {party} over the feasibility of {topic}.",
    "For nearly {small_number} weeks, {israel} has blocked the entry of aid into {gaza_place}.",
)
QUOTE_FRAMES = (
    "{open}{quote},{close} {speaker} said.",
    "{open}{quote},{close} {speaker} told {outlet}.",
    "{open}{quote},{close} {speaker} said in a televised statement {when}.",
    "{speaker} stated: {open}{quote}.{close}",
    "{open}{quote},{close} one source told the newspaper.",
    "{open}{quote},{close} {short_person} stated.",
)
QUOTES = (
    "We are ready to immediately engage in negotiations on {topic}",
    "There is no real progress in the negotiations so far",
    "{proposal} contains nothing new",
    "Our position on {topic} has not changed",
    "Partial agreements are only a cover for delay \u2026 we will not accept them",
    "We will not be pressured into accepting terms of surrender",
    "The mediators are doing everything they can to reach {topic}",
    "Any deal must include {topic} and {topic}",
)
TITLES = (
    "{party}, {party} discuss Gaza cease-fire talks",
    "{party} seeks {party}\u2019s help to relay new truce offer",
    "Mediators step up pressure over {proposal}",
    "Intensive mediation efforts\u2026 details of the last-chance negotiations",
    "{short_person} says talks on {topic} have stalled",
    "{party} rejects {proposal} as mediators press on",
    "Talks on {topic} resume in {place}",
)

# Each story has its own words (a town, unregistered people, the things at
# stake), as real reports do: they keep unrelated articles lexically apart, so
# that only articles telling the same story look alike.
STORY_TOWNS = (
    "Beit Lahia", "Beit Hanoun", "Jabalia", "Nuseirat", "Bureij", "Maghazi", "Khuza'a", "Bani Suheila",
    "Abasan", "Al-Mawasi", "Zawaida", "Shujaiya", "Tal al-Hawa", "Sheikh Radwan", "Al-Shati", "Al-Qarara",
    "Al-Arish", "Sderot", "Ashkelon", "Kerem Shalom", "Nitzana", "Al-Awja", "Ismailia", "Port Said",
)
STORY_FIRST_NAMES = (
    "Samir", "Rania", "Yousef", "Huda", "Tariq", "Lina", "Mahmoud", "Dalia", "Karim", "Nour", "Fadi", "Salma",
    "Avi", "Noa", "Eitan", "Tamar", "Mehmet", "Ayse", "Emre", "Zeynep", "Hassan", "Mona", "Walid", "Reem",
)
STORY_LAST_NAMES = (
    "Khoury", "Abu Salem", "Nassar", "Barakat", "Haddad", "Qassem", "Shaheen", "Awad", "Mansour", "Saleh",
    "Levi", "Peretz", "Mizrahi", "Golan", "Yildiz", "Aksoy", "Kaya", "Farouk", "Hamdi", "Zayed", "Tamimi",
)
# Syllables for the names of small places and people that only one story
# mentions: rare words that tell one story from another, as in real reports.
SYLLABLES = ("ka", "ra", "ni", "sha", "bel", "dur", "qa", "mi", "lo", "zan", "tu", "hed", "ar", "si", "wa", "fen",
             "ha", "jo", "ul", "mar", "ta", "ven", "rek", "sa", "dim", "ba", "lu", "nor", "el", "gar")
PLACE_PREFIXES = ("Khirbet", "Tel", "Beit", "Wadi", "Ein", "Kafr", "Deir", "Nahal")
STORY_ROLES = (
    "a municipal official", "the head of a local relief committee", "a spokesperson for the crossings authority",
    "a doctor at a field hospital", "a UN humanitarian coordinator", "a member of the negotiating team",
    "a local council member", "a logistics officer with an aid group",
)
STORY_THINGS = (
    "checkpoint", "corridor", "convoy route", "field hospital", "bakery", "desalination plant", "power line",
    "crossing", "ambulance depot", "tent camp", "school shelter", "water network", "fuel depot", "pier",
    "buffer zone", "detention facility", "border fence", "sewage plant", "grain store", "clinic", "bridge",
    "coastal road", "registration centre", "distribution point", "storage yard", "radio station",
    "prisoner list", "exchange schedule", "inspection regime", "monitoring mission", "airdrop zone",
    "evacuation route", "reconstruction fund", "rubble removal plan", "housing registry", "customs post",
)
STORY_SUPPLIES = (
    "flour", "fuel", "insulin", "antibiotics", "baby formula", "drinking water", "tents", "blankets", "diesel",
    "cooking gas", "vaccines", "anaesthetics", "canned food", "hygiene kits", "solar panels", "spare parts",
    "dialysis filters", "rice", "lentils", "chlorine tablets", "bandages", "generators", "winter clothing",
)
STORY_ADJECTIVES = (
    "northern", "southern", "eastern", "coastal", "temporary", "joint", "disputed", "makeshift", "main",
    "damaged", "reopened", "overcrowded", "new", "contested", "last remaining", "supervised", "provisional",
)
STORY_STATES = (
    "closed", "shelled", "reopened", "partly repaired", "out of service", "under inspection", "overwhelmed",
    "cut off", "restricted to daytime use", "handed to a local committee",
)
STORY_SENTENCES = (
    "{story_person}, {story_role} in {story_town}, said the {story_thing} had been {story_state} since {since_recent}.",
    "Residents of {story_town} said the {story_adjective} {story_thing} was their main concern after {small_number} weeks without {story_supply}.",
    "The {story_thing} near {story_town} was {story_state} {when}, according to {story_person}.",
    "{story_person} told {outlet} that deliveries of {story_supply} to {story_town} had fallen by {percent} percent.",
    "Talks on the {story_adjective} {story_thing} are expected to resume {when}, {story_person} said.",
    "Aid workers in {story_town} described shortages of {story_supply} and {story_supply}.",
    "A {story_adjective} committee would oversee the {story_thing} under {proposal}, {source_phrase}.",
    "The dispute over the {story_thing} in {story_town} delayed the handover of {story_supply} {when}.",
    "{story_person} said families in {story_town} queued for hours for {story_supply} while the {story_thing} stayed {story_state}.",
    "Engineers inspected the {story_adjective} {story_thing} in {story_town}, where {story_supply} and {story_supply} were running out.",
)

_SLOT = re.compile(r"\{(\w+)\}")
# "a Egyptian delegation" -> "an Egyptian delegation" (not "an U.S." or "an European").
_A_BEFORE_VOWEL = re.compile(r"\b([Aa]) (?=[AEIOaeio][a-z]|U[a-z]|u[a-mo-z])")


# -------------------------------------------------------------------- registry

@dataclass(frozen=True)
class Role:
    phrase: str
    start: str  # ISO prefix, "" when open
    end: str


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str
    spellings: tuple[str, ...]  # the canonical name and its aliases
    demonyms: tuple[str, ...]
    roles: tuple[Role, ...]
    weight: int


@dataclass(frozen=True)
class Registry:
    actors: tuple[Actor, ...]
    proposal_phrases: tuple[str, ...]  # every phrase, as the registry writes it
    proposal_names: tuple[str, ...]  # the phrases that read as a name, with their article: "the Biden plan"

    def of_kinds(self, *kinds: str) -> tuple[Actor, ...]:
        return tuple(actor for actor in self.actors if actor.kind in kinds)


def load_registry(folder: Path = REGISTRY) -> Registry:
    """The hand-kept registry -> the spellings the generator writes."""
    with open(folder / "actors.toml", "rb") as handle:
        actors_table = tomllib.load(handle)
    with open(folder / "proposals.toml", "rb") as handle:
        proposals_table = tomllib.load(handle)
    actors = []
    for entry in actors_table.get("actors", []):
        spellings = [entry["name"]] + [alias for alias in entry.get("aliases", []) if alias != entry["name"]]
        roles = [
            Role(phrase, str(role.get("start", "")), str(role.get("end", "")))
            for role in entry.get("roles", [])
            for phrase in role.get("phrases", [])
        ]
        actors.append(Actor(
            name=entry["name"],
            kind=entry.get("kind", "organisation"),
            spellings=tuple(spellings),
            demonyms=tuple(entry.get("demonyms", [])),
            roles=tuple(roles),
            weight=PROMINENCE.get(entry["name"], 1),
        ))
    phrases = [phrase for proposal in proposals_table.get("proposals", []) for phrase in proposal.get("phrases", [])]
    phrases = phrases or ["ceasefire proposal"]
    names = [name for name in map(_as_name, phrases) if name]
    return Registry(tuple(actors), tuple(phrases), tuple(names) or tuple(phrases))


def _as_name(phrase: str) -> str | None:
    """A proposal phrase as a noun phrase ("the Witkoff plan", "Egypt's plan"), or None.

    Phrases that describe content ("release of Edan Alexander", "four bodies of
    deceased captives") do not read as a proposal's name; they go in quotes.
    """
    first = phrase.split()[0]
    if first.lower() in ("release", "one", "two", "three", "four") and not first[0].isdigit() and "-" not in first:
        return None
    if "'s " in phrase or "\u2019s " in phrase:
        return phrase
    return "the " + phrase


# -------------------------------------------------------------------- articles

@dataclass(frozen=True)
class SyntheticArticle:
    """One generated article, kept in parts so it can be written raw or as Markdown."""

    stem: str
    published: datetime.date
    headline: str  # the title line when there is one, else the lead's first words
    has_title_line: bool
    paragraphs: tuple[str, ...]
    section: str | None = None
    caption: str | None = None
    byline: str | None = None
    date_line: str | None = None
    dateline: str = ""  # "GAZA (Agency)" glued or dashed to the first sentence
    junk_after: tuple[tuple[int, str], ...] = ()  # (paragraph index, junk line) inside the text
    junk_end: tuple[str, ...] = ()
    blank_lines: bool = False  # paragraphs between blank lines, or one per line
    crlf: bool = False
    bom: bool = False
    facts: dict = field(default_factory=dict)  # an entry of sources.toml, maybe empty

    def raw_text(self) -> str:
        """The article as a pasted seed file would hold it."""
        gap = [""] if self.blank_lines else []
        lines: list[str] = []
        if self.section:
            lines += [self.section, ""]
        if self.has_title_line:
            lines.append(self.headline)
        if self.caption:
            lines.append(self.caption)
        if self.byline:
            lines.append(self.byline)
        if self.date_line:
            lines.append(self.date_line)
        if lines and self.blank_lines:
            lines += ["", ""]
        junk_after = dict(self.junk_after)
        for index, paragraph in enumerate(self.paragraphs):
            if index == 0:
                paragraph = self.dateline + paragraph
            lines += [paragraph] + gap
            if index in junk_after:
                lines += [junk_after[index]] + gap
        for junk in self.junk_end:
            lines += [junk] + gap
        while lines and not lines[-1]:
            lines.pop()
        return ("\r\n" if self.crlf else "\n").join(lines)

    def raw_bytes(self) -> bytes:
        data = self.raw_text().encode("utf-8")
        return b"\xef\xbb\xbf" + data if self.bom else data

    def markdown(self) -> str:
        """The same article for plain Pelican: metadata, then the paragraphs."""
        header = f"Title: {self.headline}\nDate: {self.published.isoformat()}\nSlug: {self.stem}\n"
        return header + "\n" + "\n\n".join(self.paragraphs) + "\n"


@dataclass(frozen=True)
class Story:
    """What one article (and any follow-up telling the same story) is about."""

    towns: tuple[str, ...]
    people: tuple[str, ...]  # names the registry does not know
    roles: tuple[str, ...]
    things: tuple[str, ...]
    supplies: tuple[str, ...]
    adjectives: tuple[str, ...]
    parties: tuple[str, ...]  # registry actor names in focus
    persons: tuple[str, ...]
    proposals: tuple[str, ...]  # proposal names in focus


def _invented_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def make_story(registry: Registry, rng: random.Random) -> Story:
    people = (f"{rng.choice(STORY_FIRST_NAMES)} {rng.choice(STORY_LAST_NAMES)}",
              f"{rng.choice(STORY_FIRST_NAMES)} {_invented_word(rng)}")
    return Story(
        towns=(rng.choice(STORY_TOWNS), f"{rng.choice(PLACE_PREFIXES)} {_invented_word(rng)}"),
        people=people,
        roles=tuple(rng.sample(STORY_ROLES, 2)),
        things=tuple(rng.sample(STORY_THINGS, 3)),
        supplies=tuple(rng.sample(STORY_SUPPLIES, 3)),
        adjectives=tuple(rng.sample(STORY_ADJECTIVES, 2)),
        parties=tuple(a.name for a in _weighted_sample(rng, registry.of_kinds("state", "organisation"), 3)),
        persons=tuple(a.name for a in _weighted_sample(rng, registry.of_kinds("person"), 3)),
        proposals=tuple(rng.sample(registry.proposal_names, min(2, len(registry.proposal_names)))),
    )


def _weighted_sample(rng: random.Random, actors: tuple[Actor, ...], count: int) -> list[Actor]:
    """count different actors, the prominent ones more likely."""
    chosen: list[Actor] = []
    pool = list(actors)
    while pool and len(chosen) < count:
        pick = rng.choices(pool, weights=[a.weight for a in pool])[0]
        chosen.append(pick)
        pool.remove(pick)
    return chosen


class Writer:
    """Fills the templates for one article from that article's random stream."""

    def __init__(self, registry: Registry, rng: random.Random, published: datetime.date, story: Story):
        self.registry = registry
        self.rng = rng
        self.published = published
        self.story = story
        self.parties = registry.of_kinds("state", "organisation")
        self.mediators = tuple(a for a in self.parties if a.name in ("Qatar", "Egypt", "Türkiye", "United States")) or self.parties
        self.persons = registry.of_kinds("person") or self.parties
        self.outlets = registry.of_kinds("outlet")
        self.with_demonyms = tuple(a for a in registry.actors if a.demonyms) or self.parties
        # Each story is about a few actors and one or two proposals.
        by_name = {actor.name: actor for actor in registry.actors}
        self.focus_parties = [by_name[name] for name in story.parties]
        self.focus_persons = [by_name[name] for name in story.persons]
        self.focus_proposals = list(story.proposals)
        self.quote_marks = rng.choice((("\"", "\""), ("\u201c", "\u201d")))
        self.israel_actor = next((a for a in self.parties if a.name == "Israel"), self.parties[0])
        self.hamas_actor = next((a for a in self.parties if a.name == "Hamas"), self.parties[-1])
        self.used: set[str] = set()  # actors already named in the sentence being written

    def _pick(self, focus: list[Actor], everyone: tuple[Actor, ...]) -> Actor:
        """Mostly the article's own actors, sometimes anyone (weighted); new to the sentence."""
        for _ in range(6):
            if focus and self.rng.random() < 0.75:
                actor = self.rng.choice(focus)
            else:
                actor = self.rng.choices(everyone, weights=[a.weight for a in everyone])[0]
            if actor.name not in self.used:
                break
        self.used.add(actor.name)
        return actor

    # -- slots: each call gives one fresh value

    def party(self) -> str:
        actor = self._pick(self.focus_parties, self.parties)
        return self._spelling(actor)

    def mediator(self) -> str:
        return self._spelling(self._pick([], self.mediators))

    def party_adj(self) -> str:
        """ "Israeli", "Qatari", or the name when there is no demonym ("Hamas")."""
        actor = self._pick(self.focus_parties, self.parties)
        return self.rng.choice(actor.demonyms) if actor.demonyms else self._spelling(actor)

    def israel(self) -> str:
        return self._spelling(self.israel_actor)

    def side(self) -> str:
        return self._spelling(self.rng.choice((self.israel_actor, self.hamas_actor)))

    def _spelling(self, actor: Actor) -> str:
        """The canonical name most of the time, else one of the aliases."""
        if len(actor.spellings) == 1 or self.rng.random() < 0.6:
            return actor.spellings[0]
        return self.rng.choice(actor.spellings[1:])

    def person(self) -> str:
        """A person, sometimes introduced with a role phrase valid on the article's date."""
        actor = self._pick(self.focus_persons, self.persons)
        name = self._spelling(actor)
        roles = [role for role in actor.roles if self._role_holds(role)]
        if not roles or self.rng.random() < 0.5:
            return name
        phrase = self.rng.choice(roles).phrase
        if " of " in phrase:
            return f"{name}, {phrase},"
        return f"{phrase} {name}"

    def _role_holds(self, role: Role) -> bool:
        day = self.published.isoformat()
        return (not role.start or role.start <= day) and (not role.end or day <= role.end)

    def short_person(self) -> str:
        actor = self._pick(self.focus_persons, self.persons)
        return self.rng.choice(actor.spellings)

    def speaker(self) -> str:
        roll = self.rng.random()
        if roll < 0.55:
            return self.person()
        if roll < 0.7:
            return f"a senior {self.demonym()} official"
        if roll < 0.8:
            return f"{self.demonym()} officials"
        if roll < 0.9:
            return f"a spokesperson for {self.party()}"
        return f"two {self.party()} sources, speaking on condition of anonymity,"

    def demonym(self) -> str:
        return self.rng.choice(self.rng.choice(self.with_demonyms).demonyms or ("Palestinian",))

    def outlet(self) -> str:
        if not self.outlets or self.rng.random() < 0.15:
            return self.rng.choice(OUTLETS_IN_TEXT_EXTRA)
        return self._spelling(self.rng.choice(self.outlets))

    def proposal(self) -> str:
        if self.rng.random() < 0.8:
            return self.rng.choice(self.focus_proposals)
        return self.rng.choice(self.registry.proposal_names)

    def any_proposal_phrase(self) -> str:
        return self.rng.choice(self.registry.proposal_phrases)

    def topic(self) -> str:
        return self.rng.choice(TOPICS)

    def place(self) -> str:
        return self.rng.choice(PLACES)

    def gaza_place(self) -> str:
        return self.rng.choice(GAZA_PLACES)

    def verdict(self) -> str:
        return self.rng.choice(VERDICTS)

    def source_phrase(self) -> str:
        return self.rng.choice(SOURCE_PHRASES)

    def number(self) -> str:
        return f"{self.rng.randint(12, 70)},{self.rng.randint(0, 999):03d}"

    def small_number(self) -> str:
        return self.rng.choice(("two", "three", "six", "ten", "eleven"))

    def quote(self) -> str:
        return self.fill(self.rng.choice(QUOTES))

    def story_town(self) -> str:
        """Mostly the story's own small place; the better-known town less often."""
        return self.story.towns[1] if self.rng.random() < 0.75 else self.story.towns[0]

    def story_person(self) -> str:
        return self.rng.choice(self.story.people)

    def story_role(self) -> str:
        return self.rng.choice(self.story.roles)

    def story_thing(self) -> str:
        return self.rng.choice(self.story.things)

    def story_supply(self) -> str:
        return self.rng.choice(self.story.supplies)

    def story_adjective(self) -> str:
        return self.rng.choice(self.story.adjectives)

    def story_state(self) -> str:
        return self.rng.choice(STORY_STATES)

    def percent(self) -> str:
        return str(self.rng.randint(15, 90))

    def since_recent(self) -> str:
        """What follows "since": "March 18", "Sunday", "last month"."""
        day = self._event_day()
        options = [self._absolute(day, with_year=self.rng.random() < 0.5), "last month", "last week"]
        if 1 <= (self.published - day).days <= 6:
            options.append(WEEKDAYS[day.weekday()])
        return self.rng.choice(options)

    # -- dates, relative to the article's publication day

    def _event_day(self) -> datetime.date:
        return self.published - datetime.timedelta(days=self.rng.randint(0, 60))

    def _absolute(self, day: datetime.date, with_year: bool = True) -> str:
        style = self.rng.randrange(3)
        if not with_year:
            return f"{MONTHS[day.month - 1]} {day.day}" if style else f"{day.day} {MONTHS[day.month - 1]}"
        if style == 0:
            return f"{AP_MONTHS[day.month - 1]} {day.day}, {day.year}"
        if style == 1:
            return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"

    def on_date(self) -> str:
        day = self._event_day()
        return "on " + self._absolute(day, with_year=self.rng.random() < 0.6 or day.year != self.published.year)

    def when(self) -> str:
        """A date as news writes it: often relative to the day of publication."""
        day = self._event_day()
        days_before = (self.published - day).days
        previous_month = (self.published.replace(day=1) - datetime.timedelta(days=1)).month
        options = [self.on_date(), "in recent days"]
        if 1 <= days_before <= 6:
            options += [f"on {WEEKDAYS[day.weekday()]}"] * 3
        if 7 <= days_before <= 13:
            options.append("last week")
        if day.month == previous_month:
            options.append("last month")
        if day.month == self.published.month and days_before > 6:
            options.append("earlier this month")
        return self.rng.choice(options)

    def day_opening(self) -> str:
        """What follows a sentence-opening "On": "March 18", "Sunday", "18 March 2025"."""
        day = self._event_day()
        if 1 <= (self.published - day).days <= 6 and self.rng.random() < 0.4:
            return WEEKDAYS[day.weekday()]
        return self._absolute(day, with_year=self.rng.random() < 0.5)

    def since_date(self) -> str:
        return self.rng.choice(("7 October 2023", "October 2023", "Oct. 7, 2023", "last October"))

    # -- assembling

    def fill(self, template: str) -> str:
        """Replace every {slot} with a fresh value and capitalise the sentence."""
        text = _SLOT.sub(self._slot_value, template)
        text = _A_BEFORE_VOWEL.sub(r"\1n ", text)
        return _capitalise(text)

    def _slot_value(self, match: re.Match) -> str:
        name = match.group(1)
        if name == "open":
            return self.quote_marks[0]
        if name == "close":
            return self.quote_marks[1]
        return getattr(self, name)()

    def sentence(self, first: bool = False) -> str:
        self.used = set()
        if first:
            return self.fill(self.rng.choice(LEADS))
        roll = self.rng.random()
        if roll < 0.2:
            return self.fill(self.rng.choice(QUOTE_FRAMES))
        if roll < 0.65:
            return self.fill(self.rng.choice(STORY_SENTENCES))
        return self.fill(self.rng.choice(STATEMENTS))

    def paragraph(self, first: bool = False) -> str:
        count = self.rng.choices((1, 2, 3), weights=(35, 45, 20))[0]
        sentences = [self.sentence(first=first and index == 0) for index in range(count)]
        return " ".join(sentences)

    def title(self) -> str:
        self.used = set()
        return self.fill(self.rng.choice(TITLES)).rstrip(".")


def _capitalise(text: str) -> str:
    """Upper-case the first letter, after any opening quote mark."""
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1:]
    return text


def _headline_from_lead(lead: str) -> str:
    words = lead.split()
    headline = " ".join(words[:12])
    return headline.rstrip(".,;:") + ("\u2026" if len(words) > 12 else "")


def _plan(seed: str, index: int) -> tuple[str, int | None]:
    """Whether article `index` tells a story of its own, follows up an earlier one, or reprints one.

    About one article in eight follows up a recent story (same people, places
    and actors, new sentences) and one in fifty reprints an earlier article
    word for word, as agencies' copy is: the build's same-story and reprint
    grouping then has something to find.
    """
    rng = random.Random(f"{seed}:plan:{index}")
    roll = rng.random()
    parent = max(0, index - rng.randint(1, 40))
    if index == 0 or roll >= 0.14:
        return "own", None
    return ("reprint" if roll < 0.02 else "follow-up"), parent


def story_of(registry: Registry, index: int, seed: str = DEFAULT_SEED) -> tuple[Story, datetime.date]:
    """The story article `index` tells, and its day of publication."""
    kind, parent = _plan(seed, index)
    rng = random.Random(f"{seed}:story:{index}")
    if kind == "own":
        published = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        return make_story(registry, rng), published
    story, day = story_of(registry, parent, seed)
    return story, min(LAST_DAY, day + datetime.timedelta(days=rng.randint(0, 3)))


def make_article(registry: Registry, index: int, seed: str = DEFAULT_SEED) -> SyntheticArticle:
    """Article number `index` of the corpus: the same for every corpus size."""
    rng = random.Random(f"{seed}:article:{index}")
    stem = f"{index:05d}_{rng.getrandbits(64):016x}"
    kind, parent = _plan(seed, index)
    story, published = story_of(registry, index, seed)
    writer = Writer(registry, rng, published, story)

    if kind == "reprint":
        paragraphs = list(make_article(registry, parent, seed).paragraphs)
    else:
        target_words = rng.randint(480, 720)
        paragraphs = [writer.paragraph(first=True)]
        words = len(paragraphs[0].split())
        while words < target_words:
            paragraphs.append(writer.paragraph())
            words += len(paragraphs[-1].split())
        if rng.random() < 0.05:
            paragraphs.insert(len(paragraphs) // 2, "The proposal reportedly included:")

    has_title_line = rng.random() < 0.6
    headline = writer.title() if has_title_line else _headline_from_lead(paragraphs[0])
    blank_lines = rng.random() < 0.5
    section = rng.choice(SECTIONS) if has_title_line and rng.random() < 0.25 else None
    caption = None
    if has_title_line and rng.random() < 0.3:
        day = published - datetime.timedelta(days=rng.randint(0, 3))
        caption = (f"{rng.choice(CAPTION_SCENES)}, {rng.choice(GAZA_PLACES)}, Gaza Strip, Palestine, "
                   f"{MONTHS[day.month - 1]} {day.day}, {day.year}. {rng.choice(PHOTO_CREDITS)}")
    byline = rng.choice(BYLINES) if rng.random() < 0.15 else None
    date_line = None
    if rng.random() < 0.15:
        date_line = f"Published {published.day} {MONTHS[published.month - 1]} {published.year}"
    dateline = ""
    if rng.random() < 0.3:
        place = rng.choice(("GAZA", "DOHA", "CAIRO", "ANKARA", "GAZA CITY", "JERUSALEM"))
        dateline = f"{place} ({rng.choice(AGENCIES)})" + rng.choice(("", " - ", " \u2014 "))
    junk_after = ()
    if rng.random() < 0.15:
        junk_after = ((rng.randrange(len(paragraphs)), rng.choice(PAGE_JUNK_MIDDLE)),)
    junk_end = tuple(junk for junk in PAGE_JUNK_END if rng.random() < 0.35)

    facts = {}
    if rng.random() < 0.25:
        facts["outlet"] = rng.choice(FACT_OUTLETS)
        facts["published"] = published.isoformat() if rng.random() < 0.8 else published.isoformat()[:7]
        if rng.random() < 0.4:
            facts["url"] = f"https://news.example.org/{published.year}/{stem}"

    return SyntheticArticle(
        stem=stem, published=published, headline=headline, has_title_line=has_title_line,
        paragraphs=tuple(paragraphs), section=section, caption=caption, byline=byline,
        date_line=date_line, dateline=dateline, junk_after=junk_after, junk_end=junk_end,
        blank_lines=blank_lines, crlf=rng.random() < 0.05, bom=rng.random() < 0.02, facts=facts,
    )


def edit_article(registry: Registry, article: SyntheticArticle, revision: int, seed: str = DEFAULT_SEED) -> SyntheticArticle:
    """The article after an editor's change: one sentence added to one paragraph.

    The new sentence names actors, a proposal or a date like any other, so an
    incremental build has real dependencies to follow.
    """
    rng = random.Random(f"{seed}:edit:{article.stem}:{revision}")
    index = int(article.stem.split("_")[0])
    writer = Writer(registry, rng, article.published, story_of(registry, index, seed)[0])
    paragraphs = list(article.paragraphs)
    where = rng.randrange(len(paragraphs))
    paragraphs[where] = paragraphs[where] + " " + writer.sentence()
    return replace(article, paragraphs=tuple(paragraphs))


# ---------------------------------------------------------------------- output

def write_article(article: SyntheticArticle, seeds: Path, markdown: Path) -> None:
    """One article as seeds/<stem>.txt and markdown/<stem>.md."""
    (seeds / f"{article.stem}.txt").write_bytes(article.raw_bytes())
    (markdown / f"{article.stem}.md").write_text(article.markdown(), encoding="utf-8")


def write_sources(articles: list[SyntheticArticle], path: Path) -> None:
    """seeds/sources.toml: what an editor would know for about a quarter of them."""
    lines = ["# Source facts for the synthetic benchmark corpus (generated by bench/corpus.py)."]
    for article in articles:
        if not article.facts:
            continue
        lines.append("")
        lines.append(f"[{json.dumps(article.stem + '.txt')}]")
        for key, value in article.facts.items():
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_corpus(folder: Path, count: int, seed: str = DEFAULT_SEED, registry: Registry | None = None) -> list[SyntheticArticle]:
    """folder/seeds (raw articles + sources.toml) and folder/markdown, both fresh."""
    registry = registry or load_registry()
    seeds, markdown = folder / "seeds", folder / "markdown"
    for target in (seeds, markdown):
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
    articles = [make_article(registry, index, seed) for index in range(count)]
    for article in articles:
        write_article(article, seeds, markdown)
    write_sources(articles, seeds / "sources.toml")
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic synthetic corpus of raw articles (and Markdown).")
    parser.add_argument("folder", type=Path, help="where seeds/ and markdown/ are written (both replaced)")
    parser.add_argument("--count", type=int, default=100, help="number of articles (default 100)")
    parser.add_argument("--seed", default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    articles = write_corpus(args.folder, args.count, args.seed)
    words = sum(len(" ".join(a.paragraphs).split()) for a in articles)
    print(f"wrote {len(articles)} articles ({words // max(len(articles), 1)} words each on average) into {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
