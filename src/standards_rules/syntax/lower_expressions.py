"""Lowering of expressions: lark parse-tree nodes → `ast` expression nodes.

The shared half of the lowering transformer (`syntax.lower` adds the sections):
decodes string escapes, checks that dates exist, turns numerals into int or
float, and builds one AST node per expression alias of the grammar. Problems
(a bad escape, 2021-02-30) become diagnostics and lowering goes on.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from lark import Token, Transformer, Tree, v_args

from standards_rules import ast
from standards_rules.diagnostics import Diagnostic, error
from standards_rules.source import Source, Span
from standards_rules.syntax.parser import token_span

_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.S)
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}

_COMPARE_OPS = {
    "eq": ast.CompareOp.EQ,
    "ne": ast.CompareOp.NE,
    "lt": ast.CompareOp.LT,
    "le": ast.CompareOp.LE,
    "gt": ast.CompareOp.GT,
    "ge": ast.CompareOp.GE,
    "in_": ast.CompareOp.IN,
    "not_in": ast.CompareOp.NOT_IN,
    "matches": ast.CompareOp.MATCHES,
    "better_than": ast.CompareOp.BETTER_THAN,
    "no_worse_than": ast.CompareOp.NO_WORSE_THAN,
    "worse_than": ast.CompareOp.WORSE_THAN,
}

_ARITH_OPS = {
    "add": ast.ArithOp.ADD,
    "sub": ast.ArithOp.SUB,
    "mul": ast.ArithOp.MUL,
    "div": ast.ArithOp.DIV,
}


def parse_number(text: str) -> int | float:
    if any(c in text for c in ".eE"):
        return float(text)
    return int(text)


def duration_unit(text: str) -> ast.DurationUnit:
    word = text.split()[-1].rstrip("s")
    if text.startswith("working"):
        return ast.DurationUnit.WORKING_DAYS
    return {
        "day": ast.DurationUnit.DAYS,
        "month": ast.DurationUnit.MONTHS,
        "year": ast.DurationUnit.YEARS,
    }[word]


@v_args(meta=True, inline=True)
class ExpressionLowering(Transformer[Token, Any]):
    """Expression aliases → AST nodes, and the helpers every lowering method uses."""

    def __init__(self, source: Source) -> None:
        super().__init__()
        self.origin = source
        self.diagnostics: list[Diagnostic] = []

    # ------------------------------------------------------------ helpers
    def _span(self, meta: Any) -> Span:
        if getattr(meta, "empty", True):
            return Span(1, 1, 1, 1)
        return Span(
            meta.line, meta.column, meta.end_line, meta.end_column, meta.start_pos, meta.end_pos
        )

    def _string(self, token: Token) -> str:
        body = str(token)[1:-1]

        def replace(match: re.Match[str]) -> str:
            code = match.group(1)
            if code in _SIMPLE_ESCAPES:
                return _SIMPLE_ESCAPES[code]
            if len(code) == 5 and code.startswith("u"):
                return chr(int(code[1:], 16))
            self.diagnostics.append(
                error(
                    "E104",
                    f"'\\{code}' is not an escape in a string; write '\\\\{code}' for a "
                    'backslash (escapes are \\" \\\\ \\n \\t \\uXXXX)',
                    token_span(token),
                    self.origin.path,
                )
            )
            return "\\" + code

        return _ESCAPE.sub(replace, body)

    def _date(self, token: Token) -> datetime.date:
        try:
            return datetime.date.fromisoformat(str(token))
        except ValueError:
            self.diagnostics.append(
                error(
                    "E105",
                    f"{token} is not a date that exists",
                    token_span(token),
                    self.origin.path,
                )
            )
            return datetime.date(1, 1, 1)

    def _opt_string(self, token: Token | None) -> str | None:
        return None if token is None else self._string(token)

    # ------------------------------------------------------------ expressions
    def number(self, meta: Any, token: Token) -> ast.Number:
        return ast.Number(parse_number(str(token)), span=self._span(meta))

    def string(self, meta: Any, token: Token) -> ast.String:
        return ast.String(self._string(token), span=self._span(meta))

    def date(self, meta: Any, token: Token) -> ast.Date:
        return ast.Date(self._date(token), span=self._span(meta))

    def duration(self, meta: Any, amount: Token, unit: Token) -> ast.Duration:
        return ast.Duration(
            parse_number(str(amount)), duration_unit(str(unit)), span=self._span(meta)
        )

    def true(self, meta: Any) -> ast.Bool:
        return ast.Bool(True, span=self._span(meta))

    def false(self, meta: Any) -> ast.Bool:
        return ast.Bool(False, span=self._span(meta))

    def none(self, meta: Any) -> ast.NoneLit:
        return ast.NoneLit(span=self._span(meta))

    def name(self, meta: Any, token: Token) -> ast.Name:
        return ast.Name(str(token), span=self._span(meta))

    def call(self, meta: Any, func: Token, *args: ast.Expr | None) -> ast.Call:
        return ast.Call(
            str(func),
            tuple(a for a in args if a is not None),
            func_span=token_span(func),
            span=self._span(meta),
        )

    def list_expr(self, meta: Any, *items: ast.Expr | None) -> ast.ListExpr:
        return ast.ListExpr(tuple(i for i in items if i is not None), span=self._span(meta))

    def field(self, meta: Any, obj: ast.Expr, name: Token) -> ast.Field:
        return ast.Field(obj, str(name), name_span=token_span(name), span=self._span(meta))

    def index(self, meta: Any, obj: ast.Expr, index: ast.Expr) -> ast.Index:
        return ast.Index(obj, index, span=self._span(meta))

    def neg(self, meta: Any, operand: ast.Expr) -> ast.Expr:
        if isinstance(operand, ast.Number):
            return ast.Number(-operand.value, span=self._span(meta))
        return ast.Unary(ast.UnaryOp.NEG, operand, span=self._span(meta))

    def not_(self, meta: Any, operand: ast.Expr) -> ast.Unary:
        return ast.Unary(ast.UnaryOp.NOT, operand, span=self._span(meta))

    def _arith(self, meta: Any, op: str, left: ast.Expr, right: ast.Expr) -> ast.Arith:
        return ast.Arith(_ARITH_OPS[op], left, right, span=self._span(meta))

    def add(self, meta: Any, left: ast.Expr, right: ast.Expr) -> ast.Arith:
        return self._arith(meta, "add", left, right)

    def sub(self, meta: Any, left: ast.Expr, right: ast.Expr) -> ast.Arith:
        return self._arith(meta, "sub", left, right)

    def mul(self, meta: Any, left: ast.Expr, right: ast.Expr) -> ast.Arith:
        return self._arith(meta, "mul", left, right)

    def div(self, meta: Any, left: ast.Expr, right: ast.Expr) -> ast.Arith:
        return self._arith(meta, "div", left, right)

    def compare(
        self, meta: Any, left: ast.Expr, op: tuple[ast.CompareOp, Span], right: ast.Expr
    ) -> ast.Compare:
        return ast.Compare(op[0], left, right, op_span=op[1], span=self._span(meta))

    def and_(self, meta: Any, left: ast.Expr, right: ast.Expr) -> ast.BoolOp:
        return ast.BoolOp(ast.BoolOpKind.AND, left, right, span=self._span(meta))

    def or_(self, meta: Any, left: ast.Expr, right: ast.Expr) -> ast.BoolOp:
        return ast.BoolOp(ast.BoolOpKind.OR, left, right, span=self._span(meta))

    def quantifier(
        self, meta: Any, kind: Token, var: Token, iterable: ast.Expr, body: ast.Expr
    ) -> ast.Quantifier:
        return ast.Quantifier(
            ast.QuantifierKind(str(kind)),
            str(var),
            iterable,
            body,
            var_span=token_span(var),
            span=self._span(meta),
        )

    def if_expr(self, meta: Any, cond: ast.Expr, then: ast.Expr, otherwise: ast.Expr) -> ast.IfExpr:
        return ast.IfExpr(cond, then, otherwise, span=self._span(meta))

    def __default__(self, data: Any, children: Any, meta: Any) -> Any:
        # comp_op alternatives arrive here under their alias, with no children.
        if isinstance(data, str) and data in _COMPARE_OPS:
            return (_COMPARE_OPS[data], self._span(meta))
        return Tree(data, children, meta)
