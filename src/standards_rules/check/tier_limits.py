"""Checker stage, tier/limit conflicts: a tier that the eligibility rules cannot admit (W504).

Takes a `Ruleset`; warns at each tier whose threshold fails what an `eligible`
rule demands of the same indicator against its national or industry limit
(`check.references`): `tier advanced 0.80` beside `industry 0.80` when a rule
asks `i.value better_than i.industry`. A value that reaches such a tier (the
threshold itself, at least) fails that rule, so the tier can never be awarded
to an eligible standard there — visible in the plan's own numbers, before any
data. A tier worse than a limit that no rule compares with is no fault (SPEC
§2.6 forbids it for `bands` only, E417). A rule
written as the name of a define is read through it.
"""

from __future__ import annotations

import attrs

from standards_rules import ast
from standards_rules.check.references import demand_holds, limit_of, reference_comparisons
from standards_rules.check.report import Reporter

_WORDS = {"better_than": "better than", "no_worse_than": "no worse than"}


def _limit_name(reference: str) -> str:
    name = reference.removeprefix("references.")
    return reference if name == reference else f"'{name}' reference"


def _written_out(ruleset: ast.Ruleset) -> ast.Ruleset:
    """`ruleset` with each rule that is just the name of a define (`rule stricter:
    core_stricter`) given that define's body, so its comparisons count too."""
    defines = {d.name: d for d in ruleset.defines if not d.is_function}
    rules = []
    for rule in ruleset.eligible or ():
        body, seen = rule.body, set()
        while isinstance(body, ast.Name) and body.id in defines and body.id not in seen:
            seen.add(body.id)
            body = defines[body.id].body
        rules.append(attrs.evolve(rule, body=body))
    return attrs.evolve(ruleset, eligible=tuple(rules))


def check_tier_limits(ruleset: ast.Ruleset, report: Reporter) -> None:
    warned: set[tuple[str, str, str]] = set()
    for c in reference_comparisons(_written_out(ruleset)):
        indicator = ruleset.indicator(c.indicator)
        if indicator is None or indicator.better is None or c.demand not in _WORDS:
            continue
        limit = limit_of(indicator, c.reference)
        if limit is None:
            continue
        for tier in indicator.tiers:
            threshold = float(tier.threshold)
            if demand_holds(c.demand, threshold, limit, indicator.better):
                continue
            key = (indicator.id, tier.name, c.reference)
            if key in warned:
                continue
            warned.add(key)
            message = (
                f"tier '{tier.name}' ({tier.threshold}) of indicator '{indicator.id}' is not "
                f"{_WORDS[c.demand]} its {_limit_name(c.reference)} limit ({limit:g}), which rule "
                f"'{c.rule}' demands (better {indicator.better.value}): a value reaching the "
                "tier fails that rule"
            )
            report.warning("W504", message, tier.span)


__all__ = ["check_tier_limits"]
