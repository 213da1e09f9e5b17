"""Loading datasets: JSON, JSON Lines and CSV, rejections with paths, and unreadable files."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standards_rules.diagnostics import StandardsRulesError
from standards_rules.records import (
    Dataset,
    DatasetError,
    EventKind,
    Standard,
    Status,
    Subject,
    dump_dataset,
    load_dataset,
    load_dataset_from_dict,
    load_dataset_from_text,
    make_converter,
)
from standards_rules.records.fast import NotFast, Shared, fast_standard
from standards_rules.testing.records import datasets, standards

FIXTURES = Path(__file__).parent / "fixtures" / "records"
CODE = "91140500MA0GRBLW1K"
OTHER_CODE = "91140581MA0X7Q2PCQ"
ENTERPRISE: dict[str, Any] = {"credit_code": CODE, "name": "晋城市某某煤业有限公司"}
STANDARD: dict[str, Any] = {
    "number": "Q/JCMY 0001-2021",
    "enterprise": CODE,
    "status": "current",
    "subject": "product",
    "indicators": {"sulfur": 0.45},
}
TITLE: dict[str, Any] = {
    "standard": "Q/JCMY 0001-2021",
    "ruleset": "jincheng_coal",
    "awarded_on": "2021-06-01",
    "expires_on": "2024-06-01",
}


def test_spec_example_loads() -> None:
    dataset = load_dataset(FIXTURES / "spec_example.json")
    assert dataset.rejected == ()
    (enterprise,) = dataset.enterprises
    (standard,) = dataset.standards
    assert enterprise.events[0].kind is EventKind.SAFETY_ACCIDENT
    assert enterprise.withdrawals[0].excluded_until == datetime.date(2022, 5, 1)
    assert standard.status == "current" and standard.subject is Subject.PRODUCT
    assert standard.indicators == {"sulfur": 0.45, "calorific": 25.1, "ash": 12.0}
    assert standard.conformity_report is not None and standard.conformity_report.passed
    assert standard.service is None and standard.previous_indicators is None
    assert dataset.titles[0].expires_on == datetime.date(2021, 6, 30)
    assert dataset.enterprise(CODE) is enterprise


def _with(record: dict[str, Any], **changes: Any) -> dict[str, Any]:
    changed = copy.deepcopy(record)
    for key, value in changes.items():
        if value is _ABSENT:
            changed.pop(key, None)
        else:
            changed[key] = value
    return changed


_ABSENT = object()

BAD_STANDARDS = [
    ("missing number", _with(STANDARD, number=_ABSENT), ".number", "required field missing"),
    ("null subject", _with(STANDARD, subject=None), ".subject", "expected one of"),
    ("bad date", _with(STANDARD, published_on="2021-02-30"), ".published_on", "2021-02-30"),
    ("not iso", _with(STANDARD, published_on="15/01/2021"), ".published_on", "not a valid date"),
    ("date number", _with(STANDARD, published_on=20210115), ".published_on", "expected a date"),
    ("status", _with(STANDARD, status="valid"), ".status", "expected one of 'current'"),
    ("string value", _with(STANDARD, indicators={"s": "0.4"}), ".indicators.s", "got string"),
    ("bool value", _with(STANDARD, indicators={"s": True}), ".indicators.s", "got true"),
    ("indicators list", _with(STANDARD, indicators=[0.4]), ".indicators", "mapping"),
    ("unknown key", _with(STANDARD, colour="red"), ".colour", "unknown key 'colour'"),
    ("bad product", _with(STANDARD, products=[{"nme": "x"}]), ".products[0].nme", "unknown key"),
    ("product type", _with(STANDARD, products={"name": "x"}), ".products", "expected a list"),
    ("flag string", _with(STANDARD, format_compliant="yes"), ".format_compliant", "true or false"),
    ("outlets", _with(STANDARD, service={"outlets": 1.5}), ".service.outlets", "whole number"),
    ("attribute list", _with(STANDARD, attributes={"a": [1]}), ".attributes.a", "expected a"),
    (
        "report date",
        _with(STANDARD, conformity_report={"issued_on": "x"}),
        ".conformity_report.issued_on",
        "not a valid date 'x'",
    ),
    ("number int", _with(STANDARD, number=7), ".number", "expected a string, got number 7"),
    ("empty number", _with(STANDARD, number=" "), ".number", "must not be empty"),
    ("no enterprise", _with(STANDARD, enterprise=OTHER_CODE), ".enterprise", "unknown enterprise"),
    ("not an object", "Q/JCMY 0001-2021", "", "expected an object, got string"),
    # JSON is typed: a number given as text is refused, in any digits (float() would read
    # "٠.٤٥" as 0.45), and so is a date in other digits
    (
        "number as text",
        _with(STANDARD, indicators={"sulfur": "\u0660.\u0664\u0665"}),
        ".indicators.sulfur",
        "expected a number, got string",
    ),
    (
        "date in other digits",
        _with(STANDARD, published_on="\u0662\u0660\u0662\u0661-01-15"),
        ".published_on",
        "not a valid date",
    ),
]


@pytest.mark.parametrize(
    ("record", "where", "reason"),
    [case[1:] for case in BAD_STANDARDS],
    ids=[case[0] for case in BAD_STANDARDS],
)
def test_bad_standard_is_rejected_with_reason(record: Any, where: str, reason: str) -> None:
    dataset = load_dataset_from_dict({"enterprises": [ENTERPRISE], "standards": [record]})
    assert dataset.standards == ()
    (rejected,) = dataset.rejected
    assert rejected.path == "standards[0]" + where
    assert reason in rejected.error
    if isinstance(record, dict) and isinstance(record.get("number"), str):
        assert rejected.record == record["number"]


BAD_ENTERPRISES = [
    ("check char", _with(ENTERPRISE, credit_code=CODE[:-1] + "A"), ".credit_code", "expected 'K'"),
    ("short code", _with(ENTERPRISE, credit_code="9114"), ".credit_code", "18 characters"),
    ("missing name", _with(ENTERPRISE, name=_ABSENT), ".name", "required field missing"),
    ("blank name", _with(ENTERPRISE, name=""), ".name", "must not be empty"),
    ("applied", _with(ENTERPRISE, applied=1), ".applied", "expected true or false"),
    ("event kind", _with(ENTERPRISE, events=[{"kind": "flood", "date": "2021-01-01"}]), "kind", ""),
    ("event date", _with(ENTERPRISE, events=[{"kind": "fraud"}]), ".events[0].date", "missing"),
    ("withdrawal", _with(ENTERPRISE, withdrawals=[{"excluded_until": "2021-1-1"}]), "until", ""),
]


@pytest.mark.parametrize(
    ("record", "where", "reason"),
    [case[1:] for case in BAD_ENTERPRISES],
    ids=[case[0] for case in BAD_ENTERPRISES],
)
def test_bad_enterprise_is_rejected_with_reason(record: Any, where: str, reason: str) -> None:
    standard = _with(STANDARD, enterprise=record["credit_code"])
    dataset = load_dataset_from_dict({"enterprises": [record], "standards": [standard]})
    assert dataset.enterprises == ()
    first, second = dataset.rejected
    assert first.path.startswith("enterprises[0]") and first.path.endswith(where)
    assert reason in first.error
    assert (second.path, second.record) == ("standards[0].enterprise", STANDARD["number"])
    assert "was rejected (enterprises[0])" in second.error


def test_bad_title_is_rejected() -> None:
    dataset = load_dataset_from_dict({"titles": [_with(TITLE, awarded_on="2021-06-31"), TITLE]})
    (rejected,) = dataset.rejected
    assert (rejected.path, rejected.record) == ("titles[0].awarded_on", TITLE["standard"])
    assert len(dataset.titles) == 1


def test_null_and_absent_optionals_read_as_defaults() -> None:
    nulls = dict.fromkeys(("name", "published_on", "category", "service", "conformity_report"))
    standard = _with(STANDARD, products=None, previous_indicators=None, **nulls)
    enterprise = _with(ENTERPRISE, events=None, withdrawals=None, applied=None, county=None)
    dataset = load_dataset_from_dict({"enterprises": [enterprise], "standards": [standard]})
    assert dataset.rejected == ()
    loaded = dataset.standards[0]
    assert loaded.products == () and loaded.attributes == {} and loaded.name is None
    assert dataset.enterprises[0].events == () and dataset.enterprises[0].applied is False


def test_more_problems_are_mentioned() -> None:
    record = _with(STANDARD, published_on="x", status="y")
    dataset = load_dataset_from_dict({"enterprises": [ENTERPRISE], "standards": [record]})
    (rejected,) = dataset.rejected
    assert rejected.path == "standards[0].status"
    assert "standards[0].published_on: not a valid date 'x'" in rejected.error


def test_mixed_file_keeps_every_good_record_and_orders_rejections() -> None:
    dataset = load_dataset(FIXTURES / "mixed.json")
    assert [s.number for s in dataset.standards] == [
        "Q/JCMY 0001-2021",
        "Q/GPMY 0001-2021",
        "Q/JCMY 0007-2021",
    ]
    assert [e.credit_code for e in dataset.enterprises] == [CODE, OTHER_CODE]
    assert [(r.path, r.record) for r in dataset.rejected] == [
        ("enterprises[1].credit_code", "91140525MA0K1234BA"),
        ("enterprises[3].credit_code", CODE),
        ("enterprises[4].name", "91140521MA0Y3N8LD3"),
        ("standards[1].enterprise", "Q/JCMY 0002-2021"),
        ("standards[3].published_on", "Q/JCMY 0003-2021"),
        ("standards[4].number", "Q/JCMY 0001-2021"),
        ("standards[5].enterprise", "Q/JCMY 0004-2021"),
        ("standards[6].indicators.sulfur", "Q/JCMY 0005-2021"),
        ("standards[7].colour", "Q/JCMY 0006-2021"),
        ("titles[1].expires_on", "Q/JCMY 0010-2020"),
    ]
    assert "first at enterprises[0]" in dataset.rejected[1].error
    assert "first at standards[0]" in dataset.rejected[5].error


def test_chinese_aliases() -> None:
    dataset = load_dataset(FIXTURES / "mixed.json")
    enterprise = dataset.enterprise(OTHER_CODE)
    assert enterprise is not None and enterprise.county == "高平市"
    standard = dataset.standard("Q/GPMY 0001-2021")
    assert standard is not None
    assert standard.name == "无烟煤" and standard.status is Status.CURRENT
    assert standard.published_on == datetime.date(2021, 3, 2)
    assert standard.products[0].model == "WY-1" and standard.products[0].mass_produced
    abolished = dataset.standard("Q/JCMY 0007-2021")
    assert abolished is not None and abolished.status is Status.ABOLISHED
    assert abolished.attributes == {"grade": "A", "n": 2}


def test_a_field_given_by_both_its_names_is_rejected_not_one_value_kept() -> None:
    renamed = _with(STANDARD, 标准编号="Q/JCMY 0009-2021")
    event = {"kind": "fraud", "日期": "2021-03-01", "发生日期": "2021-03-02"}
    enterprise = {**ENTERPRISE, "credit_code": OTHER_CODE, "events": [event]}
    dataset = load_dataset({"enterprises": [ENTERPRISE, enterprise], "standards": [renamed]})
    assert [(r.path, r.record, r.error) for r in dataset.rejected] == [
        ("enterprises[1].events[0]", OTHER_CODE, "date given twice, as '日期' and '发生日期'"),
        ("standards[0]", "Q/JCMY 0001-2021", "number given twice, as 'number' and '标准编号'"),
    ]


@pytest.mark.parametrize(("code", "status"), [(0, "current"), (1, "abolished"), ("1", "abolished")])
def test_platform_status_codes(code: object, status: str) -> None:
    record = _with(STANDARD, status=code)
    dataset = load_dataset_from_dict({"enterprises": [ENTERPRISE], "standards": [record]})
    assert dataset.standards[0].status == status


def test_json_lines_resolve_later_enterprises() -> None:
    dataset = load_dataset(FIXTURES / "forward.jsonl")
    assert [s.number for s in dataset.standards] == ["Q/JCMY 0001-2021"]
    assert [(r.path, r.record) for r in dataset.rejected] == [
        ("line 6.events[0].kind", "91140525MA0K1234BD"),
        ("line 3.published_on", "Q/JCMY 0002-2021"),
        ("line 9.enterprise", "Q/JCMY 0003-2021"),
        ("line 7.type", None),
        ("line 8", None),
    ]
    assert "unknown record type 'product'" in dataset.rejected[3].error
    assert len(dataset.titles) == 1


def test_json_lines_from_text_match_the_json_layout() -> None:
    lines = [
        json.dumps({"type": "standard", **STANDARD}),
        json.dumps({"type": "enterprise", **ENTERPRISE}),
        json.dumps({"type": "title", **TITLE}),
    ]
    from_lines = load_dataset_from_text("\n".join(lines), format="jsonl")
    from_json = load_dataset_from_dict(
        {"enterprises": [ENTERPRISE], "standards": [STANDARD], "titles": [TITLE]}
    )
    assert from_lines == from_json


def test_csv_platform_export() -> None:
    dataset = load_dataset(FIXTURES / "platform.csv")
    assert [e.credit_code for e in dataset.enterprises] == [CODE, OTHER_CODE]
    first, second = dataset.standards
    assert first.indicators == {"sulfur": 0.45, "calorific": 25.1}
    assert first.previous_indicators == {"sulfur": 0.5}
    assert first.attributes == {"grade": "A"}
    assert first.products[0].model == "Q5500" and first.format_compliant
    assert first.conformity_report is not None and first.conformity_report.passed
    assert second.status is Status.ABOLISHED and second.indicators == {"sulfur": 0.8}
    assert dataset.enterprises[0].applied and not dataset.enterprises[1].consent
    assert [(r.path, r.record) for r in dataset.rejected] == [
        ("line 6.credit_code", "91140525MA0K1234BA"),
        ("line 4.published_on", "Q/GPMY 0001-2021"),
        ("line 5.indicators.sulfur", "Q/GPMY 0002-2021"),
        ("line 6.enterprise", "Q/YCMY 0001-2021"),
    ]


@pytest.mark.parametrize("name", ["standards.csv", "标准.csv", "Standards.CSV"])
def test_a_csv_file_named_like_the_standards_sheet_alone_is_one_row_per_standard(
    tmp_path: Path, name: str
) -> None:
    (tmp_path / name).write_bytes((FIXTURES / "platform.csv").read_bytes())
    assert load_dataset(tmp_path / name) == load_dataset(FIXTURES / "platform.csv")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("number,标准编号,sulfur", "the columns 'number' and '标准编号' both hold number"),
        ("number,sulfur,指标.sulfur", "the columns 'sulfur' and '指标.sulfur' both hold sulfur"),
        ("number,上一版.ash,previous.ash", "'上一版.ash' and 'previous.ash' both hold ash"),
    ],
)
def test_csv_with_two_columns_for_one_field_is_unusable(header: str, message: str) -> None:
    with pytest.raises(DatasetError, match=message):
        load_dataset_from_text(f"{header}\nA,1,2\n", format="csv", origin="x.csv")


def test_csv_cells_past_the_header_reject_their_row_only_when_they_hold_something() -> None:
    text = (
        "number,credit_code,enterprise_name,status,subject,sulfur\n"
        f"Q/A 1-2021,{CODE},某公司,current,product,0.4,,\n"
        f"Q/A 2-2021,{CODE},某公司,current,product,0.4,,5\n"
    )
    dataset = load_dataset_from_text(text, format="csv")
    assert [(s.number, s.indicators) for s in dataset.standards] == [
        ("Q/A 1-2021", {"sulfur": 0.4})
    ]
    assert [(r.path, r.record, r.error) for r in dataset.rejected] == [
        ("line 3", "Q/A 2-2021", "row has 8 cells, header 6")
    ]


def test_csv_without_number_column_is_unusable() -> None:
    with pytest.raises(DatasetError, match="number"):
        load_dataset_from_text("credit_code,name\n", format="csv", origin="x.csv")


def test_dump_dataset_loads_back() -> None:
    dataset = load_dataset(FIXTURES / "mixed.json")
    again = load_dataset_from_dict(json.loads(json.dumps(dump_dataset(dataset))))
    assert again == Dataset(dataset.enterprises, dataset.standards, dataset.titles)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{"standards": [{"number": "Q/A', 1, 27),
        ('{\n  "standards": [\n    {"number": 1,}\n  ]\n}', 3, 18),
        ("", 1, 1),
    ],
)
def test_malformed_json_raises_with_position(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert (info.value.line, info.value.column) == (line, column)
    assert str(info.value).startswith(f"{path}:{line}:{column}: malformed JSON")
    assert isinstance(info.value, StandardsRulesError)


def test_malformed_json_line_raises_with_line(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text(json.dumps({"type": "enterprise", **ENTERPRISE}) + '\n{"type": "sta', "utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert info.value.line == 2 and info.value.column == 10


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[]", "expected a JSON object at the top level, got a list"),
        (b'{"standard": []}', "unknown top-level key 'standard'"),
        (b'{"standards": {}}', "'standards' must be a list"),
        (b'{"name": "\xff"}', "not UTF-8"),
    ],
)
def test_unusable_files_raise(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "data.json"
    path.write_bytes(content)
    with pytest.raises(DatasetError, match=message) as info:
        load_dataset(path)
    assert str(path) in str(info.value)


def test_missing_file_raises(tmp_path: Path) -> None:
    for name in ("missing.json", "missing.jsonl", "missing.csv"):
        with pytest.raises(DatasetError, match="cannot read"):
            load_dataset(tmp_path / name)


def test_not_utf8_json_lines_raise(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(b'{"type": "title"}\n{"name": "\xff"}\n')
    with pytest.raises(DatasetError, match="not UTF-8") as info:
        load_dataset(path)
    assert info.value.line == 2


_CORRUPTIONS: list[tuple[str, Any]] = [
    ("published_on", "2021-02-30"),
    ("status", "valid"),
    ("indicators", {"x": "1"}),
    ("enterprise", "91140599MA0AAAAAAA"),
    ("colour", "red"),
    ("subject", None),
]


@st.composite
def _raw_inputs(draw: st.DrawFn) -> dict[str, list[Any]]:
    plain = dump_dataset(draw(datasets(max_enterprises=3, max_standards=8)))
    for key in ("enterprises", "standards"):
        records = plain[key]
        for index in draw(st.sets(st.integers(0, max(0, len(records) - 1)), max_size=2)):
            if records:
                field, value = draw(st.sampled_from(_CORRUPTIONS))
                if key == "enterprises":
                    field, value = draw(st.sampled_from([("credit_code", "9114"), ("name", 3)]))
                records[index][field] = value
        if records and draw(st.booleans()):
            records.append(copy.deepcopy(draw(st.sampled_from(records))))
    return plain


@settings(max_examples=100, deadline=None)
@given(_raw_inputs())
def test_nothing_is_lost(raw: dict[str, list[Any]]) -> None:
    dataset = load_dataset_from_dict(raw)
    standards_rejected = [r for r in dataset.rejected if r.path.startswith("standards[")]
    enterprises_rejected = [r for r in dataset.rejected if r.path.startswith("enterprises[")]
    assert len(dataset.standards) + len(standards_rejected) == len(raw["standards"])
    assert len(dataset.enterprises) + len(enterprises_rejected) == len(raw["enterprises"])
    assert len(dataset.titles) + len(dataset.rejected) - len(standards_rejected) - len(
        enterprises_rejected
    ) == len(raw["titles"])
    paths = [int(r.path.split("[")[1].split("]")[0]) for r in standards_rejected]
    assert paths == sorted(set(paths))
    kinds = [r.path.split("[")[0] for r in dataset.rejected]
    assert kinds == sorted(kinds, key=["enterprises", "standards", "titles"].index)
    codes = {e.credit_code for e in dataset.enterprises}
    assert all(s.enterprise in codes for s in dataset.standards)
    assert len({s.number for s in dataset.standards}) == len(dataset.standards)


@settings(max_examples=50, deadline=None)
@given(datasets())
def test_generated_datasets_load_unchanged_from_json_and_json_lines(dataset: Dataset) -> None:
    plain = dump_dataset(dataset)
    assert load_dataset_from_text(json.dumps(plain, ensure_ascii=False)) == dataset
    lines = [
        json.dumps({"type": kind, **record}, ensure_ascii=False)
        for key, kind in (("titles", "title"), ("standards", "standard"))
        for record in plain[key]
    ] + [json.dumps({"type": "enterprise", **record}) for record in plain["enterprises"]]
    assert load_dataset_from_text("\n".join(lines), format="jsonl") == dataset


_ODD_VALUES = st.sampled_from(
    [None, True, 0, 1, 1.5, float("nan"), "", "x", "2021-02-30", "2021-02-03", [], {}, [{}]]
)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_fast_path_agrees_with_the_converter(data: st.DataObject) -> None:
    plain = make_converter().unstructure(data.draw(standards()))
    for _ in range(data.draw(st.integers(0, 2))):
        field = data.draw(st.sampled_from(sorted(plain)))
        plain[field] = data.draw(_ODD_VALUES)
    try:
        fast = fast_standard(plain)
    except NotFast:
        return
    assert make_converter(detailed_validation=False).structure(plain, Standard) == fast


_NESTED_FIELDS = st.sampled_from(
    [
        ("products", "name"),
        ("products", "model"),
        ("products", "mass_produced"),
        ("conformity_report", "passed"),
        ("conformity_report", "issued_on"),
        ("conformity_report", "agency"),
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_values_seen_before_do_not_let_odd_ones_through(data: st.DataObject) -> None:
    # The shared caches are looked up before a value is checked: a record equal to one
    # already loaded but for an odd nested value (1 for true, a list for a text) must
    # still be refused, or be read as the converter reads it.
    plain = make_converter().unstructure(data.draw(standards()))
    plain["products"] = plain["products"] or [{"name": "x", "model": "y", "mass_produced": True}]
    plain["conformity_report"] = plain["conformity_report"] or {"passed": True}
    shared = Shared()
    fast_standard(copy.deepcopy(plain), shared)
    for _ in range(data.draw(st.integers(1, 2))):
        field, key = data.draw(_NESTED_FIELDS)
        inner = plain[field][0] if field == "products" else plain[field]
        inner[key] = data.draw(_ODD_VALUES)
    try:
        fast = fast_standard(plain, shared)
    except NotFast:
        return
    assert make_converter(detailed_validation=False).structure(plain, Standard) == fast


SECOND_EDITION = {
    "enterprises": [
        {
            **ENTERPRISE,
            "企业事件": [
                {"事件类型": "safety_accident", "日期": "2021-08-01", "发现日期": "2021-09-01"},
                {"kind": "fraud", "date": "2021-08-01"},
            ],
        }
    ],
    "standards": [{**STANDARD, "number": "Q/JCMY 0002-2022", "代替标准号": "Q/JCMY 0001-2021"}],
    "titles": [{**TITLE, "获评时指标": {"sulfur": 0.4}}],
}


def _as_lines(obj: dict[str, list[Any]]) -> str:
    kinds = {"enterprises": "enterprise", "standards": "standard", "titles": "title"}
    return "\n".join(
        json.dumps({"type": kinds[key], **record}, ensure_ascii=False)
        for key, records in obj.items()
        for record in records
    )


@pytest.mark.parametrize("layout", ["json", "jsonl"])
def test_second_edition_fields_load(layout: str) -> None:
    if layout == "json":
        dataset = load_dataset_from_dict(copy.deepcopy(SECOND_EDITION))
    else:
        dataset = load_dataset_from_text(_as_lines(SECOND_EDITION), format="jsonl")
    assert not dataset.rejected
    found, same_day = dataset.enterprises[0].events
    assert found.found_on == datetime.date(2021, 9, 1)
    assert same_day.found_on == same_day.date == datetime.date(2021, 8, 1)
    assert dataset.standards[0].replaces == "Q/JCMY 0001-2021"
    assert dataset.titles[0].indicators == {"sulfur": 0.4}
    again = load_dataset_from_dict(json.loads(json.dumps(dump_dataset(dataset))))
    assert again.titles == dataset.titles and again.standards == dataset.standards


@pytest.mark.parametrize("layout", ["json", "jsonl"])
def test_found_on_before_date_is_rejected(layout: str) -> None:
    raw = copy.deepcopy(SECOND_EDITION)
    raw["enterprises"][0]["企业事件"][0]["发现日期"] = "2021-07-31"
    if layout == "json":
        dataset = load_dataset_from_dict(raw)
    else:
        dataset = load_dataset_from_text(_as_lines(raw), format="jsonl")
    where = "enterprises[0]" if layout == "json" else "line 1"
    assert dataset.rejected and (dataset.rejected[0].path, dataset.rejected[0].error) == (
        f"{where}.events[0].found_on",
        "found_on before date",
    )


def test_title_indicators_must_be_numbers() -> None:
    dataset = load_dataset_from_dict({"titles": [{**TITLE, "indicators": {"sulfur": "low"}}]})
    assert [(r.path, r.error) for r in dataset.rejected] == [
        ("titles[0].indicators.sulfur", "expected a number, got string 'low'")
    ]


def test_a_mapping_loads_like_json() -> None:
    assert load_dataset(copy.deepcopy(SECOND_EDITION)) == load_dataset_from_dict(
        copy.deepcopy(SECOND_EDITION)
    )


def test_a_mapping_may_hold_python_dates_and_tuples() -> None:
    # Records as Python data (SPEC §5): `datetime.date` for dates, tuples for lists.
    enterprise = {
        **ENTERPRISE,
        "events": ({"kind": "fraud", "date": datetime.date(2021, 3, 1)},),
        "withdrawals": [{"decided_on": datetime.date(2019, 5, 1), "excluded_until": "2022-05-01"}],
    }
    standard = {
        **STANDARD,
        "published_on": datetime.date(2021, 1, 15),
        "products": ({"name": "动力煤", "mass_produced": True},),
        "conformity_report": {"passed": True, "issued_on": datetime.date(2021, 3, 1)},
    }
    title = {**TITLE, "awarded_on": datetime.date(2021, 6, 1)}
    python = load_dataset(
        {"enterprises": (enterprise,), "standards": [standard], "titles": [title]}
    )
    as_text = json.loads(json.dumps([enterprise, standard, title], default=str))
    as_json = load_dataset(
        {"enterprises": [as_text[0]], "standards": [as_text[1]], "titles": [as_text[2]]}
    )
    assert python.rejected == () and python == as_json
    assert python.standards[0].published_on == datetime.date(2021, 1, 15)
    assert python.enterprises[0].events[0].found_on == datetime.date(2021, 3, 1)


def test_a_datetime_in_a_mapping_is_rejected_naming_its_time_of_day() -> None:
    standard = {**STANDARD, "published_on": datetime.datetime(2021, 1, 15, 9, 30)}
    dataset = load_dataset({"enterprises": [ENTERPRISE], "standards": [standard]})
    ((path, error),) = [(r.path, r.error) for r in dataset.rejected]
    assert path == "standards[0].published_on" and "time of day" in error
