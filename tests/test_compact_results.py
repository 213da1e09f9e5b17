"""The compact forms a national run keeps: `Verdicts` for the eligibility list and
key-sharing dicts for indicator values and score parts. Each must behave exactly
like the plain form it replaces."""

from __future__ import annotations

import pickle
import platform
import tracemalloc
from array import array
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalkit import D
from standards_rules.compact import dict_maker
from standards_rules.records.fast import Shared, fast_standard
from standards_rules.report import EligibilityEntry, FailedRule, Report
from standards_rules.verdicts import Verdicts


@attrs.frozen
class _Judged:
    number: str
    enterprise: str


STRICTER = (FailedRule("stricter", "严于国家标准", "三.4"),)
SUBJECT = (FailedRule("subject", None, None),)


def _verdicts() -> Verdicts:
    standards = [_Judged("Q/A 1", "E1"), _Judged("Q/A 2", "E1"), _Judged("Q/B 1", "E2")]
    return Verdicts(standards, array("I", [0, 2, 1]), [(), SUBJECT, STRICTER])


ENTRIES = (
    EligibilityEntry("Q/A 1", "E1", True, ()),
    EligibilityEntry("Q/A 2", "E1", False, STRICTER),
    EligibilityEntry("Q/B 1", "E2", False, SUBJECT),
)


def test_verdicts_read_as_the_tuple_of_their_entries() -> None:
    verdicts = _verdicts()
    assert len(verdicts) == 3
    assert tuple(verdicts) == ENTRIES
    assert verdicts[1] == ENTRIES[1] and verdicts[-1] == ENTRIES[2]
    assert verdicts[:2] == ENTRIES[:2] and verdicts[::-1] == ENTRIES[::-1]
    assert verdicts == ENTRIES and hash(verdicts) == hash(ENTRIES)
    assert ENTRIES.__eq__(verdicts) is NotImplemented and verdicts.__eq__(ENTRIES)
    assert verdicts != ENTRIES[:2] and verdicts != list(ENTRIES)
    assert repr(verdicts) == repr(ENTRIES)
    assert ENTRIES[1] in verdicts and verdicts.index(ENTRIES[2]) == 2
    assert pickle.loads(pickle.dumps(verdicts)) == ENTRIES
    with pytest.raises(IndexError):
        verdicts[3]
    with pytest.raises(IndexError):
        verdicts[-4]


def test_verdicts_refuse_an_inconsistent_layout() -> None:
    with pytest.raises(ValueError, match="one failure pattern per standard"):
        Verdicts([_Judged("Q/A 1", "E1")], array("I"), [()])
    with pytest.raises(ValueError, match="pattern 0"):
        Verdicts([_Judged("Q/A 1", "E1")], array("I", [0]), [STRICTER])


def test_a_report_writes_verdicts_as_it_writes_the_entries() -> None:
    def report(eligibility: object) -> Report:
        return Report("r", "1", "abc", D(2021, 6, 1), eligibility=eligibility)  # type: ignore[arg-type]

    compact, plain = report(_verdicts()), report(ENTRIES)
    assert compact.to_json() == plain.to_json()
    assert compact.to_dict() == plain.to_dict()
    assert compact == plain


KEYS = st.one_of(st.text(max_size=8), st.sampled_from(["__class__", "__dict__", "__weakref__"]))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, st.floats(allow_nan=False), max_size=6))
def test_compact_dicts_are_plain_dicts_with_the_same_items(items: dict[str, float]) -> None:
    made = dict_maker(items)(list(items.values()))
    assert type(made) is dict and made == items and list(made) == list(items)
    made["another key"] = 1.0  # still an ordinary, mutable dict
    assert made["another key"] == 1.0


def _traced_bytes(make: Callable[[int], object], count: int = 2000) -> float:
    """The memory `count` results of `make` hold, per result."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [make(n) for n in range(count)]
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(kept) == count
    return held / count


@pytest.mark.skipif(
    platform.python_implementation() != "CPython", reason="key sharing is CPython's"
)
def test_compact_dicts_take_far_less_memory_than_plain_ones() -> None:
    make = dict_maker(["sulfur", "calorific", "ash"])
    compact = _traced_bytes(lambda n: make([float(n), 2.0, 3.0]))
    plain = _traced_bytes(lambda n: {"sulfur": float(n), "calorific": 2.0, "ash": 3.0})
    assert compact < 0.75 * plain


@pytest.mark.skipif(
    platform.python_implementation() != "CPython", reason="key sharing is CPython's"
)
def test_loaded_indicator_values_are_compact_dicts() -> None:
    shared = Shared()

    def load(n: int) -> object:
        raw = {
            "number": f"Q/A {n}",
            "enterprise": "E",
            "status": "current",
            "subject": "product",
            "indicators": {"sulfur": n / 7, "calorific": n, "ash": n / 3},
        }
        return fast_standard(raw, shared).indicators

    values = load(7)
    assert type(values) is dict and values == {"sulfur": 1.0, "calorific": 7.0, "ash": 7 / 3}
    compact = _traced_bytes(load)
    plain = _traced_bytes(lambda n: {"sulfur": n / 7, "calorific": float(n), "ash": n / 3})
    # Each loaded standard also holds its number's text and floats; the dict itself is smaller.
    assert compact < plain
