"""The typed AST of the ruleset language (SPEC §2): frozen attrs nodes, no lark, no cattrs.

Produced by `syntax.lower` from the parse tree; read by the checker, the compiler
and the formatter. Every node carries `span` (keyword-only, excluded from `==`),
so diagnostics point at a line and column while equal texts give equal trees.

Nodes take equality, hash and repr from `frozen.Frozen`, and are not slotted
(`slots=False`): attrs makes a slotted class by building it a second time, a
sixth of what importing this module cost, and a frozen dict class's `__init__`
is the quicker of the two (every `check` pays for both).
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

# ---------------------------------------------------------------- sections


class Subject(enum.Enum):
    PRODUCT = "product"
    SERVICE = "service"


class Better(enum.Enum):
    LOWER = "lower"
    HIGHER = "higher"


@attrs.frozen(eq=False, repr=False, slots=False)
class Reference(Frozen):
    """A `national` or `industry` limit; `value is None` for an explicit `none`."""

    value: int | float | None
    source: str | None = None
    span: Span = span_field()


class IndicatorClass(enum.Enum):
    """核心指标, 基础指标 (pass/fail, never weighted), 创新指标 (SPEC §2.5)."""

    CORE = "core"
    BASIC = "basic"
    INNOVATION = "innovation"


@attrs.frozen(eq=False, repr=False, slots=False)
class NamedReference(Frozen):
    """`reference NAME VALUE ["source"]`: a group, international or surveyed limit."""

    name: str
    value: int | float | None
    source: str | None = None
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class ValueRange(Frozen):
    """`range MIN MAX`: the closed interval of values that can be real."""

    low: int | float
    high: int | float
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Tier(Frozen):
    name: str
    threshold: int | float
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Indicator(Frozen):
    id: str
    label: str | None
    unit: str | None = None
    better: Better | None = None
    weight: int | float | None = None
    national: Reference | None = None
    industry: Reference | None = None
    tiers: tuple[Tier, ...] = ()
    indicator_class: IndicatorClass = IndicatorClass.CORE
    aliases: tuple[str, ...] = ()
    range: ValueRange | None = None
    references: tuple[NamedReference, ...] = ()
    id_span: Span = span_field()
    span: Span = span_field()
    # Spans of the properties, for diagnostics that point at one line of the block.
    better_span: Span | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    weight_span: Span | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    class_span: Span | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    alias_span: Span | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    def reference(self, name: str) -> int | float | None:
        """The number of limit `name` (`national`, `industry` or a named reference), or None."""
        if name == "national":
            return None if self.national is None else self.national.value
        if name == "industry":
            return None if self.industry is None else self.industry.value
        for reference in self.references:
            if reference.name == name:
                return reference.value
        return None

    def names(self) -> tuple[str, ...]:
        """Every name the platform's export may use for this indicator: id, label, aliases."""
        label = () if self.label is None else (self.label,)
        return (self.id, *label, *self.aliases)


@attrs.frozen(eq=False, repr=False, slots=False)
class Rule(Frozen):
    """An `eligible` rule, a leaders `require` or a `withdraw` trigger."""

    id: str
    label: str | None
    cite: str | None
    body: Expr
    id_span: Span = span_field()
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class RelativeNormalization(Frozen):
    """`relative to R1, R2, …`: each R is `national`, `industry` or a reference name."""

    references: tuple[str, ...]
    span: Span = span_field()
    reference_spans: tuple[Span, ...] = attrs.field(default=(), eq=False, repr=False, kw_only=True)


@attrs.frozen(eq=False, repr=False, slots=False)
class MinMaxNormalization(Frozen):
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class TierPoints(Frozen):
    tier: str
    points: int | float
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class TiersNormalization(Frozen):
    points: tuple[TierPoints, ...]
    otherwise: int | float | None
    span: Span = span_field()


Normalization: TypeAlias = RelativeNormalization | MinMaxNormalization | TiersNormalization


