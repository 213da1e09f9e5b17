"""`evaluate --format table`: Chinese by default, the plan's words, names beside numbers,
values never broken when piped, and text from data never read as markup or control."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bundled import Evaluated, evaluated, plan_paths
from standards_rules import evaluate, load_dataset, parse_ruleset
from standards_rules.cli import main
from standards_rules.render.context import Plan, Records
from standards_rules.render.table import render_tables
from standards_rules.report import rounded

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
RULES = FIXTURES / "spec_example.rules"
DATA = FIXTURES / "coal-small.json"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _row_of(text: str, *cells: str) -> str:
    """The one line that holds every cell whole (a value broken over lines is on none)."""
    rows = [line for line in text.splitlines() if all(cell in line for cell in cells)]
    assert rows, f"no line holds all of {cells}"
    return rows[0]


@pytest.fixture(params=plan_paths(), ids=lambda p: p.stem)
def plan(request: pytest.FixtureRequest) -> Evaluated:
    return evaluated(request.param)


def test_piped_tables_are_chinese_and_put_names_beside_whole_numbers(plan: Evaluated) -> None:
    text = render_tables(plan.report, plan.plan, plan.records)
    ruleset = plan.ruleset.ast
    assert (ruleset.title or ruleset.id) in text.splitlines()[0]
    if ruleset.metadata.authority:
        assert ruleset.metadata.authority in text
    for heading in ("资格审查", "领跑者", "退出", "标准编号", "企业名称"):
        assert heading in text
    for r in plan.report.ranking:
        _row_of(text, r.standard, r.enterprise_name or "", str(rounded(r.score)))
    for x in plan.report.leaders:
        _row_of(text, x.standard, x.enterprise_name or "", x.enterprise)
    for p in plan.report.passed_over:
        _row_of(text, p.standard, p.name or "", p.enterprise_name or "")
    bands = text[text.index("单指标排行榜") :] if plan.report.bands else ""
    for b in plan.report.bands:
        for number in b.standards:
            names = (plan.records.standard_name(number), plan.records.holder_name(number))
            _row_of(bands, number, b.band, *(name or "" for name in names))
    for title in plan.report.titles:
        names = (
            plan.records.standard_name(title.standard),
            plan.records.holder_name(title.standard),
        )
        _row_of(text, title.standard, *(name or "" for name in names))
    for e in plan.report.eligibility:
        for f in e.failed:
            if f.label:  # the plan's label and citation, not the rule's id
                _row_of(text, e.standard, f"{f.label}（{f.cite}）" if f.cite else f.label)
    for w in plan.report.withdrawals:
        rules = {t.id: t for t in (ruleset.withdraw.triggers if ruleset.withdraw else ())}
        for trigger in w.triggers:
            label = rules[trigger].label
            if label:
                _row_of(text, w.standard, label)
    assert "\x1b" not in text


def test_piped_rows_are_never_continued_and_a_terminal_width_is_kept(plan: Evaluated) -> None:
    piped = render_tables(plan.report, plan.plan, plan.records)
    # Piped, no row is continued on a second line (whose first cell would be blank).
    rows = [line for line in piped.splitlines() if line.startswith("│")]
    assert rows and all(row.split("│")[1].strip() for row in rows)
    assert "\n- " not in piped  # piped, every table is laid out as a table
    narrow = render_tables(plan.report, plan.plan, plan.records, width=100)
    from rich.cells import cell_len

    assert max(cell_len(line.rstrip()) for line in narrow.splitlines()) <= 100


@pytest.mark.parametrize("width", [60, 80, 120])
def test_a_table_too_wide_for_the_terminal_becomes_plain_lines_with_every_value(
    plan: Evaluated, width: int
) -> None:
    from rich.cells import cell_len

    text = render_tables(plan.report, plan.plan, plan.records, width=width)
    assert max(cell_len(line) for line in text.splitlines()) <= width
    lines = [line.strip() for line in text.splitlines()]
    for r in plan.report.ranking:  # no column is squeezed away: the score is beside its heading
        assert r.standard in text
        assert f"综合得分：{rounded(r.score)}" in lines or any(
            r.standard in line and str(rounded(r.score)) in line for line in lines
        ), r.standard
    for x in plan.report.leaders:
        assert x.standard in text and x.enterprise in text


def test_english_headings_keep_the_plans_labels() -> None:
    code, out, _ = run(
        "evaluate",
        str(RULES),
        str(DATA),
        "--as-of",
        "2021-06-01",
        "--format",
        "table",
        "--lang",
        "en",
    )
    assert code == 0
    for text in ("ranking", "leaders", "withdrawals", "passed over", "0.359022", "2024-06-01"):
        assert text in out
    passed_over = out[out.index("passed over") :]
    assert "企业同意入榜（三.6）" in _row_of(passed_over, "Q/JCWY 0010-2021")
    withdrawals = out[out.index("withdrawals") :]
    assert "重大环保安全事故或产品质量问题（三.7(3)）" in _row_of(withdrawals, "Q/JCMY 0009-2020")
    assert "排行榜" not in out


def test_chinese_is_the_default() -> None:
    code, out, _ = run(
        "evaluate", str(RULES), str(DATA), "--as-of", "2021-06-01", "--format", "table"
    )
    assert code == 0
    assert "排行榜" in out and "领跑者" in out and "ranking" not in out
    assert "晋城市甲煤业有限公司" in _row_of(out, "Q/JCMY 0001-2021", "0.359022")


def test_a_plan_without_group_by_names_its_single_group() -> None:
    # Every bundled plan groups by category: the SPEC example without its `group by`.
    text = RULES.read_text(encoding="utf-8")
    ungrouped = text.replace("  group by standard.category\n", "")
    assert ungrouped != text
    ruleset = parse_ruleset(ungrouped, str(RULES))
    dataset = load_dataset(DATA)
    report = evaluate(ruleset, dataset, as_of="2021-06-01")
    assert report.leaders
    tables = render_tables(report, Plan.of(ruleset), Records.of(dataset))
    leaders = tables[tables.index("领跑者\n") :]
    assert "（全部）" in _row_of(leaders, report.leaders[0].standard)


HOSTILE = {
    "link": "[link=https://example.invalid]Q/JCMY 0001-2021[/link]",
    "close": "[/bold]",
    "escape": "\x1b]0;owned\x07\x1b[31mred",
}


def _hostile_files(tmp_path: Path) -> tuple[Path, Path]:
    text = RULES.read_text(encoding="utf-8")
    text = text.replace('"企业同意入榜"', '"[/bold] 同意 [red]入榜"')
    text = text.replace('version "2021.1"', 'version "[/i]2021\\u001b[2J"')
    rules = tmp_path / "hostile.rules"
    rules.write_text(text, encoding="utf-8")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    data["standards"][0]["number"] = HOSTILE["link"]
    data["standards"][1]["name"] = HOSTILE["close"]
    data["enterprises"][0]["name"] = HOSTILE["escape"]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return rules, path


def test_markup_and_escapes_in_data_are_shown_as_text(tmp_path: Path) -> None:
    rules, data = _hostile_files(tmp_path)
    code, out, err = run(
        "evaluate", str(rules), str(data), "--as-of", "2021-06-01", "--format", "table"
    )
    assert code == 0, err
    assert HOSTILE["link"] in out
    assert "[/bold]" in out and "[/bold] 同意 [red]入榜（三.6）" in out
    assert "[/i]2021\\x1b[2J" in out
    assert "\\x1b]0;owned\\x07\\x1b[31mred" in out
    assert "\x1b" not in out and "\x07" not in out


def test_explain_shows_hostile_text_as_text(tmp_path: Path) -> None:
    rules, data = _hostile_files(tmp_path)
    code, out, err = run(
        "explain", str(rules), str(data), "--standard", HOSTILE["link"], "--as-of", "2021-06-01"
    )
    assert code == 0, err
    assert HOSTILE["link"] in out and "\\x1b]0;owned" in out
    assert "\x1b" not in out and "\x07" not in out
