"""The AST's expressions (SPEC §2.3): literals, names, fields, calls, operators,
quantifiers and `if`, the `Expr` union of them all, and `children`/`walk` over a tree.

Part of `standards_rules.ast` (see there); the declarations that hold expressions
are in `ast.declarations`.
"""

from __future__ import annotations

import datetime
import enum
import typing
from typing import TypeAlias

import attrs

from standards_rules.frozen import Frozen
from standards_rules.source import Span, span_field

# ---------------------------------------------------------------- expressions


class DurationUnit(enum.Enum):
    DAYS = "days"
    WORKING_DAYS = "working days"
    MONTHS = "months"
    YEARS = "years"


@attrs.frozen(eq=False, repr=False, slots=False)
class Number(Frozen):
    value: int | float
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class String(Frozen):
    value: str
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Bool(Frozen):
    value: bool
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class NoneLit(Frozen):
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Date(Frozen):
    value: datetime.date
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Duration(Frozen):
    amount: int | float
    unit: DurationUnit
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Name(Frozen):
    """A bare name: `standard`, `enterprise`, `indicators`, `as_of`, a quantifier variable, …"""

    id: str
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Field(Frozen):
    """`obj.name`; `name_span` points at the field name alone."""

    obj: Expr
    name: str
    name_span: Span = span_field()
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Index(Frozen):
    obj: Expr
    index: Expr
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Call(Frozen):
    func: str
    args: tuple[Expr, ...]
    func_span: Span = span_field()
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class ListExpr(Frozen):
    items: tuple[Expr, ...]
    span: Span = span_field()


class UnaryOp(enum.Enum):
    NEG = "-"
    NOT = "not"


@attrs.frozen(eq=False, repr=False, slots=False)
class Unary(Frozen):
    op: UnaryOp
    operand: Expr
    span: Span = span_field()


class ArithOp(enum.Enum):
    ADD = "+"
    SUB = "-"
    MUL = "*"
    DIV = "/"


@attrs.frozen(eq=False, repr=False, slots=False)
class Arith(Frozen):
    op: ArithOp
    left: Expr
    right: Expr
    span: Span = span_field()


class CompareOp(enum.Enum):
    EQ = "=="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    IN = "in"
    NOT_IN = "not in"
    MATCHES = "matches"
    BETTER_THAN = "better_than"
    NO_WORSE_THAN = "no_worse_than"
    WORSE_THAN = "worse_than"

    @property
    def directional(self) -> bool:
        return self in (CompareOp.BETTER_THAN, CompareOp.NO_WORSE_THAN, CompareOp.WORSE_THAN)

    @property
    def ordering(self) -> bool:
        return self in (CompareOp.LT, CompareOp.LE, CompareOp.GT, CompareOp.GE)


@attrs.frozen(eq=False, repr=False, slots=False)
class Compare(Frozen):
    op: CompareOp
    left: Expr
    right: Expr
    op_span: Span = span_field()
    span: Span = span_field()


class BoolOpKind(enum.Enum):
    AND = "and"
    OR = "or"


@attrs.frozen(eq=False, repr=False, slots=False)
class BoolOp(Frozen):
    op: BoolOpKind
    left: Expr
    right: Expr
    span: Span = span_field()


class QuantifierKind(enum.Enum):
    ALL = "all"
    ANY = "any"
    COUNT = "count"


@attrs.frozen(eq=False, repr=False, slots=False)
class Quantifier(Frozen):
    kind: QuantifierKind
    var: str
    iterable: Expr
    body: Expr
    var_span: Span = span_field()
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class IfExpr(Frozen):
    cond: Expr
    then: Expr
    otherwise: Expr
    span: Span = span_field()


Expr: TypeAlias = (
    Number
    | String
    | Bool
    | NoneLit
    | Date
    | Duration
    | Name
    | Field
    | Index
    | Call
    | ListExpr
    | Unary
    | Arith
    | Compare
    | BoolOp
    | Quantifier
    | IfExpr
)

# Every expression node class, for passes that rebuild trees generically.
EXPRESSIONS: tuple[type, ...] = typing.get_args(Expr)

LITERALS = (Number, String, Bool, NoneLit, Date, Duration)


def children(expr: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of `expr`, left to right."""
    match expr:
        case Field(obj=obj):
            return (obj,)
        case Index(obj=obj, index=index):
            return (obj, index)
        case Call(args=args):
            return args
        case ListExpr(items=items):
            return items
        case Unary(operand=operand):
            return (operand,)
        case Arith(left=left, right=right) | Compare(left=left, right=right):
            return (left, right)
        case BoolOp(left=left, right=right):
            return (left, right)
        case Quantifier(iterable=iterable, body=body):
            return (iterable, body)
        case IfExpr(cond=cond, then=then, otherwise=otherwise):
            return (cond, then, otherwise)
        case _:
            return ()


def walk(expr: Expr) -> list[Expr]:
    """`expr` and all its sub-expressions, pre-order."""
    out: list[Expr] = []
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(children(node)))
    return out


__all__ = [
    "EXPRESSIONS",
    "LITERALS",
    "Arith",
    "ArithOp",
    "Bool",
    "BoolOp",
    "BoolOpKind",
    "Call",
    "Compare",
    "CompareOp",
    "Date",
    "Duration",
    "DurationUnit",
    "Expr",
    "Field",
    "IfExpr",
    "Index",
    "ListExpr",
    "Name",
    "NoneLit",
    "Number",
    "Quantifier",
    "QuantifierKind",
    "String",
    "Unary",
    "UnaryOp",
    "children",
    "walk",
]
