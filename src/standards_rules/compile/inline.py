"""Compile stage: small pieces of generated code, and comparisons written inline.

`Gen` is a piece of generated Python with what is known of its value. The
`inline_*` functions write the common cases of the run-time comparisons
straight into the generated code, for operands known to be numbers or none;
they give the same results as `runtime.lt`, `views.directional` and
`runtime.iterate`, without a call per standard.
"""

from __future__ import annotations

import re

import attrs

from standards_rules import ast
from standards_rules.compile.types import Shape


class _Unknown:
    """The value of generated code is known only when it runs."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


@attrs.frozen
class Gen:
    code: str
    shape: Shape
    # The value is an int/float (never bool or NaN) or None, and `code` is a name or a
    # literal: cheap to repeat and free of effects, so comparisons on it can be inlined.
    num: bool = False
    # The value when it is known at compile time (a literal, a static indicator's class):
    # what `compile/fold.py` folds comparisons and connectives of.
    known: object = UNKNOWN


BOOL = Shape("scalar", nullable=False)

INLINE_ORDER = {
    ast.CompareOp.LT: "<",
    ast.CompareOp.LE: "<=",
    ast.CompareOp.GT: ">",
    ast.CompareOp.GE: ">=",
}


def inline_order(left: str, op: str, right: str) -> Gen:
    """`runtime.lt` and friends, inlined for two number-or-none operands (they cannot raise)."""
    if "None" in (left, right):
        return Gen("False", BOOL)
    guards = [f"{side} is not None" for side in (left, right) if not is_literal(side)]
    return Gen(f"({' and '.join((*guards, f'{left} {op} {right}'))})", BOOL)


def inline_directional(op: str, lower: bool, left: str, right: str) -> Gen:
    """`runtime.better`/`no_worse`/`worse` inlined for number-or-none operands."""
    if left == "None":
        return Gen("False", BOOL)
    if op == "worse_than":
        if right == "None":
            return Gen("False", BOOL)
        return inline_order(left, ">" if lower else "<", right)
    strict = op == "better_than"
    symbol = ("<" if strict else "<=") if lower else (">" if strict else ">=")
    # A literal is never None: no guard for it (and `(1.0) is not None` would warn).
    guard = "" if is_literal(left) else f"{left} is not None and "
    if right == "None":
        return Gen("True" if is_literal(left) else f"({left} is not None)", BOOL)
    if is_literal(right):
        return Gen(f"({guard}{left} {symbol} {right})", BOOL)
    return Gen(f"({guard}({right} is None or {left} {symbol} {right}))", BOOL)


_SIMPLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


def is_simple(code: str) -> bool:
    """`code` is a name or a chain of attribute reads: cheap to repeat, free of effects."""
    return _SIMPLE.fullmatch(code) is not None


def iter_code(code: str) -> str:
    """A quantifier's domain: `runtime.iterate`, with its common case (a tuple) inline."""
    if is_simple(code):
        return f"({code} if {code}.__class__ is _tuple else _iter({code}))"
    return f"_iter({code})"


def is_literal(code: str) -> bool:
    """A finite number literal as `literal_number` writes it: `(0.5)`, `(-1)`."""
    return code.startswith("(")


__all__ = [
    "BOOL",
    "INLINE_ORDER",
    "UNKNOWN",
    "Gen",
    "inline_directional",
    "inline_order",
    "is_literal",
    "iter_code",
]
