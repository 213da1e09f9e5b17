"""Checker stage, types: the static types of ruleset expressions (SPEC §2.3).

Takes nothing; gives the type values the resolver and the type inference share
(`NUMBER`, `ListOf`, `RecordType`, the indicator views, …), their names as a policy
author reads them, and `compatible`, the one rule for "these two types may meet".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import attrs

from standards_rules.frozen import Frozen


@attrs.frozen(eq=False, repr=False, slots=False)
class Scalar(Frozen):
    """number, string, bool, date, duration or none."""

    name: str


@attrs.frozen(eq=False, repr=False, slots=False)
class EnumString(Frozen):
    """A string field that holds one of a fixed set of values (`status`, `subject`, `kind`)."""

    what: str  # "event kind", "status", …
    values: tuple[str, ...]


@attrs.frozen(eq=False, repr=False, slots=False)
class ListOf(Frozen):
    element: Type


@attrs.frozen(eq=False, repr=False, slots=False)
class RecordType(Frozen):
    """A record of SPEC §3; `fields` is resolved lazily from the attrs record classes."""

    name: str
    fields: Callable[[], dict[str, Type]] = attrs.field(eq=False, repr=False)


@attrs.frozen(eq=False, repr=False, slots=False)
class MapType(Frozen):
    """`standard.indicators`, `standard.attributes`: any field name gives `value`."""

    value: Type


@attrs.frozen(eq=False, repr=False, slots=False)
class IndicatorView(Frozen):
    """One indicator as a view; `indicator_id` is None for a quantifier's `i`."""

    indicator_id: str | None = None


@attrs.frozen(eq=False, repr=False, slots=False)
class IndicatorList(Frozen):
    """`indicators`: a list of indicator views that also picks one by id."""


@attrs.frozen(eq=False, repr=False, slots=False)
class TierMap(Frozen):
    """`i.tiers`: the tier thresholds of one indicator (or of any, for a quantifier's `i`)."""

    indicator_id: str | None = None


@attrs.frozen(eq=False, repr=False, slots=False)
class ReferenceMap(Frozen):
    """`i.references`: the named reference limits of one indicator (or of any)."""

    indicator_id: str | None = None


@attrs.frozen(eq=False, repr=False, slots=False)
class Dynamic(Frozen):
    """A value whose type is known only at run time: `standard.attributes.NAME`."""


@attrs.frozen(eq=False, repr=False, slots=False)
class Unknown(Frozen):
    """The type of an expression already reported as wrong; it meets every type silently."""


Type: TypeAlias = (
    Scalar
    | EnumString
    | ListOf
    | RecordType
    | MapType
    | IndicatorView
    | IndicatorList
    | TierMap
    | ReferenceMap
    | Dynamic
    | Unknown
)

NUMBER = Scalar("number")
STRING = Scalar("string")
BOOL = Scalar("bool")
DATE = Scalar("date")
DURATION = Scalar("duration")
NONE = Scalar("none")
DYNAMIC = Dynamic()
UNKNOWN = Unknown()
INDICATORS = IndicatorList()

SCALARS = (NUMBER, STRING, BOOL, DATE, DURATION)


def base(t: Type) -> Type:
    """The type `t` behaves as: an enum field is a string."""
    return STRING if isinstance(t, EnumString) else t


def is_lenient(t: Type) -> bool:
    """Types that meet anything without a diagnostic (already reported, or dynamic)."""
    return isinstance(t, Unknown | Dynamic)


def is_(t: Type, *expected: Scalar) -> bool:
    """`t` is one of `expected` (or lenient)."""
    return is_lenient(t) or base(t) in expected


def compatible(a: Type, b: Type) -> bool:
    """May values of `a` and `b` be compared with `==` (or share a list, or an `if`)?"""
    if is_lenient(a) or is_lenient(b) or NONE in (a, b):
        return True
    a, b = base(a), base(b)
    if isinstance(a, ListOf) and isinstance(b, ListOf):
        return compatible(a.element, b.element)
    if isinstance(a, IndicatorView) and isinstance(b, IndicatorView):
        return True
    if isinstance(a, IndicatorList | ListOf) and isinstance(b, IndicatorList | ListOf):
        return element(a) == element(b) or compatible(element(a), element(b))
    return a == b


def join(a: Type, b: Type) -> Type:
    """The type of a value that is either `a` or `b` (they are `compatible`)."""
    if a == b:
        return a
    if a == NONE:
        return b
    if b == NONE:
        return a
    if is_lenient(a):
        return b if not isinstance(a, Unknown) else a
    if is_lenient(b):
        return a if not isinstance(b, Unknown) else b
    if isinstance(a, IndicatorView) and isinstance(b, IndicatorView):
        return IndicatorView()
    return base(a)


def element(t: Type) -> Type:
    """The element type of a list type; UNKNOWN for anything else."""
    if isinstance(t, ListOf):
        return t.element
    if isinstance(t, IndicatorList):
        return IndicatorView()
    return UNKNOWN


def is_list(t: Type) -> bool:
    return isinstance(t, ListOf | IndicatorList)


def describe(t: Type) -> str:
    """The type as a policy author reads it: `number`, `list<product>`, `indicator`, …"""
    match t:
        case Scalar(name=name):
            return name
        case EnumString():
            return "string"
        case ListOf(element=inner):
            return f"list<{describe(inner)}>"
        case RecordType(name=name):
            return f"{name} record"
        case MapType():
            return "a map of named values"
        case IndicatorView():
            return "indicator"
        case IndicatorList():
            return "list<indicator>"
        case TierMap():
            return "the tiers of an indicator"
        case ReferenceMap():
            return "the references of an indicator"
        case Dynamic():
            return "an attribute value"
        case _:
            return "unknown"


__all__ = [
    "BOOL",
    "DATE",
    "DURATION",
    "DYNAMIC",
    "INDICATORS",
    "NONE",
    "NUMBER",
    "SCALARS",
    "STRING",
    "UNKNOWN",
    "Dynamic",
    "EnumString",
    "IndicatorList",
    "IndicatorView",
    "ListOf",
    "MapType",
    "RecordType",
    "ReferenceMap",
    "Scalar",
    "TierMap",
    "Type",
    "Unknown",
    "base",
    "compatible",
    "describe",
    "element",
    "is_",
    "is_lenient",
    "is_list",
    "join",
]
