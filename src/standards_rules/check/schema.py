"""Checker stage, schema: the record classes of SPEC §3 as checker types.

Takes the attrs classes of `records.model` (read with `attrs.fields` and
`typing.get_type_hints`, so the field lists are defined once, there); gives the
`RecordType` of each record and the names a body sees (`standard`, `events`, …).
"""

from __future__ import annotations

import collections.abc
import datetime
import enum
import functools
import re
import types
import typing

import attrs

from standards_rules.check import types as t
from standards_rules.records import model

# How an enum class is named in a diagnostic: "'acident' is not an event kind".
_ENUM_WHAT: dict[type, str] = {
    model.EventKind: "event kind",
    model.Status: "status",
    model.Subject: "subject",
}


def record_name(cls: type) -> str:
    """`ConformityReport` → `conformity_report`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


@functools.cache
def record_type(cls: type) -> t.RecordType:
    """The checker type of an attrs record class."""
    return t.RecordType(record_name(cls), functools.cache(lambda: _fields(cls)))


def _fields(cls: type) -> dict[str, t.Type]:
    hints = typing.get_type_hints(cls)
    return {f.name: type_of(hints[f.name]) for f in attrs.fields(cls) if not f.name.startswith("_")}


def type_of(annotation: object) -> t.Type:
    """The checker type of a record field annotation."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        present = [a for a in args if a is not type(None)]
        if len(present) == 1:
            return type_of(present[0])
        if all(a in (str, int, float, bool) for a in present):
            return t.DYNAMIC
        return t.UNKNOWN
    if origin in (tuple, list, collections.abc.Sequence):
        return t.ListOf(type_of(args[0]))
    if origin in (dict, collections.abc.Mapping):
        return t.MapType(type_of(args[1]))
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            what = _ENUM_WHAT.get(annotation, record_name(annotation).replace("_", " "))
            return t.EnumString(what, tuple(str(m.value) for m in annotation))
        if annotation is bool:
            return t.BOOL
        if annotation in (int, float):
            return t.NUMBER
        if annotation is str:
            return t.STRING
        if annotation is datetime.date:
            return t.DATE
        if attrs.has(annotation):
            return record_type(annotation)
    return t.UNKNOWN


STANDARD = record_type(model.Standard)
ENTERPRISE = record_type(model.Enterprise)
TITLE = record_type(model.Title)
EVENTS = t.ListOf(record_type(model.Event))

__all__ = ["ENTERPRISE", "EVENTS", "STANDARD", "TITLE", "record_name", "record_type", "type_of"]
