"""Checker stage, references: where `eligible` rules compare an indicator with its own limits.

Takes a typed `ast.Ruleset`; gives each comparison of an indicator's value with
its national, industry or named reference limit made by an eligible rule, with what the rule
demands of the value once the `not`s around the comparison are counted
(`better_than`, `no_worse_than`, …), and `demand_holds` to test a number
against such a demand. The tier/limit warnings (`tier_limits.py`) and the
consistency properties (`standards_rules.testing`) both read these.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from standards_rules import ast
from standards_rules.frozen import Frozen

VALUE_FIELDS = frozenset({"value", "previous"})
REFERENCES = frozenset({"national", "industry"})


@attrs.frozen(eq=False, repr=False, slots=False)
class ReferenceComparison(Frozen):
    """`X.value OP X.national` (or `.industry`) inside an eligible rule, for one indicator."""

    rule: str
    indicator: str
    demand: str  # "better_than" | "no_worse_than" | "worse_than" | "no_better_than"
    reference: str  # "national" | "industry" | "references.NAME"


def indicator_of(expr: ast.Expr, ruleset: ast.Ruleset, loop_vars: frozenset[str]) -> list[str]:
    """The indicators an indicator view expression may stand for (`indicators.x`, or `i`)."""
    match expr:
        case ast.Field(obj=ast.Name(id="indicators"), name=name) if ruleset.indicator(name):
            return [name]
        case ast.Name(id=var) if var in loop_vars:
            return [i.id for i in ruleset.indicators]
    return []


def indicator_loop_vars(expr: ast.Expr) -> frozenset[str]:
    """Quantifier variables that range over `indicators` anywhere in `expr`."""
    found = {
        node.var
        for node in ast.walk(expr)
        if isinstance(node, ast.Quantifier) and node.iterable == ast.Name("indicators")
    }
    return frozenset(found)


def view_field(
    expr: ast.Expr, ruleset: ast.Ruleset, loop_vars: frozenset[str]
) -> tuple[list[str], str] | None:
    """(indicators, field) when `expr` is a field of an indicator view, e.g. `i.value`."""
    if not isinstance(expr, ast.Field):
        return None
    ids = indicator_of(expr.obj, ruleset, loop_vars)
    if ids:
        return ids, expr.name
    # `i.tiers.leader`, `i.references.group`: constants of the indicator.
    if isinstance(expr.obj, ast.Field) and expr.obj.name in ("tiers", "references"):
        ids = indicator_of(expr.obj.obj, ruleset, loop_vars)
        if ids:
            return ids, f"{expr.obj.name}.{expr.name}"
    return None


def is_limit(field: str) -> bool:
    """Whether a view field (see `view_field`) names a reference limit."""
    return field in REFERENCES or field.startswith("references.")


def limit_of(indicator: ast.Indicator, reference: str) -> float | None:
    """The number of `indicator`'s limit `reference` (`national`, `industry` or
    `references.NAME`); None where it has none."""
    found = indicator.reference(reference.removeprefix("references."))
    return None if found is None else float(found)


_CLASSES = frozenset(c.value for c in ast.IndicatorClass)
# The indicator classes each loop variable may still have where a comparison counts.
Guard = dict[str, frozenset[str]]


def _class_test(expr: ast.Expr) -> tuple[str, frozenset[str]] | None:
    """(loop variable, the classes for which `expr` is true) when `expr` tests only `v.class`."""
    match expr:
        case ast.Compare(op=op, left=ast.Field(obj=ast.Name(id=var), name="class"), right=right):
            texts = _texts(right)
            if texts is None:
                return None
            if op in (ast.CompareOp.EQ, ast.CompareOp.IN):
                return var, texts & _CLASSES
            if op in (ast.CompareOp.NE, ast.CompareOp.NOT_IN):
                return var, _CLASSES - texts
            return None
        case ast.Compare(
            op=ast.CompareOp.EQ | ast.CompareOp.NE,
            left=ast.String() as text,
            right=ast.Field(obj=ast.Name(), name="class") as field,
        ):
            return _class_test(ast.Compare(expr.op, field, text))
        case ast.Unary(op=ast.UnaryOp.NOT, operand=operand):
            inner = _class_test(operand)
            return None if inner is None else (inner[0], _CLASSES - inner[1])
        case ast.BoolOp(op=op, left=left, right=right):
            a, b = _class_test(left), _class_test(right)
            if a is None or b is None or a[0] != b[0]:
                return None
            return a[0], (a[1] & b[1]) if op is ast.BoolOpKind.AND else (a[1] | b[1])
    return None


def _texts(expr: ast.Expr) -> frozenset[str] | None:
    if isinstance(expr, ast.String):
        return frozenset({expr.value})
    if isinstance(expr, ast.ListExpr) and all(isinstance(x, ast.String) for x in expr.items):
        return frozenset(x.value for x in expr.items if isinstance(x, ast.String))
    return None


def _narrowed(guard: Guard, test: tuple[str, frozenset[str]] | None, holds: bool) -> Guard:
    """`guard` where the class test `test` is known to be `holds`."""
    if test is None:
        return guard
    var, classes = test
    return {**guard, var: guard.get(var, _CLASSES) & (classes if holds else _CLASSES - classes)}


def _polarised(
    expr: ast.Expr, negated: bool = False, guard: Guard | None = None
) -> Iterator[tuple[ast.Compare, bool, Guard]]:
    """Every comparison in `expr` with whether it sits under an odd number of `not`s, and the
    classes its loop variables may have where it decides anything: in `A or B`, B counts
    only where A is false (and A only where B is); in `A and B`, where the other is true."""
    guard = guard or {}
    match expr:
        case ast.Unary(op=ast.UnaryOp.NOT, operand=operand):
            yield from _polarised(operand, not negated, guard)
        case ast.Compare():
            yield expr, negated, guard
        case ast.BoolOp(op=op, left=left, right=right):
            holds = op is ast.BoolOpKind.AND
            yield from _polarised(left, negated, _narrowed(guard, _class_test(right), holds))
            yield from _polarised(right, negated, _narrowed(guard, _class_test(left), holds))
        case ast.IfExpr(cond=cond, then=then, otherwise=otherwise):
            test = _class_test(cond)
            yield from _polarised(cond, negated, guard)
            yield from _polarised(then, negated, _narrowed(guard, test, True))
            yield from _polarised(otherwise, negated, _narrowed(guard, test, False))
        case _:
            for child in ast.children(expr):
                yield from _polarised(child, negated, guard)


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
    A comparison guarded by the loop variable's class (`i.class != "core" or …`) counts
    only for the indicators of the classes it applies to.
    """
    out: list[ReferenceComparison] = []
    for rule in ruleset.eligible or ():
        variables = indicator_loop_vars(rule.body)
        for node, negated, guard in _polarised(rule.body):
            left = view_field(node.left, ruleset, variables)
            right = view_field(node.right, ruleset, variables)
            if left is None or right is None or left[1] != "value" or not is_limit(right[1]):
                continue
            var = _loop_var(node.left)
            classes = _CLASSES if var is None else guard.get(var, _CLASSES)
            for indicator_id in left[0]:
                indicator = ruleset.indicator(indicator_id)
                if indicator is None or indicator_id not in right[0]:
                    continue
                if indicator.indicator_class.value not in classes:
                    continue
                demand = _demand(node.op, negated, indicator.better)
                if demand is not None:
                    out.append(ReferenceComparison(rule.id, indicator_id, demand, right[1]))
    return tuple(dict.fromkeys(out))


def _loop_var(expr: ast.Expr) -> str | None:
    """`i` in `i.value`."""
    match expr:
        case ast.Field(obj=ast.Name(id=var)):
            return var
    return None


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


__all__ = [
    "VALUE_FIELDS",
    "ReferenceComparison",
    "demand_holds",
    "indicator_loop_vars",
    "indicator_of",
    "is_limit",
    "limit_of",
    "reference_comparisons",
    "view_field",
]
