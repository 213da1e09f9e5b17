"""Comparing stage, two versions of a plan on the same data (SPEC §6.5 `diff`).

Takes the old and new checked rulesets, one dataset and the evaluation dates; gives
a `Diff`: the plans' structural differences (`plan_diff`), then every standard
whose eligibility, failed rules, group, rank, leader place, band or withdrawal
differs, ordered by standard number, each aspect with what accounts for it: the
rules (requires, triggers) whose outcome for it changed, and for a rank the
weighted contributions that moved and the standards that came ahead of it or fell
behind. Both versions are evaluated by `evaluate` itself and compared at the
outputs, as a reform is compared with the law it amends.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import attrs

from standards_rules import ast
from standards_rules.compare.plan_diff import PlanChange, plan_diff
from standards_rules.dates import date_argument, optional_date_argument
from standards_rules.evaluate import evaluate
from standards_rules.evaluate.eligibility import SUBJECT_RULE
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.model import Dataset
from standards_rules.report import FailedRule, Report, rounded


@attrs.frozen
class Reason:
    """What accounts for a change. `kind`: `rule`, `require` or `trigger` (its outcome for
    this standard, `failed`/`passed`, `fired`/`not fired`, or `absent` from that plan),
    `contribution` (an indicator's weight × part), `ahead` (another standard of the group
    now ranked above it, or no longer), `leaders` (the group's number of leaders)."""

    kind: str
    item: str
    old: Any
    new: Any
    label: str | None = None
    cite: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """As plain JSON values: what `--format json` prints of it."""

        def shown(value: Any) -> Any:
            return rounded(value) if isinstance(value, float) else value

        return {
            "kind": self.kind,
            "item": self.item,
            "old": shown(self.old),
            "new": shown(self.new),
            "label": self.label,
            "cite": self.cite,
        }


@attrs.frozen
class OutcomeChange:
    """One aspect that differs: `rejected`, `eligibility`, `failed`, `group`, `rank`,
    `leader`, `band` (with `item` the indicator) or `withdrawal`."""

    aspect: str
    old: Any
    new: Any
    item: str | None = None
    because: tuple[Reason, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """As plain JSON values: what `--format json` prints of it."""
        return {
            "aspect": self.aspect,
            "item": self.item,
            "old": self.old,
            "new": self.new,
            "because": [r.to_dict() for r in self.because],
        }


@attrs.frozen
class StandardDiff:
    """One standard whose outcome differs between the two plans, with each change."""

    standard: str
    name: str | None
    enterprise_name: str | None
    changes: tuple[OutcomeChange, ...]

    def to_dict(self) -> dict[str, Any]:
        """As plain JSON values: what `--format json` prints of it."""
        return {
            "standard": self.standard,
            "name": self.name,
            "enterprise_name": self.enterprise_name,
            "changes": [c.to_dict() for c in self.changes],
        }


@attrs.frozen
class Diff:
    """What a new version of a plan changes; `empty` when nothing does."""

    old: str
    new: str
    as_of: datetime.date
    plan: tuple[PlanChange, ...]
    standards: tuple[StandardDiff, ...]

    @property
    def empty(self) -> bool:
        """Whether the plans and their outcomes on the data are the same."""
        return not self.plan and not self.standards

    def to_dict(self) -> dict[str, Any]:
        """As plain JSON values: what `--format json` prints of it."""
        return {
            "old": self.old,
            "new": self.new,
            "as_of": self.as_of.isoformat(),
            "plan": [c.to_dict() for c in self.plan],
            "standards": [s.to_dict() for s in self.standards],
        }


@attrs.frozen
class _State:
    """One standard's outcome in one report."""

    rejected: str | None = None
    eligible: bool | None = None
    failed: tuple[FailedRule, ...] = ()
    group: str | None = None
    rank: int | None = None
    parts: dict[str, float] = attrs.field(factory=dict)
    place: str | None = None
    requires: tuple[str, ...] = ()
    bands: dict[str, str] = attrs.field(factory=dict)
    withdrawal: tuple[str, ...] | None = None


def _states(report: Report) -> dict[str, _State]:
    states: dict[str, dict[str, Any]] = {}

    def at(number: str) -> dict[str, Any]:
        return states.setdefault(number, {})

    for rejected in report.rejected:
        if rejected.record is not None and rejected.path.startswith("standards"):
            at(rejected.record).setdefault("rejected", rejected.error)
    for entry in report.eligibility:
        at(entry.standard).update(eligible=entry.eligible, failed=entry.failed)
    for ranked in report.ranking:
        at(ranked.standard).update(
            group=ranked.group, rank=ranked.rank, parts=dict(ranked.parts), place="ranked"
        )
    for passed in report.passed_over:
        at(passed.standard).update(place="passed_over", requires=passed.failed)
    for leader in report.leaders:
        at(leader.standard)["place"] = "leader"
    for band in report.bands:
        for number in band.standards:
            at(number).setdefault("bands", {})[band.indicator] = band.band
    for withdrawn in report.withdrawals:
        at(withdrawn.standard)["withdrawal"] = withdrawn.triggers
    return {number: _State(**fields) for number, fields in states.items()}


class _Context:
    def __init__(self, old: CheckedRuleset, new: CheckedRuleset, r_old: Report, r_new: Report):
        self.old, self.new = old, new
        self.r_old, self.r_new = r_old, r_new
        self.weights_old = {i.id: i.weight for i in old.ast.indicators if i.weight is not None}
        self.weights_new = {i.id: i.weight for i in new.ast.indicators if i.weight is not None}
        self.leaders_old = _leader_counts(r_old)
        self.leaders_new = _leader_counts(r_new)
        self.ranked_old = _by_group(r_old)
        self.ranked_new = _by_group(r_new)


def _leader_counts(report: Report) -> dict[str, int]:
    counts: dict[str, int] = {}
    for leader in report.leaders:
        counts[leader.group] = counts.get(leader.group, 0) + 1
    return counts


def _by_group(report: Report) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for ranked in report.ranking:
        out.setdefault(ranked.group, {})[ranked.standard] = ranked.rank
    return out


Labels = dict[str, tuple[str | None, str | None]]


def _labels(rules: Iterable[ast.Rule], failed: Iterable[FailedRule] = ()) -> Labels:
    """Rule id → (label, cite); `failed` adds the `subject` entry a standard may carry."""
    out: Labels = {r.id: (r.label, r.cite) for r in rules}
    out.update({f.rule: (f.label, f.cite) for f in failed if f.rule == SUBJECT_RULE.rule})
    return out


def _rule_reasons(
    kind: str,
    known_old: Labels,
    known_new: Labels,
    failed_old: Iterable[str],
    failed_new: Iterable[str],
    words: tuple[str, str],
) -> tuple[Reason, ...]:
    """The rules whose outcome differs: `words` are (holds, does not) for that kind."""
    yes, no = words
    f_old, f_new = set(failed_old), set(failed_new)
    out = []
    for rule_id in [*known_old, *(k for k in known_new if k not in known_old)]:
        before = "absent" if rule_id not in known_old else yes if rule_id in f_old else no
        after = "absent" if rule_id not in known_new else yes if rule_id in f_new else no
        if before != after:
            label, cite = known_new.get(rule_id) or known_old[rule_id]
            out.append(Reason(kind, rule_id, before, after, label, cite))
    return tuple(out)


def _eligibility(ctx: _Context, a: _State, b: _State) -> list[OutcomeChange]:
    ids_a = [f.rule for f in a.failed]
    ids_b = [f.rule for f in b.failed]
    if a.eligible == b.eligible and ids_a == ids_b:
        return []
    because = _rule_reasons(
        "rule",
        _labels(ctx.old.ast.eligible or (), a.failed),
        _labels(ctx.new.ast.eligible or (), b.failed),
        ids_a,
        ids_b,
        ("failed", "passed"),
    )
    if a.eligible != b.eligible:
        return [OutcomeChange("eligibility", a.eligible, b.eligible, because=because)]
    return [OutcomeChange("failed", ids_a, ids_b, because=because)]


def _contributions(ctx: _Context, a: _State, b: _State) -> list[Reason]:
    out = []
    for ident in [*ctx.weights_old, *(k for k in ctx.weights_new if k not in ctx.weights_old)]:
        before = float(ctx.weights_old.get(ident) or 0) * a.parts.get(ident, 0.0)
        after = float(ctx.weights_new.get(ident) or 0) * b.parts.get(ident, 0.0)
        if abs(before - after) > 1e-12:
            out.append(Reason("contribution", ident, before, after))
    return out


def _ahead(ctx: _Context, number: str, a: _State, b: _State) -> list[Reason]:
    """Standards of its group that came ahead of it, or fell behind (or out)."""
    if a.group != b.group or a.rank is None or b.rank is None:
        return []
    old = ctx.ranked_old.get(a.group or "", {})
    new = ctx.ranked_new.get(b.group or "", {})

    def where(ranks: dict[str, int], other: str, mine: int) -> str:
        if other not in ranks:
            return "absent"
        return "ahead" if ranks[other] < mine else "not ahead"

    out = []
    for other in sorted(set(old) | set(new)):
        if other == number:
            continue
        before, after = where(old, other, a.rank), where(new, other, b.rank)
        if before != after and "ahead" in (before, after):
            out.append(Reason("ahead", other, before, after))
    return out


def _ranking(ctx: _Context, number: str, a: _State, b: _State) -> list[OutcomeChange]:
    out = []
    if a.group is not None and b.group is not None and a.group != b.group:
        out.append(OutcomeChange("group", a.group, b.group))
    if a.rank != b.rank and (a.rank is not None and b.rank is not None):
        because = (*_contributions(ctx, a, b), *_ahead(ctx, number, a, b))
        out.append(OutcomeChange("rank", a.rank, b.rank, because=because))
    return out


def _place(state: _State) -> str | None:
    if state.place == "passed_over":
        return "passed_over: " + ", ".join(state.requires)
    return state.place


def _leader(ctx: _Context, a: _State, b: _State) -> list[OutcomeChange]:
    if _place(a) == _place(b) or (a.place is None and b.place is None):
        return []
    if a.place is None or b.place is None:
        return []  # it entered or left the ranking: its eligibility says why
    because = list(
        _rule_reasons(
            "require",
            _labels(_requires(ctx.old)),
            _labels(_requires(ctx.new)),
            a.requires,
            b.requires,
            ("failed", "passed"),
        )
    )
    group_old, group_new = a.group or "", b.group or ""
    n_old, n_new = ctx.leaders_old.get(group_old, 0), ctx.leaders_new.get(group_new, 0)
    if n_old != n_new:
        because.append(Reason("leaders", group_new, n_old, n_new))
    return [OutcomeChange("leader", _place(a), _place(b), because=tuple(because))]


def _requires(ruleset: CheckedRuleset) -> tuple[ast.Rule, ...]:
    return ruleset.ast.leaders.requires if ruleset.ast.leaders else ()


def _triggers(ruleset: CheckedRuleset) -> tuple[ast.Rule, ...]:
    return ruleset.ast.withdraw.triggers if ruleset.ast.withdraw else ()


def _bands(a: _State, b: _State) -> list[OutcomeChange]:
    out = []
    for ident in sorted(set(a.bands) | set(b.bands)):
        before, after = a.bands.get(ident), b.bands.get(ident)
        if before != after:
            out.append(OutcomeChange("band", before, after, item=ident))
    return out


def _withdrawal(ctx: _Context, a: _State, b: _State) -> list[OutcomeChange]:
    if a.withdrawal == b.withdrawal:
        return []
    because = _rule_reasons(
        "trigger",
        _labels(_triggers(ctx.old)),
        _labels(_triggers(ctx.new)),
        a.withdrawal or (),
        b.withdrawal or (),
        ("fired", "not fired"),
    )
    old = None if a.withdrawal is None else list(a.withdrawal)
    new = None if b.withdrawal is None else list(b.withdrawal)
    return [OutcomeChange("withdrawal", old, new, because=because)]


def _changes(ctx: _Context, number: str, a: _State, b: _State) -> tuple[OutcomeChange, ...]:
    out: list[OutcomeChange] = []
    if a.rejected != b.rejected:
        out.append(OutcomeChange("rejected", a.rejected, b.rejected))
    out += _eligibility(ctx, a, b)
    out += _ranking(ctx, number, a, b)
    out += _leader(ctx, a, b)
    out += _bands(a, b)
    out += _withdrawal(ctx, a, b)
    return tuple(out)


def diff(
    old: CheckedRuleset,
    new: CheckedRuleset,
    dataset: Dataset,
    *,
    as_of: datetime.date | str,
    publicity_start: datetime.date | str | None = None,
) -> Diff:
    """Evaluate `old` and `new` on `dataset` and `as_of`: what differs in plans and outcomes."""
    day = date_argument("as_of", as_of)
    start = optional_date_argument("publicity_start", publicity_start)
    r_old = evaluate(old, dataset, as_of=day, publicity_start=start)
    r_new = evaluate(new, dataset, as_of=day, publicity_start=start)
    ctx = _Context(old, new, r_old, r_new)
    states_old, states_new = _states(r_old), _states(r_new)
    out = []
    for number in sorted(set(states_old) | set(states_new)):
        a, b = states_old.get(number, _State()), states_new.get(number, _State())
        changes = _changes(ctx, number, a, b)
        if changes:
            standard = dataset.standard(number)
            enterprise = dataset.enterprise(standard.enterprise) if standard else None
            out.append(
                StandardDiff(
                    number,
                    standard.name if standard else None,
                    (enterprise.name or None) if enterprise else None,
                    changes,
                )
            )
    return Diff(
        old=old.source.path,
        new=new.source.path,
        as_of=day,
        plan=plan_diff(old.ast, new.ast),
        standards=tuple(out),
    )


__all__ = ["Diff", "OutcomeChange", "Reason", "StandardDiff", "diff"]
