"""Checker stage, the record classes described: what `check.record_fields` must hold.

Reads the attrs classes of `records.model` (`record_schema()`: each public field
and its resolved annotation) and describes each field's type as plain data, the
form `check.schema` turns into checker types. `scripts/record_fields.py` writes
`check/record_fields.py` with `module_text()`; `tests/test_record_fields.py` fails
when that file holds anything else, so the table cannot fall behind the classes.
Not imported by `check`: it is what the table spares it.
"""

from __future__ import annotations

import collections.abc
import datetime
import enum
import re
import types
import typing

import attrs

# How an enum class is named in a diagnostic: "'acident' is not an event kind".
_ENUM_WHAT: dict[str, str] = {
    "EventKind": "event kind",
    "Status": "status",
    "Subject": "subject",
}

_LINE = 100


def record_name(class_name: str) -> str:
    """`ConformityReport` → `conformity_report`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", class_name).lower()


def described(annotation: object) -> object:
    """A record field's annotation as the checker reads it, written as plain data:
    `number`, `string`, `bool`, `date`, `dynamic` (a value of one of several scalar
    types), `unknown`, or `(record, NAME)`, `(list, TYPE)`, `(map, TYPE)`,
    `(enum, WHAT, VALUES)`."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        present = [a for a in args if a is not type(None)]
        if len(present) == 1:
            return described(present[0])
        if all(a in (str, int, float, bool) for a in present):
            return "dynamic"
        return "unknown"
    if origin in (tuple, list, collections.abc.Sequence):
        return ("list", described(args[0]))
    if origin in (dict, collections.abc.Mapping):
        return ("map", described(args[1]))
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            name = annotation.__name__
            what = _ENUM_WHAT.get(name, record_name(name).replace("_", " "))
            return ("enum", what, tuple(str(m.value) for m in annotation))
        if annotation is bool:
            return "bool"
        if annotation in (int, float):
            return "number"
        if annotation is str:
            return "string"
        if annotation is datetime.date:
            return "date"
        if attrs.has(annotation):
            return ("record", record_name(annotation.__name__))
    return "unknown"


def fields_of_model() -> dict[str, dict[str, object]]:
    """Each record's public fields, `described`, read off the classes of `records.model`."""
    from standards_rules.records.model import record_schema

    return {
        record_name(class_name): {name: described(hint) for name, hint in fields.items()}
        for class_name, fields in record_schema().items()
    }


def module_text() -> str:
    """The text of `check/record_fields.py`, as `ruff format` leaves it."""
    table = _literal(fields_of_model(), "", "RECORD_FIELDS: dict[str, dict[str, object]] = ")
    return f"{_HEADER}\n{table}\n"


_HEADER = '''"""Checker stage, the record schema written out: each record's fields and their types.

Written by `scripts/record_fields.py` from the classes of `records.model`, as
`check.described_records` describes them: `check` reads the records' fields from
here without importing and building those classes. Do not edit by hand:
`tests/test_record_fields.py` fails when this is not what the script writes.
"""

from __future__ import annotations
'''


def _literal(value: object, indent: str, prefix: str = "", suffix: str = "") -> str:
    """`value` (strings, tuples, dicts) as ruff formats it: on one line after `indent`
    and `prefix` when it fits, else one item a line."""
    flat = f"{indent}{prefix}{_flat(value)}{suffix}"
    if len(flat) <= _LINE or not isinstance(value, dict | tuple) or not value:
        return flat
    inner = indent + "    "
    if isinstance(value, dict):
        opening, closing = "{", "}"
        items = [_literal(v, inner, f"{_flat(k)}: ", ",") for k, v in value.items()]
    else:
        opening, closing = "(", ")"
        items = [_literal(v, inner, "", ",") for v in value]
    return "\n".join([f"{indent}{prefix}{opening}", *items, f"{indent}{closing}{suffix}"])


def _flat(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flat(k)}: {_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        inside = ", ".join(_flat(v) for v in value)
        return f"({inside},)" if len(value) == 1 else f"({inside})"
    text = repr(value)
    if isinstance(value, str) and text.startswith("'") and '"' not in value:
        return '"' + text[1:-1] + '"'
    return text


__all__ = ["described", "fields_of_model", "module_text", "record_name"]
