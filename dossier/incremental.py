"""Rebuilds that redo only what an edit touched; the output is the same as a full build's.

The build keeps, beside the output, what it learnt last time: each seed's
normalized article and extraction (by digest of the seed's bytes and facts,
in one SQLite file) and, for each generated page, a digest of everything its
template shows. A page is rendered again only when that digest changes.
Anything that can change every page (the registry, the theme, the settings,
the build code) changes the inputs digest and makes the next build a full one.
"""
from __future__ import annotations

import hashlib
import logging
import pickle
import shutil
import sqlite3
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .index import DossierIndex
from .models import Dossier, RawSeed, SourceFacts

log = logging.getLogger(__name__)

STATE_FILE = "state.pickle"
PENDING_STATE_FILE = "state.pending.pickle"
ARTICLES_FILE = "articles"
# Everything under these folders (relative to the project) can change any page.
_CODE = Path(__file__).resolve().parent


@dataclass
class BuildState:
    inputs: str  # digest of registry, theme, settings and code
    pages: dict[str, str] = field(default_factory=dict)  # page key ("actors/hamas") -> digest of what it shows
    site: tuple[int, int] | None = None  # site_identity of the output folder these pages are in


class ArticleStore:
    """What was learnt from each seed alone (pipeline.SeedRead), pickled, by seed digest.

    One SQLite file: a rebuild after one edit writes one row and deletes one,
    and a full build writes all rows in one transaction. (A file per seed
    cost a full build at 5,000 articles about 2 s of kernel time: creating
    thousands of files where as many were just deleted is slow on ext4.) The
    file is named after the inputs digest: entries made with another registry
    or other code are never read.
    """

    def __init__(self, work: Path, inputs: str):
        self.work = work
        self.path = work / f"{ARTICLES_FILE}-{inputs[:16]}.sqlite"

    def _connect(self) -> sqlite3.Connection:
        self.work.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path)
        connection.execute("CREATE TABLE IF NOT EXISTS entries (digest TEXT PRIMARY KEY, entry BLOB NOT NULL)")
        return connection

    def load(self, digests: list[str]) -> dict[str, object]:
        """The entries kept for these digests (those missing or unreadable are left out)."""
        if not self.path.is_file():
            return {}
        wanted = set(digests)
        found = {}
        try:
            with closing(self._connect()) as connection:
                for digest, entry in connection.execute("SELECT digest, entry FROM entries"):
                    if digest in wanted:
                        found[digest] = pickle.loads(entry)
        except sqlite3.OperationalError as error:
            if error.sqlite_errorname in ("SQLITE_BUSY", "SQLITE_LOCKED"):
                raise  # another program holds it: reading everything again would not free it
            return self._damaged(error)
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
            return self._damaged(error)
        return found

    def _damaged(self, error: Exception) -> dict:
        log.warning("%s: the rebuild store is damaged (%s); every seed is read again and the store made anew", self.path, error)
        return {}

    def clear(self, everything: bool) -> None:
        """Delete the stores made with other inputs, and this one as well when everything."""
        for path in self.work.glob(f"{ARTICLES_FILE}-*"):
            if path == self.path and not everything:
                continue
            if path.is_dir():
                shutil.rmtree(path)  # a store of an older build, a folder of files
            else:
                path.unlink()

    @contextmanager
    def writing(self):
        """keep(digest, pickled entry) for each new entry, all in one transaction."""
        with closing(self._connect()) as connection, connection:
            def keep(digest: str, entry: bytes) -> None:
                connection.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (digest, entry))
            yield keep

    def keep_only(self, digests: set[str]) -> None:
        """Delete the entries of seeds that are gone or changed."""
        if not self.path.is_file():
            return
        with closing(self._connect()) as connection, connection:
            kept = [digest for (digest,) in connection.execute("SELECT digest FROM entries")]
            connection.executemany("DELETE FROM entries WHERE digest = ?", [(d,) for d in kept if d not in digests])


def inputs_digest(folders: list[Path], files: list[Path], settings: object) -> str:
    """One digest of every input that is not a seed."""
    digest = hashlib.sha256(repr(settings).encode("utf-8"))
    for folder in [*folders, _CODE]:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.name != "candidates.toml"):
            digest.update(str(path.relative_to(folder)).encode("utf-8"))
            digest.update(path.read_bytes())
    for path in files:
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def seed_digest(seed: RawSeed, facts: SourceFacts) -> str:
    digest = hashlib.sha256(seed.name.encode("utf-8") + b"\0")
    digest.update(seed.data)
    digest.update(b"\0" + repr(facts).encode("utf-8"))
    return digest.hexdigest()


def site_identity(folder: Path) -> tuple[int, int] | None:
    """(device, inode) of a folder, which a rename keeps: which tree a state describes."""
    try:
        status = folder.stat()
    except FileNotFoundError:
        return None
    return status.st_dev, status.st_ino


