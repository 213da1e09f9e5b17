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
from typing import Any

from standards_rules import ast
from standards_rules.compile import Program
from standards_rules.compile.views import IndicatorView
from standards_rules.evaluate.eligibility import Candidate
from standards_rules.evaluate.scoring import Scores
from standards_rules.records.construct import slot_builder
from standards_rules.records.model import Enterprise, Standard
from standards_rules.report import RankingEntry

# `RankingEntry(...)` for about half its cost: a national ranking has hundreds of thousands.
_ranking_entry = slot_builder(RankingEntry)


def group_label(value: object) -> str:
    """How a `group by` value is shown: none → "", booleans true/false, 5.0 → "5", dates ISO."""
    if value.__class__ is str:
        return value  # the common case (a category), first
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


def group_of(
    program: Program,
    standard: Standard,
    enterprise: Enterprise,
    views: Sequence[IndicatorView],
    as_of: datetime.date,
) -> str:
    """The group label of one standard: its `group by` value as shown ("" without one)."""
    fn = program.group_by
    if fn is None:
        return ""
    value = fn(standard, enterprise, as_of, views, None, (), None, None, None)
    return value if value.__class__ is str else group_label(value)  # a text (a category), first


def groups_of(program: Program, pool: Sequence[Candidate], as_of: datetime.date) -> dict[str, str]:
    """Each candidate's group label ("" for everyone without `group by`)."""
    return {
        c.standard.number: group_of(program, c.standard, c.enterprise, c.views, as_of) for c in pool
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
    numbers = [cand.standard.number for cand in pool]
    scored = [scores[number] for number in numbers]
    args = [
        (cand.standard, cand.enterprise, cand.views, score)
        for cand, (score, _) in zip(pool, scored, strict=True)
    ]
    columns: list[list[Any]] = []
    rank_by = program.ruleset.rank_by
    exprs = [k.expr for k in rank_by] if rank_by is not None else [ast.Name("score")]
    for key, expr in zip(program.rank_keys, exprs, strict=True):
        if isinstance(expr, ast.Name) and expr.id == "score":
            values: list[Any] = [sc for _, _, _, sc in args]  # the score itself: no call
        else:
            fn = key.fn
            values = [fn(s, e, as_of, v, None, (), None, sc, None) for s, e, v, sc in args]
        columns.extend(_sortable(values, key.descending))
    del args, values  # national pools: only what the sort needs stays while it runs
    # One flat tuple per entry: the key columns, the number (unique, so the sort never
    # looks past it), then the candidate's index; flat tuples compare much faster than
    # tuples of tuples.
    by_group: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in zip(*columns, numbers, range(len(numbers)), strict=True):
        by_group[groups[row[-2]]].append(row)
    del columns, numbers
    # Read in the pool's order, not the ranking's: the ranking visits the candidates'
    # records all over memory, which was most of its time.
    names = [cand.standard.name for cand in pool]
    enterprise_names = [cand.enterprise.name or None for cand in pool]
    out: list[RankingEntry] = []
    entry = _ranking_entry
    for group in sorted(by_group):
        members = by_group.pop(group)
        members.sort()
        rank = 0
        previous: tuple[Any, ...] | None = None
        for position, row in enumerate(members):
            keys = row[:-2]
            if position == 0 or keys != previous:
                rank = position + 1
            previous = keys
            at = row[-1]
            score, parts = scored[at]
            out.append(entry(group, rank, row[-2], score, parts, names[at], enterprise_names[at]))
    return tuple(out)


_LAST = (1, 0)  # `none` sorts after every value, in both directions


def _sortable(values: list[Any], descending: bool) -> list[list[Any]]:
    """One rank key column as columns of plain values that sort and tie like `SortKey`.

    Numbers (negated when descending), dates (as day ordinals) and, ascending only,
    strings: one column, plus a leading 0/1 column when some value is `none` (which
    sorts last in both directions). Anything else: one column of `SortKey` objects.
    """
    cleaned = [None if isinstance(v, float) and math.isnan(v) else v for v in values]
    present = [v for v in cleaned if v is not None]
    plain: list[Any] | None = None
    if all(isinstance(v, int | float) for v in present):
        plain = [-v if descending else v for v in present]
    elif all(type(v) is datetime.date for v in present):
        plain = [-v.toordinal() if descending else v.toordinal() for v in present]
    elif not descending and all(type(v) is str for v in present):
        plain = present
    if plain is None:
        return [[SortKey(v, descending) for v in cleaned]]
    if len(present) == len(cleaned):
        return [plain]
    found = iter(plain)
    return [
        [1 if v is None else 0 for v in cleaned],
        [0 if v is None else next(found) for v in cleaned],
    ]
