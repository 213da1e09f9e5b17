"""Comparing stage, what it would take (SPEC §6.5): for a standard that is not a leader, the
smallest change of one indicator's declared value, all else equal, that reaches its goal.

Takes an `Evaluation` and a standard number; gives `WhatItTakes`: the goal and, per
indicator, a `Change`. The goal of an ineligible standard is eligibility (only
indicators that a failed rule reads are considered; here); of a ranked one, the leader
cut of its group as the ranking stands (`leader_cut`). Either way the answer is the
nearest value where the evaluator's own predicate holds, searched between the values
where it can turn (`moves.nearest_reaching`): for eligibility, the rules compare values
with limits, tiers, the previous value, the range and the rules' own numbers.

Every answer's `value` has been checked against the evaluator's own rules, scores and
rank keys; "impossible" means no value of that indicator alone suffices.
"""

from __future__ import annotations

import attrs

from standards_rules.compare import changes
from standards_rules.compare.changes import GOAL_ELIGIBLE, Change, Target, WhatItTakes
from standards_rules.compare.leader_cut import to_leader_cut
from standards_rules.compare.moves import nearest_reaching
from standards_rules.compare.standing import Evaluation
from standards_rules.evaluate.eligibility import SUBJECT_RULE, Candidate
from standards_rules.report import EligibilityEntry


def what_it_takes(evaluation: Evaluation, number: str) -> WhatItTakes:
    """Per indicator, the smallest change that makes `number` eligible or reach the leader cut."""
    cand = evaluation.candidate(number)
    verdict = evaluation.verdicts[number]
    if not verdict.eligible:
        target, found = _to_eligibility(evaluation, cand, verdict)
    else:
        target, found = to_leader_cut(evaluation, cand)
    return WhatItTakes(number, target, found)


def _to_eligibility(
    evaluation: Evaluation, cand: Candidate, verdict: EligibilityEntry
) -> tuple[Target, tuple[Change, ...]]:
    if verdict.failed == (SUBJECT_RULE,):
        return Target(GOAL_ELIGIBLE, "subject"), ()
    failed = [f.rule for f in verdict.failed]
    rules = {r.id: r for r in evaluation.program.ruleset.eligible or ()}
    out: list[Change] = []
    for static in evaluation.program.statics:
        reading = [r for r in failed if changes.reads_indicator(rules[r].body, static.id)]
        if not reading:
            continue
        current = evaluation.value(cand, static.id)
        change = changes.new_change(static, GOAL_ELIGIBLE, current)
        others = tuple(r for r in failed if r not in reading)
        if others:
            out.append(attrs.evolve(change, reason="other_rules", rules=others))
            continue

        def reaches(value: float, ident: str = static.id) -> bool:
            if not changes.in_range(evaluation, ident, value):
                return False
            return evaluation.eligible(changes.moved(evaluation, cand, ident, value))

        points = [*changes.limits(static), *changes.range_ends(evaluation, static.id)]
        previous = (cand.standard.previous_indicators or {}).get(static.id)
        points += [previous] if previous is not None else []
        for rule in reading:
            points += changes.numbers(rules[rule].body)
        move = nearest_reaching(reaches, points, current, changes.better_direction(static))
        out.append(changes.found(change, move, "breakpoints"))
    note = None if out else "no_indicator_rule"
    return Target(GOAL_ELIGIBLE, note), tuple(out)


__all__ = ["what_it_takes"]
