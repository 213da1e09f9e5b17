"""Comparing stage, what an answer of "what it would take" is made of (SPEC §6.5).

`Change` (one indicator's smallest change, or why there is none), `Target` (what the
standard would have to reach) and `WhatItTakes` (both for one standard), with the
helpers both goals share: moving one declared value, which rules read an indicator,
and the numbers of the plan where an outcome can turn.
"""

from __future__ import annotations

import attrs

from standards_rules import ast
from standards_rules.compare.moves import Move
from standards_rules.compare.standing import Evaluation
from standards_rules.compile.views import IndicatorStatic
from standards_rules.evaluate.eligibility import Candidate

GOAL_ELIGIBLE = "eligible"
GOAL_LEADER_CUT = "leader_cut"


@attrs.frozen
class Change:
    """The smallest change of one indicator's value that reaches the goal, or why none does.

    `bound` is the value to reach (`inclusive`: reaching it suffices; else the value
    must lie strictly beyond it); `value` is a value that has been checked to work.
    `reason` when impossible: `other_rules` (rules this indicator does not enter fail
    too: `rules`), `no_value` (no value of this indicator suffices), `outside_range`
    (the value needed, `bound`, lies outside the indicator's `range`), `not_scored`
    (the value does not move the score).
    """

    indicator: str
    label: str | None
    unit: str | None
    goal: str
    current: float | None
    possible: bool
    bound: float | None = None
    inclusive: bool = True
    value: float | None = None
    method: str | None = None
    reason: str | None = None
    rules: tuple[str, ...] = ()

    @property
    def delta(self) -> float | None:
        """`value - current`, or None without either."""
        if self.value is None or self.current is None:
            return None
        return self.value - self.current

    def to_dict(self) -> dict[str, object]:
        """As plain JSON values: what `--format json` prints of it."""
        return {
            "indicator": self.indicator,
            "label": self.label,
            "unit": self.unit,
            "goal": self.goal,
            "current": self.current,
            "possible": self.possible,
            "bound": self.bound,
            "inclusive": self.inclusive,
            "value": self.value,
            "delta": self.delta,
            "method": self.method,
            "reason": self.reason,
            "rules": list(self.rules),
        }


@attrs.frozen
class Target:
    """What the standard would have to reach. `note` says why there is nothing to compute:
    `leader` (it is one), `within_cut` (it ranks within the cut but fails `requires`),
    `no_leaders` (its group has none), `no_score` (nothing is ranked), `subject` (the
    standard's subject differs from the ruleset's), `no_indicator_rule` (no failed rule
    reads an indicator)."""

    goal: str | None
    note: str | None = None
    group: str | None = None
    rank: int | None = None
    score: float | None = None
    standard: str | None = None
    requires: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """As plain JSON values: what `--format json` prints of it."""
        return {
            "goal": self.goal,
            "note": self.note,
            "group": self.group,
            "rank": self.rank,
            "score": self.score,
            "standard": self.standard,
            "requires": list(self.requires),
        }


@attrs.frozen
class WhatItTakes:
    """The smallest change of each indicator that brings a standard to its target."""

    standard: str
    target: Target
    changes: tuple[Change, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """As plain JSON values: what `--format json` prints of it."""
        return {
            "standard": self.standard,
            "target": self.target.to_dict(),
            "changes": [c.to_dict() for c in self.changes],
        }


def new_change(static: IndicatorStatic, goal: str, current: float | None) -> Change:
    return Change(static.id, static.label, static.unit, goal, current, possible=False)


def found(change: Change, move: Move | None, method: str, reason: str = "no_value") -> Change:
    if move is None:
        return attrs.evolve(change, reason=reason)
    return attrs.evolve(
        change,
        possible=True,
        bound=move.bound,
        inclusive=move.inclusive,
        value=move.value,
        method=method,
    )


def moved(evaluation: Evaluation, cand: Candidate, indicator: str, value: float) -> Candidate:
    """`cand` with one declared value changed, everything else as it was."""
    values = dict(cand.standard.indicators or {})
    values[indicator] = value
    return evaluation.with_standard(attrs.evolve(cand.standard, indicators=values))


def reads_indicator(body: ast.Expr, indicator: str) -> bool:
    """Does `body` read `indicator`: through `indicators.ID`, or `indicators` as a whole?"""
    picked: set[int] = set()
    named = False
    nodes = ast.walk(body)
    for node in nodes:
        obj = node.obj if isinstance(node, ast.Field) else None
        if isinstance(obj, ast.Name) and obj.id == "indicators":
            picked.add(id(obj))
            named = named or (isinstance(node, ast.Field) and node.name == indicator)
    whole = any(
        isinstance(n, ast.Name) and n.id == "indicators" and id(n) not in picked for n in nodes
    )
    return named or whole


def in_range(evaluation: Evaluation, indicator: str, value: float) -> bool:
    declared = evaluation.program.ruleset.indicator(indicator)
    if declared is None or declared.range is None:
        return True
    return declared.range.low <= value <= declared.range.high


def range_ends(evaluation: Evaluation, indicator: str) -> tuple[float, ...]:
    declared = evaluation.program.ruleset.indicator(indicator)
    if declared is None or declared.range is None:
        return ()
    return (float(declared.range.low), float(declared.range.high))


def limits(static: IndicatorStatic) -> list[float]:
    """The indicator's reference limits and tier thresholds."""
    given = [static.national, static.industry, *static.references.values(), *static.tiers.values()]
    return [float(v) for v in given if v is not None]


def numbers(body: ast.Expr) -> list[float]:
    """Every number written in `body`, and its negation (a comparison may be negated)."""
    out: list[float] = []
    for node in ast.walk(body):
        if isinstance(node, ast.Number) and not isinstance(node.value, bool):
            out += [float(node.value), -float(node.value)]
    return out


def better_direction(static: IndicatorStatic) -> int:
    """+1 where a higher value is better, -1 where a lower one is."""
    return -1 if static.lower else 1


__all__ = [
    "GOAL_ELIGIBLE",
    "GOAL_LEADER_CUT",
    "Change",
    "Target",
    "WhatItTakes",
    "better_direction",
    "found",
    "in_range",
    "limits",
    "moved",
    "new_change",
    "numbers",
    "range_ends",
    "reads_indicator",
]
