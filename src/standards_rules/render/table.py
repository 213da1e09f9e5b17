"""Rendering stage: a `Report` → the tables of `evaluate --format table` (SPEC §6.4).

Takes a report, the `Plan` and `Records` it was evaluated with, a language and
a width; gives text: the plan's title and authority, the eligibility verdicts
with each failed rule's label and citation, the ranking with names beside
numbers, leaders, passed-over entries, band lists, the public notice,
withdrawals, proposed titles, rejected records and warnings.

Every cell is a `rich.text.Text` built from `shown(...)`: text from data is
never read as rich markup and never carries a control character. On a
terminal the tables fit its width (only text columns wrap), and a table that
cannot is shown as plain lines, one cell a line; piped, they are laid out at
their natural width, at least 160 columns, so no value is broken.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from itertools import groupby

import attrs
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from standards_rules.render.context import (
    Plan,
    Records,
    failed_rule,
    requires_shown,
    triggers_shown,
)
from standards_rules.render.words import Lang, Words, words
from standards_rules.report import RankingEntry, Report, rounded
from standards_rules.visible import shown

PIPED_WIDTH = 160


@attrs.frozen
class Column:
    heading: str
    whole: bool = True  # numbers, codes, dates: never wrapped


def text(value: str | None) -> Text:
    return Text(shown(value))


def number(value: float | None) -> Text:
    return Text("" if value is None else str(rounded(value)), justify="right")


FIRST_WARNINGS = 5


def _table(title: str, columns: Sequence[Column]) -> Table:
    table = Table(title=text(title), title_justify="left", title_style="bold")
    for column in columns:
        table.add_column(
            text(column.heading),
            no_wrap=column.whole,
            overflow="ellipsis" if column.whole else "fold",
        )
    return table


def _group(name: str, w: Words) -> Text:
    # A ruleset without `group by` ranks everything in the group "" (SPEC §4.3).
    return text(name) if name else Text(w.all_groups, style="dim")


def _header(report: Report, plan: Plan, w: Words) -> Text:
    title = shown(plan.title or plan.id)
    facts = [
        f"{w.version} {shown(plan.version)}" if plan.version else "",
        f"{w.authority} {shown(plan.authority)}" if plan.authority else "",
        f"{w.source} {shown(plan.source)}" if plan.source else "",
        f"{w.as_of} {report.as_of.isoformat()}",
    ]
    eligible = sum(1 for e in report.eligibility if e.eligible)
    summary = w.summary_line(eligible, len(report.eligibility), len(report.rejected))
    out = Text(title, style="bold")
    out.append("\n" + "  ".join(f for f in facts if f) + "\n" + summary)
    return out


def _failure_counts(report: Report, w: Words) -> Text:
    """How often each eligibility rule failed, one line per rule, in order of first failure."""
    reasons = Counter(failed_rule(f, w) for e in report.eligibility for f in e.failed)
    out = Text(w.failed_rules, style="bold")
    for reason, n in reasons.items():
        out.append(f"\n  {shown(reason)} ×{n}")
    return out


def _eligibility(report: Report, records: Records, w: Words, *, brief: bool) -> Table:
    title = w.eligibility
    table = _table(
        title,
        (
            Column(w.standard),
            Column(w.standard_name, whole=False),
            Column(w.enterprise_name, whole=False),
            Column(w.eligible),
            Column(w.failed_rules, whole=False),
        ),
    )
    for e in report.eligibility:
        if brief and e.eligible:
            continue
        failed = "；".join(failed_rule(f, w) for f in e.failed)
        table.add_row(
            text(e.standard),
            text(records.standard_name(e.standard)),
            text(records.enterprise_name(e.enterprise) or e.enterprise),
            Text(w.yes if e.eligible else w.no),
            text(failed),
        )
    return table


def _ranking(report: Report, plan: Plan, w: Words, rows_per_group: int | None) -> Table:
    parts = list(report.ranking[0].parts)
    headings = [
        Column(f"{plan.indicator(p).title}（{w.part}）" if p else p, whole=True) for p in parts
    ]
    table = _table(
        w.ranking,
        (
            Column(w.group, whole=False),
            Column(w.rank),
            Column(w.standard),
            Column(w.standard_name, whole=False),
            Column(w.enterprise_name, whole=False),
            Column(w.score),
            *headings,
        ),
    )
    for group, entries in groupby(report.ranking, key=lambda r: r.group):
        listed: list[RankingEntry] = list(entries)
        cut = listed if rows_per_group is None else listed[:rows_per_group]
        for r in cut:
            table.add_row(
                _group(r.group, w),
                Text(str(r.rank), justify="right"),
                text(r.standard),
                text(r.name),
                text(r.enterprise_name),
                number(r.score),
                *(number(r.parts.get(p, 0.0)) for p in parts),
            )
        if len(cut) < len(listed):
            more = Text(w.more.format(n=len(listed) - len(cut)), style="dim")
            table.add_row(_group(group, w), Text(""), more)
    return table


def _leaders(report: Report, w: Words) -> Table:
    table = _table(
        w.leaders,
        (
            Column(w.group, whole=False),
            Column(w.rank),
            Column(w.standard),
            Column(w.standard_name, whole=False),
            Column(w.enterprise_name, whole=False),
            Column(w.enterprise),
        ),
    )
    for x in report.leaders:
        table.add_row(
            _group(x.group, w),
            Text(str(x.rank), justify="right"),
            text(x.standard),
            text(x.name),
            text(x.enterprise_name),
            text(x.enterprise),
        )
    return table


def _passed_over(report: Report, plan: Plan, w: Words) -> Table:
    table = _table(
        w.passed_over,
        (
            Column(w.group, whole=False),
            Column(w.rank),
            Column(w.standard),
            Column(w.standard_name, whole=False),
            Column(w.enterprise_name, whole=False),
            Column(w.failed_requires, whole=False),
        ),
    )
    for p in report.passed_over:
        table.add_row(
            _group(p.group, w),
            Text(str(p.rank), justify="right"),
            text(p.standard),
            text(p.name),
            text(p.enterprise_name),
            text(requires_shown(p.failed, plan, w)),
        )
    return table


def _bands(report: Report, plan: Plan, records: Records, w: Words) -> Table:
    table = _table(
        w.bands,
        (
            Column(w.indicator, whole=False),
            Column(w.group, whole=False),
            Column(w.band),
            Column(w.standard),
            Column(w.standard_name, whole=False),
            Column(w.enterprise_name, whole=False),
        ),
    )
    for b in report.bands:
        for number in b.standards:  # one standard a row, its names beside its number
            table.add_row(
                text(plan.indicator(b.indicator).title),
                _group(b.group, w),
                text(b.band),
                text(number),
                text(records.standard_name(number)),
                text(records.holder_name(number)),
            )
    return table


def _withdrawals(report: Report, plan: Plan, w: Words) -> Table:
    table = _table(
        w.withdrawals,
        (
            Column(w.standard),
            Column(w.current),
            Column(w.enterprise_name, whole=False),
            Column(w.triggers, whole=False),
            Column(w.decided_on),
            Column(w.excluded_until),
        ),
    )
    for x in report.withdrawals:
        until = x.excluded_until.isoformat() if x.excluded_until else ""
        table.add_row(
            text(x.standard),
            text(x.current_number),
            text(x.enterprise_name or x.enterprise),
            text(triggers_shown(x.triggers, plan)),
            Text(x.decided_on.isoformat()),
            Text(until),
        )
    return table


def tables(
    report: Report,
    plan: Plan,
    records: Records,
    *,
    lang: Lang = "zh",
    brief: bool = False,
    rows_per_group: int | None = None,
) -> list[Text | Table]:
    """The renderables of `report`, in reading order."""
    w = words(lang)
    out: list[Text | Table] = [_header(report, plan, w)]
    if any(e.failed for e in report.eligibility):
        out.append(_failure_counts(report, w))
    out.append(_eligibility(report, records, w, brief=brief))
    if report.ranking:
        out.append(_ranking(report, plan, w, rows_per_group))
    out.append(_leaders(report, w))
    if report.passed_over:
        out.append(_passed_over(report, plan, w))
    if report.bands:
        out.append(_bands(report, plan, records, w))
    if report.publicity is not None:
        pub = report.publicity
        notice = _table(w.publicity, (Column(w.start), Column(w.end), Column(w.working_days)))
        notice.add_row(
            Text(pub.start.isoformat()), Text(pub.end.isoformat()), Text(str(pub.working_days))
        )
        out.append(notice)
    out.append(_withdrawals(report, plan, w))
    if report.titles:
        named = (Column(w.standard_name, whole=False), Column(w.enterprise_name, whole=False))
        dates = (Column(w.awarded_on), Column(w.expires_on))
        titles = _table(w.titles, (Column(w.standard), *named, *dates))
        for t in report.titles:
            titles.add_row(
                text(t.standard),
                text(records.standard_name(t.standard)),
                text(records.holder_name(t.standard)),
                Text(t.awarded_on.isoformat()),
                Text(t.expires_on.isoformat()),
            )
        out.append(titles)
    if report.rejected:
        rejected = _table(
            w.rejected, (Column(w.path), Column(w.record), Column(w.reason, whole=False))
        )
        for bad in report.rejected:
            rejected.add_row(text(bad.path), text(bad.record), text(bad.error))
        out.append(rejected)
    if report.warnings:
        # The table shows the first few; the JSON report and the workbook hold them all.
        first = report.warnings[:FIRST_WARNINGS]
        title = w.warnings
        if len(first) < len(report.warnings):
            title = w.first_warnings.format(count=len(report.warnings), shown=len(first))
        warned = _table(title, (Column(w.path), Column(w.record), Column(w.warning, whole=False)))
        for x in first:
            warned.add_row(text(x.path), text(x.record), text(x.warning))
        out.append(warned)
    return out


def natural_width(renderables: Sequence[Text | Table]) -> int:
    """The width at which none of `renderables` wraps a line."""
    measuring = Console(width=100_000, file=io.StringIO())
    options = measuring.options
    return max(Measurement.get(measuring, options, r).maximum for r in renderables)


def plain_lines(table: Table, w: Words) -> Text:
    """`table` as plain lines, one cell a line beside its heading, each row a block.

    For a terminal narrower than the table's least width: laid out as a table, rich
    would squeeze whole columns away, and with them numbers and names.
    """
    out = Text()
    if table.title is not None:
        out.append_text(table.title if isinstance(table.title, Text) else Text(table.title))
    headings = [column.header for column in table.columns]
    cells = [list(column.cells) for column in table.columns]
    for row in zip(*cells, strict=True):
        marker = "- "
        for heading, cell in zip(headings, row, strict=True):
            value = cell if isinstance(cell, Text) else Text(str(cell))
            if not value.plain:
                continue
            label = heading if isinstance(heading, Text) else Text(str(heading))
            out.append("\n" + marker)
            out.append_text(label)
            out.append(w.colon if label.plain else "")
            out.append(value.plain)
            marker = "  "
    return out


# The least width of a text column: it folds, but not into a character a line.
TEXT_COLUMN_WIDTH = 6


def least_width(table: Table, console: Console) -> int:
    """The width `table` needs to show its whole columns unbroken (numbers, codes, dates)
    beside its text columns folded: its rules, its padding and each column's least width."""
    options = console.options
    total = len(table.columns) + 1
    for column in table.columns:
        cells = [column.header, *column.cells]
        widest = max(Measurement.get(console, options, cell).maximum for cell in cells)
        total += (widest if column.no_wrap else min(widest, TEXT_COLUMN_WIDTH)) + 2
    return total


def _fitted(renderable: Text | Table, console: Console, w: Words) -> Text | Table:
    if isinstance(renderable, Table) and least_width(renderable, console) > console.width:
        return plain_lines(renderable, w)
    return renderable


def render_tables(
    report: Report,
    plan: Plan,
    records: Records,
    *,
    lang: Lang = "zh",
    width: int | None = None,
    brief: bool = False,
    rows_per_group: int | None = None,
) -> str:
    """The tables as text: `width` columns wide (a terminal), or unbroken when `width` is None."""
    renderables = tables(
        report, plan, records, lang=lang, brief=brief, rows_per_group=rows_per_group
    )
    if width is None:
        width = max(PIPED_WIDTH, natural_width(renderables))
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, color_system=None, force_terminal=False, soft_wrap=False
    )
    w = words(lang)
    for renderable in renderables:
        console.print(_fitted(renderable, console, w))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


__all__ = ["PIPED_WIDTH", "least_width", "plain_lines", "render_tables", "tables"]
