"""Rendering stage for `diff`: a `Diff` as plain text, Chinese (`zh`) or English (`en`).

Takes a `Diff`; gives the plan changes with their lines in both files, then each
standard that differs (number, name, enterprise) with every aspect old → new and
what accounts for it, using the plans' labels and citations. A `Diff` with no
differences renders as the empty string. Nothing is computed here.
"""

from __future__ import annotations

from typing import Any

from standards_rules.compare.diff import Diff, OutcomeChange, Reason
from standards_rules.compare.plan_diff import PlanChange
from standards_rules.compare.versus_text import number_text
from standards_rules.visible import shown_lines

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "plan": "方案差异（{old} → {new}）：",
        "outcomes": "结果差异（评估日 {as_of}）：",
        "line": "第 {old} 行 → 第 {new} 行",
        "added": "新增",
        "removed": "删除",
        "changed": "修改",
        "because": "原因：",
        "absent": "（方案中无此规则）",
        "rejected": "剔除",
        "eligibility": "参评资格",
        "failed": "未通过的规则",
        "group": "组别",
        "rank": "名次",
        "leader": "领跑者名单",
        "band": "单指标排行榜 {item}",
        "withdrawal": "称号撤销",
        "true": "符合",
        "false": "不符合",
        "none": "无",
        "contribution": "加权贡献 {item}：{old} → {new}",
        "ahead": "{item} {how}",
        "ahead_in": "排到其前",
        "ahead_out": "不再排在其前",
        "leaders": "「{item}」组领跑者人数：{old} → {new}",
        "rule": "{label}：{old} → {new}",
        "passed": "通过",
        "failed_outcome": "未通过",
        "fired": "触发",
        "not fired": "未触发",
        "leader_place": "领跑者",
        "ranked": "已排名",
        "passed_over": "未入选",
        "colon": "：",
    },
    "en": {
        "plan": "Plan changes ({old} → {new}):",
        "outcomes": "Outcome changes (as of {as_of}):",
        "line": "line {old} → line {new}",
        "added": "added",
        "removed": "removed",
        "changed": "changed",
        "because": "because: ",
        "absent": "(not in the plan)",
        "rejected": "rejected",
        "eligibility": "eligible",
        "failed": "failed rules",
        "group": "group",
        "rank": "rank",
        "leader": "leader list",
        "band": "band list {item}",
        "withdrawal": "withdrawal",
        "true": "yes",
        "false": "no",
        "none": "none",
        "contribution": "weighted contribution {item}: {old} → {new}",
        "ahead": "{item} {how}",
        "ahead_in": "now ranks ahead",
        "ahead_out": "no longer ranks ahead",
        "leaders": "leaders in group '{item}': {old} → {new}",
        "rule": "{label}: {old} → {new}",
        "passed": "passed",
        "failed_outcome": "failed",
        "fired": "fired",
        "not fired": "not fired",
        "leader_place": "leader",
        "ranked": "ranked",
        "passed_over": "passed over",
        "colon": ": ",
    },
}


def _value(value: Any, w: dict[str, str]) -> str:
    if value is None:
        return w["none"]
    if isinstance(value, bool):
        return w["true" if value else "false"]
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or w["none"]
    text = str(value)
    for place in ("leader", "ranked"):
        if text == place:
            return w[f"{place}_place" if place == "leader" else place]
    if text.startswith("passed_over"):
        return w["passed_over"] + text.removeprefix("passed_over")
    return text


def _plan_line(change: PlanChange, w: dict[str, str]) -> str:
    where = w["line"].format(old=change.old_line or "—", new=change.new_line or "—")
    old = "—" if change.old is None else change.old
    new = "—" if change.new is None else change.new
    return f"  {w[change.change]} {change.kind} {change.item}{w['colon']}{old} → {new}（{where}）"


def _outcome(word: str, w: dict[str, str]) -> str:
    if word == "absent":
        return w["absent"]
    return w["failed_outcome"] if word == "failed" else w.get(word, word)


def _reason(reason: Reason, w: dict[str, str]) -> str:
    if reason.kind == "contribution":
        return w["contribution"].format(
            item=reason.item, old=number_text(reason.old), new=number_text(reason.new)
        )
    if reason.kind == "ahead":
        how = w["ahead_in"] if reason.new == "ahead" else w["ahead_out"]
        return w["ahead"].format(item=reason.item, how=how)
    if reason.kind == "leaders":
        return w["leaders"].format(item=reason.item, old=reason.old, new=reason.new)
    cite = f" [{reason.cite}]" if reason.cite else ""
    label = f"{reason.item} {reason.label or ''}".rstrip() + cite
    return w["rule"].format(label=label, old=_outcome(reason.old, w), new=_outcome(reason.new, w))


def _change_lines(change: OutcomeChange, w: dict[str, str]) -> list[str]:
    aspect = w[change.aspect].format(item=change.item or "")
    lines = [f"    {aspect}{w['colon']}{_value(change.old, w)} → {_value(change.new, w)}"]
    lines.extend(f"      {w['because']}{_reason(r, w)}" for r in change.because)
    return lines


def render_diff(result: Diff, lang: str = "zh") -> str:
    """The diff as text in `lang` (`zh`, the default, or `en`); "" when nothing differs."""
    if result.empty:
        return ""
    w = WORDS.get(lang, WORDS["zh"])
    lines = []
    if result.plan:
        lines.append(w["plan"].format(old=result.old, new=result.new))
        lines.extend(_plan_line(change, w) for change in result.plan)
    if result.standards:
        if lines:
            lines.append("")
        lines.append(w["outcomes"].format(as_of=result.as_of.isoformat()))
        for entry in result.standards:
            names = " ".join(x for x in (entry.name, entry.enterprise_name) if x)
            lines.append(f"  {entry.standard}" + (f"（{names}）" if names else ""))
            for change in entry.changes:
                lines.extend(_change_lines(change, w))
    # Names, labels and numbers come from plans and records: no control reaches a terminal.
    return shown_lines("\n".join(lines))


__all__ = ["WORDS", "render_diff"]