@attrs.frozen(eq=False, repr=False, slots=False)
class Score(Frozen):
    """`score weighted normalize …`."""

    normalization: Normalization
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class RankKey(Frozen):
    expr: Expr
    descending: bool
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Top(Frozen):
    """`top EXPR` or `top EXPR%`."""

    count: Expr
    percent: bool
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Leaders(Frozen):
    top: Top | None
    requires: tuple[Rule, ...]
    per_enterprise: int | float | None = None
    valid: Duration | None = None
    span: Span = span_field()
    per_enterprise_span: Span | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


@attrs.frozen(eq=False, repr=False, slots=False)
class Withdraw(Frozen):
    triggers: tuple[Rule, ...]
    exclude: Duration | None
    span: Span = span_field()


class ExpectKind(enum.Enum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    RANK = "rank"
    SCORE = "score"
    LEADERS = "leaders"
    WITHDRAWN = "withdrawn"
    NOT_WITHDRAWN = "not withdrawn"


@attrs.frozen(eq=False, repr=False, slots=False)
class Expect(Frozen):
    """One expectation of an example.

    `standards` holds one number, or the whole list for `leaders`; `because`
    names rule or trigger ids; `value` is the rank or score.
    """

    kind: ExpectKind
    standards: tuple[str, ...]
    because: tuple[str, ...] = ()
    value: int | float | None = None
    because_spans: tuple[Span, ...] = attrs.field(default=(), eq=False, repr=False, kw_only=True)
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Example(Frozen):
    name: str
    data: str | None
    as_of: datetime.date | None
    publicity_start: datetime.date | None
    expectations: tuple[Expect, ...]
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class BandRef(Frozen):
    """One indicator of `bands ID, …`."""

    indicator: str
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Param(Frozen):
    """`P: TYPE` of a define; `type_name` as written (checked by the checker)."""

    name: str
    type_name: str
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Define(Frozen):
    """`define NAME ["label"]: EXPR`, or with `(P: TYPE, …)` a function (SPEC §2.4).

    `path` is the file the define was written in (the ruleset's or a library's), so
    diagnostics inside its body point there.
    """

    name: str
    label: str | None
    params: tuple[Param, ...]
    is_function: bool
    body: Expr
    path: str = attrs.field(default="", eq=False, kw_only=True)
    name_span: Span = span_field()
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Use(Frozen):
    """`use "PATH"`: a library, relative to the using file."""

    path: str
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Library(Frozen):
    """A file of shared defines: `library NAME ["title"] { (use | define)* }`."""

    id: str
    title: str | None
    uses: tuple[Use, ...]
    defines: tuple[Define, ...]
    id_span: Span = span_field()
    span: Span = span_field()


@attrs.frozen(eq=False, repr=False, slots=False)
class Metadata(Frozen):
    version: str | None = None
    authority: str | None = None
    source: str | None = None
    industry: str | None = None
    effective: datetime.date | None = None


@attrs.frozen(eq=False, repr=False, slots=False)
class Ruleset(Frozen):
    id: str
    title: str | None
    metadata: Metadata
    subject: Subject | None
    indicators: tuple[Indicator, ...]
    eligible: tuple[Rule, ...] | None
    score: Score | None = None
    rank_by: tuple[RankKey, ...] | None = None
    group_by: Expr | None = None
    leaders: Leaders | None = None
    publicity: Duration | None = None
    withdraw: Withdraw | None = None
    examples: tuple[Example, ...] = ()
    bands: tuple[BandRef, ...] | None = None
    uses: tuple[Use, ...] = ()
    # The ruleset's own defines as lowered; after loading, those of its libraries come first.
    defines: tuple[Define, ...] = ()
    id_span: Span = span_field()
    span: Span = span_field()
    # Where each section was written, for "missing"/"duplicate section" diagnostics.
    section_spans: tuple[tuple[str, Span], ...] = attrs.field(
        default=(), eq=False, repr=False, kw_only=True
    )

    def indicator(self, indicator_id: str) -> Indicator | None:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        return None


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
