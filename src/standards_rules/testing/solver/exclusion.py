"""Solver path, exclusion: whether an eligibility rule shuts out an enterprise just withdrawn.

Takes the typed AST; gives the id of an `eligible` rule that fails for every
standard whose enterprise holds the withdrawal an evaluation itself adds when a
title is withdrawn (SPEC §4.0: `decided_on` = `as_of`, `excluded_until` =
`as_of` + `exclude`), whatever else the records say, or None. With such a rule
`entry_exit` holds for every trigger, since a firing trigger adds that
withdrawal before eligibility is judged.

The rule must have, among the conditions it joins with `and`, one of the form
`not (any w in enterprise.withdrawals: BODY)`, where BODY combines with
`and`/`or`/`not` comparisons of `w.decided_on`, `w.excluded_until` and
`as_of`. Only the order of those three dates matters there, and it is known:
`decided_on` = `as_of` < `excluded_until` (an `exclude` of at least one day,
month, … — for any `as_of` whose `excluded_until` lies before 9999-12-31), or
`excluded_until` = `as_of` without `exclude`, so BODY is evaluated on that
order alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from standards_rules import ast

_ORDER = {
    ast.CompareOp.LT: lambda a, b: a < b,
    ast.CompareOp.LE: lambda a, b: a <= b,
    ast.CompareOp.GT: lambda a, b: a > b,
    ast.CompareOp.GE: lambda a, b: a >= b,
    ast.CompareOp.EQ: lambda a, b: a == b,
    ast.CompareOp.NE: lambda a, b: a != b,
}


def _conjuncts(expr: ast.Expr) -> Iterator[ast.Expr]:
    if isinstance(expr, ast.BoolOp) and expr.op is ast.BoolOpKind.AND:
        yield from _conjuncts(expr.left)
        yield from _conjuncts(expr.right)
    else:
        yield expr


def _date(expr: ast.Expr, var: str, until: int) -> int | str:
    """The place of a date in the known order, "?" when it is another."""
    match expr:
        case ast.Name(id="as_of"):
            return 0
        case ast.Field(obj=ast.Name(id=name), name="decided_on") if name == var:
            return 0
        case ast.Field(obj=ast.Name(id=name), name="excluded_until") if name == var:
            return until
    return "?"


def _holds(expr: ast.Expr, var: str, until: int) -> bool | None:
    """BODY on the fresh withdrawal; None when BODY reads anything else."""
    match expr:
        case ast.Unary(op=ast.UnaryOp.NOT, operand=operand):
            inner = _holds(operand, var, until)
            return None if inner is None else not inner
        case ast.BoolOp(op=op, left=left, right=right):
            a, b = _holds(left, var, until), _holds(right, var, until)
            if a is None or b is None:
                return None
            return (a and b) if op is ast.BoolOpKind.AND else (a or b)
        case ast.Compare(op=op, left=left, right=right) if op in _ORDER:
            first, second = _date(left, var, until), _date(right, var, until)
            if isinstance(first, str) or isinstance(second, str):
                return None
            return bool(_ORDER[op](first, second))
    return None


def excluding_rule(tree: ast.Ruleset) -> str | None:
    """The eligible rule that a withdrawal decided in the same evaluation makes fail, if any."""
    if tree.withdraw is None:
        return None
    exclude = tree.withdraw.exclude
    # Without `exclude` the evaluation excludes until as_of itself; with less than a
    # whole unit, too (the amount is floored).
    until = 1 if exclude is not None and exclude.amount >= 1 else 0
    withdrawals = ast.Field(ast.Name("enterprise"), "withdrawals")
    for rule in tree.eligible or ():
        for term in _conjuncts(rule.body):
            match term:
                case ast.Unary(
                    op=ast.UnaryOp.NOT,
                    operand=ast.Quantifier(
                        kind=ast.QuantifierKind.ANY, var=var, iterable=iterable, body=body
                    ),
                ) if iterable == withdrawals and _holds(body, var, until):
                    return rule.id
    return None


__all__ = ["excluding_rule"]
