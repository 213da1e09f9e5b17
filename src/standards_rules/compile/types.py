"""Compile stage helper: the static shapes the code generator needs to pick fast access paths.

Takes record classes (`records.model`) and field names; gives a `Shape` saying
what an expression holds (a record of a known class, a list of them, a
mapping, the `indicators` list, one indicator view, its tiers) and whether it
may be `none`. The checker owns real typing; this only chooses between
`obj.field` and the none-safe run-time lookup, so an unknown shape is always
safe (it falls back to the run-time helpers).
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Mapping

import attrs

from standards_rules.records import model


@attrs.frozen
class Shape:
    kind: str  # "record" | "list" | "map" | "views" | "view" | "tiers" | "references" | "scalar"
    cls: type | None = None  # for "record"
    item: Shape | None = None  # for "list"
    indicator: int | None = None  # for a view or its tables: the static indicator index, if known
    nullable: bool = True


SCALAR = Shape("scalar")


def record(cls: type, nullable: bool = False) -> Shape:
    return Shape("record", cls=cls, nullable=nullable)


ROOTS: Mapping[str, tuple[str, Shape]] = {
    "standard": ("s", record(model.Standard)),
    "enterprise": ("e", record(model.Enterprise)),
    "as_of": ("a", Shape("scalar", nullable=False)),
    "indicators": ("V", Shape("views", nullable=False)),
    "title": ("t", record(model.Title, nullable=True)),
    "events": ("ev", Shape("list", item=record(model.Event), nullable=False)),
    "cohort": ("c", Shape("scalar", nullable=False)),
    "declared": ("d", Shape("scalar", nullable=False)),
    "score": ("sc", SCALAR),
}


def _from_hint(hint: object) -> Shape:
    nullable = False
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        nullable = len(args) != len(typing.get_args(hint))
        if len(args) != 1:
            return SCALAR
        hint = args[0]
        origin = typing.get_origin(hint)
    if origin is tuple:
        return Shape("list", item=_from_hint(typing.get_args(hint)[0]), nullable=nullable)
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
        return Shape("map", nullable=nullable)
    if isinstance(hint, type) and attrs.has(hint):
        return record(hint, nullable)
    return Shape("scalar", nullable=nullable)


@functools.cache
def record_fields(cls: type) -> Mapping[str, Shape]:
    """Each public field of record class `cls` and the shape it holds."""
    hints = typing.get_type_hints(cls)
    return {
        f.name: _from_hint(hints[f.name]) for f in attrs.fields(cls) if not f.name.startswith("_")
    }


__all__ = ["ROOTS", "SCALAR", "Shape", "record", "record_fields"]
