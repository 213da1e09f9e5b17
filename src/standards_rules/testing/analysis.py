"""Testing support: static facts about a checked ruleset that the strategies and properties need.

Takes a typed `ast.Ruleset`; gives the numeric thresholds each indicator is
compared with (reference limits, tiers, literals and constant expressions in
rules), the reference comparisons made by `eligible` rules, and whether the
ruleset has an exclusion rule. Nothing here evaluates records.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import attrs

from standards_rules import ast

_VALUE_FIELDS = frozenset({"value", "previous"})
_REFERENCES = frozenset({"national", "industry"})


@attrs.frozen
class ReferenceComparison:
    """`X.value OP X.national` (or `.industry`) inside an eligible rule, for one indicator."""

    rule: str
    indicator: str
    demand: str  # "better_than" | "no_worse_than" | "worse_than" | "no_better_than"
    reference: str  # "national" | "industry"


def _indicator_of(expr: ast.Expr, ruleset: ast.Ruleset, loop_vars: frozenset[str]) -> list[str]:
    """The indicators an indicator view expression may stand for (`indicators.x`, or `i`)."""
    match expr:
        case ast.Field(obj=ast.Name(id="indicators"), name=name) if ruleset.indicator(name):
            return [name]
        case ast.Name(id=var) if var in loop_vars:
            return [i.id for i in ruleset.indicators]
    return []


def _loop_vars(expr: ast.Expr) -> frozenset[str]:
    """Quantifier variables that range over `indicators` anywhere in `expr`."""
    found = {
        node.var
        for node in ast.walk(expr)
        if isinstance(node, ast.Quantifier) and node.iterable == ast.Name("indicators")
    }
    return frozenset(found)


def _view_field(
    expr: ast.Expr, ruleset: ast.Ruleset, loop_vars: frozenset[str]
) -> tuple[list[str], str] | None:
    """(indicators, field) when `expr` is a field of an indicator view, e.g. `i.value`."""
    if not isinstance(expr, ast.Field):
        return None
    ids = _indicator_of(expr.obj, ruleset, loop_vars)
    if ids:
        return ids, expr.name
    # `i.tiers.leader`: the tier threshold, a constant of the indicator.
    if isinstance(expr.obj, ast.Field) and expr.obj.name == "tiers":
        ids = _indicator_of(expr.obj.obj, ruleset, loop_vars)
        if ids:
            return ids, f"tiers.{expr.name}"
    return None


def _constant(
    expr: ast.Expr, indicator: ast.Indicator, ruleset: ast.Ruleset, loop_vars: frozenset[str]
) -> float | None:
    """The value of `expr` for `indicator` when it depends on no record, else None."""
    match expr:
        case ast.Number(value=value):
            return float(value)
        case ast.Unary(op=ast.UnaryOp.NEG, operand=operand):
            inner = _constant(operand, indicator, ruleset, loop_vars)
            return None if inner is None else -inner
        case ast.Arith(op=op, left=left, right=right):
            a = _constant(left, indicator, ruleset, loop_vars)
            b = _constant(right, indicator, ruleset, loop_vars)
            if a is None or b is None:
                return None
            if op is ast.ArithOp.DIV:
                return None if b == 0 else a / b
            return {ast.ArithOp.ADD: a + b, ast.ArithOp.SUB: a - b, ast.ArithOp.MUL: a * b}[op]
    view = _view_field(expr, ruleset, loop_vars)
    if view is None or indicator.id not in view[0]:
        return None
    return _indicator_constant(indicator, view[1])


def _indicator_constant(indicator: ast.Indicator, field: str) -> float | None:
    if field in _REFERENCES:
        ref = indicator.national if field == "national" else indicator.industry
        return None if ref is None or ref.value is None else float(ref.value)
    if field == "weight":
        return None if indicator.weight is None else float(indicator.weight)
    if field.startswith("tiers."):
        for tier in indicator.tiers:
            if tier.name == field.removeprefix("tiers."):
                return float(tier.threshold)
    return None


def all_rules(ruleset: ast.Ruleset) -> Iterator[ast.Rule]:
    """Every eligible rule, leaders require and withdrawal trigger."""
    yield from ruleset.eligible or ()
    if ruleset.leaders is not None:
        yield from ruleset.leaders.requires
    if ruleset.withdraw is not None:
        yield from ruleset.withdraw.triggers


def thresholds(ruleset: ast.Ruleset, indicator_id: str) -> tuple[float, ...]:
    """Every number `indicator_id`'s value is compared with, sorted and without repeats."""
    indicator = ruleset.indicator(indicator_id)
    if indicator is None:
        raise KeyError(f"the ruleset has no indicator {indicator_id!r}")
    found: set[float] = set()
    for ref in (indicator.national, indicator.industry):
        if ref is not None and ref.value is not None:
            found.add(float(ref.value))
    found.update(float(t.threshold) for t in indicator.tiers)
    for rule in all_rules(ruleset):
        loop_vars = _loop_vars(rule.body)
        for node in ast.walk(rule.body):
            if not isinstance(node, ast.Compare):
                continue
            for value_side, other in ((node.left, node.right), (node.right, node.left)):
                view = _view_field(value_side, ruleset, loop_vars)
                if view is None or indicator_id not in view[0] or view[1] not in _VALUE_FIELDS:
                    continue
                constant = _constant(other, indicator, ruleset, loop_vars)
                if constant is not None and math.isfinite(constant):
                    found.add(constant)
    return tuple(sorted(found))