def load_state(work: Path, inputs: str, output: Path) -> BuildState:
    """The state of the site now at output when it was built with the same inputs, else an empty one.

    A build stopped while publishing leaves two states, the last one and its
    own (pending); the one naming the folder at output is the true one.
    """
    site = site_identity(output)
    for name in (PENDING_STATE_FILE, STATE_FILE):
        try:
            with open(work / name, "rb") as handle:
                state = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            continue
        if isinstance(state, BuildState) and site is not None and state.site == site and state.inputs == inputs:
            return state
    return BuildState(inputs)


def save_state(work: Path, state: BuildState, pending: bool = False) -> None:
    """Write the state, as pending while its site is not yet published (see publish.py)."""
    name = PENDING_STATE_FILE if pending else STATE_FILE
    temporary = work / (name + ".new")
    with open(temporary, "wb") as handle:
        pickle.dump(state, handle, protocol=5)
    temporary.replace(work / name)


def keep_pending_state(work: Path) -> None:
    """The pending state becomes the state: its site was published."""
    (work / PENDING_STATE_FILE).replace(work / STATE_FILE)


def page_digests(dossier: Dossier, index: DossierIndex, article_versions: dict[str, str]) -> dict[str, str]:
    """Page key -> digest of what its template shows (pages drawn from the whole dossier are not here).

    An article, and all that was extracted from it, follows from its seed and
    the inputs digest: ``article_versions`` (article id -> seed digest) stands
    for it, which spares hashing the whole text of every article each build.
    What several pages show (an event, a proposal, a paragraph's "Cited on"
    links, an article's version) is made into a string once; a page's digest
    is fed those strings, and the repr of the little else it shows.
    """
    lines = {article_id: f"{article_id} {version}" for article_id, version in article_versions.items()}

    def versions(article_ids) -> str:
        """The articles a page shows or cites: it changes when one of them does (e.g. a cited title)."""
        # An article not in this build stands as its id alone.
        return "\n".join([lines.get(a, a) for a in sorted(set(article_ids))])

    # An event shows on its actors', its proposals' and its month's pages; a
    # proposal on its own page and on those of the actors that made or answered it.
    events = {event.id: _digest(event) for event in dossier.events}
    proposals = {proposal.id: _digest(proposal) for proposal in dossier.proposals}

    def of(shown_events) -> str:
        return "".join([events[event.id] for event in shown_events])

    # Each article's "Cited on" links, paragraph by paragraph. The same links
    # (one actor's statements, say) stand on many paragraphs: hashed once each.
    link_digests, cited_on = {}, {}
    for (article_id, number), links in index.backlinks.items():
        digest = link_digests.get(links)
        if digest is None:
            digest = link_digests[links] = _digest(links)
        cited_on.setdefault(article_id, []).append(f"{number} {digest}")

    pages = {}
    for article in dossier.articles:
        # Sorted: in whatever order the citations were found, the page is the same.
        pages[f"articles/{article.id}"] = _digest(
            article_versions[article.id], "\n".join(sorted(cited_on.get(article.id, ()))),
            versions(index.related_articles.get(article.id, ())))
    for actor in dossier.actors:
        view = index.actors[actor.id]
        # Mentions, spellings and statements come from the articles' extractions.
        shown = [a for a, _ in view.by_article + view.statements]
        shown += [c.article for e in view.events for c in e.citations]
        shown += [c.article for c in actor.profile.citations]
        shown += [c.article for _, r in view.responses for c in r.what.citations]
        pages[f"actors/{actor.id}"] = _digest(
            actor, of(view.events), [proposals[p.id] for p in view.proposed],
            [(proposals[p.id], r) for p, r in view.responses], view.relations, versions(shown))
    for candidate in index.provisional.values():  # not yet reviewed: its names and mentions
        pages[f"actors/{candidate.id}"] = _digest(candidate, versions(a for a, _ in candidate.mentions))
    for slug, target in index.redirects.items():
        pages[f"actors/{slug}"] = _digest(pages[f"actors/{target}"], slug)
    for proposal in dossier.proposals:
        view = index.proposals[proposal.id]
        shown = list(view.sources) + [c.article for e in view.events for c in e.citations]
        pages[f"proposals/{proposal.id}"] = _digest(proposals[proposal.id], of(view.events), view.sources, versions(shown))
    for number, chunk in enumerate(index.source_pages[1:], start=2):
        notes = [index.problems_by_file.get(a.source_file) for a in chunk]
        pages[f"sources/{number}"] = _digest([article_versions[a.id] for a in chunk], notes, len(index.source_pages))
    months = sorted(index.events_by_page)
    for position, key in enumerate(months):
        shown = index.events_by_page[key]
        neighbours = (months[position - 1] if position else None, months[position + 1] if position + 1 < len(months) else None)
        pages[f"chronology/{key}"] = _digest(of(shown), neighbours, versions(c.article for e in shown for c in e.citations))
    return pages


def _digest(*parts) -> str:
    """sha256 of the parts, each after its length: a string as it is, anything else as its repr.

    repr, not pickle: pickle's bytes depend on which equal objects happen to be
    shared. Fed part by part, so a big actor's page never becomes one huge string.
    """
    hasher = hashlib.sha256()
    for part in parts:
        data = (part if isinstance(part, str) else repr(part)).encode("utf-8")
        hasher.update(b"%d:" % len(data))
        hasher.update(data)
    return hasher.hexdigest()
