"""Testing: the score-side property checks, `tier_coherence` and `weights_effective`.

Takes a checked ruleset and one generated `Scenario`; gives `None` when the
property holds there, or a `Failure` in plain words. Also the small report
helpers the eligibility-side checks in `laws.py` share.
"""

from __future__ import annotations

import datetime
from typing import Any

import attrs
from hypothesis import strategies as st

from standards_rules import ast
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.model import Dataset, Standard
from standards_rules.testing.analysis import demand_holds, reference_comparisons
from standards_rules.testing.properties import Failure, evaluate_json
from standards_rules.testing.strategies import Scenario, threshold_points


def _by_standard(rows: list[Any]) -> dict[str, Any]:
    return {row["standard"]: row for row in rows}


def _gain(value: float, other: float, better: ast.Better) -> float:
    return (other - value) if better is ast.Better.LOWER else (value - other)


def _limit(indicator: ast.Indicator, reference: str) -> float | None:
    ref = indicator.national if reference == "national" else indicator.industry
    return None if ref is None or ref.value is None else float(ref.value)


# ---------------------------------------------------------------- tier_coherence


def _tiers_applies(tree: ast.Ruleset) -> str | None:
    tiered = {i.id for i in tree.indicators if i.tiers}
    if not tiered:
        return "no indicator has tiers"
    if not any(c.indicator in tiered for c in reference_comparisons(tree)):
        return "no eligible rule compares a tiered indicator with its reference limits"
    return None


def _reached(indicator: ast.Indicator, value: float) -> ast.Tier | None:
    assert indicator.better is not None
    reached = [t for t in indicator.tiers if _gain(value, t.threshold, indicator.better) >= 0]
    return reached[-1] if reached else None


def _tiers(ruleset: CheckedRuleset, sc: Scenario, data: st.DataObject) -> Failure | None:
    tree = ruleset.ast
    for standard in sc.dataset.standards:
        for c in reference_comparisons(tree):
            indicator = tree.indicator(c.indicator)
            value = standard.indicators.get(c.indicator)
            if indicator is None or indicator.better is None or value is None:
                continue
            tier = _reached(indicator, value)
            limit = _limit(indicator, c.reference)
            if tier is not None and not demand_holds(c.demand, value, limit, indicator.better):
                return Failure(
                    f"{standard.number}'s {c.indicator} = {value!r} reaches tier {tier.name} "
                    f"(threshold {tier.threshold!r}), yet fails rule {c.rule}, which demands it be "
                    f"{c.demand.replace('_', ' ')} the {c.reference} limit {limit!r}: the tier "
                    "and the limit disagree."
                )
    return None


# ---------------------------------------------------------------- weights_effective


def _weights_applies(tree: ast.Ruleset) -> str | None:
    if tree.score is None:
        return "the ruleset has no score section"
    return None


def _weights(ruleset: CheckedRuleset, sc: Scenario, data: st.DataObject) -> Failure | None:
    tree = ruleset.ast
    report = evaluate_json(ruleset, sc.dataset, sc.as_of)
    ranked = [row["standard"] for row in report["ranking"]]
    weighted = [i for i in tree.indicators if i.weight is not None]
    if not ranked or not weighted:
        return None
    number = data.draw(st.sampled_from(ranked), label="ranked standard")
    indicator = data.draw(st.sampled_from(weighted), label="weighted indicator")
    standard = sc.dataset.standard(number)
    assert standard is not None
    copies = _copies(standard, indicator.id, threshold_points(tree, indicator.id), sc.as_of)
    enterprise = sc.dataset.enterprise(standard.enterprise)
    trial = Dataset((enterprise,) if enterprise else (), copies, ())
    rows = _by_standard(evaluate_json(ruleset, trial, sc.as_of)["ranking"])
    values = {c.number: c.indicators[indicator.id] for c in copies}
    parts = {n: rows[n]["parts"].get(indicator.id) for n in values if n in rows}
    if len(set(values[n] for n in parts)) >= 2 and len(set(parts.values())) == 1:
        shown = ", ".join(f"{values[n]!r}" for n in parts)
        return Failure(
            f"{indicator.id} has weight {indicator.weight} but its part score is "
            f"{next(iter(parts.values()))} for every ranked standard, whatever its value "
            f"({shown}): the score cannot reward it.",
            dataset=trial,
        )
    return None


def _copies(
    standard: Standard, indicator_id: str, points: tuple[float, ...], as_of: datetime.date
) -> tuple[Standard, ...]:
    # No previous version: a rule against lowering a value must not hide the score's reach.
    return tuple(
        attrs.evolve(
            standard,
            number=f"Q/SR {k + 1:04d}-{as_of.year}",
            indicators={**standard.indicators, indicator_id: p},
            previous_indicators=None,
        )
        for k, p in enumerate(points[:16])
    )
