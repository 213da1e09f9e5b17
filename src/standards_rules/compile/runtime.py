"""Compile stage, run-time half: the total operations generated rule code calls.

Takes run-time values (numbers, texts, lists, dates, durations);
gives values, never exceptions. Every data fault has a defined result (SPEC
§2.3): `none` in arithmetic gives `none`, `x / 0` is `none`, an ordering
comparison with a `none` side is `false`. A value of the wrong kind from
free-form data (an `attributes` entry) is treated the same way. Arithmetic
whose result is not finite as a float (beyond ±1.8e308) gives `none`, and so
does date arithmetic past the calendar (docs/limits.md). Indicator views and
field reads are in `views`.
"""

from __future__ import annotations

import datetime
import decimal
import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from standards_rules import calendar
from standards_rules.limits import MAX_NUMBER, MAX_ROUND_DIGITS
from standards_rules.patterns import CompiledPattern

_FAULTS: Final = (TypeError, ValueError, OverflowError, ArithmeticError, AttributeError)
# Enough digits for any finite float rounded to MAX_ROUND_DIGITS places.
_ROUNDING: Final = decimal.Context(prec=800, Emax=1000, Emin=-1000)


@attrs.frozen
class Dur:
    """A duration value: an amount and a unit (`days`, `working days`, `months`, `years`)."""

    amount: int
    unit: str


def number(value: object) -> float | int | None:
    """`value` if it is a usable number (not a bool, not NaN), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


# ------------------------------------------------------------ lists


def index(obj: object, key: object) -> object:
    """`obj[key]`: list positions count from 0; out of range, negative or fractional → none."""
    if obj is None or key is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(key) if isinstance(key, str) else None
    if isinstance(obj, list | tuple | str) and isinstance(key, int | float):
        # An infinite or NaN position is not an integer: none, like a fractional one.
        if isinstance(key, bool) or (isinstance(key, float) and not key.is_integer()):
            return None
        if not 0 <= key < len(obj):
            return None
        return obj[int(key)]
    return None


def iterate(obj: object) -> Sequence[object]:
    """A quantifier's domain: a list, or the empty list for `none` and non-lists."""
    return obj if isinstance(obj, list | tuple) else ()


# ------------------------------------------------------------ arithmetic


def shift(day: object, dur: Dur, sign: int) -> object:
    """`day ± dur`, or none past the calendar's ends (0001-01-01, 9999-12-31)."""
    if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
        return None
    n = dur.amount * sign
    try:
        if dur.unit == "days":
            return day + datetime.timedelta(days=n)
        if dur.unit == "months":
            return calendar.add_months(day, n)
        if dur.unit == "years":
            return calendar.add_years(day, n)
        return calendar.add_working_days(day, n)
    except _FAULTS:
        return None


def finite(value: Any) -> Any:
    """A number result, or none when it is not finite as a float (SPEC §2.3: never raise)."""
    if value.__class__ is float:
        return value if value - value == 0 else None  # inf - inf and nan - nan are nan
    if value.__class__ is int:
        return value if -MAX_NUMBER <= value <= MAX_NUMBER else None
    return value


# The classes `+` and `-` compute with: a bool or a text from an attribute is not a number
# (SPEC §2.3: arithmetic on numbers), so `"a" + "b"` and `true + 1` are none.
_NUMERIC: Final = (int, float)


def add(a: Any, b: Any) -> Any:
    if a.__class__ in _NUMERIC and b.__class__ in _NUMERIC:
        try:
            return finite(a + b)
        except OverflowError:  # an int too large for a float, with a float
            return None
    if a is None or b is None:
        return None
    if isinstance(b, Dur):
        return shift(a, b, 1)
    if isinstance(a, Dur):
        return shift(b, a, 1)
    return None


def sub(a: Any, b: Any) -> Any:
    if a.__class__ in _NUMERIC and b.__class__ in _NUMERIC:
        try:
            return finite(a - b)
        except OverflowError:  # an int too large for a float, with a float
            return None
    if a is None or b is None:
        return None
    if isinstance(b, Dur):
        return shift(a, b, -1)
    if isinstance(a, datetime.date) and isinstance(b, datetime.date):
        return (a - b).days
    return None


