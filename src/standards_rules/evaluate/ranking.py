"""Evaluation stage 3, ranking (SPEC §4.3): scored candidates → ranked entries per group.

Takes the compiled `Program`, the eligible candidates, their groups and
scores; gives `RankingEntry`s ordered by group, rank, standard number. Sorting
uses the `rank by` keys (default `score desc`) then the number; a key whose
value is `none` sorts after every value, in both directions. `rank` is 1 + the
count of entries with strictly better keys, so ties share a rank (1, 2, 2, 4).

A key column whose values are all numbers (or all dates, or all strings when
ascending), `none` aside, is sorted on plain tuples that order and tie exactly
as `SortKey` does; any other column falls back to `SortKey` objects, which were
most of the ranking time.
"""

from __future__ import annotations

import datetime
import functools
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from standards_rules.compile import Program
from standards_rules.evaluate.eligibility import Candidate
from standards_rules.evaluate.scoring import Scores
from standards_rules.report import RankingEntry


def group_label(value: object) -> str:
    """How a `group by` value is shown: none → "", booleans true/false, 5.0 → "5", dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def groups_of(program: Program, pool: Sequence[Candidate], as_of: datetime.date) -> dict[str, str]:
    """Each candidate's group label ("" for everyone without `group by`)."""
    fn = program.group_by
    if fn is None:
        return {c.number: "" for c in pool}
    return {
        c.number: group_label(fn(c.standard, c.enterprise, as_of, c.views, None, (), None, None))
        for c in pool
    }


@functools.total_ordering
class SortKey:
    """One rank key value: `none` last, `desc` reversed, mixed kinds ordered by kind name."""

    __slots__ = ("descending", "value")

    def __init__(self, value: Any, descending: bool) -> None:
        if isinstance(value, float) and math.isnan(value):
            value = None
        self.value = value
        self.descending = descending

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SortKey) and _same(self.value, other.value)

    def __hash__(self) -> int:
        return hash(self.value)

    def __lt__(self, other: SortKey) -> bool:
        a, b = self.value, other.value
        if _same(a, b) or a is None:
            return False
        if b is None:
            return True
        try:
            return bool(a > b) if self.descending else bool(a < b)
        except TypeError:
            ka, kb = (type(a).__name__, str(a)), (type(b).__name__, str(b))
            return ka > kb if self.descending else ka < kb


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    try:
        return bool(a == b)
    except TypeError:
        return False


def rank_all(
    program: Program,
    pool: Sequence[Candidate],
    groups: Mapping[str, str],
    scores: Scores,
    as_of: datetime.date,
) -> tuple[RankingEntry, ...]:
    """The ranking: by group, then rank, then standard number."""
    if program.ruleset.score is None:
        return ()
    raw = []
    for cand in pool:
        score = scores[cand.number][0]
        s, e, v = cand.standard, cand.enterprise, cand.views
        raw.append(
            tuple(key.fn(s, e, as_of, v, None, (), None, score) for key in program.rank_keys)
        )
    columns = [
        _sortable([row[n] for row in raw], key.descending)
        for n, key in enumerate(program.rank_keys)
    ]
    by_group: dict[str, list[tuple[tuple[Any, ...], str]]] = defaultdict(list)
    for n, cand in enumerate(pool):
        number = cand.number
        by_group[groups[number]].append((tuple(column[n] for column in columns), number))
    out: list[RankingEntry] = []
    for group in sorted(by_group):
        members = sorted(by_group[group], key=itemgetter(0, 1))
        rank = 0
        previous: tuple[Any, ...] | None = None
        for position, (keys, number) in enumerate(members):
            if position == 0 or keys != previous:
                rank = position + 1
            previous = keys
            score, parts = scores[number]
            out.append(RankingEntry(group, rank, number, score, parts))
    return tuple(out)


_LAST = (1, 0)  # `none` sorts after every value, in both directions


def _sortable(values: list[Any], descending: bool) -> list[Any]:
    """One rank key column as values that sort and tie like `SortKey(value, descending)`."""
    cleaned = [None if isinstance(v, float) and math.isnan(v) else v for v in values]
    present = [v for v in cleaned if v is not None]
    if all(isinstance(v, int | float) for v in present):
        sign = -1 if descending else 1
        return [_LAST if v is None else (0, sign * v) for v in cleaned]
    if all(type(v) is datetime.date for v in present):
        sign = -1 if descending else 1
        return [_LAST if v is None else (0, sign * v.toordinal()) for v in cleaned]
    if not descending and all(type(v) is str for v in present):
        return [_LAST if v is None else (0, v) for v in cleaned]
    return [SortKey(v, descending) for v in cleaned]


__all__ = ["SortKey", "group_label", "groups_of", "rank_all"]
