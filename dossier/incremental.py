"""Rebuilds that redo only what an edit touched; the output is the same as a full build's.

The build keeps, beside the output, what it learnt last time: each seed's
normalized article and extraction (by digest of the seed's bytes and facts,
in one SQLite file) and, for each generated page, a digest of everything its
template shows. A page is rendered again only when that digest changes.
Anything that can change every page (the theme, the settings, the build
code) changes the inputs digest and makes the next build a full one. A
registry edit reads every seed again and renders every page, but only the
files whose bytes changed are indexed for search again (rebuild.Rebuild).
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

from .models import RawSeed, SourceFacts

log = logging.getLogger(__name__)

STATE_FILE = "state.pickle"
PENDING_STATE_FILE = "state.pending.pickle"
ARTICLES_FILE = "articles"
# Everything under these folders (relative to the project) can change any page.
_CODE = Path(__file__).resolve().parent


@dataclass
class BuildState:
    inputs: str  # digest of theme, settings and code
    pages: dict[str, str] = field(default_factory=dict)  # page key ("actors/hamas") -> digest of what it shows
    site: tuple[int, int] | None = None  # site_identity of the output folder these pages are in
    registry: str | None = None  # digest of the registry (and code) the pages were made with


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


def page_versions(pages) -> dict[str, str]:
    """Each generated page's state key -> a digest of what it shows (render.GeneratedPage.shows)."""
    return {page.name: digest_of(*page.shows) for page in pages}


def digest_of(*parts) -> str:
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
