"""Solver path, decisions: the decidable properties of SPEC §7 settled over all values.

Takes a `CheckedRuleset`; gives a `Decision` for `monotone`,
`stricter_than_reference`, `tier_coherence`, `weights_effective` and the
eligibility side of `entry_exit`: `Proved` when the question "is there a
counterexample?" has no model (the encoding over-approximates, so no model
means none exists); `Refuted` when a model, turned into records
(`probes.plain_dataset`) and evaluated, shows the failure; `Undecided` (so
sampling takes over, aimed at the model's values) when a rule lies outside
the fragment, naming it, or when a model cannot be shown with plain records.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import z3

from standards_rules import ast
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.model import Dataset, Title
from standards_rules.testing.analysis import reference_comparisons
from standards_rules.testing.findings import (
    Counterexample,
    Decision,
    Failure,
    Proved,
    Refuted,
    Replay,
    Undecided,
    by_standard,
    confirmed,
    evaluate_json,
    is_eligible,
    reference_limit,
)
from standards_rules.testing.laws import (
    at_or_worse,
    entry_exit_failure,
    improvement_failure,
    stricter_comparisons,
    years_before,
)
from standards_rules.testing.laws_scoring import incoherence
from standards_rules.testing.solver.encode import Copy, Num, new_copy, variable
from standards_rules.testing.solver.exclusion import excluding_rule
from standards_rules.testing.solver.plan import Fallback, Plan
from standards_rules.testing.solver.query import Unanswered, model_of, num_of, solver


def _decided(decide: Any, ruleset: CheckedRuleset) -> Decision:
    plan = Plan.of(ruleset)
    try:
        return decide(plan)  # type: ignore[no-any-return]
    except Fallback as exc:
        return Undecided(exc.reason)
    except Unanswered:
        return Undecided("the solver gave no answer in time")


def _confirm(plan: Plan, failure: Failure | None, dataset: Dataset) -> Counterexample | None:
    return None if failure is None else confirmed(plan.ruleset, failure, dataset, plan.as_of)


# ---------------------------------------------------------------- monotone


def _monotone(plan: Plan) -> Decision:
    for indicator in plan.tree.indicators:
        if indicator.better is None:
            continue
        before = new_copy(plan.tree, "before")
        new = variable(f"improved_{indicator.id}")
        after = before.with_value(indicator.id, new, "after")
        old = before.get("value", indicator.id)
        lower = indicator.better is ast.Better.LOWER
        improved = z3.And(
            old.defined, new.defined, new.value < old.value if lower else new.value > old.value
        )
        questions = [
            z3.And(improved, plan.eligible(before), plan.accepted(after), z3.Not(plan.rules(after)))
        ]
        part_before, part_after = plan.part(indicator, before), plan.part(indicator, after)
        if indicator.weight is not None and part_before is not None:
            questions.append(
                z3.And(
                    improved, plan.eligible(before), plan.eligible(after), part_after < part_before
                )
            )
        for question in questions:
            s = solver(question)
            if model_of(s) is None:
                continue
            model, dataset = plan.shown(s, [before], keep=[indicator.id])
            old_value, new_value = num_of(model, old), num_of(model, new)
            assert old_value is not None and new_value is not None
            failure = improvement_failure(
                plan.ruleset, dataset, plan.as_of, dataset.standards[0], indicator, new_value
            )
            found = _confirm(plan, failure, dataset)
            if found is not None:
                return Refuted(found)
            plan.unshowable(f"improving {indicator.id}", {indicator.id: (old_value, new_value)})
    return plan.outcome()


# ---------------------------------------------------------------- stricter_than_reference


def _stricter(plan: Plan) -> Decision:
    for c in stricter_comparisons(plan.tree):
        indicator = plan.tree.indicator(c.indicator)
        assert indicator is not None
        limit = reference_limit(indicator, c.reference)
        if limit is None:
            continue
        copy = new_copy(plan.tree, "standard")
        value = copy.get("value", indicator.id)
        not_better = z3.Not(plan.encoder.demand("better_than", indicator, value, Num.of(limit)))
        s = solver(plan.eligible(copy), value.defined, not_better)
        if model_of(s) is None:
            continue
        model, dataset = plan.shown(s, [copy], keep=[indicator.id])
        standard = dataset.standards[0]
        report = evaluate_json(plan.ruleset, dataset, plan.as_of)
        failure = (
            at_or_worse(plan.tree, [standard]) if is_eligible(report, standard.number) else None
        )
        found = _confirm(plan, failure, dataset)
        if found is not None:
            return Refuted(found)
        plan.unshowable(f"rule {c.rule}", {indicator.id: (num_of(model, value),)})
    return plan.outcome()


# ---------------------------------------------------------------- tier_coherence


def _tier_coherence(plan: Plan) -> Decision:
    rules = {rule.id: rule for rule in plan.tree.eligible or ()}
    for c in reference_comparisons(plan.tree):
        indicator = plan.tree.indicator(c.indicator)
        assert indicator is not None
        if not indicator.tiers:
            continue
        copy = new_copy(plan.tree, "standard")
        value = copy.get("value", indicator.id)
        limit = reference_limit(indicator, c.reference)
        reaches = z3.Or(
            *[plan.encoder.reaches(indicator, value, t.threshold) for t in indicator.tiers]
        )
        demand = plan.encoder.demand(
            c.demand, indicator, value, Num.none() if limit is None else Num.of(limit)
        )
        fails = z3.Not(plan.body(rules[c.rule], copy))
        s = solver(value.defined, reaches, z3.Not(demand), fails)
        if model_of(s) is None:
            continue
        model, dataset = plan.shown(s, [copy], keep=[indicator.id])
        standard = dataset.standards[0]
        report = evaluate_json(plan.ruleset, dataset, plan.as_of)
        found = _confirm(plan, incoherence(plan.tree, standard, c, report), dataset)
        if found is not None:
            return Refuted(found)
        plan.unshowable(f"rule {c.rule}", {indicator.id: (num_of(model, value),)})
    return plan.outcome()


# ---------------------------------------------------------------- weights_effective


def _parts(report: Any, indicator_id: str, numbers: Sequence[str]) -> list[float] | None:
    rows = by_standard(report["ranking"])
    if not all(n in rows for n in numbers):
        return None
    return [rows[n]["parts"].get(indicator_id) for n in numbers]


def _differs(plan: Plan, indicator: ast.Indicator, first: Copy, second: Copy) -> Any:
    a, b = first.get("value", indicator.id), second.get("value", indicator.id)
    part_a, part_b = plan.part(indicator, first), plan.part(indicator, second)
    if part_a is not None:
        return part_a != part_b
    # minmax over a group of just these two: parts differ when the values do.
    return z3.Or(a.defined != b.defined, z3.And(a.defined, b.defined, a.value != b.value))


def _weights(plan: Plan) -> Decision:
    for indicator in plan.tree.indicators:
        if indicator.weight is None:
            continue
        first = new_copy(plan.tree, "first")
        second = first.with_value(indicator.id, variable(f"second_{indicator.id}"), "second")
        both = z3.And(plan.eligible(first), plan.eligible(second))
        s = solver(both, _differs(plan, indicator, first, second))
        if model_of(s) is not None:
            _, dataset = plan.shown(s, [first, second], keep=[indicator.id])
            numbers = [st.number for st in dataset.standards]
            parts = _parts(evaluate_json(plan.ruleset, dataset, plan.as_of), indicator.id, numbers)
            if parts is None or parts[0] == parts[1]:
                values = [st.indicators.get(indicator.id) for st in dataset.standards]
                plan.unshowable(f"weight of {indicator.id}", {indicator.id: values})
            continue
        found = _unrewarded(plan, indicator, first, second, both)
        if found is None:
            raise Fallback(f"no two eligible standards can differ in {indicator.id}")
        return Refuted(found)
    return plan.outcome()


def _unrewarded(
    plan: Plan, indicator: ast.Indicator, first: Copy, second: Copy, both: Any
) -> Counterexample | None:
    """Two eligible standards that differ only in `indicator` and get the same part for it."""
    a, b = first.get("value", indicator.id), second.get("value", indicator.id)
    apart = z3.Or(a.defined != b.defined, z3.And(a.defined, b.defined, a.value != b.value))
    s = solver(both, apart)
    if model_of(s) is None:
        return None
    _, dataset = plan.shown(s, [first, second], keep=[indicator.id])
    numbers = [st.number for st in dataset.standards]
    values = [st.indicators.get(indicator.id) for st in dataset.standards]

    def witness(replay: Replay) -> bool:
        parts = _parts(replay.report, indicator.id, numbers)
        return parts is not None and parts[0] == parts[1]

    parts = _parts(evaluate_json(plan.ruleset, dataset, plan.as_of), indicator.id, numbers)
    shown = parts[0] if parts else None
    details = (
        f"{indicator.id} has weight {indicator.weight} but no two eligible standards that "
        "differ only in it can get different part scores for it (decided over all values): "
        f"here {numbers[0]} ({values[0]!r}) and {numbers[1]} ({values[1]!r}) both get "
        f"{shown}, so the score cannot reward it."
    )
    return _confirm(plan, Failure(details, witness), dataset)


# ---------------------------------------------------------------- entry_exit


def _roots(expr: ast.Expr) -> list[str]:
    bound = {n.var for n in ast.walk(expr) if isinstance(n, ast.Quantifier)}
    names = [n.id for n in ast.walk(expr) if isinstance(n, ast.Name) and n.id not in bound]
    return list(dict.fromkeys(names))


def _entry_exit(plan: Plan) -> Decision:
    assert plan.tree.withdraw is not None
    if excluding_rule(plan.tree) is not None:
        # A firing trigger adds a withdrawal that this rule rejects (SPEC §4.0).
        return Proved()
    beyond: list[str] = []
    for trigger in plan.tree.withdraw.triggers:
        copy = new_copy(plan.tree, "standard")
        if not any(
            isinstance(n, ast.Name) and n.id == "indicators" for n in ast.walk(trigger.body)
        ):
            beyond.append(f"trigger {trigger.id} reads {', '.join(_roots(trigger.body))}")
            continue
        try:
            fires = plan.body(trigger, copy, "trigger")
        except Fallback as exc:
            beyond.append(exc.reason)
            continue
        s = solver(plan.eligible(copy), fires)
        if model_of(s) is None:
            continue
        _, shown = plan.shown(s, [copy])
        dataset = _titled(plan, shown)
        report = evaluate_json(plan.ruleset, dataset, plan.as_of)
        found = _confirm(plan, entry_exit_failure(report, dataset, plan.as_of), dataset)
        if found is not None:
            return Refuted(found)
        plan.unshowable(f"trigger {trigger.id}", {})
    if beyond:
        return Undecided(beyond[0], {k: tuple(v) for k, v in plan.hints.items()})
    return plan.outcome()


def _titled(plan: Plan, dataset: Dataset) -> Dataset:
    awarded = years_before(plan.as_of, 1)
    titles = tuple(
        Title(s.number, plan.tree.id, awarded, years_before(plan.as_of, -1))
        for s in dataset.standards
    )
    return attrs.evolve(dataset, titles=titles)


def decide_monotone(ruleset: CheckedRuleset) -> Decision:
    return _decided(_monotone, ruleset)


def decide_stricter(ruleset: CheckedRuleset) -> Decision:
    return _decided(_stricter, ruleset)


def decide_tier_coherence(ruleset: CheckedRuleset) -> Decision:
    return _decided(_tier_coherence, ruleset)


def decide_weights(ruleset: CheckedRuleset) -> Decision:
    return _decided(_weights, ruleset)


def decide_entry_exit(ruleset: CheckedRuleset) -> Decision:
    return _decided(_entry_exit, ruleset)


__all__ = [
    "decide_entry_exit",
    "decide_monotone",
    "decide_stricter",
    "decide_tier_coherence",
    "decide_weights",
]
