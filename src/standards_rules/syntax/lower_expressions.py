"""Lowering of expressions: lark parse-tree nodes → `ast` expression nodes.

The shared half of the lowering transformer (`syntax.lower` adds the sections):
decodes string escapes, checks that dates exist, turns numerals into int or
float, and builds one AST node per expression alias of the grammar. Problems
(a bad escape, 2021-02-30, a number beyond ±1.8e308, digits that are not ASCII,
half a surrogate pair, a duration longer than the calendar) become diagnostics
and lowering goes on (docs/limits.md).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any, TypeVar

from lark import Token, Transformer, Tree, v_args
from lark.visitors import _VArgsWrapper

from standards_rules import ast
from standards_rules.diagnostics import Diagnostic, error
from standards_rules.limits import MAX_DURATION, MAX_NUMBER_DIGITS, finite_number
from standards_rules.source import Source, Span
from standards_rules.syntax.parser import token_span

# A surrogate pair written as two escapes is one character; half of one is an error.
_ESCAPE = re.compile(
    r"\\(u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.S
)
_SURROGATES = range(0xD800, 0xE000)
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


def parse_number(text: str) -> int | float | None:
    """The value of an ASCII numeral, or None when it is not finite as a float."""
    if any(c in text for c in ".eE"):
        value: int | float = float(text)
    elif len(text.lstrip("0")) > MAX_NUMBER_DIGITS:
        return None  # before int(): Python refuses to convert 4,300 digits and more
    else:
        value = int(text)
    return value if finite_number(value) else None


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit of any script written as 0-9."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def duration_unit(text: str) -> ast.DurationUnit:
    word = text.split()[-1].rstrip("s")
    if text.startswith("working"):
        return ast.DurationUnit.WORKING_DAYS
    return {
        "day": ast.DurationUnit.DAYS,
        "month": ast.DurationUnit.MONTHS,
        "year": ast.DurationUnit.YEARS,
    }[word]


class _BoundOnce:
    """A lowering method, looked up on a lowering once and kept on it (see `bound_once`)."""

    def __init__(self, method: Any, name: str) -> None:
        self.method = method
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self.method
        bound = self.method.__get__(instance, owner)
        instance.__dict__[self.name] = bound
        return bound


_Lowering = TypeVar("_Lowering")


def bound_once(cls: _Lowering) -> _Lowering:
    """`cls` (a class `v_args` decorated), its methods bound once for each instance.

    lark's `v_args` binds a method by making a new wrapper (`functools.update_wrapper`)
    at every look-up, and the transformer looks one up at every tree node: a tenth of
    lowering a plan went into that. Kept on the instance, each is made once.
    """
    for name, method in list(vars(cls).items()):
        if isinstance(method, _VArgsWrapper):
            setattr(cls, name, _BoundOnce(method, name))
    return cls


@bound_once
@v_args(meta=True, inline=True)
class ExpressionLowering(Transformer[Token, Any]):
    """Expression aliases → AST nodes, and the helpers every lowering method uses."""

    def __init__(self, source: Source) -> None:
        # No method is named after a terminal: tokens are passed through, not visited.
        super().__init__(visit_tokens=False)
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
            if len(code) == 11:
                high, low = int(code[1:5], 16), int(code[7:], 16)
                return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            if len(code) == 5 and code.startswith("u"):
                char = int(code[1:], 16)
                if char not in _SURROGATES:
                    return chr(char)
                self.diagnostics.append(
                    error(
                        "E122",
                        f"'\\{code}' is half of a surrogate pair, not a character; write the "
                        "character itself, or both halves (\\uD83D\\uDE00)",
                        token_span(token),
                        self.origin.path,
                    )
                )
                return "\ufffd"
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

    def _not_ascii(self, token: Token, what: str) -> None:
        text = str(token)
        message = (
            f"{what} '{text}' is written with digits that are not ASCII; write {ascii_digits(text)}"
        )
        self.diagnostics.append(error("E121", message, token_span(token), self.origin.path))

    def _numeral(self, token: Token) -> int | float:
        """A NUMBER token's value; 0 after a diagnostic when it cannot be one."""
        text = str(token)
        if not text.isascii():
            self._not_ascii(token, "the number")
            text = ascii_digits(text)
        value = parse_number(text)
        if value is None:
            shown = text if len(text) <= 24 else f"{text[:12]}…({len(text)} characters)"
            message = f"the number {shown} is too large: numbers lie within ±1.8e308"
            self.diagnostics.append(error("E120", message, token_span(token), self.origin.path))
            return 0
        return value

    def _date(self, token: Token) -> datetime.date:
        if not str(token).isascii():
            self._not_ascii(token, "the date")
            return datetime.date(1, 1, 1)
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
        return ast.Number(self._numeral(token), span=self._span(meta))

    def string(self, meta: Any, token: Token) -> ast.String:
        return ast.String(self._string(token), span=self._span(meta))

    def date(self, meta: Any, token: Token) -> ast.Date:
        return ast.Date(self._date(token), span=self._span(meta))

    def duration(self, meta: Any, amount: Token, unit: Token) -> ast.Duration:
        value, kind = self._numeral(amount), duration_unit(str(unit))
        longest = MAX_DURATION[kind.value]
        if value > longest:
            message = (
                f"a duration of {amount} {kind.value} reaches past the calendar "
                f"(0001-01-01 to 9999-12-31); at most {longest:,} {kind.value}"
            )
            self.diagnostics.append(error("E123", message, self._span(meta), self.origin.path))
            value = 0
        return ast.Duration(value, kind, span=self._span(meta))

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
