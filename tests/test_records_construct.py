"""The slot builders build exactly what the records' attrs `__init__` builds."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings

from standards_rules.frontend import load_ruleset
from standards_rules.records.construct import slot_builder, slot_replacer
from standards_rules.records.model import ConformityReport, Event, EventKind, Product, Standard
from standards_rules.testing.strategies import standards

PLAN = load_ruleset("rulesets/spec/second_edition.rules")


@settings(max_examples=60, deadline=None)
@given(standards(PLAN))
def test_a_built_standard_is_the_standard_attrs_builds(standard: Standard) -> None:
    values = attrs.asdict(standard, recurse=False)
    built = slot_builder(Standard)(**values)
    assert type(built) is Standard
    assert built == Standard(**values) == standard
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.number = "changed"  # type: ignore[misc]


@settings(max_examples=60, deadline=None)
@given(standards(PLAN), standards(PLAN))
def test_a_replaced_field_is_what_attrs_evolve_gives(standard: Standard, other: Standard) -> None:
    replace = slot_replacer(Standard, "previous_indicators")
    replaced = replace(standard, other.indicators)
    assert type(replaced) is Standard
    assert replaced == attrs.evolve(standard, previous_indicators=other.indicators)
    assert replaced.previous_indicators is other.indicators


def test_a_replacer_of_a_record_whose_init_does_more_evolves_it() -> None:
    import datetime

    event = Event(EventKind.FRAUD, datetime.date(2021, 3, 1))
    later = slot_replacer(Event, "date")(event, datetime.date(2021, 4, 1))
    assert later == attrs.evolve(event, date=datetime.date(2021, 4, 1))
    with pytest.raises(ValueError, match="no field 'nothing'"):
        slot_replacer(Standard, "nothing")


def test_small_records_are_built_from_positions_too() -> None:
    assert slot_builder(Product)("动力煤", "Q5000", True) == Product("动力煤", "Q5000", True)
    report = slot_builder(ConformityReport)(True, None, "检测中心")
    assert report == ConformityReport(True, None, "检测中心")


def test_a_record_whose_init_does_more_is_built_by_its_init() -> None:
    """`Event` sets `found_on` after `__init__`: the builder must not skip that."""
    import datetime

    day = datetime.date(2021, 3, 1)
    event = slot_builder(Event)(EventKind.FRAUD, day, False, None, None)
    assert event.found_on == day

    @attrs.frozen
    class Checked:
        value: int = attrs.field(validator=attrs.validators.ge(0))

    with pytest.raises(ValueError):
        slot_builder(Checked)(-1)
