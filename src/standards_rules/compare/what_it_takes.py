"""Comparing stage, what it would take (SPEC §6.5): for a standard that is not a leader, the
smallest change of one indicator's declared value, all else equal, that reaches its goal.

Takes an `Evaluation` and a standard number; gives `WhatItTakes`: the goal and, per
indicator, a `Change`. The goal of an ineligible standard is eligibility (only
indicators that a failed rule reads are considered); of a ranked one, the leader cut
of its group as the ranking stands (the rank of its last leader). How the answer is
found, by how the score depends on the value:

- `relative`: the part is linear in the value, so the needed value is solved in
  closed form, then settled to the exact float by the evaluator's own arithmetic;
- `tiers`: the part is constant between tier thresholds, so each threshold and each
  gap between them is tried, nearest first;
- `minmax`: a value beyond the group's min or max moves the bounds and so every
  other part; the standard's score only rises and the others' only fall as the value
  improves, so the first float that works is found by bisection;
- eligibility: rules compare values with limits, tiers, the previous value, the
  range and the rules' own numbers; those are the breakpoints tried.

Every answer's `value` has been checked against the evaluator's own rules, scores and
rank keys; "impossible" means no value of that indicator alone suffices.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import attrs

from standards_rules import ast
from standards_rules.compare.moves import Move, float_search, nearest_region, settle, tidy
from standards_rules.compare.standing import Evaluation
from standards_rules.compile.runtime import IndicatorStatic
from standards_rules.evaluate.eligibility import SUBJECT_RULE, Candidate
from standards_rules.evaluate.scoring import score_all
from standards_rules.report import EligibilityEntry, RankingEntry

GOAL_ELIGIBLE = "eligible"
GOAL_LEADER_CUT = "leader_cut"


@attrs.frozen
class Change:
    """The smallest change of one indicator's value that reaches the goal, or why none does.

    `bound` is the value to reach (`inclusive`: reaching it suffices; else the value
    must lie strictly beyond it); `value` is a value that has been checked to work.
    `reason` when impossible: `other_rules` (rules this indicator does not enter fail
    too: `rules`), `no_value` (no value of this indicator suffices), `outside_range`
    (the value needed, `bound`, lies outside the indicator's `range`), `not_scored`
    (the value does not move the score).
    """

    indicator: str
    label: str | None
    unit: str | None
    goal: str
    current: float | None
    possible: bool
    bound: float | None = None
    inclusive: bool = True
    value: float | None = None
    method: str | None = None
    reason: str | None = None
    rules: tuple[str, ...] = ()

    @property
    def delta(self) -> float | None:
        """`value - current`, or None without either."""
        if self.value is None or self.current is None:
            return None
        return self.value - self.current

    def to_dict(self) -> dict[str, object]:
        return {
            "indicator": self.indicator,
            "label": self.label,
            "unit": self.unit,
            "goal": self.goal,
            "current": self.current,
            "possible": self.possible,
            "bound": self.bound,
            "inclusive": self.inclusive,
            "value": self.value,
            "delta": self.delta,
            "method": self.method,
            "reason": self.reason,
            "rules": list(self.rules),
        }


@attrs.frozen
class Target:
    """What the standard would have to reach. `note` says why there is nothing to compute:
    `leader` (it is one), `within_cut` (it ranks within the cut but fails `requires`),
    `no_leaders` (its group has none), `no_score` (nothing is ranked), `subject` (the
    standard's subject differs from the ruleset's), `no_indicator_rule` (no failed rule
    reads an indicator)."""

    goal: str | None
    note: str | None = None
    group: str | None = None
    rank: int | None = None
    score: float | None = None
    standard: str | None = None
    requires: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "goal": self.goal,
            "note": self.note,
            "group": self.group,
            "rank": self.rank,
            "score": self.score,
            "standard": self.standard,
            "requires": list(self.requires),
        }


@attrs.frozen
class WhatItTakes:
    standard: str
    target: Target
    changes: tuple[Change, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "standard": self.standard,
            "target": self.target.to_dict(),
            "changes": [c.to_dict() for c in self.changes],
        }


def what_it_takes(evaluation: Evaluation, number: str) -> WhatItTakes:
    """Per indicator, the smallest change that makes `number` eligible or reach the leader cut."""
    cand = evaluation.candidate(number)
    verdict = evaluation.verdicts[number]
    if not verdict.eligible:
        target, changes = _to_eligibility(evaluation, cand, verdict)
    else:
        target, changes = _to_leader_cut(evaluation, cand)
    return WhatItTakes(number, target, changes)


def moved(evaluation: Evaluation, cand: Candidate, indicator: str, value: float) -> Candidate:
    """`cand` with one declared value changed, everything else as it was."""
    values = dict(cand.standard.indicators or {})
    values[indicator] = value
    return evaluation.with_standard(attrs.evolve(cand.standard, indicators=values))


def reads_indicator(body: ast.Expr, indicator: str) -> bool:
    """Does `body` read `indicator`: through `indicators.ID`, or `indicators` as a whole?"""
    picked: set[int] = set()
    named = False
    nodes = ast.walk(body)
    for node in nodes:
        obj = node.obj if isinstance(node, ast.Field) else None
        if isinstance(obj, ast.Name) and obj.id == "indicators":
            picked.add(id(obj))
            named = named or (isinstance(node, ast.Field) and node.name == indicator)
    whole = any(
        isinstance(n, ast.Name) and n.id == "indicators" and id(n) not in picked for n in nodes
    )
    return named or whole


def _change(static: IndicatorStatic, goal: str, current: float | None) -> Change:
    return Change(static.id, static.label, static.unit, goal, current, possible=False)


def _found(change: Change, move: Move | None, method: str, reason: str = "no_value") -> Change:
    if move is None:
        return attrs.evolve(change, reason=reason)
    return attrs.evolve(
        change,
        possible=True,
        bound=move.bound,
        inclusive=move.inclusive,
        value=move.value,
        method=method,
    )


def _in_range(evaluation: Evaluation, indicator: str, value: float) -> bool:
    found = evaluation.program.ruleset.indicator(indicator)
    if found is None or found.range is None:
        return True
    return found.range.low <= value <= found.range.high


def _range_ends(evaluation: Evaluation, indicator: str) -> tuple[float, ...]:
    found = evaluation.program.ruleset.indicator(indicator)
    if found is None or found.range is None:
        return ()
    return (float(found.range.low), float(found.range.high))


def _to_eligibility(
    evaluation: Evaluation, cand: Candidate, verdict: EligibilityEntry
) -> tuple[Target, tuple[Change, ...]]:
    if verdict.failed == (SUBJECT_RULE,):
        return Target(GOAL_ELIGIBLE, "subject"), ()
    failed = [f.rule for f in verdict.failed]
    rules = {r.id: r for r in evaluation.program.ruleset.eligible or ()}
    changes = []
    for static in evaluation.program.statics:
        reading = [r for r in failed if reads_indicator(rules[r].body, static.id)]
        if not reading:
            continue
        current = evaluation.value(cand, static.id)
        change = _change(static, GOAL_ELIGIBLE, current)
        others = tuple(r for r in failed if r not in reading)
        if others:
            changes.append(attrs.evolve(change, reason="other_rules", rules=others))
            continue

        def reaches(value: float, ident: str = static.id) -> bool:
            if not _in_range(evaluation, ident, value):
                return False
            return evaluation.eligible(moved(evaluation, cand, ident, value))

        points = [*_limits(static), *_range_ends(evaluation, static.id)]
        previous = (cand.standard.previous_indicators or {}).get(static.id)
        points += [previous] if previous is not None else []
        for rule in reading:
            points += _numbers(rules[rule].body)
        move = nearest_region(reaches, points, current, prefer_high=static.lower)
        changes.append(_found(change, move, "breakpoints"))
    note = None if changes else "no_indicator_rule"
    return Target(GOAL_ELIGIBLE, note), tuple(changes)


def _limits(static: IndicatorStatic) -> list[float]:
    found = [static.national, static.industry, *static.references.values(), *static.tiers.values()]
    return [float(v) for v in found if v is not None]


def _numbers(body: ast.Expr) -> list[float]:
    out: list[float] = []
    for node in ast.walk(body):
        if isinstance(node, ast.Number) and not isinstance(node.value, bool):
            out += [float(node.value), -float(node.value)]
    return out


def _to_leader_cut(evaluation: Evaluation, cand: Candidate) -> tuple[Target, tuple[Change, ...]]:
    report = evaluation.report
    ranked = evaluation.ranked.get(cand.number)
    section = evaluation.program.ruleset.score
    if section is None or ranked is None:
        return Target(None, "no_score"), ()
    group = ranked.group
    leaders = [x for x in report.leaders if x.group == group]
    if any(x.standard == cand.number for x in leaders):
        return Target(None, "leader", group, ranked.rank), ()
    if not leaders:
        return Target(GOAL_LEADER_CUT, "no_leaders", group), ()
    last = max(leaders, key=lambda x: (x.rank, x.standard))
    cut = evaluation.ranked[last.standard]
    target = Target(GOAL_LEADER_CUT, None, group, last.rank, cut.score, last.standard)
    if ranked.rank <= last.rank:
        passed = [p for p in report.passed_over if p.standard == cand.number]
        requires = passed[0].failed if passed else ()
        return attrs.evolve(target, note="within_cut", requires=requires), ()
    mover = _Mover(evaluation, cand, group, last.rank)
    norm = section.normalization
    changes = []
    for static in evaluation.program.statics:
        if static.weight is None:
            continue
        current = evaluation.value(cand, static.id)
        change = _change(static, GOAL_LEADER_CUT, current)
        reaches = mover.predicate(static.id)
        if isinstance(norm, ast.RelativeNormalization):
            changes.append(_relative(evaluation, mover, change, static, ranked, cut, norm))
        elif isinstance(norm, ast.TiersNormalization):
            points = [*static.tiers.values(), *_range_ends(evaluation, static.id)]
            move = nearest_region(reaches, points, current, prefer_high=static.lower)
            changes.append(_found(change, move, "tier_boundaries"))
        else:
            changes.append(_minmax(evaluation, mover, change, static))
    return target, tuple(changes)


class _Mover:
    """Re-scores and re-ranks one standard of a group with one value changed, others fixed."""

    def __init__(self, evaluation: Evaluation, cand: Candidate, group: str, cut: int) -> None:
        self.evaluation = evaluation
        self.cand = cand
        self.group = group
        self.cut = cut
        members = evaluation.members(group)
        self.others = [m for m in members if m.number != cand.number]
        score = evaluation.program.ruleset.score
        assert score is not None
        self.minmax = isinstance(score.normalization, ast.MinMaxNormalization)
        self.fixed_keys = [
            evaluation.rank_key(m, evaluation.ranked[m.number].score) for m in self.others
        ]

    def predicate(self, indicator: str) -> Callable[[float], bool]:
        def reaches(value: float) -> bool:
            if not math.isfinite(value) or not _in_range(self.evaluation, indicator, value):
                return False
            moved_cand = moved(self.evaluation, self.cand, indicator, value)
            return self.reaches(moved_cand)

        return reaches

    def reaches(self, moved_cand: Candidate) -> bool:
        evaluation = self.evaluation
        if not evaluation.eligible(moved_cand):
            return False
        pool = [moved_cand, *self.others] if self.minmax else [moved_cand]
        groups = {c.number: self.group for c in pool}
        scores = score_all(evaluation.program, pool, groups)
        keys = self.fixed_keys
        if self.minmax:
            keys = [evaluation.rank_key(m, scores[m.number][0]) for m in self.others]
        mine = evaluation.rank_key(moved_cand, scores[moved_cand.number][0])
        ahead = sum(1 for key in keys if key < mine)
        return ahead + 1 <= self.cut


def _relative(
    evaluation: Evaluation,
    mover: _Mover,
    change: Change,
    static: IndicatorStatic,
    ranked: RankingEntry,
    cut: RankingEntry,
    norm: ast.RelativeNormalization,
) -> Change:
    limit = static.first_limit(norm.references)
    weight = float(static.weight or 0)
    if limit is None or limit == 0 or weight == 0:
        return attrs.evolve(change, reason="not_scored")
    base = ranked.score - weight * ranked.parts.get(static.id, 0.0)
    needed_part = (cut.score - base) / weight
    gain = needed_part * abs(limit)
    bound = limit - gain if static.lower else limit + gain
    cut_key = evaluation.rank_key(evaluation.candidate(cut.standard), cut.score)
    inclusive = not (cut_key < evaluation.rank_key(mover.cand, cut.score))
    if not _in_range(evaluation, static.id, bound):
        return attrs.evolve(change, bound=bound, inclusive=inclusive, reason="outside_range")
    direction = -1 if static.lower else 1
    reaches = mover.predicate(static.id)
    value = settle(reaches, bound, direction)
    if value is None:
        start = change.current if change.current is not None else bound
        value = float_search(reaches, start, direction, None, abs(limit))
    if value is None:
        return attrs.evolve(change, reason="no_value")
    # The bound as the evaluator's arithmetic has it: the first float that reaches, or,
    # where a tie would lose, the last float that does not.
    exact = value if inclusive else math.nextafter(value, -direction * math.inf)
    return _found(change, Move(exact, inclusive, tidy(reaches, value, direction)), "closed_form")


def _minmax(
    evaluation: Evaluation, mover: _Mover, change: Change, static: IndicatorStatic
) -> Change:
    seen = [evaluation.value(m, static.id) for m in mover.others]
    values = [v for v in seen if v is not None]
    current = change.current
    if not values:
        return attrs.evolve(change, reason="not_scored")
    direction = -1 if static.lower else 1
    worst = max(values) if static.lower else min(values)
    best = min(values) if static.lower else max(values)
    start = current if current is not None else worst
    reaches = mover.predicate(static.id)
    if current is None and reaches(start):
        return _found(change, Move(start, True, start), "search")
    ends = _range_ends(evaluation, static.id)
    limit = (ends[0] if static.lower else ends[1]) if ends else None
    span = max(abs(best - start), abs(best - worst), abs(best), 1.0)
    value = float_search(reaches, start, direction, limit, span)
    if value is None:
        return attrs.evolve(change, reason="no_value")
    return _found(change, Move(value, True, tidy(reaches, value, direction)), "search")


__all__ = [
    "GOAL_ELIGIBLE",
    "GOAL_LEADER_CUT",
    "Change",
    "Target",
    "WhatItTakes",
    "moved",
    "reads_indicator",
    "what_it_takes",
]
