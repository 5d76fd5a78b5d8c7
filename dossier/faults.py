"""Why a build stopped short of the end, in one sentence for the user; and the hook tests stop it with.

Whatever stops a build before it publishes (a full disk, a read-only folder,
a deleted build folder, a locked store, a seed changed under it) leaves
output/ as it was: the message says so, names what happened and what to do.
"""
from __future__ import annotations

import errno
import os
import signal
import sqlite3
from collections import Counter
from pathlib import Path

# Tests set this to "<checkpoint>" or "<checkpoint>#<n>" (the n-th time it is
# reached) to have the build kill itself there with SIGKILL, as a power cut or
# `kill -9` would: the honest way to stop it at a chosen point of its work.
STOP_AT = "DOSSIER_TEST_STOP_AT"
_reached: Counter = Counter()


class BuildStopped(Exception):
    """The build could not finish; output/ was left as it was. The message is for the user."""


def checkpoint(name: str) -> None:
    """A named point of the build where a test may kill it (see STOP_AT)."""
    wanted = os.environ.get(STOP_AT)
    if not wanted:
        return
    _reached[name] += 1
    if wanted in (name, f"{name}#{_reached[name]}"):
        os.kill(os.getpid(), signal.SIGKILL)


UNCHANGED = "output left unchanged"


def explain(error: Exception, output: Path, work: Path, seeds: Path) -> str:
    """An error that stopped the build -> what happened and what to do, in one line."""
    if isinstance(error, BuildStopped):
        return f"{error}; {UNCHANGED}"
    if isinstance(error, sqlite3.Error):
        return f"{_store_problem(error, work)}; {UNCHANGED}"
    if not isinstance(error, OSError):  # the search index or a rendering process
        return f"{error}; {UNCHANGED}"
    where = error.filename or "a file"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"no space left on the device while writing {where}; free some space "
                f"(a build needs room for the new pages beside the old site) and build again; {UNCHANGED}")
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (f"cannot write {where} ({error.strerror}); the site is built in {work} and published as {output}: "
                f"make their folder writable and build again; {UNCHANGED}")
    if error.errno == errno.ENOENT and _inside(where, seeds):
        return f"{where} was removed while the build read it; build again; {UNCHANGED}"
    if error.errno == errno.ENOENT and not work.is_dir():
        return f"the build folder {work} was deleted during the build (by `make clean`?); build again; {UNCHANGED}"
    return f"{error.strerror or error} ({where}); {UNCHANGED}"


def _store_problem(error: sqlite3.Error, work: Path) -> str:
    store = f"the rebuild store ({work}/articles-*.sqlite)"
    name = getattr(error, "sqlite_errorname", "")
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return f"{store} is locked by another program: close it and build again"
    if name == "SQLITE_FULL":
        return f"no space left on the device while writing {store}; free some space and build again"
    return (f"{store} cannot be used ({error}): delete it (the next build then reads every seed again) "
            "and build again")


def _inside(path: str, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())
