"""Compile stage, run-time half: the total helper functions generated rule code calls.

Takes run-time values (records, indicator views, numbers, dates, durations);
gives values, never exceptions. Every data fault has a defined result (SPEC
§2.3): `none` in arithmetic gives `none`, `x / 0` is `none`, `none.field` is
`none`, an ordering comparison with a `none` side is `false`. A value of the
wrong kind from free-form data (an `attributes` entry) is treated the same way.
Arithmetic whose result is not finite as a float (beyond ±1.8e308) gives `none`,
and so does date arithmetic past the calendar (docs/limits.md).
"""

from __future__ import annotations

import datetime
import decimal
import math
from collections.abc import Callable, Mapping, Sequence
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


class IndicatorView:
    """One indicator as seen from one standard (SPEC §2.3): static facts plus declared values."""

    __slots__ = (
        "awarded",
        "id",
        "indicator_class",
        "industry",
        "label",
        "lower",
        "national",
        "previous",
        "references",
        "tiers",
        "unit",
        "value",
        "weight",
    )

    def __init__(
        self, static: IndicatorStatic, value: object, previous: object, awarded: object = None
    ) -> None:
        self.id = static.id
        self.label = static.label
        self.unit = static.unit
        self.weight = static.weight
        self.national = static.national
        self.industry = static.industry
        self.tiers = static.tiers
        self.lower = static.lower
        self.indicator_class = static.indicator_class
        self.references = static.references
        self.value = value
        self.previous = previous
        self.awarded = awarded

    @property
    def tier(self) -> str | None:
        """The best tier (declared best first) whose threshold the value reaches."""
        return tier_of(self.tiers, self.lower, self.value)

    def __repr__(self) -> str:
        return f"IndicatorView({self.id!r}, value={self.value!r})"


VIEW_FIELDS: Final = frozenset(
    (
        "id",
        "label",
        "unit",
        "weight",
        "value",
        "previous",
        "awarded",
        "national",
        "industry",
        "tiers",
        "tier",
        "class",
        "references",
    )
)
# View fields whose Python attribute has another name (`class` is a Python keyword).
VIEW_ATTRIBUTES: Final = {"class": "indicator_class"}


@attrs.frozen
class IndicatorStatic:
    """The per-ruleset part of an indicator view, computed once at compile time."""

    id: str
    label: str | None
    unit: str | None
    weight: float | None
    national: float | None
    industry: float | None
    tiers: Mapping[str, float]
    lower: bool
    indicator_class: str = "core"
    references: Mapping[str, float | None] = attrs.field(factory=dict)

    def limit(self, name: str) -> float | None:
        """`national`, `industry` or the named reference `name`; None where it has none."""
        if name == "national":
            return self.national
        if name == "industry":
            return self.industry
        return self.references.get(name)

    def first_limit(self, names: Sequence[str]) -> float | None:
        """The first of `names` this indicator has with a number (`relative to R1, R2, …`)."""
        for name in names:
            found = self.limit(name)
            if found is not None:
                return found
        return None


def number(value: object) -> float | int | None:
    """`value` if it is a usable number (not a bool, not NaN), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


NO_VALUES: Final[Mapping[str, float]] = {}


def indicator_values(standard: Any) -> Any:
    """The standard's declared indicator values (a mapping; empty when it has none)."""
    return getattr(standard, "indicators", None) or NO_VALUES


def previous_values(standard: Any) -> Any:
    """The previous version's indicator values (a mapping; empty when there are none)."""
    return getattr(standard, "previous_indicators", None) or NO_VALUES


def awarded_values(title: Any) -> Any:
    """The levels recorded in a title at award (a mapping; empty when there are none)."""
    return getattr(title, "indicators", None) or NO_VALUES


def awarded(title: Any, indicator_id: str) -> float | int | None:
    """`i.awarded` of one indicator: the title's recorded level, or none."""
    return number(awarded_values(title).get(indicator_id))


def make_views(
    statics: Sequence[IndicatorStatic], standard: Any, title: Any = None
) -> tuple[IndicatorView, ...]:
    """The `indicators` list of `standard`, in declaration order; `awarded` from `title`."""
    values = indicator_values(standard)
    previous = previous_values(standard)
    levels = awarded_values(title)
    return tuple(
        IndicatorView(
            s, number(values.get(s.id)), number(previous.get(s.id)), number(levels.get(s.id))
        )
        for s in statics
    )


def tier_of(tiers: Mapping[str, float], lower: bool, value: Any) -> str | None:
    """The best tier (declared best first) whose threshold `value` reaches with no_worse_than."""
    for name, threshold in tiers.items():
        if no_worse(lower, value, threshold):
            return name
    return None


# ------------------------------------------------------------ field access


def _public_fields(cls: type) -> frozenset[str]:
    if cls is IndicatorView:
        return VIEW_FIELDS
    if attrs.has(cls):
        return frozenset(f.name for f in attrs.fields(cls) if not f.name.startswith("_"))
    return frozenset()


_FIELD_CACHE: dict[type, frozenset[str]] = {}


def field(obj: object, name: str) -> object:
    """`obj.name` for a record, a view or a mapping; `none` for anything else."""
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    cls = type(obj)
    allowed = _FIELD_CACHE.get(cls)
    if allowed is None:
        allowed = _FIELD_CACHE[cls] = _public_fields(cls)
    # Only declared record fields: a name like `__class__` must never reach getattr.
    if name not in allowed:
        return None
    return getattr(obj, VIEW_ATTRIBUTES.get(name, name) if cls is IndicatorView else name)


def getter(name: str) -> Callable[[object], object]:
    """A none-safe `obj.name` for a statically known record field (`name` is a schema name)."""

    def get(obj: object) -> object:
        return None if obj is None else getattr(obj, name, None)

    return get


def mget(obj: object, key: str) -> object:
    return obj.get(key) if isinstance(obj, Mapping) else None


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


def view_operand(view: Any, name: str, table: str | None) -> Any:
    """The left operand of a directional comparison on a run-time view.

    `table` is None for a field of the view (`i.value`), else `tiers` or
    `references` for `i.tiers.NAME` or `i.references.NAME`.
    """
    if not isinstance(view, IndicatorView):
        return None
    if table == "tiers":
        return view.tiers.get(name)
    if table == "references":
        return view.references.get(name)
    return getattr(view, name)


def directional(op: str, view: Any, name: str, table: str | None, right: Any) -> bool:
    """A directional comparison whose view is only known at run time (a quantifier variable)."""
    if not isinstance(view, IndicatorView):
        return False
    return DIRECTIONAL[op](view.lower, view_operand(view, name, table), right)


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
