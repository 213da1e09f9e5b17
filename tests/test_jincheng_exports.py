"""The bundled exports (rulesets/jincheng/data/*_export*) import and evaluate like the JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from standards_rules import load_ruleset
from standards_rules.cli import main

PLANS = Path(__file__).resolve().parent.parent / "rulesets" / "jincheng"
# plan → the rows that must be rejected: standards 9001–9005 and a product of no standard.
REJECTED = {
    "coal": [
        "标准!R73",
        "技术指标!R331",
        "技术指标!R332",
        "技术指标!R333",
        "技术指标!R335",
        "产品!R72",
    ],
    "millet": [
        "标准!R67",
        "技术指标!R368",
        "技术指标!R369",
        "技术指标!R370",
        "技术指标!R372",
        "产品!R66",
    ],
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _as_of(plan: str) -> str:
    ruleset = load_ruleset(PLANS / f"{plan}.rules")
    example = next(e for e in ruleset.ast.examples if e.data and e.as_of)
    assert example.as_of is not None
    return example.as_of.isoformat()


def _report(plan: str, data: Path) -> dict[str, Any]:
    code, out, err = run(
        "evaluate", str(PLANS / f"{plan}.rules"), str(data), "--as-of", _as_of(plan)
    )
    assert code == 0, err
    report: dict[str, Any] = json.loads(out)
    return report


@pytest.mark.parametrize("plan", sorted(REJECTED))
@pytest.mark.parametrize("export", ["{}_export.xlsx", "{}_export"])
def test_an_export_evaluates_like_the_plans_json(plan: str, export: str) -> None:
    direct = _report(plan, PLANS / "data" / export.format(plan))
    expected = _report(plan, PLANS / "data" / f"{plan}.json")
    for key in expected:
        if key not in ("rejected", "warnings"):
            assert direct[key] == expected[key], key
    paths = REJECTED[plan]
    if not export.endswith(".xlsx"):
        paths = [p.replace("!R", ".csv:") for p in paths]
    assert [r["path"] for r in direct["rejected"]] == paths
    assert len(direct["warnings"]) == 2
    assert all("is not an indicator of" in w["warning"] for w in direct["warnings"])


@pytest.mark.parametrize("plan", sorted(REJECTED))
def test_import_reads_the_workbook_and_its_gb18030_twin_alike(plan: str, tmp_path: Path) -> None:
    rules = str(PLANS / f"{plan}.rules")
    written = {}
    for export in (f"{plan}_export.xlsx", f"{plan}_export"):
        out = tmp_path / f"{export}.json"
        code, text, _ = run("import", rules, str(PLANS / "data" / export), "-o", str(out))
        assert code == 0
        written[export] = json.loads(out.read_text(encoding="utf-8"))
        if export.endswith("_export"):
            assert "(GB18030)" in text and "(UTF-8)" not in text
        assert "5 rejected" in text
    first, second = written.values()
    assert first == second
    assert _report(plan, tmp_path / f"{plan}_export.xlsx.json")["rejected"] == []


def test_the_exports_are_what_the_generator_writes(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("export", PLANS / "data" / "export.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from exportkit import csv_text

    for plan in module.PLANS:
        for name, rows in module.sheets(plan).items():
            shipped = (PLANS / "data" / f"{plan}_export" / f"{name}.csv").read_bytes()
            assert shipped == csv_text(rows).encode("gb18030"), f"{plan}_export/{name}.csv"
