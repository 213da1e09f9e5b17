"""The record schema the checker reads is the one the record classes define.

`check/record_fields.py` is written out from `records.model` (so that `check` need
not build those classes); it must be exactly what `scripts/record_fields.py` writes
from the classes as they are now.
"""

from __future__ import annotations

from pathlib import Path

from standards_rules.check import described_records, schema
from standards_rules.check import types as t
from standards_rules.check.record_fields import RECORD_FIELDS

TABLE = Path(described_records.__file__).with_name("record_fields.py")


def test_the_written_out_table_is_what_the_record_classes_give() -> None:
    assert TABLE.read_text(encoding="utf-8") == described_records.module_text(), (
        "records/model.py and check/record_fields.py differ: run scripts/record_fields.py"
    )


def test_every_record_a_field_holds_is_in_the_table() -> None:
    def records(about: object) -> list[str]:
        match about:
            case ("record", str(name)):
                return [name]
            case ("list" | "map", inner):
                return records(inner)
        return []

    types = [about for fields in RECORD_FIELDS.values() for about in fields.values()]
    held = {name for about in types for name in records(about)}
    assert held <= set(RECORD_FIELDS)
    assert set(RECORD_FIELDS) == {
        "standard",
        "enterprise",
        "event",
        "withdrawal",
        "product",
        "service",
        "conformity_report",
        "title",
    }


def test_the_checker_reads_fields_as_typed_in_the_record_classes() -> None:
    standard = schema.STANDARD.fields()
    assert standard["number"] == t.STRING
    assert standard["published_on"] == t.DATE  # `datetime.date | None`
    assert standard["status"] == t.EnumString("status", ("current", "abolished"))
    assert standard["products"] == t.ListOf(schema.record_type("product"))
    assert standard["service"] == schema.record_type("service")
    assert standard["indicators"] == t.MapType(t.NUMBER)
    assert standard["attributes"] == t.MapType(t.DYNAMIC)  # str | int | float | bool | None
    assert schema.record_type("service").fields()["outlets"] == t.NUMBER  # `int | None`
    kind = schema.EVENTS.element.fields()["kind"]
    assert isinstance(kind, t.EnumString) and kind.what == "event kind" and "fraud" in kind.values
    assert schema.ENTERPRISE.fields()["events"] == schema.EVENTS
    assert schema.TITLE.name == "title" and "awarded_on" in schema.TITLE.fields()


def test_a_described_type_that_is_none_of_the_known_forms_is_refused() -> None:
    for about in ("decimal", ("set", "string"), ("enum", "x", ["a"])):
        try:
            schema.checker_type(about)
        except (KeyError, ValueError):
            continue
        raise AssertionError(f"{about!r} was taken")
