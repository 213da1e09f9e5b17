"""`make demo`: evaluate every bundled Jincheng plan against its sample data.

Each plan's first `example` block names its data file and the `as_of` date;
the demo evaluates the plan there and prints its ranking, leaders, public
notice and withdrawals, so a new user sees the whole programme at work. Where
a plan has a bundled export in the platform's layout (`data/PLAN_export.xlsx`
and its GB18030 CSV twin), the demo reads both as `standards-rules import`
does, prints what was read (mapped and unmapped indicator names, rejected
rows, warnings) and checks that the export ranks like the JSON. For one
plan (the coal plan when it is bundled) it also writes what the bureau posts and
what the agency keeps: the public notice as a web page and the working record
as a workbook, under out/demo/, and prints where they are.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.rule import Rule

from standards_rules import ast, evaluate, load_dataset, load_ruleset
from standards_rules.frontend import CheckedRuleset, is_library
from standards_rules.records import read_dataset
from standards_rules.records.export.summary import summary_lines
from standards_rules.render.context import Plan, Records
from standards_rules.render.notice import render_notice
from standards_rules.render.table import render_tables
from standards_rules.render.workbook import workbook_bytes
from standards_rules.report import Report

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "rulesets" / "jincheng"
OUT = ROOT / "out" / "demo"
SHOWCASE = "coal"
RANKING_ROWS_PER_GROUP = 8


def _plans() -> list[Path]:
    """The bundled rulesets (a shared library file is not a plan)."""
    return [p for p in sorted(PLANS.glob("*.rules")) if not is_library(p)]


def main() -> int:
    console = Console(width=max(Console().width, 110))
    plans = _plans()
    showcase = next((p for p in plans if p.stem == SHOWCASE), plans[0] if plans else None)
    written: tuple[Path, ...] = ()
    for path in plans:
        ruleset = load_ruleset(path)
        example = next((e for e in ruleset.ast.examples if e.data and e.as_of), None)
        if example is None or example.data is None or example.as_of is None:
            console.print(f"{path.name}: no example with data and as_of; skipped")
            continue
        dataset = load_dataset(path.parent / example.data)
        report = evaluate(
            ruleset, dataset, as_of=example.as_of, publicity_start=example.publicity_start
        )
        plan, records = Plan.of(ruleset), Records.of(dataset)
        console.print(Rule(f"{ruleset.ast.title or ruleset.id}  ({path.name})"))
        text = render_tables(
            report,
            plan,
            records,
            width=console.width,
            brief=True,
            rows_per_group=RANKING_ROWS_PER_GROUP,
        )
        console.out(text, highlight=False)
        if path == showcase:
            OUT.mkdir(parents=True, exist_ok=True)
            notice = OUT / f"{path.stem}-notice.html"
            workbook = OUT / f"{path.stem}-workbook.xlsx"
            notice.write_text(render_notice(report, plan, records), encoding="utf-8")
            workbook.write_bytes(workbook_bytes(report, plan, records))
            written = (notice, workbook)
        console.print()
        _show_export(console, ruleset, path, example, report)
    if written:
        console.print(Rule("written"))
        for file in written:
            console.print(f"{file.relative_to(ROOT)}  ({file.as_uri()})", highlight=False)
    return 0


def _show_export(
    console: Console, ruleset: CheckedRuleset, path: Path, example: ast.Example, report: Report
) -> None:
    for export in (
        path.parent / "data" / f"{path.stem}_export.xlsx",
        path.parent / "data" / f"{path.stem}_export",
    ):
        if not export.exists():
            return
        dataset, summary = read_dataset([export], ruleset)
        console.print(Rule(f"{export.name}: the platform's export layout"))
        console.print("\n".join(summary_lines(summary, dataset)), markup=False, highlight=False)
        for warning in dataset.warnings:
            console.print(f"warning {warning}", markup=False, highlight=False)
        from_export = evaluate(
            ruleset,
            dataset,
            as_of=example.as_of,
            publicity_start=example.publicity_start,
        )
        same = from_export.leaders == report.leaders and from_export.ranking == report.ranking
        console.print(f"ranks and leaders as from the JSON: {'yes' if same else 'NO'}")
        console.print()


if __name__ == "__main__":
    sys.exit(main())
