"""Evaluation stage 2, scoring (SPEC §4.2): eligible candidates → weighted scores and parts.

Takes the compiled `Program`, the eligible candidates and each one's group;
gives, per standard number, the unrounded score and the unweighted part score
of every weighted indicator (declaration order). Missing values score 0 for
that indicator; `minmax` leaves them out of the group's min and max.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from standards_rules import ast
from standards_rules.compile import Program
from standards_rules.compile.runtime import IndicatorStatic
from standards_rules.evaluate.eligibility import Candidate

Scores = dict[str, tuple[float, dict[str, float]]]


def relative_part(static: IndicatorStatic, value: float | None, reference: str) -> float:
    """`(L - v)/|L|` for lower, `(v - L)/|L|` for higher; 0 without a value or with L none or 0."""
    limit = static.national if reference == "national" else static.industry
    if value is None or limit is None or limit == 0:
        return 0.0
    gain = (limit - value) if static.lower else (value - limit)
    return float(gain / abs(limit))


def tiers_part(tier: str | None, norm: ast.TiersNormalization) -> float:
    """The points of the reached tier; `otherwise` (or 0) for no tier or an unlisted one."""
    for points in norm.points:
        if points.tier == tier:
            return float(points.points)
    return float(norm.otherwise or 0)


def _minmax_bounds(
    program: Program, pool: Sequence[Candidate], groups: Mapping[str, str]
) -> dict[tuple[str, int], tuple[float, float]]:
    seen: dict[tuple[str, int], list[float]] = defaultdict(list)
    for cand in pool:
        for n, view in enumerate(cand.views):
            if view.value is not None:
                seen[groups[cand.number], n].append(view.value)  # type: ignore[arg-type]
    return {key: (min(values), max(values)) for key, values in seen.items()}


def minmax_part(lower: bool, value: float | None, bounds: tuple[float, float] | None) -> float:
    if value is None or bounds is None:
        return 0.0
    low, high = bounds
    if high == low:
        return 1.0
    return float((high - value) / (high - low) if lower else (value - low) / (high - low))


def score_all(program: Program, pool: Sequence[Candidate], groups: Mapping[str, str]) -> Scores:
    """Every eligible candidate's (score, parts); empty without a `score` section."""
    section = program.ruleset.score
    if section is None:
        return {}
    norm = section.normalization
    weighted = [(n, s) for n, s in enumerate(program.statics) if s.weight is not None]
    minmax = isinstance(norm, ast.MinMaxNormalization)
    bounds = _minmax_bounds(program, pool, groups) if minmax else {}
    scores: Scores = {}
    for cand in pool:
        parts: dict[str, float] = {}
        total = 0.0
        for n, static in weighted:
            view = cand.views[n]
            value = view.value
            if isinstance(norm, ast.RelativeNormalization):
                part = relative_part(static, value, norm.reference)  # type: ignore[arg-type]
            elif isinstance(norm, ast.MinMaxNormalization):
                key = (groups[cand.number], n)
                part = minmax_part(static.lower, value, bounds.get(key))  # type: ignore[arg-type]
            else:
                part = tiers_part(view.tier, norm) if value is not None else 0.0
            parts[static.id] = part
            total += float(static.weight or 0) * part
        scores[cand.number] = (total, parts)
    return scores


__all__ = ["Scores", "minmax_part", "relative_part", "score_all", "tiers_part"]
