"""Checker stage, tier/limit conflicts: a tier that the eligibility rules cannot admit (W504).

Takes a `Ruleset`; warns at each tier whose threshold fails what an `eligible`
rule demands of the same indicator against its national or industry limit
(`check.references`): `tier advanced 0.80` beside `industry 0.80` when a rule
asks `i.value better_than i.industry`. A value that reaches such a tier (the
threshold itself, at least) fails that rule, so the tier can never be awarded
to an eligible standard there — visible in the plan's own numbers, before any
data. A tier strictly worse than the national limit is already E405.
"""

from __future__ import annotations

from standards_rules import ast
from standards_rules.check.references import demand_holds, reference_comparisons
from standards_rules.check.report import Reporter

_WORDS = {"better_than": "better than", "no_worse_than": "no worse than"}


def _limit(indicator: ast.Indicator, reference: str) -> float | None:
    ref = indicator.national if reference == "national" else indicator.industry
    return None if ref is None or ref.value is None else float(ref.value)


def check_tier_limits(ruleset: ast.Ruleset, report: Reporter) -> None:
    warned: set[tuple[str, str, str]] = set()
    for c in reference_comparisons(ruleset):
        indicator = ruleset.indicator(c.indicator)
        if indicator is None or indicator.better is None or c.demand not in _WORDS:
            continue
        limit = _limit(indicator, c.reference)
        if limit is None:
            continue
        lower = indicator.better is ast.Better.LOWER
        for tier in indicator.tiers:
            threshold = float(tier.threshold)
            if demand_holds(c.demand, threshold, limit, indicator.better):
                continue
            worse_than_national = threshold > limit if lower else threshold < limit
            if c.reference == "national" and worse_than_national:
                continue  # E405 already
            key = (indicator.id, tier.name, c.reference)
            if key in warned:
                continue
            warned.add(key)
            message = (
                f"tier '{tier.name}' ({tier.threshold}) of indicator '{indicator.id}' is not "
                f"{_WORDS[c.demand]} its {c.reference} limit ({limit:g}), which rule "
                f"'{c.rule}' demands (better {indicator.better.value}): a value reaching the "
                "tier fails that rule"
            )
            report.warning("W504", message, tier.span)


__all__ = ["check_tier_limits"]
