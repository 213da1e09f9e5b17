"""Testing: which threshold cases a sampling run has met, and which it has still to meet.

Takes a ruleset and the scenarios a run generated; gives, for every indicator
and every threshold it is compared with, whether some generated standard
declared a value exactly at it, just below it and just above it ("just": within
a thousandth of the threshold's size). A sampling run keeps going until every
case is met (or its budget is spent), drawing the missing values more often.
"""

from __future__ import annotations

import math

import attrs

from standards_rules import ast
from standards_rules.testing.analysis import thresholds
from standards_rules.testing.strategies import Scenario

AT, BELOW, ABOVE = "at", "below", "above"
_NEAR = 1e-3

Case = tuple[str, float, str]  # (indicator id, threshold, AT | BELOW | ABOVE)


def _side(value: float, t: float) -> str | None:
    if value == t:
        return AT
    reach = _NEAR * (abs(t) or 1.0)
    if t - reach <= value < t:
        return BELOW
    if t < value <= t + reach:
        return ABOVE
    return None


def _example(t: float, side: str) -> float:
    if side == AT:
        return t
    return math.nextafter(t, -math.inf if side == BELOW else math.inf)


@attrs.define
class Coverage:
    """The threshold cases of one ruleset, and those met so far."""

    cases: frozenset[Case]
    met: set[Case] = attrs.field(factory=set)

    @classmethod
    def of(cls, tree: ast.Ruleset) -> Coverage:
        return cls(
            frozenset(
                (i.id, t, side)
                for i in tree.indicators
                for t in thresholds(tree, i.id)
                for side in (AT, BELOW, ABOVE)
            )
        )

    def observe(self, scenario: Scenario) -> None:
        by_indicator: dict[str, list[float]] = {}
        for indicator_id, t, _ in self.cases:
            by_indicator.setdefault(indicator_id, []).append(t)
        for standard in scenario.dataset.standards:
            for indicator_id, value in standard.indicators.items():
                for t in by_indicator.get(indicator_id, ()):
                    side = _side(value, t)
                    if side is not None:
                        self.met.add((indicator_id, t, side))

    @property
    def missing(self) -> frozenset[Case]:
        return self.cases - self.met

    def focus(self) -> dict[str, tuple[float, ...]]:
        """The values that would meet each missing case, per indicator id."""
        out: dict[str, list[float]] = {}
        for indicator_id, t, side in sorted(self.missing):
            out.setdefault(indicator_id, []).append(_example(t, side))
        return {k: tuple(v) for k, v in out.items()}


__all__ = ["ABOVE", "AT", "BELOW", "Case", "Coverage"]
