"""Testing support: static facts about a checked ruleset that the strategies and properties need.

Takes a typed `ast.Ruleset`; gives the numeric thresholds each indicator is
compared with (reference limits, tiers, literals and constant expressions in
rules), the reference comparisons made by `eligible` rules, and whether the
ruleset has an exclusion rule. Nothing here evaluates records.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from standards_rules import ast
from standards_rules.check import references
from standards_rules.check.references import (
    VALUE_FIELDS,
    ReferenceComparison,
    demand_holds,
    indicator_loop_vars,
    is_limit,
    limit_of,
    view_field,
)
from standards_rules.compile.defines import inline_defines

_INLINED: dict[int, tuple[ast.Ruleset, ast.Ruleset]] = {}


def inlined(ruleset: ast.Ruleset) -> ast.Ruleset:
    """`ruleset` with every define used in its bodies written out (SPEC §2.4: a define
    means its body), so that what the bodies compare is seen through the defines."""
    if not ruleset.defines:
        return ruleset
    found = _INLINED.get(id(ruleset))
    if found is None or found[0] is not ruleset:
        if len(_INLINED) > 64:
            _INLINED.clear()
        found = _INLINED[id(ruleset)] = (ruleset, inline_defines(ruleset))
    return found[1]


def reference_comparisons(ruleset: ast.Ruleset) -> tuple[ReferenceComparison, ...]:
    """`check.references.reference_comparisons` seen through the defines."""
    return references.reference_comparisons(inlined(ruleset))


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
    view = view_field(expr, ruleset, loop_vars)
    if view is None or indicator.id not in view[0]:
        return None
    return _indicator_constant(indicator, view[1])


def _indicator_constant(indicator: ast.Indicator, field: str) -> float | None:
    if is_limit(field):
        return limit_of(indicator, field)
    if field == "weight":
        return None if indicator.weight is None else float(indicator.weight)
    if field.startswith("tiers."):
        for tier in indicator.tiers:
            if tier.name == field.removeprefix("tiers."):
                return float(tier.threshold)
    return None


def all_rules(ruleset: ast.Ruleset) -> Iterator[ast.Rule]:
    """Every eligible rule, leaders require and withdrawal trigger, defines written out."""
    ruleset = inlined(ruleset)
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
    for ref in (indicator.national, indicator.industry, *indicator.references):
        if ref is not None and ref.value is not None:
            found.add(float(ref.value))
    found.update(float(t.threshold) for t in indicator.tiers)
    for rule in all_rules(ruleset):
        variables = indicator_loop_vars(rule.body)
        for node in ast.walk(rule.body):
            if not isinstance(node, ast.Compare):
                continue
            for value_side, other in ((node.left, node.right), (node.right, node.left)):
                view = view_field(value_side, ruleset, variables)
                if view is None or indicator_id not in view[0] or view[1] not in VALUE_FIELDS:
                    continue
                constant = _constant(other, indicator, ruleset, variables)
                if constant is not None and math.isfinite(constant):
                    found.add(constant)
    return tuple(sorted(found))


def mentions_field(expr: ast.Expr, name: str) -> bool:
    """True when `expr` reads a field called `name` anywhere."""
    return any(isinstance(node, ast.Field) and node.name == name for node in ast.walk(expr))


def exclusion_rules(ruleset: ast.Ruleset) -> tuple[str, ...]:
    """The eligible rules that look at the enterprise's withdrawals (its exclusion periods)."""
    return tuple(
        rule.id
        for rule in inlined(ruleset).eligible or ()
        if mentions_field(rule.body, "withdrawals")
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


def _comparisons_of(ruleset: ast.Ruleset, record: str, name: str) -> Iterator[ast.Compare]:
    """Every comparison of `record.name` (`standard.category`, `enterprise.credit_code`)
    with something else in the eligible rules, defines written out."""
    field = ast.Field(ast.Name(record), name)
    for rule in inlined(ruleset).eligible or ():
        for node in ast.walk(rule.body):
            if isinstance(node, ast.Compare) and node.left == field:
                yield node


def compared_texts(ruleset: ast.Ruleset, record: str, name: str) -> tuple[str, ...]:
    """The strings eligible rules compare `record.name` with (`==`, `in [...]`), in order:
    the values a generated record should take to pass them (a plan's list of categories)."""
    found: dict[str, None] = {}
    for node in _comparisons_of(ruleset, record, name):
        if node.op is ast.CompareOp.EQ and isinstance(node.right, ast.String):
            found.setdefault(node.right.value)
        elif node.op is ast.CompareOp.IN and isinstance(node.right, ast.ListExpr):
            for item in node.right.items:
                if isinstance(item, ast.String):
                    found.setdefault(item.value)
    return tuple(found)


def matched_patterns(ruleset: ast.Ruleset, record: str, name: str) -> tuple[str, ...]:
    """The patterns eligible rules require `record.name` to match (a region of registration
    in a credit code): a generated record should match them to pass."""
    found: dict[str, None] = {}
    for node in _comparisons_of(ruleset, record, name):
        if node.op is ast.CompareOp.MATCHES and isinstance(node.right, ast.String):
            found.setdefault(node.right.value)
    return tuple(found)


__all__ = [
    "ReferenceComparison",
    "all_rules",
    "attribute_names",
    "compared_texts",
    "demand_holds",
    "exclusion_rules",
    "inlined",
    "matched_patterns",
    "mentions_field",
    "reference_comparisons",
    "string_literals",
    "thresholds",
]
