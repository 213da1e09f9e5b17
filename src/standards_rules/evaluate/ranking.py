"""Evaluation stage 3, ranking (SPEC §4.3): scored candidates → ranked entries per group.

Takes the compiled `Program`, the eligible candidates, their groups and
scores; gives `RankingEntry`s ordered by group, rank, standard number. Sorting
uses the `rank by` keys (default `score desc`) then the number; a key whose
value is `none` sorts after every value, in both directions. `rank` is 1 + the
count of entries with strictly better keys, so ties share a rank (1, 2, 2, 4).
"""

from __future__ import annotations

import datetime
import functools
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
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
    by_group: dict[str, list[tuple[tuple[SortKey, ...], Candidate]]] = defaultdict(list)
    for cand in pool:
        score = scores[cand.number][0]
        s, e, v = cand.standard, cand.enterprise, cand.views
        keys = tuple(
            SortKey(key.fn(s, e, as_of, v, None, (), None, score), key.descending)
            for key in program.rank_keys
        )
        by_group[groups[cand.number]].append((keys, cand))
    out: list[RankingEntry] = []
    for group in sorted(by_group):
        members = sorted(by_group[group], key=lambda item: (item[0], item[1].number))
        rank = 0
        for position, (keys, cand) in enumerate(members):
            if position == 0 or keys != members[position - 1][0]:
                rank = position + 1
            score, parts = scores[cand.number]
            out.append(RankingEntry(group, rank, cand.number, score, parts))
    return tuple(out)


__all__ = ["SortKey", "group_label", "groups_of", "rank_all"]
