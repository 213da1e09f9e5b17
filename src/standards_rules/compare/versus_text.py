"""Rendering stage for comparing: a `Comparison` as plain text, Chinese (`zh`) or English (`en`).

Takes a `Comparison` from `versus.compare`; gives lines a person reads: the two
verdicts with names beside numbers, a side-by-side table of the indicators, the
score formulas with their numbers, the deciding indicator, the rules that make one
ineligible (labels and citations, the id where a rule has no label), and what it
would take. Text from data is shown as text; nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from standards_rules.compare.changes import Change, WhatItTakes
from standards_rules.compare.versus import Comparison, IndicatorRow, Verdict
from standards_rules.render.context import Plan, failed_rule, labelled, requires_shown
from standards_rules.render.words import Words
from standards_rules.render.words import words as heading_words
from standards_rules.report import FailedRule, rounded
from standards_rules.visible import shown_lines

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "对比：{a} 与 {b}",
        "leader": "领跑者",
        "passed_over": "未入选（{requires}）",
        "ranked": "已排名",
        "ineligible": "不符合参评条件",
        "unranked": "未排名",
        "place": "「{group}」组第 {rank} 名，综合得分 {score}",
        "indicator": "指标",
        "weight": "权重",
        "value": "声明值",
        "part": "得分",
        "contribution": "加权",
        "difference": "差值 A−B",
        "formula": "得分公式：",
        "deciding": "决定名次的指标：{label}（加权差 {difference}）",
        "tie_break": "两者综合得分相同，名次由其后的排序键决定。",
        "separate_groups": "两者在不同组中分别排名，不直接比较名次。",
        "tied": "两者名次相同。",
        "failed": "{standard} 不符合参评条件，未通过：",
        "takes": "{standard} 的最小改变（其余不变），目标：{goal}",
        "goal_eligible": "符合参评条件",
        "goal_cut": "进入「{group}」组领跑者线（第 {rank} 名，{standard}，综合得分 {score}）",
        "note_within_cut": "已在领跑者线内，未入选的原因是：{requires}",
        "note_no_leaders": "该组没有领跑者，任何指标的改变都无法进入领跑者线。",
        "note_subject": "标准类型与方案不符，任何指标的改变都无济于事。",
        "note_no_indicator_rule": "未通过的规则与指标值无关，任何指标的改变都无济于事。",
        "note_no_score": "方案不排名。",
        "to": "{current} → {relation} {bound}（如 {value}，改变 {delta}）",
        "to_missing": "未声明 → {relation} {bound}（如 {value}）",
        "other_rules": "不可能：另有与该指标无关的规则未通过（{rules}）",
        "no_value": "不可能：该指标取任何值都不够",
        "outside_range": "不可能：需要 {relation} {bound}，超出取值范围",
        "not_scored": "不可能：该指标的值不影响得分",
        "none": "无",
        "colon": "：",
        "comma": "，",
    },
    "en": {
        "title": "Comparing {a} with {b}",
        "leader": "leader",
        "passed_over": "passed over ({requires})",
        "ranked": "ranked",
        "ineligible": "ineligible",
        "unranked": "not ranked",
        "place": "rank {rank} in group '{group}', score {score}",
        "indicator": "indicator",
        "weight": "weight",
        "value": "declared",
        "part": "part",
        "contribution": "weighted",
        "difference": "A−B",
        "formula": "score formula:",
        "deciding": "deciding indicator: {label} (weighted difference {difference})",
        "tie_break": "The scores are equal; a later rank key decides the order.",
        "separate_groups": "They are ranked in different groups; their ranks do not compare.",
        "tied": "They share a rank.",
        "failed": "{standard} is ineligible; it fails:",
        "takes": "{standard}: the smallest change, all else equal, to be {goal}",
        "goal_eligible": "eligible",
        "goal_cut": (
            "within the leader cut of group '{group}' (rank {rank}, {standard}, score {score})"
        ),
        "note_within_cut": "already within the leader cut; what keeps it out: {requires}",
        "note_no_leaders": "the group has no leader; no change of a value reaches a cut.",
        "note_subject": "its subject differs from the ruleset's; no change of a value helps.",
        "note_no_indicator_rule": "the rules it fails read no indicator; no value change helps.",
        "note_no_score": "the ruleset ranks nothing.",
        "to": "{current} → {relation} {bound} (e.g. {value}, a change of {delta})",
        "to_missing": "not declared → {relation} {bound} (e.g. {value})",
        "other_rules": "impossible: rules this indicator does not enter fail too ({rules})",
        "no_value": "impossible: no value of this indicator suffices",
        "outside_range": "impossible: it would need {relation} {bound}, outside its range",
        "not_scored": "impossible: its value does not move the score",
        "none": "none",
        "colon": ": ",
        "comma": ", ",
    },
}


def words(lang: str) -> dict[str, str]:
    """The wording of `lang` (`zh` or `en`); anything else is Chinese, the default."""
    return WORDS.get(lang, WORDS["zh"])


def number_text(value: float | None) -> str:
    if value is None:
        return "—"
    shown = rounded(value)
    if shown is None:
        return repr(value)
    return repr(int(shown)) if shown.is_integer() and abs(shown) < 1e15 else repr(shown)


def rule_text(rule: FailedRule) -> str:
    cite = f" [{rule.cite}]" if rule.cite else ""
    return f"{rule.label or rule.rule}{cite}"


def _who(verdict: Verdict, lang: str) -> str:
    name = verdict.enterprise_name or verdict.enterprise
    return f"{verdict.standard}（{name}）" if lang == "zh" else f"{verdict.standard} ({name})"


@attrs.frozen
class Names:
    """How rules and requires are named: by the plan's labels and citations where the
    plan is given, else by their ids."""

    plan: Plan | None
    headings: Words

    def requires(self, ids: Iterable[str]) -> str:
        if self.plan is None:
            return ", ".join(ids)
        return requires_shown(ids, self.plan, self.headings)

    def rules(self, ids: Iterable[str]) -> str:
        if self.plan is None:
            return ", ".join(ids)
        return "；".join(labelled(self.plan.rules.get(r), r) for r in ids)

    def failed(self, rule: FailedRule) -> str:
        return failed_rule(rule, self.headings) if self.plan is not None else rule_text(rule)


def _status(verdict: Verdict, w: dict[str, str], names: Names) -> str:
    status = w[verdict.status] if verdict.status != "passed_over" else ""
    if verdict.status == "passed_over":
        status = w["passed_over"].format(requires=names.requires(verdict.requires_failed))
    if verdict.rank is None:
        return status
    place = w["place"].format(
        group=verdict.group, rank=verdict.rank, score=number_text(verdict.score)
    )
    return f"{place}{w['comma']}{status}"


def _table(rows: tuple[IndicatorRow, ...], w: dict[str, str]) -> list[str]:
    head = [
        w["indicator"],
        w["weight"],
        f"{w['value']} A",
        f"{w['value']} B",
        f"{w['part']} A",
        f"{w['part']} B",
        f"{w['contribution']} A",
        f"{w['contribution']} B",
        w["difference"],
    ]
    body = []
    for row in rows:
        label = row.label or row.indicator
        unit = f" ({row.unit})" if row.unit else ""
        body.append(
            [
                f"{label}{unit}",
                number_text(row.weight),
                number_text(row.a.value),
                number_text(row.b.value),
                number_text(row.a.part),
                number_text(row.b.part),
                number_text(row.a.contribution),
                number_text(row.b.contribution),
                number_text(row.difference),
            ]
        )
    return _columns([head, *body])


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _columns(table: list[list[str]]) -> list[str]:
    widths = [max(_width(r[k]) for r in table) for k in range(len(table[0]))]
    lines = []
    for row in table:
        cells = [cell + " " * (widths[k] - _width(cell)) for k, cell in enumerate(row)]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def change_text(change: Change, w: dict[str, str], names: Names | None = None) -> str:
    label = change.label or change.indicator
    relation = _relation(change)
    if not change.possible:
        reason = change.reason or "no_value"
        rules = names.rules(change.rules) if names is not None else ", ".join(change.rules)
        text = w[reason].format(rules=rules, relation=relation, bound=number_text(change.bound))
        return f"{label}{w['colon']}{text}"
    template = "to" if change.current is not None else "to_missing"
    shown = w[template].format(
        current=number_text(change.current),
        relation=relation,
        bound=_exact(change.bound),
        value=_exact(change.value),
        delta=_signed(change.delta),
    )
    return f"{label}{w['colon']}{shown}"


def _exact(value: float | None) -> str:
    """Enough digits to tell a bound from its neighbours (12 significant)."""
    if value is None:
        return "—"
    return f"{value:.12g}"


def _signed(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:+.6g}"


def _relation(change: Change) -> str:
    if change.bound is None or change.current is None:
        if change.bound is None or change.value is None:
            return ""
        better_low = change.value <= change.bound
    else:
        better_low = change.bound < change.current
    if better_low:
        return "≤" if change.inclusive else "<"
    return "≥" if change.inclusive else ">"


def takes_lines(takes: WhatItTakes, w: dict[str, str], names: Names) -> list[str]:
    target = takes.target
    if target.goal == "leader_cut" and target.rank is not None:
        goal = w["goal_cut"].format(
            group=target.group,
            rank=target.rank,
            standard=target.standard,
            score=number_text(target.score),
        )
    else:
        goal = w["goal_eligible"] if target.goal == "eligible" else ""
    lines = [w["takes"].format(standard=takes.standard, goal=goal)]
    if target.note is not None:
        note = w[f"note_{target.note}"].format(requires=names.requires(target.requires))
        lines.append(f"  {note}")
    lines.extend(f"  {change_text(change, w, names)}" for change in takes.changes)
    return lines


def render_versus(comparison: Comparison, lang: str = "zh", plan: Plan | None = None) -> str:
    """The comparison as text in `lang` (`zh`, the default, or `en`); with `plan`, rules and
    requires are named by its labels and citations (SPEC §6.4), else by their ids."""
    w = words(lang)
    names = Names(plan, heading_words("en" if lang == "en" else "zh"))
    x = comparison
    lines = [
        w["title"].format(a=_who(x.a, lang), b=_who(x.b, lang)),
        f"  A {x.a.standard}{w['colon']}{_status(x.a, w, names)}",
        f"  B {x.b.standard}{w['colon']}{_status(x.b, w, names)}",
        "",
        *_table(x.rows, w),
    ]
    if any(f is not None for f in x.formulas):
        lines += ["", w["formula"]]
        for side, formula in zip("AB", x.formulas, strict=True):
            if formula is not None:
                lines.append(f"  {side} = {formula}")
        for row in x.rows:
            label = row.label or row.indicator
            for side, part in (("A", row.a), ("B", row.b)):
                if part.workings is not None:
                    lines.append(f"    {label} {side}: {part.workings}")
    if x.order == "separate_groups":
        lines += ["", w["separate_groups"]]
    elif x.order == "tied":
        lines += ["", w["tied"]]
    if x.deciding is not None:
        row = next(r for r in x.rows if r.indicator == x.deciding)
        difference = abs(row.difference or 0.0)
        lines += [
            "",
            w["deciding"].format(
                label=row.label or row.indicator, difference=number_text(difference)
            ),
        ]
    if x.tie_break:
        lines.append(w["tie_break"])
    for verdict in (x.a, x.b):
        if not verdict.eligible:
            lines += ["", w["failed"].format(standard=verdict.standard)]
            lines.extend(f"  {f.rule}: {names.failed(f)}" for f in verdict.failed)
    for takes in x.takes:
        if takes is not None:
            lines += ["", *takes_lines(takes, w, names)]
    # Names, labels and numbers come from plans and records: no control reaches a terminal.
    return shown_lines("\n".join(lines))


__all__ = ["WORDS", "change_text", "number_text", "render_versus", "rule_text", "words"]
