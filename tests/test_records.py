"""Model records pickle as their values (rebuilds read back every extraction)."""
import pickle

import pytest

from dossier.dates import PartialDate
from dossier.models import Extraction, Mention, Problem
from dossier.records import record


@record
class _One:
    value: int


@record(order=True)
class _Ordered:
    first: int
    second: str = "b"


@pytest.mark.parametrize("original", [
    Mention("hamas", 3, 10, 15, "Hamas"),
    Mention("steve-witkoff", 1, 0, 7, "the envoy", role="US Special Envoy"),
    PartialDate(2025, 1, None),
    Problem("seeds/a.txt", None, "no date", "warning"),
    _One(7),
    _Ordered(1),
    Extraction("a", (Mention("x", 1, 0, 1, "X"),), (), (), (), (), ((1, "the minister"),)),
])
def test_a_record_comes_back_equal_and_of_its_class(original):
    copy = pickle.loads(pickle.dumps(original, protocol=5))
    assert copy == original
    assert type(copy) is type(original)
    assert hash(copy) == hash(original)


def test_records_stay_frozen_and_ordered_after_a_round_trip():
    copy = pickle.loads(pickle.dumps(_Ordered(2, "a")))
    with pytest.raises(AttributeError):
        copy.first = 3
    assert _Ordered(1, "z") < copy
    assert not hasattr(copy, "__dict__")


def test_the_pickle_names_the_record_class_not_a_helper_module():
    data = pickle.dumps(Mention("hamas", 3, 10, 15, "Hamas"), protocol=5)
    assert b"Mention._restore" in data
    assert b"dossier.records" not in data
