"""One build at a time per output folder.

Two builds into one output/ (a devserver rebuilding while `make html` runs)
would stage, publish and delete each other's trees. The lock is an flock(2)
on a file in the build folder: the kernel releases it when the process ends,
however it ends, so a killed build never leaves a stale lock behind.
"""
from __future__ import annotations

import fcntl
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from .faults import BuildStopped

LOCK_FILE = "lock"


class BuildLock:
    """The held lock on a build folder; check() says whether it still guards that folder."""

    def __init__(self, work: Path, descriptor: int):
        self.work = work
        self.descriptor = descriptor

    def check(self) -> None:
        """Raise BuildStopped when the build folder was deleted (or replaced) since the lock was taken.

        Another build may then have made a folder of the same name, and what
        this build would publish from it would not be its own.
        """
        try:
            same = os.path.samestat(os.stat(self.work / LOCK_FILE), os.fstat(self.descriptor))
        except FileNotFoundError:
            same = False
        if not same:
            raise BuildStopped(f"the build folder {self.work} was deleted during the build (by `make clean`?); "
                               "build again")


@contextmanager
def build_lock(work: Path, output: Path, wait: bool = True):
    """Hold the build folder's lock for the block; wait for another build holding it, or fail at once."""
    work.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(work / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            running = f"another build of {output} is running (pid {_holder(descriptor)})"
            if not wait:
                raise BuildStopped(f"{running}; let it finish, or build without --no-wait to wait for it") from None
            print(f"{running}; waiting…", file=sys.stderr, flush=True)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        yield BuildLock(work, descriptor)
    finally:
        os.close(descriptor)


def _holder(descriptor: int) -> str:
    """The pid the holding build wrote into the lock file ("?" if it has not yet)."""
    return os.pread(descriptor, 32, 0).decode("ascii", "replace").strip() or "?"
