"""Checker stage, schema: the records of SPEC §3 as checker types.

The record classes of `records.model` define the fields, once. The checker reads
them as written out in `check.record_fields` (each record's fields and the type
`described` reads off their annotations), so that `check` neither imports nor builds
those classes: making them was a sixth of what importing the checker cost.
`scripts/record_fields.py` writes that table from `fields_of_model()`, and
`tests/test_record_fields.py` fails whenever the two differ.
"""

from __future__ import annotations

import functools

from standards_rules.check import types as t
from standards_rules.check.record_fields import RECORD_FIELDS

_SCALARS: dict[str, t.Type] = {
    "number": t.NUMBER,
    "string": t.STRING,
    "bool": t.BOOL,
    "date": t.DATE,
    "dynamic": t.DYNAMIC,
    "unknown": t.UNKNOWN,
}


@functools.cache
def record_type(name: str) -> t.RecordType:
    """The checker type of the record `name` (`standard`, `conformity_report`, …)."""
    if name not in RECORD_FIELDS:
        raise KeyError(f"no record {name!r}")
    return t.RecordType(name, functools.cache(lambda: _fields(name)))


def _fields(name: str) -> dict[str, t.Type]:
    return {field: checker_type(about) for field, about in RECORD_FIELDS[name].items()}


def checker_type(about: object) -> t.Type:
    """The checker type of a field as `check.described_records` writes it."""
    if isinstance(about, str):
        return _SCALARS[about]
    match about:
        case ("record", str(name)):
            return record_type(name)
        case ("list", inner):
            return t.ListOf(checker_type(inner))
        case ("map", inner):
            return t.MapType(checker_type(inner))
        case ("enum", str(what), tuple(values)):
            return t.EnumString(what, values)
    raise ValueError(f"not a field type: {about!r}")


STANDARD = record_type("standard")
ENTERPRISE = record_type("enterprise")
TITLE = record_type("title")
EVENTS = t.ListOf(record_type("event"))

__all__ = [
    "ENTERPRISE",
    "EVENTS",
    "STANDARD",
    "TITLE",
    "checker_type",
    "record_type",
]
