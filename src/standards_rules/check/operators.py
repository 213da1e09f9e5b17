"""Checker stage, operators: the typing rules of operators and builtins (SPEC §2.3).

Takes operand types already inferred; gives the result type and reports E301
(wrong operand types, naming them), E208 (a string that is not one of an enum
field's values), E304 (a direction-aware comparison not on an indicator field),
E305/E306/E330 (`matches` patterns) and W503 (division by the literal 0).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from standards_rules import ast
from standards_rules.check import types as t
from standards_rules.check.report import Reporter
from standards_rules.check.resolve import DIRECTIONAL_FIELDS
from standards_rules.check.show import show
from standards_rules.check.suggest import did_you_mean
from standards_rules.patterns import pattern_problem

_ORDERED = (t.NUMBER, t.DATE, t.STRING)


def regex_problem(expr: ast.Compare) -> tuple[str, str] | None:
    """(code, message) when the right side of `matches` is not a compiling string literal."""
    if not isinstance(expr.right, ast.String):
        return "E306", "the pattern after 'matches' must be a text in double quotes"
    try:
        re.compile(expr.right.value)
    except re.error as exc:
        return "E305", f"this regular expression does not compile: {exc}"
    problem = pattern_problem(expr.right.value)
    return None if problem is None else ("E330", problem)


def is_indicator_field(expr: ast.Expr, types: Mapping[int, t.Type]) -> bool:
    """Is `expr` a limit or value of an indicator view (`i.value`, `i.tiers.NAME`, …)?"""
    if not isinstance(expr, ast.Field):
        return False
    owner = types.get(id(expr.obj), t.UNKNOWN)
    if isinstance(owner, t.TierMap | t.ReferenceMap):
        return True
    return isinstance(owner, t.IndicatorView) and expr.name in DIRECTIONAL_FIELDS


def _bool_itself(expr: ast.Compare, left: t.Type, right: t.Type) -> str:
    """`; write 'enterprise.applied' …` for a bool compared with a text such as "true" or "是"."""
    if expr.op not in (ast.CompareOp.EQ, ast.CompareOp.NE):
        return ""
    for flag, flag_type, text, text_type in (
        (expr.left, left, expr.right, right),
        (expr.right, right, expr.left, left),
    ):
        if t.is_(flag_type, t.BOOL) and t.is_(text_type, t.STRING) and isinstance(text, ast.String):
            shown = show(flag)
            return (
                f"; {shown} is already true or false: write '{shown}' for true "
                f"and 'not {shown}' for false, not a comparison with a text"
            )
    return ""


class Operators:
    def __init__(self, report: Reporter) -> None:
        self.report = report

    def mistyped(self, message: str, found: t.Type, node: ast.Expr) -> None:
        self.report.error("E301", f"{message} {t.describe(found)}", node.span)

    def unary(self, expr: ast.Unary, op: ast.UnaryOp, operand: t.Type) -> t.Type:
        if op is ast.UnaryOp.NOT:
            if not t.is_(operand, t.BOOL):
                self.mistyped("'not' needs bool; the operand is", operand, expr.operand)
            return t.BOOL
        if not t.is_(operand, t.NUMBER):
            self.mistyped("unary '-' needs a number; the operand is", operand, expr.operand)
            return t.UNKNOWN
        return t.NUMBER

    def arith(self, expr: ast.Arith, left: t.Type, right: t.Type) -> t.Type:
        op = expr.op
        if op is ast.ArithOp.DIV and isinstance(expr.right, ast.Number) and expr.right.value == 0:
            self.report.warning("W503", "division by zero: the result is always none", expr.span)
        if t.is_lenient(left) and t.is_lenient(right):
            return t.UNKNOWN if t.UNKNOWN in (left, right) else t.DYNAMIC
        # A run-time typed left side (`standard.attributes.NAME`) is a date only when the
        # right side says so: `attributes.n + 1` is arithmetic on numbers.
        dated = t.is_(right, t.DURATION, t.DATE) if t.is_lenient(left) else t.is_(left, t.DATE)
        if op in (ast.ArithOp.ADD, ast.ArithOp.SUB) and dated:
            if t.is_(right, t.DURATION):
                return t.DATE
            if op is ast.ArithOp.SUB and t.is_(right, t.DATE):
                return t.NUMBER
            allowed = "a duration" if op is ast.ArithOp.ADD else "a duration or a date"
            self.mistyped(
                f"a date {op.value} needs {allowed} on the right; it is", right, expr.right
            )
            return t.UNKNOWN
        ok = True
        for side, node, found in (("left", expr.left, left), ("right", expr.right, right)):
            if not t.is_(found, t.NUMBER):
                self.mistyped(f"'{op.value}' needs numbers; the {side} side is", found, node)
                ok = False
        return t.NUMBER if ok else t.UNKNOWN

    def compare(self, expr: ast.Compare, left: t.Type, right: t.Type) -> t.Type:
        op = expr.op
        if op in (ast.CompareOp.EQ, ast.CompareOp.NE):
            if not t.compatible(left, right):
                self._two_types(expr, left, right, "compares two values of one type (or with none)")
            self._enum_literal(left, expr.right)
            self._enum_literal(right, expr.left)
        elif op.ordering:
            sides = [s for s in (left, right) if s != t.NONE and not t.is_lenient(s)]
            kinds = {t.base(s) for s in sides}
            if not all(k in _ORDERED for k in kinds) or len(kinds) > 1:
                self._two_types(expr, left, right, "compares two numbers, two dates or two strings")
        elif op in (ast.CompareOp.IN, ast.CompareOp.NOT_IN):
            self._membership(expr, left, right)
        elif op is ast.CompareOp.MATCHES:
            if not t.is_(left, t.STRING) and left != t.NONE:
                self.mistyped("'matches' needs a string on the left; it is", left, expr.left)
            problem = regex_problem(expr)
            if problem is not None:
                self.report.error(problem[0], problem[1], expr.right.span)
        elif not t.is_(right, t.NUMBER) and right != t.NONE:
            self.mistyped(
                f"'{op.value}' needs a number or none on the right; it is", right, expr.right
            )
        return t.BOOL

    def directional(self, expr: ast.Compare, types: Mapping[int, t.Type]) -> None:
        left = types.get(id(expr.left), t.UNKNOWN)
        if left == t.UNKNOWN or is_indicator_field(expr.left, types):
            return
        message = (
            f"the left side of '{expr.op.value}' must be a field of an indicator "
            "(i.value, i.previous, i.awarded, i.national, i.industry, i.references.NAME "
            "or i.tiers.NAME), "
            "so that the indicator's 'better' gives the direction"
        )
        self.report.error("E304", message, expr.left.span)

    def _two_types(self, expr: ast.Compare, left: t.Type, right: t.Type, rule: str) -> None:
        message = (
            f"'{expr.op.value}' {rule}; the left side is {t.describe(left)}, "
            f"the right side is {t.describe(right)}"
        )
        self.report.error("E301", message + _bool_itself(expr, left, right), expr.span)

    def _membership(self, expr: ast.Compare, left: t.Type, right: t.Type) -> None:
        if t.is_lenient(right):
            return
        if not t.is_list(right):
            self.mistyped(f"'{expr.op.value}' needs a list on the right; it is", right, expr.right)
            return
        if not t.compatible(left, t.element(right)):
            self._two_types(expr, left, right, "needs a list of the left side's type")
        if isinstance(expr.right, ast.ListExpr):
            for item in expr.right.items:
                self._enum_literal(left, item)

    def _enum_literal(self, field: t.Type, literal: ast.Expr) -> None:
        if not (isinstance(field, t.EnumString) and isinstance(literal, ast.String)):
            return
        if literal.value in field.values:
            return
        hint = did_you_mean(literal.value, field.values)
        if not hint:
            hint = "; it is one of " + ", ".join(f"'{v}'" for v in field.values)
        article = "an" if field.what[0] in "aeiou" else "a"
        message = f"'{literal.value}' is not {article} {field.what}{hint}"
        self.report.error("E208", message, literal.span)

    def builtin(self, expr: ast.Call, args: list[t.Type]) -> t.Type:
        name = expr.func
        if name == "len":
            if not (t.is_list(args[0]) or t.is_(args[0], t.STRING)):
                self.mistyped("'len' needs a list or a string; it is given", args[0], expr.args[0])
            return t.NUMBER
        if name in ("min", "max"):
            kinds = {t.base(a) for a in args if not t.is_lenient(a)}
            if len(kinds) > 1 or not kinds <= {t.NUMBER, t.DATE}:
                given = ", ".join(t.describe(a) for a in args)
                message = f"'{name}' needs numbers (or dates); it is given {given}"
                self.report.error("E301", message, expr.span)
                return t.UNKNOWN
            return kinds.pop() if kinds else t.DYNAMIC
        if name == "first":
            return self._first(expr, args)
        expected = {
            "abs": (t.NUMBER,),
            "round": (t.NUMBER, t.NUMBER),
            "lower": (t.STRING,),
            "working_days_between": (t.DATE, t.DATE),
        }[name]
        for position, (node, arg, want) in enumerate(zip(expr.args, args, expected, strict=False)):
            if not t.is_(arg, want):
                message = f"argument {position + 1} of '{name}' must be {want.name}; it is"
                self.mistyped(message, arg, node)
        return t.STRING if name == "lower" else t.NUMBER

    def _first(self, expr: ast.Call, args: list[t.Type]) -> t.Type:
        result: t.Type = t.NONE
        for position, (node, arg) in enumerate(zip(expr.args, args, strict=True)):
            if not t.compatible(result, arg):
                message = (
                    f"the arguments of 'first' must share one type; argument {position + 1} "
                    f"is {t.describe(arg)}, the ones before are {t.describe(result)}"
                )
                self.report.error("E301", message, node.span)
                return t.UNKNOWN
            result = t.join(result, arg)
        return result


__all__ = ["Operators", "is_indicator_field", "regex_problem"]
