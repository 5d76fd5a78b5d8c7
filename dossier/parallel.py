"""Work spread over the machine's cores: independent per item, or beside the caller's.

Forked workers, not spawned ones: they inherit the function (with its
compiled patterns) and the items, so only indices go to them and only the
results come back through a pipe.
"""
from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

# Below this many items starting workers costs more than it saves.
PARALLEL_FROM = 200

_function = None
_items: list = []


def fork_map(function, items: list, processes: int | None = None) -> Iterator:
    """function(item) for each item, in order, each given as soon as it and those before are done.

    In worker processes when there are many items: the caller can take in
    each result while the workers go on with the next ones.
    """
    processes = processes or os.cpu_count() or 1
    if len(items) < PARALLEL_FROM or processes < 2:
        yield from map(function, items)
        return
    global _function, _items
    _function, _items = function, items
    # Small chunks keep both workers busy to the end; not so small that the pipe dominates.
    size = max(16, len(items) // (processes * 8))
    chunks = [range(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    try:
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
            for results in pool.map(_run_chunk, chunks):
                yield from results
    finally:
        _function, _items = None, []


def _run_chunk(indices: range) -> list:
    return [_function(_items[i]) for i in indices]


class Aside:
    """A call running in a forked process (or already done here); result() waits for its value."""

    def __init__(self, function, args: tuple, fork: bool):
        self._process = None
        if not fork:
            self._value = function(*args)
            return
        self._receive, send = multiprocessing.Pipe(duplex=False)
        self._process = multiprocessing.get_context("fork").Process(target=_send_result, args=(send, function, args))
        self._process.start()
        send.close()

    def result(self):
        if self._process is None:
            return self._value
        try:
            failed, value = self._receive.recv()
        except EOFError:
            failed, value = True, f"the process ended with code {self._process.exitcode} before sending a result"
        finally:
            self._receive.close()
            self._process.join()
        if failed:
            raise RuntimeError(f"work run aside failed: {value}")
        return value


def run_aside(function, *args, fork: bool = True) -> Aside:
    """Start function(*args) in a forked process, beside what the caller does next.

    For a large piece of work independent of that. With fork False (small
    inputs, where forking costs more than it saves) it runs here, at once.
    """
    return Aside(function, args, fork and (os.cpu_count() or 1) > 1)


def _send_result(send, function, args: tuple) -> None:
    try:
        value = (False, function(*args))
    except BaseException:  # the parent re-raises it with the traceback
        value = (True, traceback.format_exc())
    send.send(value)
    send.close()
