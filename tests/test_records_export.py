"""The platform's export layout (SPEC §3.3): sheets or CSV files, names, requirement text."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportkit import Failed, write_csv_folder, write_xlsx
from standards_rules import evaluate, load_ruleset
from standards_rules.records import DatasetError, dump_dataset, load_dataset, read_dataset
from standards_rules.records.export import excel_errors, headers

ROOT = Path(__file__).resolve().parent.parent
COAL = load_ruleset(ROOT / "rulesets" / "jincheng" / "coal.rules")
CODE = "91140500MA0GRBLW1K"
OTHER = "91140581MA0X7Q2PCQ"

ENTERPRISES = [
    ["统一社会信用代码", "企业名称", "所属区县", "是否申报", "是否同意入榜"],
    [CODE, "晋城市某某煤业有限公司", "泽州县", "是", "√"],
    [OTHER.lower(), "高平市某某煤业有限公司", "高平市", "Y", "×"],
]
STANDARDS = [
    [
        "标准编号",
        "标准名称",
        "统一社会信用代码",
        "标准状态",
        "公开时间",
        "格式规范",
        "产品类别",
        "标准类型",
        "代替标准号",
        "符合性报告结论",
        "符合性报告日期",
        "检验机构",
        "备注",
    ],
    [
        "Q/JCMY 0001-2021",
        "无烟块煤",
        CODE,
        "现行",
        datetime.date(2021, 1, 15),
        "是",
        "无烟块煤",
        "产品",
        None,
        "符合",
        "2021/3/1",
        "山西省煤炭质量检测中心",
        "extra column",
    ],
    [
        "Q/JCMY 0002-2021",
        "无烟末煤",
        CODE,
        0,
        "2021年2月3日",
        "√",
        "无烟末煤",
        "产品",
        "Q/JCMY 0002-2018",
        "不符合",
        None,
        None,
        None,
    ],
    [
        "Q/GPMY 0001-2021",
        "无烟块煤",
        OTHER,
        "0",
        "2021.2.3",
        "1",
        "无烟块煤",
        "产品",
        None,
        None,
        None,
        None,
        None,
    ],
    [
        "Q/GPMY 0002-2021",
        "无烟块煤",
        OTHER,
        "现行",
        "2021-02-30",
        "是",
        "无烟块煤",
        "产品",
        None,
        None,
        None,
        None,
        None,
    ],
]
INDICATORS = [
    ["标准编号", "指标名称", "技术要求", "单位", "检验方法"],
    ["Q/JCMY 0001-2021", "全硫 St,d", "≤０．４５", "%", "GB/T 214"],
    ["Q/JCMY 0001-2021", "干燥基高位发热量 Qgr,d", "≥6000", "kcal/kg", "GB/T 213"],
    ["Q/JCMY 0001-2021", "干燥基灰分 Ad", "10～12", "％", "GB/T 212"],
    ["Q/JCMY 0001-2021", "灰熔融性ST", "＞1350", "℃", "GB/T 219"],
    ["Q/JCMY 0002-2021", "SULFUR", "不大于0.5%", None, None],
    ["Q/JCMY 0002-2021", "calorific", "25±1", "MJ/kg", None],
    ["Q/JCMY 0002-2021", "ash", "不得检出", None, None],
    ["Q/GPMY 0001-2021", "sulfur", "≥0.4", None, None],
    ["Q/GPMY 0001-2021", "calorific", "26", "kg", None],
    ["Q/GPMY 0001-2021", "灰熔融性ST", "＞1300", "℃", None],
    ["Q/GPMY 0002-2021", "sulfur", "0.4", None, None],
]
PRODUCTS = [
    ["标准编号", "产品名称", "规格型号", "是否量产"],
    ["Q/JCMY 0001-2021", "无烟块煤", "WY-25", "是"],
    ["Q/JCMY 0002-2021", "无烟末煤", "WM-0", "否"],
    ["Q/XXMY 0009-2021", "无烟末煤", "WM-0", "否"],
]
SHEETS = {"企业": ENTERPRISES, "标准": STANDARDS, "技术指标": INDICATORS, "产品": PRODUCTS}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_xlsx(tmp_path_factory.mktemp("export") / "export.xlsx", SHEETS)


def test_the_workbook_reads_into_records(workbook: Path) -> None:
    dataset = load_dataset(workbook, COAL)
    first, second = dataset.standards
    assert first.number == "Q/JCMY 0001-2021"
    assert first.indicators == {
        "sulfur": 0.45,
        "calorific": 25.104,
        "ash": 12.0,
    }  # pint: 1 kcal = 4.184 kJ
    assert first.published_on == datetime.date(2021, 1, 15)
    assert first.conformity_report is not None and first.conformity_report.passed
    assert first.conformity_report.issued_on == datetime.date(2021, 3, 1)
    assert first.products[0].model == "WY-25" and first.products[0].mass_produced
    assert second.indicators == {"sulfur": 0.5, "calorific": 24.0, "ash": 0.0}
    assert second.replaces == "Q/JCMY 0002-2018" and second.status == "current"
    assert second.conformity_report is not None and not second.conformity_report.passed
    assert [e.credit_code for e in dataset.enterprises] == [CODE, OTHER]
    assert dataset.enterprises[1].applied and not dataset.enterprises[1].consent


def test_every_row_that_does_not_read_is_rejected_with_where_and_why(workbook: Path) -> None:
    dataset, summary = read_dataset([workbook], COAL)
    assert [(r.path, r.record, r.error) for r in summary.rejections] == [
        ("标准!R5", "Q/GPMY 0002-2021", "公开时间 '2021-02-30': not a calendar date"),
        (
            "技术指标!R9",
            "Q/GPMY 0001-2021",
            "技术要求: '≥0.4': a floor says nothing about a lower-is-better level",
        ),
        (
            "技术指标!R10",
            "Q/GPMY 0001-2021",
            "'kg' cannot be converted to 'MJ/kg'".join(["技术要求: ", ""]),
        ),
        ("产品!R4", "Q/XXMY 0009-2021", "Q/XXMY 0009-2021 is not in the 标准 sheet"),
    ]
    assert [(r.path, r.record) for r in dataset.rejected] == [
        ("技术指标!R9", "Q/GPMY 0001-2021"),
        ("标准!R5", "Q/GPMY 0002-2021"),
        ("产品!R4", "Q/XXMY 0009-2021"),
    ]
    assert dataset.rejected[0].error.endswith(
        "(also 技术指标!R10: 技术要求: 'kg' cannot be converted to 'MJ/kg')"
    )
    assert summary.standards == 4 == len(dataset.standards) + 2
    assert summary.unmapped == {"灰熔融性ST": 2}
    assert summary.mapped[("全硫 St,d", "sulfur")] == 1
    assert summary.files == ((str(workbook), "xlsx"),)
    assert summary.rows == {"enterprises": 2, "standards": 4, "indicators": 11, "products": 3}


def test_unmapped_names_are_warnings_with_a_suggestion(workbook: Path) -> None:
    dataset = load_dataset(workbook, COAL)
    assert [(w.path, w.record, w.warning) for w in dataset.warnings] == [
        (
            "技术指标!R5",
            "Q/JCMY 0001-2021",
            "indicator name '灰熔融性ST' (2 rows) is not an indicator of jincheng_coal",
        ),
    ]


def test_the_gb18030_csv_twin_reads_the_same(workbook: Path, tmp_path: Path) -> None:
    folder = write_csv_folder(tmp_path / "export", SHEETS)
    from_csv, summary = read_dataset([folder], COAL)
    from_xlsx = load_dataset(workbook, COAL)
    assert dump_dataset(from_csv) == dump_dataset(from_xlsx)
    assert [r.path for r in from_csv.rejected] == ["技术指标.csv:9", "标准.csv:5", "产品.csv:4"]
    assert {encoding for _, encoding in summary.files} == {"GB18030"}
    # one sheet's file brings its siblings
    assert dump_dataset(load_dataset(folder / "标准.csv", COAL)) == dump_dataset(from_xlsx)


def test_one_sheets_file_brings_its_siblings_whatever_the_case_of_their_suffix(
    workbook: Path, tmp_path: Path
) -> None:
    folder = write_csv_folder(tmp_path / "export", SHEETS)
    for file in folder.iterdir():
        file.rename(file.with_suffix(".CSV"))
    assert dump_dataset(load_dataset(folder / "标准.CSV", COAL)) == dump_dataset(
        load_dataset(workbook, COAL)
    )


def test_an_indicator_given_twice_rejects_its_standard(tmp_path: Path) -> None:
    rows = [*INDICATORS[:4], ["Q/JCMY 0001-2021", "Sulfur", "≤0.5", None, None]]
    path = write_xlsx(tmp_path / "x.xlsx", {**SHEETS, "技术指标": rows})
    rejected = load_dataset(path, COAL).rejected
    assert (rejected[0].path, rejected[0].error) == (
        "技术指标!R5",
        "indicator sulfur given twice: rows 2 and 5",
    )


def test_requirement_and_date_cells_in_other_digits_reject_their_rows(tmp_path: Path) -> None:
    # ≤٠.٤٥ and a 公开时间 in Devanagari digits: each rejected with its sheet, row and reason.
    indicators = [INDICATORS[0], ["Q/JCMY 0001-2021", "全硫 St,d", "≤\u0660.\u0664\u0665", "%"]]
    standards = [row[:] for row in STANDARDS[:3]]
    standards[2][4] = "\u0968\u0966\u0968\u0967-02-03"
    sheets = {**SHEETS, "技术指标": indicators, "标准": standards, "产品": PRODUCTS[:2]}
    path = write_xlsx(tmp_path / "x.xlsx", sheets)
    dataset, summary = read_dataset([path], COAL)
    assert [(r.path, r.record, r.error) for r in summary.rejections] == [
        (
            "标准!R3",
            "Q/JCMY 0002-2021",
            "公开时间 '२०२१-02-03': not a date: the digit '२' (DEVANAGARI DIGIT TWO)"
            " is not an ASCII or full-width digit",
        ),
        (
            "技术指标!R2",
            "Q/JCMY 0001-2021",
            "技术要求: cannot read the requirement '≤٠.٤٥': the digit '٠'"
            " (ARABIC-INDIC DIGIT ZERO) is not an ASCII or full-width digit",
        ),
    ]
    assert not dataset.standards


@pytest.mark.parametrize("memo_size", [1 << 16, 1])
def test_a_repeated_cell_is_read_alike_and_each_bad_one_rejects_its_own_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memo_size: int
) -> None:
    # Four standards with the same texts in every column: the same bad date (明天) on
    # rows 2 and 4 rejects each of them, and the good rows read alike, whether a column's
    # memo of cells read holds them all or is emptied at every new text.
    monkeypatch.setattr(headers, "_MEMO_LIMIT", memo_size)
    base = [*STANDARDS[1][:4], "2021/2/3", "是", "无烟块煤", "产品"]
    header = STANDARDS[0][:8]
    numbers = [f"Q/JCMY 001{n}-2021" for n in range(4)]
    rows = [[number, *base[1:]] for number in numbers]
    rows[0][4] = rows[2][4] = "明天"
    indicators = [INDICATORS[0]] + [[number, "全硫 St,d", "≤0.45", "%", None] for number in numbers]
    sheets = {"企业": ENTERPRISES, "标准": [header, *rows], "技术指标": indicators}
    for path in (write_xlsx(tmp_path / "x.xlsx", sheets), write_csv_folder(tmp_path / "c", sheets)):
        dataset, summary = read_dataset([path], COAL)
        sheet = "标准!R" if path.suffix else "标准.csv:"
        assert [(r.path, r.record, r.error) for r in summary.rejections] == [
            (f"{sheet}{row}", numbers[row - 2], "公开时间 '明天': not a date (2021-04-22,"
             " 2021/4/22, 2021.4.22 or 2021年4月22日)")
            for row in (2, 4)
        ]  # fmt: skip
        assert [s.number for s in dataset.standards] == [numbers[1], numbers[3]]
        assert {(s.published_on, s.indicators["sulfur"]) for s in dataset.standards} == {
            (datetime.date(2021, 2, 3), 0.45)
        }


def test_english_headers_and_sheet_names(tmp_path: Path) -> None:
    sheets = {
        "Enterprises": [["credit_code", "name", "applied"], [CODE, "某公司", "true"]],
        "Standards": [
            ["number", "credit_code", "status", "subject", "published_on"],
            ["Q/JCMY 0001-2021", CODE, "current", "product", "2021-01-15"],
        ],
        "Indicators": [
            ["number", "name", "requirement", "unit"],
            ["Q/JCMY 0001-2021", "sulfur", "<=0.45", "%"],
        ],
    }
    dataset = load_dataset(write_xlsx(tmp_path / "en.xlsx", sheets), COAL)
    assert not dataset.rejected and dataset.standards[0].indicators == {"sulfur": 0.45}


def test_english_headers_may_name_the_nested_fields_as_the_record_does(tmp_path: Path) -> None:
    header = ["number", "enterprise", "status", "subject", "conformity_report.passed"]
    header += ["conformity_report.issued_on", "conformity_report.agency"]
    sheets = {
        "enterprises": [["credit_code", "name"], [CODE, "某公司"]],
        "standards": [header, ["Q/A 1-2021", CODE, "current", "product", "yes", "2021-03-01", "X"]],
    }
    dataset, summary = read_dataset([write_xlsx(tmp_path / "en.xlsx", sheets)], COAL)
    report = dataset.standards[0].conformity_report
    assert report is not None and (report.passed, report.agency) == (True, "X")
    assert report.issued_on == datetime.date(2021, 3, 1) and not summary.ignored


def test_a_titles_indicator_columns_are_read_and_only_the_others_ignored(tmp_path: Path) -> None:
    sheets = {
        "企业": [["统一社会信用代码", "企业名称", "备注"], [CODE, "某公司", "x"]],
        "标准": [
            ["标准编号", "统一社会信用代码", "标准状态", "标准类型"],
            ["Q/A 1-2021", CODE, 0, "产品"],
        ],
        "称号": [
            ["标准编号", "规则集", "授予日期", "有效期至", "全硫 St,d", "备注"],
            ["Q/A 1-2021", "jincheng_coal", "2020/1/1", "2023/1/1", "0.5", "x"],
        ],
    }
    dataset, summary = read_dataset([write_xlsx(tmp_path / "titles.xlsx", sheets)], COAL)
    assert dataset.titles[0].indicators == {"sulfur": 0.5}
    assert summary.ignored == ("column '备注' of 企业", "column '备注' of 称号")
    _, summary = read_dataset([write_csv_folder(tmp_path / "csv", sheets)], COAL)
    assert summary.ignored == ("column '备注' of 企业.csv", "column '备注' of 称号.csv")


def test_an_event_found_before_it_happened_is_rejected_at_its_row(tmp_path: Path) -> None:
    sheets = {
        "企业": [["统一社会信用代码", "企业名称"], [CODE, "某公司"]],
        "标准": [
            ["标准编号", "统一社会信用代码", "标准状态", "标准类型"],
            ["Q/A 1-2021", CODE, 0, "产品"],
        ],
        "事件": [
            ["统一社会信用代码", "事件类型", "日期", "重大", "发现日期"],
            [CODE, "安全事故", "2021/3/1", "是", "2021/3/1"],
            [CODE, "安全事故", "2021/3/1", "是", "2021/2/1"],
            [CODE, "安全事故", None, "是", None],
        ],
    }
    dataset, summary = read_dataset([write_xlsx(tmp_path / "events.xlsx", sheets)], COAL)
    assert not dataset.enterprises and not dataset.standards
    assert [(r.path, r.error) for r in summary.rejections] == [
        ("标准!R2.enterprise", f"enterprise '{CODE}' was rejected (事件!R3)"),
        ("事件!R3", "found_on before date: 发现日期 2021-02-01, 日期 2021-03-01"),
        ("事件!R4", "no 日期 given"),
    ]


def test_the_rows_of_a_repeated_key_belong_to_the_first_accepted_record(tmp_path: Path) -> None:
    # The first 企业 and 标准 rows do not read; the repeats are the records with the key
    # (first accepted wins) and keep the rows that name it.
    sheets = {
        "企业": [
            ["统一社会信用代码", "企业名称", "是否申报"],
            [CODE, "某公司", "也许"],
            [CODE, "某公司", "是"],
        ],
        "标准": [
            ["标准编号", "统一社会信用代码", "标准状态", "标准类型"],
            ["Q/A 1-2021", CODE, "作废", "产品"],
            ["Q/A 1-2021", CODE, "现行", "产品"],
        ],
        "技术指标": [["标准编号", "指标名称", "技术要求"], ["Q/A 1-2021", "sulfur", "≤0.4"]],
        "产品": [["标准编号", "产品名称", "是否量产"], ["Q/A 1-2021", "动力煤", "是"]],
        "事件": [["统一社会信用代码", "事件类型", "日期"], [CODE, "弄虚作假", "2021/3/1"]],
    }
    dataset, summary = read_dataset([write_xlsx(tmp_path / "repeats.xlsx", sheets)], COAL)
    (enterprise,) = dataset.enterprises
    assert enterprise.applied and [e.kind for e in enterprise.events] == ["fraud"]
    (standard,) = dataset.standards
    assert standard.indicators == {"sulfur": 0.4}
    assert [(p.name, p.mass_produced) for p in standard.products] == [("动力煤", True)]
    assert [r.path for r in summary.rejections] == ["企业!R2", "标准!R2"]


def test_an_export_needs_the_ruleset(workbook: Path) -> None:
    with pytest.raises(DatasetError, match="needs the ruleset"):
        load_dataset(workbook)


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(DatasetError, match=r"not a readable \.xlsx workbook"):
        load_dataset(path, COAL)


_TEXTS = st.sampled_from(["≤0.45", "0.5以下", "≥0.4", "低", "", "不得检出", "0.3～0.6", "5 kg"])
_DATES = st.sampled_from(["2021-01-15", "2021/2/3", "2021-02-30", "", "明天", "2021年3月1日"])
_STATUS = st.sampled_from(["现行", "废止", "0", "1", "作废"])


@st.composite
def _exports(draw: st.DrawFn) -> dict[str, list[list[object]]]:
    count = draw(st.integers(min_value=0, max_value=8))
    numbers = [f"Q/JCMY {draw(st.integers(0, 5)):04d}-2021" for _ in range(count)]
    standards: list[list[object]] = [
        ["标准编号", "统一社会信用代码", "标准状态", "标准类型", "公开时间"]
    ]
    indicators: list[list[object]] = [["标准编号", "指标名称", "技术要求"]]
    for number in numbers:
        code = draw(st.sampled_from([CODE, OTHER, "91140500MA0GRBLW1A"]))
        standards.append([number, code, draw(_STATUS), "产品", draw(_DATES)])
        for _ in range(draw(st.integers(0, 3))):
            name = draw(st.sampled_from(["sulfur", "ash", "全硫 St,d", "水分"]))
            indicators.append([number, name, draw(_TEXTS)])
    return {"企业": ENTERPRISES[:2], "标准": standards, "技术指标": indicators}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_exports())
def test_accepted_and_rejected_standards_are_the_input(
    tmp_path: Path, sheets: dict[str, list[list[object]]]
) -> None:
    folder = write_csv_folder(tmp_path / f"e{abs(hash(repr(sheets)))}", sheets, encoding="utf-8")
    dataset = load_dataset(folder, COAL)
    rejected_standards = [r for r in dataset.rejected if not r.path.startswith("企业")]
    assert len(dataset.standards) + len(rejected_standards) == len(sheets["标准"]) - 1


def test_an_export_without_a_standards_sheet_names_what_was_given_and_what_it_lacks(
    tmp_path: Path,
) -> None:
    indicators = {"技术指标": INDICATORS}
    folder = write_csv_folder(tmp_path / "月报", indicators)
    empty = tmp_path / "空"
    empty.mkdir()
    workbook = write_xlsx(tmp_path / "x.xlsx", indicators)
    for source, message in [
        (folder, "the folder has no 标准.csv file and no workbook with a 标准 (standards) sheet"),
        (empty, "the folder has no 标准.csv file and no workbook with a 标准 (standards) sheet"),
        (folder / "技术指标.csv", "no 标准.csv (standards) file beside it"),
        (workbook, "no 标准 (standards) sheet in the workbook"),
    ]:
        with pytest.raises(DatasetError) as raised:
            load_dataset(source, COAL)
        assert (raised.value.path, raised.value.message) == (str(source), message)


def test_a_conformity_reports_conclusion_may_be_pass_or_fail_in_any_case(tmp_path: Path) -> None:
    header = ["标准编号", "统一社会信用代码", "标准状态", "标准类型", "符合性报告结论"]
    verdicts = ["pass", "FAIL", "Pass", "fail", "符合", "不通过", "passe"]
    rows = [[f"Q/A {n}-2021", CODE, "现行", "产品", v] for n, v in enumerate(verdicts)]
    sheets = {"企业": ENTERPRISES[:2], "标准": [header, *rows]}
    dataset, summary = read_dataset([write_xlsx(tmp_path / "x.xlsx", sheets)], COAL)
    passed = [s.conformity_report and s.conformity_report.passed for s in dataset.standards]
    assert passed == [True, False, True, False, True, False]
    assert [(r.path, r.error) for r in summary.rejections] == [
        (
            "标准!R8",
            "符合性报告结论 'passe': expected 符合 or 不符合, pass or fail (or a yes/no value)",
        )
    ]


@pytest.mark.parametrize("chunk", [1 << 22, 5])
def test_a_cell_holding_an_excel_error_rejects_its_row_naming_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    # calamine reads an error cell as an empty text; the sheet's XML says it is an error,
    # read a chunk at a time (of a few bytes: cells cut anywhere).
    monkeypatch.setattr(excel_errors, "_CHUNK", chunk)
    standards = [row[:] for row in STANDARDS[:4]]
    standards[2][4] = Failed("=DATE(2021,2,30)/0", "#DIV/0!")
    indicators = [row[:] for row in INDICATORS[:4]]
    indicators[1][2] = Failed("=VLOOKUP(A2,X!A:B,2,FALSE)", "#N/A")
    indicators[2][4] = Failed('=1+"a"', "#VALUE!")  # 检验方法: an ignored column
    titles = [
        ["标准编号", "规则集", "授予日期", "有效期至", "全硫 St,d"],
        ["Q/JCMY 0001-2021", "jincheng_coal", "2020/1/1", "2023/1/1", Failed("=X1", "#NAME?")],
    ]
    sheets = {**SHEETS, "标准": standards, "技术指标": indicators, "称号": titles}
    dataset, summary = read_dataset([write_xlsx(tmp_path / "errors.xlsx", sheets)], COAL)
    holds = "the cell holds the Excel error {0}, not a value"
    assert [(r.path, r.record, r.error) for r in summary.rejections] == [
        ("标准!R3", "Q/JCMY 0002-2021", "公开时间 '#DIV/0!': " + holds.format("#DIV/0!")),
        ("技术指标!R2", "Q/JCMY 0001-2021", "技术要求 '#N/A': " + holds.format("#N/A")),
        ("产品!R4", "Q/XXMY 0009-2021", "Q/XXMY 0009-2021 is not in the 标准 sheet"),
        ("称号!R2", "Q/JCMY 0001-2021", "全硫 St,d '#NAME?': " + holds.format("#NAME?")),
    ]
    assert [s.number for s in dataset.standards] == ["Q/GPMY 0001-2021"] and not dataset.titles


@pytest.mark.parametrize("layout", ["xlsx", "csv"])
def test_a_value_outside_its_range_is_rejected_at_the_indicator_row_that_holds_it(
    tmp_path: Path, layout: str
) -> None:
    # sulfur's range is 0 to 10: 12 is rejected by the evaluation (SPEC §4.0), at the
    # 技术指标 row to correct, as the rows that do not read are.
    indicators = [
        ["标准编号", "指标名称", "技术要求", "上一版技术要求"],
        ["Q/JCMY 0001-2021", "sulfur", "≤0.4", None],
        ["Q/JCMY 0002-2021", "ash", "≤12", None],
        ["Q/JCMY 0002-2021", "sulfur", "≤12", None],
        ["Q/GPMY 0001-2021", "sulfur", "≤0.5", "≤11"],
    ]
    sheets = {"企业": ENTERPRISES, "标准": STANDARDS[:4], "技术指标": indicators}
    export = (
        write_xlsx(tmp_path / "x.xlsx", sheets)
        if layout == "xlsx"
        else write_csv_folder(tmp_path / "csv", sheets)
    )
    report = evaluate(COAL, load_dataset(export, COAL), as_of=datetime.date(2021, 9, 30))
    row = "技术指标!R{}" if layout == "xlsx" else "技术指标.csv:{}"
    assert [(r.path, r.record, r.error) for r in report.rejected] == [
        (row.format(4), "Q/JCMY 0002-2021", "value 12 of 'sulfur' lies outside its range 0 to 10"),
        (
            row.format(5),
            "Q/GPMY 0001-2021",
            "previous value 11 of 'sulfur' lies outside its range 0 to 10",
        ),
    ]


def test_rows_without_a_key_on_two_sheets_of_one_kind_are_each_rejected(tmp_path: Path) -> None:
    # 企业 and 企业信息 are both enterprise sheets of one workbook; their second rows name
    # no credit code, and each is rejected, not one in place of the other.
    header = ["统一社会信用代码", "企业名称"]
    sheets = {
        "企业": [header, [None, "甲公司"], [CODE, "某公司"]],
        "企业信息": [header, [None, "乙公司"]],
        "标准": [STANDARDS[0][:8], STANDARDS[1][:8]],
    }
    dataset = load_dataset(write_xlsx(tmp_path / "two.xlsx", sheets), COAL)
    assert [(r.path, r.error) for r in dataset.rejected] == [
        ("企业!R2", "no 统一社会信用代码 given"),
        ("企业信息!R2", "no 统一社会信用代码 given"),
    ]
