"""Work spread over the cores gives what the same work gives in one process."""
from __future__ import annotations

import pytest

from dossier.parallel import PARALLEL_FROM, fork_map, run_aside


def square(n: int) -> int:
    return n * n


def refuse(reason: str) -> None:
    raise ValueError(reason)


def test_fork_map_keeps_the_order_of_the_items():
    items = list(range(PARALLEL_FROM + 37))
    assert list(fork_map(square, items)) == [n * n for n in items]


@pytest.mark.parametrize("fork", [True, False])
def test_work_run_aside_gives_its_value(fork):
    assert run_aside(sum, [1, 2, 3], fork=fork).result() == 6


def test_a_failure_aside_is_raised_with_what_went_wrong():
    aside = run_aside(refuse, "no quorum")
    with pytest.raises(RuntimeError, match="ValueError: no quorum"):
        aside.result()
