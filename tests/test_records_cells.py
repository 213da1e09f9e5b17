"""Cells read as people type them (SPEC §3.2), and CSV files in UTF-8, UTF-8 with BOM or GB18030."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from standards_rules.records import DatasetError, load_dataset, read_dataset
from standards_rules.records.export.cells import (
    CellError,
    cell_text,
    read_bool,
    read_credit_code,
    read_date,
    read_number,
    read_status,
    read_subject,
    read_text,
    read_whole,
)

CODE = "91140500MA0GRBLW1K"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2021-04-22", "2021-04-22"),
        ("2021/4/22", "2021-04-22"),
        ("2021.4.22", "2021-04-22"),
        ("2021年4月22日", "2021-04-22"),
        ("２０２１年４月２２日", "2021-04-22"),
        ("　2021/04/22 ", "2021-04-22"),
        ("2021/4/22 0:00:00", "2021-04-22"),
        (datetime.date(2021, 4, 22), "2021-04-22"),
        (datetime.datetime(2021, 4, 22), "2021-04-22"),
        (44308, "2021-04-22"),  # an Excel serial
        (44308.0, "2021-04-22"),
        ("", None),
        (None, None),
    ],
)
def test_dates(cell: object, expected: str | None) -> None:
    assert read_date(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("2021-02-30", "not a calendar date"),
        ("2021/4", "not a date"),
        ("22/4/2021", "not a date"),
        ("2021-4/22", "not a date"),
        (datetime.datetime(2021, 4, 22, 9, 30), "time of day"),
        (44308.5, "not a date"),
    ],
)
def test_dates_that_do_not_read(cell: object, reason: str) -> None:
    with pytest.raises(CellError, match=reason):
        read_date(cell)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["true", "TRUE", "是", "√", "1", "Y", "y", "yes", "Ｙ", True, 1, 1.0], True),
        (["false", "False", "否", "×", "0", "N", "n", "no", False, 0], False),
        (["", " ", None], None),
    ],
)
def test_booleans(cells: list[object], expected: bool | None) -> None:
    assert [read_bool(c) for c in cells] == [expected] * len(cells)  # type: ignore[arg-type]


def test_a_boolean_that_does_not_read() -> None:
    with pytest.raises(CellError, match="not a yes/no value"):
        read_bool("可能")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("现行", "current"),
        ("废止", "abolished"),
        ("0", "current"),
        (1, "abolished"),
        (0.0, "current"),
        ("Current", "current"),
        ("０", "current"),
    ],
)
def test_status(cell: object, expected: str) -> None:
    assert read_status(cell) == expected  # type: ignore[arg-type]


def test_subject_and_unknown_values() -> None:
    assert read_subject("产品") == "product" and read_subject(" 服务 ") == "service"
    with pytest.raises(CellError, match="产品 or 服务"):
        read_subject("工程")
    with pytest.raises(CellError, match="现行 or 废止"):
        read_status("作废")


def test_numbers_codes_and_text() -> None:
    assert read_number("０．４５") == 0.45
    assert read_number(" 1,234.5 ") == 1234.5
    assert read_number(12) == 12
    with pytest.raises(CellError, match="not a number"):
        read_number("低")
    assert read_credit_code(" ９１１４０５００ma0grblw1k\u3000") == CODE
    assert read_text("\u3000晋城市某某煤业有限公司 ") == "晋城市某某煤业有限公司"
    assert read_text("　") is None


@pytest.mark.parametrize("space", ["\u2003", "\u2002", "\u202f", "\u205f", "\u2028", "\u0085"])
def test_every_kind_of_surrounding_whitespace_is_dropped_from_text(space: str) -> None:
    assert read_text(f"{space}动力煤{space}") == "动力煤"
    assert cell_text(f"{space}Q5500 ") == "Q5500"
    assert read_text(space) is None


ARABIC_INDIC = "\u0660.\u0664\u0665"  # ٠.٤٥: float() reads it as 0.45
DEVANAGARI_DATE = "\u0968\u0966\u0968\u0967-04-22"  # २०२१-04-22


def test_digits_of_other_scripts_are_rejected_naming_the_digit() -> None:
    assert float(ARABIC_INDIC) == 0.45  # what a silent reading would have given
    with pytest.raises(
        CellError, match="not a number: the digit '٠' \\(ARABIC-INDIC DIGIT ZERO\\)"
    ):
        read_number(ARABIC_INDIC)
    with pytest.raises(CellError, match=r"not a number: .*ARABIC-INDIC DIGIT THREE"):
        read_whole("\u0663")
    with pytest.raises(CellError, match=r"not a date: .*DEVANAGARI DIGIT TWO"):
        read_date(DEVANAGARI_DATE)
    with pytest.raises(CellError, match=r"not a date: .*ARABIC-INDIC DIGIT TWO"):
        read_date("\u0662\u0660\u0662\u0661年4月22日")
    # full-width digits are what people type on a Chinese keyboard: they read as ASCII
    assert read_number("\uff10.\uff14\uff15") == 0.45
    assert read_date("\uff12\uff10\uff12\uff11-04-22") == "2021-04-22"


HEADER = (
    "统一社会信用代码,企业名称,是否申报,同意入榜,标准编号,标准名称,标准状态,公开时间,"
    "格式规范,产品类别,标准类型,代替标准号,是否量产,sulfur\r\n"
)
ROW = (
    f"{CODE},晋城市某某煤业有限公司,√,是,Q/JCMY 0002-2022,动力煤,０,2022年1月5日,Y,动力煤,"
    "产品,Q/JCMY 0001-2021,是,0.45\r\n"
)


@pytest.mark.parametrize(
    ("encoding", "prefix", "named"),
    [
        ("utf-8", b"", "UTF-8"),
        ("utf-8", b"\xef\xbb\xbf", "UTF-8 (BOM)"),
        ("gb18030", b"", "GB18030"),
    ],
)
def test_csv_in_each_encoding_loads_the_same(
    tmp_path: Path, encoding: str, prefix: bytes, named: str
) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(prefix + (HEADER + ROW).encode(encoding))
    dataset, summary = read_dataset([path])
    assert summary.files == ((str(path), named),)
    assert not dataset.rejected
    (standard,) = dataset.standards
    assert standard.replaces == "Q/JCMY 0001-2021"
    assert standard.published_on == datetime.date(2022, 1, 5)
    assert standard.status == "current" and standard.subject == "product"
    assert standard.format_compliant and standard.products[0].mass_produced
    assert dataset.enterprises[0].applied and dataset.enterprises[0].consent


def test_csv_that_is_neither_utf8_nor_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(HEADER.encode() + b"\x81\x20\xff\r\n")
    with pytest.raises(DatasetError, match="neither UTF-8 nor GB18030"):
        load_dataset(path)


def test_a_cell_that_does_not_read_rejects_its_row_with_header_and_text(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    bad = ROW.replace("2022年1月5日", "2022年13月5日").replace(",0.45", ",低")
    path.write_text(HEADER + bad, encoding="utf-8")
    dataset = load_dataset(path)
    (rejected,) = dataset.rejected
    assert rejected.path == "line 2.published_on"
    assert rejected.record == "Q/JCMY 0002-2022"
    assert (
        rejected.error == "公开时间 '2022年13月5日': not a calendar date; sulfur '低': not a number"
    )


def test_a_bad_enterprise_cell_rejects_the_enterprise_and_its_standard(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text(HEADER + ROW.replace(",√,", ",也许,"), encoding="utf-8")
    dataset = load_dataset(path)
    assert [(r.path, r.error) for r in dataset.rejected] == [
        (
            "line 2.applied",
            "是否申报 '也许': not a yes/no value (是/否, √/×, 1/0, Y/N, true/false)",
        ),
        ("line 2.enterprise", f"enterprise '{CODE}' was rejected (line 2.applied)"),
    ]


def test_a_csv_cell_in_other_digits_rejects_its_row_with_header_and_reason(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data.csv"
    path.write_text(HEADER + ROW.replace(",0.45", f",{ARABIC_INDIC}"), encoding="utf-8")
    dataset = load_dataset(path)
    assert not dataset.standards
    (rejected,) = dataset.rejected
    assert (rejected.path, rejected.record) == ("line 2.indicators.sulfur", "Q/JCMY 0002-2022")
    assert rejected.error == (
        f"sulfur '{ARABIC_INDIC}': not a number: the digit '٠' (ARABIC-INDIC DIGIT ZERO)"
        " is not an ASCII or full-width digit"
    )
