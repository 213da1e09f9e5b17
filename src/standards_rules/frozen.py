"""`Frozen`: equality, hash and repr for frozen attrs classes, written once for all of them.

attrs writes the source of each class's `__eq__`, `__hash__` and `__repr__` and
compiles it when the class is created; for the front end's classes (the AST, the
checker's types, spans, diagnostics: some seventy) that is about 40 % of what
importing them costs, paid by every `check` before it reads a line. A class
declared `@attrs.frozen(eq=False, repr=False)` on this base keeps attrs'
`__init__`, slots and immutability and takes these three from here instead, with
the same meaning: equal when of the same class with equal fields (those not
declared `eq=False`), a hash that agrees, and `Name(field=value, …)` showing the
fields not declared `repr=False`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import attrs

_KEYS: dict[type, Callable[[Any], Any]] = {}


def _key(cls: type) -> Callable[[Any], Any]:
    """What a `cls` instance is compared and hashed by: its `eq` fields, in order."""
    key = _KEYS.get(cls)
    if key is None:
        fields = attrs.fields(_attrs_class(cls))
        if any(field.eq_key is not None for field in fields):
            raise TypeError(f"{cls.__qualname__}: a field compared by a key needs attrs' __eq__")
        names = [field.name for field in fields if field.eq]
        # attrgetter of one name gives the value itself; of none there is nothing to compare.
        key = operator.attrgetter(*names) if names else _nothing
        _KEYS[cls] = key
    return key


def _nothing(_: object) -> tuple[()]:
    return ()


class Frozen:
    """Base of frozen attrs classes declared with `eq=False, repr=False` (see the module)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = _key(self.__class__)
        return bool(key(self) == key(other))

    def __hash__(self) -> int:
        return hash((self.__class__, _key(self.__class__)(self)))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{field.name}={_shown(field, getattr(self, field.name))}"
            for field in attrs.fields(_attrs_class(self.__class__))
            if field.repr
        )
        return f"{self.__class__.__qualname__}({shown})"


def _attrs_class(cls: type) -> type[attrs.AttrsInstance]:
    assert attrs.has(cls), f"{cls.__qualname__} derives from Frozen but is no attrs class"
    return cls


def _shown(field: attrs.Attribute[Any], value: object) -> str:
    return field.repr(value) if callable(field.repr) else repr(value)


__all__ = ["Frozen"]
