"""Comparing stage, what it would take to reach the leader cut (SPEC §6.5).

Takes an `Evaluation` and a ranked standard; gives the `Target` (its group's leader
cut as the ranking stands: the rank of the last leader) and, per weighted indicator,
the smallest change of its declared value, all else equal, that ranks the standard
there or above under every `rank by` key, the later keys included: where the change
brings its score level with another standard's, the later keys decide, exactly as
the evaluator decides them.

The answer is the nearest value where re-ranking the standard reaches the cut,
searched between the values where its standing can turn (`moves.nearest_reaching`).
Reaching the cut means ranking no worse than the last leader, so those values are:

- where the score is `relative`, linear in the value, the value at which it equals
  the last leader's, computed in closed form and settled to the exact float by the
  evaluator's own arithmetic (both ends of the tie, where the later keys decide);
- the tier thresholds (a `tiers` score is constant between them), the limits, the
  `range` ends and the numbers written in the rank keys and eligibility rules;
- where a rank key reads the value, the other standards' values of the indicator;
  under `minmax`, their lowest and highest, where the group's bounds start to move.

Between those the standing is monotone in the value, so testing each gap's two ends
and bisecting where they differ finds the first float that works.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import attrs

from standards_rules import ast
from standards_rules.compare.changes import (
    GOAL_LEADER_CUT,
    Change,
    Target,
    better_direction,
    found,
    in_range,
    limits,
    moved,
    new_change,
    numbers,
    range_ends,
    reads_indicator,
)
from standards_rules.compare.moves import Move, nearest_reaching, settle
from standards_rules.compare.standing import Evaluation
from standards_rules.compile.views import IndicatorStatic
from standards_rules.evaluate.eligibility import Candidate
from standards_rules.evaluate.scoring import score_all
from standards_rules.report import RankingEntry


def to_leader_cut(evaluation: Evaluation, cand: Candidate) -> tuple[Target, tuple[Change, ...]]:
    """The leader cut of `cand`'s group and, per weighted indicator, what reaching it takes."""
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
    standing = _Standing(evaluation, cand, cut)
    changes = [
        _change(standing, static, section.normalization)
        for static in evaluation.program.statics
        if static.weight is not None
    ]
    return target, tuple(changes)


def _change(standing: _Standing, static: IndicatorStatic, norm: ast.Normalization) -> Change:
    evaluation = standing.evaluation
    current = evaluation.value(standing.cand, static.id)
    change = new_change(static, GOAL_LEADER_CUT, current)
    others = [v for v in (evaluation.value(m, static.id) for m in standing.others) if v is not None]
    crossings: list[float] = []
    points = [*limits(static), *range_ends(evaluation, static.id)]
    if isinstance(norm, ast.RelativeNormalization):
        limit = static.first_limit(norm.references)
        if limit is None or limit == 0 or not static.weight:
            return attrs.evolve(change, reason="not_scored")
        crossings = standing.crossings(static, float(limit))
    elif isinstance(norm, ast.MinMaxNormalization):
        if not others:
            return attrs.evolve(change, reason="not_scored")
        points += [min(others), max(others)]  # where the group's bounds start to move
    if standing.keys_read(static.id):
        points += others
    points += [*crossings, *standing.written_numbers(static.id)]
    better = better_direction(static)
    move = nearest_reaching(standing.predicate(static.id), points, current, better)
    if move is not None:
        return found(change, move, _method(move, crossings, static, norm))
    if range_ends(evaluation, static.id):
        unranged = standing.predicate(static.id, ranged=False)
        beyond = nearest_reaching(unranged, points, current, better)
        if beyond is not None:
            return attrs.evolve(
                change, bound=beyond.bound, inclusive=beyond.inclusive, reason="outside_range"
            )
    return attrs.evolve(change, reason="no_value")


def _method(move: Move, crossings: list[float], static: IndicatorStatic, norm: object) -> str:
    """How the bound was found: a score crossing solved in closed form, a tier threshold,
    bisection inside a gap, or another breakpoint (a limit, another standard's value)."""
    if move.bound in crossings:
        return "closed_form"
    if move.bisected:
        return "search"
    if isinstance(norm, ast.TiersNormalization) and move.bound in static.tiers.values():
        return "tier_boundaries"
    return "breakpoints"


