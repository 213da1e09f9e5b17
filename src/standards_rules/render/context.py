"""What renderers read beside a report: the plan's own words and the records' names.

Takes a checked ruleset and the dataset it was evaluated on; gives a `Plan`
(title, authority, source, indicators with labels, units and classes, and the
label and citation of every rule, require and trigger) and `Records` (names of
standards and enterprises, declared indicator values). Nothing here decides
anything: it is the lookup table that lets a renderer write 企业名称 beside a
credit code and "格式规范（三.4）" where the report says `format`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from standards_rules import ast
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.model import Dataset
from standards_rules.render.words import Words
from standards_rules.verdicts import FailedRule


@attrs.frozen
class PlanIndicator:
    id: str
    label: str | None
    unit: str | None
    indicator_class: str
    weight: float | None

    @property
    def title(self) -> str:
        return self.label or self.id


@attrs.frozen
class PlanRule:
    """A rule, require or trigger as the plan names it."""

    id: str
    label: str | None
    cite: str | None


@attrs.frozen
class Plan:
    id: str
    title: str | None
    version: str | None
    authority: str | None
    source: str | None
    industry: str | None
    indicators: tuple[PlanIndicator, ...] = ()
    rules: Mapping[str, PlanRule] = attrs.field(factory=dict)
    requires: Mapping[str, PlanRule] = attrs.field(factory=dict)
    triggers: Mapping[str, PlanRule] = attrs.field(factory=dict)

    @classmethod
    def of(cls, ruleset: CheckedRuleset | ast.Ruleset) -> Plan:
        tree = ruleset.ast if isinstance(ruleset, CheckedRuleset) else ruleset
        meta = tree.metadata
        leaders = tree.leaders.requires if tree.leaders else ()
        triggers = tree.withdraw.triggers if tree.withdraw else ()
        return cls(
            id=tree.id,
            title=tree.title,
            version=meta.version,
            authority=meta.authority,
            source=meta.source,
            industry=meta.industry,
            indicators=tuple(
                PlanIndicator(
                    i.id,
                    i.label,
                    i.unit,
                    i.indicator_class.value,
                    None if i.weight is None else float(i.weight),
                )
                for i in tree.indicators
            ),
            rules=_rules(tree.eligible or ()),
            requires=_rules(leaders),
            triggers=_rules(triggers),
        )

    def indicator(self, indicator_id: str) -> PlanIndicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        return PlanIndicator(indicator_id, None, None, "core", None)

    @property
    def core_indicators(self) -> tuple[PlanIndicator, ...]:
        return tuple(i for i in self.indicators if i.indicator_class == "core")

    def require(self, require_id: str) -> PlanRule:
        return self.requires.get(require_id) or PlanRule(require_id, None, None)

    def trigger(self, trigger_id: str) -> PlanRule:
        return self.triggers.get(trigger_id) or PlanRule(trigger_id, None, None)


def _rules(rules: tuple[ast.Rule, ...]) -> dict[str, PlanRule]:
    return {r.id: PlanRule(r.id, r.label, r.cite) for r in rules}


@attrs.frozen
class Records:
    """Names and declared values by standard number and credit code, read from the dataset
    itself (a national dataset's millions of names are not copied into tables of their own)."""

    dataset: Dataset = attrs.field(factory=Dataset)

    @classmethod
    def of(cls, dataset: Dataset) -> Records:
        return cls(dataset)

    def standard_name(self, number: str) -> str | None:
        standard = self.dataset.standard(number)
        return None if standard is None else standard.name

    def enterprise_name(self, credit_code: str) -> str | None:
        enterprise = self.dataset.enterprise(credit_code)
        return None if enterprise is None else enterprise.name

    def holder_name(self, number: str) -> str | None:
        """The name of the enterprise whose standard `number` is."""
        standard = self.dataset.standard(number)
        return None if standard is None else self.enterprise_name(standard.enterprise)

    def value(self, number: str, indicator_id: str) -> float | None:
        standard = self.dataset.standard(number)
        return None if standard is None else standard.indicators.get(indicator_id)


def labelled(rule: PlanRule | None, rule_id: str) -> str:
    """A rule as people read it: its label and citation (`格式规范（三.4）`), else its id."""
    if rule is None:
        return rule_id
    text = rule.label or rule.id
    return f"{text}（{rule.cite}）" if rule.cite else text


def failed_rule(failed: FailedRule, w: Words) -> str:
    """A failed eligibility rule by its label and citation; the subject check in words."""
    if failed.rule == "subject" and failed.label is None and failed.cite is None:
        return w.subject_rule
    return labelled(PlanRule(failed.rule, failed.label, failed.cite), failed.rule)


def requires_shown(failed: Iterable[str], plan: Plan, w: Words) -> str:
    """Failed requires by label and citation; the per-enterprise cap in words."""
    return "；".join(
        w.per_enterprise
        if r == "per_enterprise" and r not in plan.requires
        else labelled(plan.requires.get(r), r)
        for r in failed
    )


def triggers_shown(triggers: Iterable[str], plan: Plan) -> str:
    """Fired triggers by label and citation."""
    return "；".join(labelled(plan.triggers.get(t), t) for t in triggers)


__all__ = [
    "Plan",
    "PlanIndicator",
    "PlanRule",
    "Records",
    "failed_rule",
    "labelled",
    "requires_shown",
    "triggers_shown",
]
