"""Rendering stage: a `Report` → readable terminal tables (`evaluate --format table`).

Takes a `Report`; gives `rich` renderables: an eligibility summary, the
ranking, leaders, passed-over entries, the public notice and withdrawals.
Scores are shown rounded to 6 decimals, as in the JSON. The brief form (used by
`make demo`) lists only the ineligible standards and the head of each group's
ranking.
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from typing import TextIO

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from standards_rules.report import RankingEntry, Report, rounded


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold")
    for column in columns:
        # Standard numbers, credit codes and scores are read whole or not at all.
        table.add_column(column, no_wrap=column in _WHOLE, overflow="fold")
    return table


def _group(name: str) -> Text | str:
    # A ruleset without `group by` ranks everything in the group "" (SPEC §4.3).
    return name if name else Text("(all)", style="dim")


WARNINGS_SHOWN = 5
_WHOLE = frozenset({"standard", "enterprise", "score", "rank", "start", "end", "until"})


def _eligibility(report: Report, *, brief: bool) -> RenderableType:
    eligible = sum(1 for e in report.eligibility if e.eligible)
    reasons = Counter(f.rule for e in report.eligibility for f in e.failed)
    title = (
        f"{report.ruleset_id} {report.ruleset_version or ''} as of {report.as_of.isoformat()}: "
        f"{eligible} of {len(report.eligibility)} standards eligible, "
        f"{len(report.rejected)} records rejected"
    )
    if reasons:
        title += "\nfailed rules: " + ", ".join(f"{rule} ×{n}" for rule, n in reasons.items())
    shown = [e for e in report.eligibility if not (brief and e.eligible)]
    table = _table(title, "standard", "enterprise", "eligible", "failed rules")
    for e in shown:
        failed = ", ".join(f.rule for f in e.failed)
        table.add_row(e.standard, e.enterprise, "yes" if e.eligible else "no", failed)
    return table


def _ranking(report: Report, rows_per_group: int | None) -> RenderableType:
    parts = list(report.ranking[0].parts)
    table = _table("ranking", "group", "rank", "standard", "score", *parts)
    for group, entries in groupby(report.ranking, key=lambda r: r.group):
        listed: list[RankingEntry] = list(entries)
        cut = listed if rows_per_group is None else listed[:rows_per_group]
        for r in cut:
            shown = [str(rounded(r.parts.get(p, 0.0))) for p in parts]
            table.add_row(_group(r.group), str(r.rank), r.standard, str(rounded(r.score)), *shown)
        if len(cut) < len(listed):
            more = Text(f"… {len(listed) - len(cut)} more", style="dim")
            table.add_row(_group(group), "", more, "", *["" for _ in parts])
    return table


def renderables(
    report: Report, *, brief: bool = False, ranking_rows_per_group: int | None = None
) -> list[RenderableType]:
    out: list[RenderableType] = [_eligibility(report, brief=brief)]
    if report.ranking:
        out.append(_ranking(report, ranking_rows_per_group))
    leaders = _table("leaders", "group", "rank", "standard", "enterprise")
    for x in report.leaders:
        leaders.add_row(_group(x.group), str(x.rank), x.standard, x.enterprise)
    out.append(leaders)
    if report.passed_over:
        passed = _table("passed over", "group", "rank", "standard", "failed requirements")
        for p in report.passed_over:
            passed.add_row(_group(p.group), str(p.rank), p.standard, ", ".join(p.failed))
        out.append(passed)
    if report.publicity is not None:
        pub = report.publicity
        notice = _table("public notice", "start", "end", "working days")
        notice.add_row(pub.start.isoformat(), pub.end.isoformat(), str(pub.working_days))
        out.append(notice)
    withdrawals = _table("withdrawals", "standard", "enterprise", "triggers", "decided on", "until")
    for w in report.withdrawals:
        until = w.excluded_until.isoformat() if w.excluded_until else ""
        withdrawals.add_row(
            w.standard, w.enterprise, ", ".join(w.triggers), w.decided_on.isoformat(), until
        )
    out.append(withdrawals)
    if report.rejected:
        rejected = _table("rejected records", "path", "record", "error")
        for bad in report.rejected:
            rejected.add_row(bad.path, bad.record or "", bad.error)
        out.append(rejected)
    if report.warnings:
        shown = report.warnings[:WARNINGS_SHOWN]
        more = len(report.warnings) - len(shown)
        title = f"{len(report.warnings)} warnings" + (f" (first {len(shown)})" if more else "")
        warned = _table(title, "path", "record", "warning")
        for warning in shown:
            cells = (warning.path, warning.record or "", warning.warning)
            warned.add_row(*(Text(cell) for cell in cells))
        out.append(warned)
    return out


def print_tables(
    report: Report,
    stream: TextIO | None = None,
    width: int | None = None,
    *,
    console: Console | None = None,
    brief: bool = False,
    ranking_rows_per_group: int | None = None,
) -> None:
    """Print every table of `report` to `console`, or to `stream` (standard output by default)."""
    out = console or Console(file=stream, width=width, soft_wrap=False)
    for renderable in renderables(
        report, brief=brief, ranking_rows_per_group=ranking_rows_per_group
    ):
        out.print(renderable)


__all__ = ["print_tables", "renderables"]