class _Standing:
    """Re-scores and re-ranks one standard of a group with one value changed, others fixed."""

    def __init__(self, evaluation: Evaluation, cand: Candidate, last: RankingEntry) -> None:
        self.evaluation = evaluation
        self.cand = cand
        self.group = group = last.group
        self.cut = last.rank
        self.cut_score = last.score
        members = evaluation.members(group)
        self.others = [m for m in members if m.number != cand.number]
        score = evaluation.program.ruleset.score
        assert score is not None
        self.minmax = isinstance(score.normalization, ast.MinMaxNormalization)
        self.fixed_keys = [
            evaluation.rank_key(m, evaluation.ranked[m.number].score) for m in self.others
        ]

    def predicate(self, indicator: str, ranged: bool = True) -> Callable[[float], bool]:
        """Does the standard reach the cut with `indicator` at a value (inside its `range`)?"""
        seen: dict[float, bool] = {}

        def reaches(value: float) -> bool:
            if value not in seen:
                seen[value] = self._reaches_at(indicator, value, ranged)
            return seen[value]

        return reaches

    def _reaches_at(self, indicator: str, value: float, ranged: bool) -> bool:
        if not math.isfinite(value):
            return False
        if ranged and not in_range(self.evaluation, indicator, value):
            return False
        return self.reaches(moved(self.evaluation, self.cand, indicator, value))

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

    def score_at(self, indicator: str, value: float) -> float:
        """The standard's (relative) score with `indicator` at `value`: it is scored alone."""
        cand = moved(self.evaluation, self.cand, indicator, value)
        return score_all(self.evaluation.program, [cand], {cand.number: self.group})[cand.number][0]

    def crossings(self, static: IndicatorStatic, limit: float) -> list[float]:
        """Where the standard's relative score equals the cut's (the last leader's; reaching
        the cut means ranking no worse than it): solved in closed form, then settled to the
        evaluator's own arithmetic, which may give that score to a few neighbouring floats.
        Both ends of that tie: the first float, coming from the worse side, whose score is
        no lower, and the last whose score is no higher; there the later rank keys decide."""
        weight = float(static.weight or 0)
        direction = better_direction(static)
        number = self.cand.number
        score, parts = score_all(self.evaluation.program, [self.cand], {number: self.group})[number]
        base = score - weight * parts.get(static.id, 0.0)
        gain = (self.cut_score - base) / weight * abs(limit)
        guess = limit - gain if static.lower else limit + gain
        if not math.isfinite(guess):
            return []

        def no_lower(value: float) -> bool:
            return math.isfinite(value) and self.score_at(static.id, value) >= self.cut_score

        def higher(value: float) -> bool:
            return math.isfinite(value) and self.score_at(static.id, value) > self.cut_score

        tie = settle(no_lower, guess, direction)
        past = settle(higher, guess, direction)
        out = [guess if tie is None else tie]
        return out + ([math.nextafter(past, -direction * math.inf)] if past is not None else [])

    def keys_read(self, indicator: str) -> bool:
        """Does a `rank by` key read `indicator` (beside the score)?"""
        keys = self.evaluation.program.ruleset.rank_by or ()
        return any(reads_indicator(k.expr, indicator) for k in keys)

    def written_numbers(self, indicator: str) -> list[float]:
        """The numbers written in the rank keys and eligibility rules that read `indicator`."""
        ruleset = self.evaluation.program.ruleset
        bodies = [k.expr for k in ruleset.rank_by or ()]
        bodies += [r.body for r in ruleset.eligible or ()]
        out: list[float] = []
        for body in bodies:
            if reads_indicator(body, indicator):
                out += numbers(body)
        previous = (self.cand.standard.previous_indicators or {}).get(indicator)
        return out + ([float(previous)] if isinstance(previous, int | float) else [])


__all__ = ["to_leader_cut"]
