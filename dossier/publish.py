"""Publishing all at once: output/ is the previous site or the new one, whenever the build stops.

The new site is put together whole in the build folder: a full build renders
every file there; a rebuild renders the pages that changed and hard-links
every other file of output/ into it (a link costs no copy, and what the rest
of the build writes replaces links, never writes through them). One
rename(2) with RENAME_EXCHANGE then swaps the two folders: there is no moment
when output/ is missing or mixed. Only after that is the old tree deleted.

The build's state (which page shows what) is written beside it first, naming
the folder it describes by device and inode: the next build trusts the state
that names the folder now at output/, so a build killed on either side of the
swap is followed by a correct one.

Where the file system cannot exchange two names, output/ is renamed aside
and the new tree into its place; a build killed between the two renames
leaves output/ missing for a moment, and the next build puts the old one back.
"""
from __future__ import annotations

import ctypes
import errno
import filecmp
import logging
import os
import shutil
from pathlib import Path

from .faults import BuildStopped, checkpoint
from .incremental import BuildState, keep_pending_state, save_state, site_identity
from .lock import BuildLock
from .search import BUNDLE, MANIFEST

log = logging.getLogger(__name__)

# Rewritten in place by the search index (a link would carry the write into
# the published site): copied instead.
COPIED = {f"{BUNDLE}/{MANIFEST}"}
PREVIOUS = "previous"  # output/ renamed aside, where the two names cannot be exchanged
_RENAME_EXCHANGE = 2
_AT_CWD = -100


def clear_leftovers(work: Path, output: Path) -> None:
    """Undo what a killed build left half done: put output/ back, delete staged trees and scratch."""
    previous = work / PREVIOUS
    if previous.is_dir() and not output.exists():
        previous.rename(output)
        log.warning("%s was put back: the last build was stopped while publishing", output)
    for leftover in [previous, work / "output", *work.glob(f".{output.name}.search-*")]:
        if leftover.exists():
            shutil.rmtree(leftover)


def seed_stamps(seeds: Path) -> dict[str, tuple[int, int, int]]:
    """Name -> (size, modification time, inode) of each file in the seeds folder: to see one change."""
    if not seeds.is_dir():
        return {}
    stamps = {}
    for entry in os.scandir(seeds):
        if entry.is_file():
            status = entry.stat()
            stamps[entry.name] = (status.st_size, status.st_mtime_ns, status.st_ino)
    return stamps


def complete_from(staging: Path, output: Path, removed: set[str]) -> set[str]:
    """Make staging (a rebuild's changed pages) the whole new site: link in output's other files.

    Returns the paths (relative, "/"-separated) of every file whose bytes
    changed, written or deleted: what the search index must look at again.
    """
    rendered = {path.relative_to(staging).as_posix() for path in staging.rglob("*") if path.is_file()}
    touched = set()
    for folder, subfolders, files in os.walk(output):
        relative = Path(folder).relative_to(output).as_posix()
        relative = "" if relative == "." else relative + "/"
        if relative.rstrip("/") in removed:  # a page whose article is gone
            touched.update(f"{relative}{name}" for name in files)
            touched.update(path.relative_to(output).as_posix() for sub in subfolders
                           for path in (Path(folder) / sub).rglob("*") if path.is_file())
            subfolders.clear()
            continue
        (staging / relative).mkdir(exist_ok=True)
        for name in files:
            path = relative + name
            source, target = Path(folder, name), staging / path
            if path in rendered:
                # The site-wide pages are rendered every time; most come out the same.
                if not filecmp.cmp(source, target, shallow=False):
                    touched.add(path)
                rendered.discard(path)
            elif path in COPIED:
                shutil.copyfile(source, target)
            else:
                _link(source, target)
                checkpoint("link")
    return touched | rendered  # rendered now holds only the new files


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copy2(source, target)  # a file system without hard links


def publish(staging: Path, output: Path, state: BuildState, lock: BuildLock, seeds: Path,
            stamps: dict[str, tuple[int, int, int]]) -> None:
    """Swap the finished staging tree in as output, with the state that describes it; delete the old one."""
    now = seed_stamps(seeds)
    if now != stamps:
        name = min(set(stamps.items()) ^ set(now.items()))[0]
        raise BuildStopped(f"{seeds / name} changed or was removed while the build read it; build again")
    lock.check()
    save_state(lock.work, BuildState(state.inputs, state.pages, site_identity(staging), state.registry), pending=True)
    checkpoint("state saved")
    if output.exists():
        _exchange(staging, output, lock.work / PREVIOUS)
    else:
        staging.rename(output)
    checkpoint("swapped")
    keep_pending_state(lock.work)
    checkpoint("state kept")
    for old in (staging, lock.work / PREVIOUS):
        shutil.rmtree(old, ignore_errors=True)


def _exchange(staging: Path, output: Path, previous: Path) -> None:
    """output <-> staging in one step; else output aside, staging in its place (see the module's docstring)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        if renameat2(_AT_CWD, os.fsencode(staging), _AT_CWD, os.fsencode(output), _RENAME_EXCHANGE) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(output))
    output.rename(previous)
    checkpoint("aside")
    staging.rename(output)
    previous.rename(staging)
