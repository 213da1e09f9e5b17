"""Testing: the sampled checks of `tier_coherence` and `weights_effective`.

Takes a checked ruleset, one generated `Scenario` and the check's `Choices`;
gives `None` when the property holds there, or a `Failure` in plain words
whose witness `evaluate` must confirm. `weights_effective` says that some pair
of standards exists, so no sample can refute it: its sampled check never fails
(only the solver path, which decides it over all values, can).
"""

from __future__ import annotations

from typing import Any

from standards_rules import ast
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.model import Standard
from standards_rules.testing.analysis import (
    ReferenceComparison,
    demand_holds,
    reference_comparisons,
)
from standards_rules.testing.findings import (
    Choices,
    Failure,
    Replay,
    evaluate_json,
    failed_rules,
    gain,
    reference_limit,
)
from standards_rules.testing.strategies import Scenario

# ---------------------------------------------------------------- tier_coherence


def tiers_applies(tree: ast.Ruleset) -> str | None:
    tiered = {i.id for i in tree.indicators if i.tiers}
    if not tiered:
        return "no indicator has tiers"
    if not any(c.indicator in tiered for c in reference_comparisons(tree)):
        return "no eligible rule compares a tiered indicator with its reference limits"
    return None


def reached(indicator: ast.Indicator, value: float) -> ast.Tier | None:
    """The best tier `value` reaches (SPEC §2.3 `i.tier`), None when it reaches none."""
    assert indicator.better is not None
    for tier in indicator.tiers:
        if gain(value, tier.threshold, indicator.better) >= 0:
            return tier
    return None


def incoherent(
    tree: ast.Ruleset, standard: Standard, c: ReferenceComparison, report: Any
) -> str | None:
    """How `standard` shows tier and limit disagreeing on comparison `c`, if it does."""
    indicator = tree.indicator(c.indicator)
    value = standard.indicators.get(c.indicator)
    if indicator is None or indicator.better is None or value is None:
        return None
    tier = reached(indicator, value)
    limit = reference_limit(indicator, c.reference)
    if tier is None or demand_holds(c.demand, value, limit, indicator.better):
        return None
    if c.rule not in failed_rules(report, standard.number):
        return None
    return (
        f"{standard.number}'s {c.indicator} = {value!r} reaches tier {tier.name} "
        f"(threshold {tier.threshold!r}), yet fails rule {c.rule}, which demands it be "
        f"{c.demand.replace('_', ' ')} the {c.reference} limit {limit!r}: the tier "
        "and the limit disagree."
    )


def incoherence(
    tree: ast.Ruleset, standard: Standard, c: ReferenceComparison, report: Any
) -> Failure | None:
    """The failure of `tier_coherence` that `standard` shows in `report`, if any."""
    found = incoherent(tree, standard, c, report)
    if found is None:
        return None

    def witness(replay: Replay) -> bool:
        return incoherent(tree, standard, c, replay.report) is not None

    return Failure(found, witness)


def tiers_law(ruleset: CheckedRuleset, sc: Scenario, choices: Choices) -> Failure | None:
    tree = ruleset.ast
    report = evaluate_json(ruleset, sc.dataset, sc.as_of)
    for standard in sc.dataset.standards:
        for c in reference_comparisons(tree):
            failure = incoherence(tree, standard, c, report)
            if failure is not None:
                return failure
    return None


# ---------------------------------------------------------------- weights_effective


def weights_applies(tree: ast.Ruleset) -> str | None:
    if tree.score is None:
        return "the ruleset has no score section"
    return None


def weights_law(ruleset: CheckedRuleset, sc: Scenario, choices: Choices) -> Failure | None:
    # No sample shows that no pair exists: only the solver may refute this property.
    return None


__all__ = ["incoherence", "incoherent", "reached", "tiers_applies", "weights_applies"]
