"""`standards-rules import`, the report's `warnings` and `--strict` (SPEC §3.3, §6.3)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from exportkit import write_csv_folder, write_xlsx
from standards_rules import evaluate, load_dataset, load_ruleset
from standards_rules.cli import main
from test_records_export import SHEETS

ROOT = Path(__file__).resolve().parent.parent
COAL_RULES = str(ROOT / "rulesets" / "jincheng" / "coal.rules")
SPEC_COAL_RULES = str(ROOT / "rulesets" / "spec" / "coal.rules")
AS_OF = "2021-09-30"
CODE = "91140500MA0GRBLW1K"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "export.xlsx", SHEETS)


def test_import_writes_the_dataset_and_the_rejections(workbook: Path, tmp_path: Path) -> None:
    out, rejected = tmp_path / "dataset.json", tmp_path / "rejected.json"
    code, text, _ = run(
        "import", COAL_RULES, str(workbook), "-o", str(out), "--rejected", str(rejected)
    )
    assert code == 0
    assert f"{workbook} (xlsx)" in text
    assert "行 rows: 企业 2, 标准 4, 技术指标 11, 产品 3" in text
    assert "标准 standards: 4 read, 2 accepted, 2 rejected" in text
    assert "sulfur ← 全硫 St,d ×1, SULFUR ×1, sulfur ×2" in text and "灰熔融性ST ×2" in text
    assert "×1 公开时间 …: not a calendar date" in text
    dataset = json.loads(out.read_text(encoding="utf-8"))
    assert [s["number"] for s in dataset["standards"]] == ["Q/JCMY 0001-2021", "Q/JCMY 0002-2021"]
    rows = json.loads(rejected.read_text(encoding="utf-8"))
    assert [r["path"] for r in rows] == ["标准!R5", "技术指标!R9", "技术指标!R10", "产品!R4"]
    assert set(rows[0]) == {"path", "record", "error"}


def test_records_the_dataset_rejects_whole_are_rejected_rows_too(tmp_path: Path) -> None:
    # Every cell reads; the records are rejected for what they are: a repeated number, an
    # enterprise without a name and its standard, a title missing its end.
    nameless = "91140581MA0X7Q2PCQ"
    sheets = {
        "企业": [["统一社会信用代码", "企业名称"], [CODE, "某公司"], [nameless, None]],
        "标准": [
            ["标准编号", "统一社会信用代码", "标准状态", "标准类型"],
            ["Q/JCMY 0001-2021", CODE, "现行", "产品"],
            ["Q/JCMY 0001-2021", CODE, "现行", "产品"],
            ["Q/JCMY 0002-2021", nameless, "现行", "产品"],
        ],
        "技术指标": [["标准编号", "指标名称", "技术要求"], ["Q/JCMY 0001-2021", "sulfur", "≤0.4"]],
        "称号": [
            ["标准编号", "规则集", "授予日期"],
            ["Q/JCMY 0001-2021", "jincheng_coal", "2020/1/1"],
        ],
    }
    export = write_xlsx(tmp_path / "export.xlsx", sheets)
    out, rejected = tmp_path / "dataset.json", tmp_path / "rejected.json"
    args = ("import", COAL_RULES, str(export), "-o", str(out), "--rejected", str(rejected))
    code, text, _ = run(*args)
    assert code == 0
    assert "标准 standards: 3 read, 1 accepted, 2 rejected" in text
    assert "剔除 rows rejected: 4" in text and "×1 duplicate standard number …" in text
    assert json.loads(rejected.read_text(encoding="utf-8")) == [
        {"path": "企业!R3.name", "record": nameless, "error": "required field missing"},
        {
            "path": "标准!R3.number",
            "record": "Q/JCMY 0001-2021",
            "error": "duplicate standard number 'Q/JCMY 0001-2021' (first at 标准!R2)",
        },
        {
            "path": "标准!R4.enterprise",
            "record": "Q/JCMY 0002-2021",
            "error": f"enterprise '{nameless}' was rejected (企业!R3)",
        },
        {
            "path": "称号!R2.expires_on",
            "record": "Q/JCMY 0001-2021",
            "error": "required field missing",
        },
    ]


def test_import_names_the_encoding_of_csv_files(tmp_path: Path) -> None:
    folder = write_csv_folder(tmp_path / "export", SHEETS)
    code, text, _ = run("import", COAL_RULES, str(folder), "-o", str(tmp_path / "d.json"))
    assert code == 0 and f"{folder / '标准.csv'} (GB18030)" in text


def test_an_unreadable_export_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK not really")
    code, _, err = run("import", COAL_RULES, str(bad), "-o", str(tmp_path / "d.json"))
    assert code == 2 and "not a readable .xlsx workbook" in err


def _comparable(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k not in ("rejected", "warnings")}


@pytest.mark.parametrize("layout", ["xlsx", "csv"])
def test_evaluating_an_export_equals_evaluating_what_import_wrote(
    workbook: Path, tmp_path: Path, layout: str
) -> None:
    export = workbook if layout == "xlsx" else write_csv_folder(tmp_path / "export", SHEETS)
    imported = tmp_path / "dataset.json"
    assert run("import", COAL_RULES, str(export), "-o", str(imported))[0] == 0
    _, direct_out, _ = run("evaluate", COAL_RULES, str(export), "--as-of", AS_OF)
    _, imported_out, _ = run("evaluate", COAL_RULES, str(imported), "--as-of", AS_OF)
    direct, via_import = json.loads(direct_out), json.loads(imported_out)
    assert _comparable(direct) == _comparable(via_import)
    assert via_import["rejected"] == [] and via_import["warnings"] == []
    assert [r["record"] for r in direct["rejected"]] == [
        "Q/GPMY 0001-2021",
        "Q/GPMY 0002-2021",
        "Q/XXMY 0009-2021",
    ]
    assert [w["path"] for w in direct["warnings"]] == [
        "技术指标!R5" if layout == "xlsx" else "技术指标.csv:5"
    ]


DATA: dict[str, Any] = {
    "enterprises": [{"credit_code": CODE, "name": "某公司", "applied": True}],
    "standards": [
        {
            "number": "Q/JCMY 0001-2021",
            "enterprise": CODE,
            "status": "current",
            "subject": "product",
            "category": "无烟块煤",
            "indicators": {"sulfur": 0.4, "Calorific": 25.0, "Ash": 10.0},
        },
        {
            "number": "Q/JCMY 0002-2021",
            "enterprise": CODE,
            "status": "current",
            "subject": "product",
            "category": "无烟块煤",
            "indicators": {"sulfur": 0.4, "calorific": 25.0, "ash": 10.0},
            "previous_indicators": {"sulphur": 0.5},
        },
    ],
}


def test_undeclared_keys_are_warned_with_a_suggestion() -> None:
    ruleset = load_ruleset(COAL_RULES)
    report = evaluate(ruleset, load_dataset(copy.deepcopy(DATA)), as_of=AS_OF)
    assert [(w.path, w.record, w.warning) for w in report.warnings] == [
        (
            "standards[0].indicators.Calorific",
            "Q/JCMY 0001-2021",
            "'Calorific' is not an indicator of jincheng_coal; did you mean 'calorific'?",
        ),
        (
            "standards[0].indicators.Ash",
            "Q/JCMY 0001-2021",
            "'Ash' is not an indicator of jincheng_coal; did you mean 'ash'?",
        ),
        (
            "standards[1].previous_indicators.sulphur",
            "Q/JCMY 0002-2021",
            "'sulphur' is not an indicator of jincheng_coal; did you mean 'sulfur'?",
        ),
    ]
    assert report.to_dict()["warnings"][0]["path"] == "standards[0].indicators.Calorific"


def test_groups_differing_only_in_width_or_spaces_are_warned() -> None:
    data = copy.deepcopy(DATA)
    for standard in data["standards"]:
        standard["indicators"] = {"sulfur": 0.4, "calorific": 25.0, "ash": 10.0}
        standard["products"] = [{"mass_produced": True}]
        standard["format_compliant"] = True
        standard.pop("previous_indicators", None)
    data["standards"][0]["number"] = "Q/JCMY 0003-2021"
    data["standards"][1]["category"] = "无烟块煤　"
    # The bundled coal plan admits only its listed categories; the SPEC example ranks
    # whatever category a standard declares.
    report = evaluate(load_ruleset(SPEC_COAL_RULES), load_dataset(data), as_of=AS_OF)
    assert [(w.path, w.warning) for w in report.warnings] == [
        (
            "group by",
            "the groups '无烟块煤', '无烟块煤\\u3000' differ only in whitespace or "
            "character width: they are ranked apart",
        ),
    ]


def test_strict_exits_3_on_warnings_alone(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text(json.dumps(DATA, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("evaluate", COAL_RULES, str(path), "--as-of", AS_OF, "--strict")
    assert code == 3 and "0 record(s) rejected, 3 warning(s)" in err
    assert json.loads(out)["rejected"] == []
    assert run("evaluate", COAL_RULES, str(path), "--as-of", AS_OF)[0] == 0


def test_the_table_shows_the_count_and_the_first_warnings(tmp_path: Path) -> None:
    data = copy.deepcopy(DATA)
    data["standards"][0]["indicators"] |= {f"x{n}": 1.0 for n in range(8)}
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run("evaluate", COAL_RULES, str(path), "--as-of", AS_OF, "--format", "table")
    assert code == 0
    assert "警告 11 条（列出前 5 条）" in out
    assert "x2" in out and "x3" not in out
