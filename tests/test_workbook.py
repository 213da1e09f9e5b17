"""`evaluate --format xlsx`: the agency's workbook, read back with openpyxl and checked
sheet by sheet against the JSON report of the same evaluation."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from bundled import Evaluated, evaluated, plan_paths
from standards_rules.cli import main
from standards_rules.render.workbook import SHEETS

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
RULES = FIXTURES / "spec_example.rules"
DATA = FIXTURES / "coal-small.json"


def _evaluate(*args: str) -> None:
    result = CliRunner().invoke(main, ["evaluate", *args])
    assert result.exit_code == 0, result.stderr


def _example_args(plan: Evaluated) -> list[str]:
    example = next(e for e in plan.ruleset.ast.examples if e.data and e.as_of)
    args = [
        str(plan.path),
        str(plan.path.parent / str(example.data)),
        "--as-of",
        str(example.as_of),
    ]
    if example.publicity_start:
        args += ["--publicity-start", example.publicity_start.isoformat()]
    return args


def _rows(book: Any, name: str) -> list[dict[str, Any]]:
    sheet = book[name]
    cells = list(sheet.iter_rows(values_only=True))
    headings = cells[0]
    return [dict(zip(headings, row, strict=True)) for row in cells[1:]]


def _width(sheet: Any, column: int) -> float:
    # The writer gives neighbouring columns of one width a single <col min= max=> entry.
    for dimension in sheet.column_dimensions.values():
        if dimension.min <= column <= dimension.max:
            return float(dimension.width)
    return 0.0


def _day(text: str | None) -> datetime.datetime | None:
    return None if text is None else datetime.datetime.fromisoformat(text)


@pytest.mark.parametrize("path", plan_paths(), ids=lambda p: p.stem)
def test_every_sheet_agrees_with_the_json_report(path: Path, tmp_path: Path) -> None:
    plan = evaluated(path)
    args = _example_args(plan)
    _evaluate(*args, "-o", str(tmp_path / "r.json"))
    _evaluate(*args, "-o", str(tmp_path / "r.xlsx"))
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == list(SHEETS)
    for name in SHEETS:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        for column, heading in enumerate(next(sheet.iter_rows(max_row=1, values_only=True))):
            widest = max(
                cell_len(str(v))
                for (v,) in sheet.iter_rows(
                    min_col=column + 1, max_col=column + 1, values_only=True
                )
                if v is not None and not isinstance(v, datetime.datetime)
            )
            assert _width(sheet, column + 1) >= min(widest, 60), (name, heading)

    eligibility = _rows(book, "资格审查")
    assert [
        (r["标准编号"], r["统一社会信用代码"], r["是否符合"] == "符合", r["编号"] or "")
        for r in eligibility
    ] == [
        (e["standard"], e["enterprise"], e["eligible"], ", ".join(f["rule"] for f in e["failed"]))
        for e in report["eligibility"]
    ]
    for row, entry in zip(eligibility, report["eligibility"], strict=True):
        for failed in entry["failed"]:
            if failed["label"]:
                assert failed["label"] in row["未通过的条件"]
                assert failed["cite"] is None or f"（{failed['cite']}）" in row["未通过的条件"]

    ranking = _rows(book, "排行榜")
    assert [
        (r["组别"] or "", r["名次"], r["标准编号"], r["企业名称"], r["综合得分"]) for r in ranking
    ] == [
        (r["group"], r["rank"], r["standard"], r["enterprise_name"], r["score"])
        for r in report["ranking"]
    ]
    for row, entry in zip(ranking, report["ranking"], strict=True):
        assert isinstance(row["名次"], int) and isinstance(row["综合得分"], int | float)
        parts = [v for k, v in row.items() if k.endswith("（分项得分）")]
        assert parts == list(entry["parts"].values())
        declared = [v for k, v in row.items() if k.endswith("（公开值）")]
        standard = plan.dataset.standard(entry["standard"])
        assert standard is not None
        assert declared == [standard.indicators.get(i.id) for i in plan.ruleset.ast.indicators]

    assert [
        (r["组别"] or "", r["名次"], r["标准编号"], r["统一社会信用代码"], r["企业名称"])
        for r in _rows(book, "领跑者")
    ] == [
        (x["group"], x["rank"], x["standard"], x["enterprise"], x["enterprise_name"])
        for x in report["leaders"]
    ]
    assert [
        (r["组别"] or "", r["名次"], r["标准编号"], r["编号"]) for r in _rows(book, "未入选")
    ] == [
        (p["group"], p["rank"], p["standard"], ", ".join(p["failed"]))
        for p in report["passed_over"]
    ]
    assert [
        (r["指标编号"], r["组别"] or "", r["档次"], r["标准编号"])
        for r in _rows(book, "单指标排行榜")
    ] == [
        (b["indicator"], b["group"], b["band"], number)
        for b in report["bands"]
        for number in b["standards"]
    ]
    assert [
        (
            r["标准编号"],
            r["现行版本"],
            r["统一社会信用代码"],
            r["编号"],
            r["决定日期"],
            r["禁入期至"],
        )
        for r in _rows(book, "退出")
    ] == [
        (
            w["standard"],
            w["current"],
            w["enterprise"],
            ", ".join(w["triggers"]),
            _day(w["decided_on"]),
            _day(w["excluded_until"]),
        )
        for w in report["withdrawals"]
    ]
    assert [
        (r["标准编号"], r["评估方案"], r["授予日期"], r["有效期至"]) for r in _rows(book, "称号")
    ] == [
        (t["standard"], t["ruleset"], _day(t["awarded_on"]), _day(t["expires_on"]))
        for t in report["titles"]
    ]
    assert [(r["位置"], r["记录"], r["原因"]) for r in _rows(book, "剔除记录")] == [
        (r["path"], r["record"], r["error"]) for r in report["rejected"]
    ]
    assert [(r["位置"], r["记录"], r["警告"]) for r in _rows(book, "警告")] == [
        (w["path"], w["record"], w["warning"]) for w in report["warnings"]
    ]


FORMULAS = ("=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", '=HYPERLINK("http://x","y")')


def test_formula_looking_text_is_stored_as_text(tmp_path: Path) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for k, formula in enumerate(FORMULAS[:4]):
        data["enterprises"][k]["name"] = formula
    data["standards"][0]["name"] = FORMULAS[4]
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _evaluate(str(RULES), str(path), "--as-of", "2021-06-01", "-o", str(tmp_path / "r.xlsx"))
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    cells = [c for row in book["资格审查"].iter_rows() for c in row if c.value in FORMULAS]
    assert {c.value for c in cells} == set(FORMULAS)
    assert all(c.data_type == "s" for c in cells)


def test_a_text_longer_than_a_cell_holds_says_it_was_cut(tmp_path: Path) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    data["enterprises"][0]["name"] = "长" * 40_000
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _evaluate(str(RULES), str(path), "--as-of", "2021-06-01", "-o", str(tmp_path / "r.xlsx"))
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    cut = [c.value for row in book["资格审查"].iter_rows() for c in row if "长长" in str(c.value)]
    assert cut and all(len(text) == 32_767 for text in cut)
    assert all(text.endswith("原文 40000 字，其余略）") for text in cut)


def test_dates_are_dates_and_the_format_follows_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "record.xlsx"
    _evaluate(str(RULES), str(DATA), "--as-of", "2021-06-01", "-o", str(target))
    book = openpyxl.load_workbook(target)
    withdrawn = book["退出"]["G2"]
    assert withdrawn.is_date and withdrawn.value == datetime.datetime(2021, 6, 1)
    assert book.properties.title == "晋城市企业标准领跑者评估方案（动力煤）"
    result = CliRunner().invoke(
        main, ["evaluate", str(RULES), str(DATA), "--format", "html", "-o", str(target)]
    )
    assert result.exit_code == 2 and "contradicts" in result.stderr
