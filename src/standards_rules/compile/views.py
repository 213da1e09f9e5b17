"""Compile stage, run-time half: indicator views and the fields generated code reads.

Takes the ruleset's per-indicator facts (`IndicatorStatic`, built once at
compile time) and a standard's record; gives the `indicators` list a rule sees
(SPEC §2.3), each view's tier, a directional comparison on a view known only at
run time, and none-safe reads of a record's, a view's or a mapping's field
(`none.field` is `none`). The arithmetic, comparisons and builtins these build
on are in `runtime`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs

from standards_rules.compile.runtime import DIRECTIONAL, no_worse, number


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
