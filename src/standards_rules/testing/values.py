"""Testing: indicator values and evaluation dates clustered where a ruleset decides.

Takes a ruleset (a `CheckedRuleset` or its `ast.Ruleset`) and an indicator
id; gives the points worth trying for that indicator (exactly at, just above
and just below every threshold the ruleset compares it with, then values
between and beyond), a hypothesis strategy of its values drawn mostly from
those points, and a strategy of evaluation dates near the ruleset's start.
Every choice lists its simplest option first, so failing examples shrink.
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections.abc import Mapping, Sequence

from hypothesis import strategies as st

from standards_rules import ast
from standards_rules.frontend import CheckedRuleset
from standards_rules.limits import MAX_NUMBER
from standards_rules.testing.analysis import thresholds

RulesetLike = CheckedRuleset | ast.Ruleset

DEFAULT_AS_OF = datetime.date(2021, 6, 1)
# Values per indicator id to draw as often as the threshold points (cases a run has not met).
Focus = Mapping[str, Sequence[float]]

# Relative offsets around a threshold: rounding-sized, visible, and clearly apart.
_OFFSETS = (1e-9, 1e-6, 1e-3, 0.05, 0.5)


def tree_of(ruleset: RulesetLike) -> ast.Ruleset:
    """The checked AST of `ruleset`."""
    return ruleset.ast if isinstance(ruleset, CheckedRuleset) else ruleset


def years_after(date: datetime.date, years: int) -> datetime.date:
    """`date` moved by whole `years` (29 February becomes the 28th)."""
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def threshold_points(ruleset: RulesetLike, indicator_id: str) -> tuple[float, ...]:
    """The values `indicator_values` favours: each threshold, its neighbours, and beyond.

    A value clearly better than every threshold comes first, then the
    thresholds, best first (the most readable counterexamples), then the values
    just beside them (`math.nextafter` and small relative offsets),
    then values between and beyond them. Negative values appear only when
    some threshold is negative.
    """
    tree = tree_of(ruleset)
    ts = thresholds(tree, indicator_id)
    indicator = tree.indicator(indicator_id)
    if not ts:
        return tuple(dict.fromkeys(_within_range(indicator, [1.0, 0.0, 10.0, 100.0])))
    lower_is_better = indicator is not None and indicator.better is ast.Better.LOWER
    near: list[float] = []
    for t in ts:
        near += [math.nextafter(t, -math.inf), math.nextafter(t, math.inf)]
        scale = abs(t) or 1.0
        for rel in _OFFSETS:
            near += [t - rel * scale, t + rel * scale]
    span = (ts[-1] - ts[0]) or abs(ts[0]) or 1.0
    low, high = ts[0] - span, ts[-1] + span
    between = [a / 2 + b / 2 for a, b in itertools.pairwise(ts)]  # (a + b) / 2 overflows
    # Best first: a value clearly better than every threshold keeps the simplest
    # standard passing, so shrunk counterexamples fail only where they must.
    best, worst = (low, high) if lower_is_better else (high, low)
    ordered = ts if lower_is_better else tuple(reversed(ts))
    # Near ±1.8e308 the offsets overflow: every point stays a number a dataset can hold.
    points = [_finite(p) for p in (best, *ordered, *near, *between, worst, 0.0)]
    if ts[0] >= 0:
        points = [max(p, 0.0) for p in points]
    return tuple(dict.fromkeys(_within_range(indicator, points)))


def _finite(value: float) -> float:
    """`value` moved into the numbers a dataset can hold (|x| <= MAX_NUMBER, SPEC limits)."""
    return min(max(value, -MAX_NUMBER), MAX_NUMBER)


def _within_range(indicator: ast.Indicator | None, points: list[float]) -> list[float]:
    """`points` moved into the indicator's `range` (SPEC §2.5), where it has one: a value
    outside it rejects the standard, which then shows nothing of the rules."""
    bounds = None if indicator is None else indicator.range
    if bounds is None:
        return points
    low, high = float(bounds.low), float(bounds.high)
    return [min(max(p, low), high) for p in points]


def indicator_values(
    ruleset: RulesetLike,
    indicator_id: str,
    *,
    allow_none: bool = False,
    focus: Sequence[float] = (),
) -> st.SearchStrategy[float | None]:
    """Values of one indicator, clustered around the thresholds the ruleset compares it with.

    More than half the draws are the value clearly better than every threshold
    (so that whole standards, which must pass on every indicator, pass often),
    most others a threshold point (at, just beside, between, beyond), the rest
    any float in range. Values in `focus` (cases a run has not met yet) come
    as often as the threshold points.
    """
    points = threshold_points(ruleset, indicator_id)
    low, high = min(points), max(points)
    chosen = st.sampled_from(points)
    kinds = ("best",) * 4 + ("point",) * 2 + ("any",) + (("focus",) * 2 if focus else ())
    anywhere = st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)

    # `one_of` would merge repeated branches, and a long `sampled_from` is not
    # uniform: a short list says how often each kind of value comes.
    @st.composite
    def build(draw: st.DrawFn) -> float:
        kind = draw(st.sampled_from(kinds))
        if kind == "best":
            return points[0]
        if kind == "focus":
            return draw(st.sampled_from(tuple(focus)))
        return draw(chosen if kind == "point" else anywhere)

    values: st.SearchStrategy[float | None] = build()
    return st.one_of(values, st.none()) if allow_none else values


def as_of_dates(ruleset: RulesetLike) -> st.SearchStrategy[datetime.date]:
    """Evaluation dates: soon after the ruleset takes effect, or any day in its first 3 years."""
    start = tree_of(ruleset).metadata.effective or DEFAULT_AS_OF - datetime.timedelta(days=40)
    usual = start + datetime.timedelta(days=40)
    return st.one_of(st.just(usual), st.dates(min_value=start, max_value=years_after(start, 3)))


__all__ = [
    "DEFAULT_AS_OF",
    "Focus",
    "RulesetLike",
    "as_of_dates",
    "indicator_values",
    "threshold_points",
    "tree_of",
    "years_after",
]