def mul(a: Any, b: Any) -> Any:
    if number(a) is None or number(b) is None:
        return None
    try:
        return finite(a * b)
    except OverflowError:  # an int too large for a float, times a float
        return None


def div(a: Any, b: Any) -> Any:
    if number(a) is None or number(b) is None or b == 0:
        return None
    try:
        return finite(a / b)
    except OverflowError:
        return None


def neg(a: Any) -> Any:
    return -a if number(a) is not None else None


# ------------------------------------------------------------ comparisons


def lt(a: Any, b: Any) -> bool:
    try:
        return a is not None and b is not None and bool(a < b)
    except _FAULTS:
        return False


def le(a: Any, b: Any) -> bool:
    try:
        return a is not None and b is not None and bool(a <= b)
    except _FAULTS:
        return False


def gt(a: Any, b: Any) -> bool:
    return lt(b, a)


def ge(a: Any, b: Any) -> bool:
    return le(b, a)


def eq(a: Any, b: Any) -> bool:
    return bool(a == b)


def ne(a: Any, b: Any) -> bool:
    return bool(a != b)


def contains(item: Any, container: Any) -> bool:
    """`item in container`; nothing is in `none`."""
    if container is None:
        return False
    try:
        return bool(item in container)
    except _FAULTS:
        return False


def not_contains(item: Any, container: Any) -> bool:
    return not contains(item, container)


def matches(value: Any, pattern: CompiledPattern) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def better(lower: bool, left: Any, right: Any) -> bool:
    if left is None:
        return False
    if right is None:
        return True
    return lt(left, right) if lower else lt(right, left)


def no_worse(lower: bool, left: Any, right: Any) -> bool:
    if left is None:
        return False
    if right is None:
        return True
    return le(left, right) if lower else le(right, left)


def worse(lower: bool, left: Any, right: Any) -> bool:
    if left is None or right is None:
        return False
    return lt(right, left) if lower else lt(left, right)


DIRECTIONAL: Final = {"better_than": better, "no_worse_than": no_worse, "worse_than": worse}


# ------------------------------------------------------------ builtins


def b_len(value: Any) -> Any:
    return len(value) if isinstance(value, list | tuple | str) else None


def _spread(args: tuple[Any, ...]) -> tuple[Any, ...]:
    if len(args) == 1 and isinstance(args[0], list | tuple):
        return tuple(args[0])
    return args


def b_min(*args: Any) -> Any:
    values = _spread(args)
    if not values or any(v is None for v in values):
        return None
    try:
        return min(values)
    except _FAULTS:
        return None


def b_max(*args: Any) -> Any:
    values = _spread(args)
    if not values or any(v is None for v in values):
        return None
    try:
        return max(values)
    except _FAULTS:
        return None


def b_abs(value: Any) -> Any:
    return abs(value) if number(value) is not None else None


def b_round(value: Any, digits: Any = 0) -> Any:
    """Half away from zero on the decimal the number is written as (0.125 → 0.13)."""
    if number(value) is None or number(digits) is None or math.isinf(value):
        return None
    if not -MAX_ROUND_DIGITS <= digits <= MAX_ROUND_DIGITS:
        return None
    places = int(digits)
    quantum = decimal.Decimal(1).scaleb(-places)
    exact = decimal.Decimal(repr(value))
    rounded = exact.quantize(quantum, rounding=decimal.ROUND_HALF_UP, context=_ROUNDING)
    return finite(float(rounded) if places > 0 or isinstance(value, float) else int(rounded))


def b_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else None


def b_working_days_between(start: Any, end: Any) -> Any:
    """The number of working days `w` with `start < w <= end` (0 when `end` is before `start`)."""
    if not isinstance(start, datetime.date) or not isinstance(end, datetime.date):
        return None
    return max(calendar.working_days_between(start, end), 0)


def b_first(*args: Any) -> Any:
    """The first argument that is not none, else none."""
    for arg in args:
        if arg is not None:
            return arg
    return None


BUILTINS: Final = {
    "first": b_first,
    "len": b_len,
    "min": b_min,
    "max": b_max,
    "abs": b_abs,
    "round": b_round,
    "lower": b_lower,
    "working_days_between": b_working_days_between,
}
