"""Work that is independent per item, spread over the machine's cores.

Forked workers, not spawned ones: they inherit the function (with its
compiled patterns) and the items, so only indices go to them and only the
results come back through a pipe.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

# Below this many items starting workers costs more than it saves.
PARALLEL_FROM = 200

_function = None
_items: list = []


def fork_map(function, items: list, processes: int | None = None) -> list:
    """[function(item) for item in items], in worker processes when there are many items."""
    processes = processes or os.cpu_count() or 1
    if len(items) < PARALLEL_FROM or processes < 2:
        return [function(item) for item in items]
    global _function, _items
    _function, _items = function, items
    # Small chunks keep both workers busy to the end; not so small that the pipe dominates.
    size = max(16, len(items) // (processes * 8))
    chunks = [range(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    try:
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
            return [result for chunk in pool.map(_run_chunk, chunks) for result in chunk]
    finally:
        _function, _items = None, []


def _run_chunk(indices: range) -> list:
    return [_function(_items[i]) for i in indices]