def _polarised(expr: ast.Expr, negated: bool = False) -> Iterator[tuple[ast.Compare, bool]]:
    """Every comparison in `expr` with whether it sits under an odd number of `not`s."""
    match expr:
        case ast.Unary(op=ast.UnaryOp.NOT, operand=operand):
            yield from _polarised(operand, not negated)
        case ast.Compare():
            yield expr, negated
        case _:
            for child in ast.children(expr):
                yield from _polarised(child, negated)


# What a rule demands of the value when the comparison must hold (or must not, under `not`).
_DEMANDS: dict[tuple[ast.CompareOp, bool], str] = {
    (ast.CompareOp.BETTER_THAN, False): "better_than",
    (ast.CompareOp.NO_WORSE_THAN, False): "no_worse_than",
    (ast.CompareOp.WORSE_THAN, True): "no_worse_than",
    (ast.CompareOp.NO_WORSE_THAN, True): "worse_than",
    (ast.CompareOp.BETTER_THAN, True): "no_better_than",
}


def reference_comparisons(ruleset: ast.Ruleset) -> tuple[ReferenceComparison, ...]:
    """Each eligible-rule demand that an indicator's value be better than its own reference.

    `demand` is what the rule demands once any `not` around the comparison is
    taken into account: `i.value better_than i.national` demands
    `better_than`; `not (i.value worse_than i.national)` demands `no_worse_than`.
    Plain `<`/`>` comparisons with the reference are read through the indicator's direction.
    """
    out: list[ReferenceComparison] = []
    for rule in ruleset.eligible or ():
        loop_vars = _loop_vars(rule.body)
        for node, negated in _polarised(rule.body):
            left = _view_field(node.left, ruleset, loop_vars)
            right = _view_field(node.right, ruleset, loop_vars)
            if left is None or right is None or left[1] != "value" or right[1] not in _REFERENCES:
                continue
            for indicator_id in left[0]:
                indicator = ruleset.indicator(indicator_id)
                if indicator is None or indicator_id not in right[0]:
                    continue
                demand = _demand(node.op, negated, indicator.better)
                if demand is not None:
                    out.append(ReferenceComparison(rule.id, indicator_id, demand, right[1]))
    return tuple(dict.fromkeys(out))


def _demand(op: ast.CompareOp, negated: bool, better: ast.Better | None) -> str | None:
    if op.directional:
        return _DEMANDS.get((op, negated))
    if not op.ordering or better is None:
        return None
    # `v < L` on a lower-is-better indicator is `better_than`; `v <= L` is `no_worse_than`.
    strict = op in (ast.CompareOp.LT, ast.CompareOp.GT)
    towards_better = (op in (ast.CompareOp.LT, ast.CompareOp.LE)) == (better is ast.Better.LOWER)
    if towards_better != negated:
        return "better_than" if strict != negated else "no_worse_than"
    return None


def demand_holds(demand: str, value: float, limit: float | None, better: ast.Better) -> bool:
    """Whether `value` meets `demand` ("better_than", …) against `limit` (none: always true)."""
    if limit is None:
        return demand in ("better_than", "no_worse_than")
    gain = (limit - value) if better is ast.Better.LOWER else (value - limit)
    return {
        "better_than": gain > 0,
        "no_worse_than": gain >= 0,
        "worse_than": gain < 0,
        "no_better_than": gain <= 0,
    }[demand]


def mentions_field(expr: ast.Expr, name: str) -> bool:
    """True when `expr` reads a field called `name` anywhere."""
    return any(isinstance(node, ast.Field) and node.name == name for node in ast.walk(expr))


def exclusion_rules(ruleset: ast.Ruleset) -> tuple[str, ...]:
    """The eligible rules that look at the enterprise's withdrawals (its exclusion periods)."""
    return tuple(
        rule.id for rule in ruleset.eligible or () if mentions_field(rule.body, "withdrawals")
    )


def attribute_names(ruleset: ast.Ruleset) -> tuple[str, ...]:
    """Names read as `standard.attributes.NAME` by any rule, in first-seen order."""
    names: dict[str, None] = {}
    for rule in all_rules(ruleset):
        for node in ast.walk(rule.body):
            if (
                isinstance(node, ast.Field)
                and isinstance(node.obj, ast.Field)
                and node.obj.name == "attributes"
            ):
                names.setdefault(node.name)
    return tuple(names)


def string_literals(ruleset: ast.Ruleset) -> tuple[str, ...]:
    """String literals written in rules (categories, statuses, attribute values), deduplicated."""
    found: dict[str, None] = {}
    for rule in all_rules(ruleset):
        for node in ast.walk(rule.body):
            if isinstance(node, ast.String):
                found.setdefault(node.value)
    return tuple(found)


__all__ = [
    "ReferenceComparison",
    "all_rules",
    "attribute_names",
    "demand_holds",
    "exclusion_rules",
    "mentions_field",
    "reference_comparisons",
    "string_literals",
    "thresholds",
]
