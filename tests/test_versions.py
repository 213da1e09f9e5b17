"""Versions (SPEC §4.6): the current standard of each title, remembered walk or not."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from standards_rules.evaluate.versions import Versions
from standards_rules.records.model import Standard, Status, Subject


def _standard(number: str, replaces: str | None, day: int = 1) -> Standard:
    return Standard(
        number=number,
        enterprise="E",
        status=Status.CURRENT,
        subject=Subject.PRODUCT,
        indicators={},
        published_on=datetime.date(2021, 1, day),
        replaces=replaces,
    )


def _versions(standards: list[Standard]) -> Versions:
    by_number = {s.number: s for s in standards}
    return Versions(by_number.get, standards)


def _walked(versions: Versions, number: str) -> Standard | None:
    """SPEC §4.6 read literally: start, then follow `replaces` forward until nothing
    replaces the one reached or the next was visited already (a loop)."""
    reached = versions.accepted(number) or versions.successor(number)
    if reached is None:
        return None
    seen = {number, reached.number}
    while (following := versions.successor(reached.number)) is not None:
        if following.number in seen:
            break
        seen.add(following.number)
        reached = following
    return reached


def test_every_title_along_a_chain_reaches_its_last_standard() -> None:
    chain = [_standard(f"S{k}", f"S{k - 1}" if k else None) for k in range(6)]
    versions = _versions(chain)
    assert [versions.current(f"S{k}") for k in (3, 0, 5, 1)] == [chain[5]] * 4


def test_a_loop_stops_where_each_walk_would_stop() -> None:
    # S0 → S1 → S2 → S1: from S0 the walk stops at S2; from S2 it stops at S1.
    standards = [_standard("S0", None), _standard("S1", "S0"), _standard("S2", "S1")]
    standards.append(_standard("S1b", "S2"))  # does not loop: S1b is another number
    looped = [_standard("A", "C"), _standard("B", "A"), _standard("C", "B")]
    versions = _versions(standards + looped)
    assert versions.current("S0").number == "S1b"  # type: ignore[union-attr]
    assert [versions.current(n).number for n in ("A", "B", "C")] == ["C", "A", "B"]  # type: ignore[union-attr]
    assert [versions.current(n).number for n in ("C", "A")] == ["B", "C"]  # type: ignore[union-attr]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 7), st.none() | st.integers(0, 9), st.integers(1, 3))),
    st.lists(st.integers(0, 9), max_size=12),
)
def test_remembered_walks_agree_with_walking_afresh(
    edges: list[tuple[int, int | None, int]], asked: list[int]
) -> None:
    standards = {}
    for number, replaces, day in edges:
        name = f"S{number}"
        standards.setdefault(
            name, _standard(name, None if replaces is None else f"S{replaces}", day)
        )
    versions = _versions(list(standards.values()))
    fresh = _versions(list(standards.values()))
    for number in asked:
        assert versions.current(f"S{number}") == _walked(fresh, f"S{number}")
