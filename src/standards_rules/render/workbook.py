"""Rendering stage: a `Report` → the agency's working record as an .xlsx workbook (SPEC §6.4).

Takes a report, the `Plan` and `Records` it was evaluated with, and a language
(for the column headings); gives the bytes of a workbook with one sheet each
for 资格审查, 排行榜, 领跑者, 未入选, 单指标排行榜, 退出, 称号, 剔除记录 and 警告.

What a cell holds is decided here, never guessed by the writer: numbers are
number cells, dates are date cells, and every text is written with
`write_string`, so a standard number or name that starts with `=`, `+`, `-` or
`@` stays text and never runs as a formula. Each sheet's header row is frozen
and its columns are as wide as their widest text, counting a Chinese character
as two.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
import xlsxwriter
from rich.cells import cell_len

from standards_rules.render.context import (
    Plan,
    Records,
    failed_rule,
    requires_shown,
    triggers_shown,
)
from standards_rules.render.words import Lang, Words, words
from standards_rules.report import Report, rounded

SHEETS = (
    "资格审查",
    "排行榜",
    "领跑者",
    "未入选",
    "单指标排行榜",
    "退出",
    "称号",
    "剔除记录",
    "警告",
)
MAX_WIDTH = 60
Cell = str | float | int | datetime.date | None
Column = Callable[[Any], Cell]


@attrs.frozen
class Sheet:
    name: str
    headings: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    number_format: dict[int, str] = attrs.field(factory=dict)  # column → format


def _ids(ids: Sequence[str]) -> str:
    return ", ".join(ids)


def sheets(report: Report, plan: Plan, records: Records, *, lang: Lang = "zh") -> list[Sheet]:
    """The workbook's sheets as rows of cells, in SPEC §6.4's order."""
    w = words(lang)
    return [builder(report, plan, records, w) for builder in _BUILDERS]


def _sheet(name: str, columns: Sequence[tuple[str, Column]], entries: Iterable[Any]) -> Sheet:
    """A sheet whose every column is a heading and how to read its cell from an entry."""
    headings = tuple(heading for heading, _ in columns)
    rows = tuple(tuple(read(entry) for _, read in columns) for entry in entries)
    return Sheet(name, headings, rows)


def _part(indicator_id: str) -> Column:
    return lambda r: rounded(r.parts.get(indicator_id, 0.0))


def _declared(records: Records, indicator_id: str) -> Column:
    return lambda r: records.value(r.standard, indicator_id)


def _awarded(indicator_id: str) -> Column:
    return lambda t: t.indicators.get(indicator_id)


def _eligibility(report: Report, plan: Plan, records: Records, w: Words) -> Sheet:
    columns: list[tuple[str, Column]] = [
        (w.standard, lambda e: e.standard),
        (w.standard_name, lambda e: records.standard_name(e.standard)),
        (w.enterprise, lambda e: e.enterprise),
        (w.enterprise_name, lambda e: records.enterprise_name(e.enterprise)),
        (w.eligible, lambda e: w.yes if e.eligible else w.no),
        (w.failed_rules, lambda e: "；".join(failed_rule(f, w) for f in e.failed)),
        (w.rule_ids, lambda e: _ids([f.rule for f in e.failed])),
    ]
    return _sheet(SHEETS[0], columns, report.eligibility)


def _ranking(report: Report, plan: Plan, records: Records, w: Words) -> Sheet:
    weighted = list(report.ranking[0].parts) if report.ranking else []
    columns: list[tuple[str, Column]] = [
        (w.group, lambda r: r.group),
        (w.rank, lambda r: r.rank),
        (w.standard, lambda r: r.standard),
        (w.standard_name, lambda r: r.name),
        (w.enterprise_name, lambda r: r.enterprise_name),
        (w.score, lambda r: rounded(r.score)),
    ]
    for part in weighted:
        heading = f"{plan.indicator(part).title}（{w.part}）"
        columns.append((heading, _part(part)))
    for indicator in plan.indicators:
        heading = f"{indicator.title}（{w.declared}）"
        columns.append((heading, _declared(records, indicator.id)))
    sheet = _sheet(SHEETS[1], columns, report.ranking)
    scores = {5 + k: "0.000000" for k in range(len(weighted) + 1)}
    return attrs.evolve(sheet, number_format=scores)


def _leaders(report: Report, plan: Plan, records: Records, w: Words) -> Sheet:
    columns: list[tuple[str, Column]] = [
        (w.group, lambda x: x.group),
        (w.rank, lambda x: x.rank),
        (w.standard, lambda x: x.standard),
        (w.standard_name, lambda x: x.name),
        (w.enterprise, lambda x: x.enterprise),
        (w.enterprise_name, lambda x: x.enterprise_name),
    ]
    return _sheet(SHEETS[2], columns, report.leaders)


def _passed_over(report: Report, plan: Plan, records: Records, w: Words) -> Sheet:
    columns: list[tuple[str, Column]] = [
        (w.group, lambda p: p.group),
        (w.rank, lambda p: p.rank),
        (w.standard, lambda p: p.standard),
        (w.standard_name, lambda p: p.name),
        (w.enterprise_name, lambda p: p.enterprise_name),
        (w.failed_requires, lambda p: requires_shown(p.failed, plan, w)),
        (w.rule_ids, lambda p: _ids(p.failed)),
    ]
    return _sheet(SHEETS[3], columns, report.passed_over)


def _bands(report: Report, plan: Plan, records: Records, w: Words) -> Sheet:
    names = {r.standard: r.enterprise_name for r in report.ranking}
    members = [(b, number) for b in report.bands for number in b.standards]
    columns: list[tuple[str, Column]] = [
        (w.indicator, lambda m: plan.indicator(m[0].indicator).title),
        (w.indicator_id, lambda m: m[0].indicator),
        (w.group, lambda m: m[0].group),
        (w.band, lambda m: m[0].band),
        (w.standard, lambda m: m[1]),
        (w.standard_name, lambda m: records.standard_name(m[1])),
        (w.enterprise_name, lambda m: names.get(m[1])),
    ]
    return _sheet(SHEETS[4], columns, members)


def _withdrawals(report: Report, plan: Plan, records: Records, w: Words) -> Sheet:
    columns: list[tuple[str, Column]] = [
        (w.standard, lambda x: x.standard),
        (w.current, lambda x: x.current_number),
        (w.enterprise, lambda x: x.enterprise),
        (w.enterprise_name, lambda x: x.enterprise_name),
        (w.triggers, lambda x: triggers_shown(x.triggers, plan)),
        (w.rule_ids, lambda x: _ids(x.triggers)),
        (w.decided_on, lambda x: x.decided_on),
        (w.excluded_until, lambda x: x.excluded_until),
    ]
    return _sheet(SHEETS[5], columns, report.withdrawals)


def _titles(report: Report, plan: Plan, records: Records, w: Words) -> Sheet:
    columns: list[tuple[str, Column]] = [
        (w.standard, lambda t: t.standard),
        (w.ruleset, lambda t: t.ruleset),
        (w.awarded_on, lambda t: t.awarded_on),
        (w.expires_on, lambda t: t.expires_on),
    ]
    for indicator in plan.indicators:
        columns.append((indicator.title, _awarded(indicator.id)))
    return _sheet(SHEETS[6], columns, report.titles)


def _rejected(report: Report, plan: Plan, records: Records, w: Words) -> Sheet:
    columns: list[tuple[str, Column]] = [
        (w.path, lambda r: r.path),
        (w.record, lambda r: r.record),
        (w.reason, lambda r: r.error),
    ]
    return _sheet(SHEETS[7], columns, report.rejected)


def _warnings(report: Report, plan: Plan, records: Records, w: Words) -> Sheet:
    columns: list[tuple[str, Column]] = [
        (w.path, lambda x: x.path),
        (w.record, lambda x: x.record),
        (w.warning, lambda x: x.warning),
    ]
    return _sheet(SHEETS[8], columns, report.warnings)


_BUILDERS: tuple[Callable[[Report, Plan, Records, Words], Sheet], ...] = (
    _eligibility,
    _ranking,
    _leaders,
    _passed_over,
    _bands,
    _withdrawals,
    _titles,
    _rejected,
    _warnings,
)


def _shown_width(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.date):
        return 10
    return cell_len(str(value))


def workbook_bytes(report: Report, plan: Plan, records: Records, *, lang: Lang = "zh") -> bytes:
    """The workbook of `report` as .xlsx bytes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            # Belt and braces: every text goes through write_string anyway.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    book.set_properties(
        {
            "title": plan.title or plan.id,
            "subject": f"{plan.id} {plan.version or ''}".strip(),
            "author": plan.authority or "",
            "comments": f"as_of {report.as_of.isoformat()}",
        }
    )
    header = book.add_format({"bold": True, "bg_color": "#EEEAE0", "border": 1})
    dated = book.add_format({"num_format": "yyyy-mm-dd"})
    formats: dict[str, Any] = {}
    for sheet in sheets(report, plan, records, lang=lang):
        page = book.add_worksheet(sheet.name)
        widths = [cell_len(h) for h in sheet.headings]
        for column, heading in enumerate(sheet.headings):
            page.write_string(0, column, heading, header)
        for row_number, row in enumerate(sheet.rows, start=1):
            for column, value in enumerate(row):
                widths[column] = max(widths[column], _shown_width(value))
                fmt = sheet.number_format.get(column)
                style = (
                    formats.setdefault(fmt, book.add_format({"num_format": fmt})) if fmt else None
                )
                _write(page, row_number, column, value, dated, style)
        for column, width in enumerate(widths):
            page.set_column(column, column, min(MAX_WIDTH, width + 2))
        page.freeze_panes(1, 0)
        if sheet.rows:
            page.autofilter(0, 0, len(sheet.rows), len(sheet.headings) - 1)
    book.close()
    return buffer.getvalue()


def _write(page: Any, row: int, column: int, value: Cell, dated: Any, style: Any) -> None:
    if value is None:
        page.write_blank(row, column, None)
    elif isinstance(value, bool):
        page.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        page.write_number(row, column, value, style)
    elif isinstance(value, datetime.date):
        page.write_datetime(row, column, datetime.datetime.combine(value, datetime.time()), dated)
    else:
        page.write_string(row, column, _fitted(value))


# Excel holds at most this many characters in a cell; xlsxwriter would cut the rest silently.
CELL_LIMIT = 32_767


def _fitted(text: str) -> str:
    """`text`, or its beginning with a note of how long it was, where Excel cannot hold it."""
    if len(text) <= CELL_LIMIT:
        return text
    note = f"…（单元格上限 {CELL_LIMIT} 字，原文 {len(text)} 字，其余略）"
    return text[: CELL_LIMIT - len(note)] + note


__all__ = ["SHEETS", "Sheet", "sheets", "workbook_bytes"]
