"""Indicator statics: the part of every indicator view that a ruleset fixes.

Takes a ruleset; gives, per indicator in declaration order, what its views read
that does not depend on the standard (id, label, unit, weight, references,
tiers, direction, class), made once per compiled program.
"""

from __future__ import annotations

from standards_rules import ast
from standards_rules.compile import views


def is_lower(indicator: ast.Indicator) -> bool:
    # An indicator without `better` is taken as `better lower` (docs/evaluation.md).
    return indicator.better is not ast.Better.HIGHER


def static_parts(ruleset: ast.Ruleset) -> tuple[views.IndicatorStatic, ...]:
    """The per-ruleset part of every indicator view, in declaration order."""

    def ref(reference: ast.Reference | None) -> float | None:
        return None if reference is None or reference.value is None else reference.value

    # Every indicator answers every reference name of the ruleset (none where it lacks one).
    reference_names = sorted({r.name for ind in ruleset.indicators for r in ind.references})

    return tuple(
        views.IndicatorStatic(
            id=ind.id,
            label=ind.label,
            unit=ind.unit,
            weight=ind.weight,
            national=ref(ind.national),
            industry=ref(ind.industry),
            tiers={t.name: t.threshold for t in ind.tiers},
            lower=is_lower(ind),
            indicator_class=ind.indicator_class.value,
            references={name: ind.reference(name) for name in reference_names},
        )
        for ind in ruleset.indicators
    )


__all__ = ["is_lower", "static_parts"]
