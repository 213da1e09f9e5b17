"""Checker stage, lint: conditions that can never hold or always hold (W501, W502).

Takes a typed body; looks at each chain of `and` (or of `or`) and, for every
numeric expression compared there with number literals (`i.value < 0.5`), the set
of values each comparison admits. An `and` chain whose sets for one expression do
not meet can never hold (W501): comparisons with `none` are false, so this stays
true when the value is missing. An `or` chain whose sets cover every number
(W502) holds for every value the expression can have; it is false only when the
value is `none`, which the message says. Only warns when certain.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from standards_rules import ast
from standards_rules.check import types as t
from standards_rules.check.report import Reporter
from standards_rules.check.show import show

# A set of reals as sorted, disjoint intervals (low, low_closed, high, high_closed).
Interval = tuple[float, bool, float, bool]
Intervals = list[Interval]

_ALL: Intervals = [(-math.inf, False, math.inf, False)]
_FLIP = {
    ast.CompareOp.LT: ast.CompareOp.GT,
    ast.CompareOp.LE: ast.CompareOp.GE,
    ast.CompareOp.GT: ast.CompareOp.LT,
    ast.CompareOp.GE: ast.CompareOp.LE,
    ast.CompareOp.EQ: ast.CompareOp.EQ,
    ast.CompareOp.NE: ast.CompareOp.NE,
}


def admitted(op: ast.CompareOp, c: float) -> Intervals:
    """The values `x` with `x op c`."""
    inf = math.inf
    return {
        ast.CompareOp.LT: [(-inf, False, c, False)],
        ast.CompareOp.LE: [(-inf, False, c, True)],
        ast.CompareOp.GT: [(c, False, inf, False)],
        ast.CompareOp.GE: [(c, True, inf, False)],
        ast.CompareOp.EQ: [(c, True, c, True)],
        ast.CompareOp.NE: [(-inf, False, c, False), (c, False, inf, False)],
    }[op]


def _nonempty(i: Interval) -> bool:
    low, low_closed, high, high_closed = i
    return low < high or (low == high and low_closed and high_closed)


def intersect(a: Intervals, b: Intervals) -> Intervals:
    out: Intervals = []
    for x in a:
        for y in b:
            low = max((x[0], not x[1]), (y[0], not y[1]))
            high = min((x[2], x[3]), (y[2], y[3]))
            piece = (low[0], not low[1], high[0], high[1])
            if _nonempty(piece):
                out.append(piece)
    return out


def covers_everything(sets: list[Intervals]) -> bool:
    """Does the union of `sets` hold every real number?"""
    pieces = sorted((i for s in sets for i in s), key=lambda i: (i[0], not i[1]))
    reach, reach_closed = -math.inf, False  # every x < reach (or <= when closed) is covered
    for low, low_closed, high, high_closed in pieces:
        if reach == -math.inf and low != -math.inf:
            return False
        gap = low > reach or (low == reach and not low_closed and not reach_closed)
        if reach != -math.inf and gap:
            return False
        if (high, high_closed) > (reach, reach_closed):
            reach, reach_closed = high, high_closed
    return reach == math.inf


def _chain(expr: ast.Expr, op: ast.BoolOpKind) -> list[ast.Expr]:
    out: list[ast.Expr] = []
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.BoolOp) and node.op is op:
            stack.extend((node.right, node.left))
        else:
            out.append(node)
    return out


def _bound(expr: ast.Expr, types: Mapping[int, t.Type]) -> tuple[str, Intervals] | None:
    """(expression text, admitted set) for `NUMERIC op LITERAL` or `LITERAL op NUMERIC`."""
    if not isinstance(expr, ast.Compare) or expr.op not in _FLIP:
        return None
    left, right, op = expr.left, expr.right, expr.op
    if isinstance(left, ast.Number) and not isinstance(right, ast.Number):
        left, right, op = right, left, _FLIP[op]
    if not isinstance(right, ast.Number) or isinstance(left, ast.Number):
        return None
    if types.get(id(left)) not in (t.NUMBER, t.DYNAMIC):
        return None
    return show(left), admitted(op, float(right.value))


def lint_body(
    body: ast.Expr, types: Mapping[int, t.Type], report: Reporter, what: str = "rule"
) -> None:
    """Warn about every `and`/`or` chain in `body` that can never or always hold."""
    chains = [node for node in ast.walk(body) if isinstance(node, ast.BoolOp)]
    inner = {
        id(child)
        for node in chains
        for child in ast.children(node)
        if isinstance(child, ast.BoolOp) and child.op is node.op
    }
    for node in chains:
        if id(node) in inner:
            continue
        grouped: dict[str, list[tuple[ast.Expr, Intervals]]] = {}
        for term in _chain(node, node.op):
            found = _bound(term, types)
            if found is not None:
                grouped.setdefault(found[0], []).append((term, found[1]))
        subject = what if node is body else "condition"
        for text, bounds in grouped.items():
            if len(bounds) > 1:
                _report(node, text, bounds, subject, report)


def _report(
    node: ast.BoolOp,
    text: str,
    bounds: list[tuple[ast.Expr, Intervals]],
    subject: str,
    report: Reporter,
) -> None:
    shown = f" {node.op.value} ".join(show(term) for term, _ in bounds)
    if node.op is ast.BoolOpKind.AND:
        remaining = _ALL
        for _, admitted_set in bounds:
            remaining = intersect(remaining, admitted_set)
        if not remaining:
            report.warning("W501", f"this {subject} can never hold: {shown}", node.span)
    elif covers_everything([s for _, s in bounds]):
        message = f"this {subject} always holds (unless {text} is none): {shown}"
        report.warning("W502", message, node.span)


__all__ = ["admitted", "covers_everything", "intersect", "lint_body"]
