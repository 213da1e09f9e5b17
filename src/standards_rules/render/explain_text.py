"""Rendering stage: an `Explanation` → the text of `standards-rules explain` (SPEC §6.4).

Takes an explanation (and, when known, the `Plan` and `Records` it came from)
and a language; gives plain text: the standard with its name and enterprise's
name, each rule, require and trigger by label and citation with its outcome and
the checks that decided it, the score's parts by indicator label, rank and
status. Each line passes through `shown`, so no text from a ruleset or a record
reaches the terminal as a control sequence. The checks under each rule are worded
in the chosen language with the indicator's label (`全硫 St,d：声明值 0.85，行业标准限值
0.8，优于 → 否`); the expressions in them are shown as the plan writes them.
"""

from __future__ import annotations

from standards_rules.explain import Explanation, RuleTrace
from standards_rules.explain_checks import Wording, check_text
from standards_rules.render.context import Plan, PlanRule, Records, labelled
from standards_rules.render.words import Lang, Words, words
from standards_rules.report import rounded
from standards_rules.visible import shown


def render_explanation(
    explanation: Explanation,
    plan: Plan | None = None,
    records: Records | None = None,
    *,
    lang: Lang = "zh",
) -> str:
    """The explanation as indented plain text, one check per line."""
    x = explanation
    w = words(lang)
    lines: list[str] = []
    if plan is not None:
        lines.append(plan.title or plan.id)
    name = records.standard_name(x.standard) if records else None
    enterprise = records.enterprise_name(x.enterprise) if records else None
    who = f"{x.standard}{f' {name}' if name else ''}"
    holder = f"{enterprise}（{x.enterprise}）" if enterprise else x.enterprise
    verdict = w.verdict_eligible if x.eligible else w.verdict_ineligible
    lines.append(f"{w.standard} {who}{w.semicolon}{w.enterprise_name} {holder}{w.colon}{verdict}")
    if not x.subject_matches:
        lines.append(f"  {w.subject_mismatch}")
    wording = Wording(
        roles=w.check_roles,
        ops=w.check_ops,
        true=w.check_true,
        false=w.check_false,
        colon=w.colon,
        comma=w.comma,
        indicator=(lambda ident: plan.indicator(ident).title) if plan else str,
    )
    _section(lines, wording, w, w.eligibility_rules, x.rules, (w.passes, w.fails))
    if x.rank is not None and x.score is not None:
        group = x.group if x.group else w.all_groups
        facts = (f"{w.score} {rounded(x.score)}", f"{w.group} {group}", f"{w.rank} {x.rank}")
        lines.append(w.comma.join(facts))
        for indicator_id, part in x.parts.items():
            title = plan.indicator(indicator_id).title if plan else indicator_id
            lines.append(f"  {title}{w.colon}{w.part} {rounded(part)}")
    lines.append(f"{w.status}{w.colon}{w.statuses.get(x.status, x.status)}")
    _section(lines, wording, w, w.leader_requires, x.requires, (w.passes, w.fails))
    _section(lines, wording, w, w.withdrawal_triggers, x.triggers, (w.holds, w.does_not_hold))
    if x.triggers:
        lines.append(w.withdrawn if x.withdrawn else w.not_withdrawn)
    return "\n".join(shown(line) for line in lines)


def _section(
    lines: list[str],
    wording: Wording,
    w: Words,
    title: str,
    traces: tuple[RuleTrace, ...],
    outcomes: tuple[str, str],
) -> None:
    if not traces:
        return
    lines.append(f"{title}{w.colon.rstrip()}")
    for t in traces:
        rule = labelled(PlanRule(t.id, t.label, t.cite), t.id)
        shown_rule = rule if rule == t.id else f"{t.id} {rule}"
        lines.append(f"  {shown_rule}{w.colon}{outcomes[0] if t.passed else outcomes[1]}")
        lines.extend(f"      {check_text(check, wording)}" for check in t.checks)


__all__ = ["render_explanation"]
