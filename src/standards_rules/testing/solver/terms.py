"""Solver path, terms: the z3 values an encoding of rule bodies is made of.

Gives `Num`, a number that may be `none` (`defined` and, where defined, its
`value`, an exact rational); `Copy`, one standard's indicator values,
previous values and awarded levels as such numbers; the other terms an
expression encodes to before its context says what it must be (a view, a
tier, record data, `none`, a list); and `OutsideFragment`, raised where a
body reads indicator values in a way the solver does not decide. The
encoding itself is `encode.py`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs
import z3

from standards_rules import ast

VALUE_FIELDS = ("value", "previous", "awarded")


class OutsideFragment(Exception):
    """A body reads indicator values in a way the solver does not decide."""

    def __init__(self, reason: str, node: ast.Expr) -> None:
        super().__init__(reason)
        self.reason = reason
        self.node = node


def real(value: float | Fraction) -> Any:
    fraction = Fraction(value)
    return z3.RealVal(f"{fraction.numerator}/{fraction.denominator}")


@attrs.frozen
class Num:
    """A number that may be `none`: `defined` and, where defined, `value`.

    `constant` is the exact number when it depends on nothing (for linearity).
    """

    defined: Any
    value: Any
    constant: Fraction | None = None

    @classmethod
    def of(cls, number: float | Fraction) -> Num:
        return cls(z3.BoolVal(True), real(number), Fraction(number))

    @classmethod
    def none(cls) -> Num:
        return cls(z3.BoolVal(False), z3.RealVal(0))


@attrs.frozen
class Copy:
    """One standard's indicator values (and previous and awarded values) as z3 numbers."""

    tag: str
    fields: Mapping[tuple[str, str], Num]  # (field, indicator id) → number

    def get(self, field: str, indicator_id: str) -> Num:
        return self.fields[field, indicator_id]

    def with_value(self, indicator_id: str, num: Num, tag: str) -> Copy:
        return Copy(tag, {**self.fields, ("value", indicator_id): num})


def variable(name: str) -> Num:
    return Num(z3.Bool(f"has_{name}"), z3.Real(name))


def new_copy(tree: ast.Ruleset, tag: str) -> Copy:
    return Copy(
        tag,
        {
            (field, i.id): variable(f"{tag}_{field}_{i.id}")
            for field in VALUE_FIELDS
            for i in tree.indicators
        },
    )


# Terms: what an expression encodes to, before the context says what it must be.
@attrs.frozen
class View:
    indicator: ast.Indicator


@attrs.frozen
class TierOf:
    indicator: ast.Indicator
    copy: Copy


@attrs.frozen
class Record:
    """An expression that reads no indicator: an atom once its kind is known."""

    expr: ast.Expr


@attrs.frozen
class NoneTerm:
    pass


@attrs.frozen
class Items:
    terms: tuple[Term, ...]


Term = Num | View | TierOf | Record | NoneTerm | Items | str | Any  # Any: a z3 bool

Env = Mapping[str, View]


__all__ = [
    "VALUE_FIELDS",
    "Copy",
    "Env",
    "Items",
    "NoneTerm",
    "Num",
    "OutsideFragment",
    "Record",
    "Term",
    "TierOf",
    "View",
    "new_copy",
    "real",
    "variable",
]
