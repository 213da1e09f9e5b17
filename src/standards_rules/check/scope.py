"""Checker stage, scope: which names a body sees, by where the body is written (SPEC §2.3).

Takes a `Context`; gives the names in scope and their types. The compiler reuses
`names_in(context)` to know what each generated function receives. A quantifier
variable may not reuse a name already in scope (E209): `all standard in …` would
hide the record and make the rule read wrong. `top` sees no `standard` or
`enterprise` (E202): it is decided per group, not per standard.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from standards_rules.check import schema
from standards_rules.check import types as t


class Context(enum.Enum):
    """Where a body is written; each place sees its own names."""

    RULE = "an eligible rule"
    REQUIRE = "a leaders require"
    TOP = "leaders top"
    TRIGGER = "a withdraw trigger"
    RANK_KEY = "rank by"
    GROUP_KEY = "group by"
    DEFINE = "a define"


BODY_NAMES: Mapping[str, t.Type] = {
    "standard": schema.STANDARD,
    "enterprise": schema.ENTERPRISE,
    "indicators": t.INDICATORS,
    "as_of": t.DATE,
}

_EXTRA: Mapping[Context, Mapping[str, t.Type]] = {
    Context.TOP: {"cohort": t.NUMBER, "declared": t.NUMBER},
    Context.TRIGGER: {"title": schema.TITLE, "events": schema.EVENTS},
    Context.RANK_KEY: {"score": t.NUMBER},
}


# `top` is computed once per group, before any standard of it is looked at: there is
# no `standard` or `enterprise` to see (its `indicators` have no values either).
HIDDEN = frozenset({"standard", "enterprise"})
_WITHOUT: Mapping[Context, frozenset[str]] = {Context.TOP: HIDDEN}


def names_in(context: Context) -> dict[str, t.Type]:
    """Every name in scope in a body written in `context`, with its type."""
    hidden = _WITHOUT.get(context, frozenset())
    names = {**BODY_NAMES, **_EXTRA.get(context, {})}
    return {name: type_ for name, type_ in names.items() if name not in hidden}


# Every name some body sees: a define may not take one of them (SPEC §2.4).
RESERVED_NAMES = frozenset({*BODY_NAMES, *(name for extra in _EXTRA.values() for name in extra)})


def where_available(name: str) -> list[Context]:
    """The contexts that have `name` in scope (for "only in …" hints)."""
    return [c for c in Context if name in names_in(c)]


class Scope:
    """The names of one body plus the quantifier variables around a sub-expression."""

    def __init__(self, context: Context, names: Mapping[str, t.Type] | None = None) -> None:
        self.context = context
        self.names: dict[str, t.Type] = dict(names if names is not None else names_in(context))

    def lookup(self, name: str) -> t.Type | None:
        return self.names.get(name)

    def bind(self, name: str, type_: t.Type) -> Scope:
        return Scope(self.context, {**self.names, name: type_})


__all__ = [
    "BODY_NAMES",
    "HIDDEN",
    "RESERVED_NAMES",
    "Context",
    "Scope",
    "names_in",
    "where_available",
]
