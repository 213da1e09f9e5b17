"""Record classes: enums as strings, defaults, the schema, and converter round trips."""

from __future__ import annotations

import datetime
import json
import typing
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standards_rules.records import (
    ConformityReport,
    Dataset,
    Enterprise,
    Event,
    EventKind,
    Product,
    Rejected,
    Service,
    Standard,
    Status,
    Subject,
    Title,
    Withdrawal,
    make_converter,
    record_schema,
)
from standards_rules.testing import records as strategies

CONVERTER = make_converter()
FAST = make_converter(detailed_validation=False)

RECORDS: list[tuple[type, st.SearchStrategy[Any]]] = [
    (Enterprise, strategies.enterprises()),
    (Event, strategies.events()),
    (Withdrawal, strategies.withdrawals()),
    (Standard, strategies.standards()),
    (Product, strategies.products()),
    (Service, strategies.services()),
    (ConformityReport, strategies.conformity_reports()),
    (Title, strategies.titles()),
    (Dataset, strategies.datasets()),
]


def test_enums_compare_equal_to_their_strings() -> None:
    assert Status.CURRENT == "current"
    assert Subject.SERVICE == "service"
    assert EventKind.IP_INFRINGEMENT == "ip_infringement"
    assert [k.value for k in EventKind] == [
        "process_change",
        "environmental_accident",
        "safety_accident",
        "quality_problem",
        "inspection_failed",
        "ip_infringement",
        "fraud",
        "integrity",
        "other",
    ]


def test_defaults_follow_the_spec() -> None:
    enterprise = Enterprise("91140500MA0GRBLW1K", "x")
    assert (enterprise.applied, enterprise.consent, enterprise.county) == (False, False, None)
    assert enterprise.events == () and enterprise.withdrawals == ()
    standard = Standard(
        number="Q/A 0001-2021",
        enterprise="91140500MA0GRBLW1K",
        status=Status.CURRENT,
        subject=Subject.PRODUCT,
        indicators={},
    )
    assert standard.attributes == {} and standard.products == ()
    assert standard.format_compliant is False and standard.previous_indicators is None
    assert Event(EventKind.OTHER, datetime.date(2021, 1, 1)).major is False


def test_records_are_frozen() -> None:
    enterprise = Enterprise("91140500MA0GRBLW1K", "x")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        enterprise.name = "y"  # type: ignore[misc]


def test_field_names_follow_the_spec() -> None:
    names = {cls.__name__: [f.name for f in attrs.fields(cls)] for cls, _ in RECORDS[:-1]}
    assert names["Standard"] == [
        "number",
        "name",
        "enterprise",
        "status",
        "published_on",
        "format_compliant",
        "category",
        "subject",
        "products",
        "service",
        "indicators",
        "previous_indicators",
        "conformity_report",
        "attributes",
        "replaces",
    ]
    assert names["Enterprise"] == [
        "credit_code",
        "name",
        "county",
        "applied",
        "consent",
        "events",
        "withdrawals",
    ]
    assert names["Title"] == ["standard", "ruleset", "awarded_on", "expires_on", "indicators"]
    assert [f.name for f in attrs.fields(Rejected)] == ["path", "record", "error"]


@pytest.mark.parametrize("cls", [cls for cls, _ in RECORDS] + [Rejected])
def test_type_hints_resolve(cls: type) -> None:
    hints = typing.get_type_hints(cls)
    assert set(hints) >= {f.name for f in attrs.fields(cls) if not f.name.startswith("_")}


def test_record_schema_gives_resolved_types() -> None:
    schema = record_schema()
    assert schema["Standard"]["status"] is Status
    assert schema["Standard"]["published_on"] == datetime.date | None
    assert schema["Standard"]["products"] == tuple[Product, ...]
    assert schema["Enterprise"]["events"] == tuple[Event, ...]
    assert set(schema) == {
        "Enterprise",
        "Event",
        "Withdrawal",
        "Standard",
        "Product",
        "Service",
        "ConformityReport",
        "Title",
    }


def test_dataset_looks_up_by_credit_code_and_number() -> None:
    first = Enterprise("91140500MA0GRBLW1K", "first")
    dataset = Dataset(enterprises=(first, Enterprise("91140500MA0GRBLW1K", "second")))
    assert dataset.enterprise("91140500MA0GRBLW1K") is first
    assert dataset.enterprise("nope") is None
    assert dataset.standard("Q/A 0001-2021") is None
    assert dataset == Dataset(enterprises=dataset.enterprises)


def test_rejected_reads_as_path_and_reason() -> None:
    rejected = Rejected("standards[7].published_on", "Q/A 1-2021", "not a valid date '2021-02-30'")
    assert str(rejected) == "standards[7].published_on: not a valid date '2021-02-30'"


@pytest.mark.parametrize(("cls", "records"), RECORDS, ids=[c.__name__ for c, _ in RECORDS])
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_round_trip(cls: type, records: st.SearchStrategy[Any], data: st.DataObject) -> None:
    record = data.draw(records)
    plain = CONVERTER.unstructure(record)
    assert CONVERTER.structure(plain, cls) == record
    assert FAST.structure(plain, cls) == record
    through_text = json.loads(json.dumps(plain, ensure_ascii=False))
    assert CONVERTER.structure(through_text, cls) == record


@settings(max_examples=50, deadline=None)
@given(strategies.standards())
def test_unstructured_records_are_plain_json(standard: Standard) -> None:
    plain = CONVERTER.unstructure(standard)
    assert type(plain["status"]) is str and type(plain["subject"]) is str
    assert plain["published_on"] is None or type(plain["published_on"]) is str


def test_the_shared_empty_attributes_behave_like_an_empty_dict() -> None:
    import copy
    import pickle

    from standards_rules.records.model import EMPTY_ATTRIBUTES

    assert EMPTY_ATTRIBUTES == {}
    assert dict(EMPTY_ATTRIBUTES) == {}
    assert len(EMPTY_ATTRIBUTES) == 0 and list(EMPTY_ATTRIBUTES) == []
    assert EMPTY_ATTRIBUTES.get("x") is None and "x" not in EMPTY_ATTRIBUTES
    assert copy.copy(EMPTY_ATTRIBUTES) is EMPTY_ATTRIBUTES
    assert copy.deepcopy(EMPTY_ATTRIBUTES) is EMPTY_ATTRIBUTES
    assert pickle.loads(pickle.dumps(EMPTY_ATTRIBUTES)) is EMPTY_ATTRIBUTES
    assert not hasattr(EMPTY_ATTRIBUTES, "__setitem__")


def test_by_number_sorts_records_given_in_any_order() -> None:
    from evalkit import dataset, standard

    numbers = ["Q/A 0003-2021", "Q/A 0001-2021", "Q/B 0001-2021", "Q/A 0002-2021"]
    shuffled = dataset(*(standard(n) for n in numbers))
    in_order = dataset(*(standard(n) for n in sorted(numbers)))
    for records in (shuffled, in_order):
        listed = records.by_number()
        assert [s.number for s in listed] == sorted(numbers)
        assert all(records.standard(s.number) is s for s in listed)
