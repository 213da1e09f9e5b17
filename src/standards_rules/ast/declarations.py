"""The AST's declarations (SPEC §2.2, §2.4–§2.6): the sections of a ruleset (indicators,
rules, scoring, leaders, withdrawal, examples, bands), defines and uses, a library, a ruleset.

Part of `standards_rules.ast` (see there); their expressions are `ast.expressions`.
"""

from __future__ import annotations

import datetime
import enum
from typing import TypeAlias

import attrs

from standards_rules.ast.expressions import Duration, Expr
from standards_rules.frozen import Frozen
from standards_rules.source import Span, span_field

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


__all__ = [
    "BandRef",
    "Better",
    "Define",
    "Example",
    "Expect",
    "ExpectKind",
    "Indicator",
    "IndicatorClass",
    "Leaders",
    "Library",
    "Metadata",
    "MinMaxNormalization",
    "NamedReference",
    "Normalization",
    "Param",
    "RankKey",
    "Reference",
    "RelativeNormalization",
    "Rule",
    "Ruleset",
    "Score",
    "Subject",
    "Tier",
    "TierPoints",
    "TiersNormalization",
    "Top",
    "Use",
    "ValueRange",
    "Withdraw",
]
