"""Solver path, directions: the evaluator's comparisons by direction, and tiers, in z3.

Takes an indicator (whether lower is better, its tiers) and numbers that may
be `none` (`terms.Num`); gives the z3 formula of `better_than`,
`no_worse_than`, `worse_than`, of a reference demand and of `i.tier == name`,
with the evaluator's rules for `none` (`better_than none` is true, a `none`
value reaches nothing).
"""

from __future__ import annotations

from typing import Any

import z3

from standards_rules import ast
from standards_rules.testing.solver.terms import Num


class Directions:
    """Directional comparisons and tiers of one indicator's numbers."""

    def reaches(self, indicator: ast.Indicator, value: Num, threshold: float) -> Any:
        """`value no_worse_than threshold` for `indicator`."""
        return self._directional(ast.CompareOp.NO_WORSE_THAN, indicator, value, Num.of(threshold))

    def demand(self, demand: str, indicator: ast.Indicator, value: Num, limit: Num) -> Any:
        """What a reference comparison demands (`analysis.ReferenceComparison.demand`)."""
        if demand == "no_better_than":
            return z3.Not(self._directional(ast.CompareOp.BETTER_THAN, indicator, value, limit))
        op = ast.CompareOp(demand)
        return self._directional(op, indicator, value, limit)

    def tier_is(self, indicator: ast.Indicator, value: Num, name: str | None) -> Any:
        """`i.tier == name` (None: no tier reached), the best tier first as `tier_of` does."""
        above: list[Any] = []
        for tier in indicator.tiers:
            reached = self.reaches(indicator, value, tier.threshold)
            if tier.name == name:
                return z3.And(reached, *[z3.Not(a) for a in above])
            above.append(reached)
        if name is None:
            return z3.And(*[z3.Not(a) for a in above]) if above else z3.BoolVal(True)
        return z3.BoolVal(False)

    def _directional(self, op: ast.CompareOp, indicator: ast.Indicator, a: Num, b: Num) -> Any:
        lower = indicator.better is ast.Better.LOWER
        if op is ast.CompareOp.WORSE_THAN:
            worse = a.value > b.value if lower else a.value < b.value
            return z3.And(a.defined, b.defined, worse)
        if op is ast.CompareOp.BETTER_THAN:
            better = a.value < b.value if lower else a.value > b.value
        else:
            better = a.value <= b.value if lower else a.value >= b.value
        return z3.And(a.defined, z3.Or(z3.Not(b.defined), better))


__all__ = ["Directions"]
