"""Rendering stage: a `Report` → readable terminal tables (`evaluate --format table`).

Takes a `Report`; gives `rich` renderables (an eligibility summary, the
ranking, leaders, passed-over entries, the public notice and withdrawals) and
a helper that prints them to a text stream. Scores are shown rounded to 6
decimals, as in the JSON.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console, RenderableType
from rich.table import Table

from standards_rules.report import Report, rounded


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(column)
    return table


def renderables(report: Report) -> list[RenderableType]:
    eligible = sum(1 for e in report.eligibility if e.eligible)
    summary = _table(
        f"{report.ruleset_id} {report.ruleset_version or ''} as of {report.as_of.isoformat()}: "
        f"{eligible} of {len(report.eligibility)} standards eligible, "
        f"{len(report.rejected)} records rejected",
        "standard",
        "enterprise",
        "eligible",
        "failed rules",
    )
    for e in report.eligibility:
        failed = ", ".join(f.rule for f in e.failed)
        summary.add_row(e.standard, e.enterprise, "yes" if e.eligible else "no", failed)
    out: list[RenderableType] = [summary]
    if report.ranking:
        parts = list(report.ranking[0].parts)
        ranking = _table("ranking", "group", "rank", "standard", "score", *parts)
        for r in report.ranking:
            shown = [str(rounded(r.parts.get(p, 0.0))) for p in parts]
            ranking.add_row(r.group, str(r.rank), r.standard, str(rounded(r.score)), *shown)
        out.append(ranking)
    leaders = _table("leaders", "group", "rank", "standard", "enterprise")
    for x in report.leaders:
        leaders.add_row(x.group, str(x.rank), x.standard, x.enterprise)
    out.append(leaders)
    if report.passed_over:
        passed = _table("passed over", "group", "rank", "standard", "failed requirements")
        for p in report.passed_over:
            passed.add_row(p.group, str(p.rank), p.standard, ", ".join(p.failed))
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
    return out


def print_tables(report: Report, stream: TextIO | None = None, width: int | None = None) -> None:
    """Print every table of `report` to `stream` (standard output by default)."""
    console = Console(file=stream, width=width, soft_wrap=False)
    for renderable in renderables(report):
        console.print(renderable)


__all__ = ["print_tables", "renderables"]
