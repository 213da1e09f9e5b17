"""Rendering stage: a `Report` → the public notice as one self-contained HTML page (SPEC §6.4).

Takes a report, the `Plan` and `Records` it was evaluated with, and a language;
gives the page the bureau posts: the plan's title and authority, the notice
period, per group the ranking (名次, 企业名称, 标准编号, 标准名称, each core
indicator's declared value with its unit, 综合得分), a bar chart of the scores as
inline SVG and the leaders, the band lists and the withdrawals with their
triggers' labels and citations. The public sees who ranks, not who failed:
ineligible standards and passed-over entries appear nowhere on the page.

The page is rendered by jinja2 with autoescaping always on from templates
shipped in the package; it fetches nothing (styles inline, no script, no image,
no font file) and prints on A4.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from itertools import groupby

import attrs
import jinja2

from standards_rules.render.context import Plan, PlanIndicator, Records, labelled
from standards_rules.render.words import Lang, Words, words
from standards_rules.report import Report, rounded
from standards_rules.visible import shown

CHART_WIDTH = 640
CHART_BAR = 18
CHART_GAP = 6
CHART_LABEL = 230


@attrs.frozen
class Row:
    rank: int
    enterprise_name: str
    standard: str
    name: str
    values: tuple[str, ...]
    score: str
    leader: bool


@attrs.frozen
class Bar:
    y: int
    width: float
    label: str
    score: str
    leader: bool


@attrs.frozen
class Chart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: tuple[Bar, ...]


@attrs.frozen
class Group:
    name: str
    rows: tuple[Row, ...]
    leaders: tuple[Row, ...]
    chart: Chart


@attrs.frozen
class BandList:
    indicator: str
    group: str
    bands: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


@attrs.frozen
class Withdrawn:
    standard: str
    current: str
    enterprise_name: str
    triggers: tuple[str, ...]
    decided_on: str
    excluded_until: str


def number_text(value: float | None) -> str:
    """A declared value as people write it: `25.1`, `12`, `0.45`; empty when absent."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _heading(indicator: PlanIndicator) -> str:
    return f"{indicator.title}（{indicator.unit}）" if indicator.unit else indicator.title


def _chart(rows: Sequence[Row], scores: Sequence[float]) -> Chart:
    top = max([*scores, 0.0])
    low = min([*scores, 0.0])
    span = (top - low) or 1.0
    room = CHART_WIDTH - CHART_LABEL - 80
    bars = tuple(
        Bar(
            y=k * (CHART_BAR + CHART_GAP),
            width=max(1.0, round((score - low) / span * room, 1)),
            label=f"{row.rank}. {row.enterprise_name or row.standard}",
            score=row.score,
            leader=row.leader,
        )
        for k, (row, score) in enumerate(zip(rows, scores, strict=True))
    )
    height = max(1, len(bars)) * (CHART_BAR + CHART_GAP)
    return Chart(CHART_WIDTH, height, CHART_LABEL, CHART_BAR, bars)


def _groups(report: Report, plan: Plan, records: Records) -> tuple[Group, ...]:
    hidden = {(p.group, p.standard) for p in report.passed_over}
    leading = {(x.group, x.standard) for x in report.leaders}
    core = plan.core_indicators
    out = []
    for group, entries in groupby(report.ranking, key=lambda r: r.group):
        shown = [r for r in entries if (group, r.standard) not in hidden]
        rows = tuple(
            Row(
                rank=r.rank,
                enterprise_name=r.enterprise_name or "",
                standard=r.standard,
                name=r.name or "",
                values=tuple(number_text(records.value(r.standard, i.id)) for i in core),
                score=str(rounded(r.score)),
                leader=(group, r.standard) in leading,
            )
            for r in shown
        )
        leaders = tuple(row for row in rows if row.leader)
        chart = _chart(rows, [r.score for r in shown])
        out.append(Group(group, rows, leaders, chart))
    return tuple(out)


def _bands(report: Report, plan: Plan) -> tuple[BandList, ...]:
    hidden = {(p.group, p.standard) for p in report.passed_over}
    names = {r.standard: r.enterprise_name or "" for r in report.ranking}
    lists = []
    for (indicator, group), entries in groupby(report.bands, key=lambda b: (b.indicator, b.group)):
        bands = tuple(
            (
                b.band,
                tuple(
                    (number, names.get(number, ""))
                    for number in b.standards
                    if (group, number) not in hidden
                ),
            )
            for b in entries
        )
        lists.append(BandList(_heading(plan.indicator(indicator)), group, bands))
    return tuple(lists)


def _withdrawals(report: Report, plan: Plan) -> tuple[Withdrawn, ...]:
    return tuple(
        Withdrawn(
            standard=w.standard,
            current=w.current_number,
            enterprise_name=w.enterprise_name or "",
            triggers=tuple(labelled(plan.triggers.get(t), t) for t in w.triggers),
            decided_on=w.decided_on.isoformat(),
            excluded_until=_iso(w.excluded_until),
        )
        for w in report.withdrawals
    )


def _iso(day: datetime.date | None) -> str:
    return "" if day is None else day.isoformat()


def _visible(value: object) -> object:
    """Text with its control characters written as escapes; a page holds no ESC or BEL."""
    return shown(value) if isinstance(value, str) else value


_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("standards_rules", "render/templates"),
    autoescape=True,  # every text on the page comes from a plan or a record
    finalize=_visible,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render_notice(report: Report, plan: Plan, records: Records, *, lang: Lang = "zh") -> str:
    """The public notice of `report` as one HTML page (text)."""
    w: Words = words(lang)
    template = _ENVIRONMENT.get_template("notice.html")
    return template.render(
        lang="zh-CN" if lang == "zh" else "en",
        w=w,
        plan=plan,
        report=report,
        publicity=report.publicity,
        core=[_heading(i) for i in plan.core_indicators],
        groups=_groups(report, plan, records),
        band_lists=_bands(report, plan),
        withdrawals=_withdrawals(report, plan),
    )


__all__ = ["number_text", "render_notice"]
